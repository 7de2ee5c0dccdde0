// ui: what happens between the hops of one Send: the cookie jar is applied to each request
// and fed by each response, and when "Follow redirects" is on the next hop is started as its
// own exchange (its own history entry, its own log). The decisions are the core's
// (shared/redirects.h, shared/cookie_jar.h); this file only sequences them.
// Depends on: shared/redirects.h, shared/cookie_jar.h. No ImGui.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "shared/cookie_jar.h"
#include "shared/exchange.h"
#include "shared/redirects.h"

namespace wirepad::ui {

struct AppState;
class Platform;

struct RedirectFollowState {
  std::optional<RedirectChain> chain;  // the chain of the current Send
  HttpRequest sent;                    // this hop's request before the jar's cookies
  int hop = 0;                         // 0: the request the user sent; n: the n-th redirect
  unsigned long handled_generation = 0;  // the exchange already handled (once per hop)
  std::vector<std::string> notes;      // of the latest hop: method change, headers dropped
  std::vector<std::string> warnings;   // https -> http downgrades
  Error stop;                          // why the chain stopped on a 3xx (loop, limit, no Location)
};

struct CookieJarState {
  CookieJar jar;
  bool use_jar = true;  // send and store cookies, as a browser does
  std::string environment;  // whose jar this is (one per environment: ui/cookie_jar_store.h)
  bool changed = false;     // since it was loaded or saved: the workspace writes it
  std::vector<CookieVerdict> verdicts;  // the Set-Cookie headers of the latest response
  unsigned long verdicts_generation = 0;
};

// The request as it goes on the wire: `request` plus the jar's Cookie header (joined to one
// the user typed) when the jar is in use.
HttpRequest with_jar_cookies(const CookieJarState& cookies, const HttpRequest& request, UnixTime now);

struct TabRun;
struct TabState;

// Starts a new chain for the request the user just sent (called by send()).
void begin_chain(RedirectFollowState& redirects, const HttpRequest& request, int max_redirects);

// Called every frame with each tab's exchange (`tab`: the tab whose Send `run` is). Once per
// finished exchange: stores its cookies and decides the next hop with the tab's options.
// Returns the next request to start, if any; the caller starts it outside the Platform's lock
// with start_next_hop().
std::optional<HttpRequest> after_exchange(AppState& state, TabRun& run, const TabState& tab, const ExchangeLog& log,
                                          UnixTime now);
void start_next_hop(AppState& state, Platform& platform, TabState& tab, TabRun& run, const HttpRequest& next, UnixTime now);

}  // namespace wirepad::ui
