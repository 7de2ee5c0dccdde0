// HttpExchange driven with fake times and bytes: the sans-I/O unit is fed exactly what a
// transport would deliver, so these tests exercise the real state machine.
#include <catch2/catch.hpp>

#include "shared/exchange.h"

using namespace wirepad;

TEST_CASE("a GET exchange runs from start to done", "[exchange]") {
  HttpRequest request;
  request.url = "http://127.0.0.1:8080/hello";
  auto created = HttpExchange::create(request);
  REQUIRE(created.ok());
  HttpExchange exchange = std::move(created.value());
  exchange.start(100.0);
  exchange.on_resolved("127.0.0.1:8080", 100.1);
  exchange.on_connected(100.2);
  std::string out = exchange.take_outgoing();
  CHECK(out ==
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\n");
  exchange.on_data("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 100.5);
  CHECK(exchange.log().phase == Phase::done);
  CHECK(exchange.log().body() == "hello");
  CHECK(exchange.log().timings.total == Approx(0.5));
}
