// wirepad core: following HTTP redirects (RFC 9110 §15.4), one hop at a time. Given the
// request that was sent and the exchange it produced, decide the next request or why to stop.
// Each hop is its own exchange (and its own log); the caller runs them. Also: resolving a
// URI reference against a base URL (RFC 3986 §5.2), which the Location header needs.
// Depends on: url.h, http_message.h, exchange.h (ExchangeLog). No OS calls.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "exchange.h"
#include "http_message.h"
#include "url.h"

namespace wirepad {

// RFC 3986 §5.2.2 (with §5.2.4 remove_dot_segments): the absolute URL `reference` points to
// when read relative to `base`. Bytes that are never valid in a URI (space, controls,
// non-ASCII) are percent-encoded first, as browsers do with sloppy Location values.
// Errors: invalid_url / unsupported_scheme, naming the reference.
Result<std::string> resolve_reference(const Url& base, std::string_view reference);

// Same origin (RFC 6454): scheme, host and port.
bool same_origin(const Url& a, const Url& b);

enum class RedirectVerdict {
  done,    // not a redirect we follow (not 301/302/303/307/308, or the exchange failed)
  follow,  // `next` is the request to send
  stop,    // a redirect we refuse to follow; `error` says why, the 3xx stays the final response
};

struct RedirectDecision {
  RedirectVerdict verdict = RedirectVerdict::done;
  HttpRequest next;                   // when follow
  std::vector<std::string> notes;     // what changed and why ("303: POST becomes GET without body")
  std::vector<std::string> warnings;  // what deserves attention (https -> http downgrade)
  // When stop: too_many_redirects; redirect_loop (the limit was reached going round URLs
  // already visited: a URL visited again is followed, as curl and browsers do, up to the
  // limit); bad_redirect. Messages name the limit as "the redirect limit": each front end
  // says how to raise it (--max-redirs, the request's options).
  Error error;
};

// Follows one chain of redirects. Not thread-safe; one per user "send".
class RedirectChain {
 public:
  explicit RedirectChain(int max_redirects = 10) : max_redirects_(max_redirects) {}
  // `sent` is the request given to HttpExchange::create for this hop (what the user or the
  // previous hop asked for), `log` its finished exchange.
  RedirectDecision next(const HttpRequest& sent, const ExchangeLog& log);
  int redirects_followed() const { return followed_; }
  const std::vector<std::string>& urls() const { return urls_; }  // every hop's URL so far

 private:
  int max_redirects_;
  int followed_ = 0;
  std::vector<std::string> urls_;
};

}  // namespace wirepad
