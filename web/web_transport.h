// web: the Transport of the browser build. Browsers cannot open TCP or UDP sockets, so each
// Connection is one WebSocket to the relay that `wirepad serve` runs on the page's own origin
// (ws://<page host>/relay?token=<token>); docs/relay-protocol.md has the frames. Everything
// runs on the browser's one thread: events arrive from WebSocket and timer callbacks, so no
// locks are needed and none are taken.
// Depends on: shared/transport.h; emscripten/websocket.h and nlohmann-json in the .cpp only.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "shared/error.h"
#include "shared/transport.h"

namespace wirepad::web {

class WebTransport final : public Transport {
 public:
  // `relay_url` is the full WebSocket URL, token included.
  explicit WebTransport(std::string relay_url);
  std::unique_ptr<Connection> open(const Endpoint& endpoint, ConnectionEvents& events) override;
  double now() const override;  // seconds, performance.now()
  std::int64_t unix_ms() const override;  // Date.now()
  // {"op":"create"} then {"op":"connect"} (docs/relay-protocol.md): Create and Connect apart.
  bool can_hold_before_connect() const override { return true; }
  const std::string& relay_url() const { return relay_url_; }

 private:
  std::string relay_url_;
};

// ws://<host of the page>/relay?token=<token in <meta name="wirepad-relay-token">>.
std::string relay_url_from_page();

// Maps the relay's lower_snake error code ("connect_refused") to an ErrorCode; a name this
// build does not know becomes io_error, so a newer relay never breaks an older page.
ErrorCode error_code_from_name(std::string_view name);

}  // namespace wirepad::web
