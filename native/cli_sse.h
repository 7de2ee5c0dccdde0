// native: `wirepad send --sse URL`: a text/event-stream response printed event by event as it
// arrives (one block per event, in the stream's own syntax, so the output is an event stream
// again), ending on the server's close, Ctrl-C or --max-time; with --sse-reconnect N the request
// is sent again after the server's `retry:` with Last-Event-ID, as an EventSource does
// (shared/sse_reconnect.h). See docs/sse.md.
// Depends on: shared/sse_parser.h, native/cli_http.h.
#pragma once
#include <chrono>
#include <iosfwd>
#include <string_view>
#include <vector>

#include "native/cli_http.h"
#include "shared/sse_parser.h"

namespace wirepad::native {

// One event as a block: `event:`, `id:` (when set), `retry:` (when its block had one), one
// `data:` line per data line, a blank line. With `comment`, a first line `: ...` (the verbose
// mode's time and body offset).
void print_sse_event(std::ostream& out, const SseEvent& event, std::string_view comment = {});

// Parses the body as it is written to it (a BodySink's write) and prints each event at once.
class SsePrinter {
 public:
  SsePrinter(std::ostream& out, bool verbose, int connection = 0);
  Error write(std::string_view bytes);
  std::size_t events() const { return count_; }

 private:
  std::ostream& out_;
  bool verbose_;
  int connection_;
  SseParser parser_;
  std::vector<SseEvent> pending_;
  std::size_t count_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// send_resolved_request's path with print.sse: perform_and_print, then reconnects while
// print.sse_reconnect allows (the wait interrupted by Ctrl-C). Same exit statuses.
int perform_sse(const HttpRequest& request, const ExchangeOptions& options, const HttpPrintOptions& print,
                BlockingHttpClient* client, CookieJar* jar);

}  // namespace wirepad::native
