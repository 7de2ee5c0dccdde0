// wirepad core: ws_writer.h.
#include "ws_writer.h"

#include <algorithm>

namespace wirepad {

std::string close_payload(std::uint16_t code, std::string_view reason) {
  if (code == 0) return {};
  std::string p;
  p += char(code >> 8);
  p += char(code & 0xff);
  p.append(reason);
  return p;
}

WsWriter::WsWriter(WsRandom random, Options options) : random_(std::move(random)), options_(options) {}

Error WsWriter::enable_deflate(const WsDeflateAgreement& a, bool server_side) {
  const int bits = server_side ? a.server_max_window_bits : a.client_max_window_bits;
  const bool reset = server_side ? a.server_no_context_takeover : a.client_no_context_takeover;
  if (Error e = deflater_.init(bits, reset)) return e;
  deflate_ = true;
  return {};
}

std::array<std::uint8_t, 4> WsWriter::next_mask_key() {
  if (key_pool_at_ + 4 > key_pool_.size()) {
    key_pool_ = random_(256);
    key_pool_at_ = 0;
  }
  std::array<std::uint8_t, 4> key{};
  for (std::size_t i = 0; i < 4; ++i)
    key[i] = key_pool_at_ + i < key_pool_.size() ? std::uint8_t(key_pool_[key_pool_at_ + i]) : 0;
  key_pool_at_ += 4;
  return key;
}

std::string WsWriter::frame(const WsFrameSpec& in, std::string_view payload, std::vector<WsFrame>* records) {
  WsFrameSpec spec = in;
  spec.masked = options_.mask;
  // A fresh key per frame (§5.3: "unpredictable"), so a proxy cannot be fed chosen bytes.
  if (spec.masked) spec.mask_key = next_mask_key();
  std::string wire = encode_frame(spec, payload);
  if (records) {
    WsFrame r;
    r.fin = spec.fin;
    r.rsv1 = spec.rsv1;
    r.opcode_bits = static_cast<std::uint8_t>(spec.opcode);
    r.masked = spec.masked;
    r.mask_key = spec.mask_key;
    r.payload_length = payload.size();
    r.header_size = wire.size() - payload.size();
    r.offset = written_;
    r.payload = std::string(payload);
    r.raw = wire.substr(0, options_.max_raw_bytes);
    r.raw_truncated = wire.size() > options_.max_raw_bytes;
    records->push_back(std::move(r));
  }
  written_ += wire.size();
  ++frames_;
  payload_written_ += payload.size();
  return wire;
}

Result<std::string> WsWriter::message(WsOpcode opcode, std::string_view data, bool compress, std::size_t fragment,
                                      std::vector<WsFrame>* records) {
  std::string compressed;
  const bool deflated = compress && deflate_;
  if (deflated) {
    Result<std::string> c = deflater_.compress(data);
    if (!c) return c.error();
    compressed = std::move(c.value());
    data = compressed;
  }
  std::string out;
  std::size_t at = 0;
  bool first = true;
  do {
    const std::size_t n = fragment ? std::min(fragment, data.size() - at) : data.size() - at;
    WsFrameSpec spec;
    spec.opcode = first ? opcode : WsOpcode::continuation;
    spec.rsv1 = first && deflated;  // RFC 7692 §6.1: the first frame only
    spec.fin = at + n == data.size();
    std::string wire = frame(spec, data.substr(at, n), records);
    if (out.empty()) out = std::move(wire);  // one frame (the usual case): no copy
    else out += wire;
    at += n;
    first = false;
  } while (at < data.size());
  return out;
}

Result<std::string> WsWriter::control(WsOpcode opcode, std::string_view payload, std::vector<WsFrame>* records) {
  if (payload.size() > 125)
    return make_error(ErrorCode::invalid_request,
                      "a " + std::string(to_string(opcode)) + " frame carries at most 125 bytes (RFC 6455 §5.5); this one has " +
                          std::to_string(payload.size()));
  WsFrameSpec spec;
  spec.opcode = opcode;
  return frame(spec, payload, records);
}

}  // namespace wirepad
