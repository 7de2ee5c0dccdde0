// wirepad core: ws_deflate.h.
#include "ws_deflate.h"

#include <zlib.h>

#include <cstring>
#include <optional>

#include "text_util.h"

namespace wirepad {
namespace {

// §7.2.1: a sync flush ends with an empty stored block, 00 00 FF FF; it is not sent.
constexpr char kTail[4] = {0x00, 0x00, char(0xff), char(0xff)};

Error ext_error(std::string message) {
  return make_error(ErrorCode::malformed_response, "handshake_extension: " + std::move(message));
}

}  // namespace

std::string to_header_value(const WsDeflateOffer& o) {
  std::string v = "permessage-deflate";
  if (o.client_no_context_takeover) v += "; client_no_context_takeover";
  if (o.server_no_context_takeover) v += "; server_no_context_takeover";
  if (o.client_max_window_bits) v += "; client_max_window_bits=" + std::to_string(o.client_max_window_bits);
  else if (o.client_max_window_bits_hint) v += "; client_max_window_bits";
  if (o.server_max_window_bits) v += "; server_max_window_bits=" + std::to_string(o.server_max_window_bits);
  return v;
}

Result<WsDeflateAgreement> accept_deflate_response(std::string_view text, const WsDeflateOffer& offer) {
  WsDeflateAgreement a;
  if (offer.client_max_window_bits) a.client_max_window_bits = offer.client_max_window_bits;
  bool seen[4] = {false, false, false, false};
  const char* names[4] = {"client_no_context_takeover", "server_no_context_takeover", "client_max_window_bits",
                          "server_max_window_bits"};
  while (!text.empty()) {
    text = text::trim_ows(text);
    if (text.empty()) break;
    if (text[0] != ';') return ext_error("expected ';' before a permessage-deflate parameter, found '" + std::string(text.substr(0, 20)) + "'");
    text = text::trim_ows(text.substr(1));
    std::size_t end = text.find(';');
    std::string_view param = text::trim_ows(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end);
    std::string_view name = param, value;
    bool has_value = false;
    if (std::size_t eq = param.find('='); eq != std::string_view::npos) {
      name = text::trim_ows(param.substr(0, eq));
      value = text::trim_ows(param.substr(eq + 1));
      has_value = true;
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    }
    const std::string lname = text::lower(name);
    int which = -1;
    for (int i = 0; i < 4; ++i)
      if (lname == names[i]) which = i;
    if (which < 0)
      return ext_error("the server answered permessage-deflate with the unknown parameter '" + std::string(name) +
                       "' (RFC 7692 §7.1 defines four)");
    if (seen[which]) return ext_error("the server gave the parameter " + lname + " twice (RFC 7692 §7.1)");
    seen[which] = true;
    if (which < 2) {
      if (has_value) return ext_error(lname + " takes no value, the server sent '" + std::string(value) + "'");
      (which == 0 ? a.client_no_context_takeover : a.server_no_context_takeover) = true;
      continue;
    }
    // Window bits: 1*DIGIT, 8 to 15 (§7.1.2).
    int bits = 0;
    bool digits = has_value && !value.empty() && value.size() <= 2;
    for (char c : value) digits = digits && text::is_digit(static_cast<unsigned char>(c));
    if (digits) bits = std::stoi(std::string(value));
    if (!digits || bits < 8 || bits > 15)
      return ext_error(lname + " must be a number from 8 to 15 in a response, the server sent '" +
                       (has_value ? std::string(value) : std::string("no value")) + "' (RFC 7692 §7.1.2)");
    if (which == 2) {
      if (!offer.client_max_window_bits_hint && !offer.client_max_window_bits)
        return ext_error("the server sent client_max_window_bits, which the offer did not include (RFC 7692 §7.1.2.2)");
      if (offer.client_max_window_bits && bits > offer.client_max_window_bits)
        return ext_error("the server raised client_max_window_bits to " + std::to_string(bits) + " above the offered " +
                         std::to_string(offer.client_max_window_bits) + " (RFC 7692 §7.1.2.2)");
      if (bits == 8)
        return ext_error("the server asked for an 8-bit compression window, which zlib cannot produce for raw "
                         "deflate; offer without client_max_window_bits, or turn compression off");
      a.client_max_window_bits = bits;
    } else {
      if (offer.server_max_window_bits && bits > offer.server_max_window_bits)
        return ext_error("the server answered server_max_window_bits=" + std::to_string(bits) + ", above the offered " +
                         std::to_string(offer.server_max_window_bits) + " (RFC 7692 §7.1.2.1)");
      a.server_max_window_bits = bits;
    }
  }
  if (offer.server_no_context_takeover && !a.server_no_context_takeover)
    return ext_error("the offer asked for server_no_context_takeover and the server's answer leaves it out; it must "
                     "include it or decline the extension (RFC 7692 §7.1.1.1)");
  if (offer.server_max_window_bits && !seen[3])
    return ext_error("the offer asked for server_max_window_bits and the server's answer leaves it out (RFC 7692 §7.1.2.1)");
  return a;
}

// ---- WsDeflater

struct WsDeflater::State {
  z_stream z{};
  bool ready = false;
  bool reset_each = false;
  ~State() {
    if (ready) deflateEnd(&z);
  }
};

WsDeflater::WsDeflater() = default;
WsDeflater::~WsDeflater() = default;
WsDeflater::WsDeflater(WsDeflater&&) noexcept = default;
WsDeflater& WsDeflater::operator=(WsDeflater&&) noexcept = default;

Error WsDeflater::init(int window_bits, bool no_context_takeover) {
  s_ = std::make_unique<State>();
  // Raw deflate (negative window bits): the frames carry no zlib header or checksum (§7.2).
  if (deflateInit2(&s_->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    s_.reset();
    return make_error(ErrorCode::invalid_request,
                      "zlib refused a compression window of " + std::to_string(window_bits) + " bits");
  }
  s_->ready = true;
  s_->reset_each = no_context_takeover;
  return {};
}

Result<std::string> WsDeflater::compress(std::string_view message) {
  if (!s_) return make_error(ErrorCode::invalid_request, "permessage-deflate was not negotiated");
  z_stream& z = s_->z;
  std::string out;
  out.resize(deflateBound(&z, uLong(message.size())) + 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
  z.avail_in = uInt(message.size());
  std::size_t have = 0;
  for (;;) {
    if (out.size() - have < 64) out.resize(out.size() * 2 + 64);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    z.avail_out = uInt(out.size() - have);
    int rc = deflate(&z, Z_SYNC_FLUSH);
    have = out.size() - z.avail_out;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return make_error(ErrorCode::invalid_request, "zlib failed to compress the message");
    if (z.avail_in == 0 && z.avail_out > 0) break;
  }
  out.resize(have);
  if (out.size() >= 4 && std::memcmp(out.data() + out.size() - 4, kTail, 4) == 0) out.resize(out.size() - 4);
  if (s_->reset_each) deflateReset(&z);
  return out;
}

// ---- WsInflater

struct WsInflater::State {
  z_stream z{};
  bool ready = false;
  bool reset_each = false;
  ~State() {
    if (ready) inflateEnd(&z);
  }
};

WsInflater::WsInflater() = default;
WsInflater::~WsInflater() = default;
WsInflater::WsInflater(WsInflater&&) noexcept = default;
WsInflater& WsInflater::operator=(WsInflater&&) noexcept = default;

Error WsInflater::init(int window_bits, bool no_context_takeover) {
  s_ = std::make_unique<State>();
  // A window at least as large as the sender's reads anything it wrote; 15 reads all.
  (void)window_bits;
  if (inflateInit2(&s_->z, -15) != Z_OK) {
    s_.reset();
    return make_error(ErrorCode::malformed_response, "zlib could not start a decompressor");
  }
  s_->ready = true;
  s_->reset_each = no_context_takeover;
  return {};
}

Error WsInflater::inflate(std::string_view piece, bool last, std::string& out, std::size_t limit) {
  if (!s_) return make_error(ErrorCode::malformed_response, "permessage-deflate was not negotiated");
  z_stream& z = s_->z;
  auto run = [&](std::string_view in) -> Error {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    char buffer[16384];
    while (z.avail_in > 0) {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      int rc = ::inflate(&z, Z_SYNC_FLUSH);
      const std::size_t produced = sizeof buffer - z.avail_out;
      if (out.size() + produced > limit)
        return make_error(ErrorCode::response_too_large,
                          "the message inflates to more than the limit of " + std::to_string(limit) + " bytes");
      out.append(buffer, produced);
      if (rc == Z_STREAM_END) {
        // A final deflate block (BFINAL): legal; the next message starts a new stream.
        inflateReset(&z);
        continue;
      }
      if (rc == Z_BUF_ERROR && produced == 0) break;
      if (rc != Z_OK && rc != Z_BUF_ERROR)
        return make_error(ErrorCode::malformed_response,
                          std::string("zlib cannot inflate the compressed payload: ") + (z.msg ? z.msg : "invalid data"),
                          std::int64_t(in.size() - z.avail_in));
    }
    // Output may still be pending in zlib's window after all input was read.
    for (;;) {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      int rc = ::inflate(&z, Z_SYNC_FLUSH);
      const std::size_t produced = sizeof buffer - z.avail_out;
      if (out.size() + produced > limit)
        return make_error(ErrorCode::response_too_large,
                          "the message inflates to more than the limit of " + std::to_string(limit) + " bytes");
      out.append(buffer, produced);
      if (produced == 0 || rc != Z_OK) break;
    }
    return {};
  };
  if (Error e = run(piece)) return e;
  if (last) {
    if (Error e = run(std::string_view(kTail, 4))) return e;
    if (s_->reset_each) inflateReset(&z);
  }
  return {};
}

}  // namespace wirepad
