// wirepad core: the WebSocket opening handshake, client side (RFC 6455 §4.1, §4.2.2): ws://
// and wss:// URLs, the GET request with its random Sec-WebSocket-Key, and the checks on the
// server's answer (101, Upgrade, Connection, Sec-WebSocket-Accept, the subprotocol and the
// extensions against what was offered). Randomness comes in from the caller; no clock here.
// Depends on: error.h, url.h, http_message.h, ws_frame.h (WsError), ws_deflate.h; mbedTLS's
// SHA-1 in the .cpp.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "http_message.h"
#include "url.h"
#include "ws_deflate.h"
#include "ws_frame.h"

namespace wirepad {

// `n` random bytes. Masking keys and the handshake key must be unpredictable (RFC 6455
// §10.3); natives pass the OS's generator, tests a fixed sequence.
using WsRandom = std::function<std::string(std::size_t n)>;

// ws://host[:port]/path?query (default port 80) or wss:// (443, TLS). Url::scheme stays
// "ws"/"wss"; Url::is_tls() does not know it, so use ws_is_tls().
Result<Url> parse_ws_url(std::string_view text);
inline bool ws_is_tls(const Url& url) { return url.scheme == "wss"; }

struct WsHandshakeOptions {
  Headers headers;                        // extra request headers (-H), in order
  std::vector<std::string> subprotocols;  // Sec-WebSocket-Protocol, in preference order
  bool compress = false;                  // offer permessage-deflate
  WsDeflateOffer deflate;
  std::string user_agent = "wirepad";     // "" = no User-Agent
};

struct WsHandshakeRequest {
  std::string key;    // the Sec-WebSocket-Key sent (base64 of 16 random bytes)
  std::string bytes;  // the whole request as written
};
// Errors: invalid_request naming the header or subprotocol that cannot be sent, and why.
Result<WsHandshakeRequest> build_handshake_request(const Url& url, const WsHandshakeOptions& options,
                                                   const WsRandom& random);

// base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")), RFC 6455 §4.2.2 item 5.4.
std::string ws_accept_value(std::string_view key);

// What the handshake settled.
struct WsAgreement {
  std::string subprotocol;  // "" = none
  bool deflate = false;
  WsDeflateAgreement deflate_params;
  std::string extensions;   // Sec-WebSocket-Extensions as the server sent it
};
// Checks the server's response head (§4.2.2 / §4.1 "the client MUST fail" list). Fills
// `agreement` when it passes; the error names the header, what came and what was expected.
WsError check_handshake_response(const HttpResponse& response, std::string_view key,
                                 const WsHandshakeOptions& options, WsAgreement& agreement);

}  // namespace wirepad
