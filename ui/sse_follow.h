// ui: what happens between the connections of one event stream (docs/sse.md). With the Events
// view's "Reconnect" box ticked, a text/event-stream that the server closes (or a network
// error ends) is sent again after the server's `retry:` with Last-Event-ID, a limited number of
// times; the events of every connection stay in the list. The decisions are the core's
// (shared/sse_reconnect.h); this file only sequences them, like ui/redirect_follow.h.
// Depends on: shared/sse_reconnect.h. No ImGui.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "shared/exchange.h"
#include "shared/sse_reconnect.h"

namespace wirepad::ui {

struct SseFollowState {
  HttpRequest request;             // as the Send sent it (each reconnect adds Last-Event-ID)
  ExchangeOptions options;
  std::vector<SseEvent> earlier;   // the events of the connections before the current one
  int connection = 0;              // 0: the Send's own; n: the n-th reconnect
  std::optional<std::uint64_t> retry_ms;  // the stream's latest retry:, across connections
  std::string last_event_id;
  std::vector<SseEvent> ending;    // the finished connection's events, moved to `earlier` when it is replaced
  double reconnect_at = -1;        // when the next connection starts (sse_clock()); -1: none due
  unsigned long handled_generation = 0;
  std::vector<std::string> notes;  // each decision: "the server closed the stream; reconnect 1 of 3 in 2.5 s ..."
};

// The clock reconnect_at is on: monotonic seconds. Not ImGui::GetTime(), which needs a frame
// context that a Send from a test (or before the first frame) does not have.
double sse_clock();

// A new Send: forgets the previous stream.
void begin_sse(SseFollowState& sse, const HttpRequest& request, const ExchangeOptions& options);

// Once per finished exchange (`generation`): when it was an event stream and `reconnect` is on,
// decides whether and when to connect again (with `max_attempts` in all).
void after_sse_exchange(SseFollowState& sse, const ExchangeLog& log, unsigned long generation, bool reconnect,
                        int max_attempts, double now);

// The request of the next connection once its time has come (then it is no longer due).
std::optional<HttpRequest> due_sse_reconnect(SseFollowState& sse, double now);

// Stop waiting: no reconnect (the user's Stop, or the box unticked).
void stop_sse_reconnect(SseFollowState& sse, const std::string& why);

}  // namespace wirepad::ui
