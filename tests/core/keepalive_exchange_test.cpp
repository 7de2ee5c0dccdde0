// Keep-alive decisions of the sans-I/O HttpExchange: when a connection may be reused, what a
// reused start logs, and when a request may be retried on a fresh connection. Driven with
// bytes and times (the socket-level behaviour is in tests/native/keepalive_test.cpp).
#include <catch2/catch.hpp>

#include "shared/exchange.h"

using namespace wirepad;

namespace {

HttpExchange make(std::string method = "GET", Headers headers = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = "http://example.test:8080/x";
  request.headers = std::move(headers);
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  return std::move(exchange).value();
}

// A fresh connection, the request sent, then `response` arriving in one piece.
bool reusable_after(const std::string& response, std::string method = "GET", Headers headers = {}) {
  HttpExchange x = make(std::move(method), std::move(headers));
  x.start(0);
  x.on_resolved("192.0.2.1:8080", 0.001);
  x.on_connected(0.002);
  REQUIRE_FALSE(x.take_outgoing().empty());
  x.on_data(response, 0.003);
  if (!x.finished()) x.on_closed(0.004);
  REQUIRE(x.log().phase == Phase::done);
  return x.connection_reusable();
}

}  // namespace

TEST_CASE("keep-alive: which responses leave a reusable connection", "[keepalive]") {
  CHECK(reusable_after("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  CHECK(reusable_after("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"));
  CHECK(reusable_after("HTTP/1.1 204 No Content\r\n\r\n"));
  CHECK(reusable_after("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", "HEAD"));
  CHECK(reusable_after("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok"));

  CHECK_FALSE(reusable_after("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
  CHECK_FALSE(reusable_after("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok"));
  CHECK_FALSE(reusable_after("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"));
  CHECK_FALSE(reusable_after("HTTP/1.1 200 OK\r\n\r\nuntil close"));  // read-until-close
  CHECK_FALSE(reusable_after("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"));
  CHECK_FALSE(reusable_after("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "GET", {{"Connection", "close"}}));
}

TEST_CASE("keep-alive: a reused start logs no lookup or connect, with curl's zero timings", "[keepalive]") {
  HttpExchange x = make();
  x.start_reused("192.0.2.1:8080", std::nullopt, 5.0);
  CHECK(x.log().events.front().text == "reused connection to 192.0.2.1:8080");
  CHECK(x.log().remote_address == "192.0.2.1:8080");
  std::string sent = x.take_outgoing();  // no connect event needed before sending
  CHECK(sent.rfind("GET /x HTTP/1.1\r\n", 0) == 0);
  x.on_data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 5.25);
  REQUIRE(x.log().phase == Phase::done);
  CHECK(x.log().timings.namelookup == 0);
  CHECK(x.log().timings.connect == 0);
  CHECK(x.log().timings.appconnect == 0);
  CHECK(x.log().timings.pretransfer == 0);
  CHECK(x.log().timings.starttransfer == Approx(0.25));
  CHECK(x.connection_reusable());
}

TEST_CASE("keep-alive: retry on a fresh connection only when safe", "[keepalive]") {
  SECTION("GET already sent: idempotent, retried once") {
    HttpExchange x = make();
    x.start_reused("192.0.2.1:8080", std::nullopt, 1.0);
    REQUIRE_FALSE(x.take_outgoing().empty());
    REQUIRE(x.can_retry_on_fresh_connection());
    x.restart_on_fresh_connection(1.1);
    CHECK(x.log().phase == Phase::resolving);
    CHECK(x.log().timings.connect == -1);
    CHECK(x.take_outgoing().empty());  // not before the new connection is up
    x.on_resolved("192.0.2.1:8080", 1.2);
    x.on_connected(1.3);
    CHECK_FALSE(x.take_outgoing().empty());
    CHECK(x.log().timings.connect == Approx(0.3));
    CHECK_FALSE(x.can_retry_on_fresh_connection());  // once only
    x.on_closed(1.4);
    CHECK(x.log().phase == Phase::failed);
  }
  SECTION("POST already sent: not retried") {
    HttpExchange x = make("POST");
    x.start_reused("192.0.2.1:8080", std::nullopt, 1.0);
    REQUIRE_FALSE(x.take_outgoing().empty());
    CHECK_FALSE(x.can_retry_on_fresh_connection());
  }
  SECTION("POST not sent yet: retried") {
    HttpExchange x = make("POST");
    x.start_reused("192.0.2.1:8080", std::nullopt, 1.0);
    CHECK(x.can_retry_on_fresh_connection());
  }
  SECTION("a response byte already received: never retried") {
    HttpExchange x = make();
    x.start_reused("192.0.2.1:8080", std::nullopt, 1.0);
    x.take_outgoing();
    x.on_data("HTTP/1.1 2", 1.1);
    CHECK_FALSE(x.can_retry_on_fresh_connection());
  }
  SECTION("a fresh connection is never retried") {
    HttpExchange x = make();
    x.start(1.0);
    x.on_connected(1.1);
    x.take_outgoing();
    CHECK_FALSE(x.can_retry_on_fresh_connection());
  }
}
