// web: WebPlatform. One exchange at a time; a new one replaces (and so cancels) the last.
#include "web/web_platform.h"

#include <utility>

namespace wirepad::web {

void WebPlatform::start(HttpExchange exchange) {
  // Destroying the previous call closes its connection before the new one opens.
  call_.reset();
  finished_.reset();
  call_ = std::make_unique<HttpCall>(session_, std::move(exchange));
  call_->start();
}

void WebPlatform::cancel(std::string_view by) {
  if (call_) call_->cancel(by);
}

void WebPlatform::with_exchange(const std::function<void(const ExchangeLog*)>& view) { view(current()); }

std::shared_ptr<const ExchangeLog> WebPlatform::share_finished_exchange() {
  if (call_ && call_->finished()) {  // one thread: no event can come between these
    finished_ = std::make_shared<const ExchangeLog>(call_->take_log());
    call_.reset();
  }
  return finished_;
}

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

}  // namespace wirepad::web
