// localhost_names: the names RFC 6761 §6.3 reserves for loopback, and their addresses.
#include <catch2/catch.hpp>

#include "shared/localhost_names.h"

using namespace wirepad;

TEST_CASE("localhost and names under .localhost are loopback names", "[localhost]") {
  auto yes = GENERATE(as<std::string>{}, "localhost", "LOCALHOST", "localhost.", "app.localhost", "a.b.LocalHost.",
                      "x-1.localhost");
  CAPTURE(yes);
  CHECK(is_localhost_name(yes));
}

TEST_CASE("other names are not, even with localhost in them", "[localhost]") {
  auto no = GENERATE(as<std::string>{}, "", ".", "notlocalhost", "localhost.example.com", ".localhost", "a..localhost",
                     "localhost..", "127.0.0.1", "local", "localhostx");
  CAPTURE(no);
  CHECK_FALSE(is_localhost_name(no));
}

TEST_CASE("their addresses: 127.0.0.1 then ::1, or the one family asked for", "[localhost]") {
  CHECK(localhost_addresses(AddressFamily::any) == std::vector<std::string>{"127.0.0.1", "::1"});
  CHECK(localhost_addresses(AddressFamily::ipv4) == std::vector<std::string>{"127.0.0.1"});
  CHECK(localhost_addresses(AddressFamily::ipv6) == std::vector<std::string>{"::1"});
}
