// web: WebPlatform. One exchange per tab, side by side over the relay; a tab's new exchange
// replaces (and so cancels) its last.
#include "web/web_platform.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <utility>

#include "web/web_request_files.h"

namespace wirepad::web {

void WebPlatform::start(int tab, HttpExchange exchange) {
  // Destroying the tab's previous call closes its connection before the new one opens.
  Slot& slot = slots_[tab];
  slot.call.reset();
  slot.fetch.reset();
  slot.finished.reset();
  // No relay (a copy of the page on a static host, not paired): the browser's fetch() sends
  // it, and the log says what the browser hid (docs/browser.md, "Without a relay").
  if (!page_has_relay(transport_.relay_url())) {
    slot.fetch = std::make_unique<FetchCall>(std::move(exchange));
    slot.fetch->start();
    return;
  }
  slot.call = std::make_unique<HttpCall>(session_, std::move(exchange));
  slot.call->start();
}

void WebPlatform::cancel(int tab, std::string_view by) {
  auto it = slots_.find(tab);
  if (it != slots_.end() && it->second.call) it->second.call->cancel(by);
  if (it != slots_.end() && it->second.fetch) it->second.fetch->cancel(by);
}

const ExchangeLog* WebPlatform::current(int tab) const {
  auto it = slots_.find(tab);
  if (it == slots_.end()) return nullptr;
  if (it->second.fetch) return &it->second.fetch->log();
  return it->second.call ? &it->second.call->log() : it->second.finished.get();
}

void WebPlatform::with_exchange(int tab, const std::function<void(const ExchangeLog*)>& view) { view(current(tab)); }

std::shared_ptr<const ExchangeLog> WebPlatform::share_finished_exchange(int tab) {
  auto it = slots_.find(tab);
  if (it == slots_.end()) return nullptr;
  Slot& slot = it->second;
  if (slot.call && slot.call->finished()) {  // one thread: no event can come between these
    slot.finished = std::make_shared<const ExchangeLog>(slot.call->take_log());
    slot.call.reset();
  }
  if (slot.fetch && slot.fetch->finished()) {
    slot.finished = std::make_shared<const ExchangeLog>(slot.fetch->take_log());
    slot.fetch.reset();
  }
  return slot.finished;
}

void WebPlatform::drop_exchange(int tab) { slots_.erase(tab); }

void WebPlatform::start_socket(SocketSession session) {
  socket_.reset();
  socket_ = std::make_unique<SocketCall>(transport_, std::move(session));
  socket_->start();
}

Error WebPlatform::queue_socket_step(SocketStep step) {
  if (!socket_) return make_error(ErrorCode::invalid_request, "connect first: no socket is open");
  return socket_->queue(std::move(step));
}

void WebPlatform::cancel_socket() {
  if (socket_) socket_->cancel();
}

void WebPlatform::with_socket(const std::function<void(const SocketLog*)>& view) { view(current_socket()); }

namespace {

// WebSocket keys and masks (RFC 6455 §10.3): getentropy is the browser's
// crypto.getRandomValues under Emscripten, at most 256 bytes a call.
std::string browser_random(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t at = 0; at < n; at += 256) {
    const std::size_t part = std::min<std::size_t>(256, n - at);
    if (getentropy(out.data() + at, part) != 0) return {};  // the session refuses an empty key
  }
  return out;
}

}  // namespace

Error WebPlatform::start_ws(WsSessionOptions options, std::vector<WsStep> steps) {
  Result<WsSession> session = WsSession::create(std::move(options), std::move(steps), browser_random);
  if (!session) return session.error();
  ws_.reset();
  ws_ = std::make_unique<WsCall>(transport_, std::move(session.value()));
  ws_->start();
  return {};
}

Error WebPlatform::queue_ws_step(WsStep step) {
  if (!ws_) return make_error(ErrorCode::invalid_request, "connect first: no WebSocket is open");
  return ws_->queue(std::move(step));
}

void WebPlatform::cancel_ws() {
  if (ws_) ws_->cancel();
}

void WebPlatform::with_ws(const std::function<void(const WsLog*)>& view) { view(current_ws()); }

// The redirect URI is web/oauth-callback.html next to the page: the settings' own redirect URI
// cannot be received by a page, so it is not used here (the provider must allow this one).
Result<std::string> WebPlatform::begin_authorization(int tab, const std::string&) { return sign_ins_[tab].begin(); }

void WebPlatform::open_authorization(int tab, const std::string& url) {
  if (!sign_ins_[tab].open(url))
    std::fprintf(stderr, "wirepad: the browser blocked the sign-in popup; use \"Open the sign-in again\"\n");
}

std::optional<Result<std::string>> WebPlatform::poll_authorization(int tab) {
  auto it = sign_ins_.find(tab);
  return it == sign_ins_.end() ? std::nullopt : it->second.poll();
}

void WebPlatform::cancel_authorization(int tab) {
  if (auto it = sign_ins_.find(tab); it != sign_ins_.end()) it->second.cancel();
}

void WebPlatform::pick_request_file(std::function<void(std::string name)> picked) {
  web::pick_request_file(std::move(picked));
}

std::vector<ui::Platform::StoredFile> WebPlatform::stored_request_files() const { return web::stored_request_files(); }

Result<std::string> WebPlatform::read_stored_request_file(const std::string& name) const {
  return web::read_stored_request_file(name);
}

Error WebPlatform::forget_request_file(const std::string& name) { return web::forget_request_file(name); }

}  // namespace wirepad::web
