// core: a text/event-stream response inside HttpExchange (ExchangeLog::sse): events parsed as the
// body arrives, chunked or read until the close, gzip undone, streamed to a sink, cancelled
// mid-stream; each event timed by the read that completed it, its offset in the body.
#include <catch2/catch.hpp>

#include <string>

#include "shared/content_decoding.h"
#include "shared/exchange.h"
#include "shared/sse_reconnect.h"

using namespace wirepad;

namespace {

HttpExchange started(double at = 10.0) {
  HttpRequest request;
  request.url = "http://127.0.0.1:8080/sse";
  auto created = HttpExchange::create(request);
  REQUIRE(created.ok());
  HttpExchange exchange = std::move(created.value());
  exchange.start(at);
  exchange.on_resolved("127.0.0.1:8080", at);
  exchange.on_connected(at);
  exchange.take_outgoing();
  return exchange;
}

std::string chunk(std::string_view data) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

}  // namespace

TEST_CASE("SSE exchange: a chunked event stream is parsed read by read", "[sse]") {
  HttpExchange exchange = started();
  exchange.on_data("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n", 10.1);
  CHECK(exchange.log().sse.active);
  CHECK(exchange.log().sse.events.empty());
  exchange.on_data(chunk("retry: 500\nid: 1\nevent: tick\ndata: {\"n\":1}\n\n: ping\ndata: half"), 10.5);
  REQUIRE(exchange.log().sse.events.size() == 1);
  const SseEvent& first = exchange.log().sse.events[0];
  CHECK(first.type == "tick");
  CHECK(first.id == "1");
  CHECK(first.data == "{\"n\":1}");
  CHECK(first.at == Approx(0.5));
  CHECK(first.offset == 0);
  CHECK(exchange.log().sse.retry_ms == 500u);
  exchange.on_data(chunk(" two\r"), 11.0);
  exchange.on_data(chunk("\n\r\n"), 12.25);  // the CR and its LF came in different reads
  REQUIRE(exchange.log().sse.events.size() == 2);
  const SseEvent& second = exchange.log().sse.events[1];
  CHECK(second.data == "half two");
  CHECK(second.id == "1");
  CHECK(second.at == Approx(2.25));
  CHECK(exchange.log().body().substr(second.offset, 6) == ": ping");
  CHECK(exchange.log().sse.comments == 1);
  exchange.on_data(chunk("data: unfinished\n") + "0\r\n\r\n", 13.0);
  CHECK(exchange.log().phase == Phase::done);
  CHECK(exchange.log().sse.ended);
  CHECK(exchange.log().sse.events.size() == 2);
  CHECK(exchange.log().sse.discarded == std::string("data: unfinished\n").size());
  bool timeline_names_it = false;
  for (const ExchangeEvent& e : exchange.log().events) timeline_names_it |= e.text == "event 2: message, id 1, 8 bytes of data";
  CHECK(timeline_names_it);
}

TEST_CASE("SSE exchange: read until the close, then cancelled: what came is kept", "[sse]") {
  HttpExchange exchange = started();
  exchange.on_data("HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\nda", 10.1);
  REQUIRE(exchange.log().sse.events.size() == 1);
  exchange.on_data("ta: b\n\n", 10.2);
  REQUIRE(exchange.log().sse.events.size() == 2);
  CHECK(exchange.log().sse.events[1].offset == 9);
  exchange.cancel(10.3);
  CHECK(exchange.log().phase == Phase::cancelled);
  CHECK(exchange.log().sse.ended);
  CHECK(exchange.log().sse.events.size() == 2);
  CHECK(exchange.log().body() == "data: a\n\ndata: b\n\n");
}

TEST_CASE("SSE exchange: other content types are not parsed as events", "[sse]") {
  HttpExchange exchange = started();
  exchange.on_data("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\ndata: a\n\n", 10.1);
  CHECK(exchange.log().phase == Phase::done);
  CHECK_FALSE(exchange.log().sse.active);
  CHECK(exchange.log().sse.events.empty());
}

TEST_CASE("SSE exchange: a streamed body (a sink) is parsed too", "[sse]") {
  HttpExchange exchange = started();
  std::string written;
  BodySink sink;
  sink.write = [&](std::string_view bytes) {
    written.append(bytes);
    return Error();
  };
  exchange.set_body_sink(std::move(sink));
  exchange.on_data("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       chunk("event: x\ndata: 1\n\n"),
                   10.1);
  REQUIRE(exchange.log().sse.events.size() == 1);
  CHECK(exchange.log().sse.events[0].type == "x");
  CHECK(written == "event: x\ndata: 1\n\n");
}

TEST_CASE("SSE reconnect: after a close, with the server's retry and Last-Event-ID, limited", "[sse]") {
  HttpExchange exchange = started();
  exchange.on_data("HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\nretry: 250\nid: 7\ndata: a\n\n", 10.1);
  exchange.on_closed(10.2);
  const ExchangeLog& log = exchange.log();
  REQUIRE(log.phase == Phase::done);
  SseReconnectDecision d = decide_sse_reconnect(log, log.sse.retry_ms, log.sse.last_event_id, 0);
  CHECK(d.reconnect);
  CHECK(d.delay_ms == 250);
  CHECK(d.reason == "the server closed the stream; reconnect 1 of 3 in 250 ms (the server's retry:) with Last-Event-ID 7");
  SseReconnectDecision last = decide_sse_reconnect(log, std::nullopt, "", 3);
  CHECK_FALSE(last.reconnect);
  CHECK(last.reason == "not reconnecting: the server closed the stream and all 3 reconnects were made");
  CHECK(decide_sse_reconnect(log, std::nullopt, "", 0).delay_ms == 3000);

  HttpRequest request;
  request.url = "http://127.0.0.1:8080/sse";
  request.headers = {{"Last-Event-ID", "old"}, {"X-A", "1"}};
  HttpRequest again = sse_reconnect_request(request, "7");
  REQUIRE(again.headers.size() == 3);
  CHECK(again.headers[0].name == "X-A");
  CHECK(again.headers[1].value == "7");
  CHECK(again.headers[2].value == "text/event-stream");
  CHECK(sse_reconnect_request(request, "").headers.size() == 2);  // no id seen: no Last-Event-ID
}

TEST_CASE("SSE reconnect: a cancel, a non-200 status or another type fail the connection", "[sse]") {
  HttpExchange cancelled = started();
  cancelled.on_data("HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\n", 10.1);
  cancelled.cancel(10.2);
  CHECK_FALSE(decide_sse_reconnect(cancelled.log(), std::nullopt, "", 0).reconnect);
  HttpExchange not_found = started();
  not_found.on_data("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", 10.1);
  SseReconnectDecision d = decide_sse_reconnect(not_found.log(), std::nullopt, "", 0);
  CHECK_FALSE(d.reconnect);
  CHECK(d.reason == "not reconnecting: the status is 404, not 200");
  HttpExchange html = started();
  html.on_data("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n", 10.1);
  CHECK(decide_sse_reconnect(html.log(), std::nullopt, "", 0).reason == "not reconnecting: the response is not text/event-stream");
  HttpExchange reset = started();
  reset.on_data("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n", 10.1);
  reset.on_error(make_error(ErrorCode::connection_reset, "reset by peer"), 10.2);
  CHECK(decide_sse_reconnect(reset.log(), std::nullopt, "", 0).reconnect);
}
