// core: SocketSession driven with events and times, no sockets.
#include <catch2/catch.hpp>

#include "shared/socket_session.h"

using namespace wirepad;

namespace {

Endpoint tcp_endpoint() {
  Endpoint e;
  e.protocol = Protocol::tcp;
  e.host = "127.0.0.1";
  e.port = 9000;
  return e;
}

SocketStep step(StepKind kind, std::string bytes = {}, double seconds = 5) { return SocketStep{kind, std::move(bytes), seconds}; }

}  // namespace

TEST_CASE("payloads decode from text, escapes and hex, with positions on errors", "[socket][payload]") {
  CHECK(*decode_payload("GET /\\r\\n", PayloadFormat::text) == "GET /\\r\\n");
  CHECK(*decode_payload("GET /\\r\\n\\x00\\t\\\\", PayloadFormat::escaped) == std::string("GET /\r\n\0\t\\", 10));
  CHECK(*decode_payload("48 65 6c:6C-6f\n0a", PayloadFormat::hex) == "Hello\n");
  CHECK(*decode_payload("", PayloadFormat::hex) == "");

  auto bad_escape = decode_payload("ab\\q", PayloadFormat::escaped);
  REQUIRE_FALSE(bad_escape);
  CHECK(bad_escape.error().offset == 2);
  CHECK(bad_escape.error().message.find("\\q") != std::string::npos);
  auto short_x = decode_payload("\\x4", PayloadFormat::escaped);
  REQUIRE_FALSE(short_x);
  CHECK(short_x.error().offset == 0);
  auto lone = decode_payload("abc\\", PayloadFormat::escaped);
  REQUIRE_FALSE(lone);
  CHECK(lone.error().offset == 3);
  auto not_hex = decode_payload("48 6g", PayloadFormat::hex);
  REQUIRE_FALSE(not_hex);
  CHECK(not_hex.error().offset == 4);
  auto odd = decode_payload("48 6", PayloadFormat::hex);
  REQUIRE_FALSE(odd);
}

TEST_CASE("escape_payload round-trips every byte", "[socket][payload]") {
  std::string all;
  for (int c = 0; c < 256; ++c) all += char(c);
  CHECK(*decode_payload(escape_payload(all), PayloadFormat::escaped) == all);
  CHECK(escape_payload("OK\r\n\x01") == "OK\\r\\n\\x01");
}

TEST_CASE("scripts must connect first, once, and end at close", "[socket][script]") {
  CHECK_FALSE(SocketSession::validate({step(StepKind::connect), step(StepKind::send, "x"), step(StepKind::close)}));
  Error no_connect = SocketSession::validate({step(StepKind::send, "x")});
  CHECK(no_connect.message == "step 1 (send) needs a connection: connect first");
  Error after_close = SocketSession::validate({step(StepKind::connect), step(StepKind::close), step(StepKind::send, "x")});
  CHECK(after_close.offset == 2);
  CHECK(SocketSession::validate({step(StepKind::connect), step(StepKind::expect, "")}).message.find("what bytes") != std::string::npos);
  CHECK(SocketSession::validate({step(StepKind::connect), step(StepKind::connect)}));
  Endpoint no_port = tcp_endpoint();
  no_port.port = 0;
  CHECK_FALSE(SocketSession::create(no_port));
}

TEST_CASE("a script runs connect, send, expect across split data, then close", "[socket][script]") {
  auto session = SocketSession::create(tcp_endpoint(), {step(StepKind::connect), step(StepKind::send, "ping\n"),
                                                        step(StepKind::expect, "pong"), step(StepKind::close)});
  REQUIRE(session);
  SocketSession& s = *session;
  s.start(100);
  CHECK(s.wants_open());
  CHECK(s.log().state == SocketState::connecting);
  s.mark_opened();
  s.on_resolved("127.0.0.1:9000", 100.1);
  s.on_connected(100.2);
  CHECK(s.take_outgoing() == "ping\n");
  CHECK(s.log().steps_done == 2);
  CHECK(s.next_deadline() == Approx(105.2));
  s.on_data("po", 100.3);
  CHECK(s.log().steps_done == 2);
  s.on_data("ng!", 100.4);
  CHECK(s.log().steps_done == 4);
  CHECK(s.wants_close());
  CHECK(s.log().state == SocketState::closed);
  CHECK_FALSE(s.log().error);
  CHECK(s.log().bytes_sent == 5);
  CHECK(s.log().bytes_received == 5);
  CHECK(s.log().connect_seconds == Approx(0.2));
}

TEST_CASE("an expect that times out says which step and keeps what arrived", "[socket][script]") {
  auto session = SocketSession::create(tcp_endpoint(), {step(StepKind::connect), step(StepKind::expect, "220", 2)});
  REQUIRE(session);
  SocketSession& s = *session;
  s.start(0);
  s.mark_opened();
  s.on_connected(0.5);
  s.on_data("500 busy\r\n", 1);
  s.on_tick(2.4);
  CHECK(s.log().state == SocketState::open);
  s.on_tick(2.5);
  REQUIRE(s.log().state == SocketState::failed);
  CHECK(s.log().error.code == ErrorCode::idle_timeout);
  CHECK(s.log().error.message == "step 2 (expect \"220\"): nothing matching arrived within 2 s; unmatched bytes: \"500 busy\\r\\n\"");
  CHECK(s.wants_close());
  CHECK(s.log().transcript.back().kind == TranscriptEntry::Kind::error);
}

TEST_CASE("the peer closing fails a pending expect at once, and later sends fail", "[socket][script]") {
  auto session = SocketSession::create(tcp_endpoint());
  REQUIRE(session);
  SocketSession& s = *session;
  s.start(0);
  CHECK_FALSE(s.queue(step(StepKind::connect), 0));
  s.mark_opened();
  s.on_connected(0.1);
  CHECK_FALSE(s.queue(step(StepKind::expect, "hello"), 0.2));
  s.on_closed(0.3);
  CHECK(s.log().state == SocketState::failed);
  CHECK(s.log().error.code == ErrorCode::closed_early);
  CHECK(s.queue(step(StepKind::send, "x"), 0.4).message.find("ended") != std::string::npos);
}

TEST_CASE("interactive steps queue behind a running one", "[socket][interactive]") {
  auto session = SocketSession::create(tcp_endpoint());
  REQUIRE(session);
  SocketSession& s = *session;
  s.start(0);
  CHECK(s.queue(step(StepKind::send, "early"), 0).message.find("connect first") != std::string::npos);
  CHECK_FALSE(s.queue(step(StepKind::connect), 0));
  CHECK_FALSE(s.queue(step(StepKind::send, "a"), 0));  // waits for the connection
  CHECK(s.take_outgoing().empty());
  s.mark_opened();
  s.on_connected(1);
  CHECK(s.take_outgoing() == "a");
  CHECK(s.log().idle_between_steps());
  s.cancel(2);
  CHECK(s.log().error.code == ErrorCode::cancelled);
}
