// wirepad core: sse_reconnect.h.
#include "sse_reconnect.h"

#include <algorithm>

#include "http_message.h"

namespace wirepad {
namespace {

std::string seconds_words(std::uint64_t ms) {
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  return std::to_string(ms) + " ms";
}

// The network failures after which an EventSource reestablishes the connection.
bool network_error(ErrorCode code) {
  switch (code) {
    case ErrorCode::dns_failed:
    case ErrorCode::connect_refused:
    case ErrorCode::connect_timeout:
    case ErrorCode::host_unreachable:
    case ErrorCode::connection_reset:
    case ErrorCode::closed_early:
    case ErrorCode::io_error:
    case ErrorCode::idle_timeout:
    case ErrorCode::first_byte_timeout:
      return true;
    default:
      return false;
  }
}

}  // namespace

SseReconnectDecision decide_sse_reconnect(const ExchangeLog& log, const std::optional<std::uint64_t>& retry_ms,
                                          const std::string& last_event_id, int attempts,
                                          const SseReconnectPolicy& policy) {
  SseReconnectDecision d;
  std::string why;
  if (log.phase == Phase::cancelled) {
    d.reason = "not reconnecting: the stream was stopped (" + log.error.message + ")";
    return d;
  }
  if (log.phase == Phase::failed && !network_error(log.error.code)) {
    d.reason = "not reconnecting: " + std::string(to_string(log.error.code)) + " is not a network error";
    return d;
  }
  if (log.has_response_head && (log.phase == Phase::done || log.sse.events.empty())) {
    // §9.2.3: a status other than 200, or a Content-Type other than text/event-stream, fails
    // the connection.
    if (log.response.status != 200) {
      d.reason = "not reconnecting: the status is " + std::to_string(log.response.status) + ", not 200";
      return d;
    }
    if (!log.sse.active) {
      d.reason = "not reconnecting: the response is not text/event-stream";
      return d;
    }
  }
  why = log.phase == Phase::done ? "the server closed the stream" : std::string(to_string(log.error.code));
  if (attempts >= policy.max_attempts) {
    d.reason = "not reconnecting: " + why + " and all " + std::to_string(policy.max_attempts) + " reconnects were made";
    return d;
  }
  d.reconnect = true;
  d.delay_ms = retry_ms ? *retry_ms : policy.default_retry_ms;
  d.reason = why + "; reconnect " + std::to_string(attempts + 1) + " of " + std::to_string(policy.max_attempts) + " in " +
             seconds_words(d.delay_ms) + (retry_ms ? " (the server's retry:)" : "") +
             (last_event_id.empty() ? ", no Last-Event-ID (no id yet)" : " with Last-Event-ID " + last_event_id);
  return d;
}

HttpRequest sse_reconnect_request(HttpRequest request, const std::string& last_event_id) {
  auto& headers = request.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(), [](const Header& h) { return iequals(h.name, "Last-Event-ID"); }),
                headers.end());
  if (!last_event_id.empty()) headers.push_back({"Last-Event-ID", last_event_id});
  if (std::none_of(headers.begin(), headers.end(), [](const Header& h) { return iequals(h.name, "Accept"); }))
    headers.push_back({"Accept", "text/event-stream"});
  return request;
}

}  // namespace wirepad
