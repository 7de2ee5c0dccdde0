// wirepad core: a HAR entry that recorded a WebSocket (Chromium's devtools and Playwright
// write `_resourceType: "websocket"` and the conversation as `_webSocketMessages`) imported
// as a WebSocket experiment: the upgrade request's URL and own headers, the subprotocols and
// permessage-deflate it offered, every sent message a send step and every received one an
// expect step with the recorded payload. Internal to har.cpp.
// Depends on: import_batch.h, json_input.h.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "import_batch.h"
#include "json_input.h"

namespace wirepad {

// `url` and `headers` are the entry's request as har.cpp read them (pseudo-headers already
// out); `path` names the entry in errors ("log.entries[3]"). Errors: a malformed message
// (invalid_request naming its key path).
Result<ImportedRequest> import_har_websocket(const json_input::Json& entry, const std::string& path, std::string url,
                                             const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace wirepad
