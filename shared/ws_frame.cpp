// wirepad core: ws_frame.h. Frame layout (RFC 6455 §5.2):
//   byte 0: FIN RSV1 RSV2 RSV3 opcode(4)   byte 1: MASK len7
//   len7 126: 16-bit length follows; 127: 64-bit length follows (high bit 0); then the
//   4-byte masking key when MASK is set; then the payload.
#include "ws_frame.h"

#include <algorithm>
#include <cstring>

namespace wirepad {

std::string_view to_string(WsOpcode opcode) {
  switch (opcode) {
    case WsOpcode::continuation: return "continuation";
    case WsOpcode::text: return "text";
    case WsOpcode::binary: return "binary";
    case WsOpcode::close: return "close";
    case WsOpcode::ping: return "ping";
    case WsOpcode::pong: return "pong";
  }
  return "reserved";
}

std::string_view to_string(WsErrorKind kind) {
  switch (kind) {
    case WsErrorKind::none: return "none";
    case WsErrorKind::reserved_bits_set: return "reserved_bits_set";
    case WsErrorKind::reserved_opcode: return "reserved_opcode";
    case WsErrorKind::control_frame_too_long: return "control_frame_too_long";
    case WsErrorKind::control_frame_fragmented: return "control_frame_fragmented";
    case WsErrorKind::masked_server_frame: return "masked_server_frame";
    case WsErrorKind::unmasked_client_frame: return "unmasked_client_frame";
    case WsErrorKind::non_minimal_length: return "non_minimal_length";
    case WsErrorKind::length_high_bit_set: return "length_high_bit_set";
    case WsErrorKind::frame_too_large: return "frame_too_large";
    case WsErrorKind::unexpected_continuation: return "unexpected_continuation";
    case WsErrorKind::expected_continuation: return "expected_continuation";
    case WsErrorKind::invalid_utf8: return "invalid_utf8";
    case WsErrorKind::message_too_large: return "message_too_large";
    case WsErrorKind::rsv1_on_continuation: return "rsv1_on_continuation";
    case WsErrorKind::decompression_failed: return "decompression_failed";
    case WsErrorKind::bad_close_payload: return "bad_close_payload";
    case WsErrorKind::invalid_close_code: return "invalid_close_code";
    case WsErrorKind::handshake_status: return "handshake_status";
    case WsErrorKind::handshake_upgrade: return "handshake_upgrade";
    case WsErrorKind::handshake_connection: return "handshake_connection";
    case WsErrorKind::handshake_accept: return "handshake_accept";
    case WsErrorKind::handshake_subprotocol: return "handshake_subprotocol";
    case WsErrorKind::handshake_extension: return "handshake_extension";
    case WsErrorKind::handshake_malformed: return "handshake_malformed";
    case WsErrorKind::closed_without_close_frame: return "closed_without_close_frame";
    case WsErrorKind::step_failed: return "step_failed";
  }
  return "none";
}

std::uint16_t WsError::close_code() const {
  switch (kind) {
    case WsErrorKind::none:
    case WsErrorKind::handshake_status:
    case WsErrorKind::handshake_upgrade:
    case WsErrorKind::handshake_connection:
    case WsErrorKind::handshake_accept:
    case WsErrorKind::handshake_subprotocol:
    case WsErrorKind::handshake_extension:
    case WsErrorKind::handshake_malformed:
    case WsErrorKind::closed_without_close_frame:
    case WsErrorKind::step_failed: return 0;
    case WsErrorKind::invalid_utf8: return 1007;
    case WsErrorKind::frame_too_large:
    case WsErrorKind::message_too_large: return 1009;
    default: return 1002;
  }
}

Error WsError::to_error() const {
  if (!*this) return {};
  return make_error(ErrorCode::malformed_response, std::string(to_string(kind)) + ": " + message, offset);
}

namespace {

// XORs p[0, n) with the key from key byte `phase` on, a word at a time: the key repeated over
// 8 bytes, rotated to the phase.
void mask_range(char* p, std::size_t n, const std::array<std::uint8_t, 4>& key, std::size_t phase) {
  unsigned char k8[8];
  for (int j = 0; j < 8; ++j) k8[j] = key[(phase + j) % 4];
  std::uint64_t word_key;
  std::memcpy(&word_key, k8, 8);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    w ^= word_key;
    std::memcpy(p + i, &w, 8);
  }
  for (; i < n; ++i) p[i] = char(static_cast<unsigned char>(p[i]) ^ key[(phase + i) % 4]);
}

}  // namespace

void apply_mask(std::string& bytes, const std::array<std::uint8_t, 4>& key, std::size_t phase) {
  mask_range(bytes.data(), bytes.size(), key, phase);
}

std::string encode_frame_header(const WsFrameSpec& spec, std::uint64_t n) {
  std::string h;
  h.reserve(14);
  h += char((spec.fin ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (static_cast<std::uint8_t>(spec.opcode) & 0x0f));
  const std::uint8_t mask_bit = spec.masked ? 0x80 : 0;
  if (n < 126) {
    h += char(mask_bit | n);
  } else if (n <= 0xffff) {
    h += char(mask_bit | 126);
    h += char(n >> 8);
    h += char(n & 0xff);
  } else {
    h += char(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) h += char((n >> shift) & 0xff);
  }
  if (spec.masked)
    for (std::uint8_t b : spec.mask_key) h += char(b);
  return h;
}

std::string encode_frame(const WsFrameSpec& spec, std::string_view payload) {
  std::string out = encode_frame_header(spec, payload.size());
  const std::size_t at = out.size();
  out.append(payload);
  // Masked in place: a 64 KiB message was copied twice more through a temporary.
  if (spec.masked) mask_range(out.data() + at, out.size() - at, spec.mask_key, 0);
  return out;
}

namespace {

std::string where(std::uint64_t frame, std::uint64_t offset) {
  return "frame " + std::to_string(frame + 1) + ", byte " + std::to_string(offset) + ": ";
}

}  // namespace

WsParseResult WsFrameParser::fail(WsErrorKind kind, std::string message, std::uint64_t offset, std::size_t consumed) {
  stage_ = Stage::error;
  error_ = WsError{kind, where(frames_, offset) + std::move(message), std::int64_t(offset), std::int64_t(frames_)};
  consumed_ += consumed;
  return {consumed, WsParseStatus::error};
}

WsFrame WsFrameParser::take_frame() {
  WsFrame out = std::move(frame_);
  frame_ = WsFrame{};
  if (stage_ == Stage::done) {
    stage_ = Stage::header;
    header_have_ = 0;
    header_need_ = 2;
    payload_have_ = 0;
  }
  return out;
}

WsParseResult WsFrameParser::feed(std::string_view bytes) {
  if (stage_ == Stage::error) return {0, WsParseStatus::error};
  if (stage_ == Stage::done) return {0, WsParseStatus::frame};
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  while (stage_ == Stage::header && i < n) {
    if (header_have_ == 0) frame_.offset = consumed_ + i;
    const std::uint8_t b = static_cast<std::uint8_t>(bytes[i]);
    header_[header_have_++] = b;
    ++i;
    const std::uint64_t at = frame_.offset + header_have_ - 1;  // this byte's stream offset
    if (header_have_ == 1) {
      const std::uint8_t op = b & 0x0f;
      const bool fin = b & 0x80;
      if ((op >= 0x3 && op <= 0x7) || op >= 0xB)
        return fail(WsErrorKind::reserved_opcode,
                    "opcode 0x" + std::string(1, "0123456789abcdef"[op]) +
                        " is reserved (RFC 6455 §5.2 defines 0x0-0x2 and 0x8-0xA); the peer speaks something else",
                    at, i);
      if ((b & 0x20) || (b & 0x10))
        return fail(WsErrorKind::reserved_bits_set,
                    std::string((b & 0x20) ? "RSV2" : "RSV3") +
                        " is set, but no negotiated extension defines it (RFC 6455 §5.2)",
                    at, i);
      if (b & 0x40) {
        if (!options_.allow_rsv1)
          return fail(WsErrorKind::reserved_bits_set,
                      "RSV1 is set, but permessage-deflate was not negotiated (RFC 6455 §5.2, RFC 7692 §6)", at, i);
        if (op >= 0x8)
          return fail(WsErrorKind::reserved_bits_set,
                      "RSV1 is set on a " + std::string(to_string(WsOpcode(op))) +
                          " frame; permessage-deflate compresses data messages only (RFC 7692 §6.1)",
                      at, i);
        if (op == 0x0)
          return fail(WsErrorKind::rsv1_on_continuation,
                      "RSV1 is set on a continuation frame; only a message's first frame says it is compressed "
                      "(RFC 7692 §6.1)",
                      at, i);
      }
      if (op >= 0x8 && !fin)
        return fail(WsErrorKind::control_frame_fragmented,
                    "a " + std::string(to_string(WsOpcode(op))) +
                        " frame without FIN; control frames must not be fragmented (RFC 6455 §5.5)",
                    at, i);
    } else if (header_have_ == 2) {
      const bool masked = b & 0x80;
      const std::uint8_t len7 = b & 0x7f;
      if (masked && !options_.expect_masked)
        return fail(WsErrorKind::masked_server_frame,
                    "the server masked its frame (MASK bit set); a client must fail the connection (RFC 6455 §5.1)",
                    at, i);
      if (!masked && options_.expect_masked)
        return fail(WsErrorKind::unmasked_client_frame,
                    "the client did not mask its frame (MASK bit clear); every client frame is masked (RFC 6455 §5.1)",
                    at, i);
      if ((header_[0] & 0x08) && len7 > 125)
        return fail(WsErrorKind::control_frame_too_long,
                    "a " + std::string(to_string(WsOpcode(header_[0] & 0x0f))) +
                        " frame says its payload is longer than 125 bytes (RFC 6455 §5.5)",
                    at, i);
      header_need_ = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
    } else if ((header_[1] & 0x7f) == 126 && header_have_ == 4) {
      const std::uint64_t len = (std::uint64_t(header_[2]) << 8) | header_[3];
      if (len < 126)
        return fail(WsErrorKind::non_minimal_length,
                    "the 16-bit length " + std::to_string(len) +
                        " fits the 7-bit form; the minimal length encoding must be used (RFC 6455 §5.2)",
                    frame_.offset + 2, i);
    } else if ((header_[1] & 0x7f) == 127 && header_have_ == 3 && (header_[2] & 0x80)) {
      return fail(WsErrorKind::length_high_bit_set,
                  "the 64-bit payload length has its most significant bit set (RFC 6455 §5.2)", at, i);
    } else if ((header_[1] & 0x7f) == 127 && header_have_ == 10) {
      std::uint64_t len = 0;
      for (int j = 2; j < 10; ++j) len = (len << 8) | header_[j];
      if (len <= 0xffff)
        return fail(WsErrorKind::non_minimal_length,
                    "the 64-bit length " + std::to_string(len) +
                        " fits a shorter form; the minimal length encoding must be used (RFC 6455 §5.2)",
                    frame_.offset + 2, i);
    }
    if (header_have_ == header_need_) {
      const std::uint8_t len7 = header_[1] & 0x7f;
      std::uint64_t len = len7;
      std::size_t p = 2;
      if (len7 == 126) {
        len = (std::uint64_t(header_[2]) << 8) | header_[3];
        p = 4;
      } else if (len7 == 127) {
        len = 0;
        for (int j = 2; j < 10; ++j) len = (len << 8) | header_[j];
        p = 10;
      }
      if (len > options_.max_payload)
        return fail(WsErrorKind::frame_too_large,
                    "the frame's payload is " + std::to_string(len) + " bytes, over the limit of " +
                        std::to_string(options_.max_payload) + " bytes per frame (raise it with --max-message)",
                    frame_.offset + 1, i);
      frame_.fin = header_[0] & 0x80;
      frame_.rsv1 = header_[0] & 0x40;
      frame_.rsv2 = header_[0] & 0x20;
      frame_.rsv3 = header_[0] & 0x10;
      frame_.opcode_bits = header_[0] & 0x0f;
      frame_.masked = header_[1] & 0x80;
      if (frame_.masked)
        for (int j = 0; j < 4; ++j) frame_.mask_key[j] = header_[p + j];
      frame_.payload_length = len;
      frame_.header_size = header_need_;
      frame_.raw.assign(reinterpret_cast<const char*>(header_.data()), header_need_);
      frame_.payload.reserve(std::size_t(std::min<std::uint64_t>(len, 1 << 20)));
      payload_have_ = 0;
      stage_ = Stage::payload;
    }
  }
  if (stage_ == Stage::payload) {
    const std::uint64_t left = frame_.payload_length - payload_have_;
    const std::size_t take = std::size_t(std::min<std::uint64_t>(left, n - i));
    std::string_view piece = bytes.substr(i, take);
    const std::size_t raw_room = options_.max_raw_bytes > frame_.raw.size() ? options_.max_raw_bytes - frame_.raw.size() : 0;
    frame_.raw.append(piece.substr(0, std::min(raw_room, piece.size())));
    if (piece.size() > raw_room) frame_.raw_truncated = true;
    const std::size_t at = frame_.payload.size();
    frame_.payload.append(piece);
    // Unmasked in place (a temporary copy of each piece cost one more pass over the bytes).
    if (frame_.masked) mask_range(frame_.payload.data() + at, piece.size(), frame_.mask_key, std::size_t(payload_have_ % 4));
    payload_have_ += take;
    i += take;
    if (payload_have_ == frame_.payload_length) {
      stage_ = Stage::done;
      ++frames_;
      consumed_ += i;
      return {i, WsParseStatus::frame};
    }
  }
  consumed_ += i;
  return {i, WsParseStatus::need_more};
}

}  // namespace wirepad
