// wirepad core: a WebSocket conversation's log (ws_session.h) as JSON, for `wirepad ws --json`
// and anything that reads it back: the handshake's bytes, every frame (fields, payload, wire
// bytes), every message, events and steps in one timeline, the close codes, the error by
// name. Bytes are given escaped (`\xNN` for anything not printable ASCII, decode_payload
// reads them back exactly) so binary payloads survive JSON's UTF-8 strings.
// Depends on: ws_session.h; nlohmann-json in the .cpp.
#pragma once
#include <string>

#include "ws_session.h"

namespace wirepad {

std::string ws_log_to_json(const WsLog& log);

}  // namespace wirepad
