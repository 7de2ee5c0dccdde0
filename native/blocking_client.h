// native: runs HTTP exchanges one after another from a plain thread (CLI, tests, benchmarks),
// over the POSIX transport with a keep-alive HttpSession: the second request to the same
// origin reuses the connection the first one left open, as curl does with several URLs.
// Depends on: native/posix_transport.h, shared/http_session.h.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>

#include "native/posix_transport.h"
#include "shared/http_session.h"

namespace wirepad::native {

class BlockingHttpClient {
 public:
  explicit BlockingHttpClient(HttpSessionLimits limits = {});
  ~BlockingHttpClient();  // closes the idle connections
  // Blocks until the exchange is done, failed, timed out or `cancel_requested` (polled every
  // 50 ms, may be null) turns true.
  ExchangeLog perform(HttpExchange exchange, const volatile bool* cancel_requested = nullptr);
  std::size_t idle_connections();

 private:
  std::shared_ptr<std::mutex> lock_;
  std::shared_ptr<std::condition_variable> wake_;
  PosixTransport transport_;
  std::unique_ptr<HttpSession> session_;
};

}  // namespace wirepad::native
