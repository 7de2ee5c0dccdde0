// Assertions and captures (shared/assertion.h, capture.h) over exchanges recorded by hand:
// every subject and operator passing and failing, with the expected and actual values a
// report shows; {{variables}} in expected values; captures from each source into the
// environment. The same kinds against real servers: tests/native/test_cli_test.cpp.
#include <catch2/catch.hpp>

#include "shared/assertion.h"
#include "shared/capture.h"
#include "shared/environment.h"

using namespace wirepad;

namespace {

ExchangeLog response(int status, std::string body, std::initializer_list<std::pair<const char*, const char*>> headers,
                     double total_seconds = 0.042) {
  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.request.method = "GET";
  log.target_url = "http://127.0.0.1/x";
  log.response.status = status;
  log.response.reason = status == 200 ? "OK" : status == 404 ? "Not Found" : "";
  for (const auto& [name, value] : headers) log.response.headers.add(name, value);
  log.response.body = std::move(body);
  log.timings.total = total_seconds;
  return log;
}

Assertion make(AssertSubject subject, AssertOp op, std::string expected, std::string selector = {}) {
  Assertion a;
  a.subject = subject;
  a.op = op;
  a.expected = std::move(expected);
  a.selector = std::move(selector);
  REQUIRE_FALSE(validate_assertion(a));
  return a;
}

AssertionResult one(const Assertion& a, const std::vector<ExchangeLog>& hops, const Environment* env = nullptr) {
  std::vector<AssertionResult> r = evaluate_assertions({a}, record_of(hops), env);
  REQUIRE(r.size() == 1);
  return r[0];
}

const char* kJsonBody = R"({"id": 42, "name": "Ada", "tags": ["x", "y"], "ok": true, "ratio": 0.5, "none": null,
                            "items": [{"id": 1}, {"id": 2}, {"id": 3}]})";

}  // namespace

TEST_CASE("every assertion kind passes and fails, with expected and actual", "[assertion]") {
  std::vector<ExchangeLog> hops = {response(302, "", {{"Location", "/x"}}, 0.010),
                                   response(200, kJsonBody,
                                            {{"Content-Type", "application/json; charset=utf-8"},
                                             {"X-Trace", "a"},
                                             {"x-trace", "b"},
                                             {"Set-Cookie", "sid=abc123; Path=/; HttpOnly"}},
                                            0.032)};
  struct Case {
    AssertSubject subject;
    const char* selector;
    AssertOp op;
    const char* expected;
    bool passes;
    const char* actual;
  };
  using S = AssertSubject;
  using O = AssertOp;
  const std::vector<Case> cases = {
      {S::status, "", O::eq, "200", true, "200 OK"},
      {S::status, "", O::eq, "201", false, "200 OK"},
      {S::status, "", O::ne, "500", true, "200 OK"},
      {S::status, "", O::in_range, "[200, 299]", true, "200 OK"},
      {S::status, "", O::in_range, "[400, 499]", false, "200 OK"},
      {S::status, "", O::status_class, "\"2xx\"", true, "200 OK"},
      {S::status, "", O::status_class, "\"4xx\"", false, "200 OK"},
      {S::status, "", O::lt, "300", true, "200 OK"},
      {S::header, "content-type", O::exists, "", true, "present"},
      {S::header, "ETag", O::exists, "", false, "absent"},
      {S::header, "ETag", O::not_exists, "", true, "absent"},
      {S::header, "Content-Type", O::eq, "\"application/json; charset=utf-8\"", true, "\"application/json; charset=utf-8\""},
      {S::header, "Content-Type", O::eq, "\"text/html\"", false, "\"application/json; charset=utf-8\""},
      {S::header, "Content-Type", O::matches, "\"^application/(.+\\\\+)?json\"", true, "\"application/json; charset=utf-8\""},
      {S::header, "Content-Type", O::matches, "\"^text/\"", false, "\"application/json; charset=utf-8\""},
      {S::header, "X-Trace", O::eq, "\"a, b\"", true, "\"a, b\""},  // repeated fields joined (RFC 9110 §5.3)
      {S::header, "Content-Type", O::starts_with, "\"application/\"", true, "\"application/json; charset=utf-8\""},
      {S::body, "", O::contains, "\"Ada\"", true, nullptr},
      {S::body, "", O::contains, "\"Grace\"", false, nullptr},
      {S::body, "", O::not_contains, "\"Grace\"", true, nullptr},
      {S::body, "", O::matches, "\"\\\"id\\\": \\\\d+\"", true, nullptr},
      {S::body, "", O::matches, "\"^\\\\[\"", false, nullptr},
      {S::body, "", O::eq, "\"nope\"", false, nullptr},
      {S::body_size, "", O::gt, "10", true, nullptr},
      {S::body_size, "", O::lt, "10", false, nullptr},
      {S::json, "$.id", O::eq, "42", true, "42"},
      {S::json, "$.id", O::eq, "42.0", true, "42"},
      {S::json, "$.id", O::eq, "\"42\"", false, "42"},
      {S::json, "$.name", O::eq, "\"Ada\"", true, "\"Ada\""},
      {S::json, "$.id", O::gt, "41", true, "42"},
      {S::json, "$.id", O::le, "41", false, "42"},
      {S::json, "$.id", O::in_range, "[40, 50]", true, "42"},
      {S::json, "$.tags", O::contains, "\"y\"", true, "[\"x\",\"y\"]"},
      {S::json, "$.tags", O::contains, "\"z\"", false, "[\"x\",\"y\"]"},
      {S::json, "$", O::contains, "\"ratio\"", true, nullptr},
      {S::json, "$.name", O::matches, "\"^A\"", true, "\"Ada\""},
      {S::json, "$.id", O::type, "\"integer\"", true, "integer 42"},
      {S::json, "$.ratio", O::type, "\"number\"", true, "number 0.5"},
      {S::json, "$.ok", O::type, "\"boolean\"", true, "boolean true"},
      {S::json, "$.none", O::type, "\"null\"", true, "null null"},
      {S::json, "$.tags", O::type, "\"array\"", true, nullptr},
      {S::json, "$.name", O::type, "\"number\"", false, "string \"Ada\""},
      {S::json, "$.missing", O::exists, "", false, "absent"},
      {S::json, "$.missing", O::not_exists, "", true, "absent"},
      {S::json, "$.items[?@.id > 1].id", O::eq, "2", false, nullptr},  // two nodes: not one value
      {S::json, "$.items[?@.id == 3]", O::eq, "{\"id\": 3}", true, "{\"id\":3}"},
      {S::json_count, "$.items[*]", O::eq, "3", true, "3 nodes"},
      {S::json_count, "$.items[?@.id > 1]", O::eq, "3", false, "2 nodes"},
      {S::duration, "", O::lt, "1000", true, "42 ms"},
      {S::duration, "", O::lt, "5", false, "42 ms"},
      {S::redirects, "", O::eq, "1", true, "1"},
      {S::redirects, "", O::eq, "0", false, "1"},
  };
  for (const Case& c : cases) {
    Assertion a = make(c.subject, c.op, c.expected, c.selector);
    CAPTURE(describe(a));
    AssertionResult r = one(a, hops);
    CHECK(r.passed == c.passes);
    CHECK_FALSE(r.expected.empty());
    if (c.actual) CHECK(r.actual == c.actual);
    if (!c.passes) CHECK_FALSE(r.message.empty());
    if (c.passes) CHECK(r.message.empty());
  }
}

TEST_CASE("failure messages say what was there", "[assertion]") {
  std::vector<ExchangeLog> hops = {response(404, "<html>missing</html>", {{"Content-Type", "text/html"}})};
  AssertionResult status = one(make(AssertSubject::status, AssertOp::eq, "200"), hops);
  CHECK(status.expected == "200");
  CHECK(status.actual == "404 Not Found");
  CHECK(status.message == "expected status 200, but it is 404 Not Found");

  AssertionResult range = one(make(AssertSubject::status, AssertOp::in_range, "[200,299]"), hops);
  CHECK(range.expected == "in 200..299");

  AssertionResult header = one(make(AssertSubject::header, AssertOp::eq, "\"x\"", "ETag"), hops);
  CHECK_THAT(header.message, Catch::Contains("the response has no ETag header (it has Content-Type)"));

  AssertionResult json = one(make(AssertSubject::json, AssertOp::eq, "1", "$.id"), hops);
  CHECK(json.actual == "not JSON");
  CHECK_THAT(json.message, Catch::Contains("the body is not JSON (Content-Type: text/html; it starts \"<html>missing</html>\")"));

  // No response at all: every assertion that needs one fails and says why.
  ExchangeLog refused;
  refused.phase = Phase::failed;
  refused.error = make_error(ErrorCode::connect_refused, "connection refused by 127.0.0.1:1");
  AssertionResult none = one(make(AssertSubject::status, AssertOp::eq, "200"), {refused});
  CHECK_FALSE(none.passed);
  CHECK(none.actual == "(no response)");
  CHECK_THAT(none.message, Catch::Contains("connection refused by 127.0.0.1:1"));
}

TEST_CASE("expected values take {{variables}}: a captured number compares with a number", "[assertion]") {
  std::vector<ExchangeLog> hops = {response(200, kJsonBody, {{"X-Name", "Ada"}})};
  Environment env;
  set_variable(env, "id", "42", false);
  set_variable(env, "who", "Ada", false);
  CHECK(one(make(AssertSubject::json, AssertOp::eq, "\"{{id}}\"", "$.id"), hops, &env).passed);
  CHECK(one(make(AssertSubject::header, AssertOp::eq, "\"{{who}}\"", "X-Name"), hops, &env).passed);
  // The same reference against a string holding those digits compares as text.
  std::vector<ExchangeLog> text_hops = {response(200, R"({"id": "42", "other": "43"})", {})};
  CHECK(one(make(AssertSubject::json, AssertOp::eq, "\"{{id}}\"", "$.id"), text_hops, &env).passed);
  CHECK_FALSE(one(make(AssertSubject::json, AssertOp::eq, "\"{{id}}\"", "$.other"), text_hops, &env).passed);
  CHECK(one(make(AssertSubject::json, AssertOp::eq, "\"name: {{who}}\"", "$.name"), hops, &env).passed == false);
  AssertionResult unknown = one(make(AssertSubject::json, AssertOp::eq, "\"{{nope}}\"", "$.id"), hops, &env);
  CHECK_FALSE(unknown.passed);
  CHECK_THAT(unknown.message, Catch::Contains("nope"));
}

TEST_CASE("bad assertions are refused with what the subject takes", "[assertion]") {
  auto error = [](AssertSubject s, AssertOp op, std::string expected, std::string selector = {}) {
    Assertion a;
    a.subject = s;
    a.op = op;
    a.expected = std::move(expected);
    a.selector = std::move(selector);
    Error e = validate_assertion(a);
    return e ? e.message : std::string();
  };
  CHECK_THAT(error(AssertSubject::status, AssertOp::contains, "\"2\""), Catch::StartsWith("has op \"contains\", which status does not take"));
  CHECK(error(AssertSubject::status, AssertOp::eq, "\"ok\"") ==
        "status is a number: value must be a number (or a \"{{variable}}\"), not \"ok\"");
  CHECK(error(AssertSubject::status, AssertOp::in_range, "[300, 200]") == "in_range [300, 200] is empty: low is above high");
  CHECK_THAT(error(AssertSubject::status, AssertOp::status_class, "\"6xx\""), Catch::StartsWith("class takes \"1xx\" to \"5xx\""));
  CHECK(error(AssertSubject::header, AssertOp::exists, "") == "a header assertion needs \"name\": the header's name");
  CHECK_THAT(error(AssertSubject::json, AssertOp::eq, "1", "$.a["), Catch::StartsWith("path: invalid JSONPath \"$.a[\""));
  CHECK_THAT(error(AssertSubject::body, AssertOp::matches, "\"(\"", ""), Catch::Contains("is not a regular expression"));
  CHECK_THAT(error(AssertSubject::json, AssertOp::type, "\"float\"", "$.a"), Catch::StartsWith("type takes one of"));
  CHECK(error(AssertSubject::json, AssertOp::exists, "1", "$.a") == "\"exists\" takes no \"value\"");
  CHECK(error(AssertSubject::body, AssertOp::eq, "") == "needs \"value\": what to compare with");
}

TEST_CASE("captures take JSON, a header, a cookie, a regex group and the status into the environment", "[capture]") {
  std::vector<ExchangeLog> hops = {response(201, R"({"token": "t-1", "user": {"id": 7}, "list": [1, 2]})",
                                            {{"Location", "/users/7"},
                                             {"Set-Cookie", "theme=dark"},
                                             {"Set-Cookie", " sid = s-99 ; Path=/; Secure"}})};
  auto capture = [](std::string variable, CaptureSource from, std::string selector, int group = 1, bool secret = false) {
    Capture c;
    c.variable = std::move(variable);
    c.from = from;
    c.selector = std::move(selector);
    c.group = group;
    c.secret = secret;
    REQUIRE_FALSE(validate_capture(c));
    return c;
  };
  std::vector<Capture> captures = {
      capture("token", CaptureSource::json, "$.token", 1, true),
      capture("user_id", CaptureSource::json, "$.user.id"),
      capture("user", CaptureSource::json, "$.user"),
      capture("where", CaptureSource::header, "location"),
      capture("sid", CaptureSource::cookie, "sid"),
      capture("num", CaptureSource::regex, "\"id\": (\\d+)"),
      capture("code", CaptureSource::status, ""),
      capture("missing", CaptureSource::json, "$.nope"),
      capture("many", CaptureSource::json, "$.list[*]"),
      capture("nocookie", CaptureSource::cookie, "lang"),
  };
  Environment env;
  set_variable(env, "user_id", "old", false);
  std::vector<CaptureResult> r = evaluate_captures(captures, record_of(hops), &env);
  REQUIRE(r.size() == captures.size());
  CHECK(r[0].ok);
  CHECK(r[0].value == "t-1");
  CHECK(r[0].secret);
  CHECK(r[1].value == "7");
  CHECK(r[2].value == R"({"id":7})");
  CHECK(r[3].value == "/users/7");
  CHECK(r[4].value == "s-99");
  CHECK(r[5].value == "7");
  CHECK(r[6].value == "201");
  CHECK_FALSE(r[7].ok);
  CHECK(r[7].message == "capture missing from json $.nope: $.nope selected nothing in the body");
  CHECK_FALSE(r[8].ok);
  CHECK_THAT(r[8].message, Catch::Contains("selected 2 nodes; a capture takes one"));
  CHECK_FALSE(r[9].ok);
  CHECK_THAT(r[9].message, Catch::Contains("sets no cookie named lang"));
  REQUIRE(env.find("token"));
  CHECK(env.find("token")->value == "t-1");
  CHECK(env.find("token")->secret);
  CHECK(env.find("user_id")->value == "7");  // replaced, not added twice
  CHECK(env.variables.size() == 7);
  CHECK_FALSE(env.find("missing"));

  Capture bad;
  bad.variable = "x";
  bad.from = CaptureSource::regex;
  bad.selector = "(a)";
  bad.group = 2;
  CHECK(validate_capture(bad).message == "group 2 does not exist: /(a)/ has 1 group(s)");
  bad.variable = "not a name";
  CHECK_THAT(validate_capture(bad).message, Catch::Contains("is not a variable name"));
}
