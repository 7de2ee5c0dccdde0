// wirepad core: a WebSocket conversation saved as an experiment (kind "websocket",
// docs/experiment-format.md): the URL, what the opening handshake offers (headers,
// subprotocols, permessage-deflate) and the steps, replayed by `wirepad run`, the app's
// WebSocket panel, and imported from a HAR's `_webSocketMessages`.
// Depends on: exchange.h (ExchangeOptions), http_message.h, ws_session.h.
#pragma once
#include <string>
#include <vector>

#include "exchange.h"
#include "http_message.h"
#include "ws_session.h"

namespace wirepad {

struct WsScript {
  std::string url;                        // ws:// or wss://, {{variables}} kept
  Headers headers;                        // extra handshake request headers, in order
  std::vector<std::string> subprotocols;  // Sec-WebSocket-Protocol, in preference order
  bool compress = false;                  // offer permessage-deflate (RFC 7692)
  bool no_context_takeover = false;       // ... asking both sides to reset their window per message
  std::vector<WsStep> steps;              // after the handshake; a replay ends with a close
  bool operator==(const WsScript&) const = default;
};

// The session a script asks for, with the experiment's timeouts and TLS settings. The URL and
// headers are taken as they are: fill {{variables}} first (shared/environment.h).
WsSessionOptions ws_session_options(const WsScript& script, const ExchangeOptions& options);

// The steps to run: the script's, with a normal close (1000) appended when it does not end
// with one, so every replay ends with the closing handshake.
std::vector<WsStep> ws_steps_to_run(const WsScript& script, double close_wait = 5);

}  // namespace wirepad
