// wirepad core: which IP addresses the browser relay may connect to. Classifies an IPv4 or
// IPv6 address (given as bytes or as text) and checks it against a policy, so that a page
// cannot use the relay to reach cloud metadata services, link-local devices or, unless the
// user opts in, the private network. Pure logic: no resolver, no sockets, no inet_pton.
// Depends on: shared/error.h and the C++ standard library.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

struct AddressPolicy {
  bool allow_loopback = true;   // the lab servers and the user's own dev servers
  bool allow_private = false;   // `wirepad serve --allow-private`
};

// Error{} when the policy allows the address, else relay_refused with a sentence naming the
// address, what kind of address it is and, where the user can change it, how.
Error check_address(const AddressPolicy& policy, const IpAddress& address);

}  // namespace wirepad
