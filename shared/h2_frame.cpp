// wirepad core: HTTP/2 frame names, payload descriptions and the frame splitter (h2_frame.h).
#include "h2_frame.h"

#include <algorithm>
#include <cstdio>

namespace wirepad {

namespace {

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}

std::string hex_byte(unsigned value, int digits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%0*x", digits, value);
  return text;
}

// Printable text of a GOAWAY's debug data, with anything else escaped, cut at 200 bytes.
std::string printable(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < 200; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += char(c);
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
    }
  }
  if (bytes.size() > 200) out += "...";
  return out;
}

// Padded frames (DATA, HEADERS, PUSH_PROMISE) start with the pad length; returns the payload
// without padding, or false when the pad length does not fit (a PROTOCOL_ERROR, RFC 9113 §6.1).
bool strip_padding(std::uint8_t flags, std::string_view& payload, std::size_t& pad) {
  pad = 0;
  if (!(flags & 0x8)) return true;
  if (payload.empty()) return false;
  pad = std::uint8_t(payload[0]);
  if (pad + 1 > payload.size()) return false;
  payload = payload.substr(1, payload.size() - 1 - pad);
  return true;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string h2_frame_type_name(std::uint8_t type) {
  static const char* const names[] = {"DATA",         "HEADERS", "PRIORITY", "RST_STREAM",    "SETTINGS",
                                      "PUSH_PROMISE", "PING",    "GOAWAY",   "WINDOW_UPDATE", "CONTINUATION"};
  if (type < std::size(names)) return names[type];
  return "type " + hex_byte(type, 2);
}

std::string h2_error_code_name(std::uint32_t code) {
  static const char* const names[] = {"NO_ERROR",         "PROTOCOL_ERROR",     "INTERNAL_ERROR",      "FLOW_CONTROL_ERROR",
                                      "SETTINGS_TIMEOUT", "STREAM_CLOSED",      "FRAME_SIZE_ERROR",    "REFUSED_STREAM",
                                      "CANCEL",           "COMPRESSION_ERROR",  "CONNECT_ERROR",       "ENHANCE_YOUR_CALM",
                                      "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
  if (code < std::size(names)) return names[code];
  return "error code " + hex_byte(code, 2);
}

std::string h2_setting_name(std::uint16_t id) {
  switch (id) {
    case 0x1: return "HEADER_TABLE_SIZE";
    case 0x2: return "ENABLE_PUSH";
    case 0x3: return "MAX_CONCURRENT_STREAMS";
    case 0x4: return "INITIAL_WINDOW_SIZE";
    case 0x5: return "MAX_FRAME_SIZE";
    case 0x6: return "MAX_HEADER_LIST_SIZE";
    case 0x8: return "ENABLE_CONNECT_PROTOCOL";  // RFC 8441
    case 0x9: return "NO_RFC7540_PRIORITIES";    // RFC 9218
    default: return "setting " + hex_byte(id, 4);
  }
}

std::string h2_flags_text(std::uint8_t type, std::uint8_t flags) {
  std::vector<std::string> names;
  auto flag = [&](std::uint8_t bit, const char* name) {
    if (flags & bit) {
      names.push_back(name);
      flags = std::uint8_t(flags & ~bit);
    }
  };
  switch (type) {
    case h2_type::data: flag(0x1, "END_STREAM"); flag(0x8, "PADDED"); break;
    case h2_type::headers:
      flag(0x1, "END_STREAM");
      flag(0x4, "END_HEADERS");
      flag(0x8, "PADDED");
      flag(0x20, "PRIORITY");
      break;
    case h2_type::settings:
    case h2_type::ping: flag(0x1, "ACK"); break;
    case h2_type::push_promise: flag(0x4, "END_HEADERS"); flag(0x8, "PADDED"); break;
    case h2_type::continuation: flag(0x4, "END_HEADERS"); break;
    default: break;
  }
  if (flags) names.push_back(hex_byte(flags, 2));  // flags with no meaning for this type
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " | ") + n;
  return out;
}

std::string describe_h2_payload(std::uint8_t type, std::uint8_t flags, std::string_view payload) {
  std::size_t pad = 0;
  switch (type) {
    case h2_type::data: {
      if (!strip_padding(flags, payload, pad)) return "padding longer than the frame";
      std::string out = plural(payload.size(), "byte", "bytes") + " of data";
      if (pad) out += ", " + plural(pad, "byte", "bytes") + " of padding";
      return out;
    }
    case h2_type::headers:
    case h2_type::push_promise: {
      if (!strip_padding(flags, payload, pad)) return "padding longer than the frame";
      std::string out;
      if (type == h2_type::push_promise) {
        if (payload.size() < 4) return "too short for a promised stream id";
        out = "promised stream " + std::to_string(be32(payload, 0) & 0x7fffffffu) + ", ";
        payload.remove_prefix(4);
      } else if (flags & 0x20) {
        if (payload.size() < 5) return "too short for its priority";
        std::uint32_t dep = be32(payload, 0);
        out = "depends on stream " + std::to_string(dep & 0x7fffffffu) + ((dep >> 31) ? " (exclusive)" : "") +
              ", weight " + std::to_string(unsigned(std::uint8_t(payload[4])) + 1) + ", ";
        payload.remove_prefix(5);
      }
      out += plural(payload.size(), "byte", "bytes") + " of HPACK";
      if (pad) out += ", " + plural(pad, "byte", "bytes") + " of padding";
      return out;
    }
    case h2_type::continuation: return plural(payload.size(), "byte", "bytes") + " of HPACK";
    case h2_type::priority: {
      if (payload.size() != 5) return "a PRIORITY frame must be 5 bytes, this one is " + std::to_string(payload.size());
      std::uint32_t dep = be32(payload, 0);
      return "depends on stream " + std::to_string(dep & 0x7fffffffu) + ((dep >> 31) ? " (exclusive)" : "") +
             ", weight " + std::to_string(unsigned(std::uint8_t(payload[4])) + 1);
    }
    case h2_type::rst_stream:
      if (payload.size() != 4) return "an RST_STREAM frame must be 4 bytes, this one is " + std::to_string(payload.size());
      return h2_error_code_name(be32(payload, 0));
    case h2_type::settings: {
      if (flags & 0x1) return payload.empty() ? "ACK" : "ACK with a payload (not allowed)";
      if (payload.size() % 6 != 0) return "a SETTINGS payload must be a multiple of 6 bytes, this one is " + std::to_string(payload.size());
      if (payload.empty()) return "no settings (all defaults)";
      std::string out;
      for (std::size_t at = 0; at < payload.size(); at += 6) {
        std::uint16_t id = std::uint16_t((std::uint8_t(payload[at]) << 8) | std::uint8_t(payload[at + 1]));
        out += (out.empty() ? "" : ", ") + h2_setting_name(id) + "=" + std::to_string(be32(payload, at + 2));
      }
      return out;
    }
    case h2_type::ping: {
      if (payload.size() != 8) return "a PING frame must be 8 bytes, this one is " + std::to_string(payload.size());
      std::string out = (flags & 0x1) ? "ACK, data " : "data ";
      for (char c : payload) {
        char h[4];
        std::snprintf(h, sizeof h, "%02x", unsigned(std::uint8_t(c)));
        out += h;
      }
      return out;
    }
    case h2_type::goaway: {
      if (payload.size() < 8) return "a GOAWAY frame needs at least 8 bytes, this one has " + std::to_string(payload.size());
      std::string out = "last stream " + std::to_string(be32(payload, 0) & 0x7fffffffu) + ", " +
                        h2_error_code_name(be32(payload, 4));
      if (payload.size() > 8) out += ", \"" + printable(payload.substr(8)) + "\"";
      return out;
    }
    case h2_type::window_update: {
      if (payload.size() != 4) return "a WINDOW_UPDATE frame must be 4 bytes, this one is " + std::to_string(payload.size());
      return "increment " + std::to_string(be32(payload, 0) & 0x7fffffffu);
    }
    default: return plural(payload.size(), "byte", "bytes") + " (a frame type this client ignores, RFC 9113 §4.1)";
  }
}

H2FrameSplitter::H2FrameSplitter(bool sent, bool skip_preface)
    : sent_(sent), preface_left_(skip_preface ? kH2ClientPreface.size() : 0) {}

void H2FrameSplitter::feed(std::string_view bytes, double at, std::vector<H2Frame>& frames, const Visit& visit) {
  // Payloads longer than this are summarized by their length only (nobody reads a 16 MiB
  // SETTINGS list, and a hostile peer should not make us hold one twice).
  constexpr std::size_t kKeepPayload = 64 * 1024;
  auto hand = [&](std::string_view piece, std::size_t frame) {
    if (visit && !piece.empty()) visit(piece, frame);
  };
  auto finish = [&]() {
    H2Frame& f = frames[current_];
    f.complete = true;
    if (f.type == h2_type::data) {
      // Counted without the data itself, which is the response body and kept there.
      std::size_t pad = (f.flags & 0x8) && !payload_.empty() ? std::uint8_t(payload_[0]) : 0;
      if ((f.flags & 0x8) && (f.length == 0 || pad + 1 > f.length))
        f.summary = "padding longer than the frame";
      else
        f.summary = plural(f.length - ((f.flags & 0x8) ? pad + 1 : 0), "byte", "bytes") + " of data" +
                    (pad ? ", " + plural(pad, "byte", "bytes") + " of padding" : "");
    } else if (f.length > kKeepPayload) {
      f.summary = std::to_string(f.length) + " bytes (too long to show)";
    } else {
      f.summary = describe_h2_payload(f.type, f.flags, payload_);
    }
    payload_.clear();
    current_ = npos;
  };
  while (!bytes.empty()) {
    if (preface_left_ > 0) {
      std::size_t n = std::min(preface_left_, bytes.size());
      hand(bytes.substr(0, n), npos);
      preface_left_ -= n;
      position_ += n;
      bytes.remove_prefix(n);
      continue;
    }
    if (current_ == npos) {
      std::size_t n = std::min(kH2FrameHeaderSize - header_.size(), bytes.size());
      std::size_t header_at = position_ - header_.size();
      header_.append(bytes.substr(0, n));
      position_ += n;
      std::string_view piece = bytes.substr(0, n);
      bytes.remove_prefix(n);
      if (header_.size() < kH2FrameHeaderSize) {
        hand(piece, npos);
        continue;
      }
      H2Frame f;
      f.sent = sent_;
      f.at = at;
      f.offset = header_at;
      f.length = (std::uint32_t(std::uint8_t(header_[0])) << 16) | (std::uint32_t(std::uint8_t(header_[1])) << 8) |
                 std::uint32_t(std::uint8_t(header_[2]));
      f.type = std::uint8_t(header_[3]);
      f.flags = std::uint8_t(header_[4]);
      f.stream = be32(header_, 5) & 0x7fffffffu;
      header_.clear();
      frames.push_back(std::move(f));
      current_ = frames.size() - 1;
      payload_left_ = frames[current_].length;
      hand(piece, current_);
      if (payload_left_ == 0) finish();
      continue;
    }
    std::size_t n = std::min(payload_left_, bytes.size());
    std::string_view piece = bytes.substr(0, n);
    const H2Frame& f = frames[current_];
    if (f.type == h2_type::data) {
      // Only the padding length is needed; the data itself is the response body.
      if (payload_.empty() && (f.flags & 0x8)) payload_.assign(piece.substr(0, 1));
    } else if (f.length <= kKeepPayload) {
      payload_.append(piece);
    }
    position_ += n;
    payload_left_ -= n;
    bytes.remove_prefix(n);
    std::size_t index = current_;
    hand(piece, index);
    if (payload_left_ == 0) finish();
  }
}

}  // namespace wirepad
