// native: runs an H2Batch (shared/h2_batch.h) to the end on the calling thread, over the POSIX
// transport in its inline mode, as perform_blocking does for one exchange: the CLI's several
// URLs to one origin with --http2, and the HTTP/2 benchmarks.
// Depends on: native/posix_transport.h, shared/h2_batch.h.
#pragma once
#include <vector>

#include "shared/h2_batch.h"

namespace wirepad::native {

struct H2BatchResult {
  std::vector<ExchangeLog> logs;  // one per exchange, in the order given
  ExchangeLog connection;         // the shared connection: bytes, frames, timeline
  bool refused_h2 = false;        // ALPN did not choose h2: nothing was sent (H2Batch::refused_h2)
};

// With `take`, each log goes there as soon as it and the ones before it are done (result.logs
// then stays empty unless the server refused h2): H2Batch::hand_over_finished.
H2BatchResult perform_h2_batch(std::vector<HttpExchange> exchanges, const volatile bool* cancel_requested = nullptr,
                               std::size_t max_in_flight = 100, H2Batch::TakeFinished take = nullptr);

}  // namespace wirepad::native
