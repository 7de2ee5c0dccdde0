// native: the relay's message format (docs/relay-protocol.md): the page's `connect` request and
// the relay's `connected` / `error` / `closed` replies, as JSON text frames. Pure functions so
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
struct ConnectRequest {
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

// Parses and validates the first text frame. Errors are relay_refused with a sentence naming
// the field that is wrong, or the limit a message passes (kMaxControlMessage,
// kMaxControlNesting) before it is parsed at all.
Result<ConnectRequest> parse_connect_request(std::string_view text);

// Same facts as the native transport reports (native/tls_client.h).
using TlsFacts = wirepad::TlsFacts;

struct ConnectedReport {
  std::string address;  // "127.0.0.1:8080", "[::1]:8080"
  double dns_ms = 0;
  double connect_ms = 0;
  double tls_ms = 0;
  std::optional<TlsFacts> tls;
};

std::string connected_message(const ConnectedReport& report);
// {"op":"error","code":"connect_refused","message":"..."}; code is to_string(ErrorCode).
std::string error_message(const Error& error);
std::string closed_message();  // {"op":"closed"}

// A text frame the page may send after `connected`: {"op":"shutdown"} half-closes the socket
// (the peer reads EOF, the page can still receive).
bool is_shutdown_request(std::string_view text);

}  // namespace wirepad::native
