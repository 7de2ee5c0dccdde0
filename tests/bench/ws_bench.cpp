// WebSocket client benchmark (not a test): Wirepad's client (the core's WsSession driven by
// WsCall over the POSIX transport, the way `wirepad ws` runs a script: every step in one
// session, the conversation logged) against a Boost.Beast client, both
// through the lab's WebSocket echo (`wirepad lab`, native/lab_ws_echo.h). Driven by
// scripts/bench_ws.sh. One client and one workload per process, so the peak RSS is its own.
//   ws_bench CLIENT echo URL COUNT     COUNT round trips of a 100-byte binary message
//   ws_bench CLIENT stream URL MIB     MIB MiB of 64 KiB binary messages, 8 in flight
// CLIENT: wirepad (converse_ws, as `wirepad ws` runs), wirepad-threads (the transport's
// threads mode, as the desktop runs it), wirepad-nofl (without frame records), see Drive; or
// beast.
// Prints one line: client workload messages bytes seconds max_rss_kib cpu_seconds
// (messages and bytes: what came back; bytes count payloads, not frame headers).
#include <sys/resource.h>

#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include "native/cli_ws.h"
#include "native/os_random.h"
#include "native/posix_transport.h"
#include "shared/ws_handshake.h"
#include "shared/ws_session.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr std::size_t kSmall = 100;
constexpr std::size_t kLarge = 64 * 1024;
constexpr std::size_t kWindow = 8;  // stream: messages sent and not yet echoed, at most

struct Tally {
  long messages = 0;
  unsigned long long bytes = 0;
};

std::string payload(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = char((i * 131 + 7) & 0xff);
  return s;
}

// ---- Wirepad: a script of steps, as `wirepad ws --send-binary ... --expect ... --close` runs it.

// How the core's client is driven. `cli`: converse_ws (native/cli_ws.h), exactly what
// `wirepad ws` runs: the POSIX transport inline, the caller's thread doing the I/O.
// `threads`: the transport's threads mode, as the desktop runs a conversation (the
// connection's thread runs the steps and wakes this thread, waiting on a condition variable,
// after each event). `frames_logged` false keeps no frame records
// (WsSessionOptions::max_logged_frames = 0), to tell the frame log's cost from the rest.
struct Drive {
  bool cli = true;
  bool frames_logged = true;
};

bool count_received(const wirepad::WsLog& log, Tally& tally) {
  using namespace wirepad;
  if (log.error) {
    std::fprintf(stderr, "wirepad: step %zu: %s\n", log.failed_step, log.error.message.c_str());
    return false;
  }
  for (const WsMessageRecord& m : log.messages)
    if (m.direction == WsDirection::received) {
      tally.messages++;
      tally.bytes += m.size();
    }
  return true;
}

bool wirepad_run(const std::string& url, std::vector<wirepad::WsStep> steps, Drive drive, Tally& tally) {
  using namespace wirepad;
  WsSessionOptions options;
  options.url = url;
  if (!drive.frames_logged) options.max_logged_frames = 0;
  if (drive.cli) {
    Result<WsLog> log = native::converse_ws(options, std::move(steps), 600);
    if (!log) {
      std::fprintf(stderr, "wirepad: %s\n", log.error().message.c_str());
      return false;
    }
    return count_received(log.value(), tally);
  }
  // Moved, as `wirepad ws` does: the script is held once (a 1 GiB stream's is a GiB).
  Result<WsSession> session = WsSession::create(options, std::move(steps), native::os_random);
  if (!session) {
    std::fprintf(stderr, "wirepad: %s\n", session.error().message.c_str());
    return false;
  }
  auto lock = std::make_shared<std::mutex>();
  auto cv = std::make_shared<std::condition_variable>();
  native::PosixTransport transport(lock, [cv] { cv->notify_all(); });
  std::unique_lock<std::mutex> guard(*lock);
  auto call = std::make_unique<WsCall>(transport, std::move(session.value()));
  call->start();
  while (!call->finished()) cv->wait_for(guard, std::chrono::milliseconds(50));
  const bool ok = count_received(call->log(), tally);
  call.reset();
  guard.unlock();
  transport.wait_until_idle(3);
  return ok;
}

wirepad::WsStep send_step(const std::string& data) { return {wirepad::WsStepKind::send_binary, data}; }
wirepad::WsStep expect_step(const std::string& data) { return {wirepad::WsStepKind::expect, data, false, 30}; }
wirepad::WsStep close_step() { return {wirepad::WsStepKind::close, "", false, 10, 1000}; }

bool wirepad_echo(const std::string& url, long count, Drive drive, Tally& tally) {
  const std::string data = payload(kSmall);
  std::vector<wirepad::WsStep> steps;
  for (long i = 0; i < count; ++i) {
    steps.push_back(send_step(data));
    steps.push_back(expect_step(data));
  }
  steps.push_back(close_step());
  return wirepad_run(url, std::move(steps), drive, tally);
}

bool wirepad_stream(const std::string& url, long messages, Drive drive, Tally& tally) {
  // The window as steps: kWindow sends, then an expect before each further send. The expect
  // looks for the first KiB (the byte count is checked at the end): a whole copy of each
  // message in its expect step would only add a GiB of steps to hold.
  const std::string data = payload(kLarge);
  const std::string head = data.substr(0, 1024);
  std::vector<wirepad::WsStep> steps;
  long sent = 0, expected = 0;
  while (expected < messages) {
    if (sent < messages && sent - expected < long(kWindow)) {
      steps.push_back(send_step(data));
      ++sent;
    } else {
      steps.push_back(expect_step(head));
      ++expected;
    }
  }
  steps.push_back(close_step());
  return wirepad_run(url, std::move(steps), drive, tally);
}

// ---- Beast: the same conversations, one frame per message as Wirepad sends them.

struct BeastClient {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};

  bool connect(const std::string& url) {
    wirepad::Result<wirepad::Url> u = wirepad::parse_ws_url(url);
    if (!u) return false;
    tcp::resolver resolver(io);
    asio::connect(ws.next_layer(), resolver.resolve(u->host, std::to_string(u->port)));
    ws.next_layer().set_option(tcp::no_delay(true));
    ws.auto_fragment(false);
    ws.binary(true);
    ws.handshake(u->host + ":" + std::to_string(u->port), u->target.empty() ? "/" : u->target);
    return true;
  }
  void close() {
    ws.close(websocket::close_code::normal);
  }
};

bool beast_echo(const std::string& url, long count, Tally& tally) {
  BeastClient c;
  if (!c.connect(url)) return false;
  const std::string data = payload(kSmall);
  beast::flat_buffer buffer;
  for (long i = 0; i < count; ++i) {
    c.ws.write(asio::buffer(data));
    c.ws.read(buffer);
    if (buffer.size() != data.size()) return false;
    tally.messages++;
    tally.bytes += buffer.size();
    buffer.consume(buffer.size());
  }
  c.close();
  return true;
}

// Reads and writes at once (Beast allows one of each outstanding), on one thread.
struct BeastStream {
  BeastStream(BeastClient& client, long messages, Tally& counts) : c(client), total(messages), tally(counts) {}
  BeastClient& c;
  long total;
  Tally& tally;
  const std::string data = payload(kLarge);
  beast::flat_buffer buffer;
  long sent = 0;
  bool writing = false, failed = false;

  void write_more() {
    if (writing || failed || sent >= total || sent - tally.messages >= long(kWindow)) return;
    writing = true;
    c.ws.async_write(asio::buffer(data), [this](beast::error_code ec, std::size_t) {
      writing = false;
      if (ec) return fail(ec);
      ++sent;
      write_more();
    });
  }
  void read_more() {
    c.ws.async_read(buffer, [this](beast::error_code ec, std::size_t n) {
      if (ec) return fail(ec);
      if (n != data.size()) return fail(beast::error_code());
      tally.messages++;
      tally.bytes += n;
      buffer.consume(buffer.size());
      write_more();
      if (tally.messages < total) read_more();
    });
  }
  void fail(beast::error_code ec) {
    std::fprintf(stderr, "beast: %s\n", ec.message().c_str());
    failed = true;
  }
};

bool beast_stream(const std::string& url, long messages, Tally& tally) {
  BeastClient c;
  if (!c.connect(url)) return false;
  BeastStream s{c, messages, tally};
  s.read_more();
  s.write_more();
  c.io.run();
  if (s.failed || tally.messages != messages) return false;
  c.close();
  return true;
}

double cpu_seconds(const rusage& r) {
  return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: ws_bench wirepad|wirepad-threads|wirepad-nofl|beast echo URL COUNT | stream URL MIB\n");
    return 2;
  }
  const std::string client = argv[1], workload = argv[2], url = argv[3];
  const long n = std::atol(argv[4]);
  const bool stream = workload == "stream";
  const long count = stream ? n * (1024 * 1024 / long(kLarge)) : n;
  Tally tally;
  const auto start = std::chrono::steady_clock::now();
  bool ok = false;
  try {
    if (client == "wirepad" || client == "wirepad-threads" || client == "wirepad-nofl") {
      const Drive drive{client != "wirepad-threads", client != "wirepad-nofl"};
      ok = stream ? wirepad_stream(url, count, drive, tally) : wirepad_echo(url, count, drive, tally);
    }
    else if (client == "beast") ok = stream ? beast_stream(url, count, tally) : beast_echo(url, count, tally);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", client.c_str(), e.what());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!ok || tally.messages != count) {
    std::fprintf(stderr, "%s %s: failed after %ld of %ld messages\n", client.c_str(), workload.c_str(), tally.messages, count);
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("%s %s %ld %llu %.6f %ld %.3f\n", client.c_str(), workload.c_str(), tally.messages, tally.bytes, seconds,
              usage.ru_maxrss, cpu_seconds(usage));
  return 0;
}
