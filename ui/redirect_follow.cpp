// ui: redirect_follow.h.
#include "ui/redirect_follow.h"

#include <algorithm>

#include "ui/app.h"
#include "shared/request_resolve.h"

namespace wirepad::ui {

HttpRequest with_jar_cookies(const CookieJarState& cookies, const HttpRequest& request, UnixTime now) {
  if (!cookies.use_jar) return request;
  return cookies.jar.with_cookies(request, now);
}

void begin_chain(RedirectFollowState& r, const HttpRequest& request, int max_redirects) {
  r.chain.emplace(max_redirects);
  r.sent = request;
  r.hop = 0;
  r.notes.clear();
  r.warnings.clear();
  r.stop = {};
}

std::optional<HttpRequest> after_exchange(AppState& state, TabRun& run, const TabState& tab, const ExchangeLog& log,
                                          UnixTime now) {
  RedirectFollowState& r = run.redirects;
  if (!log.finished() || r.handled_generation == run.generation) return std::nullopt;
  r.handled_generation = run.generation;
  CookieJarState& c = state.cookies;
  c.verdicts.clear();
  c.verdicts_generation = run.generation;
  Result<Url> url = parse_url(log.target_url);
  if (c.use_jar && url && log.has_response_head) c.verdicts = c.jar.store_from_response(log.response.headers, *url, now);
  if (!c.verdicts.empty()) c.changed = true;
  if (!tab.options.follow_redirects || !r.chain) return std::nullopt;
  RedirectDecision d = r.chain->next(r.sent, log);
  if (d.verdict == RedirectVerdict::stop) r.stop = d.error;
  if (d.verdict != RedirectVerdict::follow) return std::nullopt;
  r.notes = d.notes;
  r.warnings.insert(r.warnings.end(), d.warnings.begin(), d.warnings.end());
  return d.next;
}

void start_next_hop(AppState& state, Platform& platform, TabState& tab, TabRun& run, const HttpRequest& next,
                    UnixTime now) {
  ExchangeOptions options = tab.options;
  options.proxy = proxy_settings_for(run.sent.request.proxy, options.proxy);  // as the first hop (app.cpp send)
  options.proxy_environment = platform.proxy_environment();  // each hop decides its proxy again
  Result<HttpExchange> exchange = HttpExchange::create(with_jar_cookies(state.cookies, next, now), options);
  if (!exchange) {
    run.redirects.stop = exchange.error();
    return;
  }
  run.redirects.sent = next;
  ++run.redirects.hop;
  tab.generation = ++state.sends;  // a new exchange: the views re-index, the history records it
  run.generation = tab.generation;
  // The history shows each hop as the request it was (the composer keeps what was typed).
  run.sent.request = spec_from_http(next);
  platform.start(tab.id, std::move(exchange.value()));
}

}  // namespace wirepad::ui
