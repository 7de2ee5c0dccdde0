// native: `wirepad ws` against a real WebSocket peer, python3-websockets (tests/native/ws_peer.py)
// on loopback: echo of text and binary byte for byte, fragments both ways, ping/pong both ways,
// close codes both ways, permessage-deflate negotiated (with and without context takeover)
// and refused, misbehaving servers (invalid UTF-8, a reserved opcode, a masked frame, a
// dropped connection, a 403) each a named error, timeouts, and wss:// with a test CA.
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/native/child_process.h"
#include <nlohmann/json.hpp>

#include "native/posix_transport.h"
#include "shared/ws_session.h"
#include "tests/native/tls_test_pki.h"

using wirepad::test::ChildProcess;
using wirepad::test::run_command;
using wirepad::test::RunResult;

namespace {

struct Peer {
  explicit Peer(std::vector<std::string> extra = {}) : process(args(std::move(extra))) {
    auto line = process.wait_for_line("listening", 20);
    REQUIRE(line);
    port = line->substr(line->find(' ') + 1);
  }
  static std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> a{"/usr/bin/python3", WIREPAD_WS_PEER};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
  std::string url(const std::string& path, const std::string& scheme = "ws") const {
    return scheme + "://127.0.0.1:" + port + path;
  }
  ChildProcess process;
  std::string port;
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

}  // namespace

TEST_CASE("ws: echo of text and binary, every frame printed byte-exactly", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({"-v", peer.url("/echo"), "--send", "hello", "--send-binary", "\\x00\\xff\\x80 ok", "--expect", "hello",
                    "--expect-regex", "^\\x00"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  // The handshake as sent and as answered, with the accept value the server computed.
  CHECK(has(r.out, "> GET /echo HTTP/1.1"));
  CHECK(has(r.out, "> Sec-WebSocket-Version: 13"));
  CHECK(has(r.out, "< HTTP/1.1 101 Switching Protocols"));
  CHECK(has(r.out, "websockets/10"));
  // Sent: masked with a fresh key, the payload shown unmasked; the wire bytes under it.
  std::smatch m;
  const std::string out = r.out;
  REQUIRE(std::regex_search(out, m, std::regex(R"(> text opcode=0x1 fin=1 rsv=000 mask=([0-9a-f]{8}) len=5 "hello"\n +\| 81 85 ([0-9a-f ]{11}) )")));
  CHECK(m[1].str() == std::regex_replace(m[2].str(), std::regex(" "), ""));
  CHECK(has(r.out, R"(> binary opcode=0x2 fin=1 rsv=000 mask=)"));
  // Received: unmasked, byte for byte what was sent.
  CHECK(has(r.out, "< text opcode=0x1 fin=1 rsv=000 mask=none len=5 \"hello\"\n             | 81 05 68 65 6c 6c 6f\n"));
  CHECK(has(r.out, "< binary opcode=0x2 fin=1 rsv=000 mask=none len=6 \"\\x00\\xff\\x80 ok\"\n             | 82 06 00 ff 80 20 6f 6b\n"));
  CHECK(has(r.out, "<< binary message, 6 B in 1 frame: \"\\x00\\xff\\x80 ok\""));
  // The closing handshake both ways.
  CHECK(has(r.out, "> close opcode=0x8 fin=1 rsv=000 mask="));
  CHECK(has(r.out, "< close opcode=0x8 fin=1 rsv=000 mask=none len=2 \"\\x03\\xe8\""));
  CHECK(has(r.out, "close received: 1000 normal closure"));
  // No masking key twice (they come from the OS's generator).
  std::set<std::string> keys;
  const std::regex mask("mask=([0-9a-f]{8})");
  for (std::sregex_iterator i(out.begin(), out.end(), mask), e; i != e; ++i) keys.insert((*i)[1]);
  CHECK(keys.size() == 3);  // text, binary, close
}

TEST_CASE("ws: --hex shows payloads as hex and reads them as hex", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({"--hex", peer.url("/echo"), "--send-binary", "de ad be ef", "--expect", "de ad"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "< binary opcode=0x2 fin=1 rsv=000 mask=none len=4 [de ad be ef]"));
}

TEST_CASE("ws: fragmented messages both ways", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({peer.url("/fragments"), "--fragment", "3", "--send", "abcdefgh", "--expect", "fragmented message",
                    "--expect", "abcdefgh"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  // Ours: 3 + 3 + 2 bytes, the first frame text, the rest continuation, FIN on the last.
  CHECK(has(r.out, "> text opcode=0x1 fin=0 rsv=000"));
  CHECK(count(r.out, "> continuation opcode=0x0 fin=0") == 1);
  CHECK(has(r.out, "len=2 \"gh\""));
  CHECK(has(r.out, ">> text message, 8 B in 3 frames: \"abcdefgh\""));
  // The server's: websockets sends an iterable as fragments ending in an empty FIN frame.
  CHECK(has(r.out, "< text opcode=0x1 fin=0 rsv=000 mask=none len=4 \"frag\""));
  CHECK(has(r.out, "< continuation opcode=0x0 fin=1 rsv=000 mask=none len=0 \"\""));
  CHECK(has(r.out, "<< text message, 18 B in 4 frames: \"fragmented message\""));
  CHECK(has(r.out, "<< text message, 8 B in 1 frame: \"abcdefgh\""));
}

TEST_CASE("ws: ping and pong both ways", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({peer.url("/ping"), "--expect", "pong arrived", "--ping", "p1\\x00", "--send", "after", "--expect", "after"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  // The server's ping gets an automatic pong with the same payload, which the server saw.
  CHECK(has(r.out, "< ping opcode=0x9 fin=1 rsv=000 mask=none len=8 \"srv-ping\""));
  CHECK(has(r.out, "> pong opcode=0xa fin=1 rsv=000 mask="));
  CHECK(has(r.out, "len=8 \"srv-ping\""));
  // Our ping: the server's pong carries our bytes back.
  CHECK(has(r.out, "< pong opcode=0xa fin=1 rsv=000 mask=none len=3 \"p1\\x00\""));
}

TEST_CASE("ws: close codes and reasons both ways", "[ws][peer]") {
  Peer peer;
  SECTION("ours: 4000 with a reason, echoed by the server") {
    RunResult r = ws({peer.url("/echo"), "--send", "x", "--expect", "x", "--close", "4000:done here"});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(has(r.out, "len=11 \"\\x0f\\xa0done here\""));
    CHECK(has(r.out, "close sent: 4000, reason \"done here\""));
    CHECK(has(r.out, "close received: 4000"));
  }
  SECTION("the server's: 4001 while we wait for a message fails that step, naming the code") {
    RunResult r = ws({peer.url("/close/4001"), "--send", "x", "--expect", "never"});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.out, "< close opcode=0x8 fin=1 rsv=000 mask=none len=17 \"\\x0f\\xa1bye from server\""));
    CHECK(has(r.out, "close sent in answer: 4001"));
    CHECK(has(r.err, "step 3: closed_early: step_failed: the server closed the WebSocket (4001, reason \"bye from server\")"));
  }
  SECTION("the server's 1001 during a sleep cuts it short, naming the code") {
    RunResult r = ws({peer.url("/close/1001"), "--send", "x", "--sleep", "0.5"});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.err, "1001 going away"));
  }
  SECTION("a close code that may not be sent is refused before connecting") {
    RunResult r = ws({peer.url("/echo"), "--close", "1006"});
    CHECK(r.status == 2);
    CHECK(has(r.err, "the close code 1006 may not be sent"));
  }
}

TEST_CASE("ws: permessage-deflate negotiated, with and without context takeover, and refused", "[ws][peer][deflate]") {
  SECTION("context takeover: the same message again compresses smaller") {
    Peer peer;
    const std::string text = "{\"hello\":\"world\",\"n\":[1,2,3,4,5,6,7,8,9,10]}";
    RunResult r = ws({"-v", "--compress", peer.url("/echo"), "--send", text, "--send", text, "--expect", text, "--expect-regex", "n.:.1,2"});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(has(r.out, "> Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"));
    CHECK(has(r.out, "WebSocket open, permessage-deflate (permessage-deflate"));
    CHECK(count(r.out, "> text opcode=0x1 fin=1 rsv=100") == 2);
    CHECK(count(r.out, "< text opcode=0x1 fin=1 rsv=100") == 2);
    std::smatch m;
    const std::string out = r.out;
    std::regex sent(R"(>> text message, 44 B \((\d+) B compressed\))");
    std::vector<int> sizes;
    for (std::sregex_iterator i(out.begin(), out.end(), sent), e; i != e; ++i) sizes.push_back(std::stoi((*i)[1]));
    REQUIRE(sizes.size() == 2);
    CHECK(sizes[1] < sizes[0]);
    CHECK(sizes[1] < 15);
    // The server inflated what we sent (it echoed the text), and we inflated its answers.
    CHECK(count(r.out, "<< text message, 44 B (") == 2);
  }
  SECTION("no context takeover: each message compresses alone") {
    Peer peer;
    const std::string text = "{\"hello\":\"world\",\"n\":[1,2,3,4,5,6,7,8,9,10]}";
    // Both echoes waited for: the server drops an echo it has not sent when our close comes first.
    RunResult r = ws({"-v", "--no-context-takeover", peer.url("/echo"), "--send", text, "--send", text, "--expect", text,
                      "--expect", text});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK(has(r.out, "client_no_context_takeover"));
    CHECK(has(r.out, "server_no_context_takeover"));
    const std::string out = r.out;
    std::vector<int> sizes;
    std::regex sent(R"(text message, 44 B \((\d+) B compressed\))");
    for (std::sregex_iterator i(out.begin(), out.end(), sent), e; i != e; ++i) sizes.push_back(std::stoi((*i)[1]));
    REQUIRE(sizes.size() == 4);
    CHECK(sizes[0] == sizes[1]);  // ours
    CHECK(sizes[2] == sizes[3]);  // the server's
  }
  SECTION("the server refuses it: plain frames") {
    Peer peer({"--no-compression"});
    RunResult r = ws({"--compress", peer.url("/echo"), "--send", "plain", "--expect", "plain"});
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    CHECK_FALSE(has(r.out, "WebSocket open, permessage-deflate"));
    CHECK(has(r.out, "> text opcode=0x1 fin=1 rsv=000"));
    CHECK(has(r.out, "< text opcode=0x1 fin=1 rsv=000 mask=none len=5 \"plain\""));
  }
}

// `wirepad ws` does its I/O on its own thread (the transport inline, no connection thread):
// whatever it queued last, its close frame or its answer to the server's, must still leave
// before the process exits. The server says which close frame it got.
TEST_CASE("ws: the close frame reaches the server before wirepad ws exits", "[ws][peer][close]") {
  Peer peer;
  SECTION("ours, with a code and a reason") {
    RunResult r = ws({peer.url("/report-close"), "--send", "x", "--expect", "x", "--close", "4000:bye"});
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(peer.process.wait_for_line("client close 4000", 5));
  }
  SECTION("the answer to the server's close") {
    RunResult r = ws({peer.url("/report-close/4001"), "--send", "x", "--sleep", "1"});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.out, "close sent in answer: 4001"));
    CHECK(peer.process.wait_for_line("client close 4001", 5));
  }
  SECTION("the one that fails the connection for a protocol error") {
    RunResult r = ws({peer.url("/report-close-bad"), "--expect", "x"});
    INFO(r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.out, "close sent: 1002"));
    CHECK(peer.process.wait_for_line("client close 1002", 5));
  }
}

// --max-logged-bytes: the messages over it keep their size and time, the expect still sees
// the one it waits for, and the output says how many lost their bytes.
TEST_CASE("ws: messages over --max-logged-bytes are listed without their bytes, and counted", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({peer.url("/echo"), "--max-logged-bytes", "10", "--send", "hello", "--expect", "hello", "--send",
                    "world, again", "--expect", "world"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(count(r.out, "<< text message, 5 B in 1 frame: \"hello\"") == 1);
  CHECK(count(r.out, "text message, 12 B in 1 frame, its bytes not kept (over --max-logged-bytes)") == 2);
  CHECK(has(r.out, "2 messages' bytes were not kept (24 B over --max-logged-bytes"));
  RunResult j = ws({"--json", peer.url("/echo"), "--max-logged-bytes", "10", "--send", "hello", "--expect", "hello", "--send",
                    "world, again", "--expect", "world"});
  REQUIRE(j.status == 0);
  nlohmann::json log = nlohmann::json::parse(j.out);
  CHECK(log["messages_not_kept"] == 2);
  CHECK(log["message_bytes_not_kept"] == 24);
  int dropped = 0;
  for (const auto& item : log["timeline"])
    if (item.contains("data_kept") && !item["data_kept"].get<bool>()) {
      ++dropped;
      CHECK(item["size"] == 12);
      CHECK(item["data"] == "");
    }
  CHECK(dropped == 2);
  RunResult bad = ws({peer.url("/echo"), "--max-logged-bytes", "lots"});
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "--max-logged-bytes takes a number of bytes"));
}

TEST_CASE("ws: a misbehaving server is a named error, and the close says why", "[ws][peer][errors]") {
  Peer peer;
  struct Case {
    const char* path;
    const char* error;
    const char* close;  // the close frame we send ("" = none: the connection is gone)
  };
  for (const Case& c : {Case{"/bad-utf8", "invalid_utf8: frame 1, byte 3", "close sent: 1007"},
                        Case{"/bad-opcode", "reserved_opcode: frame 1, byte 0: opcode 0x3 is reserved", "close sent: 1002"},
                        Case{"/masked", "masked_server_frame: frame 1, byte 1", "close sent: 1002"},
                        Case{"/drop", "closed_without_close_frame", ""},
                        Case{"/forbidden", "handshake_status: the server answered 403 Forbidden", ""}}) {
    RunResult r = ws({"-v", peer.url(c.path), "--send", "x", "--expect", "x", "--timeout", "5"});
    INFO(c.path << "\n" << r.out << r.err);
    CHECK(r.status == 1);
    CHECK(has(r.err, c.error));
    if (*c.close) CHECK(has(r.out, c.close));
    else CHECK_FALSE(has(r.out, "close sent"));
  }
  // Over permessage-deflate: bytes zlib refuses.
  RunResult d = ws({"--compress", peer.url("/bad-deflate"), "--expect", "x"});
  INFO(d.out << d.err);
  CHECK(d.status == 1);
  CHECK(has(d.err, "decompression_failed: frame 1"));
  CHECK(has(d.out, "close sent: 1002"));
  // A message over --max-message: 1009, before it is all in memory.
  RunResult big = ws({"--max-message", "65536", peer.url("/big"), "--expect", "x"});
  INFO(big.out << big.err);
  CHECK(big.status == 1);
  // The one frame already says it is too big: refused at its header.
  CHECK(has(big.err, "step 2: malformed_response: frame_too_large: frame 1, byte 1: the frame's payload is 100000 bytes, over the limit of 65536"));
  CHECK(has(big.out, "close sent: 1009"));
  // In fragments each under the limit, the message passes it at the seventh.
  RunResult frag = ws({"--max-message", "65536", peer.url("/big-fragments"), "--expect", "x"});
  INFO(frag.out << frag.err);
  CHECK(frag.status == 1);
  CHECK(has(frag.err, "step 2: malformed_response: message_too_large: frame 7,"));
  CHECK(has(frag.err, "the message reaches 70000 bytes, over the limit of 65536"));
  CHECK(has(frag.out, "close sent: 1009"));
  RunResult fits = ws({peer.url("/big"), "--expect", "xxxxx"});
  CHECK(fits.status == 0);
  CHECK(has(fits.out, "<< text message, 100000 B in 1 frame"));
  // A regular expression runs on it (PCRE2, shared/regex.h; std::regex overflowed the stack
  // from ~20 kB, so messages over 8 KiB were refused).
  RunResult re = ws({peer.url("/big"), "--expect-regex", "^x+$"});
  INFO(re.out << re.err);
  CHECK(re.status == 0);
  // (x|y)+$ over 1 MiB: a match, or the step fails saying why; never a crash.
  RunResult mib = ws({peer.url("/mib"), "--expect-regex", "(x|y)+$"});
  INFO(mib.out << mib.err);
  CHECK((mib.status == 0 || mib.status == 1));
  if (mib.status == 1) CHECK(has(mib.err, "step_failed: message 1: /(x|y)+$/ needs more backtracking"));
  // A close reason that is not UTF-8.
  RunResult bc = ws({peer.url("/bad-close"), "--expect", "x"});
  INFO(bc.out << bc.err);
  CHECK(bc.status == 1);
  CHECK(has(bc.err, "invalid_utf8"));
  // The 403's body is shown with the head.
  RunResult r = ws({"-v", peer.url("/forbidden")});
  CHECK(has(r.out, "< nope\\n"));
  CHECK(has(r.err, "step 1:"));
}

TEST_CASE("ws: timeouts and refused connections name the step", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({peer.url("/echo"), "--send", "a", "--expect", "b", "--timeout", "0.3"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  CHECK(has(r.err, "step 3: idle_timeout: step_failed: no message matched within 0.30 s; the last of 1 unmatched was \"a\""));
  // Headers and subprotocols reach the server.
  RunResult h = ws({peer.url("/headers"), "-H", "X-Trace: 42", "--subprotocol", "chat.v1", "--expect", "X-Trace: 42"});
  INFO(h.out << h.err);
  CHECK(h.status == 0);
  CHECK(has(h.out, "Sec-WebSocket-Protocol: chat.v1"));
  RunResult bad = ws({"http://127.0.0.1:1/"});
  CHECK(bad.status == 2);
}

TEST_CASE("ws: a subprotocol the server picks is shown", "[ws][peer]") {
  Peer peer({"--subprotocol", "chat.v2"});
  RunResult r = ws({peer.url("/echo"), "--subprotocol", "chat.v1", "--subprotocol", "chat.v2", "--send", "s", "--expect", "s"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "subprotocol chat.v2"));
}

TEST_CASE("wss: over TLS with a test CA, refused without it, accepted with -k", "[ws][peer][tls]") {
  wirepad::test::TestPki pki;
  wirepad::test::TestCert leaf = pki.leaf("ws", "localhost", "DNS:localhost,IP:127.0.0.1");
  Peer peer({"--cert", leaf.cert_file, "--key", leaf.key_file});
  RunResult r = ws({"--cacert", pki.ca.cert_file, peer.url("/echo", "wss"), "--send", "secret", "--expect", "secret"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "certificate verified"));
  CHECK(has(r.out, "< text opcode=0x1 fin=1 rsv=000 mask=none len=6 \"secret\""));
  RunResult refused = ws({peer.url("/echo", "wss"), "--send", "x"});
  INFO(refused.out << refused.err);
  CHECK(refused.status == 1);
  CHECK(has(refused.err, "step 1:"));
  CHECK(has(refused.err, "certificate"));
  RunResult insecure = ws({"-k", peer.url("/echo", "wss"), "--send", "x", "--expect", "x"});
  CHECK(insecure.status == 0);
  CHECK(has(insecure.out, "certificate NOT verified"));
}

// WsCall over the POSIX transport itself (what a UI would drive): cancellation mid-step and
// the handshake's own timeout, each ending the conversation at once with its reason.
namespace {

struct Driven {
  std::shared_ptr<std::mutex> lock = std::make_shared<std::mutex>();
  std::shared_ptr<std::condition_variable> cv = std::make_shared<std::condition_variable>();
  wirepad::native::PosixTransport transport{lock, [cv = cv] { cv->notify_all(); }};
};

wirepad::WsRandom counter() {
  auto n = std::make_shared<unsigned>(7);
  return [n](std::size_t k) {
    std::string s;
    for (std::size_t i = 0; i < k; ++i) s += char((*n)++ * 13);
    return s;
  };
}

}  // namespace

TEST_CASE("ws: WsCall over the POSIX transport is cancelled mid-expect at once", "[ws][peer][transport]") {
  using namespace wirepad;
  Peer peer;
  Driven d;
  WsSessionOptions o;
  o.url = peer.url("/echo");
  std::vector<WsStep> steps{{WsStepKind::send_text, "a"}, {WsStepKind::expect, "never", false, 30}};
  auto session = WsSession::create(o, steps, counter());
  REQUIRE(session);
  std::unique_lock<std::mutex> guard(*d.lock);
  WsCall call(d.transport, std::move(session.value()));
  call.start();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (call.log().messages.size() < 2 && std::chrono::steady_clock::now() < until)
    d.cv->wait_for(guard, std::chrono::milliseconds(20));
  REQUIRE(call.log().messages.size() == 2);  // "a" sent and echoed; the expect waits for "never"
  CHECK_FALSE(call.finished());
  const auto before = std::chrono::steady_clock::now();
  call.cancel();
  CHECK(call.finished());
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::milliseconds(500));
  CHECK(call.log().error.code == ErrorCode::cancelled);
  CHECK(call.log().failed_step == 3);
}

TEST_CASE("ws: a server that accepts but never answers the handshake times out", "[ws][peer][transport]") {
  using namespace wirepad;
  // A listening socket nobody accepts on: the kernel completes the connect, nothing answers.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  Driven d;
  WsSessionOptions o;
  o.url = "ws://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  o.handshake_timeout = 0.3;
  auto session = WsSession::create(o, {}, counter());
  REQUIRE(session);
  std::unique_lock<std::mutex> guard(*d.lock);
  WsCall call(d.transport, std::move(session.value()));
  const auto start = std::chrono::steady_clock::now();
  call.start();
  while (!call.finished() && std::chrono::steady_clock::now() - start < std::chrono::seconds(10))
    d.cv->wait_for(guard, std::chrono::milliseconds(20));
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(call.finished());
  CHECK(call.log().error.code == ErrorCode::first_byte_timeout);
  CHECK(call.log().error.message.find("no complete answer to the handshake within 0.30 s") != std::string::npos);
  CHECK(call.log().failed_step == 1);
  CHECK(took >= 0.29);
  CHECK(took < 2);
  ::close(fd);
}

TEST_CASE("ws: bad input is refused before connecting, naming the flag", "[ws][cli]") {
  struct Case {
    std::vector<std::string> args;
    const char* error;
  };
  // Port 9 on loopback: nothing there, and nothing is tried (exit 2 comes first).
  for (const Case& c : {Case{{"ws://127.0.0.1:9/", "--close", "1000", "--send", "a"}, "--send comes after --close"},
                        Case{{"ws://127.0.0.1:9/", "--bogus"}, "unknown option '--bogus' for ws"},
                        Case{{"ws://127.0.0.1:9/", "--send", "\\xZZ"}, "--send '\\xZZ': \\x at position 0 needs two hex digits"},
                        Case{{"ws://127.0.0.1:9/", "--send", "ok\xff"}, "step 2 (send): a text message must be UTF-8 (RFC 6455 §5.6), and byte 2 is not"},
                        Case{{"ws://127.0.0.1:9/", "--ping", std::string(126, 'p')}, "a ping payload fits in at most 125 bytes"},
                        Case{{"ws://127.0.0.1:9/", "--close", "1000:" + std::string(124, 'r')}, "a close reason fits in at most 123 bytes"},
                        Case{{"ws://127.0.0.1:9/", "--expect-regex", "("}, "/(/ is not a regular expression: missing closing parenthesis"},
                        Case{{"ws://127.0.0.1:9/", "-H", "Bad Header: x"}, "'Bad Header' is not a token"},
                        Case{{"ws://127.0.0.1:9/", "--client-max-window-bits", "8"}, "--client-max-window-bits takes a number from 9 to 15"},
                        Case{{"http://127.0.0.1:9/"}, "a WebSocket URL starts with ws:// or wss://, not http://"},
                        Case{{}, "ws needs one URL"}}) {
    RunResult r = ws(c.args);
    INFO(r.err);
    CHECK(r.status == 2);
    CHECK(has(r.err, c.error));
    CHECK(r.out.empty());
  }
}

TEST_CASE("ws: --json gives the whole conversation, frames and messages in order", "[ws][peer]") {
  Peer peer;
  RunResult r = ws({"--json", "--compress", peer.url("/echo"), "--send-binary", "\\x00\\x01", "--expect", "\\x00", "--close", "4000:bye"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["state"] == "closed");
  CHECK(j["error"].is_null());
  CHECK(j["deflate"]["client_max_window_bits"].get<int>() >= 8);
  CHECK(j["close_received"]["code"] == 4000);
  std::vector<std::string> order;
  for (const auto& item : j["timeline"])
    if (item["type"] == "frame") order.push_back(item["direction"].get<std::string>() + " " + item["opcode_name"].get<std::string>());
  CHECK(order == std::vector<std::string>{"sent binary", "received binary", "sent close", "received close"});
  for (const auto& item : j["timeline"])
    if (item["type"] == "message" && item["direction"] == "received") {
      CHECK(item["data"] == "\\x00\\x01");
      CHECK(item["compressed"] == true);
    }
}

namespace {

// A scratch folder for experiment files, removed at the end.
struct ScratchDir {
  ScratchDir() {
    char name[] = "/tmp/wirepad-ws-run-XXXXXX";
    path = mkdtemp(name);
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string write(const std::string& file, const std::string& text) const {
    std::string at = path + "/" + file;
    std::ofstream(at, std::ios::binary) << text;
    return at;
  }
  std::string path;
};

}  // namespace

TEST_CASE("run: a WebSocket experiment replays its steps against python3-websockets", "[ws][peer][run]") {
  Peer peer;
  ScratchDir dir;
  const std::string ok = dir.write("chat.json", R"({"wirepad": 5, "kind": "websocket", "name": "echo",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "subprotocols": [], "compress": true,
      "steps": [{"send": "hello"}, {"expect": "hello"}, {"send_binary_hex": "00 ff"}, {"expect_hex": "00 ff"},
                {"ping": "p"}, {"close": 4001, "reason": "bye"}]}})");
  RunResult r = run_command({WIREPAD_BINARY, "run", ok});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "< text opcode=0x1 fin=1 rsv=100"));  // the echo came back compressed (RSV1)
  CHECK(count(r.out, "message") >= 4);
  CHECK(has(r.out, "4001"));

  // A step that fails exits 1 and says which, and why.
  const std::string wrong = dir.write("wrong.json", R"({"wirepad": 5, "kind": "websocket",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "hello"}, {"expect": "goodbye", "timeout": 0.5}]}})");
  RunResult bad = run_command({WIREPAD_BINARY, "run", wrong});
  INFO(bad.out << bad.err);
  CHECK(bad.status == 1);
  CHECK(has(bad.err, "step 3"));

  // A {{variable}} nothing fills is bad input (exit 2) naming it, before anything connects.
  const std::string vars = dir.write("vars.json", R"({"wirepad": 5, "kind": "websocket",
    "websocket": {"url": "ws://127.0.0.1:{{port}}/echo", "steps": [{"send": "hi"}]}})");
  RunResult unfilled = run_command({WIREPAD_BINARY, "run", vars});
  CHECK(unfilled.status == 2);
  CHECK(has(unfilled.err, "port"));
}

TEST_CASE("import + run: a Chromium HAR's WebSocket conversation replays against the same server", "[ws][peer][run][har]") {
  Peer peer;
  ScratchDir dir;
  const std::string har = dir.write("session.har", R"({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
    "entries": [{"_resourceType": "websocket", "startedDateTime": "2026-12-07T10:00:00.000Z",
      "request": {"method": "GET", "url": ")" + peer.url("/echo") + R"(", "httpVersion": "HTTP/1.1",
        "headers": [{"name": "Upgrade", "value": "websocket"}, {"name": "Sec-WebSocket-Version", "value": "13"},
                    {"name": "Origin", "value": "http://127.0.0.1"}],
        "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
      "response": {"status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
        "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
      "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0},
      "_webSocketMessages": [{"type": "send", "time": 1.0, "opcode": 1, "data": "ping me"},
                             {"type": "receive", "time": 1.1, "opcode": 1, "data": "ping me"},
                             {"type": "send", "time": 1.2, "opcode": 2, "data": "3q2+7w=="},
                             {"type": "receive", "time": 1.3, "opcode": 2, "data": "3q2+7w=="}]}]}})");
  RunResult imported = run_command({WIREPAD_BINARY, "import", har, "-o", dir.path + "/conversation.json"});
  INFO(imported.out << imported.err);
  REQUIRE(imported.status == 0);
  RunResult replay = run_command({WIREPAD_BINARY, "run", dir.path + "/conversation.json"});
  INFO(replay.out << replay.err);
  CHECK(replay.status == 0);
  CHECK(count(replay.out, "message") >= 4);
}

TEST_CASE("test: WebSocket experiments in a run, each step a check in the report", "[ws][peer][test_cli]") {
  Peer peer;
  ScratchDir dir;
  dir.write("1-echo.json", R"({"wirepad": 5, "kind": "websocket", "name": "echo",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "hi {{who}}"}, {"expect": "hi ada"}]}})");
  dir.write("2-wrong.json", R"({"wirepad": 5, "kind": "websocket", "name": "wrong",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "hi"}, {"expect": "bye", "timeout": 0.3}]}})");
  dir.write("3-refused.json", R"({"wirepad": 5, "kind": "websocket", "name": "refused",
    "websocket": {"url": ")" + peer.url("/forbidden") + R"(", "steps": []}})");
  ScratchDir data;
  const std::string rows = data.write("rows.csv", "who\nada\n");
  RunResult r = run_command({WIREPAD_BINARY, "test", dir.path, "--data", rows, "--reporter", "json"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(report.is_object());
  const auto& results = report["results"];
  REQUIRE(results.size() == 3);
  CHECK(results[0]["outcome"] == "passed");
  CHECK(results[0]["method"] == "WS");
  CHECK(results[0]["assertions"].size() == 4);  // handshake, send, expect, close
  CHECK(results[1]["outcome"] == "failed");
  CHECK_THAT(results[1]["message"].get<std::string>(), Catch::Contains("step 3"));
  CHECK(results[2]["outcome"] == "error");  // the upgrade was refused: no conversation
  CHECK_THAT(results[2]["message"].get<std::string>(), Catch::Contains("403"));
}

TEST_CASE("test: a socket experiment in a run, its steps the checks, and a refused connection an error", "[ws][peer][test_cli]") {
  Peer peer;  // an HTTP server too: a plain GET without the upgrade gets a 4xx
  ScratchDir dir;
  dir.write("1-http.json", R"({"wirepad": 1, "kind": "socket", "name": "raw http",
    "socket": {"protocol": "tcp", "host": "127.0.0.1", "port": )" + peer.port + R"(,
      "steps": [{"connect": true}, {"send": "GET / HTTP/1.1\r\nHost: x\r\n\r\n"}, {"expect_regex": "^HTTP/1\\.1 4", "timeout": 5},
                {"close": true}]}})");
  dir.write("2-closed.json", R"({"wirepad": 1, "kind": "socket", "name": "nobody",
    "socket": {"protocol": "tcp", "host": "127.0.0.1", "port": 1, "steps": [{"connect": true}, {"send": "x"}]}})");
  RunResult r = run_command({WIREPAD_BINARY, "test", dir.path, "--reporter", "json"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(report.is_object());
  const auto& results = report["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0]["outcome"] == "passed");
  CHECK(results[0]["method"] == "TCP");
  CHECK(results[0]["assertions"].size() == 4);
  CHECK(results[1]["outcome"] == "error");
}

TEST_CASE("test: assertions and captures over the messages a WebSocket and a TCP conversation received",
          "[ws][peer][test_cli][messages]") {
  Peer peer;
  ScratchDir dir;
  // The echo gives back each message: message 1 is the JSON sent first, the last the text.
  dir.write("1-feed.json", R"({"wirepad": 6, "kind": "websocket", "name": "feed",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [
      {"send": "{\"type\": \"ack\", \"session\": \"s-{{n}}\", \"items\": [1, 2, 3]}"}, {"expect": "ack"},
      {"send": "plain words"}, {"expect": "words"}]},
    "test": {"assert": [{"subject": "json", "path": "$.type", "op": "==", "value": "ack", "message": 1},
                        {"subject": "json_count", "path": "$.items[*]", "op": "==", "value": 3, "message": 1},
                        {"subject": "messages", "op": "==", "value": 2},
                        {"subject": "body", "op": "matches", "value": "^plain", "label": "the last one is text"}],
             "capture": [{"variable": "sid", "from": "json", "path": "$.session", "message": 1}]}})");
  // The capture flows into the next conversation.
  dir.write("2-use.json", R"({"wirepad": 6, "kind": "websocket", "name": "use",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "session {{sid}}"}, {"expect": "session"}]},
    "test": {"assert": [{"subject": "body", "op": "==", "value": "session s-7"}]}})");
  dir.write("3-wrong.json", R"({"wirepad": 6, "kind": "websocket", "name": "wrong",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "{\"type\": \"nack\"}"}, {"expect": "nack"}]},
    "test": {"assert": [{"subject": "json", "path": "$.type", "op": "==", "value": "ack"},
                        {"subject": "body", "op": "contains", "value": "x", "message": 4}]}})");
  // A TCP stream is one message: the HTTP response the peer sends to a plain GET.
  dir.write("4-tcp.json", R"({"wirepad": 6, "kind": "socket", "name": "raw http",
    "socket": {"protocol": "tcp", "host": "127.0.0.1", "port": )" + peer.port + R"(,
      "steps": [{"connect": true}, {"send": "GET / HTTP/1.1\r\nHost: x\r\n\r\n"}, {"expect_regex": "\r\n\r\n", "timeout": 5},
                {"close": true}]},
    "test": {"assert": [{"subject": "body", "op": "matches", "value": "^HTTP/1\\.1 4\\d\\d"}, {"subject": "messages", "op": "==", "value": 1}]}})");
  ScratchDir data;
  const std::string rows = data.write("rows.csv", "n\n7\n");
  RunResult r = run_command({WIREPAD_BINARY, "test", dir.path, "--data", rows, "--reporter", "json"});
  INFO(r.out << r.err);
  CHECK(r.status == 1);
  nlohmann::json report = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE(report.is_object());
  const auto& results = report["results"];
  REQUIRE(results.size() == 4);
  CHECK(results[0]["outcome"] == "passed");
  CHECK(results[0]["assertions"].size() == 6 + 4);  // handshake, 4 steps, close; the file's 4
  CHECK(results[1]["outcome"] == "passed");
  CHECK(results[2]["outcome"] == "failed");
  const std::string failures = results[2]["assertions"].dump();
  CHECK_THAT(failures, Catch::Contains(R"("actual":"\"nack\"")"));
  CHECK_THAT(failures, Catch::Contains("there is no message 4: 1 message was received"));
  CHECK(results[3]["outcome"] == "passed");
  CHECK(results[3]["method"] == "TCP");

  // The text report names the failing check with expected and actual.
  RunResult text = run_command({WIREPAD_BINARY, "test", dir.path + "/3-wrong.json"});
  CHECK(text.status == 1);
  CHECK_THAT(text.out, Catch::Contains("json $.type == \"ack\""));
}
