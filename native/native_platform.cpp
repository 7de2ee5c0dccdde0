// native: NativePlatform. One exchange per tab, side by side, on PosixTransport's threads; a
// tab's new exchange replaces (and cancels) its last.
#include "native/native_platform.h"

#include <cstdlib>
#include <utility>

namespace wirepad::native {

NativePlatform::NativePlatform(std::function<void()> wake)
    : lock_(std::make_shared<std::mutex>()),
      transport_(lock_, wake),
      session_(std::make_unique<HttpSession>(transport_)),
      services_(wake) {}

ProxyEnvironment NativePlatform::proxy_environment() const {
  ProxyEnvironment environment;
  for (const char* name : kProxyEnvironmentNames)
    if (const char* value = std::getenv(name)) environment[name] = value;
  return environment;
}

NativePlatform::~NativePlatform() {
  std::lock_guard<std::mutex> guard(*lock_);
  slots_.clear();    // closes the connections: their threads deliver nothing after this
  session_.reset();  // and the idle ones, under the lock as the transport requires
  socket_.reset();
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

}  // namespace wirepad::native
