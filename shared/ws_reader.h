// wirepad core: WebSocket messages from frames (RFC 6455 §5.4-§5.6, §7.4; RFC 7692 §6.2):
// joins fragmented data messages (continuation rules), inflates permessage-deflate messages,
// checks text as UTF-8 as it arrives (across frames and across reads, so a bad byte fails
// the connection at once, §8.1), enforces the message size limit, and reads control frames
// (ping, pong, close with its code and reason) even in the middle of a fragmented message.
// Depends on: ws_frame.h, ws_deflate.h, ws_utf8.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ws_deflate.h"
#include "ws_frame.h"
#include "ws_utf8.h"

namespace wirepad {

// Close codes (RFC 6455 §7.4.1) a person meets.
std::string_view close_code_name(std::uint16_t code);  // "normal closure", "going away", ...; "" when unnamed
// May this code appear in a close frame (§7.4.1, §7.4.2, IANA's registry)? 1005, 1006 and
// 1015 are for reporting only; 1016-2999 are unassigned; 3000-4999 are for applications.
bool close_code_sendable(std::uint16_t code);

struct WsIncoming {
  enum class Kind { message, ping, pong, close };
  Kind kind = Kind::message;
  WsOpcode opcode = WsOpcode::text;  // message: text or binary
  std::string data;                  // message (inflated) / ping or pong payload / close reason
  bool compressed = false;           // arrived compressed (RSV1)
  std::uint16_t close_code = 0;      // close: 0 when the frame had no payload (reported as 1005)
  std::size_t frames = 1;            // how many frames carried it
  std::uint64_t wire_bytes = 0;      // payload bytes on the wire (before inflating)
  std::size_t after_frame = 0;       // feed()'s `frames` held this many when it was complete
};

class WsReader {
 public:
  struct Options {
    bool expect_masked = false;                 // false: reading a server
    std::size_t max_message = 64u << 20;        // whole message, after inflating
    std::size_t max_raw_bytes = 64u << 10;      // per frame kept in WsFrame::raw
    // A frame that is a whole message (FIN, not a continuation, not compressed) gives its
    // payload to the message instead of a copy: the frame's payload is then empty, its bytes
    // still in WsFrame::raw (as far as kept) and in the message. WsSession sets it: a 64 KiB
    // message was copied once more for a frame record it mostly did not keep.
    bool payload_to_message = false;
  };
  WsReader() : WsReader(Options{}) {}
  explicit WsReader(Options options);
  // permessage-deflate was negotiated: RSV1 means compressed; `server_side` false means we
  // read what the server compressed (its no_context_takeover and window).
  Error enable_deflate(const WsDeflateAgreement& agreement, bool server_side = false);

  // Consumes all of `bytes` (or up to the first error, which is sticky and returned again on
  // every later call). Appends every complete frame to `frames` and every complete message or
  // control frame to `events`, in the order they arrived.
  WsError feed(std::string_view bytes, std::vector<WsFrame>& frames, std::vector<WsIncoming>& events);
  // Whether frames from the next on keep their wire bytes in WsFrame::raw (up to
  // Options::max_raw_bytes). A log that keeps no more frames turns it off.
  void set_keep_raw(bool keep) { parser_.set_max_raw_bytes(keep ? options_.max_raw_bytes : 0); }
  const WsError& error() const { return error_; }
  bool in_message() const { return in_message_; }
  bool at_frame_boundary() const { return parser_.at_frame_boundary(); }
  std::uint64_t bytes_consumed() const { return parser_.bytes_consumed(); }

 private:
  WsError fail(WsErrorKind kind, std::string message, std::int64_t offset, std::int64_t frame);
  WsError on_frame(WsFrame& frame, std::vector<WsIncoming>& events);
  // Appends an uncompressed piece to the message (a compressed one is already inflated in
  // place), checking the size and, for text, the UTF-8 from `before` on. `whole`: the
  // message's bytes are moved from there instead (Options::payload_to_message).
  WsError append(std::string_view piece, const WsFrame& frame, std::size_t before, std::string* whole = nullptr);

  Options options_;
  WsFrameParser parser_;
  WsInflater inflater_;
  bool deflate_ = false;
  bool in_message_ = false;
  WsIncoming message_;
  Utf8Validator utf8_;
  WsError error_;
};

}  // namespace wirepad
