// native: the chaos lab's HTTP/2 behaviours (docs/chaos-lab.md): a client that speaks h2c with
// prior knowledge (`wirepad send --http2-prior-knowledge http://127.0.0.1:8081/h2/goaway`)
// gets a server that breaks HTTP/2 in one named way per path: a malformed SETTINGS, RST_STREAM,
// GOAWAY before or during the answer, an HPACK table too large, a flow-control overflow, an
// upper-case field name, a close mid-stream. The frames are written by hand, as a real HTTP/2
// library would refuse to send them; nghttp2's HPACK decoder reads the request's :path.
// Depends on: native/chaos_server.h (ChaosBehaviour), nghttp2 (HPACK only).
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "native/chaos_server.h"

namespace wirepad::native {

// The connection, as the chaos server's handler gives it.
struct H2ChaosConnection {
  std::function<bool(std::string_view)> send;   // false once the client is gone
  std::function<std::string()> receive;        // more bytes; "" when closed, timed out or stopping
  std::function<void()> wait_for_client_close;
};

const std::vector<ChaosBehaviour>& h2_chaos_behaviours();

// Whether `received` (the first bytes of a connection) is HTTP/2's client preface, or its start.
bool starts_h2_preface(std::string_view received);

// Serves one HTTP/2 request: `received` holds what was read so far (the preface first). "/"
// answers `index` (the lab's list), an unknown path 404, each /h2/ path its misbehaviour.
void serve_h2_chaos(H2ChaosConnection& connection, std::string received, const std::string& index);

}  // namespace wirepad::native
