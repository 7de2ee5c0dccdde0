// native: NativePlatform. One exchange at a time; a new one replaces (and cancels) the last.
#include "native/native_platform.h"

#include <utility>

namespace wirepad::native {

NativePlatform::NativePlatform(std::function<void()> wake)
    : lock_(std::make_shared<std::mutex>()),
      transport_(lock_, wake),
      session_(std::make_unique<HttpSession>(transport_)),
      services_(wake) {}

NativePlatform::~NativePlatform() {
  std::lock_guard<std::mutex> guard(*lock_);
  call_.reset();  // closes the connection: its thread delivers nothing after this
  session_.reset();  // and the idle ones, under the lock as the transport requires
  socket_.reset();
}

void NativePlatform::start(HttpExchange exchange) {
  std::lock_guard<std::mutex> guard(*lock_);
  call_.reset();
  finished_.reset();
  call_ = std::make_unique<HttpCall>(*session_, std::move(exchange));
  call_->start();
}

void NativePlatform::cancel(std::string_view by) {
  std::lock_guard<std::mutex> guard(*lock_);
  if (call_) call_->cancel(by);
}

void NativePlatform::with_exchange(const std::function<void(const ExchangeLog*)>& view) {
  std::lock_guard<std::mutex> guard(*lock_);
  view(call_ ? &call_->log() : finished_.get());
}

std::shared_ptr<const ExchangeLog> NativePlatform::share_finished_exchange() {
  std::lock_guard<std::mutex> guard(*lock_);
  if (call_ && call_->finished()) {
    // Under the events lock, so no event reaches the call between the move and the reset.
    finished_ = std::make_shared<const ExchangeLog>(call_->take_log());
    call_.reset();
  }
  return finished_;
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
