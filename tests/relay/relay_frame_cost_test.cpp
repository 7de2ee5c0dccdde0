// tests/relay: what one hostile control message may cost the relay. The relay runs every page
// on one thread, so a message that takes seconds to parse (16 MiB of nested JSON arrays, within
// --max-frame) stalls every other page. Control messages (TEXT frames) are bounded in size and
// nesting before any JSON parser sees them; these tests send them for real and time another
// page's echo round trips meanwhile.
#include <sys/resource.h>

#include <iostream>

#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;

namespace {

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";
  return o;
}

// Resident set size of this process (the relay runs in it), in MiB.
double rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

}  // namespace

TEST_CASE("limits: a 16 MiB connect request of nested arrays neither stalls other pages nor costs memory",
          "[relay][limits][cost]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());  // --max-frame at its default, 16 MiB
  PageClient busy(serve);
  REQUIRE(busy.connect("127.0.0.1", echo.port())["op"] == "connected");

  const std::string prefix = "{\"op\":\"connect\",\"port\":80,\"host\":";
  std::string hostile = prefix + std::string(16 * 1024 * 1024 - prefix.size() - 16, '[');
  double rss_before = rss_mib();
  std::atomic<bool> done{false};
  json reply;
  std::thread attacker([&] {
    try {
      PageClient page(serve);
      page.send_text(hostile);
      Frame f = page.read();
      if (f.text) reply = json::parse(f.data);
    } catch (const std::exception&) {
      // The relay may stop reading and close before all 16 MiB went out: that is the point.
    }
    done = true;
  });
  // Meanwhile another page's round trips must keep coming back quickly.
  double worst_ms = 0;
  auto started = std::chrono::steady_clock::now();
  while (!done && std::chrono::steady_clock::now() - started < std::chrono::seconds(20)) {
    auto t = std::chrono::steady_clock::now();
    busy.send_binary("ping");
    CHECK(busy.read_bytes(4) == "ping");
    worst_ms = std::max(worst_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  attacker.join();
  double grown = rss_mib() - rss_before;
  std::cout << "nested 16 MiB connect request: worst echo round trip of another page " << worst_ms << " ms, RSS grew "
            << grown << " MiB\n";
  CHECK(worst_ms < 1000);
  CHECK(grown < 100);
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "A text message from the page (a control message such as the connect request) had more than 4096 "
                            "bytes, the relay's limit for control messages; the relay closed the connection.");
}

TEST_CASE("limits: control messages are refused when nested deeper than the limit", "[relay][limits]") {
  RunningServe serve(relay_options());
  PageClient page(serve);
  page.send_text("{\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":80,\"x\":" + std::string(100, '[') + std::string(100, ']') + "}");
  json reply = page.read_json();
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "The connect request nests JSON more than 8 levels deep, the relay's limit for control messages.");
  CHECK(page.read().closed);
  // Brackets inside strings are text, not nesting.
  TcpEchoServer echo;
  PageClient ok(serve);
  ok.send_json({{"op", "connect"}, {"host", "127.0.0.1"}, {"port", echo.port()}, {"x", std::string(60, '[') + "\\\"[{"}});
  CHECK(ok.read_json()["op"] == "connected");
}

TEST_CASE("limits: a text frame after connected is bounded like the connect request", "[relay][limits]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  page.send_text(std::string(64 * 1024, '['));
  json reply = page.read_json();
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "A text message from the page (a control message such as the connect request) had more than 4096 "
                            "bytes, the relay's limit for control messages; the relay closed the connection.");
  // Binary frames keep their own, larger limit (--max-frame).
  PageClient big(serve);
  REQUIRE(big.connect("127.0.0.1", echo.port())["op"] == "connected");
  big.send_binary(std::string(256 * 1024, 'b'));
  CHECK(big.read_bytes(256 * 1024) == std::string(256 * 1024, 'b'));
}

TEST_CASE("pairing: a /pair body of nested JSON is answered like any wrong code", "[relay][limits][pairing]") {
  RunningServe serve(relay_options());
  auto res = http_post(serve.port(), "/pair", serve.host(), "http://127.0.0.1:8000", std::string(60000, '['));
  CHECK(res.result_int() == 403);
  CHECK(res.body().find("That pairing code is wrong") == 0);
}
