// native: Wirepad's WebSocket client (`wirepad ws` and the core's WsCall over the POSIX
// transport) against the lab's WebSocket echo, a Boost.Beast server (native/lab_ws_echo.h), on
// loopback: text and binary echo byte for byte, a 1 MiB message, fragments, permessage-deflate
// agreed (and not agreed when not offered), ping/pong, close codes with reasons; and the lab's
// side: its status line and --ws-echo-port, and a stop() that does not wait for its clients.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "native/lab_ws_echo.h"
#include "native/posix_transport.h"
#include "shared/ws_session.h"
#include "tests/native/child_process.h"

using wirepad::test::ChildProcess;
using wirepad::test::run_command;
using wirepad::test::RunResult;

namespace {

// The echo on a free port of 127.0.0.1, stopped when the test ends.
struct Echo {
  Echo() {
    std::string why;
    REQUIRE(server.start("127.0.0.1", 0, why));
    INFO(why);
    REQUIRE(server.port() > 0);
  }
  std::string url(const std::string& path = "/") const { return "ws://127.0.0.1:" + std::to_string(server.port()) + path; }
  wirepad::native::LabWsEcho server;
};

RunResult ws(std::vector<std::string> args) {
  args.insert(args.begin(), {WIREPAD_BINARY, "ws"});
  return run_command(args);
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = char(gen());
  return s;
}

// The core's client over the POSIX transport, as `wirepad ws` drives it, until it has finished
// (the steps end with a close) or 30 s have passed.
wirepad::WsLog converse(wirepad::WsSessionOptions options, std::vector<wirepad::WsStep> steps) {
  using namespace wirepad;
  auto lock = std::make_shared<std::mutex>();
  auto cv = std::make_shared<std::condition_variable>();
  native::PosixTransport transport(lock, [cv] { cv->notify_all(); });
  auto session = WsSession::create(std::move(options), std::move(steps), [](std::size_t n) { return random_bytes(n, 1); });
  REQUIRE(session);
  std::unique_lock<std::mutex> guard(*lock);
  auto call = std::make_unique<WsCall>(transport, std::move(session.value()));
  call->start();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!call->finished() && std::chrono::steady_clock::now() < until) cv->wait_for(guard, std::chrono::milliseconds(20));
  WsLog log = call->log();
  call.reset();
  guard.unlock();
  transport.wait_until_idle(3);
  return log;
}

std::vector<const wirepad::WsMessageRecord*> received(const wirepad::WsLog& log) {
  std::vector<const wirepad::WsMessageRecord*> out;
  for (const auto& m : log.messages)
    if (m.direction == wirepad::WsDirection::received) out.push_back(&m);
  return out;
}

}  // namespace

TEST_CASE("ws vs Beast: text and binary come back byte for byte with their opcodes", "[ws][beast]") {
  Echo echo;
  RunResult r = ws({"-v", echo.url("/any/path"), "--send", "hello", "--send-binary", "\\x00\\xff\\x80 ok", "--expect", "hello",
                    "--expect-regex", "^\\x00\\xff"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  // The peer is Beast (its Server header), and it agreed to nothing that was not offered.
  CHECK(has(r.out, "< HTTP/1.1 101 Switching Protocols"));
  CHECK(has(r.out, "< Server: Boost.Beast/"));
  CHECK_FALSE(has(r.out, "< Sec-WebSocket-Extensions"));
  CHECK(has(r.out, "< text opcode=0x1 fin=1 rsv=000 mask=none len=5 \"hello\"\n             | 81 05 68 65 6c 6c 6f\n"));
  CHECK(has(r.out, "< binary opcode=0x2 fin=1 rsv=000 mask=none len=6 \"\\x00\\xff\\x80 ok\"\n             | 82 06 00 ff 80 20 6f 6b\n"));
  CHECK(has(r.out, "close received: 1000 normal closure"));
}

TEST_CASE("ws vs Beast: a 1 MiB binary and a 1 MiB text message round-trip", "[ws][beast]") {
  using namespace wirepad;
  Echo echo;
  const std::string binary = random_bytes(1u << 20, 42);
  std::string text(1u << 20, 'a');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = char('a' + (i * 7919) % 26);
  WsSessionOptions o;
  o.url = echo.url();
  std::vector<WsStep> steps{{WsStepKind::send_binary, binary}, {WsStepKind::expect, binary.substr(0, 4096), false, 20},
                            {WsStepKind::send_text, text},     {WsStepKind::expect, text.substr(1000, 4096), false, 20},
                            {WsStepKind::close, "", false, 5, 1000}};
  WsLog log = converse(o, steps);
  INFO(log.error.message);
  REQUIRE_FALSE(log.error);
  auto in = received(log);
  REQUIRE(in.size() == 2);
  CHECK(in[0]->opcode == WsOpcode::binary);
  CHECK(in[0]->data == binary);
  CHECK(in[1]->opcode == WsOpcode::text);
  CHECK(in[1]->data == text);
  CHECK(in[0]->frames == 1);  // the echo answers a message with one frame
  CHECK(log.state == WsState::closed);
}

TEST_CASE("ws vs Beast: a message sent in fragments is joined by the server", "[ws][beast]") {
  Echo echo;
  SECTION("the CLI: 3-byte fragments") {
    RunResult r = ws({echo.url(), "--fragment", "3", "--send", "abcdefgh", "--expect", "abcdefgh"});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(has(r.out, "> text opcode=0x1 fin=0 rsv=000"));
    CHECK(count(r.out, "> continuation opcode=0x0 fin=0") == 1);
    CHECK(has(r.out, "> continuation opcode=0x0 fin=1"));
    CHECK(has(r.out, ">> text message, 8 B in 3 frames: \"abcdefgh\""));
    CHECK(has(r.out, "<< text message, 8 B in 1 frame: \"abcdefgh\""));
  }
  SECTION("the core: 300 KiB of binary in 1000-byte frames") {
    using namespace wirepad;
    const std::string data = random_bytes(300 * 1024, 7);
    WsSessionOptions o;
    o.url = echo.url();
    o.fragment = 1000;
    WsLog log = converse(o, {{WsStepKind::send_binary, data}, {WsStepKind::expect, data.substr(0, 100), false, 20},
                             {WsStepKind::close, "", false, 5, 1000}});
    INFO(log.error.message);
    REQUIRE_FALSE(log.error);
    REQUIRE(log.messages.size() == 2);
    CHECK(log.messages[0].frames == (data.size() + 999) / 1000);
    auto in = received(log);
    REQUIRE(in.size() == 1);
    CHECK(in[0]->data == data);
  }
}

TEST_CASE("ws vs Beast: permessage-deflate agreed when offered, both directions compressed", "[ws][beast][deflate]") {
  Echo echo;
  SECTION("context takeover: the same message again compresses smaller") {
    const std::string text = "{\"hello\":\"world\",\"n\":[1,2,3,4,5,6,7,8,9,10]}";
    RunResult r = ws({"-v", "--compress", echo.url(), "--send", text, "--send", text, "--expect", text, "--expect-regex", "n.:.1,2"});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(has(r.out, "> Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"));
    CHECK(has(r.out, "< Sec-WebSocket-Extensions: permessage-deflate"));
    CHECK(has(r.out, "WebSocket open, permessage-deflate (permessage-deflate"));
    CHECK(count(r.out, "> text opcode=0x1 fin=1 rsv=100") == 2);
    CHECK(count(r.out, "< text opcode=0x1 fin=1 rsv=100") == 2);
    // Beast inflated what we sent (it echoed the text) and we inflated its answers.
    CHECK(count(r.out, "<< text message, 44 B (") == 2);
    const std::string out = r.out;
    std::regex sent(R"(>> text message, 44 B \((\d+) B compressed\))");
    std::vector<int> sizes;
    for (std::sregex_iterator i(out.begin(), out.end(), sent), e; i != e; ++i) sizes.push_back(std::stoi((*i)[1]));
    REQUIRE(sizes.size() == 2);
    CHECK(sizes[1] < sizes[0]);
  }
  SECTION("no context takeover: Beast accepts both parameters") {
    const std::string text = "{\"hello\":\"world\",\"n\":[1,2,3,4,5,6,7,8,9,10]}";
    RunResult r = ws({"-v", "--no-context-takeover", echo.url(), "--send", text, "--send", text, "--expect", text});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    const std::string out = r.out;
    std::smatch m;
    REQUIRE(std::regex_search(out, m, std::regex("< Sec-WebSocket-Extensions: ([^\n]*)")));
    CHECK(has(m[1].str(), "client_no_context_takeover"));
    CHECK(has(m[1].str(), "server_no_context_takeover"));
    std::regex sent(R"(>> text message, 44 B \((\d+) B compressed\))");
    std::vector<int> sizes;
    for (std::sregex_iterator i(out.begin(), out.end(), sent), e; i != e; ++i) sizes.push_back(std::stoi((*i)[1]));
    REQUIRE(sizes.size() == 2);
    CHECK(sizes[0] == sizes[1]);
  }
  SECTION("the core: 1 MiB of text, compressed both ways, inflated to the same bytes") {
    using namespace wirepad;
    std::string text;
    while (text.size() < (1u << 20)) text += "line " + std::to_string(text.size() % 977) + " of a compressible message\n";
    WsSessionOptions o;
    o.url = echo.url();
    o.handshake.compress = true;
    WsLog log = converse(o, {{WsStepKind::send_text, text}, {WsStepKind::expect, text.substr(0, 200), false, 20},
                             {WsStepKind::close, "", false, 5, 1000}});
    INFO(log.error.message);
    REQUIRE_FALSE(log.error);
    CHECK(log.agreement.deflate);
    auto in = received(log);
    REQUIRE(in.size() == 1);
    CHECK(in[0]->compressed);
    CHECK(in[0]->wire_bytes < text.size() / 4);
    CHECK(in[0]->data == text);
  }
}

TEST_CASE("ws vs Beast: our ping gets a pong with the same payload", "[ws][beast]") {
  Echo echo;
  RunResult r = ws({echo.url(), "--ping", "p1\\x00", "--send", "after", "--expect", "after"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "ping sent \"p1\\x00\""));
  CHECK(has(r.out, "< pong opcode=0xa fin=1 rsv=000 mask=none len=3 \"p1\\x00\""));
  CHECK(has(r.out, "pong received \"p1\\x00\""));
}

TEST_CASE("ws vs Beast: a close code and reason are answered with the same code", "[ws][beast]") {
  Echo echo;
  RunResult r = ws({echo.url(), "--send", "x", "--expect", "x", "--close", "4000:done here"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "close sent: 4000, reason \"done here\""));
  CHECK(has(r.out, "< close opcode=0x8 fin=1 rsv=000 mask=none"));
  CHECK(has(r.out, "close received: 4000"));
  RunResult away = ws({echo.url(), "--close", "1001"});
  INFO(away.out << away.err);
  REQUIRE(away.status == 0);
  CHECK(has(away.out, "close received: 1001 going away"));
}

TEST_CASE("lab: wirepad lab serves the WebSocket echo and says where", "[ws][beast][lab]") {
  ChildProcess lab({WIREPAD_BINARY, "lab", "--hello-port", "0", "--tcp-echo-port", "0", "--udp-echo-port", "0", "--chaos-port",
                    "0", "--ws-echo-port", "0"});
  auto line = lab.wait_for_line("ws-echo", 20);
  REQUIRE(line);
  std::smatch m;
  REQUIRE(std::regex_search(*line, m, std::regex(R"(^ws-echo +ws://127\.0\.0\.1:(\d+)/$)")));
  RunResult r = ws({"ws://127.0.0.1:" + m[1].str() + "/", "--send", "through the lab", "--expect", "through the lab"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);

  // -1: not started, and no line for it.
  ChildProcess off({WIREPAD_BINARY, "lab", "--hello-port", "0", "--tcp-echo-port", "0", "--udp-echo-port", "0", "--chaos-port",
                    "0", "--ws-echo-port", "-1"});
  REQUIRE(off.wait_for_line("chaos", 20));
  CHECK_FALSE(has(off.seen(), "ws-echo"));
}

TEST_CASE("lab: the WebSocket echo on ::1, and a port in use is a sentence", "[ws][beast][lab]") {
  wirepad::native::LabWsEcho v6;
  std::string why;
  if (!v6.start("::1", 0, why)) {
    WARN("no IPv6 loopback here: " << why);
  } else {
    RunResult r = ws({"ws://[::1]:" + std::to_string(v6.port()) + "/", "--send", "six", "--expect", "six"});
    INFO(r.out << r.err);
    CHECK(r.status == 0);
  }
  Echo echo;
  wirepad::native::LabWsEcho second;
  CHECK_FALSE(second.start("127.0.0.1", echo.server.port(), why));
  CHECK(why == "port " + std::to_string(echo.server.port()) + " is in use");
  CHECK_FALSE(second.start("not-an-address", 0, why));
  CHECK(has(why, "not an IPv4 or IPv6 address"));
  CHECK_FALSE(echo.server.start("127.0.0.1", 0, why));  // a running echo is not started twice
  CHECK(why == "the WebSocket echo starts once");
}

TEST_CASE("lab: stop() drops open WebSocket connections and returns", "[ws][beast][lab]") {
  using namespace wirepad;
  auto echo = std::make_unique<Echo>();
  auto lock = std::make_shared<std::mutex>();
  auto cv = std::make_shared<std::condition_variable>();
  native::PosixTransport transport(lock, [cv] { cv->notify_all(); });
  WsSessionOptions o;
  o.url = echo->url();
  auto session = WsSession::create(o, {{WsStepKind::send_text, "a"}, {WsStepKind::expect, "never", false, 60}},
                                   [](std::size_t n) { return random_bytes(n, 3); });
  REQUIRE(session);
  std::unique_lock<std::mutex> guard(*lock);
  WsCall call(transport, std::move(session.value()));
  call.start();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (call.log().messages.size() < 2 && std::chrono::steady_clock::now() < until) cv->wait_for(guard, std::chrono::milliseconds(20));
  REQUIRE(call.log().messages.size() == 2);  // connected and echoing; now waiting for "never"
  // stop() on another thread, so that a hang fails this test instead of blocking it.
  guard.unlock();
  auto stopped = std::async(std::launch::async, [&echo] { echo->server.stop(); });
  REQUIRE(stopped.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  guard.lock();
  until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!call.finished() && std::chrono::steady_clock::now() < until) cv->wait_for(guard, std::chrono::milliseconds(20));
  CHECK(call.finished());
  CHECK(call.log().error_kind == WsErrorKind::closed_without_close_frame);
  CHECK(echo->server.port() == 0);
}

TEST_CASE("ws vs Beast: a long conversation keeps its first frames up to the byte limit, and every message", "[ws][beast]") {
  using namespace wirepad;
  Echo echo;
  const std::string data = random_bytes(64 * 1024, 11);
  WsSessionOptions o;
  o.url = echo.url();
  o.max_logged_frame_bytes = 300 * 1024;  // two 64 KiB frames kept whole (payload and wire bytes), not three
  std::vector<WsStep> steps;
  for (int i = 0; i < 5; ++i) {
    steps.push_back({WsStepKind::send_binary, data});
    steps.push_back({WsStepKind::expect, data.substr(0, 64), false, 20});
  }
  steps.push_back({WsStepKind::close, "", false, 5, 1000});
  WsLog log = converse(o, steps);
  INFO(log.error.message);
  REQUIRE_FALSE(log.error);
  CHECK(log.frames.size() == 2);  // sent, echoed: then the limit
  CHECK(log.frames_not_kept == 10);  // 8 data frames and both close frames: none after the first left out
  REQUIRE(received(log).size() == 5);
  for (const auto* m : received(log)) CHECK(m->data == data);
  CHECK(log.close_received_code == 1000);
}
