// native: the lab's WebSocket echo server (docs/lab.md): every text or binary message comes
// back with the same opcode, in one frame; pings are answered, permessage-deflate is agreed when
// the client offers it, a close is answered with the same code. Boost.Beast, so Wirepad's own
// client (shared/ws_*) is tested and measured against an implementation that is not its own.
// Depends on: Boost.Beast and Asio (headers only).
#pragma once
#include <memory>
#include <string>

namespace wirepad::native {

class LabWsEcho {
 public:
  LabWsEcho();
  ~LabWsEcho();  // stop()
  // Listens on bind:port (0 = any free port) and serves on a thread of its own. False with
  // `why` a sentence ("port 9002 is in use") when it cannot listen. Call once.
  bool start(const std::string& bind, int port, std::string& why);
  int port() const;  // the bound port; 0 when not running
  // Stops at once, open connections included (they are dropped, not closed), and joins.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirepad::native
