// native: the Transport over POSIX sockets (getaddrinfo, non-blocking connect, poll) and
// OpenSSL for TLS. Each connection runs on its own thread; events are delivered on that
// thread while holding `events_lock`, so a front end that takes the same lock sees a
// consistent state and can cancel at any moment. Connection::send/close must be called with
// `events_lock` held too (they always are from inside an event, and HttpCall's callers hold
// it), which is what makes "no event after close()" true.
// Depends on: shared/transport.h, POSIX, OpenSSL.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "shared/exchange.h"
#include "shared/transport.h"

namespace wirepad::native {

class PosixTransport final : public Transport {
 public:
  enum class Mode {
    threads,      // each connection on its own worker thread (the desktop: the UI never blocks)
    inline_poll,  // no thread: run_until() does the I/O on the caller's thread (blocking clients:
                  // no hand-off per request, see docs/benchmarks.md)
  };
  // `wake` is called (without the lock) after each delivered event, e.g. to wake a UI loop.
  explicit PosixTransport(std::shared_ptr<std::mutex> events_lock, std::function<void()> wake = {},
                          Mode mode = Mode::threads);
  ~PosixTransport() override;
  std::unique_ptr<Connection> open(const Endpoint& endpoint, ConnectionEvents& events) override;
  bool can_hold_before_connect() const override { return true; }
  // Inline mode: moves bytes for the connection last opened or written to, on this thread,
  // until `done()` (called without the lock; take it inside) is true or no connection is left
  // open. Call without holding the lock. Events are delivered under the lock, as in threads mode.
  void run_until(const std::function<bool()>& done);
  // Inline mode: a zero-timeout look at the other open connections (idle in a pool), so one
  // the server closed is noticed before it is reused, and closed ones are released. Without the lock.
  void check_idle_connections();
  // Inline mode: called (without the lock) at least every 50 ms while waiting, e.g. to cancel.
  void set_inline_wait_hook(std::function<void()> hook);
  double now() const override;
  std::int64_t unix_ms() const override;  // std::chrono::system_clock
  std::shared_ptr<std::mutex> lock() const { return lock_; }
  // Waits (without the lock) until every connection's thread has ended, at most `seconds`:
  // a closed connection first flushes what was queued ("send, then close"), and a process
  // that exits right away (the CLI) would cut that short. Returns false on timeout.
  bool wait_until_idle(double seconds) const;

 private:
  struct InlineConnection;
  void reap_inline(bool check_idle);
  std::shared_ptr<std::mutex> lock_;
  std::function<void()> wake_;
  Mode mode_ = Mode::threads;
  std::vector<std::unique_ptr<InlineConnection>> inline_;
  std::function<void()> inline_wait_hook_;
  std::shared_ptr<std::atomic<int>> live_ = std::make_shared<std::atomic<int>>(0);  // worker threads running
};

// Runs one exchange to the end (CLI and tests): blocks the calling thread until it is done,
// failed, timed out or `cancel_requested` (polled every 50 ms, may be null) turns true.
ExchangeLog perform_blocking(HttpExchange exchange, const volatile bool* cancel_requested = nullptr);

}  // namespace wirepad::native
