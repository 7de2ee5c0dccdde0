// tests/relay: address classification and the relay's address policy (shared/address_policy).
#include "shared/address_policy.h"

#include <catch2/catch.hpp>

using namespace wirepad;

namespace {
AddressClass class_of(const std::string& text) {
  auto a = parse_ip_address(text);
  INFO("address: " << text);
  REQUIRE(a.has_value());
  return classify_address(*a);
}
}  // namespace

TEST_CASE("address policy: IPv4 and IPv6 text parses to the right bytes", "[relay][address_policy]") {
  auto a = parse_ip_address("192.0.2.33");
  REQUIRE(a);
  CHECK_FALSE(a->is_v6);
  CHECK(a->bytes[0] == 192);
  CHECK(a->bytes[3] == 33);

  auto b = parse_ip_address("2001:db8::ff00:42:8329");
  REQUIRE(b);
  CHECK(b->is_v6);
  std::array<std::uint8_t, 16> expected{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0xff, 0x00, 0x00, 0x42, 0x83, 0x29};
  CHECK(b->bytes == expected);
  CHECK(parse_ip_address("2001:0db8:0000:0000:0000:ff00:0042:8329") == b);
  CHECK(parse_ip_address("[::1]") == parse_ip_address("::1"));
  auto mapped = parse_ip_address("::ffff:169.254.169.254");
  REQUIRE(mapped);
  CHECK(mapped->bytes[10] == 0xff);
  CHECK(mapped->bytes[12] == 169);
  CHECK(mapped->bytes[15] == 254);
}

TEST_CASE("address policy: text that is not an address literal is refused", "[relay][address_policy]") {
  auto bad = GENERATE(as<std::string>{}, "", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
                      "1..2.3", "1.2.3.-4", "0x7f.0.0.1", ":::", "1::2::3", "12345::", "::g", "1:2:3:4:5:6:7:8:9",
                      "1:2:3:4:5:6:7::8", "fe80::1%eth0", "[1.2.3.4]", "::1]", "1:2:3:4:5:6:7", ":1::", "::1.2.3",
                      "127.0.0.1:80", "2130706433");
  CAPTURE(bad);
  CHECK_FALSE(parse_ip_address(bad).has_value());
}

TEST_CASE("address policy: formatting follows RFC 5952", "[relay][address_policy]") {
  auto t = GENERATE(table<std::string, std::string>({
      {"10.1.2.3", "10.1.2.3"},
      {"::1", "::1"},
      {"::", "::"},
      {"2001:0DB8:0:0:0:0:0:1", "2001:db8::1"},
      {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},  // first of two equal runs
      {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},  // one zero group stays
      {"fe80::", "fe80::"},
      {"::ffff:10.0.0.1", "::ffff:10.0.0.1"},
      {"fd00:ec2::254", "fd00:ec2::254"},
  }));
  CAPTURE(std::get<0>(t));
  auto a = parse_ip_address(std::get<0>(t));
  REQUIRE(a);
  CHECK(format_ip_address(*a) == std::get<1>(t));
}

TEST_CASE("address policy: classification of special ranges", "[relay][address_policy]") {
  auto t = GENERATE(table<std::string, AddressClass>({
      {"8.8.8.8", AddressClass::public_internet},
      {"1.1.1.1", AddressClass::public_internet},
      {"2606:4700::1111", AddressClass::public_internet},
      {"127.0.0.1", AddressClass::loopback},
      {"127.255.0.9", AddressClass::loopback},
      {"::1", AddressClass::loopback},
      {"10.0.0.1", AddressClass::private_network},
      {"10.255.255.255", AddressClass::private_network},
      {"172.16.0.1", AddressClass::private_network},
      {"172.31.255.255", AddressClass::private_network},
      {"172.15.255.255", AddressClass::public_internet},
      {"172.32.0.0", AddressClass::public_internet},
      {"192.168.1.1", AddressClass::private_network},
      {"192.169.0.1", AddressClass::public_internet},
      {"100.64.0.1", AddressClass::private_network},
      {"100.128.0.1", AddressClass::public_internet},
      {"fc00::1", AddressClass::private_network},
      {"fdff:ffff::1", AddressClass::private_network},
      {"fe00::1", AddressClass::public_internet},
      {"169.254.0.1", AddressClass::link_local},
      {"169.254.255.255", AddressClass::link_local},
      {"fe80::1", AddressClass::link_local},
      {"febf::1", AddressClass::link_local},
      {"169.254.169.254", AddressClass::cloud_metadata},
      {"169.254.170.2", AddressClass::cloud_metadata},
      {"fd00:ec2::254", AddressClass::cloud_metadata},
      {"168.63.129.16", AddressClass::cloud_metadata},
      {"100.100.100.200", AddressClass::cloud_metadata},
      {"224.0.0.1", AddressClass::multicast},
      {"239.255.255.250", AddressClass::multicast},
      {"ff02::1", AddressClass::multicast},
      {"0.0.0.0", AddressClass::unspecified},
      {"0.1.2.3", AddressClass::unspecified},
      {"::", AddressClass::unspecified},
      {"255.255.255.255", AddressClass::broadcast},
      {"240.0.0.1", AddressClass::reserved},
      // IPv4 carried in IPv6 is judged by the IPv4 address.
      {"::ffff:169.254.169.254", AddressClass::cloud_metadata},
      {"::ffff:127.0.0.1", AddressClass::loopback},
      {"::ffff:10.1.1.1", AddressClass::private_network},
      {"::ffff:8.8.8.8", AddressClass::public_internet},
      {"64:ff9b::a9fe:a9fe", AddressClass::cloud_metadata},
      {"::a9fe:a9fe", AddressClass::reserved},
  }));
  CAPTURE(std::get<0>(t));
  CHECK(to_string(class_of(std::get<0>(t))) == to_string(std::get<1>(t)));
}

TEST_CASE("address policy: classification from bytes", "[relay][address_policy]") {
  CHECK(classify_ipv4({169, 254, 169, 254}) == AddressClass::cloud_metadata);
  CHECK(classify_ipv4({192, 168, 0, 1}) == AddressClass::private_network);
  std::array<std::uint8_t, 16> loop{};
  loop[15] = 1;
  CHECK(classify_ipv6(loop) == AddressClass::loopback);
  CHECK(classify_address(IpAddress::v4({127, 0, 0, 1})) == AddressClass::loopback);
}

TEST_CASE("address policy: default policy allows public and loopback only", "[relay][address_policy]") {
  AddressPolicy policy;
  auto allowed = GENERATE(as<std::string>{}, "8.8.8.8", "127.0.0.1", "::1", "2606:4700::1111");
  CAPTURE(allowed);
  CHECK_FALSE(check_address(policy, *parse_ip_address(allowed)));

  auto denied = GENERATE(as<std::string>{}, "10.0.0.1", "192.168.0.1", "fc00::1", "169.254.1.1", "fe80::1",
                         "169.254.169.254", "fd00:ec2::254", "224.0.0.1", "0.0.0.0", "::", "255.255.255.255",
                         "::ffff:169.254.169.254");
  CAPTURE(denied);
  Error e = check_address(policy, *parse_ip_address(denied));
  CHECK(e.code == ErrorCode::relay_refused);
  CHECK(e.message.find("The relay refuses ") == 0);
  CHECK(e.message.back() == '.');
}

TEST_CASE("address policy: refusals name the address and what to do", "[relay][address_policy]") {
  AddressPolicy policy;
  Error metadata = check_address(policy, *parse_ip_address("169.254.169.254"));
  CHECK(metadata.message.find("169.254.169.254") != std::string::npos);
  CHECK(metadata.message.find("cloud metadata") != std::string::npos);
  Error priv = check_address(policy, *parse_ip_address("10.0.0.1"));
  CHECK(priv.message.find("--allow-private") != std::string::npos);
  Error v6 = check_address(policy, *parse_ip_address("fe80::1"));
  CHECK(v6.message.find("fe80::1") != std::string::npos);
}

TEST_CASE("address policy: opt-ins change exactly their own class", "[relay][address_policy]") {
  AddressPolicy open;
  open.allow_private = true;
  CHECK_FALSE(check_address(open, *parse_ip_address("10.0.0.1")));
  CHECK_FALSE(check_address(open, *parse_ip_address("fd12::1")));
  // Private allowed never means metadata or link-local allowed.
  CHECK(check_address(open, *parse_ip_address("169.254.169.254")).code == ErrorCode::relay_refused);
  CHECK(check_address(open, *parse_ip_address("fd00:ec2::254")).code == ErrorCode::relay_refused);
  CHECK(check_address(open, *parse_ip_address("169.254.1.1")).code == ErrorCode::relay_refused);

  AddressPolicy no_loopback;
  no_loopback.allow_loopback = false;
  Error e = check_address(no_loopback, *parse_ip_address("127.0.0.1"));
  CHECK(e.code == ErrorCode::relay_refused);
  CHECK(e.message.find("loopback") != std::string::npos);
}

// [SECTION] Port and host lists, broadcast, the policy file

namespace {
HostRule host_rule(const std::string& text) {
  auto r = parse_host_rule(text);
  INFO(text);
  REQUIRE(r.ok());
  return *r;
}
IpAddress ip(const std::string& text) {
  auto a = parse_ip_address(text);
  REQUIRE(a);
  return *a;
}
}  // namespace

TEST_CASE("address policy: port ranges", "[relay][address_policy]") {
  CHECK(*parse_port_range("443") == PortRange{443, 443});
  CHECK(*parse_port_range("8000-8999") == PortRange{8000, 8999});
  CHECK(*parse_port_range("65535") == PortRange{65535, 65535});
  auto bad = GENERATE(as<std::string>{}, "", "0", "65536", "80-", "-80", "90-80", "8a", "1-2-3", " 80");
  CAPTURE(bad);
  auto r = parse_port_range(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("is not a port or a port range") != std::string::npos);
}

TEST_CASE("address policy: host rules match names, wildcards, addresses and networks", "[relay][address_policy]") {
  CHECK(rule_matches_name(host_rule("Example.COM"), "example.com."));
  CHECK_FALSE(rule_matches_name(host_rule("example.com"), "www.example.com"));
  CHECK(rule_matches_name(host_rule("*.example.com"), "a.b.example.com"));
  CHECK_FALSE(rule_matches_name(host_rule("*.example.com"), "example.com"));
  CHECK_FALSE(rule_matches_name(host_rule("*.example.com"), "badexample.com"));
  CHECK(rule_matches_address(host_rule("10.1.0.0/16"), ip("10.1.200.3")));
  CHECK_FALSE(rule_matches_address(host_rule("10.1.0.0/16"), ip("10.2.0.1")));
  CHECK(rule_matches_address(host_rule("10.1.0.0/16"), ip("::ffff:10.1.0.9")));  // mapped form too
  CHECK(rule_matches_address(host_rule("192.0.2.7"), ip("192.0.2.7")));
  CHECK_FALSE(rule_matches_address(host_rule("192.0.2.7"), ip("192.0.2.8")));
  CHECK(rule_matches_address(host_rule("fd00::/8"), ip("fd12::1")));
  CHECK(rule_matches_address(host_rule("0.0.0.0/0"), ip("8.8.8.8")));
  CHECK_FALSE(rule_matches_name(host_rule("10.0.0.0/8"), "10.0.0.1"));  // addresses match as addresses
  auto bad = GENERATE(as<std::string>{}, "", "*.", "exa mple.com", "10.0.0.0/33", "::/129", "name/8", "10.0.0.0/x", "a;b");
  CAPTURE(bad);
  auto r = parse_host_rule(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("is not a host rule") != std::string::npos);
}

TEST_CASE("address policy: check_target applies the port and name lists before any lookup", "[relay][address_policy]") {
  AddressPolicy p;
  CHECK_FALSE(check_target(p, {"example.com", 80, false}));
  p.deny_ports = {{25, 25}};
  p.allow_ports = {{80, 80}, {8000, 8999}};
  p.deny_hosts = {host_rule("*.internal.example")};
  CHECK(check_target(p, {"example.com", 25, false}).message ==
        "The relay refuses port 25: its policy denies ports 25 (--deny-port or the policy file).");
  CHECK(check_target(p, {"example.com", 443, false}).message ==
        "The relay refuses port 443: its policy allows only ports 80,8000-8999 (add one with --allow-port).");
  CHECK_FALSE(check_target(p, {"example.com", 8080, false}));
  Error e = check_target(p, {"db.internal.example", 80, false});
  CHECK(e.code == ErrorCode::relay_refused);
  CHECK(e.message == "The relay refuses db.internal.example:80: its policy denies hosts matching '*.internal.example' "
                     "(--deny-host or the policy file).");
}

TEST_CASE("address policy: resolved addresses against classes and lists", "[relay][address_policy]") {
  AddressPolicy p;
  TargetRequest web{"example.com", 443, false};
  CHECK_FALSE(check_resolved_address(p, web, ip("93.184.216.34")));
  CHECK(check_resolved_address(p, web, ip("10.0.0.5")).message.find("private network address") != std::string::npos);
  // A targeted opt-in: an allow rule naming the private address or its network.
  p.allow_hosts = {host_rule("10.0.0.0/24"), host_rule("example.com")};
  CHECK_FALSE(check_resolved_address(p, web, ip("10.0.0.5")));
  CHECK(check_resolved_address(p, web, ip("10.0.1.5")).message.find("private network address") != std::string::npos);
  // The allow list is a whitelist: other names are refused even on public addresses.
  Error other = check_resolved_address(p, {"other.example", 443, false}, ip("93.184.216.34"));
  CHECK(other.message == "The relay refuses other.example:443 (93.184.216.34): its policy allows only hosts 10.0.0.0/24,example.com "
                         "(add one with --allow-host).");
  // Metadata never, whatever the lists say.
  p.allow_hosts = {host_rule("169.254.0.0/16"), host_rule("metadata.example")};
  CHECK(check_resolved_address(p, {"metadata.example", 80, false}, ip("169.254.169.254")).message.find("cloud metadata") !=
        std::string::npos);
  CHECK_FALSE(check_resolved_address(p, {"printer", 80, false}, ip("169.254.7.7")));  // link-local named explicitly
  // Deny wins over allow.
  p.allow_hosts = {host_rule("0.0.0.0/0")};
  p.deny_hosts = {host_rule("93.184.216.0/24")};
  CHECK(check_resolved_address(p, web, ip("93.184.216.34")).message ==
        "The relay refuses 93.184.216.34: its policy denies hosts matching '93.184.216.0/24' (--deny-host or the policy file).");
}

TEST_CASE("address policy: broadcast and multicast only over UDP with allow_broadcast", "[relay][address_policy]") {
  AddressPolicy p;
  TargetRequest udp{"255.255.255.255", 9, true}, tcp{"224.0.0.1", 9, false};
  CHECK(check_resolved_address(p, udp, ip("255.255.255.255")).message.find("--allow-broadcast") != std::string::npos);
  CHECK(check_resolved_address(p, {"239.1.2.3", 9, true}, ip("239.1.2.3")).message.find("multicast") != std::string::npos);
  p.allow_broadcast = true;
  CHECK_FALSE(check_resolved_address(p, udp, ip("255.255.255.255")));
  CHECK_FALSE(check_resolved_address(p, {"ff02::1", 9, true}, ip("ff02::1")));
  CHECK(check_resolved_address(p, tcp, ip("224.0.0.1")).message.find("TCP cannot reach more than one host") != std::string::npos);
}

TEST_CASE("address policy: the policy file", "[relay][address_policy]") {
  auto p = parse_policy_json(R"({"allow_private":true,"allow_broadcast":true,"allow_ports":[80,"8000-8999"],
                                 "deny_ports":["25"],"allow_hosts":["example.com","10.1.0.0/16"],"deny_hosts":["*.corp"]})");
  REQUIRE(p.ok());
  CHECK(p->allow_private);
  CHECK(p->allow_broadcast);
  CHECK(p->allow_loopback);
  CHECK(p->allow_ports == std::vector<PortRange>{{80, 80}, {8000, 8999}});
  CHECK(p->deny_ports == std::vector<PortRange>{{25, 25}});
  REQUIRE(p->allow_hosts.size() == 2);
  CHECK(p->deny_hosts[0].name == "*.corp");
  CHECK(describe_policy(*p).find("ports only 80,8000-8999; ports denied 25; hosts only example.com,10.1.0.0/16; hosts denied *.corp") !=
        std::string::npos);
  // Lists add to the base (the command-line flags).
  AddressPolicy base;
  base.deny_ports = {{22, 22}};
  CHECK(parse_policy_json(R"({"deny_ports":[23]})", base)->deny_ports.size() == 2);

  auto t = GENERATE(table<std::string, std::string>({
      {"{", "is not valid JSON."},
      {"[]", "must hold a JSON object"},
      {R"({"allow_privat":true})", "has the unknown key \"allow_privat\""},
      {R"({"allow_private":"yes"})", "\"allow_private\" that is not true or false."},
      {R"({"allow_ports":80})", "\"allow_ports\" that is not a list."},
      {R"({"allow_ports":[0]})", "'0' is not a port or a port range"},
      {R"({"deny_hosts":[5]})", "an entry in \"deny_hosts\" that is not a string."},
      {R"({"deny_hosts":["a b"]})", "'a b' is not a host rule"},
  }));
  CAPTURE(std::get<0>(t));
  auto bad = parse_policy_json(std::get<0>(t));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.rfind("The policy file ", 0) == 0);
  CHECK(bad.error().message.find(std::get<1>(t)) != std::string::npos);
}
