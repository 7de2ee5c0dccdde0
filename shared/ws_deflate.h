// wirepad core: permessage-deflate (RFC 7692): the offer a client makes, the server's answer
// checked against it, and the compressor and decompressor over zlib's raw deflate. A message
// is compressed with a sync flush and sent without its trailing 00 00 FF FF (§7.2.1); the
// receiver puts those four bytes back before inflating (§7.2.2). With context takeover (the
// default) both sides keep their LZ77 window from one message to the next, so repeated text
// compresses better with each message; "no_context_takeover" resets it after every message.
// Depends on: error.h, zlib (in the .cpp only).
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "error.h"

namespace wirepad {

// What the client offers (one offer, §5). Window bits 0 = parameter not sent.
struct WsDeflateOffer {
  bool client_no_context_takeover = false;
  bool server_no_context_takeover = false;
  // Sent without a value ("client_max_window_bits"): the server may then limit our window.
  bool client_max_window_bits_hint = true;
  int client_max_window_bits = 0;  // 9-15 to ask for a value (8 is refused: zlib cannot deflate raw with 256 bytes)
  int server_max_window_bits = 0;  // 8-15
};
// "permessage-deflate; client_max_window_bits" etc.
std::string to_header_value(const WsDeflateOffer& offer);

// What both sides use, after the server's answer.
struct WsDeflateAgreement {
  bool client_no_context_takeover = false;  // we reset our compressor after each message
  bool server_no_context_takeover = false;  // the server resets: we may reset our inflater too
  int client_max_window_bits = 15;  // our compressor's window
  int server_max_window_bits = 15;  // the server's
  bool operator==(const WsDeflateAgreement&) const = default;
};
// Reads the parameters of one "permessage-deflate" element of Sec-WebSocket-Extensions (the
// text after its name, e.g. "; server_no_context_takeover; client_max_window_bits=12") and
// checks them against the offer (§7.1). Errors name the parameter and the rule.
Result<WsDeflateAgreement> accept_deflate_response(std::string_view parameters, const WsDeflateOffer& offer);

// Compresses one message at a time.
class WsDeflater {
 public:
  WsDeflater();
  ~WsDeflater();
  WsDeflater(WsDeflater&&) noexcept;
  WsDeflater& operator=(WsDeflater&&) noexcept;
  Error init(int window_bits, bool no_context_takeover);
  // The message's compressed payload, without the trailing 00 00 FF FF.
  Result<std::string> compress(std::string_view message);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Decompresses one message at a time.
class WsInflater {
 public:
  WsInflater();
  ~WsInflater();
  WsInflater(WsInflater&&) noexcept;
  WsInflater& operator=(WsInflater&&) noexcept;
  Error init(int window_bits, bool no_context_takeover);
  // Inflates the next piece of a message's compressed payload, appending to `out` (`last`:
  // the message's final frame, so the 00 00 FF FF goes in). Errors: response_too_large when
  // `out` would pass `limit` (the check happens while inflating, so a small bomb cannot
  // allocate its gigabytes), malformed_response for data zlib refuses, with zlib's reason.
  Error inflate(std::string_view piece, bool last, std::string& out, std::size_t limit);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace wirepad
