// native: a listening socket the learner drives from the UI: a TCP server that accepts every
// connection and keeps a transcript per connection, or a UDP socket bound to a port with a
// transcript per peer; replies, half-close and close per connection; multicast join/leave.
// One worker thread polls the sockets; every fd is closed by that thread only (a close asked
// for by the UI is queued and the thread woken), so no fd is closed under a poll().
// Depends on: shared/listen_log.h, POSIX sockets.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "shared/listen_log.h"

namespace wirepad::native {

class PosixListener {
 public:
  // `wake` is called from the worker thread after each change (e.g. to wake the UI loop).
  explicit PosixListener(std::function<void()> wake = {});
  ~PosixListener();
  PosixListener(const PosixListener&) = delete;
  PosixListener& operator=(const PosixListener&) = delete;

  // Binds (and for TCP listens) now, so "address already in use" comes back at once; then
  // serves until stop(). Replaces a previous listener.
  Error start(const ListenRequest& request);
  void stop();  // closes every socket; the log is kept
  // TCP: bytes to that connection; UDP: one datagram to that peer.
  Error send(int peer, std::string_view bytes);
  Error shutdown_write(int peer);  // TCP: FIN, keep receiving
  Error close_peer(int peer);      // TCP: close that connection
  // UDP: join or leave a multicast group (IPv4 or IPv6 literal) on an interface ("" = the
  // kernel's choice).
  Error join(const std::string& group, const std::string& interface_name);
  Error leave(const std::string& group, const std::string& interface_name);
  void with_log(const std::function<void(const ListenLog*)>& view);

 private:
  struct State;
  std::shared_ptr<State> st_;
};

}  // namespace wirepad::native
