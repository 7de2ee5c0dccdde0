// tests/relay: load. The real `wirepad serve` binary (relay + lab servers) in its own process;
// 200 WebSocket pages at once, each relayed to the lab TCP echo server, each sending numbered
// fixed-size messages (one per frame) and checking that every one comes back, in order, with
// nothing lost, merged wrongly or reordered. Prints the throughput and the relay process's
// memory (VmRSS now, VmHWM peak). Exit 0 passed, 1 failed.
//
// usage: relay_load_test --wirepad PATH [--connections N] [--messages N] [--seconds S]
//   --messages: per connection and direction (default 10000); the sending stops early when
//   --seconds (default 25) run out, and then at least 10000 messages in total each way must
//   have made the round trip.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMessageSize = 32;
constexpr long kWindow = 64;  // messages a page may have in flight

struct Settings {
  std::string wirepad;
  int connections = 200;
  int messages = 10000;
  double seconds = 25;
};

struct Totals {
  std::atomic<long> sent{0}, received{0}, connected{0}, finished{0};
  std::vector<std::string> failures;
  void fail(const std::string& why) {
    if (failures.size() < 20) failures.push_back(why);
  }
};

std::string message(int conn, long seq) {
  char buf[kMessageSize + 1];
  std::snprintf(buf, sizeof buf, "c%04d s%08ld ................", conn, seq);
  buf[kMessageSize - 1] = '\n';
  return std::string(buf, kMessageSize);
}

// `wirepad serve` as a child process whose stdout we read line by line.
struct ServeProcess {
  pid_t pid = -1;
  FILE* out = nullptr;
  std::vector<std::string> lines;
  bool start(const Settings& s, const fs::path& dir) {
    int fds[2];
    if (::pipe(fds) != 0) return false;
    pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[1], 1);
      ::close(fds[0]);
      ::close(fds[1]);
      std::string web = (dir / "web").string(), pairings = (dir / "pairings.json").string();
      std::string n = std::to_string(s.connections + 10);
      execl(s.wirepad.c_str(), s.wirepad.c_str(), "serve", "--port", "0", "--web-root", web.c_str(), "--hello-port", "0",
            "--tcp-echo-port", "0", "--udp-echo-port", "0", "--max-connections", n.c_str(), "--max-connections-per-page",
            n.c_str(), "--pairings", pairings.c_str(), "--log", (dir / "relay.log").c_str(), (char*)nullptr);
      std::perror("exec wirepad");
      ::_exit(127);
    }
    ::close(fds[1]);
    out = ::fdopen(fds[0], "r");
    return pid > 0;
  }
  // Reads lines until one matches; returns the first capture group.
  std::string wait_for(const std::regex& pattern) {
    char buf[1024];
    while (std::fgets(buf, sizeof buf, out)) {
      std::string line(buf);
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      lines.push_back(line);
      std::smatch m;
      if (std::regex_search(line, m, pattern)) return m[1];
    }
    return "";
  }
  std::string status_field(const std::string& name) const {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(name + ":", 0) == 0) {
        auto v = line.substr(name.size() + 1);
        v.erase(0, v.find_first_not_of(" \t"));
        return v;
      }
    }
    return "?";
  }
  ~ServeProcess() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      int st = 0;
      ::waitpid(pid, &st, 0);
    }
    if (out) std::fclose(out);
  }
};

std::string fetch_token(std::uint16_t port) {
  asio::io_context io;
  tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> req{http::verb::get, "/", 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  http::write(s, req);
  beast::flat_buffer b;
  http::response<http::string_body> res;
  http::read(s, b, res);
  std::smatch m;
  std::regex re("content=\"([0-9a-f]{32})\"");
  return std::regex_search(res.body(), m, re) ? std::string(m[1]) : "";
}

struct Page {
  websocket::stream<tcp::socket> ws;
  int id;
  long sent = 0, received = 0;
  bool stop_sending = false;
  asio::steady_timer wake;  // the writer waits on it while too far ahead; the reader cancels it
  explicit Page(asio::io_context& io, int id) : ws(io), id(id), wake(io) {}
};

awaitable<void> writer(Page& p, const Settings& s, Totals& t, Clock::time_point deadline) {
  beast::error_code ec;
  p.ws.binary(true);
  while (p.sent < s.messages && Clock::now() < deadline) {
    // At most kWindow messages in flight, so the time limit stops a test whose messages are
    // all accounted for rather than one with a backlog stuck in socket buffers.
    while (p.sent - p.received >= kWindow) {
      p.wake.expires_at(Clock::time_point::max());
      co_await p.wake.async_wait(asio::redirect_error(use_awaitable, ec));
    }
    std::string m = message(p.id, p.sent);
    co_await p.ws.async_write(asio::buffer(m), asio::redirect_error(use_awaitable, ec));
    if (ec) {
      t.fail("page " + std::to_string(p.id) + ": write failed: " + ec.message());
      break;
    }
    ++p.sent;
    t.sent++;
  }
  p.stop_sending = true;
}

awaitable<void> reader(Page& p, Totals& t) {
  beast::flat_buffer buffer;
  std::string pending;
  long expected = 0;
  beast::error_code ec;
  while (!(p.stop_sending && expected == p.sent)) {
    buffer.clear();
    co_await p.ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      t.fail("page " + std::to_string(p.id) + ": read failed after " + std::to_string(expected) + " messages: " + ec.message());
      co_return;
    }
    if (p.ws.got_text()) {
      t.fail("page " + std::to_string(p.id) + ": unexpected text frame " + beast::buffers_to_string(buffer.data()));
      co_return;
    }
    pending += beast::buffers_to_string(buffer.data());
    std::size_t at = 0;
    for (; pending.size() - at >= kMessageSize; at += kMessageSize) {
      std::string_view got(pending.data() + at, kMessageSize);
      if (got != message(p.id, expected)) {
        t.fail("page " + std::to_string(p.id) + ": message " + std::to_string(expected) + " came back as '" +
               std::string(got.substr(0, kMessageSize - 1)) + "'");
        co_return;
      }
      ++expected;
      t.received++;
    }
    p.received = expected;
    p.wake.cancel();
    pending.erase(0, at);
  }
  if (!pending.empty()) t.fail("page " + std::to_string(p.id) + ": " + std::to_string(pending.size()) + " stray bytes");
}

awaitable<void> run_page(Page& p, std::uint16_t port, const std::string& token, std::uint16_t echo_port, const Settings& s,
                         Totals& t, Clock::time_point& start_sending, std::atomic<int>& ready) {
  beast::error_code ec;
  co_await p.ws.next_layer().async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::redirect_error(use_awaitable, ec));
  std::string origin = "http://127.0.0.1:" + std::to_string(port);
  p.ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& r) { r.set(http::field::origin, origin); }));
  if (!ec) co_await p.ws.async_handshake("127.0.0.1:" + std::to_string(port), "/relay?token=" + token, asio::redirect_error(use_awaitable, ec));
  if (ec) {
    t.fail("page " + std::to_string(p.id) + ": could not open the relay WebSocket: " + ec.message());
    co_return;
  }
  p.ws.text(true);
  std::string req = nlohmann::json{{"op", "connect"}, {"host", "127.0.0.1"}, {"port", echo_port}}.dump();
  co_await p.ws.async_write(asio::buffer(req), asio::redirect_error(use_awaitable, ec));
  beast::flat_buffer b;
  if (!ec) co_await p.ws.async_read(b, asio::redirect_error(use_awaitable, ec));
  std::string reply = beast::buffers_to_string(b.data());
  if (ec || reply.find("\"connected\"") == std::string::npos) {
    t.fail("page " + std::to_string(p.id) + ": no connected reply: " + (ec ? ec.message() : reply));
    co_return;
  }
  t.connected++;
  // Everyone starts sending once all are connected: 200 connections really at once.
  ready++;
  asio::steady_timer wait(p.ws.get_executor());
  while (ready.load() < s.connections && t.failures.empty()) {
    wait.expires_after(std::chrono::milliseconds(5));
    co_await wait.async_wait(use_awaitable);
  }
  if (start_sending == Clock::time_point{}) start_sending = Clock::now();
  auto deadline = start_sending + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.seconds));
  // One writer and one reader at a time on a WebSocket is what Beast allows. The reader ends
  // once the writer has stopped and every message it sent came back.
  asio::co_spawn(p.ws.get_executor(), writer(p, s, t, deadline), asio::detached);
  co_await reader(p, t);
  co_await p.ws.async_close(websocket::close_code::normal, asio::redirect_error(use_awaitable, ec));
  t.finished++;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--wirepad") s.wirepad = value;
    else if (flag == "--connections") s.connections = std::stoi(value);
    else if (flag == "--messages") s.messages = std::stoi(value);
    else if (flag == "--seconds") s.seconds = std::stod(value);
    else {
      std::cerr << "unknown argument " << flag << "\n";
      return 2;
    }
  }
  if (s.wirepad.empty()) {
    std::cerr << "usage: relay_load_test --wirepad PATH [--connections N] [--messages N] [--seconds S]\n";
    return 2;
  }
  std::string tmpl = (fs::temp_directory_path() / "wirepad-load-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return 1;
  fs::path dir = tmpl;
  fs::create_directories(dir / "web");
  std::ofstream(dir / "web" / "index.html") << "<meta name=\"wirepad-relay-token\" content=\"%WIREPAD_RELAY_TOKEN%\">";

  int code = 1;
  {
    ServeProcess serve;
    if (!serve.start(s, dir)) return 1;
    std::string echo = serve.wait_for(std::regex(R"(^tcp-echo\s+tcp://127\.0\.0\.1:(\d+))"));
    std::string url_port = serve.wait_for(std::regex(R"(^serving http://127\.0\.0\.1:(\d+)/)"));
    if (echo.empty() || url_port.empty()) {
      std::cout << "FAIL: wirepad serve did not report its lab echo server and URL:\n";
      for (const auto& l : serve.lines) std::cout << "  " << l << "\n";
      return 1;
    }
    auto port = std::uint16_t(std::stoi(url_port));
    auto echo_port = std::uint16_t(std::stoi(echo));
    std::string token = fetch_token(port);
    std::string rss_idle = serve.status_field("VmRSS");

    asio::io_context io(1);
    Totals t;
    std::vector<std::unique_ptr<Page>> pages;
    Clock::time_point start_sending{};
    std::atomic<int> ready{0};
    auto started = Clock::now();
    for (int i = 0; i < s.connections; ++i) {
      pages.push_back(std::make_unique<Page>(io, i));
      asio::co_spawn(io, run_page(*pages.back(), port, token, echo_port, s, t, start_sending, ready), asio::detached);
    }
    // A watchdog: whatever happens, the test ends in time.
    std::string rss_busy = "?";
    asio::steady_timer sample(io);
    std::function<void()> sample_rss = [&] {
      sample.expires_after(std::chrono::seconds(2));
      sample.async_wait([&](beast::error_code ec) {
        if (ec) return;
        if (t.connected.load() == s.connections && t.finished.load() < s.connections) rss_busy = serve.status_field("VmRSS");
        if (t.finished.load() + long(t.failures.size()) < s.connections && Clock::now() - started < std::chrono::seconds(int(s.seconds) + 20))
          sample_rss();
        else if (t.finished.load() < s.connections) {
          t.fail("watchdog: not finished in time");
          io.stop();
        }
      });
    };
    sample_rss();
    io.run();
    double secs = std::chrono::duration<double>(Clock::now() - (start_sending == Clock::time_point{} ? started : start_sending)).count();
    std::string rss_end = serve.status_field("VmRSS"), hwm = serve.status_field("VmHWM");

    std::cout << "relay load: " << s.connections << " concurrent connections through `wirepad serve` to the lab TCP echo server\n"
              << "  connected " << t.connected << ", finished " << t.finished << "\n"
              << "  messages (" << kMessageSize << " bytes, one per frame): sent " << t.sent << ", received back " << t.received
              << " in " << secs << " s (" << long(double(t.received) / std::max(secs, 1e-9)) << " round trips/s)\n"
              << "  relay process memory: RSS idle " << rss_idle << ", under load " << rss_busy << ", after " << rss_end
              << ", peak (VmHWM) " << hwm << "\n";
    if (t.sent != t.received) t.fail("sent " + std::to_string(t.sent) + " but received " + std::to_string(t.received));
    if (t.connected != s.connections) t.fail("only " + std::to_string(t.connected) + " connections were relayed");
    if (t.received < 10000) t.fail("fewer than 10000 messages made the round trip");
    for (const auto& f : t.failures) std::cout << "  FAIL " << f << "\n";
    code = t.failures.empty() ? 0 : 1;
    std::cout << (code == 0 ? "PASS" : "FAILED") << "\n";
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return code;
}
