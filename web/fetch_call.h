// web: FetchCall, one HTTP exchange sent with the browser's own fetch(), for a copy of the page
// that has no relay (shared/fetch_exchange.h decides what to ask and what the log says was
// hidden; this file does the asking). Like HttpCall it is driven by the browser's callbacks on
// its one thread; destroying it aborts a fetch still running.
// Depends on: shared/fetch_exchange.h; emscripten in the .cpp only.
#pragma once
#include <string>
#include <string_view>

#include "shared/exchange.h"
#include "shared/fetch_exchange.h"

namespace wirepad::web {

class FetchCall {
 public:
  explicit FetchCall(HttpExchange exchange);
  ~FetchCall();
  FetchCall(const FetchCall&) = delete;
  FetchCall& operator=(const FetchCall&) = delete;

  void start();
  void cancel(std::string_view by = "the user");
  bool finished() const { return log_.finished(); }
  const ExchangeLog& log() const { return log_; }
  ExchangeLog take_log() { return std::move(log_); }

  // From the page's glue: fetch() settled (`timed_out`: the abort was our timeout).
  void deliver(const FetchAnswer& answer, bool timed_out);

 private:
  int id_;
  ExchangeLog log_;
  FetchPlan plan_;
  std::string page_origin_;
  bool running_ = false;
};

// The page has a relay to talk to: served by `wirepad serve` (its token filled in) or paired
// with one (web/index.html). Without one, HTTP goes through FetchCall.
bool page_has_relay(const std::string& relay_url);

// How long a fetch may take before it is aborted: ExchangeOptions' total timeout.
inline constexpr double kFetchTimeoutSeconds = 300;

}  // namespace wirepad::web
