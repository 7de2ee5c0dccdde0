// web: WebPlatform. One exchange at a time; a new one replaces (and so cancels) the last.
#include "web/web_platform.h"

#include <utility>

namespace wirepad::web {

void WebPlatform::start(HttpExchange exchange) {
  // Destroying the previous call closes its connection before the new one opens.
  call_.reset();
  call_ = std::make_unique<HttpCall>(transport_, std::move(exchange));
  call_->start();
}

void WebPlatform::cancel() {
  if (call_) call_->cancel();
}

void WebPlatform::with_exchange(const std::function<void(const ExchangeLog*)>& view) { view(current()); }

}  // namespace wirepad::web
