// native: chaos_h2.h.
#include "native/chaos_h2.h"

#include <nghttp2/nghttp2.h>

#include <cstdint>

#include "shared/h2_frame.h"

namespace wirepad::native {

namespace {

std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, std::string_view payload = {}) {
  std::string out;
  for (int shift : {16, 8, 0}) out += char((payload.size() >> shift) & 0xff);
  out += char(type);
  out += char(flags);
  for (int shift : {24, 16, 8, 0}) out += char((stream >> shift) & 0xff);
  out.append(payload);
  return out;
}

std::string u32(std::uint32_t v) {
  std::string out;
  for (int shift : {24, 16, 8, 0}) out += char((v >> shift) & 0xff);
  return out;
}

// HPACK (RFC 7541): a literal field without indexing, new name, no Huffman (§6.2.2); names and
// values under 127 bytes, so every length fits the 7-bit prefix.
std::string literal(std::string_view name, std::string_view value) {
  return std::string(1, '\0') + char(name.size()) + std::string(name) + char(value.size()) + std::string(value);
}
const std::string kStatus200 = "\x88";  // the static table's ":status 200" (RFC 7541 Appendix A)
const std::string kStatus404 = "\x8d";  // ":status 404"

constexpr std::uint8_t kEndStream = 0x1, kEndHeaders = 0x4;

std::string answer(const std::string& status, std::string_view body) {
  return frame(h2_type::settings, 0, 0) +
         frame(h2_type::headers, kEndHeaders, 1,
               status + literal("content-type", "text/plain; charset=utf-8") +
                   literal("content-length", std::to_string(body.size()))) +
         frame(h2_type::data, kEndStream, 1, body);
}

// The request's :path, from the first HEADERS block (and its CONTINUATIONs) in `received`
// after the preface; reads more until the block is whole. "" when the client sent none.
std::string request_path(H2ChaosConnection& c, std::string& received) {
  std::size_t at = kH2ClientPreface.size();
  std::string block;
  for (;;) {
    while (received.size() < at + kH2FrameHeaderSize ||
           received.size() < at + kH2FrameHeaderSize +
                                 ((std::size_t(std::uint8_t(received[at])) << 16) | (std::size_t(std::uint8_t(received[at + 1])) << 8) |
                                  std::size_t(std::uint8_t(received[at + 2])))) {
      std::string more = c.receive();
      if (more.empty()) return {};
      received += more;
    }
    std::size_t length = (std::size_t(std::uint8_t(received[at])) << 16) | (std::size_t(std::uint8_t(received[at + 1])) << 8) |
                         std::size_t(std::uint8_t(received[at + 2]));
    std::uint8_t type = std::uint8_t(received[at + 3]), flags = std::uint8_t(received[at + 4]);
    std::string_view payload = std::string_view(received).substr(at + kH2FrameHeaderSize, length);
    at += kH2FrameHeaderSize + length;
    if (type == h2_type::headers) {
      if (flags & 0x8) {  // PADDED: the pad length first, the padding last
        if (payload.empty() || std::size_t(std::uint8_t(payload[0])) + 1 > payload.size()) return {};
        payload = payload.substr(1, payload.size() - 1 - std::uint8_t(payload[0]));
      }
      if (flags & 0x20) payload.remove_prefix(std::min<std::size_t>(5, payload.size()));  // PRIORITY
      block.assign(payload);
    } else if (type == h2_type::continuation) {
      block.append(payload);
    } else {
      continue;
    }
    if (flags & kEndHeaders) break;
  }
  nghttp2_hd_inflater* inflater = nullptr;
  if (nghttp2_hd_inflate_new(&inflater) != 0) return {};
  std::string path;
  auto* in = reinterpret_cast<std::uint8_t*>(block.data());
  std::size_t left = block.size();
  for (;;) {
    nghttp2_nv nv;
    int flags = 0;
    ssize_t used = nghttp2_hd_inflate_hd2(inflater, &nv, &flags, in, left, 1);
    if (used < 0) break;
    in += used;
    left -= std::size_t(used);
    if (flags & NGHTTP2_HD_INFLATE_EMIT) {
      std::string_view name(reinterpret_cast<const char*>(nv.name), nv.namelen);
      if (name == ":path") path.assign(reinterpret_cast<const char*>(nv.value), nv.valuelen);
    }
    if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
    if (used == 0 && left == 0) break;
  }
  nghttp2_hd_inflate_del(inflater);
  return path;
}

struct H2Entry {
  ChaosBehaviour behaviour;
  std::string (*reply)();  // the bytes written after the request; then the server waits for the close
  bool close_at_once;      // close right after (no GOAWAY), instead of waiting for the client
};

const std::string kPartial = "first 40 of 100 bytes; then the server...";  // 41 bytes

const std::vector<H2Entry>& entries() {
  static const std::vector<H2Entry> table = {
      {{"/h2/ok", "HTTP/2 (prior knowledge): a well-formed answer, the control experiment"},
       [] { return answer(kStatus200, "A well-formed HTTP/2 answer.\n"); }, false},
      {{"/h2/bad-settings", "HTTP/2: a 5-byte SETTINGS frame (FRAME_SIZE_ERROR, RFC 9113 §6.5)"},
       [] { return frame(h2_type::settings, 0, 0, std::string("\x00\x03\x00\x00\x00", 5)); }, false},
      {{"/h2/rst-stream", "HTTP/2: RST_STREAM REFUSED_STREAM on the request's stream"},
       [] { return frame(h2_type::settings, 0, 0) + frame(h2_type::rst_stream, 0, 1, u32(7)); }, false},
      {{"/h2/goaway", "HTTP/2: GOAWAY NO_ERROR, last stream 0: the request was not processed"},
       [] { return frame(h2_type::settings, 0, 0) + frame(h2_type::goaway, 0, 0, u32(0) + u32(0) + "going away"); }, false},
      {{"/h2/goaway-mid-stream", "HTTP/2: the head and 41 of 100 body bytes, then GOAWAY INTERNAL_ERROR"},
       [] {
         return frame(h2_type::settings, 0, 0) +
                frame(h2_type::headers, kEndHeaders, 1, kStatus200 + literal("content-length", "100")) +
                frame(h2_type::data, 0, 1, kPartial) + frame(h2_type::goaway, 0, 0, u32(1) + u32(2) + "maintenance");
       },
       false},
      {{"/h2/huge-table", "HTTP/2: an HPACK table size update to 1 MiB, over the 4,096 bytes allowed"},
       [] {
         // 001xxxxx with 1 MiB as a 5-bit prefix integer (RFC 7541 §5.1, §6.3).
         std::string update(1, '\x3f');
         std::uint32_t rest = (1u << 20) - 31;
         while (rest >= 128) {
           update += char((rest & 0x7f) | 0x80);
           rest >>= 7;
         }
         update += char(rest);
         return frame(h2_type::settings, 0, 0) + frame(h2_type::headers, kEndHeaders | kEndStream, 1, update + kStatus200);
       },
       false},
      {{"/h2/window-overflow", "HTTP/2: WINDOW_UPDATE pushing the connection window past 2^31-1 (FLOW_CONTROL_ERROR)"},
       [] { return frame(h2_type::settings, 0, 0) + frame(h2_type::window_update, 0, 0, u32(0x7fffffff)); }, false},
      {{"/h2/upper-header", "HTTP/2: a response field named 'X-Upper' (upper case is malformed, RFC 9113 §8.2.1)"},
       [] {
         return frame(h2_type::settings, 0, 0) +
                frame(h2_type::headers, kEndHeaders | kEndStream, 1, kStatus200 + literal("X-Upper", "1"));
       },
       false},
      {{"/h2/close-mid-stream", "HTTP/2: the head and 41 of 100 body bytes, then a close without GOAWAY"},
       [] {
         return frame(h2_type::settings, 0, 0) +
                frame(h2_type::headers, kEndHeaders, 1, kStatus200 + literal("content-length", "100")) +
                frame(h2_type::data, 0, 1, kPartial);
       },
       true},
  };
  return table;
}

}  // namespace

const std::vector<ChaosBehaviour>& h2_chaos_behaviours() {
  static const std::vector<ChaosBehaviour> list = [] {
    std::vector<ChaosBehaviour> out;
    for (const H2Entry& e : entries()) out.push_back(e.behaviour);
    return out;
  }();
  return list;
}

bool starts_h2_preface(std::string_view received) {
  std::size_t n = std::min(received.size(), kH2ClientPreface.size());
  return n >= 3 && received.substr(0, n) == kH2ClientPreface.substr(0, n);
}

void serve_h2_chaos(H2ChaosConnection& c, std::string received, const std::string& index) {
  while (received.size() < kH2ClientPreface.size()) {
    std::string more = c.receive();
    if (more.empty()) return;
    received += more;
  }
  if (received.compare(0, kH2ClientPreface.size(), kH2ClientPreface) != 0) return;
  std::string path = request_path(c, received);
  path = path.substr(0, path.find('?'));
  if (path.empty()) return;
  for (const H2Entry& e : entries()) {
    if (e.behaviour.path != path) continue;
    c.send(e.reply());
    if (!e.close_at_once) c.wait_for_client_close();  // let the client answer (a GOAWAY), then go
    return;
  }
  if (path == "/") {
    c.send(answer(kStatus200, index));
  } else {
    c.send(answer(kStatus404, "No chaos behaviour at '" + path + "'; GET / lists them.\n"));
  }
  c.wait_for_client_close();
}

}  // namespace wirepad::native
