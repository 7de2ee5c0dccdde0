// native: the Transport over POSIX sockets (getaddrinfo, non-blocking connect, poll) and
// OpenSSL for TLS. Each connection runs on its own thread; events are delivered on that
// thread while holding `events_lock`, so a front end that takes the same lock sees a
// consistent state and can cancel at any moment.
// Depends on: shared/transport.h, POSIX, OpenSSL.
#pragma once
#include <functional>
#include <memory>
#include <mutex>

#include "shared/transport.h"

namespace wirepad::native {

class PosixTransport final : public Transport {
 public:
  // `wake` is called (without the lock) after each delivered event, e.g. to wake a UI loop.
  explicit PosixTransport(std::shared_ptr<std::mutex> events_lock, std::function<void()> wake = {});
  std::unique_ptr<Connection> open(const Endpoint& endpoint, ConnectionEvents& events) override;
  double now() const override;
  std::shared_ptr<std::mutex> lock() const { return lock_; }

 private:
  std::shared_ptr<std::mutex> lock_;
  std::function<void()> wake_;
};

// Runs one exchange to the end on the calling thread (CLI and tests): blocks until done,
// failed or timed out. `on_event` (optional) sees the log after every change, under the lock.
ExchangeLog perform_blocking(HttpExchange exchange);

}  // namespace wirepad::native
