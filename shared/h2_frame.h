// wirepad core: HTTP/2 frames as a person reads them (RFC 9113 §4 and §6): the names of frame
// types, flags, settings and error codes, a one-line account of a frame's payload, and a
// splitter that finds frame boundaries in one direction's byte stream, so every frame keeps
// its place among the bytes the log holds. nghttp2 (h2_client.h) does the protocol; this
// file only looks at the bytes, and never fails: a frame it cannot read is described as such.
// Depends on: http_message.h.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http_message.h"

namespace wirepad {

inline constexpr std::string_view kH2ClientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
// The client's bytes start with the preface (or are its beginning): false for an exchange that
// reused an HTTP/2 connection, whose first bytes are its HEADERS frame.
inline bool begins_with_h2_preface(std::string_view sent) {
  return !sent.empty() && kH2ClientPreface.substr(0, std::min(sent.size(), kH2ClientPreface.size())) ==
                              sent.substr(0, std::min(sent.size(), kH2ClientPreface.size()));
}
inline constexpr std::size_t kH2FrameHeaderSize = 9;

namespace h2_type {
inline constexpr std::uint8_t data = 0x0, headers = 0x1, priority = 0x2, rst_stream = 0x3, settings = 0x4,
                              push_promise = 0x5, ping = 0x6, goaway = 0x7, window_update = 0x8,
                              continuation = 0x9;
}

std::string h2_frame_type_name(std::uint8_t type);              // "HEADERS"; "type 0x0a" when unknown
std::string h2_error_code_name(std::uint32_t code);             // "PROTOCOL_ERROR"; "0x1f" when unknown
std::string h2_setting_name(std::uint16_t id);                  // "MAX_CONCURRENT_STREAMS"
std::string h2_flags_text(std::uint8_t type, std::uint8_t flags);  // "END_STREAM | END_HEADERS"; "" for none

// One frame that crossed the connection, in the order frames crossed it (both directions).
struct H2Frame {
  bool sent = false;          // true: we sent it (ExchangeLog::bytes_sent); false: received
  double at = 0;              // seconds from the exchange's start: when its header was complete
  std::size_t offset = 0;     // where its 9-byte header starts in its direction's stream
  std::uint32_t length = 0;   // payload length, as the header says
  std::uint8_t type = 0;
  std::uint8_t flags = 0;
  std::uint32_t stream = 0;   // 0: the connection
  bool complete = false;      // the whole payload crossed
  std::string summary;        // the payload in words, once complete ("MAX_FRAME_SIZE=16384, ...")
  // HEADERS and PUSH_PROMISE: the field block decoded (CONTINUATION frames included), as
  // nghttp2's HPACK decoder gave it (received) or as we encoded it (sent).
  Headers fields;
  std::size_t block_bytes = 0;  // the HPACK-encoded size of that block, over all its frames
  std::size_t size() const { return kH2FrameHeaderSize + length; }
};

// The payload in words: SETTINGS lists its settings, GOAWAY its last stream, error code and
// debug text, and so on. Never fails: a payload that does not fit its type says so.
std::string describe_h2_payload(std::uint8_t type, std::uint8_t flags, std::string_view payload);

// Finds frames in one direction's stream, fed in pieces of any size. The client's 24-byte
// preface is skipped when asked (the sent side). Frames are appended to `frames`; each piece
// of input is handed to `visit` with the index of the frame it belongs to (npos for the preface
// and for a header still incomplete), so a caller feeding a decoder piece by piece knows which
// frame its callbacks are about.
class H2FrameSplitter {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  using Visit = std::function<void(std::string_view piece, std::size_t frame)>;
  explicit H2FrameSplitter(bool sent, bool skip_preface);
  void feed(std::string_view bytes, double at, std::vector<H2Frame>& frames, const Visit& visit = {});
  std::size_t position() const { return position_; }  // bytes seen so far

 private:
  bool sent_;
  std::size_t preface_left_;
  std::size_t position_ = 0;
  std::string header_;          // a frame header being gathered (under 9 bytes)
  std::size_t current_ = npos;  // the frame whose payload is arriving
  std::size_t payload_left_ = 0;
  std::string payload_;         // the payload kept for its summary (not DATA's, not huge ones)
};

}  // namespace wirepad
