// native: NativePlatform. One exchange per tab, side by side, on PosixTransport's threads; a
// tab's new exchange replaces (and cancels) its last.
#include "native/native_platform.h"
#include "native/os_random.h"
#include "native/oauth_loopback.h"

#include <chrono>
#include <cstdlib>
#include <thread>
#include <utility>

namespace wirepad::native {

NativePlatform::NativePlatform(std::function<void()> wake)
    : lock_(std::make_shared<std::mutex>()),
      transport_(lock_, wake),
      session_(std::make_unique<HttpSession>(transport_)),
      services_(wake),
      wake_(std::move(wake)) {}

ProxyEnvironment NativePlatform::proxy_environment() const {
  ProxyEnvironment environment;
  for (const char* name : kProxyEnvironmentNames)
    if (const char* value = std::getenv(name)) environment[name] = value;
  return environment;
}

NativePlatform::~NativePlatform() {
  for (auto& [tab, wait] : authorizations_) cancel_authorization(tab);
  authorizations_.clear();  // joins the waiting threads
  std::lock_guard<std::mutex> guard(*lock_);
  slots_.clear();    // closes the connections: their threads deliver nothing after this
  session_.reset();  // and the idle ones, under the lock as the transport requires
  socket_.reset();
  ws_.reset();
}

void NativePlatform::start(int tab, HttpExchange exchange) {
  std::lock_guard<std::mutex> guard(*lock_);
  Slot& slot = slots_[tab];
  slot.call.reset();
  slot.finished.reset();
  slot.call = std::make_unique<HttpCall>(*session_, std::move(exchange));
  slot.call->start();
}

void NativePlatform::cancel(int tab, std::string_view by) {
  std::lock_guard<std::mutex> guard(*lock_);
  auto it = slots_.find(tab);
  if (it != slots_.end() && it->second.call) it->second.call->cancel(by);
}

void NativePlatform::with_exchange(int tab, const std::function<void(const ExchangeLog*)>& view) {
  std::lock_guard<std::mutex> guard(*lock_);
  auto it = slots_.find(tab);
  if (it == slots_.end()) return view(nullptr);
  view(it->second.call ? &it->second.call->log() : it->second.finished.get());
}

bool NativePlatform::wait_for_exchange(int tab, double max_ms) {
  // Polled: the transport's threads finish a loopback exchange in tens of microseconds, and a
  // condition variable would need a hook in every event the transport delivers.
  const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long>(max_ms * 1000));
  for (;;) {
    bool finished = true;
    {
      std::lock_guard<std::mutex> guard(*lock_);
      auto it = slots_.find(tab);
      if (it != slots_.end() && it->second.call) finished = it->second.call->finished();
    }
    if (finished) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

std::shared_ptr<const ExchangeLog> NativePlatform::share_finished_exchange(int tab) {
  std::lock_guard<std::mutex> guard(*lock_);
  auto it = slots_.find(tab);
  if (it == slots_.end()) return nullptr;
  Slot& slot = it->second;
  if (slot.call && slot.call->finished()) {
    // Under the events lock, so no event reaches the call between the move and the reset.
    slot.finished = std::make_shared<const ExchangeLog>(slot.call->take_log());
    slot.call.reset();
  }
  return slot.finished;
}

void NativePlatform::drop_exchange(int tab) {
  std::lock_guard<std::mutex> guard(*lock_);
  slots_.erase(tab);  // an exchange in flight closes its connection
}

void NativePlatform::start_socket(SocketSession session) {
  std::lock_guard<std::mutex> guard(*lock_);
  socket_.reset();
  socket_ = std::make_unique<SocketCall>(transport_, std::move(session));
  socket_->start();
}

Error NativePlatform::queue_socket_step(SocketStep step) {
  std::lock_guard<std::mutex> guard(*lock_);
  if (!socket_) return make_error(ErrorCode::invalid_request, "connect first: no socket is open");
  return socket_->queue(std::move(step));
}

void NativePlatform::cancel_socket() {
  std::lock_guard<std::mutex> guard(*lock_);
  if (socket_) socket_->cancel();
}

void NativePlatform::with_socket(const std::function<void(const SocketLog*)>& view) {
  std::lock_guard<std::mutex> guard(*lock_);
  view(socket_ ? &socket_->log() : nullptr);
}

Error NativePlatform::start_ws(WsSessionOptions options, std::vector<WsStep> steps) {
  Result<WsSession> session = WsSession::create(std::move(options), std::move(steps), os_random);
  if (!session) return session.error();
  std::lock_guard<std::mutex> guard(*lock_);
  ws_.reset();  // closes the last conversation's connection first
  ws_ = std::make_unique<WsCall>(transport_, std::move(session.value()));
  ws_->start();
  return {};
}

Error NativePlatform::queue_ws_step(WsStep step) {
  std::lock_guard<std::mutex> guard(*lock_);
  if (!ws_) return make_error(ErrorCode::invalid_request, "connect first: no WebSocket is open");
  return ws_->queue(std::move(step));
}

void NativePlatform::cancel_ws() {
  std::lock_guard<std::mutex> guard(*lock_);
  if (ws_) ws_->cancel();
}

void NativePlatform::with_ws(const std::function<void(const WsLog*)>& view) {
  std::lock_guard<std::mutex> guard(*lock_);
  view(ws_ ? &ws_->log() : nullptr);
}

// [OAuth 2.0 authorization code: the loopback redirect] ---------------------------------------

struct NativePlatform::AuthorizationWait {
  OAuthLoopback loopback;
  volatile bool cancel = false;
  std::mutex mutex;
  std::optional<Result<std::string>> result;  // set once by the thread
  bool delivered = false;
  std::thread thread;
  ~AuthorizationWait() {
    cancel = true;
    if (thread.joinable()) thread.join();
  }
};

Result<std::string> NativePlatform::begin_authorization(int tab, const std::string& configured) {
  cancel_authorization(tab);
  authorizations_.erase(tab);
  // A loopback redirect URI in the settings keeps its port and path (a server may have it
  // registered); any other gets an ephemeral port on 127.0.0.1 (RFC 8252 §7.3).
  std::uint16_t port = 0;
  std::string path = "/callback";
  if (Result<Url> u = parse_url(configured); u && u->scheme == "http" && (u->host == "127.0.0.1" || u->host == "localhost")) {
    if (u->explicit_port) port = u->port;
    path = u->target.substr(0, u->target.find('?'));
  }
  auto wait = std::make_shared<AuthorizationWait>();
  if (Error e = wait->loopback.listen(port, path)) return e;
  std::string uri = wait->loopback.redirect_uri();
  AuthorizationWait* w = wait.get();
  std::function<void()> wake = wake_;
  const int timeout_ms = authorization_timeout_ms_;
  wait->thread = std::thread([w, wake, timeout_ms] {
    Result<std::string> got = w->loopback.wait(timeout_ms, &w->cancel);
    w->loopback.close();  // one redirect per sign-in: a late or second one is refused
    {
      std::lock_guard<std::mutex> guard(w->mutex);
      w->result = std::move(got);
    }
    if (wake) wake();
  });
  authorizations_[tab] = std::move(wait);
  return uri;
}

void NativePlatform::open_authorization(int, const std::string& url) { open_in_browser(url); }

std::optional<Result<std::string>> NativePlatform::poll_authorization(int tab) {
  auto it = authorizations_.find(tab);
  if (it == authorizations_.end()) return std::nullopt;
  AuthorizationWait& w = *it->second;
  std::lock_guard<std::mutex> guard(w.mutex);
  if (!w.result || w.delivered) return std::nullopt;
  w.delivered = true;
  return w.result;
}

void NativePlatform::cancel_authorization(int tab) {
  auto it = authorizations_.find(tab);
  if (it != authorizations_.end()) it->second->cancel = true;
}

}  // namespace wirepad::native
