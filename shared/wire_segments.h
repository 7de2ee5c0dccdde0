// wirepad core: labels the exact bytes of an HTTP/1.1 exchange with their framing, for the
// Wire view: request line, each header field, the blank line, the body; status line(s) of
// interim (1xx) and final responses, chunk-size lines, chunk data, the CRLF after each chunk,
// the last chunk, trailers, and bytes after the end of the message. Each leniency a lenient
// parser would accept (bare LF, obsolete line folding, whitespace before a colon, a bare CR or
// NUL in a value, a status line without its reason, ...) is named on the segment it is in.
// A pure, tolerant function over the bytes: it never fails. Bytes it cannot frame (a broken
// chunk size, an unfinished message) are labelled as such, so nothing received is hidden.
// Depends on: the C++ standard library only. Pure: no OS calls.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wirepad {

enum class WirePart {
  request_line,
  status_line,          // of the final response
  interim_status_line,  // of a 1xx response (100 Continue, 103 Early Hints, ...)
  header,               // one field line, with its line ending
  obs_fold,             // a continuation line of the previous field (RFC 9112 §5.2)
  blank_line,           // the empty line that ends a head or a trailer section
  body,                 // Content-Length body, or the bytes until the connection closed
  chunk_size,           // chunk-size [; chunk-ext] line
  chunk_data,
  chunk_data_end,       // the CRLF after a chunk's data
  last_chunk,           // the "0" line
  trailer,              // a field line after the last chunk
  extra,                // bytes after the end of the message (or after 101 Switching Protocols)
  unframed,             // bytes that could not be framed: see the segment's leniency
  // HTTP/2 (segment_h2): the client's preface, and each frame's 9-byte header and payload.
  h2_preface,
  h2_frame_header,
  h2_frame_payload,
};
std::string_view to_string(WirePart part);  // "status line", "chunk data", ...

struct WireSegment {
  std::size_t offset = 0;  // into the bytes given
  std::size_t size = 0;    // including the line ending, for lines
  WirePart part = WirePart::body;
  // What a person reads next to the bytes: "Content-Type", "256 bytes (0x100)", "100 Continue".
  std::string note;
  // Empty when the bytes follow RFC 9112; otherwise what was lenient and where the rule is,
  // e.g. "bare LF line ending (RFC 9112 §2.2 expects CRLF)".
  std::string leniency;
  bool incomplete = false;  // the bytes end inside this segment (still arriving, or cut)
};

struct WireSegmentOptions {
  bool response_to_head = false;  // a response to HEAD has no body (RFC 9110 §9.3.2)
};

// Both functions return segments in byte order that cover [0, bytes.size()) exactly, without
// gaps or overlaps; empty input gives no segments.
std::vector<WireSegment> segment_request(std::string_view bytes);
std::vector<WireSegment> segment_response(std::string_view bytes, const WireSegmentOptions& options = {});
// An HTTP/2 connection's bytes in one direction (`sent`), labelled by the frames the exchange
// listed (ExchangeLog::http2.frames): the preface, then each frame's header (its type, stream
// and flags as the note) and payload (the frame's summary). Bytes no frame covers yet are
// unframed and incomplete.
struct H2Frame;
std::vector<WireSegment> segment_h2(std::string_view bytes, const std::vector<H2Frame>& frames, bool sent);

}  // namespace wirepad
