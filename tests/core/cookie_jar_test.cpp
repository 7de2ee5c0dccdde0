// Core: the cookie jar against RFC 6265's own examples (§3.1, §5.1.1 dates) and the tricky
// cases browsers agree on. The real-socket login flow is in
// tests/native/redirect_cookie_flow_test.cpp.
#include <catch2/catch.hpp>

#include "shared/cookie_jar.h"

using namespace wirepad;

namespace {
Url url(const char* text) { return parse_url(text).value(); }
constexpr UnixTime kNow = 1445412480;  // Wed, 21 Oct 2015 07:28:00 GMT
}  // namespace

TEST_CASE("cookie dates in every format of RFC 6265 section 5.1.1", "[cookies]") {
  auto [text, expected] = GENERATE(table<const char*, UnixTime>({
      {"Sun, 06 Nov 1994 08:49:37 GMT", 784111777},    // RFC 1123
      {"Sunday, 06-Nov-94 08:49:37 GMT", 784111777},   // RFC 850
      {"Sun Nov  6 08:49:37 1994", 784111777},         // asctime
      {"Sun, 06-Nov-1994 08:49:37 GMT", 784111777},    // Netscape
      {"6 nov 1994 8:49:37", 784111777},               // sloppy but valid
      {"Wed, 09 Jun 2021 10:18:14 GMT", 1623233894},
      {"Thu, 01 Jan 1970 00:00:00 GMT", 0},
      {"01 Jan 69 00:00:00", 3124224000},               // 00-69 -> 20xx
      {"Wed, 21 Oct 2015 07:28:00 GMT; extra", 1445412480},
  }));
  CAPTURE(text);
  auto t = parse_cookie_date(text);
  REQUIRE(t);
  CHECK(*t == expected);
}

TEST_CASE("cookie dates that fail the algorithm", "[cookies]") {
  for (const char* text : {"", "Sun, 06 Nov 1994", "06 Nov 1994 24:00:00", "06 Nov 1994 08:60:00", "30 Feb 2020 00:00:00",
                           "32 Jan 2020 00:00:00", "01 Jan 1600 00:00:00", "01 Foo 2020 00:00:00", "tomorrow"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_cookie_date(text));
  }
  CHECK(format_http_date(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(format_http_date(kNow) == "Wed, 21 Oct 2015 07:28:00 GMT");
}

TEST_CASE("RFC 6265 section 3.1 examples", "[cookies]") {
  CookieJar jar;
  SECTION("a host-only session cookie") {
    auto v = jar.set_cookie("SID=31d4d96e407aad42", url("http://example.com/"), kNow);
    CHECK(v.outcome == CookieVerdict::Outcome::stored);
    CHECK(jar.cookie_header(url("http://example.com/a"), kNow) == "SID=31d4d96e407aad42");
    CHECK(jar.cookie_header(url("http://www.example.com/"), kNow).empty());  // host-only
    CHECK_FALSE(jar.cookies()[0].persistent);
  }
  SECTION("a domain cookie reaches subdomains") {
    jar.set_cookie("SID=31d4d96e407aad42; Path=/; Domain=example.com", url("http://example.com/"), kNow);
    CHECK(jar.cookie_header(url("http://www.example.com/x"), kNow) == "SID=31d4d96e407aad42");
    CHECK(jar.cookie_header(url("http://notexample.com/"), kNow).empty());
  }
  SECTION("Secure and HttpOnly, then a second cookie") {
    jar.set_cookie("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", url("https://example.com/"), kNow);
    jar.set_cookie("lang=en-US; Path=/; Domain=example.com", url("https://example.com/"), kNow);
    CHECK(jar.cookie_header(url("https://example.com/"), kNow) == "SID=31d4d96e407aad42; lang=en-US");
    CHECK(jar.cookie_header(url("http://example.com/"), kNow) == "lang=en-US");  // Secure only over https
    CHECK(jar.cookies()[0].http_only);
  }
  SECTION("expires, then is deleted by a date in the past") {
    jar.set_cookie("lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT", url("http://example.com/"), kNow);
    REQUIRE(jar.cookies().size() == 1);
    CHECK(jar.cookies()[0].persistent);
    CHECK(jar.cookies()[0].expires == 1623233894);
    CHECK(jar.cookie_header(url("http://example.com/"), 1623233894 - 1) == "lang=en-US");
    CHECK(jar.cookie_header(url("http://example.com/"), 1623233894).empty());  // expired by then
    auto v = jar.set_cookie("lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT", url("http://example.com/"), kNow);
    CHECK(v.outcome == CookieVerdict::Outcome::deleted);
    CHECK(jar.cookies().empty());
  }
}

TEST_CASE("Max-Age wins over Expires, zero or negative deletes", "[cookies]") {
  CookieJar jar;
  jar.set_cookie("a=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=60", url("http://h.test/"), kNow);
  REQUIRE(jar.cookies().size() == 1);
  CHECK(jar.cookies()[0].expires == kNow + 60);
  CHECK(jar.set_cookie("a=1; Max-Age=0", url("http://h.test/"), kNow).outcome == CookieVerdict::Outcome::deleted);
  CHECK(jar.set_cookie("b=1; Max-Age=-5", url("http://h.test/"), kNow).outcome == CookieVerdict::Outcome::rejected);
  // An invalid Max-Age is ignored, so this is a session cookie.
  jar.set_cookie("c=1; Max-Age=1e3", url("http://h.test/"), kNow);
  CHECK_FALSE(jar.cookies().back().persistent);
  // An unparsable Expires is ignored too.
  jar.set_cookie("d=1; Expires=soon", url("http://h.test/"), kNow);
  CHECK_FALSE(jar.cookies().back().persistent);
}

TEST_CASE("domain rules: what a server may and may not set", "[cookies]") {
  CookieJar jar;
  auto reason = [&](const char* header, const char* from) {
    auto v = jar.set_cookie(header, url(from), kNow);
    return v.outcome == CookieVerdict::Outcome::rejected ? v.reason : std::string();
  };
  CHECK(reason("a=1; Domain=other.com", "http://www.example.com/").find("does not domain-match") != std::string::npos);
  CHECK(reason("a=1; Domain=www.example.com", "http://example.com/").find("does not domain-match") != std::string::npos);
  CHECK(reason("a=1; Domain=com", "http://example.com/").find("top-level") != std::string::npos);
  CHECK(reason("a=1; Domain=0.0.1", "http://127.0.0.1/").find("IP address") != std::string::npos);
  CHECK(reason("a=1; Domain=[::1]", "http://[::1]:8080/").find("IP address") != std::string::npos);
  // Leading dot ignored, case folded.
  CHECK(reason("a=1; Domain=.Example.COM", "http://www.example.com/").empty());
  CHECK_FALSE(jar.cookies().back().host_only);
  CHECK(jar.cookies().back().domain == "example.com");
  // The IP itself and a bare host name (localhost) give host-only cookies.
  CHECK(reason("b=1; Domain=127.0.0.1", "http://127.0.0.1/").empty());
  CHECK(jar.cookies().back().host_only);
  CHECK(reason("c=1; Domain=localhost", "http://localhost/").empty());
  CHECK(jar.cookies().back().host_only);
  // An empty Domain is ignored (host-only).
  CHECK(reason("d=1; Domain=", "http://www.example.com/").empty());
  CHECK(jar.cookies().back().host_only);
  // An IP cookie is never sent to another IP that "ends with" it.
  CHECK(jar.cookie_header(url("http://127.0.0.1/"), kNow) == "b=1");
  CHECK(jar.cookie_header(url("http://10.127.0.0.1/"), kNow).empty());
}

TEST_CASE("paths: default-path, matching, and the Cookie header order", "[cookies]") {
  CHECK(default_cookie_path("/") == "/");
  CHECK(default_cookie_path("/login") == "/");
  CHECK(default_cookie_path("/account/login?next=/") == "/account");
  CHECK(default_cookie_path("/a/b/") == "/a/b");
  CHECK(path_match("/docs", "/docs"));
  CHECK(path_match("/docs/x", "/docs"));
  CHECK(path_match("/docs/x", "/docs/"));
  CHECK_FALSE(path_match("/docsets", "/docs"));
  CHECK_FALSE(path_match("/", "/docs"));

  CookieJar jar;
  jar.set_cookie("first=1; Path=/", url("http://h.test/"), kNow);
  jar.set_cookie("deep=1; Path=/a/b", url("http://h.test/"), kNow);
  jar.set_cookie("mid=1; Path=/a", url("http://h.test/"), kNow);
  jar.set_cookie("second=1; Path=/", url("http://h.test/"), kNow + 1);
  jar.set_cookie("relative=1; Path=a", url("http://h.test/x/y"), kNow);  // not '/...': default-path "/x"
  CHECK(jar.cookies().back().path == "/x");
  CHECK(jar.cookie_header(url("http://h.test/a/b/c"), kNow + 2) == "deep=1; mid=1; first=1; second=1");
  CHECK(jar.cookie_header(url("http://h.test/ab"), kNow + 2) == "first=1; second=1");
}

TEST_CASE("replacement keeps the creation time, names, values and paths are compared exactly", "[cookies]") {
  CookieJar jar;
  jar.set_cookie("a=1", url("http://h.test/"), kNow);
  jar.set_cookie("b=1", url("http://h.test/"), kNow);
  auto v = jar.set_cookie("a=2", url("http://h.test/"), kNow + 10);
  CHECK(v.outcome == CookieVerdict::Outcome::replaced);
  REQUIRE(jar.cookies().size() == 2);
  CHECK(jar.cookie_header(url("http://h.test/"), kNow + 10) == "a=2; b=1");  // a still first
  jar.set_cookie("A=3", url("http://h.test/"), kNow);  // names are case-sensitive
  jar.set_cookie("a=4; Path=/other", url("http://h.test/"), kNow);
  CHECK(jar.cookies().size() == 4);
}

TEST_CASE("what the parser refuses, with a reason", "[cookies]") {
  CookieJar jar;
  auto check = [&](const char* header, const char* from, const char* why) {
    CAPTURE(header);
    auto v = jar.set_cookie(header, url(from), kNow);
    CHECK(v.outcome == CookieVerdict::Outcome::rejected);
    CHECK(v.reason.find(why) != std::string::npos);
  };
  check("novalue", "http://h.test/", "no '='");
  check("=abc", "http://h.test/", "name is empty");
  check("a=b\x01", "http://h.test/", "control character");
  check("a=\xff\xfe", "http://h.test/", "not valid UTF-8");
  check("s=1; Secure", "http://h.test/", "only https");
  check("__Secure-x=1", "https://h.test/", "__Secure-");
  check("__Host-x=1; Secure; Path=/; Domain=h.test", "https://h.test/", "__Host-");
  check("__Host-x=1; Secure; Path=/a", "https://h.test/", "__Host-");
  CHECK(jar.cookies().empty());
  // And what it accepts: quotes stay part of the value, whitespace is trimmed, attributes are
  // case-insensitive, unknown ones ignored, the last of a kind wins.
  auto v = jar.set_cookie("  q = \"quoted value\" ; PATH=/p; path=/q; SameSite=lax; Foo=bar; HTTPONLY", url("http://h.test/"), kNow);
  REQUIRE(v.outcome == CookieVerdict::Outcome::stored);
  CHECK(v.cookie.name == "q");
  CHECK(v.cookie.value == "\"quoted value\"");
  CHECK(v.cookie.path == "/q");
  CHECK(v.cookie.same_site == "Lax");
  CHECK(v.cookie.http_only);
  CHECK(jar.set_cookie("__Host-ok=1; Secure; Path=/", url("https://h.test/"), kNow).outcome == CookieVerdict::Outcome::stored);
  // Plain http may not shadow a Secure cookie of the same name.
  CHECK(jar.set_cookie("sid=1; Secure", url("https://h.test/"), kNow).outcome == CookieVerdict::Outcome::stored);
  check("sid=2", "http://h.test/", "may not overwrite the Secure cookie");
}

TEST_CASE("store_from_response reads every Set-Cookie header", "[cookies]") {
  CookieJar jar;
  FieldList headers = {{"Set-Cookie", "a=1"}, {"Content-Type", "text/plain"}, {"set-cookie", "b=2; Domain=evil.test"}};
  auto verdicts = jar.store_from_response(headers, url("http://h.test/"), kNow);
  REQUIRE(verdicts.size() == 2);
  CHECK(verdicts[0].outcome == CookieVerdict::Outcome::stored);
  CHECK(verdicts[1].outcome == CookieVerdict::Outcome::rejected);
  CHECK(verdicts[1].name == "b");
}

TEST_CASE("a jar round-trips through JSON, and bad JSON says where", "[cookies]") {
  CookieJar jar;
  jar.set_cookie("a=1; Max-Age=100; Secure; SameSite=Strict", url("https://h.test/p/q"), kNow);
  jar.set_cookie("b=2; Domain=h.test; HttpOnly", url("https://www.h.test/"), kNow);
  Result<CookieJar> back = CookieJar::from_json(jar.to_json());
  REQUIRE(back.ok());
  CHECK(back->cookies() == jar.cookies());
  // New cookies get later sequence numbers than the loaded ones.
  back->set_cookie("c=3", url("https://h.test/"), kNow);
  CHECK(back->cookies().back().sequence > jar.cookies().back().sequence);

  CHECK(CookieJar::from_json("{").error().code == ErrorCode::invalid_cookie_jar);
  CHECK(CookieJar::from_json("{}").error().message.find("array") != std::string::npos);
  CHECK(CookieJar::from_json(R"([{"name": "a", "domain": "h", "path": "x"}])").error().message ==
        "cookie [0].path must start with '/'");
  CHECK(CookieJar::from_json(R"([{"name": "a", "domain": "h", "expires": "soon"}])").error().message.find("expires") !=
        std::string::npos);
}

// nlohmann's parser takes a NUL byte for the end of the input: a jar file cut by one loaded the
// cookies before it and dropped the rest without a word.
TEST_CASE("a cookie jar with a NUL byte is refused where the NUL is", "[cookies][json]") {
  const std::string jar = R"([{"name": "a", "value": "1", "domain": "h.test", "path": "/"}])";
  REQUIRE(CookieJar::from_json(jar).ok());
  Result<CookieJar> cut = CookieJar::from_json(jar + std::string("\0[{\"name\": \"b\"}]", 16));
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == ErrorCode::invalid_cookie_jar);
  CHECK(cut.error().message.find("NUL byte") != std::string::npos);
  CHECK(cut.error().message.find("byte " + std::to_string(jar.size())) != std::string::npos);
}

TEST_CASE("with_cookies adds the jar's cookies to a request, after a Cookie header it has", "[cookies]") {
  CookieJar jar;
  jar.set_cookie("a=1; Path=/", url("http://example.com/"), kNow);
  HttpRequest r;
  r.url = "http://example.com/x";
  HttpRequest added = jar.with_cookies(r, kNow);
  REQUIRE(added.headers.size() == 1);
  CHECK(added.headers[0].name == "Cookie");
  CHECK(added.headers[0].value == "a=1");
  r.headers.push_back({"cookie", "mine=2"});
  HttpRequest merged = jar.with_cookies(r, kNow);
  REQUIRE(merged.headers.size() == 1);
  CHECK(merged.headers[0].value == "mine=2; a=1");
  r.url = "http://other.example/";
  CHECK(jar.with_cookies(r, kNow).headers == r.headers);  // none applies
  r.url = "not a url";
  CHECK(jar.with_cookies(r, kNow).headers == r.headers);
}
