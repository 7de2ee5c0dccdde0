// Where an exchange keeps the response body: once. Framed by Content-Length or by the close it
// is a range of bytes_received (no copy); chunked it is the joined chunks; streamed to a
// BodySink (wirepad send -o) it is not kept at all. The received bytes stay byte-exact for the
// wire, raw and hex views in every case. Driven through the real sans-I/O state machine.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shared/exchange.h"

using namespace wirepad;

namespace {

HttpExchange connected_exchange(const std::string& method = "GET") {
  Result<HttpExchange> created = HttpExchange::create({method, "http://127.0.0.1:8080/x", {}, ""});
  REQUIRE(created.ok());
  HttpExchange x = std::move(created.value());
  x.start(0);
  x.on_resolved("127.0.0.1:8080", 0.001);
  x.on_connected(0.002);
  x.take_outgoing();
  return x;
}

// Feeds `wire` in pieces of `step` bytes (0: whole).
void feed(HttpExchange& x, const std::string& wire, std::size_t step) {
  if (step == 0) step = wire.size();
  for (std::size_t i = 0; i < wire.size(); i += step) x.on_data(std::string_view(wire).substr(i, step), 0.01 + double(i) * 1e-6);
}

// The received wire chunks joined, as the wire view and the pcap export read them.
std::string joined_received(const ExchangeLog& log) {
  std::string all;
  for (const WireChunk& c : log.wire)
    if (!c.sent) all += log.bytes_of(c);
  return all;
}

}  // namespace

TEST_CASE("a Content-Length body is a range of the received bytes, not a copy", "[exchange][body]") {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world";
  auto step = GENERATE(0u, 1u, 7u);
  CAPTURE(step);
  HttpExchange x = connected_exchange();
  feed(x, wire, step);
  const ExchangeLog& log = x.log();
  REQUIRE(log.phase == Phase::done);
  CHECK(log.body() == "hello world");
  CHECK(log.display_body() == "hello world");
  CHECK(log.body_in_received);
  CHECK(log.response.body.empty());  // not held a second time
  CHECK(log.body_offset == wire.size() - 11);
  CHECK(log.bytes_received == wire);
  CHECK(joined_received(log) == wire);
}

TEST_CASE("a read-until-close body is a range too, and grows while it arrives", "[exchange][body]") {
  HttpExchange x = connected_exchange();
  x.on_data("HTTP/1.0 200 OK\r\n\r\nfirst ", 0.01);
  CHECK(x.log().body() == "first ");
  x.on_data("second", 0.02);
  CHECK(x.log().body() == "first second");
  x.on_closed(0.03);
  REQUIRE(x.log().phase == Phase::done);
  CHECK(x.log().body_in_received);
  CHECK(x.log().response.body.empty());
  CHECK(x.log().bytes_received == "HTTP/1.0 200 OK\r\n\r\nfirst second");
}

TEST_CASE("bytes after a Content-Length body are not part of the body", "[exchange][body]") {
  HttpExchange x = connected_exchange();
  x.on_data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", 0.01);
  REQUIRE(x.log().phase == Phase::done);
  CHECK(x.log().body() == "ok");
  CHECK(x.log().bytes_received == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");
}

TEST_CASE("a chunked body is the chunks joined, the wire bytes stay as received", "[exchange][body]") {
  const std::string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
  auto step = GENERATE(0u, 1u, 4u);
  CAPTURE(step);
  HttpExchange x = connected_exchange();
  feed(x, wire, step);
  REQUIRE(x.log().phase == Phase::done);
  CHECK(x.log().body() == "hello world");
  CHECK_FALSE(x.log().body_in_received);
  CHECK(x.log().bytes_received == wire);
  CHECK(joined_received(x.log()) == wire);
}

TEST_CASE("a response to HEAD or a 204 has an empty body range", "[exchange][body]") {
  HttpExchange head = connected_exchange("HEAD");
  head.on_data("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 0.01);
  REQUIRE(head.log().phase == Phase::done);
  CHECK(head.log().body().empty());
  HttpExchange none = connected_exchange();
  none.on_data("HTTP/1.1 204 No Content\r\n\r\n", 0.01);
  REQUIRE(none.log().phase == Phase::done);
  CHECK(none.log().body().empty());
}

TEST_CASE("a streamed body goes to the sink and is not kept", "[exchange][body][sink]") {
  auto framing = GENERATE(as<std::string>{}, "length", "chunked", "close");
  auto step = GENERATE(0u, 1u, 5u);
  CAPTURE(framing, step);
  const std::string body = "0123456789abcdefghij";
  std::string head, wire;
  if (framing == "length") {
    head = "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n";
    wire = head + body;
  } else if (framing == "chunked") {
    head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    wire = head + "7\r\n0123456\r\nd\r\n789abcdefghij\r\n0\r\n\r\n";
  } else {
    head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
    wire = head + body;
  }
  HttpExchange x = connected_exchange();
  std::string written;
  int heads_seen = 0;
  BodySink sink;
  sink.accept = [&](const ExchangeLog& log) {
    ++heads_seen;
    CHECK(log.response.status == 200);
    return true;
  };
  sink.write = [&](std::string_view bytes) {
    written += bytes;
    return Error();
  };
  x.set_body_sink(std::move(sink));
  feed(x, wire, step);
  if (framing == "close") x.on_closed(0.5);
  const ExchangeLog& log = x.log();
  REQUIRE(log.phase == Phase::done);
  CHECK(heads_seen == 1);
  CHECK(written == body);
  CHECK(log.body_streamed == body.size());
  CHECK(log.body().empty());
  CHECK(log.bytes_received == head);  // the head only
  CHECK(log.received_size() == wire.size());
  // The wire chunks still cover every byte received, in order; only the kept ones have bytes.
  std::size_t covered = 0;
  for (const WireChunk& c : log.wire) {
    if (c.sent) continue;
    CHECK(c.offset == covered);
    covered += c.size;
  }
  CHECK(covered == wire.size());
  CHECK(joined_received(log) == head);
}

TEST_CASE("a body the sink declines is kept as usual", "[exchange][body][sink]") {
  HttpExchange x = connected_exchange();
  BodySink sink;
  sink.accept = [](const ExchangeLog& log) { return log.response.status != 301; };
  sink.write = [](std::string_view) { return make_error(ErrorCode::io_error, "must not be called"); };
  x.set_body_sink(std::move(sink));
  x.on_data("HTTP/1.1 301 Moved\r\nLocation: /y\r\nContent-Length: 4\r\n\r\nmove", 0.01);
  REQUIRE(x.log().phase == Phase::done);
  CHECK(x.log().body() == "move");
  CHECK(x.log().body_streamed == 0);
}

TEST_CASE("a sink that cannot write fails the exchange with its own error", "[exchange][body][sink]") {
  HttpExchange x = connected_exchange();
  BodySink sink;
  std::size_t calls = 0;
  sink.write = [&](std::string_view) {
    ++calls;
    return make_error(ErrorCode::io_error, "cannot write the body to 'out.bin' after 0 bytes: No space left on device");
  };
  x.set_body_sink(std::move(sink));
  x.on_data("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234", 0.01);
  x.on_data("56789", 0.02);
  CHECK(calls == 1);
  REQUIRE(x.log().phase == Phase::failed);
  CHECK(x.log().error.code == ErrorCode::io_error);
  CHECK(x.log().error.message == "cannot write the body to 'out.bin' after 0 bytes: No space left on device");
  CHECK(x.log().has_response_head);
}
