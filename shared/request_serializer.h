// wirepad core: turns an HttpRequest into the exact bytes sent (RFC 9112 §3). Adds what the
// user left out and a server needs (Host, Content-Length, User-Agent, Accept), in a fixed
// order, and refuses bytes that would let a typed request smuggle another one.
// Depends on: url.h, http_message.h.
#pragma once
#include <string>

#include "error.h"
#include "http_message.h"
#include "url.h"

namespace wirepad {

struct SerializedRequest {
  Url url;            // where to connect
  std::string bytes;  // request line, headers, blank line, body
  Headers headers;    // the headers as sent, in order, including the added ones
};

// Error codes: invalid_url, unsupported_scheme (only http/https here), invalid_request with
// the offending field named in the message and the character position in `offset`.
Result<SerializedRequest> serialize_request(const HttpRequest& request);

inline constexpr const char* kUserAgent = "wirepad/0.1";

}  // namespace wirepad
