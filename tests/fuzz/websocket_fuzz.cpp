// Fuzz target: the WebSocket client's parsers (shared/ws_*): the frame parser and the
// message reader (continuation rules, UTF-8 across splits, control frames, close payloads,
// permessage-deflate inflating with and without context takeover, the message limit), and
// the opening handshake's response check (ResponseParser + check_handshake_response).
// The first byte picks what the rest is and how it is split:
//   bits 0-1: 0 server frames, 1 frames with deflate, 2 frames with deflate and no context
//             takeover (window 9 bits), 3 a handshake response head
//   bits 2-7: the piece size (1..64) for the split replay
// Properties: the same bytes give the same frames, events and error however they are split
// (whole, in pieces, one byte at a time); every error has a kind, a message and an offset
// inside the input; every frame's raw bytes are a slice of the input at its offset; a
// message never passes the limit. Replayed over the corpus by replay_main.cpp in ctest.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/response_parser.h"
#include "shared/ws_handshake.h"
#include "shared/ws_reader.h"

using namespace wirepad;

namespace {

constexpr std::size_t kMaxMessage = 4096;

struct Outcome {
  std::vector<WsFrame> frames;
  std::vector<WsIncoming> events;
  WsError error;
};

Outcome read(std::string_view data, std::size_t piece, int mode) {
  WsReader::Options o;
  o.max_message = kMaxMessage;
  o.max_raw_bytes = 1 << 20;
  WsReader reader(o);
  if (mode == 1 || mode == 2) {
    WsDeflateAgreement a;
    if (mode == 2) {
      a.server_no_context_takeover = a.client_no_context_takeover = true;
      a.server_max_window_bits = a.client_max_window_bits = 9;
    }
    if (reader.enable_deflate(a)) std::abort();
  }
  Outcome out;
  for (std::size_t at = 0; at < data.size() && !out.error; at += piece) {
    std::string copy(data.substr(at, piece));  // its own heap buffer: overreads are seen
    out.error = reader.feed(copy, out.frames, out.events);
  }
  if (reader.bytes_consumed() > data.size()) std::abort();
  return out;
}

bool same_frame(const WsFrame& a, const WsFrame& b) {
  return a.fin == b.fin && a.rsv1 == b.rsv1 && a.rsv2 == b.rsv2 && a.rsv3 == b.rsv3 && a.opcode_bits == b.opcode_bits &&
         a.masked == b.masked && a.mask_key == b.mask_key && a.payload_length == b.payload_length &&
         a.header_size == b.header_size && a.offset == b.offset && a.payload == b.payload && a.raw == b.raw;
}

void require_same(const Outcome& a, const Outcome& b) {
  if (a.frames.size() != b.frames.size() || a.events.size() != b.events.size()) std::abort();
  for (std::size_t i = 0; i < a.frames.size(); ++i)
    if (!same_frame(a.frames[i], b.frames[i])) std::abort();
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const WsIncoming &x = a.events[i], &y = b.events[i];
    if (x.kind != y.kind || x.opcode != y.opcode || x.data != y.data || x.compressed != y.compressed ||
        x.close_code != y.close_code || x.frames != y.frames || x.wire_bytes != y.wire_bytes)
      std::abort();
  }
  if (a.error.kind != b.error.kind || a.error.message != b.error.message || a.error.offset != b.error.offset ||
      a.error.frame != b.error.frame)
    std::abort();
}

void check_frames(std::string_view data, int mode) {
  Outcome whole = read(data, data.size() + 1, mode & 3);
  for (const WsFrame& f : whole.frames) {
    if (f.raw_truncated || f.offset + f.raw.size() > data.size()) std::abort();
    if (data.substr(f.offset, f.raw.size()) != f.raw) std::abort();
    if (f.masked) std::abort();  // a client refuses masked server frames
  }
  for (const WsIncoming& e : whole.events) {
    if (e.kind == WsIncoming::Kind::message && e.data.size() > kMaxMessage) std::abort();
    if (e.kind == WsIncoming::Kind::message && e.opcode == WsOpcode::text &&
        find_invalid_utf8(e.data) != Utf8Validator::npos)
      std::abort();
    if (e.kind == WsIncoming::Kind::close && e.close_code != 0 && !close_code_sendable(e.close_code)) std::abort();
  }
  if (whole.error) {
    if (whole.error.message.empty() || whole.error.to_error().message.empty()) std::abort();
    if (whole.error.offset < 0 || std::size_t(whole.error.offset) > data.size()) std::abort();
  }
  require_same(whole, read(data, std::size_t(1 + (mode >> 2)), mode & 3));
  if (data.size() <= 2048) require_same(whole, read(data, 1, mode & 3));
}

void check_handshake(std::string_view data, std::size_t piece) {
  ResponseParser parser;
  for (std::size_t at = 0; at < data.size(); at += piece) {
    std::string copy(data.substr(at, piece));
    ParseResult r = parser.feed(copy);
    if (r.status != ParseStatus::need_more) break;
  }
  if (!parser.headers_complete()) return;
  WsHandshakeOptions options;
  options.subprotocols = {"chat", "superchat"};
  options.compress = true;
  WsAgreement agreement;
  // The key of RFC 6455 §1.3, so a seed can carry its accept value.
  WsError e = check_handshake_response(parser.response(), "dGhlIHNhbXBsZSBub25jZQ==", options, agreement);
  if (e) {
    if (e.message.empty()) std::abort();
    return;
  }
  if (parser.response().status != 101) std::abort();
  if (!agreement.subprotocol.empty() && agreement.subprotocol != "chat" && agreement.subprotocol != "superchat") std::abort();
  if (agreement.deflate) {
    const auto& p = agreement.deflate_params;
    if (p.client_max_window_bits < 8 || p.client_max_window_bits > 15 || p.server_max_window_bits < 8 ||
        p.server_max_window_bits > 15)
      std::abort();
    // What was agreed must work: the reader and writer accept it.
    WsReader reader;
    if (reader.enable_deflate(p)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int mode = data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((mode & 3) == 3) check_handshake(input, std::size_t(1 + (mode >> 2)));
  else check_frames(input, mode);
  return 0;
}
