// wirepad core: ws_reader.h.
#include "ws_reader.h"

namespace wirepad {

std::string_view close_code_name(std::uint16_t code) {
  switch (code) {
    case 1000: return "normal closure";
    case 1001: return "going away";
    case 1002: return "protocol error";
    case 1003: return "unsupported data";
    case 1005: return "no status received";
    case 1006: return "abnormal closure";
    case 1007: return "invalid frame payload data";
    case 1008: return "policy violation";
    case 1009: return "message too big";
    case 1010: return "mandatory extension";
    case 1011: return "internal error";
    case 1012: return "service restart";
    case 1013: return "try again later";
    case 1014: return "bad gateway";
    case 1015: return "TLS handshake";
  }
  return "";
}

bool close_code_sendable(std::uint16_t code) {
  if (code >= 3000 && code <= 4999) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

WsReader::WsReader(Options options) : options_(options) {
  WsFrameParser::Options p;
  p.expect_masked = options.expect_masked;
  // A frame can be no larger than the message it belongs to.
  p.max_payload = options.max_message;
  p.max_raw_bytes = options.max_raw_bytes;
  parser_ = WsFrameParser(p);
}

Error WsReader::enable_deflate(const WsDeflateAgreement& a, bool server_side) {
  const bool peer_resets = server_side ? a.client_no_context_takeover : a.server_no_context_takeover;
  const int peer_bits = server_side ? a.client_max_window_bits : a.server_max_window_bits;
  if (Error e = inflater_.init(peer_bits, peer_resets)) return e;
  deflate_ = true;
  parser_.set_allow_rsv1(true);
  return {};
}

WsError WsReader::fail(WsErrorKind kind, std::string message, std::int64_t offset, std::int64_t frame) {
  error_ = WsError{kind, "frame " + std::to_string(frame + 1) + ", byte " + std::to_string(offset) + ": " + message,
                   offset, frame};
  return error_;
}

WsError WsReader::feed(std::string_view bytes, std::vector<WsFrame>& frames, std::vector<WsIncoming>& events) {
  if (error_) return error_;
  for (;;) {
    WsParseResult r = parser_.feed(bytes);
    bytes.remove_prefix(r.consumed);
    if (r.status == WsParseStatus::error) {
      error_ = parser_.error();
      return error_;
    }
    if (r.status == WsParseStatus::need_more) break;
    frames.push_back(parser_.take_frame());
    const std::size_t had = events.size();
    WsError e = on_frame(frames.back(), events);
    for (std::size_t i = had; i < events.size(); ++i) events[i].after_frame = frames.size();
    if (e) return e;
  }
  return {};
}

WsError WsReader::append(std::string_view piece, const WsFrame& frame, std::size_t before, std::string* whole) {
  const std::int64_t index = std::int64_t(parser_.frames_parsed()) - 1;
  if (!message_.compressed) {
    const std::size_t size = whole ? whole->size() : piece.size();
    if (before + size > options_.max_message)
      return fail(WsErrorKind::message_too_large,
                  "the message reaches " + std::to_string(before + size) + " bytes, over the limit of " +
                      std::to_string(options_.max_message) + " (raise it with --max-message)",
                  std::int64_t(frame.offset), index);
    if (whole) {
      message_.data = std::move(*whole);
      whole->clear();
    } else {
      message_.data.append(piece);
    }
  }
  if (message_.opcode == WsOpcode::text) {
    std::string_view added = std::string_view(message_.data).substr(before);
    std::size_t bad = utf8_.feed(added);
    if (bad != Utf8Validator::npos) {
      if (message_.compressed)
        return fail(WsErrorKind::invalid_utf8,
                    "the text message, inflated, is not UTF-8 at its byte " + std::to_string(before + bad) +
                        " (RFC 6455 §8.1); send it as binary if it is not text",
                    std::int64_t(frame.offset), index);
      return fail(WsErrorKind::invalid_utf8,
                  "the text message is not UTF-8 at its byte " + std::to_string(before + bad) +
                      " (RFC 6455 §8.1); send it as binary if it is not text",
                  std::int64_t(frame.offset + frame.header_size + bad), index);
    }
  }
  return {};
}

WsError WsReader::on_frame(WsFrame& f, std::vector<WsIncoming>& events) {
  const std::int64_t index = std::int64_t(parser_.frames_parsed()) - 1;
  const std::int64_t at = std::int64_t(f.offset);
  const WsOpcode op = f.opcode();
  if (is_control(op)) {
    WsIncoming c;
    c.wire_bytes = f.payload.size();
    if (op == WsOpcode::ping || op == WsOpcode::pong) {
      c.kind = op == WsOpcode::ping ? WsIncoming::Kind::ping : WsIncoming::Kind::pong;
      c.data = f.payload;
      events.push_back(std::move(c));
      return {};
    }
    c.kind = WsIncoming::Kind::close;
    if (f.payload.size() == 1)
      return fail(WsErrorKind::bad_close_payload,
                  "a close frame with a 1-byte payload; it is empty or starts with a 2-byte code (RFC 6455 §5.5.1)", at,
                  index);
    if (f.payload.size() >= 2) {
      c.close_code = std::uint16_t((std::uint8_t(f.payload[0]) << 8) | std::uint8_t(f.payload[1]));
      if (!close_code_sendable(c.close_code))
        return fail(WsErrorKind::invalid_close_code,
                    "the close code " + std::to_string(c.close_code) +
                        " may not be sent in a close frame (RFC 6455 §7.4: 1000-1003, 1007-1014 and 3000-4999 may)",
                    at + std::int64_t(f.header_size), index);
      c.data = f.payload.substr(2);
      std::size_t bad = find_invalid_utf8(c.data);
      if (bad != Utf8Validator::npos)
        return fail(WsErrorKind::invalid_utf8,
                    "the close reason is not UTF-8 at its byte " + std::to_string(bad) + " (RFC 6455 §5.5.1)",
                    at + std::int64_t(f.header_size + 2 + bad), index);
    }
    events.push_back(std::move(c));
    return {};
  }
  if (op == WsOpcode::continuation) {
    if (!in_message_)
      return fail(WsErrorKind::unexpected_continuation,
                  "a continuation frame, but no fragmented message was started (RFC 6455 §5.4)", at, index);
    ++message_.frames;
  } else {
    if (in_message_)
      return fail(WsErrorKind::expected_continuation,
                  "a new " + std::string(to_string(op)) + " frame while a fragmented " +
                      std::string(to_string(message_.opcode)) +
                      " message is unfinished; its next frame must be a continuation (RFC 6455 §5.4)",
                  at, index);
    in_message_ = true;
    message_ = WsIncoming{};
    message_.opcode = op;
    message_.compressed = f.rsv1;
    utf8_.reset();
  }
  message_.wire_bytes += f.payload.size();
  if (message_.compressed) {
    const std::size_t before = message_.data.size();
    Error e = inflater_.inflate(f.payload, f.fin, message_.data, options_.max_message);
    if (e.code == ErrorCode::response_too_large)
      return fail(WsErrorKind::message_too_large, e.message + " (raise it with --max-message)", at, index);
    if (e) return fail(WsErrorKind::decompression_failed, e.message + " (RFC 7692 §7.2.2)", at, index);
    // append() checks the inflated part as text (the data is already in place).
    if (WsError w = append({}, f, before)) return w;
  } else if (options_.payload_to_message && f.fin && op != WsOpcode::continuation && message_.data.empty()) {
    if (WsError w = append({}, f, 0, &f.payload)) return w;
  } else if (WsError w = append(f.payload, f, message_.data.size())) {
    return w;
  }
  if (f.fin) {
    if (message_.opcode == WsOpcode::text && !utf8_.complete())
      return fail(WsErrorKind::invalid_utf8,
                  "the text message ends inside a UTF-8 character (RFC 6455 §8.1)",
                  at + std::int64_t(f.header_size + f.payload_length), index);
    in_message_ = false;
    events.push_back(std::move(message_));
    message_ = WsIncoming{};
  }
  return {};
}

}  // namespace wirepad
