// The sans-I/O test run (shared/test_run.h) driven by hand: chaining with captures flowing
// forward, skip and skip_if, repeat_until with its limit, data rows as iterations, bail; the
// "test" object of the experiment format (format 4) read, written and refused; data rows
// from CSV and JSON; the reports (JUnit is checked by xmllint in tests/native/test_cli_test.cpp).
#include <catch2/catch.hpp>

#include "shared/data_rows.h"
#include "shared/experiment.h"
#include "shared/test_report.h"
#include "shared/test_run.h"

using namespace wirepad;

namespace {

ExchangeLog answer(int status, std::string body) {
  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.response.status = status;
  log.response.body = std::move(body);
  log.timings.total = 0.005;
  return log;
}

Experiment experiment(const std::string& name, const std::string& url, const std::string& test_json) {
  std::string text = R"({"wirepad": 4, "kind": "http", "name": ")" + name + R"(", "request": {"method": "GET", "url": ")" + url +
                     R"("}, "test": )" + test_json + "}";
  Result<Experiment> e = parse_experiment(text);
  INFO(text << "\n" << (e ? std::string() : e.error().message));
  REQUIRE(e.ok());
  return e.value();
}

}  // namespace

TEST_CASE("a run chains captures forward and records each request", "[test_run]") {
  std::vector<RunItem> items = {
      {"login.json", experiment("login", "http://h/login",
                                R"({"assert": [{"subject": "status", "op": "==", "value": 200}],
                                    "capture": [{"variable": "token", "from": "json", "path": "$.token", "secret": true}]})")},
      {"me.json", experiment("me", "http://h/me?t={{token}}",
                             R"({"assert": [{"subject": "json", "path": "$.token", "op": "==", "value": "{{token}}"}]})")},
  };
  TestRun run(items, Environment{"dev", {}}, {});
  TestRun::Step s = run.next();
  REQUIRE(s.kind == TestRun::Step::Kind::send);
  CHECK(s.item->path == "login.json");
  CHECK_FALSE(run.variables().find("token"));
  run.sent({answer(200, R"({"token": "abc1"})")});
  s = run.next();
  REQUIRE(s.kind == TestRun::Step::Kind::send);
  CHECK(s.item->path == "me.json");
  REQUIRE(run.variables().find("token"));
  CHECK(run.variables().find("token")->value == "abc1");  // what the front end resolves request 2 with
  ExchangeLog me = answer(200, R"({"token": "abc1"})");
  me.target_url = "http://h/me?t=abc1";
  run.sent({me});
  CHECK(run.next().kind == TestRun::Step::Kind::done);
  const RunReport& report = run.report();
  REQUIRE(report.results.size() == 2);
  CHECK(report.all_passed());
  CHECK(report.environment == "dev");
  CHECK(report.results[0].captures[0].value == "(secret)");
  // Request 2's assertion compared the secret: its expected and actual are redacted too.
  CHECK(report.results[1].assertions[0].expected == "\"(secret)\"");
  CHECK(report.results[1].url == "http://h/me?t=(secret)");
  RunCounts c = report.counts();
  CHECK(c.passed == 2);
  CHECK(c.assertions == 2);
  // A secret capture never reaches a report.
  for (const std::string& text : {report_text(report), report_json(report), report_junit(report), report_tap(report),
                                  report_html(report)})
    CHECK(text.find("abc1") == std::string::npos);
}

TEST_CASE("skip, skip_if, failures, errors and bail", "[test_run]") {
  std::vector<RunItem> items = {
      {"a.json", experiment("a", "http://h/a", R"({"skip": true})")},
      {"b.json", experiment("b", "http://h/b", R"({"skip_if": [{"variable": "token", "op": "not_exists"}]})")},
      {"c.json", experiment("c", "http://h/c", R"({"assert": [{"subject": "status", "op": "class", "value": "2xx"}]})")},
      {"d.json", experiment("d", "http://h/d", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
      {"e.json", experiment("e", "http://h/e", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
  };
  SECTION("continue after failures") {
    TestRun run(items, {}, {});
    TestRun::Step s = run.next();
    CHECK(s.item->path == "c.json");  // a and b were skipped without a send
    run.sent({answer(500, "")});
    s = run.next();
    CHECK(s.item->path == "d.json");
    run.not_sent("{{host}} has no value");
    s = run.next();
    ExchangeLog refused;
    refused.phase = Phase::failed;
    refused.error = make_error(ErrorCode::connect_refused, "refused");
    run.sent({refused});
    CHECK(run.next().kind == TestRun::Step::Kind::done);
    const auto& r = run.report().results;
    REQUIRE(r.size() == 5);
    CHECK(r[0].outcome == RequestOutcome::skipped);
    CHECK(r[0].message == "skipped: \"skip\" is set");
    CHECK(r[1].outcome == RequestOutcome::skipped);
    CHECK(r[1].message == "skipped: skip_if {{token}} not_exists holds");
    CHECK(r[2].outcome == RequestOutcome::failed);
    CHECK(r[2].message == "expected status 2xx, but it is 500");
    CHECK(r[3].outcome == RequestOutcome::error);
    CHECK(r[3].message == "not sent: {{host}} has no value");
    CHECK(r[4].outcome == RequestOutcome::error);
    CHECK_FALSE(run.report().all_passed());
    RunCounts c = run.report().counts();
    CHECK((c.skipped == 2 && c.failed == 1 && c.errors == 2));
  }
  SECTION("bail stops at the first failure") {
    TestRun run(items, {}, {}, TestRunOptions{true});
    run.next();
    run.sent({answer(404, "")});
    CHECK(run.next().kind == TestRun::Step::Kind::done);
    CHECK(run.report().bailed);
    CHECK(run.report().results.size() == 3);
    CHECK_THAT(report_text(run.report()), Catch::Contains("stopped at the first failure (--bail)"));
    CHECK_THAT(report_tap(run.report()), Catch::Contains("Bail out!"));
  }
}

TEST_CASE("repeat_until sends again until it holds, within its limit", "[test_run]") {
  const char* spec = R"({"repeat_until": {"assert": [{"subject": "json", "path": "$.state", "op": "==", "value": "done"}],
                                          "max_attempts": 3, "delay_ms": 250},
                         "assert": [{"subject": "status", "op": "==", "value": 200}]})";
  SECTION("holds on the second send") {
    TestRun run({{"job.json", experiment("job", "http://h/job", spec)}}, {}, {});
    TestRun::Step s = run.next();
    CHECK(s.attempt == 1);
    CHECK(s.delay_ms == 0);
    run.sent({answer(200, R"({"state": "running"})")});
    s = run.next();
    REQUIRE(s.kind == TestRun::Step::Kind::send);
    CHECK(s.attempt == 2);
    CHECK(s.delay_ms == 250);
    run.sent({answer(200, R"({"state": "done"})")});
    CHECK(run.next().kind == TestRun::Step::Kind::done);
    const RequestResult& r = run.report().results.at(0);
    CHECK(r.outcome == RequestOutcome::passed);
    CHECK(r.attempts == 2);
    CHECK(r.assertions.at(0).actual == "held after 2 sends");
  }
  SECTION("gives up at the limit") {
    TestRun run({{"job.json", experiment("job", "http://h/job", spec)}}, {}, {});
    int sends = 0;
    for (TestRun::Step s = run.next(); s.kind == TestRun::Step::Kind::send; s = run.next()) {
      ++sends;
      run.sent({answer(200, R"({"state": "running"})")});
    }
    CHECK(sends == 3);
    const RequestResult& r = run.report().results.at(0);
    CHECK(r.outcome == RequestOutcome::failed);
    CHECK(r.attempts == 3);
    CHECK_THAT(r.message, Catch::StartsWith("gave up after 3 sends: expected json $.state \"done\", but it is \"running\""));
  }
}

TEST_CASE("data rows run every request once per row, captures kept within an iteration", "[test_run][data_rows]") {
  Result<DataSet> rows = parse_data_rows("user,id\nada,1\n\"grace, h\",2\r\n", "users.csv");
  REQUIRE(rows.ok());
  std::vector<RunItem> items = {
      {"get.json", experiment("get", "http://h/users/{{id}}",
                              R"({"assert": [{"subject": "json", "path": "$.name", "op": "==", "value": "{{user}}"}],
                                  "capture": [{"variable": "seen", "from": "json", "path": "$.name"}]})")},
      {"check.json", experiment("check", "http://h/x", R"({"skip_if": [{"variable": "seen", "op": "==", "value": "ada"}]})")},
  };
  TestRun run(items, {}, rows->rows);
  std::vector<std::string> sent_for;
  for (TestRun::Step s = run.next(); s.kind == TestRun::Step::Kind::send; s = run.next()) {
    sent_for.push_back(s.item->path + "#" + std::to_string(s.iteration) + ":" + run.variables().find("user")->value);
    if (s.item->path == "get.json")
      run.sent({answer(200, "{\"name\": \"" + run.variables().find("user")->value + "\"}")});
    else
      run.sent({answer(200, "{}")});
  }
  // Iteration 1 skips check.json (seen == ada); iteration 2 starts afresh and sends it.
  CHECK(sent_for == std::vector<std::string>{"get.json#1:ada", "get.json#2:grace, h", "check.json#2:grace, h"});
  CHECK(run.report().iterations == 2);
  CHECK(run.report().results.size() == 4);
  CHECK(run.report().all_passed());
}

TEST_CASE("data rows from CSV and JSON, and their errors", "[data_rows]") {
  Result<DataSet> csv = parse_csv_rows("\xEF\xBB\xBFq,n\n\"a \"\"b\"\"\nc\",1\nx,", "d.csv");
  REQUIRE(csv.ok());
  CHECK(csv->columns == std::vector<std::string>{"q", "n"});
  REQUIRE(csv->rows.size() == 2);
  CHECK(csv->rows[0][0].value == "a \"b\"\nc");
  CHECK(csv->rows[1][1].value == "");

  Result<DataSet> json = parse_json_rows(R"([{"a": "x", "n": 1, "b": true, "z": null}, {"c": [1, 2]}])", "d.json");
  REQUIRE(json.ok());
  CHECK(json->columns == std::vector<std::string>{"a", "n", "b", "z", "c"});
  CHECK(json->rows[0][1].value == "1");
  CHECK(json->rows[0][2].value == "true");
  CHECK(json->rows[0][3].value == "");
  CHECK(json->rows[1][0].value == "[1,2]");

  auto error = [](std::string_view text, std::string_view source) {
    Result<DataSet> r = parse_data_rows(text, source);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::invalid_experiment);
    return r.error().message;
  };
  CHECK(error("", "e.csv") == "e.csv: the file is empty: expected a header row of variable names");
  CHECK(error("a,b\n1,2,3\n", "e.csv") == "e.csv: record 2 (from line 2) has 3 fields; the header has 2");
  CHECK(error("a,b\n1,x\"y\n", "e.csv") ==
        "e.csv: line 2, field 2: a quote inside an unquoted field (quote the whole field and write the quote as \"\")");
  CHECK(error("a\n\"open\n", "e.csv") == "e.csv: line 2, field 1: the quote opened here is never closed");
  CHECK(error("a\n\"x\"y\n", "e.csv") ==
        "e.csv: line 2, field 1: text after the closing quote (a quote inside a quoted field is written \"\")");
  CHECK(error("a,a\n", "e.csv") == "e.csv: line 1, field 2: the column \"a\" appears twice");
  CHECK(error("a b\n", "e.csv") == "e.csv: line 1, field 1: \"a b\" is not a variable name (letters, digits, '_', '-', '.')");
  CHECK(error("{\"a\": 1}", "e.json") == "e.json: expected an array of objects, not object");
  CHECK(error("[1]", "e.json") == "e.json: element 0 must be an object of variables, not number");
  CHECK(error("[{\"a b\": 1}]", "e.json") ==
        "e.json: element 0: key \"a b\" is not a variable name (letters, digits, '_', '-', '.')");
  CHECK_THAT(error("[{", "e.json"), Catch::StartsWith("e.json: not valid JSON"));
  CHECK(parse_data_rows(" [{\"a\": 1}]", "stdin").ok());  // no extension: JSON by its first byte
}

TEST_CASE("the test object: format 4 written only when needed, read back the same, refused with key paths",
          "[test_run][experiment]") {
  Experiment e = experiment("x", "http://h/", R"x({
      "skip_if": [{"variable": "a", "op": "==", "value": "1"}],
      "repeat_until": {"assert": [{"subject": "status", "op": "==", "value": 200}], "max_attempts": 5, "delay_ms": 10},
      "assert": [{"subject": "header", "name": "ETag", "op": "exists", "label": "has an ETag"},
                 {"subject": "json", "path": "$.a", "op": "in_range", "value": [1, 2], "enabled": false}],
      "capture": [{"variable": "g", "from": "regex", "regex": "(a)(b)", "group": 2}, {"variable": "s", "from": "status"}]})x");
  CHECK(e.test.assertions.size() == 2);
  CHECK(e.test.assertions[0].label == "has an ETag");
  CHECK_FALSE(e.test.assertions[1].enabled);
  CHECK(e.test.captures[0].group == 2);
  std::string text = serialize_experiment(e);
  CHECK_THAT(text, Catch::StartsWith("{\n  \"wirepad\": 4"));
  Result<Experiment> again = parse_experiment(text);
  REQUIRE(again.ok());
  CHECK(again.value() == e);
  e.test = {};
  CHECK_THAT(serialize_experiment(e), Catch::StartsWith("{\n  \"wirepad\": 1"));  // older readers still open it

  auto error = [](const std::string& test_json) {
    Result<Experiment> r = parse_experiment(R"({"wirepad": 4, "request": {"url": "http://h/"}, "test": )" + test_json + "}");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK_THAT(error(R"({"asserts": []})"), Catch::Contains("test.asserts is not a key here (it takes skip, skip_if, repeat_until, assert, capture)"));
  CHECK_THAT(error(R"({"assert": [{"subject": "status", "op": "contains", "value": "2"}]})"),
             Catch::Contains("test.assert[0] (status contains \"2\") has op \"contains\", which status does not take"));
  CHECK_THAT(error(R"({"assert": [{"subject": "json", "path": "$[", "op": "exists"}]})"),
             Catch::Contains("test.assert[0] (json $[ exists) path: invalid JSONPath \"$[\" at position 2"));
  CHECK_THAT(error(R"({"capture": [{"variable": "x", "from": "cookie", "path": "$.a"}]})"),
             Catch::Contains("test.capture[0].path does not go with from \"cookie\" (it takes \"name\")"));
  CHECK_THAT(error(R"({"repeat_until": {"assert": [], "max_attempts": 3}})"), Catch::Contains("test.repeat_until.assert must list what to wait for"));
  CHECK_THAT(error(R"({"repeat_until": {"assert": [{"subject": "status", "op": "==", "value": 200}], "max_attempts": 0}})"),
             Catch::Contains("test.repeat_until.max_attempts must be an integer from 1 to 1000"));
  CHECK_THAT(error(R"([])"), Catch::Contains("test must be an object, not array"));
  // Found by the test_spec fuzzer: the depth limit's error is an experiment error like the rest.
  Result<Experiment> deep = parse_experiment(R"({"test": )" + std::string(300, '[') + "}");
  REQUIRE_FALSE(deep.ok());
  CHECK(deep.error().code == ErrorCode::invalid_experiment);
  // A conversation's test looks at its messages (tests/core/message_assertions_test.cpp).
  Result<Experiment> socket = parse_experiment(R"({"wirepad": 6, "kind": "socket", "socket": {"host": "h", "port": 1, "steps": []},
      "test": {"assert": [{"subject": "status", "op": "==", "value": 200}]}})");
  REQUIRE_FALSE(socket.ok());
  CHECK_THAT(socket.error().message, Catch::Contains("test.assert[0]: a socket or WebSocket conversation has no status"));
}

TEST_CASE("reports: TAP 13, JSON and HTML carry expected and actual", "[test_report]") {
  std::vector<RunItem> items = {{"api/get.json", experiment("get", "http://h/g",
                                                          R"({"assert": [{"subject": "status", "op": "==", "value": 200},
                                                                         {"subject": "body", "op": "contains", "value": "<ok & fine>"}]})")}};
  TestRun run(items, {}, {});
  run.next();
  run.sent({answer(503, "busy")});
  run.next();
  const RunReport& report = run.report();
  std::string tap = report_tap(report);
  CHECK_THAT(tap, Catch::StartsWith("TAP version 13\n1..1\nnot ok 1 - api/get.json (get) GET http://h/g\n  ---\n"));
  CHECK_THAT(tap, Catch::Contains("      expected: \"200\"\n      actual: \"503\"\n"));
  CHECK_THAT(tap, Catch::EndsWith("  ...\n"));
  std::string junit = report_junit(report, "2026-01-01T00:00:00Z");
  CHECK_THAT(junit, Catch::Contains("<testcase name=\"body contains &quot;&lt;ok &amp; fine&gt;&quot;\" classname=\"api.get\""));
  CHECK_THAT(junit, Catch::Contains("tests=\"2\" failures=\"2\" errors=\"0\" skipped=\"0\""));
  std::string html = report_html(report);
  CHECK_THAT(html, Catch::Contains("<details class=\"failed\" open>"));
  CHECK(html.find("<script") == std::string::npos);
  CHECK_THAT(report_json(report), Catch::Contains("\"expected\": \"200\""));
  CHECK_THAT(report_text(report), Catch::Contains("FAIL  api/get.json (get)  GET http://h/g  503"));
}
