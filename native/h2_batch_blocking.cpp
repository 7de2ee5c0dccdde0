// native: h2_batch_blocking.h.
#include "native/h2_batch_blocking.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "native/posix_transport.h"

namespace wirepad::native {

H2BatchResult perform_h2_batch(std::vector<HttpExchange> exchanges, const volatile bool* cancel_requested,
                               std::size_t max_in_flight, H2Batch::TakeFinished take) {
  auto lock = std::make_shared<std::mutex>();
  PosixTransport transport(lock, {}, PosixTransport::Mode::inline_poll);
  std::unique_lock<std::mutex> guard(*lock);
  H2Batch batch(transport, std::move(exchanges), max_in_flight);
  if (take) batch.hand_over_finished(std::move(take));
  batch.start();
  guard.unlock();
  auto check = [&] {
    std::lock_guard<std::mutex> hold(*lock);
    if (cancel_requested && *cancel_requested) batch.cancel();
    return batch.finished();
  };
  transport.set_inline_wait_hook([&] { check(); });
  transport.run_until(check);
  guard.lock();
  while (!batch.finished()) {  // nothing left to drive (cannot happen unless cancelled): wait
    guard.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    guard.lock();
    if (cancel_requested && *cancel_requested) batch.cancel();
  }
  H2BatchResult result;
  if (!take || batch.refused_h2()) {
    result.logs.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) result.logs.push_back(batch.take_log(i));
  }
  result.connection = batch.connection();
  result.refused_h2 = batch.refused_h2();
  return result;
}

}  // namespace wirepad::native
