// wirepad core: the experiment document, the one format the desktop app saves, the browser
// loads (window.wirepad.load) and `wirepad run FILE` executes. JSON with a stable key order
// so files diff cleanly in git; see docs/experiment-format.md.
// Depends on: exchange.h (options), http_message.h; nlohmann-json inside the .cpp only.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "exchange.h"
#include "http_message.h"
#include "request_spec.h"
#include "socket_session.h"
#include "test_spec.h"
#include "ws_script.h"

namespace wirepad {

// The newest format this Wirepad reads. Files are written as format 1 unless they need 2 (a
// request body that is not UTF-8, kept as "body_base64") or 3 (a structured request: params
// table, path variables, disabled headers, auth, body kinds, proxy) or 4 (a "test" object:
// assertions, captures, skip, repeat; docs/assertions.md) or 5 (kind "websocket", a WebSocket
// conversation: shared/ws_script.h); see docs/experiment-format.md.
inline constexpr int kExperimentFormatVersion = 7;

// A raw socket conversation saved as steps (kind "socket"): replayed by `wirepad run`.
struct SocketScript {
  Protocol protocol = Protocol::tcp;
  std::string host;
  std::uint16_t port = 0;
  AddressFamily family = AddressFamily::any;
  // UDP: SO_BROADCAST, and for a multicast destination the TTL and loopback (see Endpoint).
  bool broadcast = false;
  int multicast_ttl = 1;
  bool multicast_loopback = true;
  std::vector<SocketStep> steps;
  bool operator==(const SocketScript&) const = default;
};

// Where a socket script connects, with the experiment's connect timeout.
Endpoint endpoint_of(const SocketScript& script, const ExchangeOptions& options);

enum class ExperimentKind { http, socket, websocket };

struct Experiment {
  ExperimentKind kind = ExperimentKind::http;
  std::string name;
  RequestSpec request;  // kind http: as composed, {{variables}} kept (shared/request_resolve.h sends it)
  SocketScript socket;  // kind socket
  WsScript websocket;   // kind websocket
  ExchangeOptions options;
  TestSpec test;        // kind http: what `wirepad test` checks and captures (format 4)
  bool operator==(const Experiment&) const = default;
};

// Errors: invalid_experiment, with the JSON position (byte offset) or the key path in the
// message ("request.headers[2].name must be a string"). A newer format version is refused
// with a message that says so.
Result<Experiment> parse_experiment(std::string_view json);
// Stable key order, two-space indent, trailing newline; defaults are written too, so a file
// says everything it means.
std::string serialize_experiment(const Experiment& experiment);

// The state the browser test API and `wirepad send --json` report: phase, status, reason,
// headers, body, timings, error, remote address, bytes sent/received.
std::string exchange_log_to_json(const ExchangeLog& log);
// The same for a socket session: state, remote address, counts, error, and the transcript
// (bytes as JSON strings; invalid UTF-8 replaced, so also "bytes_escaped" exactly).
std::string socket_log_to_json(const SocketLog& log);

}  // namespace wirepad
