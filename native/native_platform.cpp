// native: NativePlatform. One exchange at a time; a new one replaces (and cancels) the last.
#include "native/native_platform.h"

#include <utility>

namespace wirepad::native {

NativePlatform::NativePlatform(std::function<void()> wake)
    : lock_(std::make_shared<std::mutex>()), transport_(lock_, std::move(wake)) {}

NativePlatform::~NativePlatform() {
  std::lock_guard<std::mutex> guard(*lock_);
  call_.reset();  // closes the connection: its thread delivers nothing after this
}

void NativePlatform::start(HttpExchange exchange) {
  std::lock_guard<std::mutex> guard(*lock_);
  call_.reset();
  call_ = std::make_unique<HttpCall>(transport_, std::move(exchange));
  call_->start();
}

void NativePlatform::cancel() {
  std::lock_guard<std::mutex> guard(*lock_);
  if (call_) call_->cancel();
}

void NativePlatform::with_exchange(const std::function<void(const ExchangeLog*)>& view) {
  std::lock_guard<std::mutex> guard(*lock_);
  view(call_ ? &call_->log() : nullptr);
}

}  // namespace wirepad::native
