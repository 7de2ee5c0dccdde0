// native: cli_sse.h.
#include "native/cli_sse.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "shared/sse_reconnect.h"

namespace wirepad::native {
namespace {

volatile bool g_stop_waiting = false;
void on_sigint_while_waiting(int) { g_stop_waiting = true; }

// Sleeps `ms`, or less when Ctrl-C is pressed; false when it was.
bool wait_interruptibly(std::uint64_t ms) {
  g_stop_waiting = false;
  auto previous = std::signal(SIGINT, on_sigint_while_waiting);
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!g_stop_waiting && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::signal(SIGINT, previous);
  return !g_stop_waiting;
}

}  // namespace

void print_sse_event(std::ostream& out, const SseEvent& event, std::string_view comment) {
  if (!comment.empty()) out << ": " << comment << "\n";
  out << "event: " << event.type << "\n";
  if (!event.id.empty()) out << "id: " << event.id << "\n";
  if (event.retry_ms) out << "retry: " << *event.retry_ms << "\n";
  std::string_view data = event.data;
  for (;;) {
    std::size_t nl = data.find('\n');
    out << "data: " << data.substr(0, nl) << "\n";
    if (nl == std::string_view::npos) break;
    data.remove_prefix(nl + 1);
  }
  out << "\n";
}

SsePrinter::SsePrinter(std::ostream& out, bool verbose, int connection)
    : out_(out), verbose_(verbose), connection_(connection) {}

Error SsePrinter::write(std::string_view bytes) {
  double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const bool had_error = bool(parser_.error());
  pending_.clear();
  parser_.feed(bytes, now, pending_);
  for (const SseEvent& e : pending_) {
    ++count_;
    std::string comment;
    if (verbose_) {
      char at[96];
      std::snprintf(at, sizeof at, "event %zu at %.3f s, body byte %zu%s", count_, e.at, e.offset,
                    connection_ > 0 ? (", connection " + std::to_string(connection_ + 1)).c_str() : "");
      comment = at;
    }
    print_sse_event(out_, e, comment);
  }
  out_.flush();
  if (!had_error && parser_.error())
    std::cerr << "wirepad: warning: " << parser_.error().message << "; later events are not printed\n";
  return Error();  // a limit stops the events, never the exchange: the bytes are still received
}

int perform_sse(const HttpRequest& request, const ExchangeOptions& options, const HttpPrintOptions& print,
                BlockingHttpClient* client, CookieJar* jar) {
  HttpRequest current = request;  // its Accept chosen by cli_send.cpp (text/event-stream unless -H gave one)
  SseReconnectPolicy policy;
  policy.max_attempts = print.sse_reconnect;
  std::optional<std::uint64_t> retry;
  std::string last_id;
  for (const Header& h : request.headers)
    if (iequals(h.name, "Last-Event-ID")) last_id = h.value;
  HttpPrintOptions each = print;
  int status = 0;
  for (int attempt = 0;; ++attempt) {
    each.sse_connection = attempt;
    ExchangeLog log;
    status = perform_and_print(current, options, each, client, jar, &log);
    if (log.sse.retry_ms) retry = log.sse.retry_ms;
    if (log.sse.active) last_id = log.sse.last_event_id;  // seeded from the Last-Event-ID sent
    if (print.sse_reconnect <= 0) return status;
    SseReconnectDecision next = decide_sse_reconnect(log, retry, last_id, attempt, policy);
    std::cerr << "wirepad: " << next.reason << "\n";
    if (!next.reconnect) return status;
    if (!wait_interruptibly(next.delay_ms)) {
      std::cerr << "wirepad: stopped by Ctrl-C while waiting to reconnect\n";
      return 0;
    }
    current = sse_reconnect_request(current, last_id);
  }
}

}  // namespace wirepad::native
