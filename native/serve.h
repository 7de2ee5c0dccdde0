// native: `wirepad serve`: one HTTP server on 127.0.0.1 that serves the browser build and, on
// the same origin, the relay that carries the page's sockets (one WebSocket per connection).
// Depends on: Boost.Beast/Asio (header-only), shared/ for nothing but errors.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace wirepad::native {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 7070;
  bool try_next_ports = true;   // 7070 taken: try 7071, 7072, ... (up to 20 more)
  std::string web_root;         // folder with index.html, wirepad_web.js, wirepad_web.wasm
  std::string token;            // empty: a random per-run token
  int hello_port = 8080;        // the lab hello server the page's example request targets
  double connect_timeout = 10;  // relay's own connect timeout cap, seconds
  double idle_timeout = 300;    // relay closes a connection idle this long
  bool allow_private = false;   // relay may reach 10/8, 172.16/12, 192.168/16, fc00::/7 (--allow-private)
  int max_relay_connections = 64;  // more are refused with 503; 0 = no limit
  // One line per relay connection or refusal; empty: written to stderr.
  std::function<void(const std::string&)> log;
};

class ServeServer {
 public:
  explicit ServeServer(ServeOptions options);
  ~ServeServer();
  // Binds and starts serving on background threads. Returns "" or a sentence saying why not.
  std::string start();
  void stop();
  std::uint16_t port() const;
  const std::string& token() const;
  std::string url() const;  // "http://127.0.0.1:7070/"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirepad::native
