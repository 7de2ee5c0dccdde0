// Core: reference resolution (RFC 3986 §5.4's own examples) and the redirect decisions
// (RFC 9110 §15.4) on finished exchange logs. The real-socket flow is in
// tests/native/redirect_cookie_flow_test.cpp.
#include <catch2/catch.hpp>

#include "shared/redirects.h"

using namespace wirepad;

TEST_CASE("references resolve as in RFC 3986 section 5.4", "[redirects]") {
  Url base = parse_url("http://a/b/c/d;p?q").value();
  auto [reference, expected] = GENERATE(table<const char*, const char*>({
      // §5.4.1 normal examples
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      // §5.4.2 abnormal examples
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      // absolute, and what servers really send
      {"https://other.example:8443/x", "https://other.example:8443/x"},
      {"HTTP://A/b", "http://A/b"},
      {"/a b", "http://a/a%20b"},
  }));
  CAPTURE(reference);
  Result<std::string> resolved = resolve_reference(base, reference);
  REQUIRE(resolved.ok());
  CHECK(*resolved == expected);
}

TEST_CASE("references that cannot be followed say why", "[redirects]") {
  Url base = parse_url("http://a/b").value();
  Result<std::string> ftp = resolve_reference(base, "ftp://files.example/x");
  REQUIRE_FALSE(ftp.ok());
  CHECK(ftp.error().code == ErrorCode::unsupported_scheme);
  CHECK(ftp.error().message.find("ftp") != std::string::npos);
  Result<std::string> no_host = resolve_reference(base, "http:/x");
  REQUIRE_FALSE(no_host.ok());
  CHECK(no_host.error().message.find("no host") != std::string::npos);
  Result<std::string> bad_port = resolve_reference(base, "http://a:99999/");
  REQUIRE_FALSE(bad_port.ok());
  CHECK(bad_port.error().message.find("out of range") != std::string::npos);
}

namespace {

ExchangeLog redirect_log(const std::string& url, int status, Headers headers) {
  ExchangeLog log;
  log.target_url = parse_url(url).value().to_string();
  log.phase = Phase::done;
  log.has_response_head = true;
  log.response.status = status;
  log.response.headers = to_field_list(headers);
  return log;
}

HttpRequest post(const std::string& url) {
  HttpRequest r;
  r.method = "POST";
  r.url = url;
  r.body = "user=ada";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "Bearer t"}, {"X-Keep", "1"}};
  return r;
}

}  // namespace

TEST_CASE("the method and body after each redirect status", "[redirects]") {
  auto [status, method, expect_method, keeps_body] = GENERATE(table<int, const char*, const char*, bool>({
      {301, "POST", "GET", false},
      {302, "POST", "GET", false},
      {303, "POST", "GET", false},
      {303, "PUT", "GET", false},
      {303, "HEAD", "HEAD", true},  // HEAD stays HEAD (it has no body to drop)
      {301, "PUT", "PUT", true},  // only POST changes on 301/302, as curl and browsers do
      {307, "POST", "POST", true},
      {308, "POST", "POST", true},
      {308, "DELETE", "DELETE", true},
  }));
  CAPTURE(status, method);
  HttpRequest sent = post("http://127.0.0.1:8080/login");
  sent.method = method;
  if (std::string(method) == "HEAD") sent.body.clear();
  RedirectChain chain;
  RedirectDecision d = chain.next(sent, redirect_log(sent.url, status, {{"Location", "/home?x=1"}}));
  REQUIRE(d.verdict == RedirectVerdict::follow);
  CHECK(d.next.url == "http://127.0.0.1:8080/home?x=1");
  CHECK(d.next.method == expect_method);
  CHECK(d.next.body.empty() == (!keeps_body || std::string(method) == "HEAD"));
  CHECK((find_header(d.next.headers, "Content-Type") != nullptr) == keeps_body);
  // Same origin: the credentials stay.
  CHECK(find_header(d.next.headers, "Authorization"));
  CHECK(find_header(d.next.headers, "X-Keep"));
}

TEST_CASE("credentials are dropped when the origin changes, and a downgrade is warned", "[redirects]") {
  HttpRequest sent = post("https://api.example/login");
  sent.headers.push_back({"Cookie", "a=1"});
  RedirectChain chain;
  RedirectDecision d = chain.next(sent, redirect_log(sent.url, 307, {{"Location", "http://api.example/next"}}));
  REQUIRE(d.verdict == RedirectVerdict::follow);
  CHECK_FALSE(find_header(d.next.headers, "Authorization"));
  CHECK_FALSE(find_header(d.next.headers, "Cookie"));
  CHECK(find_header(d.next.headers, "X-Keep"));
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].find("https to plain http") != std::string::npos);

  // Another port is another origin too.
  RedirectChain chain2;
  RedirectDecision port = chain2.next(post("http://h:1/"), redirect_log("http://h:1/", 302, {{"Location", "http://h:2/"}}));
  CHECK_FALSE(find_header(port.next.headers, "Authorization"));
}

TEST_CASE("no redirect: other statuses and failed exchanges are final", "[redirects]") {
  RedirectChain chain;
  HttpRequest get;
  get.url = "http://h/";
  for (int status : {200, 300, 304, 305, 404})
    CHECK(chain.next(get, redirect_log(get.url, status, {{"Location", "/x"}})).verdict == RedirectVerdict::done);
  ExchangeLog failed = redirect_log(get.url, 302, {{"Location", "/x"}});
  failed.phase = Phase::failed;
  CHECK(chain.next(get, failed).verdict == RedirectVerdict::done);
}

TEST_CASE("a missing or invalid Location stops with the 3xx as the final response", "[redirects]") {
  HttpRequest get;
  get.url = "http://h/a";
  RedirectChain chain;
  RedirectDecision missing = chain.next(get, redirect_log(get.url, 302, {}));
  CHECK(missing.verdict == RedirectVerdict::stop);
  CHECK(missing.error.code == ErrorCode::bad_redirect);
  CHECK(missing.error.message.find("has no Location header") != std::string::npos);
  for (const char* blank : {"", "  "}) {
    RedirectDecision empty = chain.next(get, redirect_log(get.url, 302, {{"Location", blank}}));
    CHECK(empty.verdict == RedirectVerdict::stop);
    CHECK(empty.error.message == "The 302 response from http://h/a has an empty Location header, so there is nowhere "
                                 "to go; it is shown as the final response.");
  }
  RedirectDecision invalid = chain.next(get, redirect_log(get.url, 301, {{"Location", "gopher://h/"}}));
  CHECK(invalid.verdict == RedirectVerdict::stop);
  CHECK(invalid.error.message.find("gopher") != std::string::npos);
}

TEST_CASE("the hop limit and loops stop with the URLs named", "[redirects]") {
  HttpRequest r;
  r.url = "http://h/0";
  SECTION("limit") {
    RedirectChain chain(3);
    for (int i = 0; i < 3; ++i) {
      RedirectDecision d = chain.next(r, redirect_log(r.url, 302, {{"Location", "/" + std::to_string(i + 1)}}));
      REQUIRE(d.verdict == RedirectVerdict::follow);
      r = d.next;
    }
    RedirectDecision d = chain.next(r, redirect_log(r.url, 302, {{"Location", "/4"}}));
    CHECK(d.verdict == RedirectVerdict::stop);
    CHECK(d.error.code == ErrorCode::too_many_redirects);
    CHECK(d.error.message.find("http://h/0 -> http://h/1 -> http://h/2 -> http://h/3 -> http://h/4") != std::string::npos);
    CHECK(chain.redirects_followed() == 3);
  }
  SECTION("zero means none") {
    RedirectChain chain(0);
    CHECK(chain.next(r, redirect_log(r.url, 302, {{"Location", "/1"}})).error.code == ErrorCode::too_many_redirects);
  }
  SECTION("a loop is followed up to the limit, and the error names it") {
    RedirectChain chain(4);
    HttpRequest at = r;
    RedirectDecision d;
    for (int i = 0; i < 4; ++i) {
      d = chain.next(at, redirect_log(at.url, 302, {{"Location", i % 2 ? "/0" : "/b"}}));
      REQUIRE(d.verdict == RedirectVerdict::follow);  // back at /0 is followed: curl and browsers do
      at = d.next;
    }
    d = chain.next(at, redirect_log(at.url, 302, {{"Location", "/b"}}));
    CHECK(d.verdict == RedirectVerdict::stop);
    CHECK(d.error.code == ErrorCode::redirect_loop);
    CHECK(d.error.message == "Redirect loop: stopped after 4 redirects (the redirect limit) going round "
                             "http://h/0 -> http://h/b -> http://h/0 -> ...");
  }
  SECTION("a redirect to the same URL is followed: the next answer may differ") {
    RedirectChain chain;
    RedirectDecision a = chain.next(r, redirect_log(r.url, 302, {{"Location", "/0"}}));
    REQUIRE(a.verdict == RedirectVerdict::follow);
    CHECK(a.next.url == "http://h/0");
    CHECK(chain.next(a.next, redirect_log(a.next.url, 200, {})).verdict == RedirectVerdict::done);
  }
}
