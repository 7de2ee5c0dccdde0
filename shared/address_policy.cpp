// wirepad core: address classification and the relay's address policy (see address_policy.h).
// Ranges come from the IANA special-purpose address registries (RFC 6890) and RFC 4291.
#include "shared/address_policy.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "shared/json_input.h"

namespace wirepad {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Exactly four decimal parts 0..255, no leading zeros (inet_aton reads "010" as octal 8, so a
// check done on one reading and a connect done on the other would disagree).
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view s) {
  std::array<std::uint8_t, 4> out{};
  std::size_t part = 0, i = 0;
  while (part < 4) {
    std::size_t start = i;
    unsigned value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) value = value * 10 + unsigned(s[i++] - '0');
    std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return std::nullopt;
    out[part++] = std::uint8_t(value);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

// Colon-separated groups of 1..4 hex digits; the last may be a dotted IPv4 address when
// allow_v4_tail (RFC 4291 section 2.2, form 3). Appends 16-bit groups to out.
bool parse_groups(std::string_view s, bool allow_v4_tail, std::vector<std::uint16_t>& out) {
  if (s.empty()) return true;
  std::size_t start = 0;
  while (true) {
    std::size_t colon = s.find(':', start);
    std::string_view piece = s.substr(start, colon == std::string_view::npos ? s.npos : colon - start);
    bool last = colon == std::string_view::npos;
    if (last && allow_v4_tail && piece.find('.') != std::string_view::npos) {
      auto v4 = parse_ipv4(piece);
      if (!v4) return false;
      out.push_back(std::uint16_t((*v4)[0] << 8 | (*v4)[1]));
      out.push_back(std::uint16_t((*v4)[2] << 8 | (*v4)[3]));
      return true;
    }
    if (piece.empty() || piece.size() > 4) return false;
    unsigned value = 0;
    for (char c : piece) {
      int h = hex_value(c);
      if (h < 0) return false;
      value = value << 4 | unsigned(h);
    }
    out.push_back(std::uint16_t(value));
    if (last) return true;
    start = colon + 1;
  }
}

std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) {
  std::vector<std::uint16_t> head, tail;
  std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(s, true, head) || head.size() != 8) return std::nullopt;
  } else {
    if (s.find("::", gap + 1) != std::string_view::npos) return std::nullopt;  // one "::" at most
    if (!parse_groups(s.substr(0, gap), false, head)) return std::nullopt;
    if (!parse_groups(s.substr(gap + 2), true, tail)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;  // "::" stands for at least one group
  }
  std::array<std::uint16_t, 8> groups{};
  for (std::size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (std::size_t i = 0; i < tail.size(); ++i) groups[8 - tail.size() + i] = tail[i];
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < 8; ++i) {
    out[2 * i] = std::uint8_t(groups[i] >> 8);
    out[2 * i + 1] = std::uint8_t(groups[i] & 0xff);
  }
  return out;
}

bool starts_with(const std::array<std::uint8_t, 16>& b, std::initializer_list<std::uint8_t> prefix) {
  std::size_t i = 0;
  for (auto p : prefix) {
    if (b[i++] != p) return false;
  }
  return true;
}

std::array<std::uint8_t, 4> last_four(const std::array<std::uint8_t, 16>& b) { return {b[12], b[13], b[14], b[15]}; }

std::string describe(AddressClass c) {
  switch (c) {
    case AddressClass::loopback:
      return "a loopback address (this machine), and this relay was started without access to this machine's own services";
    case AddressClass::private_network:
      return "a private network address; restart with `wirepad serve --allow-private` to let the relay reach your local network";
    case AddressClass::link_local:
      return "a link-local address (routers, printers and cloud services answer there), which a web page must not reach";
    case AddressClass::cloud_metadata:
      return "a cloud metadata address, which hands out this machine's cloud credentials to whoever asks";
    case AddressClass::multicast:
      return "a multicast address; the relay connects to one host at a time";
    case AddressClass::unspecified:
      return "the unspecified address, which names no host to connect to";
    case AddressClass::broadcast:
      return "the broadcast address; the relay connects to one host at a time";
    case AddressClass::reserved:
      return "a reserved address that no host uses";
    case AddressClass::public_internet:
      break;
  }
  return "an address this relay does not connect to";
}

}  // namespace

IpAddress IpAddress::v4(std::array<std::uint8_t, 4> b) {
  IpAddress a;
  for (std::size_t i = 0; i < 4; ++i) a.bytes[i] = b[i];
  return a;
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& b) {
  IpAddress a;
  a.is_v6 = true;
  a.bytes = b;
  return a;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
    if (text.find(':') == std::string_view::npos) return std::nullopt;  // "[1.2.3.4]" is not a form
  }
  if (text.empty() || text.size() > 45) return std::nullopt;  // 45: longest IPv6 text with a v4 tail
  if (text.find(':') != std::string_view::npos) {
    auto b = parse_ipv6(text);
    if (!b) return std::nullopt;
    return IpAddress::v6(*b);
  }
  auto b = parse_ipv4(text);
  if (!b) return std::nullopt;
  return IpAddress::v4(*b);
}

std::string format_ip_address(const IpAddress& address) {
  const auto& b = address.bytes;
  char buf[64];
  if (!address.is_v6) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
  }
  // RFC 5952 section 5: IPv4-mapped addresses keep the dotted tail.
  if (starts_with(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})) {
    std::snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    return buf;
  }
  std::array<unsigned, 8> g{};
  for (std::size_t i = 0; i < 8; ++i) g[i] = unsigned(b[2 * i]) << 8 | b[2 * i + 1];
  // RFC 5952 section 4.2: "::" replaces the longest run of two or more zero groups, the first
  // one when two runs tie.
  int best_start = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best_start = i, best_len = j - i;
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);  // section 4.3: lower case, no leading zeros
    out += buf;
  }
  return out;
}

std::string_view to_string(AddressClass address_class) {
  switch (address_class) {
    case AddressClass::public_internet: return "public_internet";
    case AddressClass::loopback: return "loopback";
    case AddressClass::private_network: return "private_network";
    case AddressClass::link_local: return "link_local";
    case AddressClass::cloud_metadata: return "cloud_metadata";
    case AddressClass::multicast: return "multicast";
    case AddressClass::unspecified: return "unspecified";
    case AddressClass::broadcast: return "broadcast";
    case AddressClass::reserved: return "reserved";
  }
  return "unknown";
}

AddressClass classify_ipv4(const std::array<std::uint8_t, 4>& b) {
  auto is = [&](int a0, int a1, int a2, int a3) { return b[0] == a0 && b[1] == a1 && b[2] == a2 && b[3] == a3; };
  // Metadata services first: some sit inside ranges classified below (or on public addresses).
  if (is(169, 254, 169, 254) ||  // AWS, GCP, Azure, OpenStack, DigitalOcean
      is(169, 254, 170, 2) ||    // AWS ECS task metadata and credentials
      is(100, 100, 100, 200) ||  // Alibaba Cloud
      is(168, 63, 129, 16) ||    // Azure WireServer (a public address)
      is(192, 0, 0, 192))        // Oracle Cloud
    return AddressClass::cloud_metadata;
  if (b[0] == 0) return AddressClass::unspecified;  // 0.0.0.0/8: "this network" (RFC 791)
  if (b[0] == 127) return AddressClass::loopback;
  if (b[0] == 10) return AddressClass::private_network;                       // RFC 1918
  if (b[0] == 172 && (b[1] & 0xf0) == 16) return AddressClass::private_network;  // RFC 1918
  if (b[0] == 192 && b[1] == 168) return AddressClass::private_network;         // RFC 1918
  if (b[0] == 100 && (b[1] & 0xc0) == 64) return AddressClass::private_network;  // RFC 6598
  if (b[0] == 169 && b[1] == 254) return AddressClass::link_local;              // RFC 3927
  if (is(255, 255, 255, 255)) return AddressClass::broadcast;                   // RFC 919
  if ((b[0] & 0xf0) == 224) return AddressClass::multicast;                     // RFC 5771
  if ((b[0] & 0xf0) == 240) return AddressClass::reserved;                      // RFC 1112
  return AddressClass::public_internet;
}

AddressClass classify_ipv6(const std::array<std::uint8_t, 16>& b) {
  static const std::array<std::uint8_t, 16> zero{};
  static const std::array<std::uint8_t, 16> aws_metadata{0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
  if (b == zero) return AddressClass::unspecified;
  if (starts_with(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) && b[15] == 1) return AddressClass::loopback;
  // ::ffff:0:0/96 (RFC 4291 2.5.5.2) and 64:ff9b::/96 (RFC 6052) carry an IPv4 address.
  if (starts_with(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}) ||
      starts_with(b, {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}))
    return classify_ipv4(last_four(b));
  // ::/96 "IPv4-compatible" addresses are deprecated (RFC 4291 2.5.5.1); nothing answers there.
  if (starts_with(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})) return AddressClass::reserved;
  if (b == aws_metadata) return AddressClass::cloud_metadata;
  if (b[0] == 0xff) return AddressClass::multicast;                          // ff00::/8
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::link_local;  // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::private_network;  // fec0::/10 site-local
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::private_network;           // fc00::/7 (RFC 4193)
  return AddressClass::public_internet;
}

AddressClass classify_address(const IpAddress& address) {
  const auto& b = address.bytes;
  if (!address.is_v6) return classify_ipv4({b[0], b[1], b[2], b[3]});
  return classify_ipv6(address.bytes);
}

Error check_address(const AddressPolicy& policy, const IpAddress& address) {
  AddressClass c = classify_address(address);
  bool allowed = c == AddressClass::public_internet || (c == AddressClass::loopback && policy.allow_loopback) ||
                 (c == AddressClass::private_network && policy.allow_private);
  if (allowed) return Error{};
  return make_error(ErrorCode::relay_refused,
                    "The relay refuses " + format_ip_address(address) + ": it is " + describe(c) + ".");
}

// [SECTION] Port and host lists

namespace {

std::string lower_name(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  while (!out.empty() && out.back() == '.') out.pop_back();  // "example.com." is the same name
  return out;
}

std::string show_ports(const std::vector<PortRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ",";
    out += std::to_string(r.first);
    if (r.last != r.first) out += "-" + std::to_string(r.last);
  }
  return out;
}

std::string show_rules(const std::vector<HostRule>& rules) {
  std::string out;
  for (const auto& r : rules) out += (out.empty() ? "" : ",") + r.text;
  return out;
}

Error refused(std::string sentence) { return make_error(ErrorCode::relay_refused, std::move(sentence)); }

std::string show_target(const TargetRequest& t) {
  std::string host(t.host);
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return host + ":" + std::to_string(t.port);
}

}  // namespace

Result<PortRange> parse_port_range(std::string_view text) {
  auto number = [](std::string_view s) -> int {
    if (s.empty() || s.size() > 5) return -1;
    int v = 0;
    for (char ch : s) {
      if (!is_digit(ch)) return -1;
      v = v * 10 + (ch - '0');
    }
    return v >= 1 && v <= 65535 ? v : -1;
  };
  std::size_t dash = text.find('-');
  int first = number(text.substr(0, dash));
  int last = dash == std::string_view::npos ? first : number(text.substr(dash + 1));
  if (first < 0 || last < 0 || last < first)
    return make_error(ErrorCode::invalid_request,
                      "'" + std::string(text) + "' is not a port or a port range such as 443 or 8000-8999 (ports 1 to 65535).");
  return PortRange{std::uint16_t(first), std::uint16_t(last)};
}

Result<HostRule> parse_host_rule(std::string_view text) {
  HostRule rule;
  rule.text = std::string(text);
  auto bad = [&](const std::string& why) {
    return make_error(ErrorCode::invalid_request, "'" + std::string(text) + "' is not a host rule: " + why +
                                                      " (use a name, *.name, an address or a network like 10.1.0.0/16).");
  };
  if (text.empty()) return bad("it is empty");
  std::size_t slash = text.find('/');
  std::string_view address_part = text.substr(0, slash);
  if (auto address = parse_ip_address(address_part)) {
    int max = address->is_v6 ? 128 : 32;
    rule.prefix_length = max;
    if (slash != std::string_view::npos) {
      std::string_view bits = text.substr(slash + 1);
      int v = 0;
      if (bits.empty() || bits.size() > 3) return bad("the prefix length must be a number");
      for (char ch : bits) {
        if (!is_digit(ch)) return bad("the prefix length must be a number");
        v = v * 10 + (ch - '0');
      }
      if (v > max) return bad("the prefix length is longer than the address");
      rule.prefix_length = v;
    }
    rule.network = *address;
    return rule;
  }
  if (slash != std::string_view::npos) return bad("only an address may have a /prefix");
  std::string name = lower_name(text);
  std::string_view rest = name;
  if (rest.rfind("*.", 0) == 0) rest.remove_prefix(2);
  if (rest.empty()) return bad("the name is empty");
  for (unsigned char ch : rest) {
    if (!(std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_')) return bad("a name has letters, digits, '-', '_' and '.' only");
  }
  rule.name = name;
  return rule;
}

bool rule_matches_name(const HostRule& rule, std::string_view name) {
  if (rule.name.empty()) return false;
  std::string n = lower_name(name);
  if (rule.name.rfind("*.", 0) == 0) {
    std::string_view suffix = std::string_view(rule.name).substr(1);  // ".example.com"
    return n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return n == rule.name;
}

bool rule_matches_address(const HostRule& rule, const IpAddress& address) {
  if (!rule.network) return false;
  // An IPv4 rule also matches the IPv4-mapped form (::ffff:a.b.c.d) of the same address.
  IpAddress a = address;
  if (a.is_v6 && !rule.network->is_v6 && starts_with(a.bytes, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}))
    a = IpAddress::v4(last_four(a.bytes));
  if (a.is_v6 != rule.network->is_v6) return false;
  int bits = rule.prefix_length;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    std::uint8_t mask = bits >= 8 ? 0xff : std::uint8_t(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (rule.network->bytes[i] & mask)) return false;
  }
  return true;
}

Error check_target(const AddressPolicy& policy, const TargetRequest& target) {
  for (const auto& r : policy.deny_ports) {
    if (r.contains(target.port))
      return refused("The relay refuses port " + std::to_string(target.port) + ": its policy denies ports " +
                     show_ports(policy.deny_ports) + " (--deny-port or the policy file).");
  }
  if (!policy.allow_ports.empty() &&
      std::none_of(policy.allow_ports.begin(), policy.allow_ports.end(), [&](const PortRange& r) { return r.contains(target.port); }))
    return refused("The relay refuses port " + std::to_string(target.port) + ": its policy allows only ports " +
                   show_ports(policy.allow_ports) + " (add one with --allow-port).");
  for (const auto& r : policy.deny_hosts) {
    if (rule_matches_name(r, target.host))
      return refused("The relay refuses " + show_target(target) + ": its policy denies hosts matching '" + r.text +
                     "' (--deny-host or the policy file).");
  }
  return Error{};
}

namespace {

// ::ffff:a.b.c.d is a.b.c.d (a socket connects there); every other address is itself.
IpAddress unmapped(const IpAddress& a) {
  if (a.is_v6 && starts_with(a.bytes, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff})) return IpAddress::v4(last_four(a.bytes));
  return a;
}

bool is_this_machine(const AddressPolicy& policy, const IpAddress& a) {
  if (classify_address(a) == AddressClass::loopback) return true;
  IpAddress plain = unmapped(a);
  return std::any_of(policy.this_machine.begin(), policy.this_machine.end(),
                     [&](const IpAddress& mine) { return unmapped(mine) == plain; });
}

// A TCP connection to address:port would reach one of the relay's own listeners.
bool is_relay_itself(const AddressPolicy& policy, const IpAddress& address, std::uint16_t port) {
  IpAddress plain = unmapped(address);
  for (const auto& l : policy.relay_listens) {
    if (l.port != port) continue;
    if (classify_address(l.address) == AddressClass::unspecified ? is_this_machine(policy, address) : unmapped(l.address) == plain)
      return true;
  }
  return false;
}

}  // namespace

Error check_resolved_address(const AddressPolicy& policy, const TargetRequest& target, const IpAddress& address) {
  AddressClass c = classify_address(address);
  std::string shown = format_ip_address(address);
  if (!target.udp && is_relay_itself(policy, address, target.port))
    return refused("The relay refuses " + (address.is_v6 ? "[" + shown + "]" : shown) + ":" + std::to_string(target.port) +
                   ": that is this relay itself (wirepad serve listens there), and a page must not reach the relay's own page, "
                   "token or connection slots through it.");
  // Named explicitly by an address rule of the allow list: a targeted opt-in.
  bool named_by_allow_rule = std::any_of(policy.allow_hosts.begin(), policy.allow_hosts.end(),
                                         [&](const HostRule& r) { return rule_matches_address(r, address); });
  bool name_allowed = std::any_of(policy.allow_hosts.begin(), policy.allow_hosts.end(),
                                  [&](const HostRule& r) { return rule_matches_name(r, target.host); });
  // An address of this machine that is not loopback (a LAN or public address of its own
  // interfaces) reaches the same services as 127.0.0.1 does.
  if (!policy.allow_loopback && c != AddressClass::loopback && !named_by_allow_rule && is_this_machine(policy, address))
    return refused("The relay refuses " + shown +
                   ": it is an address of this machine, and this relay was started without access to this machine's own services.");
  switch (c) {
    case AddressClass::public_internet:
      break;
    case AddressClass::loopback:
      if (!policy.allow_loopback && !named_by_allow_rule) return check_address(policy, address);
      break;
    case AddressClass::private_network:
    case AddressClass::link_local:
      if (!(c == AddressClass::private_network && policy.allow_private) && !named_by_allow_rule)
        return check_address(policy, address);
      break;
    case AddressClass::multicast:
    case AddressClass::broadcast:
      if (!target.udp)
        return refused("The relay refuses " + shown + ": it is " + describe(c) + ", and TCP cannot reach more than one host.");
      if (!policy.allow_broadcast)
        return refused("The relay refuses " + shown + ": it is a " + std::string(c == AddressClass::multicast ? "multicast" : "broadcast") +
                       " address, which would reach every host on the network; restart with `wirepad serve --allow-broadcast` to allow UDP to it.");
      break;
    case AddressClass::cloud_metadata:
    case AddressClass::unspecified:
    case AddressClass::reserved:
      return check_address(policy, address);  // never, whatever the lists say
  }
  for (const auto& r : policy.deny_hosts) {
    if (rule_matches_address(r, address))
      return refused("The relay refuses " + shown + ": its policy denies hosts matching '" + r.text +
                     "' (--deny-host or the policy file).");
  }
  if (!policy.allow_hosts.empty() && !name_allowed && !named_by_allow_rule)
    return refused("The relay refuses " + show_target(target) + (parse_ip_address(target.host) ? "" : " (" + shown + ")") +
                   ": its policy allows only hosts " + show_rules(policy.allow_hosts) + " (add one with --allow-host).");
  return Error{};
}

Result<AddressPolicy> parse_policy_json(std::string_view text, AddressPolicy base) {
  using nlohmann::json;
  if (Error nul = json_input::check_no_nul(text, "The policy file")) return nul;
  json j = json_input::parse_whole<json>(text);
  auto bad = [](const std::string& why) { return make_error(ErrorCode::invalid_request, "The policy file " + why); };
  if (j.is_discarded()) return bad("is not valid JSON.");
  if (!j.is_object()) return bad("must hold a JSON object such as {\"allow_ports\":[80,443]}.");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "allow_private" || key == "allow_loopback" || key == "allow_broadcast") {
      if (!v.is_boolean()) return bad("has \"" + key + "\" that is not true or false.");
      (key == "allow_private" ? base.allow_private : key == "allow_loopback" ? base.allow_loopback : base.allow_broadcast) = v.get<bool>();
    } else if (key == "allow_ports" || key == "deny_ports") {
      if (!v.is_array()) return bad("has \"" + key + "\" that is not a list.");
      for (const auto& item : v) {
        std::string entry = item.is_number_integer() ? std::to_string(item.get<long long>()) : item.is_string() ? item.get<std::string>() : "?";
        auto range = parse_port_range(entry);
        if (!range) return bad("has a bad entry in \"" + key + "\": " + range.error().message);
        (key == "allow_ports" ? base.allow_ports : base.deny_ports).push_back(*range);
      }
    } else if (key == "allow_hosts" || key == "deny_hosts") {
      if (!v.is_array()) return bad("has \"" + key + "\" that is not a list.");
      for (const auto& item : v) {
        if (!item.is_string()) return bad("has an entry in \"" + key + "\" that is not a string.");
        auto rule = parse_host_rule(item.get<std::string>());
        if (!rule) return bad("has a bad entry in \"" + key + "\": " + rule.error().message);
        (key == "allow_hosts" ? base.allow_hosts : base.deny_hosts).push_back(*rule);
      }
    } else {
      return bad("has the unknown key \"" + key +
                 "\"; known keys: allow_private, allow_loopback, allow_broadcast, allow_ports, deny_ports, allow_hosts, deny_hosts.");
    }
  }
  return base;
}

std::string describe_policy(const AddressPolicy& p) {
  std::string out = "relay policy: public addresses allowed; loopback " +
                    std::string(p.allow_loopback ? "allowed" : "and this machine's other addresses refused") +
                    "; private networks " + (p.allow_private ? "allowed" : "refused (--allow-private)") +
                    "; link-local and cloud metadata refused; UDP broadcast/multicast " +
                    (p.allow_broadcast ? "allowed" : "refused (--allow-broadcast)");
  if (!p.allow_ports.empty()) out += "; ports only " + show_ports(p.allow_ports);
  if (!p.deny_ports.empty()) out += "; ports denied " + show_ports(p.deny_ports);
  if (!p.allow_hosts.empty()) out += "; hosts only " + show_rules(p.allow_hosts);
  if (!p.deny_hosts.empty()) out += "; hosts denied " + show_rules(p.deny_hosts);
  out += "; the relay's own address refused";
  return out;
}

}  // namespace wirepad
