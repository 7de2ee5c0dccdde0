// parse_url: the URLs people type, and the errors they get, with positions.
#include <catch2/catch.hpp>

#include "shared/url.h"

using namespace wirepad;

TEST_CASE("valid URLs are split into their parts", "[url]") {
  struct Case {
    const char* text;
    const char* scheme;
    const char* userinfo;
    const char* host;
    int port;
    bool explicit_port;
    const char* target;
    const char* fragment;
    const char* normalized;
  };
  auto c = GENERATE(values<Case>({
      {"http://example.com", "http", "", "example.com", 80, false, "/", "", "http://example.com/"},
      {"HTTPS://Example.COM/Path?Q=1", "https", "", "example.com", 443, false, "/Path?Q=1", "",
       "https://example.com/Path?Q=1"},
      {"example.com:8080/x", "http", "", "example.com", 8080, true, "/x", "", "http://example.com:8080/x"},
      {"localhost:8080", "http", "", "localhost", 8080, true, "/", "", "http://localhost:8080/"},
      {"127.0.0.1", "http", "", "127.0.0.1", 80, false, "/", "", "http://127.0.0.1/"},
      {"http://user:pa%20ss@host:81/a/b", "http", "user:pa%20ss", "host", 81, true, "/a/b", "",
       "http://user:pa%20ss@host:81/a/b"},
      {"http://[::1]:8080/index.html", "http", "", "::1", 8080, true, "/index.html", "",
       "http://[::1]:8080/index.html"},
      {"https://[2001:DB8::1]/", "https", "", "2001:db8::1", 443, false, "/", "", "https://[2001:db8::1]/"},
      {"http://h?q=a/b", "http", "", "h", 80, false, "/?q=a/b", "", "http://h/?q=a/b"},
      {"http://h/p#frag", "http", "", "h", 80, false, "/p", "frag", "http://h/p#frag"},
      {"http://h#only", "http", "", "h", 80, false, "/", "only", "http://h/#only"},
      {"http://h:80/", "http", "", "h", 80, true, "/", "", "http://h/"},
      {"http://h:65535", "http", "", "h", 65535, true, "/", "", "http://h:65535/"},
      {"tcp://127.0.0.1:7", "tcp", "", "127.0.0.1", 7, true, "/", "", "tcp://127.0.0.1:7/"},
      {"UDP://[::1]:9999", "udp", "", "::1", 9999, true, "/", "", "udp://[::1]:9999/"},
      {"example.com/redirect?to=http://other", "http", "", "example.com", 80, false, "/redirect?to=http://other",
       "", "http://example.com/redirect?to=http://other"},
  }));
  CAPTURE(c.text);
  Result<Url> url = parse_url(c.text);
  REQUIRE(url.ok());
  CHECK(url->scheme == c.scheme);
  CHECK(url->userinfo == c.userinfo);
  CHECK(url->host == c.host);
  CHECK(url->port == c.port);
  CHECK(url->explicit_port == c.explicit_port);
  CHECK(url->target == c.target);
  CHECK(url->fragment == c.fragment);
  CHECK(url->to_string() == c.normalized);
}

TEST_CASE("authority is the Host header value", "[url]") {
  CHECK(parse_url("http://Example.com:80/").value().authority() == "example.com");
  CHECK(parse_url("http://example.com:8080/").value().authority() == "example.com:8080");
  CHECK(parse_url("https://[::1]/").value().authority() == "[::1]");
  CHECK(parse_url("https://[::1]:8443/").value().authority() == "[::1]:8443");
  CHECK(parse_url("http://u:p@h/").value().authority() == "h");
  CHECK(default_port("http") == 80);
  CHECK(default_port("https") == 443);
  CHECK(default_port("tcp") == 0);
}

TEST_CASE("invalid URLs are refused with a position", "[url]") {
  struct Case {
    const char* text;
    ErrorCode code;
    std::int64_t offset;
    const char* message_part;
  };
  auto c = GENERATE(values<Case>({
      {"", ErrorCode::invalid_url, 0, "empty"},
      {"http://", ErrorCode::invalid_url, 7, "URL has no host at position 7"},
      {"http:///path", ErrorCode::invalid_url, 7, "no host"},
      {"http://user@/", ErrorCode::invalid_url, 12, "no host at position 12"},
      {"http://:80/", ErrorCode::invalid_url, 7, "no host"},
      {"http://exa mple.com/", ErrorCode::invalid_url, 10, "a space at position 10"},
      {"http://example.com/a b", ErrorCode::invalid_url, 20, "%20"},
      {"http://example.com/\x01", ErrorCode::invalid_url, 19, "control byte 0x01 at position 19"},
      {"http://example.com/\r\nX: y", ErrorCode::invalid_url, 19, "carriage return at position 19"},
      {"http://host:/", ErrorCode::invalid_url, 12, "no port after ':' at position 12"},
      {"http://host:8o80/", ErrorCode::invalid_url, 13, "port contains 'o' at position 13"},
      {"http://host:65536/", ErrorCode::invalid_url, 12, "out of range"},
      {"http://host:0/", ErrorCode::invalid_url, 12, "out of range"},
      {"http://host:99999999999999999999/", ErrorCode::invalid_url, 12, "out of range"},
      {"http://[::1/", ErrorCode::invalid_url, 7, "closing ']'"},
      {"http://[]/", ErrorCode::invalid_url, 7, "empty IPv6"},
      {"http://[::g]/", ErrorCode::invalid_url, 10, "'g' at position 10"},
      {"http://[::1]x/", ErrorCode::invalid_url, 12, "after the IPv6 address"},
      {"http://ex<ample/", ErrorCode::invalid_url, 9, "'<' at position 9"},
      {"ftp://example.com/", ErrorCode::unsupported_scheme, 0, "'ftp' is not supported"},
      {"://example.com/", ErrorCode::invalid_url, 0, "empty scheme"},
      {"h_ttp://example.com/", ErrorCode::invalid_url, 1, "'_' at position 1"},
      {"tcp://127.0.0.1", ErrorCode::invalid_url, 15, "needs a port"},
      // A known scheme without its "//" says so (it used to say "no port after ':'").
      {"http:/host", ErrorCode::invalid_url, 6, "URL has 'http:' without the two slashes after it: one '/' is missing at position 6"},
      {"HTTPS:/host/x", ErrorCode::invalid_url, 7, "'HTTPS:' without the two slashes"},
      {"http:host", ErrorCode::invalid_url, 5, "write '//' at position 5 (http://host)"},
      {"http:", ErrorCode::invalid_url, 5, "'http:' without the two slashes"},
      {"tcp:\\h:7", ErrorCode::invalid_url, 4, "'tcp:' without the two slashes"},
      {"http//host/", ErrorCode::invalid_url, 4, "'http//' without ':' at position 4"},
  }));
  CAPTURE(c.text);
  Result<Url> url = parse_url(c.text);
  REQUIRE_FALSE(url.ok());
  CHECK(url.error().code == c.code);
  CHECK(url.error().offset == c.offset);
  CHECK_THAT(url.error().message, Catch::Contains(c.message_part));
}
