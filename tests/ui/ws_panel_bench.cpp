// Benchmark, not a test (hidden tag [.bench], run by hand: build/native/tests/ui/ws_ui_bench):
// the WebSocket panel's frame time while 10,000 messages a second arrive (issue 15: under 8 ms
// a frame). A sender thread in this process is the server: it answers the handshake and writes
// a 100-byte text message every 100 µs (in batches of 10 a millisecond) over loopback; the real
// NativePlatform (the desktop's threads-mode transport) receives them; ImGui frames with no
// window draw the panel about 60 times a second, first the conversation view, then the frames
// view. Prints, per view, the median, p99 and worst frame, in wall time (what the user waits,
// the events lock included) and in the UI thread's CPU time; asserts nothing about time.
// WIREPAD_BENCH_SECONDS (default 10) is how long each view is drawn; WIREPAD_BENCH_RATE
// (default 10000) the messages a second.
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <imgui.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "shared/ws_handshake.h"
#include "ui/app.h"
#include "ui/ws_panel.h"

using namespace wirepad;

namespace {

double env_number(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v ? std::strtod(v, nullptr) : fallback;
}

// One connection: the handshake's answer, then `rate` text messages a second until `stop`.
struct FloodServer {
  explicit FloodServer(double rate) : rate_(rate) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(listener_, 1) == 0);
    socklen_t len = sizeof a;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FloodServer() {
    stop = true;
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }

  void serve() {
    int fd = ::accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return (void)::close(fd);
      request.append(buf, std::size_t(n));
    }
    const std::size_t at = request.find("Sec-WebSocket-Key: ") + 19;
    const std::string key = request.substr(at, request.find("\r\n", at) - at);
    const std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Accept: " + ws_accept_value(key) + "\r\n\r\n";
    ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    const auto start = std::chrono::steady_clock::now();
    while (!stop) {
      // Catch up to the rate: the messages due by now, then a millisecond's sleep.
      const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::string batch;
      for (; sent < long(elapsed * rate_); ++sent) {
        char text[128];
        std::snprintf(text, sizeof text, "{\"seq\": %09ld, \"note\": \"a 100-byte message from the flood sender\"}", sent.load());
        std::string payload = text;
        payload.resize(100, ' ');
        batch += char(0x81);
        batch += char(100);
        batch += payload;
      }
      if (!batch.empty() && ::send(fd, batch.data(), batch.size(), MSG_NOSIGNAL) < 0) break;
      while (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {  // the client's bytes (its close) are not looked at
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(fd);
  }

  double rate_;
  int listener_ = -1;
  int port = 0;
  std::atomic<bool> stop{false};
  std::atomic<long> sent{0};
  std::thread thread_;
};

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct Sample {
  double wall_ms, cpu_ms;
};

void report(const char* view, std::vector<Sample> s, std::size_t messages_before, std::size_t messages_after) {
  auto pick = [&](auto key) {
    std::vector<double> v;
    for (const Sample& x : s) v.push_back(key(x));
    std::sort(v.begin(), v.end());
    return std::vector<double>{v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back()};
  };
  auto wall = pick([](const Sample& x) { return x.wall_ms; });
  auto cpu = pick([](const Sample& x) { return x.cpu_ms; });
  std::printf("%s view, %zu frames, the log growing from %zu to %zu messages: wall median %.3f ms, p99 %.3f ms, worst %.3f ms; "
              "UI thread CPU median %.3f ms, p99 %.3f ms, worst %.3f ms\n",
              view, s.size(), messages_before, messages_after, wall[0], wall[1], wall[2], cpu[0], cpu[1], cpu[2]);
}

}  // namespace

TEST_CASE("the WebSocket panel while 10,000 messages a second arrive", "[.bench][websocket]") {
  const double seconds = env_number("WIREPAD_BENCH_SECONDS", 10);
  const double rate = env_number("WIREPAD_BENCH_RATE", 10000);
  FloodServer server(rate);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.mode = ui::Mode::websocket;
  state.select_mode = true;
  state.websocket.url = "ws://127.0.0.1:" + std::to_string(server.port) + "/";
  gui.frame(state, platform);
  ui::ws_connect(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  auto messages = [&] {
    std::size_t n = 0;
    platform.with_ws([&](const WsLog* log) { n = log ? log->messages.size() : 0; });
    return n;
  };
  for (int view : {0, 1}) {
    state.websocket.view = view;
    std::vector<Sample> samples;
    const std::size_t before = messages();
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    auto next = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < end) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu = thread_cpu_ms();
      gui.frame(state, platform);
      samples.push_back({std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
                         thread_cpu_ms() - cpu});
      next += std::chrono::microseconds(16667);  // about 60 frames a second, as with vsync
      std::this_thread::sleep_until(next);
    }
    report(view == 0 ? "conversation" : "frames", samples, before, messages());
  }
  std::printf("the sender wrote %ld messages in %.0f s\n", server.sent.load(), 2 * seconds);
  bool open = false;
  platform.with_ws([&](const WsLog* log) { open = log && !log->error; });
  CHECK(open);
}
