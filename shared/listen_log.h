// wirepad core: what a listening socket saw, as values the UI draws: the bound address, each
// TCP connection (or, for UDP, each peer that sent a datagram) with its own transcript, the
// multicast groups joined, and the listener's own events. Filled by native/posix_listener;
// the browser cannot listen (a page cannot accept connections, and the relay does not).
// Depends on: socket_session.h (TranscriptEntry), transport.h, error.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "error.h"
#include "socket_session.h"
#include "transport.h"

namespace wirepad {

struct ListenRequest {
  Protocol protocol = Protocol::tcp;
  std::string bind = "0.0.0.0";  // an address literal: "0.0.0.0", "::", "127.0.0.1", "::1"
  std::uint16_t port = 0;        // 0: any free port (the log says which)
  bool broadcast = false;        // UDP: SO_BROADCAST, so replies may go to a broadcast address
};

// One TCP connection accepted, or one UDP peer (address:port) heard from.
struct ListenPeer {
  int id = 0;                // stable for the listener's life; the UI's reply target
  std::string address;       // "127.0.0.1:40000", "[::1]:40000"
  bool open = true;          // TCP: until either side closes it; UDP: always
  bool peer_finished = false;  // TCP: the peer sent FIN
  bool write_shut = false;     // TCP: we sent FIN
  std::size_t bytes_received = 0;
  std::size_t bytes_sent = 0;
  std::size_t datagrams_received = 0;
  std::vector<TranscriptEntry> transcript;  // received / sent bytes and events, times from the listen start
};

struct ListenLog {
  ListenRequest request;
  std::string bound;            // "0.0.0.0:5000" once bound
  bool listening = false;       // false after stop or a fatal error
  std::vector<std::string> groups;  // multicast groups joined ("239.1.2.3 on eth0")
  std::vector<TranscriptEntry> events;  // the listener's own: bound, joined, left, refused, errors
  std::vector<ListenPeer> peers;
  Error error;                  // the last operation that failed (kept until the next one succeeds)
};

}  // namespace wirepad
