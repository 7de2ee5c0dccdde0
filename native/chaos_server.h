// native: the chaos lab, an HTTP server that misbehaves on purpose, one named behaviour per
// path (truncated chunks, lying Content-Lengths, resets, trickles, floods, ...), so a person
// can point Wirepad (or any client) at it and see how clients fail. GET / lists every
// behaviour with one line each. Raw POSIX sockets, because a real HTTP library refuses to
// send most of this; one thread per connection; every connection serves one request.
// Depends on: POSIX sockets only.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wirepad::native {

struct ChaosBehaviour {
  std::string_view path;         // "/truncated-chunk"
  std::string_view description;  // one line: what the server does and what a client should report
};

// Every behaviour, in the order the index lists them.
const std::vector<ChaosBehaviour>& chaos_behaviours();

class ChaosServer {
 public:
  ChaosServer();
  ~ChaosServer();  // stop()
  ChaosServer(const ChaosServer&) = delete;
  ChaosServer& operator=(const ChaosServer&) = delete;

  // Listens on bind:port (0 = any free port). Returns false with `why` set to a sentence when
  // the port cannot be bound. Also opens the slow-accept listener on a free port.
  bool start(int port, std::string* why = nullptr, const std::string& bind = "127.0.0.1");
  int port() const;              // 0 when not running
  // A listener whose accept queue is full and which never accepts: connect() to it times out.
  int slow_accept_port() const;  // 0 when not running
  // Stops accepting, ends every connection (each handler checks a stop signal) and joins all
  // threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirepad::native
