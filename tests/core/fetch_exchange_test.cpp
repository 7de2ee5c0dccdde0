// core: shared/fetch_exchange.h, a request sent with the browser's fetch() when the page has
// no relay: what is asked for, what is refused before sending, and what the log says was hidden.
#include <catch2/catch.hpp>

#include "shared/fetch_exchange.h"

using namespace wirepad;

namespace {

ExchangeLog created(const std::string& method, const std::string& url, Headers headers = {}, std::string body = "") {
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = std::move(headers);
  request.body = std::move(body);
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange);
  return exchange->log();
}

bool has_warning(const ExchangeLog& log, const std::string& text) {
  for (const std::string& w : log.warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("fetch plan: the composed headers go, the ones a page may not set are named, not dropped silently", "[fetch]") {
  ExchangeLog log = created("POST", "https://api.example.com/items",
                            {{"Content-Type", "application/json"}, {"Host", "other"}, {"Cookie", "a=1"}, {"X-Trace", "7"},
                             {"Sec-Fetch-Mode", "navigate"}, {"User-Agent", "mine"}},
                            "{}");
  FetchPlan plan = plan_fetch(log, "https://wirepad.example.org");
  CHECK_FALSE(plan.refused);
  CHECK(plan.method == "POST");
  CHECK(plan.url == "https://api.example.com/items");
  CHECK(plan.body == "{}");
  REQUIRE(plan.headers.size() == 2);
  CHECK(plan.headers[0].name == "Content-Type");
  CHECK(plan.headers[1].name == "X-Trace");
  REQUIRE(plan.dropped.size() == 4);
  CHECK(plan.dropped[0].rfind("Host (", 0) == 0);
  CHECK(plan.dropped[1].find("cookies") != std::string::npos);
  CHECK(plan.dropped[2].rfind("Sec-Fetch-Mode", 0) == 0);
  CHECK(plan.dropped[3].rfind("User-Agent", 0) == 0);
  // Wirepad's own defaults (User-Agent: wirepad, Accept) are not asked for: the browser has its own.
  ExchangeLog plain = created("GET", "https://api.example.com/");
  CHECK(plan_fetch(plain, "https://wirepad.example.org").headers.empty());
}

TEST_CASE("fetch plan: what fetch() cannot send is refused before anything leaves, saying why", "[fetch]") {
  const std::string page = "https://wirepad.example.org";
  FetchPlan trace = plan_fetch(created("TRACE", "https://api.example.com/"), page);
  REQUIRE(trace.refused);
  CHECK(trace.refused.message.find("TRACE") != std::string::npos);
  FetchPlan get_body = plan_fetch(created("GET", "https://api.example.com/", {}, "x=1"), page);
  REQUIRE(get_body.refused);
  CHECK(get_body.refused.message.find("body with GET") != std::string::npos);
  FetchPlan mixed = plan_fetch(created("GET", "http://api.example.com/"), page);
  REQUIRE(mixed.refused);
  CHECK(mixed.refused.message.find("mixed content") != std::string::npos);
  // Loopback is trustworthy to Chromium: http://127.0.0.1 from an https page is allowed.
  CHECK_FALSE(plan_fetch(created("GET", "http://127.0.0.1:8080/"), page).refused);
  CHECK_FALSE(plan_fetch(created("GET", "http://api.example.com/"), "http://127.0.0.1:8000").refused);

  ExchangeLog log = created("TRACE", "https://api.example.com/");
  begin_fetch_log(log, trace, 0);
  CHECK(log.phase == Phase::failed);
  CHECK(log.error.code == ErrorCode::invalid_request);
}

TEST_CASE("fetch log: a cross-origin answer says which headers the browser hid and that it decoded the body", "[fetch]") {
  const std::string page = "http://127.0.0.1:8000";
  ExchangeLog log = created("GET", "http://127.0.0.1:9000/json", {{"Cookie", "a=1"}});
  FetchPlan plan = plan_fetch(log, page);
  begin_fetch_log(log, plan, 1700000000000);
  CHECK(log.phase == Phase::waiting);
  CHECK(log.started_unix_ms == 1700000000000);
  FetchAnswer answer;
  answer.status = 200;
  answer.status_text = "OK";
  answer.type = "cors";
  answer.url = "http://127.0.0.1:9000/final";
  answer.redirected = true;
  answer.headers = {{"content-encoding", "gzip"}, {"content-type", "application/json"}};
  answer.body = R"({"ok":true})";
  answer.first_byte_ms = 12;
  answer.total_ms = 15;
  finish_fetch_log(log, plan, answer, page);
  CHECK(log.phase == Phase::done);
  CHECK(log.has_response_head);
  CHECK(log.response.status == 200);
  CHECK(log.body() == R"({"ok":true})");
  CHECK(log.response.headers.size() == 2);
  CHECK(log.timings.starttransfer == Approx(0.012));
  CHECK(log.timings.total == Approx(0.015));
  CHECK(log.timings.connect < 0);  // unknown, not zero
  CHECK(log.bytes_received.empty());
  CHECK(has_warning(log, "fetch()"));
  CHECK(has_warning(log, "Not sent (the browser refuses them from a page): Cookie"));
  CHECK(has_warning(log, "Access-Control-Expose-Headers"));
  CHECK(has_warning(log, "followed redirects to http://127.0.0.1:9000/final"));
  CHECK(has_warning(log, "decoded by the browser (Content-Encoding: gzip)"));
}

TEST_CASE("fetch log: a refusal is explained with the likely causes, a cancel and a timeout are named", "[fetch]") {
  const std::string page = "http://127.0.0.1:8000";
  ExchangeLog log = created("PUT", "https://api.example.com/items/1", {}, "{}");
  FetchPlan plan = plan_fetch(log, page);
  begin_fetch_log(log, plan, 0);
  FetchAnswer failed;
  failed.failed = true;
  failed.error_name = "TypeError";
  failed.error_message = "Failed to fetch";
  finish_fetch_log(log, plan, failed, page);
  CHECK(log.phase == Phase::failed);
  CHECK(log.error.code == ErrorCode::io_error);
  CHECK(log.error.message.find("TypeError: Failed to fetch") != std::string::npos);
  CHECK(log.error.message.find("must allow this page's origin http://127.0.0.1:8000") != std::string::npos);
  CHECK(log.error.message.find("certificate") != std::string::npos);
  CHECK(log.error.message.find("wirepad serve") != std::string::npos);

  // Same origin: CORS is not the cause, so it is not offered as one.
  ExchangeLog same = created("GET", "http://127.0.0.1:8000/x");
  FetchPlan same_plan = plan_fetch(same, page);
  finish_fetch_log(same, same_plan, failed, page);
  CHECK(same.error.message.find("CORS") == std::string::npos);

  FetchAnswer aborted;
  aborted.aborted = true;
  ExchangeLog cancelled = created("GET", "http://127.0.0.1:8000/x");
  finish_fetch_log(cancelled, same_plan, aborted, page);
  CHECK(cancelled.phase == Phase::cancelled);
  ExchangeLog timed_out = created("GET", "http://127.0.0.1:8000/x");
  finish_fetch_log(timed_out, same_plan, aborted, page, 30);
  CHECK(timed_out.phase == Phase::failed);
  CHECK(timed_out.error.code == ErrorCode::total_timeout);
}
