// wirepad core: turns an HttpRequest into the exact bytes sent (RFC 9112 §3). Adds what the
// user left out and a server needs (Host, Content-Length, User-Agent, Accept), in a fixed
// order, and refuses bytes that would let a typed request smuggle another one. The body is
// the content as the user means it: with `Transfer-Encoding: chunked` it is chunk-encoded
// here (RFC 9112 §7.1), as curl does, so every front end frames it the same way.
// Depends on: url.h, http_message.h.
#pragma once
#include <string>
#include <vector>

#include "error.h"
#include "http_message.h"
#include "url.h"

namespace wirepad {

struct SerializedRequest {
  Url url;            // where to connect
  std::string bytes;  // request line, headers, blank line, body
  Headers headers;    // the headers as sent, in order, including the added ones
  // What was sent differently from what was given, one sentence each (a second Host header
  // dropped, as curl does). The exchange shows them as warnings.
  std::vector<std::string> notes;
};

// Error codes: invalid_url, unsupported_scheme (only http/https here), invalid_request with
// the offending field named in the message and the character position in `offset`; also
// invalid_request for framing a server could read two ways: Content-Length together with
// Transfer-Encoding, several different Content-Lengths, a Transfer-Encoding not ending in chunked.
// Several Host headers: the first is sent (curl's choice; RFC 9112 §3.2 has a server answer
// 400 to more than one). Several Cookie headers: joined into one (RFC 6265 §5.4).
Result<SerializedRequest> serialize_request(const HttpRequest& request);

// Appends "Name: value\r\n", or "Name:\r\n" for an empty value as curl writes it (RFC 9112
// §5: field-line = name ":" OWS value OWS, so both are the same field; this one is curl's bytes).
void append_field_line(std::string& out, const Header& header);

inline constexpr const char* kUserAgent = "wirepad/0.1";

}  // namespace wirepad
