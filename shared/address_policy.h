// wirepad core: which IP addresses the browser relay may connect to. Classifies an IPv4 or
// IPv6 address (given as bytes or as text) and checks it against a policy, so that a page
// cannot use the relay to reach cloud metadata services, link-local devices or, unless the
// user opts in, the private network; plus the user's port and host lists and the policy file.
// Pure logic: no resolver, no sockets, no inet_pton.
// Depends on: shared/error.h, the C++ standard library (nlohmann-json inside the .cpp only).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"

namespace wirepad {

// An IPv4 (first 4 bytes used) or IPv6 address in network byte order.
struct IpAddress {
  bool is_v6 = false;
  std::array<std::uint8_t, 16> bytes{};

  static IpAddress v4(std::array<std::uint8_t, 4> b);
  static IpAddress v6(const std::array<std::uint8_t, 16>& b);
  bool operator==(const IpAddress&) const = default;
};

// Parses "192.0.2.1" (dotted quad, exactly four decimal parts, no leading zeros: "010.0.0.1"
// is refused because inet_aton would read it as octal), "2001:db8::1", "::ffff:10.0.0.1" and
// the bracketed form "[::1]". A zone index ("fe80::1%eth0") is refused. nullopt when not an
// address literal (a host name, say).
std::optional<IpAddress> parse_ip_address(std::string_view text);

// "192.0.2.1", or the RFC 5952 form of an IPv6 address ("2001:db8::1", "::ffff:10.0.0.1").
std::string format_ip_address(const IpAddress& address);

enum class AddressClass {
  public_internet,  // everything not listed below
  loopback,         // 127.0.0.0/8, ::1
  private_network,  // 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT), fc00::/7, fec0::/10
  link_local,       // 169.254.0.0/16, fe80::/10
  cloud_metadata,   // 169.254.169.254, fd00:ec2::254 and the other clouds' metadata addresses
  multicast,        // 224.0.0.0/4, ff00::/8
  unspecified,      // 0.0.0.0/8 ("this network"), ::
  broadcast,        // 255.255.255.255
  reserved,         // 240.0.0.0/4 (RFC 1112 "future use"), never routable
};

// Stable lower_snake name ("cloud_metadata"), used in logs and JSON.
std::string_view to_string(AddressClass address_class);

// IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d, RFC 6052) addresses are classified
// by the IPv4 address they carry: ::ffff:169.254.169.254 reaches the metadata service too.
AddressClass classify_address(const IpAddress& address);
AddressClass classify_ipv4(const std::array<std::uint8_t, 4>& bytes);
AddressClass classify_ipv6(const std::array<std::uint8_t, 16>& bytes);

// A range of ports, both ends included ("443" is 443-443, "8000-8999").
struct PortRange {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  bool contains(std::uint16_t port) const { return port >= first && port <= last; }
  bool operator==(const PortRange&) const = default;
};

// "80" or "8000-8999" (1..65535, first <= last).
Result<PortRange> parse_port_range(std::string_view text);

// One entry of an allow or deny list of hosts: a name ("example.com", matched without regard
// to case or a trailing dot), a wildcard over subdomains ("*.example.com": a.example.com and
// b.a.example.com, not example.com itself), an address ("192.0.2.7", "::1") or a network in
// CIDR notation ("10.1.0.0/16", "fd00::/8").
struct HostRule {
  std::string text;        // as given, for messages
  std::string name;        // lower case, no trailing dot; "*.x" for a wildcard; empty for addresses
  std::optional<IpAddress> network;
  int prefix_length = 0;   // bits of `network` that must match
};

Result<HostRule> parse_host_rule(std::string_view text);
// The name rules match the name the page asked for; the address rules match every address the
// relay resolved (or the literal the page gave).
bool rule_matches_name(const HostRule& rule, std::string_view name);
bool rule_matches_address(const HostRule& rule, const IpAddress& address);

// A TCP address the relay itself listens on. The unspecified address (0.0.0.0, ::) listens on
// every address of this machine.
struct ListeningAddress {
  IpAddress address;
  std::uint16_t port = 0;
};

struct AddressPolicy {
  bool allow_loopback = true;   // the lab servers and the user's own dev servers
  bool allow_private = false;   // `wirepad serve --allow-private`
  bool allow_broadcast = false; // UDP to multicast/broadcast addresses (`--allow-broadcast`); never TCP
  std::vector<PortRange> allow_ports;  // empty: every port (unless denied)
  std::vector<PortRange> deny_ports;
  std::vector<HostRule> allow_hosts;   // empty: every host the address classes allow
  std::vector<HostRule> deny_hosts;
  // Where this relay itself listens (filled by `wirepad serve`): never a target, whatever the
  // lists say. Through itself a page would read the relay's own page with the per-run token and
  // take the local page's connection slots.
  std::vector<ListeningAddress> relay_listens;
  // This machine's addresses besides loopback (getifaddrs; the relay fills them in before each
  // check, since they change). They reach this machine's own services as loopback does, so
  // allow_loopback false refuses them too, and a wildcard listener listens on them.
  std::vector<IpAddress> this_machine;
};

// Error{} when the policy allows the address, else relay_refused with a sentence naming the
// address, what kind of address it is and, where the user can change it, how. Address classes
// only: the lists are applied by check_target / check_resolved_address.
Error check_address(const AddressPolicy& policy, const IpAddress& address);

// What the page asked for, as far as the policy cares.
struct TargetRequest {
  std::string_view host;  // the name or literal the page sent (brackets removed)
  std::uint16_t port = 0;
  bool udp = false;
};

// Before any lookup: the port lists and the name rules of the host lists. A refusal here means
// the relay never even resolves the name.
Error check_target(const AddressPolicy& policy, const TargetRequest& target);

// After the lookup, for every address the name resolved to (or the literal): the relay's own
// listening addresses (never), address classes, then the deny list, then the allow list (which
// also opts a private or link-local address in when an address rule names it). Cloud metadata,
// unspecified and reserved addresses are never allowed; multicast and broadcast only over UDP
// with allow_broadcast; with allow_loopback false, no address of this machine (loopback or
// this_machine) unless an address rule names it.
Error check_resolved_address(const AddressPolicy& policy, const TargetRequest& target, const IpAddress& address);

// A policy file (docs/relay-security.md), merged over `base`:
// {"allow_private":false,"allow_loopback":true,"allow_broadcast":false,
//  "allow_ports":[80,"8000-8999"],"deny_ports":[25],
//  "allow_hosts":["example.com","*.example.org","10.1.2.0/24"],"deny_hosts":["admin.example.com"]}
// Lists in the file are appended to the lists in `base`. Unknown keys are refused (a typo must
// not silently open the relay).
Result<AddressPolicy> parse_policy_json(std::string_view text, AddressPolicy base = {});

// One line per rule, for `wirepad serve` to print at start.
std::string describe_policy(const AddressPolicy& policy);

}  // namespace wirepad
