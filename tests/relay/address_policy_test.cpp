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
