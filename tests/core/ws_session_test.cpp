// core: the WebSocket opening handshake (shared/ws_handshake.h) and a whole conversation
// (shared/ws_session.h) driven with bytes and times, no sockets: the server's side is
// written with the same frame encoder (unmasked, as a server sends).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "shared/ws_handshake.h"
#include "shared/ws_session.h"
#include "shared/ws_writer.h"

using namespace wirepad;

namespace {

WsRandom counting_random() {
  auto next = std::make_shared<unsigned char>(0);
  return [next](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += char((*next)++);
    return out;
  };
}

std::string response_for(std::string_view request, std::string extra = {}) {
  std::size_t at = request.find("Sec-WebSocket-Key: ");
  std::string key(request.substr(at + 19, request.find("\r\n", at) - at - 19));
  return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
         ws_accept_value(key) + "\r\n" + extra + "\r\n";
}

std::string server_frame(WsOpcode op, std::string_view payload, bool fin = true) {
  WsFrameSpec spec;
  spec.opcode = op;
  spec.fin = fin;
  return encode_frame(spec, payload);
}

WsSession make(std::vector<WsStep> steps, WsHandshakeOptions hs = {}, std::string url = "ws://127.0.0.1:9000/chat?x=1") {
  WsSessionOptions o;
  o.url = url;
  o.handshake = hs;
  auto s = WsSession::create(o, std::move(steps), counting_random());
  REQUIRE(s);
  return std::move(s.value());
}

}  // namespace

TEST_CASE("the accept value is RFC 6455 §1.3's", "[ws][handshake]") {
  CHECK(ws_accept_value("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("ws URLs", "[ws][handshake]") {
  auto u = parse_ws_url("wss://Example.com/chat?room=1");
  REQUIRE(u);
  CHECK(u->scheme == "wss");
  CHECK(u->port == 443);
  CHECK(ws_is_tls(*u));
  CHECK(u->target == "/chat?room=1");
  CHECK(parse_ws_url("ws://[::1]:81")->port == 81);
  CHECK(parse_ws_url("http://x/").error().code == ErrorCode::unsupported_scheme);
  CHECK(parse_ws_url("example.com").error().code == ErrorCode::unsupported_scheme);
  CHECK(parse_ws_url("ws://x/#frag").error().code == ErrorCode::invalid_url);
  CHECK_FALSE(parse_ws_url("ws://x:99999/"));
}

TEST_CASE("the handshake request, and each way the response can fail", "[ws][handshake]") {
  WsHandshakeOptions o;
  o.subprotocols = {"chat", "superchat"};
  o.compress = true;
  o.headers = {{"Origin", "http://example.com"}};
  auto r = build_handshake_request(*parse_ws_url("ws://example.com:8080/chat"), o, counting_random());
  REQUIRE(r);
  CHECK(r->key == "AAECAwQFBgcICQoLDA0ODw==");  // base64 of bytes 0..15
  CHECK(r->bytes ==
        "GET /chat HTTP/1.1\r\nHost: example.com:8080\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: AAECAwQFBgcICQoLDA0ODw==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: chat, superchat\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\nUser-Agent: wirepad\r\n"
        "Origin: http://example.com\r\n\r\n");
  WsHandshakeOptions bad = o;
  bad.headers = {{"Sec-WebSocket-Protocol", "x"}};
  CHECK(build_handshake_request(*parse_ws_url("ws://h/"), bad, counting_random()).error().message.find("--subprotocol") !=
        std::string::npos);
  bad.headers = {{"X-A", "a\r\nb"}};
  CHECK_FALSE(build_handshake_request(*parse_ws_url("ws://h/"), bad, counting_random()));
  bad.headers = {};
  bad.subprotocols = {"two words"};
  CHECK_FALSE(build_handshake_request(*parse_ws_url("ws://h/"), bad, counting_random()));

  const std::string accept = ws_accept_value(r->key);
  auto check = [&](std::string head) {
    ResponseParser p;
    p.feed(head);
    REQUIRE(p.headers_complete());
    WsAgreement a;
    return check_handshake_response(p.response(), r->key, o, a);
  };
  const std::string good = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                           "Sec-WebSocket-Accept: " + accept + "\r\n";
  CHECK_FALSE(check(good + "\r\n"));
  CHECK(check("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").kind == WsErrorKind::handshake_status);
  CHECK(check("HTTP/1.1 101 OK\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n").kind ==
        WsErrorKind::handshake_upgrade);
  CHECK(check("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n").kind ==
        WsErrorKind::handshake_connection);
  CHECK(check("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n").kind == WsErrorKind::handshake_accept);
  CHECK(check("HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: upgrade\r\nSec-WebSocket-Accept: "
              "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
            .kind == WsErrorKind::handshake_accept);
  CHECK(check(good + "Sec-WebSocket-Protocol: other\r\n\r\n").kind == WsErrorKind::handshake_subprotocol);
  CHECK(check(good + "Sec-WebSocket-Protocol: chat, superchat\r\n\r\n").kind == WsErrorKind::handshake_subprotocol);
  CHECK(check(good + "Sec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n").kind == WsErrorKind::handshake_extension);
  CHECK(check(good + "Sec-WebSocket-Extensions: permessage-deflate, permessage-deflate\r\n\r\n").kind ==
        WsErrorKind::handshake_extension);
  CHECK(check(good + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99\r\n\r\n").kind ==
        WsErrorKind::handshake_extension);
  ResponseParser p;
  p.feed(good + "Sec-WebSocket-Protocol: superchat\r\nSec-WebSocket-Extensions: permessage-deflate; "
                "server_no_context_takeover\r\n\r\n");
  WsAgreement a;
  REQUIRE_FALSE(check_handshake_response(p.response(), r->key, o, a));
  CHECK(a.subprotocol == "superchat");
  CHECK(a.deflate);
  CHECK(a.deflate_params.server_no_context_takeover);
}

TEST_CASE("a conversation: handshake, send, expect, ping, the server's ping, close", "[ws][session]") {
  WsSession s = make({{WsStepKind::send_text, "hello"},
                      {WsStepKind::expect, "hel"},
                      {WsStepKind::ping, "p1"},
                      {WsStepKind::expect, "^w.r", true},
                      {WsStepKind::close, "bye", false, 5, 1000}});
  s.start(100);
  CHECK(s.wants_open());
  s.mark_opened();
  CHECK(s.log().endpoint.port == 9000);
  CHECK_FALSE(s.log().endpoint.tls);
  s.on_resolved("127.0.0.1:9000", 100.001);
  s.on_connected(100.002);
  std::string request = s.take_outgoing();
  CHECK(request.rfind("GET /chat?x=1 HTTP/1.1\r\nHost: 127.0.0.1:9000\r\n", 0) == 0);
  // The 101 and the first frame in one read, split inside the head.
  std::string answer = response_for(request) + server_frame(WsOpcode::text, "hello");
  s.on_data(answer.substr(0, 20), 100.003);
  CHECK(s.log().state == WsState::handshaking);
  s.on_data(answer.substr(20), 100.004);
  CHECK(s.log().state == WsState::open);
  std::string out = s.take_outgoing();
  // send hello (masked, 6 + 5 bytes) and ping p1 (6 + 2): the steps ran up to the regex expect.
  CHECK(out.size() == 11 + 8);
  CHECK(std::uint8_t(out[0]) == 0x81);
  CHECK(std::uint8_t(out[1]) == 0x85);
  CHECK(std::uint8_t(out[11]) == 0x89);
  CHECK(s.next_deadline() == Approx(100.004 + 5));
  // The server pings: an automatic pong with the same payload.
  s.on_data(server_frame(WsOpcode::ping, "are you there"), 100.005);
  std::string pong = s.take_outgoing();
  REQUIRE(pong.size() == 6 + 13);
  CHECK(std::uint8_t(pong[0]) == 0x8a);
  // A fragmented message with a pong in the middle satisfies the regex expect.
  s.on_data(server_frame(WsOpcode::text, "wo", false) + server_frame(WsOpcode::pong, "p1") +
                server_frame(WsOpcode::continuation, "rld"),
            100.006);
  CHECK(s.log().messages.back().data == "world");
  CHECK(s.log().messages.back().frames == 2);
  std::string close = s.take_outgoing();
  REQUIRE(close.size() == 6 + 2 + 3);
  CHECK(std::uint8_t(close[0]) == 0x88);
  CHECK(s.log().state == WsState::closing);
  s.on_data(server_frame(WsOpcode::close, close_payload(1000, "ok")), 100.007);
  CHECK(s.log().state == WsState::closed);
  CHECK(s.wants_close());
  CHECK_FALSE(s.log().error);
  CHECK(s.log().close_received_code == 1000);
  CHECK(s.log().close_received_reason == "ok");
  CHECK(s.log().steps.size() == 6);
  for (const StepRecord& r : s.log().steps) CHECK(r.ok);
  // Frames both ways, in order, with their raw bytes.
  const auto& f = s.log().frames;
  // received hello (it came with the 101); sent hello, ping; received ping; sent pong;
  // received wo, pong, rld; close both ways.
  REQUIRE(f.size() == 10);
  CHECK(f[0].direction == WsDirection::received);
  CHECK_FALSE(f[0].frame.masked);
  CHECK(f[1].direction == WsDirection::sent);
  CHECK(f[1].frame.masked);
  CHECK(f[1].frame.raw.size() == 11);
  CHECK(f[4].frame.opcode() == WsOpcode::pong);
  CHECK(f[8].frame.opcode() == WsOpcode::close);
  CHECK(f[9].direction == WsDirection::received);
  // The timeline interleaves the three lists in the order things happened, each entry once.
  const auto& t = s.log().timeline;
  std::size_t frames = 0, messages = 0, events = 0;
  for (const WsTimelineItem& item : t) {
    if (item.kind == WsTimelineItem::Kind::frame) CHECK(item.index == frames++);
    if (item.kind == WsTimelineItem::Kind::message) CHECK(item.index == messages++);
    if (item.kind == WsTimelineItem::Kind::event) CHECK(item.index == events++);
  }
  CHECK(frames == f.size());
  CHECK(messages == s.log().messages.size());
  CHECK(events == s.log().events.size());
  // The first frame (received hello) comes before the first sent frame.
  auto first_frame = std::find_if(t.begin(), t.end(), [](const WsTimelineItem& i) { return i.kind == WsTimelineItem::Kind::frame; });
  REQUIRE(first_frame != t.end());
  CHECK(first_frame->index == 0);
}

TEST_CASE("failures name their step and rule", "[ws][session]") {
  SECTION("an expect that times out") {
    WsSession s = make({{WsStepKind::expect, "never", false, 2}});
    s.start(0);
    s.on_connected(0);
    s.on_data(response_for(s.take_outgoing()) + server_frame(WsOpcode::text, "other"), 0.1);
    s.on_tick(1.9);
    CHECK_FALSE(s.log().error);
    s.on_tick(2.2);
    CHECK(s.log().state == WsState::failed);
    CHECK(s.log().failed_step == 2);
    CHECK(s.log().error_kind == WsErrorKind::step_failed);
    CHECK(s.log().error.message.find("\"other\"") != std::string::npos);
    CHECK(s.wants_close());
  }
  SECTION("a protocol error sends close 1002 and fails") {
    WsSession s = make({{WsStepKind::expect, "x"}});
    s.start(0);
    s.on_connected(0);
    s.on_data(response_for(s.take_outgoing()) + std::string("\x83\x00", 2), 0.1);
    CHECK(s.log().error_kind == WsErrorKind::reserved_opcode);
    CHECK(s.log().close_sent_code == 1002);
    std::string out = s.take_outgoing();
    CHECK(std::uint8_t(out[0]) == 0x88);
    CHECK(s.log().error.message.rfind("reserved_opcode: frame 1, byte 0:", 0) == 0);
  }
  SECTION("invalid UTF-8 sends close 1007") {
    WsSession s = make({{WsStepKind::expect, "x"}});
    s.start(0);
    s.on_connected(0);
    s.on_data(response_for(s.take_outgoing()) + server_frame(WsOpcode::text, "\xff"), 0.1);
    CHECK(s.log().close_sent_code == 1007);
  }
  SECTION("the server closes first: the close is echoed; a step left fails") {
    WsSession s = make({{WsStepKind::expect, "x"}, {WsStepKind::close, ""}});
    s.start(0);
    s.on_connected(0);
    s.on_data(response_for(s.take_outgoing()) + server_frame(WsOpcode::close, close_payload(1001, "bye")), 0.1);
    CHECK(s.log().close_sent_code == 1001);
    CHECK(s.log().error_kind == WsErrorKind::step_failed);
    CHECK(s.log().failed_step == 2);
    CHECK(s.log().error.message.find("1001 going away") != std::string::npos);
  }
  SECTION("the server closes during an expect that a close step follows: the expect fails") {
    WsSession s = make({{WsStepKind::expect, "x"}, {WsStepKind::close, ""}});
    s.start(0);
    s.on_connected(0);
    s.on_data(response_for(s.take_outgoing()), 0.1);  // the expect is running now
    s.on_data(server_frame(WsOpcode::close, close_payload(4001, "bye")), 0.2);
    CHECK(s.log().error_kind == WsErrorKind::step_failed);
    CHECK(s.log().failed_step == 2);
    CHECK(s.log().close_sent_code == 4001);
  }
  SECTION("the server closes first when only the close step is left: fine") {
    WsSession s = make({{WsStepKind::close, ""}});
    s.start(0);
    s.on_connected(0);
    std::string req = s.take_outgoing();
    // The close step already ran (sent); an answer completes it.
    s.on_data(response_for(req), 0.1);
    s.on_data(server_frame(WsOpcode::close, close_payload(1000, "")), 0.2);
    CHECK_FALSE(s.log().error);
    CHECK(s.log().state == WsState::closed);
  }
  SECTION("TCP closed without a close frame") {
    WsSession s = make({{WsStepKind::expect, "x"}});
    s.start(0);
    s.on_connected(0);
    s.on_data(response_for(s.take_outgoing()), 0.1);
    s.on_closed(0.2);
    CHECK(s.log().error_kind == WsErrorKind::closed_without_close_frame);
  }
  SECTION("a 403 instead of 101, and a bad accept") {
    WsSession s = make({});
    s.start(0);
    s.on_connected(0);
    s.take_outgoing();
    s.on_data("HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope", 0.1);
    CHECK(s.log().error_kind == WsErrorKind::handshake_status);
    CHECK(s.log().failed_step == 1);
    CHECK(s.log().handshake_response.find("nope") != std::string::npos);
    WsSession t = make({});
    t.start(0);
    t.on_connected(0);
    t.take_outgoing();
    t.on_data("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Accept: AAAA\r\n\r\n",
              0.1);
    CHECK(t.log().error_kind == WsErrorKind::handshake_accept);
  }
  SECTION("no answer to the handshake") {
    WsSession s = make({});
    s.start(0);
    s.on_connected(0.5);
    s.on_tick(10.6);
    CHECK(s.log().error.code == ErrorCode::first_byte_timeout);
  }
  SECTION("bad steps are refused before connecting") {
    WsSessionOptions o;
    o.url = "ws://h/";
    CHECK_FALSE(WsSession::create(o, {{WsStepKind::expect, "(", true}}, counting_random()));
    CHECK_FALSE(WsSession::create(o, {{WsStepKind::ping, std::string(126, 'x')}}, counting_random()));
    CHECK_FALSE(WsSession::create(o, {{WsStepKind::close, "", false, 5, 1006}}, counting_random()));
    CHECK_FALSE(WsSession::create(o, {{WsStepKind::send_text, "\xff"}}, counting_random()));
    o.url = "http://h/";
    CHECK_FALSE(WsSession::create(o, {}, counting_random()));
  }
}

// libstdc++'s std::regex, used before, overflowed the stack on (x|y)+ over about 20 kB, so
// expects were refused on messages over 8 KiB. With PCRE2 (shared/regex.h) a 1 MiB message is
// searched: the step passes, or fails saying the pattern needs too much backtracking.
TEST_CASE("a regex expect over a 1 MiB message: (x|y)+$ passes or fails with a sentence, never a crash", "[ws][session][regex][large]") {
  WsSession s = make({{WsStepKind::expect, "(x|y)+$", true}, {WsStepKind::close, "bye", false, 5, 1000}});
  s.start(100);
  s.mark_opened();
  s.on_resolved("127.0.0.1:9000", 100.001);
  s.on_connected(100.002);
  std::string request = s.take_outgoing();
  s.on_data(response_for(request) + server_frame(WsOpcode::text, std::string(1u << 20, 'x')), 100.003);
  REQUIRE(s.log().messages.size() == 1);
  if (s.log().error) {
    CHECK(s.log().error_kind == WsErrorKind::step_failed);
    CHECK_THAT(s.log().error.message, Catch::Contains("message 1: /(x|y)+$/ needs more backtracking"));
  } else {
    CHECK(s.log().state == WsState::closing);  // the expect passed, the close was sent
  }
}

// max_logged_message_bytes: the first messages keep their bytes; a later sent one loses them at
// once, a later received one only once no expect can look at it; each keeps its size; the log
// counts them. A kept frame that was a whole message still shows its payload (rebuilt from its
// wire bytes: the reader gave the payload itself to the message).
TEST_CASE("messages over the log's byte limit keep their size, and an expect still sees them", "[ws][session]") {
  WsSessionOptions o;
  o.url = "ws://127.0.0.1:9000/";
  o.max_logged_message_bytes = 10;
  auto created = WsSession::create(o,
                                   {{WsStepKind::send_text, "hello"},
                                    {WsStepKind::expect, "hello"},
                                    {WsStepKind::send_text, "world, again"},
                                    {WsStepKind::expect, "again"},
                                    {WsStepKind::send_text, "more"},
                                    {WsStepKind::close, ""}},
                                   counting_random());
  REQUIRE(created);
  WsSession s = std::move(created.value());
  s.start(0);
  s.on_resolved("127.0.0.1:9000", 0);
  s.on_connected(0);
  s.on_data(response_for(s.take_outgoing()), 0.1);
  REQUIRE(s.log().state == WsState::open);
  s.on_data(server_frame(WsOpcode::text, "hello"), 0.2);
  // "world, again" (sent) is over the limit: listed, its bytes gone at once.
  REQUIRE(s.log().messages.size() == 3);
  CHECK(s.log().messages[2].data.empty());
  CHECK(s.log().messages[2].size() == 12);
  CHECK_FALSE(s.log().messages[2].kept());
  // Its echo is over too, but the expect waiting for it matches it; then nothing expects more.
  s.on_data(server_frame(WsOpcode::text, "world, again"), 0.3);
  const WsLog& log = s.log();
  REQUIRE_FALSE(log.error);
  REQUIRE(log.messages.size() == 5);
  CHECK(log.steps_done == 6);  // the handshake, then both expects passed, "more" sent; the close runs
  CHECK(log.messages[0].data == "hello");
  CHECK(log.messages[1].data == "hello");
  CHECK(log.messages[1].kept());
  for (std::size_t i : {2, 3, 4}) {
    CHECK(log.messages[i].data.empty());
    CHECK_FALSE(log.messages[i].kept());
  }
  CHECK(log.messages[3].size() == 12);
  CHECK(log.messages[4].size() == 4);
  CHECK(log.messages_not_kept == 3);
  CHECK(log.message_bytes_not_kept == 28);
  // Frames are kept (their own limit): the received ones show their payload.
  for (const WsFrameRecord& r : log.frames)
    if (r.direction == WsDirection::received && r.frame.opcode() == WsOpcode::text) CHECK(r.frame.payload.size() == r.frame.payload_length);
  CHECK(log.frames[0].frame.payload == "hello");
}
