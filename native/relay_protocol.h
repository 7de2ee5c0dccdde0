// native: the relay's message format (docs/relay-protocol.md): the page's `connect` or `create`
// request (and the `connect` that ends a hold) and the relay's `created` / `connected` / `error` /
// `closed` replies, as JSON text frames. Pure functions so
// the format is tested without a socket.
// Depends on: shared/error.h, nlohmann-json.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/error.h"
#include "shared/transport.h"

namespace wirepad::native {

enum class RelayProto { tcp, udp };

// {"op":"connect","proto":"tcp","host":"127.0.0.1","port":8080,"tls":false,
//  "connect_timeout_ms":10000,"tls_verify":true,"alpn":["h2","http/1.1"]}
// {"op":"create",...the same fields...} asks for the socket to be made and held, unconnected,
// until a later {"op":"connect"} (the socket lesson's Create step): `create` is true then.
struct ConnectRequest {
  bool create = false;
  RelayProto proto = RelayProto::tcp;
  std::string host;  // a name or an address literal, brackets removed ("::1")
  std::uint16_t port = 0;
  bool tls = false;
  bool tls_verify = true;                   // certificate and host name checks
  std::vector<std::string> alpn;            // TLS: the protocols to offer ("h2", "http/1.1"); empty: http/1.1
  std::optional<double> connect_timeout_ms;  // capped by the relay's own limit; 0 or absent: the cap
};

// Control messages (TEXT frames: the connect request, shutdown) are small JSON objects. Their
// size and nesting are checked before any JSON parser sees them: the relay serves every page on
// one thread, and 16 MiB of "[[[[..." (within --max-frame) made nlohmann build millions of nodes,
// seconds of that thread and hundreds of MB.
constexpr std::size_t kMaxControlMessage = 4096;  // bytes in one TEXT frame from the page
constexpr int kMaxControlNesting = 8;             // arrays and objects inside each other

// How deeply arrays and objects nest in `text` (brackets inside strings do not count). Stops
// counting once it passes `limit`, so the scan is one pass with no allocation. Not a validator:
// the JSON parser still decides what is well-formed.
int json_nesting_depth(std::string_view text, int limit);

// The refusal for a TEXT frame over kMaxControlMessage bytes.
Error control_message_too_big();

// Parses and validates the first text frame: `connect` or `create`. Errors are relay_refused with
// a sentence naming the field that is wrong, or the limit a message passes (kMaxControlMessage,
// kMaxControlNesting) before it is parsed at all. `create` is strict: a field it does not know is
// refused (a typo must not pass unseen); `connect` ignores unknown fields, as it always has.
Result<ConnectRequest> parse_connect_request(std::string_view text);

// The page's next TEXT frame after `created`: it must be exactly {"op":"connect"} (the target was
// named in `create`). Returns no error for that, else relay_refused with a sentence that says
// what came and where (a second `create`, fields on `connect`, `shutdown` before `connect`).
Error check_connect_after_create(std::string_view text);

// Why a TEXT frame after `connected` (other than {"op":"shutdown"}) is refused: names a second
// `connect` or a `create` on a connected WebSocket, else says what may come. Always an error.
Error refuse_text_after_connected(std::string_view text, bool udp);

// Same facts as the native transport reports (native/tls_client.h).
using TlsFacts = wirepad::TlsFacts;

struct ConnectedReport {
  std::string address;  // "127.0.0.1:8080", "[::1]:8080"
  double dns_ms = 0;
  double connect_ms = 0;
  double tls_ms = 0;
  std::optional<TlsFacts> tls;
};

// The answer to `create`: the name was looked up and checked, the socket made, not connected.
struct CreatedReport {
  std::string address;  // the address `connect` will try first: "127.0.0.1:8080"
  double dns_ms = 0;
  std::string socket;   // the call the relay made: "socket(AF_INET, SOCK_STREAM)"
  double hold_timeout_s = 0;  // how long it waits for `connect`; 0 = for ever
};

std::string created_message(const CreatedReport& report);
std::string connected_message(const ConnectedReport& report);
// {"op":"error","code":"connect_refused","message":"..."}; code is to_string(ErrorCode).
std::string error_message(const Error& error);
std::string closed_message();  // {"op":"closed"}

// A text frame the page may send after `connected`: {"op":"shutdown"} half-closes the socket
// (the peer reads EOF, the page can still receive).
bool is_shutdown_request(std::string_view text);

}  // namespace wirepad::native
