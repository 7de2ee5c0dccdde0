// serialize_request: the exact bytes sent, and the requests that are refused.
#include <catch2/catch.hpp>

#include "shared/request_serializer.h"

using namespace wirepad;

namespace {
HttpRequest make(std::string method, std::string url, Headers headers = {}, std::string body = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}
}  // namespace

TEST_CASE("a GET gets Host, User-Agent and Accept, in that order", "[serializer]") {
  auto s = serialize_request(make("GET", "http://Example.com:8080/a?b=c#frag"));
  REQUIRE(s.ok());
  CHECK(s->bytes ==
        "GET /a?b=c HTTP/1.1\r\n"
        "Host: example.com:8080\r\n"
        "User-Agent: wirepad/0.1\r\n"
        "Accept: */*\r\n"
        "\r\n");
  CHECK(s->headers == Headers{{"Host", "example.com:8080"}, {"User-Agent", "wirepad/0.1"}, {"Accept", "*/*"}});
  CHECK(s->url.port == 8080);
}

TEST_CASE("the user's headers come after Host, in order, and replace the defaults", "[serializer]") {
  auto s = serialize_request(make("get", "https://[::1]/x",
                                  {{"X-One", "1"}, {"accept", "text/plain"}, {"X-Two", ""}, {"user-agent", "me"}}));
  REQUIRE(s.ok());
  CHECK(s->bytes ==
        "get /x HTTP/1.1\r\n"
        "Host: [::1]\r\n"
        "X-One: 1\r\n"
        "accept: text/plain\r\n"
        "X-Two:\r\n"  // an empty value as curl writes it (RFC 9112 §5: the same field)
        "user-agent: me\r\n"
        "\r\n");
}

TEST_CASE("a Host the user gave replaces the generated one", "[serializer]") {
  auto s = serialize_request(make("GET", "http://127.0.0.1:8080/", {{"Host", "virtual.example"}}));
  REQUIRE(s.ok());
  CHECK(s->bytes ==
        "GET / HTTP/1.1\r\n"
        "Host: virtual.example\r\n"
        "User-Agent: wirepad/0.1\r\n"
        "Accept: */*\r\n"
        "\r\n");
}

TEST_CASE("Content-Length frames a body, and POST/PUT/PATCH always", "[serializer]") {
  auto post = serialize_request(make("POST", "http://h/submit", {{"Content-Type", "application/json"}}, "{\"a\":1}"));
  REQUIRE(post.ok());
  CHECK(post->bytes ==
        "POST /submit HTTP/1.1\r\n"
        "Host: h\r\n"
        "Content-Type: application/json\r\n"
        "User-Agent: wirepad/0.1\r\n"
        "Accept: */*\r\n"
        "Content-Length: 7\r\n"
        "\r\n"
        "{\"a\":1}");
  auto empty_put = serialize_request(make("PUT", "http://h/"));
  REQUIRE(empty_put.ok());
  CHECK(find_header(empty_put->headers, "Content-Length")->value == "0");
  auto patch = serialize_request(make("PATCH", "http://h/"));
  CHECK(find_header(patch->headers, "content-length") != nullptr);
  auto get = serialize_request(make("GET", "http://h/"));
  CHECK(find_header(get->headers, "Content-Length") == nullptr);
  auto get_with_body = serialize_request(make("GET", "http://h/", {}, "abc"));
  CHECK(find_header(get_with_body->headers, "Content-Length")->value == "3");
  CHECK(get_with_body->bytes.substr(get_with_body->bytes.size() - 7) == "\r\n\r\nabc");
}

TEST_CASE("a Content-Length or Transfer-Encoding the user gave is kept as is", "[serializer]") {
  auto lying = serialize_request(make("POST", "http://h/", {{"Content-Length", "99"}}, "abc"));
  REQUIRE(lying.ok());
  CHECK(lying->bytes ==
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\nabc");
  auto chunked = serialize_request(make("POST", "http://h/", {{"Transfer-Encoding", "chunked"}}, "abc"));
  REQUIRE(chunked.ok());
  CHECK(find_header(chunked->headers, "Content-Length") == nullptr);
}

// The bytes curl 7.88 sends for `curl -H 'Transfer-Encoding: chunked' -d hello` (after its own
// headers): the body as one chunk, then the last chunk. Before, the body went raw after the
// chunked header and the request never ended.
TEST_CASE("Transfer-Encoding chunked: the body is sent chunk-encoded, as curl does", "[serializer]") {
  struct Case {
    std::string te;
    std::string body;
    std::string wire_body;
  };
  auto c = GENERATE(values<Case>({
      {"chunked", "hello", "5\r\nhello\r\n0\r\n\r\n"},
      {"Chunked", std::string(300, 'x'), "12c\r\n" + std::string(300, 'x') + "\r\n0\r\n\r\n"},
      {"chunked", "", "0\r\n\r\n"},
      {"gzip, chunked", "GZ", "2\r\nGZ\r\n0\r\n\r\n"},
      {"gzip,chunked ", "GZ", "2\r\nGZ\r\n0\r\n\r\n"},
  }));
  CAPTURE(c.te, c.body);
  auto s = serialize_request(make("POST", "http://h/up", {{"Transfer-Encoding", c.te}}, c.body));
  REQUIRE(s.ok());
  CHECK(s->bytes == "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + c.te +
                        "\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\n" + c.wire_body);
}

TEST_CASE("framing a server could read two ways is refused, naming the headers", "[serializer]") {
  struct Case {
    Headers headers;
    const char* message_part;
  };
  auto c = GENERATE(values<Case>({
      {{{"Transfer-Encoding", "chunked"}, {"Content-Length", "5"}}, "both Transfer-Encoding (chunked) and Content-Length"},
      {{{"Transfer-Encoding", "gzip"}}, "Transfer-Encoding: gzip does not end with chunked"},
      {{{"Transfer-Encoding", "chunked, gzip"}}, "chunked, gzip does not end with chunked"},
      {{{"Content-Length", "5"}, {"X", "1"}, {"content-length", "6"}}, "header 3 gives a second Content-Length (6 after 5)"},
  }));
  auto s = serialize_request(make("POST", "http://h/", c.headers, "hello"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::invalid_request);
  CHECK_THAT(s.error().message, Catch::Contains(c.message_part));
}

TEST_CASE("several Host headers: the first is sent, with a note (as curl)", "[serializer]") {
  auto s = serialize_request(make("GET", "http://127.0.0.1:8080/", {{"Host", "one"}, {"X", "1"}, {"host", "two"}}));
  REQUIRE(s.ok());
  CHECK(s->bytes == "GET / HTTP/1.1\r\nHost: one\r\nX: 1\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\n");
  REQUIRE(s->notes.size() == 1);
  CHECK_THAT(s->notes[0], Catch::Contains("header 3 (Host: two) was not sent"));
  auto same_length = serialize_request(make("POST", "http://h/", {{"Content-Length", "3"}, {"Content-Length", "3"}}, "abc"));
  REQUIRE(same_length.ok());
  CHECK(same_length->bytes == "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\nabc");
}

TEST_CASE("several Cookie headers become one, in the place of the first (RFC 6265 5.4)", "[serializer]") {
  auto s = serialize_request(
      make("GET", "http://h/", {{"Cookie", "a=1"}, {"X", "1"}, {"cookie", "b=2; c=3"}, {"Cookie", ""}, {"Cookie", " d=4"}}));
  REQUIRE(s.ok());
  CHECK(s->bytes == "GET / HTTP/1.1\r\nHost: h\r\nCookie: a=1; b=2; c=3; d=4\r\nX: 1\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\n");
  CHECK(s->notes.empty());
}

TEST_CASE("request smuggling and invalid tokens are refused with the field and position", "[serializer]") {
  struct Case {
    HttpRequest request;
    ErrorCode code;
    std::int64_t offset;
    const char* message_part;
  };
  auto c = GENERATE(values<Case>({
      {make("GET", "http://h/", {{"A", "1"}, {"X-Evil", "v\r\nInjected: 1"}}), ErrorCode::invalid_request, 1,
       "header 2 value contains a carriage return at position 1"},
      {make("GET", "http://h/", {{"A", "1"}, {"B", "abcde\nX: y"}}), ErrorCode::invalid_request, 5,
       "header 2 value contains a line feed at position 5"},
      {make("GET", "http://h/", {{"A", std::string("x\0y", 3)}}), ErrorCode::invalid_request, 1,
       "header 1 value contains a NUL byte at position 1"},
      {make("GET", "http://h/", {{"Bad Name", "1"}}), ErrorCode::invalid_request, 3,
       "header 1 name contains a space at position 3"},
      {make("GET", "http://h/", {{"X\r\nY", "1"}}), ErrorCode::invalid_request, 1,
       "header 1 name contains a carriage return at position 1"},
      {make("GET", "http://h/", {{"Na:me", "1"}}), ErrorCode::invalid_request, 2, "header 1 name contains ':'"},
      {make("GET", "http://h/", {{"", "1"}}), ErrorCode::invalid_request, 0, "header 1 has an empty name"},
      {make("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET", "http://h/"), ErrorCode::invalid_request, 3,
       "method contains a space at position 3"},
      {make("GE\nT", "http://h/"), ErrorCode::invalid_request, 2, "method contains a line feed at position 2"},
      {make("", "http://h/"), ErrorCode::invalid_request, 0, "method is empty"},
      {make("GET", "http://h/a\r\nX: y"), ErrorCode::invalid_url, 10, "carriage return at position 10"},
      {make("GET", "http://"), ErrorCode::invalid_url, 7, "URL has no host at position 7"},
      {make("GET", "tcp://h:7"), ErrorCode::unsupported_scheme, 0, "needs an http:// or https:// URL"},
      {make("GET", "udp://h:7"), ErrorCode::unsupported_scheme, 0, "udp:// opens a raw socket"},
  }));
  CAPTURE(c.request.method, c.request.url);
  auto s = serialize_request(c.request);
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == c.code);
  CHECK(s.error().offset == c.offset);
  CHECK_THAT(s.error().message, Catch::Contains(c.message_part));
}

TEST_CASE("header values may hold any other byte, sent as typed", "[serializer]") {
  auto s = serialize_request(make("GET", "http://h/", {{"X", "caf\xc3\xa9 \t tab"}}));
  REQUIRE(s.ok());
  CHECK_THAT(s->bytes, Catch::Contains("X: caf\xc3\xa9 \t tab\r\n"));
}

TEST_CASE("without default headers only Host is added: no User-Agent, Accept or Content-Length: 0", "[serializer]") {
  HttpRequest r = make("PUT", "http://h.test/x", {{"X-A", "1"}});
  r.add_default_headers = false;  // wirepad send: curl's headers are written out by the caller
  auto s = serialize_request(r);
  REQUIRE(s.ok());
  CHECK(s->bytes == "PUT /x HTTP/1.1\r\nHost: h.test\r\nX-A: 1\r\n\r\n");
  r.body = "ab";  // a body always has its length
  CHECK(serialize_request(r)->bytes == "PUT /x HTTP/1.1\r\nHost: h.test\r\nX-A: 1\r\nContent-Length: 2\r\n\r\nab");
}
