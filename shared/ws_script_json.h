// wirepad core: the "websocket" object of an experiment file as JSON, read and written by
// experiment.cpp (docs/experiment-format.md, "WebSocket experiments"). Internal to the core's
// .cpp files: it speaks nlohmann::ordered_json, the experiment parser's own type.
// Depends on: ws_script.h, nlohmann-json.
#pragma once
#include <nlohmann/json.hpp>

#include "error.h"
#include "ws_script.h"

namespace wirepad {

// Strict: an unknown key, a wrong type, a step that is not exactly one kind, or a step that
// cannot be sent (check_ws_step: a long ping, a close code that may not be sent, a regex that
// does not compile) is an error naming its key path ("websocket.steps[2].close ...").
// Errors: invalid_experiment.
Error parse_ws_script(const nlohmann::ordered_json& json, WsScript& out);
// Stable key order. Payloads are JSON text when they are printable UTF-8, hex otherwise
// ("send_binary_hex": "00 ff"), so a file says exactly which bytes go out.
nlohmann::ordered_json ws_script_json(const WsScript& script);

}  // namespace wirepad
