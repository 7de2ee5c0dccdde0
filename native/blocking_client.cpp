// native: BlockingHttpClient. Everything touching the session or a call happens under the
// transport's lock, as PosixTransport requires. The transport runs inline: the caller's thread
// polls the socket itself, so a request costs no hand-off between threads (docs/benchmarks.md).
#include "native/blocking_client.h"

#include <chrono>

namespace wirepad::native {

BlockingHttpClient::BlockingHttpClient(HttpSessionLimits limits)
    : lock_(std::make_shared<std::mutex>()),
      wake_(std::make_shared<std::condition_variable>()),
      transport_(lock_, {}, PosixTransport::Mode::inline_poll) {
  session_ = std::make_unique<HttpSession>(transport_, limits);
}

BlockingHttpClient::~BlockingHttpClient() {
  std::lock_guard<std::mutex> guard(*lock_);
  session_.reset();
}

ExchangeLog BlockingHttpClient::perform(HttpExchange exchange, const volatile bool* cancel_requested) {
  // A pooled connection the server closed meanwhile is noticed now, not after the request.
  transport_.check_idle_connections();
  std::unique_lock<std::mutex> guard(*lock_);
  HttpCall call(*session_, std::move(exchange));
  call.start();
  guard.unlock();
  transport_.set_inline_wait_hook([&] {
    std::lock_guard<std::mutex> hold(*lock_);
    if (cancel_requested && *cancel_requested) call.cancel();
  });
  transport_.run_until([&] {
    std::lock_guard<std::mutex> hold(*lock_);
    if (cancel_requested && *cancel_requested) call.cancel();
    return call.finished();
  });
  transport_.set_inline_wait_hook({});
  guard.lock();
  // Nothing left to drive but not finished (no connection could be made): wait for timers.
  while (!call.finished()) {
    wake_->wait_for(guard, std::chrono::milliseconds(50));
    if (cancel_requested && *cancel_requested) call.cancel();
  }
  return call.take_log();  // moved, not copied (big bodies)
}

std::size_t BlockingHttpClient::idle_connections() {
  transport_.check_idle_connections();
  std::lock_guard<std::mutex> guard(*lock_);
  return session_->idle_count();
}

}  // namespace wirepad::native
