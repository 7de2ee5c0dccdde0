// wirepad core: WebSocket frames to send (RFC 6455 §5.3, §5.4; RFC 7692 §6.1): data messages
// (optionally compressed, optionally cut into fragments), control frames and the close
// payload. A client masks every frame with a fresh key from the injected random source.
// Each frame written is also returned as a WsFrame record (fields and wire bytes) for the log.
// Depends on: ws_frame.h, ws_deflate.h, ws_handshake.h (WsRandom).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ws_deflate.h"
#include "ws_frame.h"
#include "ws_handshake.h"

namespace wirepad {

// code (big-endian) + reason; code 0 = an empty payload (no status).
std::string close_payload(std::uint16_t code, std::string_view reason);

class WsWriter {
 public:
  struct Options {
    bool mask = true;                       // a client masks (§5.3); a test server does not
    std::size_t max_raw_bytes = 64u << 10;  // per frame kept in the record's raw
  };
  WsWriter(WsRandom random, Options options);
  explicit WsWriter(WsRandom random) : WsWriter(std::move(random), Options{}) {}
  // Our side of the agreement: the client's window and context takeover (or the server's).
  Error enable_deflate(const WsDeflateAgreement& agreement, bool server_side = false);
  bool deflate_enabled() const { return deflate_; }

  // A text or binary message: compressed when deflate is enabled and `compress` is true, cut
  // into frames of at most `fragment` payload bytes (0 = one frame). Returns the wire bytes
  // and appends one record per frame to `records` (may be null).
  Result<std::string> message(WsOpcode opcode, std::string_view data, bool compress, std::size_t fragment,
                              std::vector<WsFrame>* records);
  // A ping, pong or close frame. Errors: invalid_request when the payload is over 125 bytes.
  Result<std::string> control(WsOpcode opcode, std::string_view payload, std::vector<WsFrame>* records);
  std::uint64_t bytes_written() const { return written_; }
  std::uint64_t frames_written() const { return frames_; }
  std::uint64_t payload_bytes_written() const { return payload_written_; }  // as on the wire (compressed)

 private:
  std::string frame(const WsFrameSpec& spec, std::string_view payload, std::vector<WsFrame>* records);

  // Four fresh key bytes from the pool, refilled 64 keys at a time: one call to the random
  // source per frame cost a system call each (OpenSSL's fork check), a fifth of a 100-byte
  // round trip's system calls. Still unpredictable to the peer (§5.3): the bytes come from the
  // same generator, only drawn in larger pieces.
  std::array<std::uint8_t, 4> next_mask_key();

  WsRandom random_;
  std::string key_pool_;
  std::size_t key_pool_at_ = 0;
  Options options_;
  WsDeflater deflater_;
  bool deflate_ = false;
  std::uint64_t written_ = 0;
  std::uint64_t frames_ = 0;
  std::uint64_t payload_written_ = 0;
};

}  // namespace wirepad
