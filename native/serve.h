// native: `wirepad serve`: one HTTP server on 127.0.0.1 that serves the browser build and, on
// the same origin, the relay that carries the page's sockets (one WebSocket per connection).
// Depends on: Boost.Beast/Asio (header-only), OpenSSL, shared/address_policy.h.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "shared/address_policy.h"

namespace wirepad::native {

struct ServeOptions {
  // Empty: 127.0.0.1 and ::1 (when this machine has IPv6). Anything else listens there only,
  // and a non-loopback address is logged with a warning (see listen_warning). Whatever the
  // bind, only loopback peers (getpeername) get or may use the per-run token; others pair.
  std::string bind;
  std::uint16_t port = 7070;
  bool try_next_ports = true;   // 7070 taken: try 7071, 7072, ... (up to 20 more)
  std::string web_root;         // folder with index.html, wirepad_web.js and wirepad_web.wasm
  std::string token;            // empty: a random per-run token
  int hello_port = 8080;        // the lab hello server the page's example request targets

  // [Policy] which targets the relay may reach (shared/address_policy.h).
  AddressPolicy policy;
  bool allow_private = false;   // shorthand for policy.allow_private (--allow-private)

  // [Pairing] pages served elsewhere (native/relay_pairing.h).
  std::string pairings_file;    // empty: PairingStore::default_path()
  std::string pairing_code;     // empty: a random one-time code (tests may fix one)

  // [Limits] exceeding one closes that connection with an `error` frame.
  int max_relay_connections = 64;      // at once, all pages together; 0 = no limit
  int max_connections_per_page = 32;   // at once, per token or pairing; 0 = no limit
  std::uint64_t max_bytes_per_connection = std::uint64_t(1) << 30;  // up + down; 0 = no limit
  double connect_timeout = 10;  // relay's own connect timeout cap, seconds
  std::string tls_ca_file;      // PEM CAs the relay trusts besides the system's (--cacert)
  double idle_timeout = 300;    // no byte either way this long: closed
  double hold_timeout = 120;    // a socket made by `create` waits this long for `connect`; 0 = for ever
  double max_lifetime = 3600;   // seconds after `connected`; 0 = no limit
  std::size_t max_frame = 16 * 1024 * 1024;  // bytes in one message from the page

  // [Log] one line per relay connection, refusal or pairing. Written to stderr unless `log`
  // is set; also appended to log_file when that is not empty (created 0600: it gets every new
  // pairing code).
  std::function<void(const std::string&)> log;
  std::string log_file;
};

// A warning sentence when `bind` listens beyond this machine, else "".
std::string listen_warning(const std::string& bind);

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
  // Where it listens: "127.0.0.1:7070 and [::1]:7070".
  std::string listening() const;
  // The one-time pairing code in force now ("ABCD-EFGH"); it changes after each use.
  std::string pairing_code() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirepad::native
