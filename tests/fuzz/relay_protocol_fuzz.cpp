// Fuzz target: the relay's control messages from the page (native/relay_protocol.cpp, pure: no
// sockets), i.e. what any page that holds a token may send the relay's only thread. Properties:
// no crash; a message over kMaxControlMessage bytes or nested deeper than kMaxControlNesting is
// refused before it is parsed; a refusal is relay_refused with a sentence; an accepted request
// has a host of 1..253 characters without spaces or control bytes, a port 1..65535, and no TLS
// over UDP; json_nesting_depth never passes its limit by more than one and agrees with a slow
// recount; a `create` has only the fields the relay knows; after `created` only a message that
// is exactly {"op":"connect"} passes check_connect_after_create (a connect it accepts re-parses as
// a bare connect request that names no target), and refuse_text_after_connected always refuses.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "native/relay_protocol.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

// The same count, written differently: the depth of every bracket outside strings.
int slow_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skips the escaped character, whatever it is
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = depth + 1 > deepest ? depth + 1 : deepest;
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  int depth = json_nesting_depth(text, kMaxControlNesting);
  int full = slow_depth(text);
  if (depth > kMaxControlNesting + 1) std::abort();
  if ((full > kMaxControlNesting) != (depth > kMaxControlNesting)) std::abort();
  if (full <= kMaxControlNesting && depth != full) std::abort();

  // What may follow `created` and `connected` (native/relay_protocol.h).
  Error after_create = check_connect_after_create(text);
  if (after_create && (after_create.code != ErrorCode::relay_refused || after_create.message.empty())) std::abort();
  if (!after_create) {
    if (size > kMaxControlMessage || depth > kMaxControlNesting) std::abort();
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || j.size() != 1 || j.value("op", "") != "connect") std::abort();
  }
  for (bool udp : {false, true}) {
    Error refused = refuse_text_after_connected(text, udp);
    if (refused.code != ErrorCode::relay_refused || refused.message.empty()) std::abort();
  }

  auto request = parse_connect_request(text);
  bool over_limits = size > kMaxControlMessage || depth > kMaxControlNesting;
  if (!request) {
    if (request.error().code != ErrorCode::relay_refused || request.error().message.empty()) std::abort();
    return 0;
  }
  if (over_limits) std::abort();  // the limits are checked before anything is parsed
  const ConnectRequest& r = *request;
  if (r.host.empty() || r.host.size() > 253 || r.port == 0) std::abort();
  for (unsigned char c : r.host)
    if (c <= 0x20 || c == 0x7f) std::abort();
  if (r.tls && r.proto == RelayProto::udp) std::abort();
  if (r.connect_timeout_ms && !(*r.connect_timeout_ms > 0)) std::abort();
  if (r.create) {  // strict: every field is one the relay knows
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    for (const auto& [key, value] : j.items()) {
      (void)value;
      static const char* known[] = {"op", "proto", "host", "port", "tls", "tls_verify", "alpn", "connect_timeout_ms"};
      bool found = false;
      for (const char* k : known) found = found || key == k;
      if (!found) std::abort();
    }
  }
  (void)is_shutdown_request(text);
  return 0;
}
