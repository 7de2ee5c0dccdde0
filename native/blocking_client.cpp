// native: BlockingHttpClient. Everything touching the session or a call happens under the
// transport's lock, as PosixTransport requires.
#include "native/blocking_client.h"

#include <chrono>

namespace wirepad::native {

BlockingHttpClient::BlockingHttpClient(HttpSessionLimits limits)
    : lock_(std::make_shared<std::mutex>()),
      wake_(std::make_shared<std::condition_variable>()),
      transport_(lock_, [wake = wake_] { wake->notify_all(); }) {
  session_ = std::make_unique<HttpSession>(transport_, limits);
}

BlockingHttpClient::~BlockingHttpClient() {
  std::lock_guard<std::mutex> guard(*lock_);
  session_.reset();
}

ExchangeLog BlockingHttpClient::perform(HttpExchange exchange, const volatile bool* cancel_requested) {
  std::unique_lock<std::mutex> guard(*lock_);
  HttpCall call(*session_, std::move(exchange));
  call.start();
  while (!call.finished()) {
    wake_->wait_for(guard, std::chrono::milliseconds(50));
    if (cancel_requested && *cancel_requested) call.cancel();
  }
  return call.take_log();  // moved, not copied (big bodies)
}

std::size_t BlockingHttpClient::idle_connections() {
  std::lock_guard<std::mutex> guard(*lock_);
  return session_->idle_count();
}

}  // namespace wirepad::native
