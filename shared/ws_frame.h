// wirepad core: WebSocket frames (RFC 6455 §5): the incremental frame parser, the frame
// encoder, and the named errors of the whole WebSocket client (ws_reader, ws_handshake and
// ws_session use the same WsError). Sans-I/O and push style: feed() the bytes in whatever
// pieces they arrive; "need more" is a status; errors are sticky and say which frame, which
// byte of the stream and which rule. Every frame is kept with its decoded fields and its
// bytes as they were on the wire, for a frames view.
// Depends on: error.h only.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "error.h"

namespace wirepad {

enum class WsOpcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};
std::string_view to_string(WsOpcode opcode);  // "text", "binary", ..., "reserved"
inline bool is_control(WsOpcode opcode) { return (static_cast<std::uint8_t>(opcode) & 0x8) != 0; }

// Every way a WebSocket conversation can fail, by the rule it breaks. to_string() gives the
// stable lower_snake name used in messages, JSON and tests.
enum class WsErrorKind {
  none,
  // Frame layer (RFC 6455 §5.2, §5.5).
  reserved_bits_set,      // RSV1/2/3 set without an extension that defines them
  reserved_opcode,        // opcodes 0x3-0x7, 0xB-0xF
  control_frame_too_long,  // a control frame's payload over 125 bytes (§5.5)
  control_frame_fragmented,  // a control frame without FIN (§5.5)
  masked_server_frame,     // a server frame with MASK set (§5.1): clients must fail
  unmasked_client_frame,   // a client frame without MASK (§5.1): servers must fail
  non_minimal_length,      // a 16/64-bit length that fit the shorter form (§5.2)
  length_high_bit_set,     // the 64-bit length's most significant bit is 1 (§5.2)
  frame_too_large,         // a frame's payload over the configured limit
  // Message layer (§5.4, §5.6, §8.1, RFC 7692).
  unexpected_continuation,  // a continuation frame with no message to continue
  expected_continuation,    // a new text/binary frame while a message is unfinished
  invalid_utf8,             // a text message (or close reason) that is not UTF-8
  message_too_large,        // a whole message over the configured limit
  rsv1_on_continuation,     // RFC 7692 §6.1: only a message's first frame carries RSV1
  decompression_failed,     // permessage-deflate data zlib cannot inflate
  // Closing handshake (§5.5.1, §7.4).
  bad_close_payload,   // a close frame with a one-byte payload
  invalid_close_code,  // a close code that may not be sent (§7.4.1, §7.4.2)
  // Opening handshake (§4.1, §4.2.2).
  handshake_status,            // not 101 Switching Protocols
  handshake_upgrade,           // Upgrade is not "websocket"
  handshake_connection,        // Connection does not contain "Upgrade"
  handshake_accept,            // Sec-WebSocket-Accept missing or wrong
  handshake_subprotocol,       // a subprotocol that was not offered
  handshake_extension,         // an extension (or parameter) that was not offered
  handshake_malformed,         // the response is not HTTP/1.1 at all
  // The conversation.
  closed_without_close_frame,  // TCP closed before a close frame (close code 1006)
  step_failed,                 // an expect that timed out, a step after the server closed
};
std::string_view to_string(WsErrorKind kind);

struct WsError {
  WsErrorKind kind = WsErrorKind::none;
  std::string message;        // a sentence naming the frame, the byte and the rule
  std::int64_t offset = -1;   // stream offset (bytes after the handshake) it concerns
  std::int64_t frame = -1;    // 0-based index of the frame it concerns, -1 when none
  explicit operator bool() const { return kind != WsErrorKind::none; }
  // The close code to send when failing the connection for this (§7.4.1): 1002 protocol
  // error, 1007 invalid data, 1009 too big; 0 when no close frame should be sent.
  std::uint16_t close_code() const;
  // As a core Error (malformed_response for what the peer sent), the kind's name first.
  Error to_error() const;
};

// One frame as it was on the wire, decoded.
struct WsFrame {
  bool fin = true;
  bool rsv1 = false, rsv2 = false, rsv3 = false;
  std::uint8_t opcode_bits = 0;  // the 4 bits as sent (may be reserved)
  WsOpcode opcode() const { return static_cast<WsOpcode>(opcode_bits); }
  bool masked = false;
  std::array<std::uint8_t, 4> mask_key{};
  std::uint64_t payload_length = 0;  // as stated in the header
  std::size_t header_size = 0;       // 2 to 14 bytes
  std::uint64_t offset = 0;          // stream offset of the frame's first byte
  std::string payload;               // unmasked
  // The frame's bytes exactly as on the wire (header and still-masked payload), cut after
  // WsFrameParser::Options::max_raw_bytes; raw_truncated says so.
  std::string raw;
  bool raw_truncated = false;
};

// How a frame's header is laid out (the encoder's input).
struct WsFrameSpec {
  WsOpcode opcode = WsOpcode::text;
  bool fin = true;
  bool rsv1 = false;
  bool masked = false;  // clients mask every frame (§5.3); the key comes from the caller
  std::array<std::uint8_t, 4> mask_key{};
};
// Header + (masked) payload, with the shortest length form (§5.2).
std::string encode_frame(const WsFrameSpec& spec, std::string_view payload);
// The header alone (2-14 bytes): for writing a large payload without copying it twice.
std::string encode_frame_header(const WsFrameSpec& spec, std::uint64_t payload_length);
// XORs `bytes` with the key, starting at key byte `phase` (§5.3).
void apply_mask(std::string& bytes, const std::array<std::uint8_t, 4>& key, std::size_t phase = 0);

enum class WsParseStatus {
  need_more,  // everything given was consumed; no complete frame yet
  frame,      // frame() is complete; bytes after it were not consumed
  error,      // error() says why; nothing more will be consumed
};
struct WsParseResult {
  std::size_t consumed = 0;
  WsParseStatus status = WsParseStatus::need_more;
};

class WsFrameParser {
 public:
  struct Options {
    bool expect_masked = false;  // false: a client reading server frames (must be unmasked)
    bool allow_rsv1 = false;     // permessage-deflate was negotiated (RFC 7692 §6)
    std::uint64_t max_payload = 64ull << 20;  // per frame
    std::size_t max_raw_bytes = 64 << 10;     // of each frame's bytes kept in WsFrame::raw
  };
  WsFrameParser() = default;
  explicit WsFrameParser(Options options) : options_(options) {}
  void set_allow_rsv1(bool allow) { options_.allow_rsv1 = allow; }
  // From the next frame on (a log that is full keeps no more frames: 0 spares the copy).
  void set_max_raw_bytes(std::size_t n) { options_.max_raw_bytes = n; }

  // Consumes bytes up to the end of one frame. After `frame`, take the frame and feed the
  // rest again. Frame-level rules are checked as soon as the header byte that breaks them
  // arrives (a 2-byte prefix is enough to refuse a reserved opcode).
  WsParseResult feed(std::string_view bytes);
  WsFrame take_frame();  // after status frame; starts the next
  const WsFrame& frame() const { return frame_; }
  const WsError& error() const { return error_; }
  std::uint64_t bytes_consumed() const { return consumed_; }
  std::uint64_t frames_parsed() const { return frames_; }
  // True between frames: a stream may end here without cutting a frame short.
  bool at_frame_boundary() const { return stage_ == Stage::header && header_have_ == 0; }

 private:
  enum class Stage { header, payload, done, error };
  WsParseResult fail(WsErrorKind kind, std::string message, std::uint64_t offset, std::size_t consumed);
  // Checks what the header bytes so far allow; returns false after fail().
  bool check_header(std::size_t& consumed_local, WsParseResult& result);

  Options options_;
  Stage stage_ = Stage::header;
  std::array<std::uint8_t, 14> header_{};
  std::size_t header_have_ = 0;
  std::size_t header_need_ = 2;
  std::uint64_t payload_have_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t frames_ = 0;
  WsFrame frame_;
  WsError error_;
};

}  // namespace wirepad
