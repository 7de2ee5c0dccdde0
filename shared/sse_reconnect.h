// wirepad core: when an event stream is reconnected, as an EventSource does (WHATWG HTML §9.2.3
// "Processing model"): after the server closes a 200 text/event-stream response, or the
// connection fails with a network error, the request is sent again after the reconnection time
// (the server's latest `retry:`, else a default), with `Last-Event-ID` when an id was seen. A
// status other than 200, another Content-Type, or a stop the user chose (cancel, the total
// time limit) "fails the connection": no reconnect. Used by the UI's Events view and by
// `wirepad send --sse --sse-reconnect N`; attempts are limited (a browser's are not).
// Depends on: shared/exchange.h.
#pragma once
#include <cstdint>
#include <string>

#include "exchange.h"

namespace wirepad {

struct SseReconnectPolicy {
  int max_attempts = 3;                 // reconnects in all, after the first connection
  std::uint64_t default_retry_ms = 3000;  // before the server sent `retry:` (browsers use about 3 s)
};

struct SseReconnectDecision {
  bool reconnect = false;
  std::uint64_t delay_ms = 0;
  std::string reason;  // "the server closed the stream; reconnecting in 3 s with Last-Event-ID 7"
};

// `log`: the connection that ended; `retry_ms`/`last_event_id`: the stream's state so far (a
// connection that sent no `retry:` or id keeps the earlier one's); `attempts`: reconnects made.
SseReconnectDecision decide_sse_reconnect(const ExchangeLog& log, const std::optional<std::uint64_t>& retry_ms,
                                          const std::string& last_event_id, int attempts,
                                          const SseReconnectPolicy& policy = {});

// The request for the next connection: the same, with `Last-Event-ID` set to `last_event_id`
// (replacing one already there), or without it when no id was seen, and `Accept:
// text/event-stream` when the request had no Accept (as EventSource sends).
HttpRequest sse_reconnect_request(HttpRequest request, const std::string& last_event_id);

}  // namespace wirepad
