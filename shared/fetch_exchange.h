// wirepad core: an HTTP exchange sent with a browser's own fetch(), for a copy of the page that
// has no relay (not served by `wirepad serve`, not paired with one). The page cannot see the
// wire then: the browser drops some request headers, adds its own, hides a cross-origin
// response's headers unless the server exposes them, decodes the body, follows redirects
// without showing them, and reports every refusal (CORS, certificates, mixed content) as the
// same opaque error. This file decides what to ask fetch() for and turns its answer into an
// ExchangeLog that says, item by item, what the browser hid (ExchangeLog::warnings), so the
// views work and nothing hidden passes for absent. Pure: the page's glue (web/fetch_call.cpp)
// does the fetch. See docs/browser.md, "Without a relay".
// Depends on: exchange.h.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "exchange.h"

namespace wirepad {

// What to hand to fetch(): the request as the person composed it (not Wirepad's own default
// headers: the browser adds its own), minus what the browser would refuse.
struct FetchPlan {
  std::string method;
  std::string url;
  Headers headers;      // sent
  std::string body;     // empty: no body
  std::vector<std::string> dropped;  // "Host: the browser sets it", one per header not sent
  Error refused;        // set: fetch() cannot send this request at all; nothing is sent
};

// `log` is a new exchange's log (HttpExchange::create filled request and target_url);
// `page_origin` is the page's own ("https://example.github.io"), for mixed content.
FetchPlan plan_fetch(const ExchangeLog& log, const std::string& page_origin);

// What fetch() gave back (web/fetch_call.cpp reads it from the Response object).
struct FetchAnswer {
  bool failed = false;         // the promise rejected
  bool aborted = false;        // by the user's Cancel or the timeout
  std::string error_name;      // "TypeError"
  std::string error_message;   // "Failed to fetch"
  int status = 0;
  std::string status_text;
  std::string type;            // "basic" (same origin), "cors", "opaque", "opaqueredirect"
  std::string url;             // the final URL, after redirects
  bool redirected = false;
  std::vector<std::pair<std::string, std::string>> headers;  // as Response.headers lists them (lower case)
  std::string body;            // decoded by the browser
  double first_byte_ms = -1;   // fetch() resolved: the head had arrived
  double total_ms = -1;        // the body read to its end
};

// Starts the log of an exchange sent with fetch(): the timeline says how, and what was dropped.
void begin_fetch_log(ExchangeLog& log, const FetchPlan& plan, std::int64_t unix_ms);
// Fills the log from the answer: response, body, the two timings fetch() gives, and a warning
// for each thing the browser hid. `timed_out_after` > 0: the abort was the timeout.
void finish_fetch_log(ExchangeLog& log, const FetchPlan& plan, const FetchAnswer& answer, const std::string& page_origin,
                      double timed_out_after = 0);

// Fetch standard, "forbidden request-header" (and Chromium's own User-Agent): why the browser
// does not send `name` from a page, or empty when it does.
std::string fetch_forbidden_header_reason(std::string_view name);

}  // namespace wirepad
