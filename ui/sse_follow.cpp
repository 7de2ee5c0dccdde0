// ui: sse_follow.h.
#include "ui/sse_follow.h"

#include <chrono>

namespace wirepad::ui {

double sse_clock() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void begin_sse(SseFollowState& sse, const HttpRequest& request, const ExchangeOptions& options) {
  sse = SseFollowState();
  sse.request = request;
  sse.options = options;
}

void after_sse_exchange(SseFollowState& sse, const ExchangeLog& log, unsigned long generation, bool reconnect,
                        int max_attempts, double now) {
  if (!log.finished() || sse.handled_generation == generation) return;
  sse.handled_generation = generation;
  if (!log.sse.active && sse.connection == 0) return;  // not an event stream: nothing to follow
  if (log.sse.active) {
    sse.ending = log.sse.events;
    for (SseEvent& e : sse.ending) e.connection = sse.connection;
    sse.last_event_id = log.sse.last_event_id;  // seeded from the Last-Event-ID sent (shared/exchange.cpp)
    if (log.sse.retry_ms) sse.retry_ms = log.sse.retry_ms;
  }
  if (!reconnect) return;
  SseReconnectPolicy policy;
  policy.max_attempts = max_attempts;
  SseReconnectDecision d = decide_sse_reconnect(log, sse.retry_ms, sse.last_event_id, sse.connection, policy);
  sse.notes.push_back(d.reason);
  if (d.reconnect) sse.reconnect_at = now + double(d.delay_ms) / 1000.0;
}

std::optional<HttpRequest> due_sse_reconnect(SseFollowState& sse, double now) {
  if (sse.reconnect_at < 0 || now < sse.reconnect_at) return std::nullopt;
  sse.reconnect_at = -1;
  ++sse.connection;
  sse.earlier.insert(sse.earlier.end(), sse.ending.begin(), sse.ending.end());
  sse.ending.clear();
  return sse_reconnect_request(sse.request, sse.last_event_id);
}

void stop_sse_reconnect(SseFollowState& sse, const std::string& why) {
  if (sse.reconnect_at < 0) return;
  sse.reconnect_at = -1;
  sse.notes.push_back("not reconnecting: " + why);
}

}  // namespace wirepad::ui
