// wirepad core: undoes HTTP content codings (RFC 9110 §8.4: gzip, x-gzip, deflate, br; zstd,
// RFC 8878 §7.2) for display, incrementally: feed() the encoded body in whatever pieces it
// arrives, finish() at its end. Never blocks, no OS calls; errors are values naming the coding
// and the byte offset where decoding failed. A limit on the decoded size guards against
// decompression bombs.
// Depends on: error.h; zlib, brotli's and zstd's decoders in the .cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad {

enum class ContentCoding { identity, gzip, deflate, br, zstd };
std::string_view to_string(ContentCoding coding);

// The codings a Content-Encoding value lists, in the order the server applied them
// ("gzip, br": gzip first, then br; decoding undoes them in reverse, RFC 9110 §8.4).
// "identity" entries are dropped; "x-gzip" is gzip (RFC 9110 §18.6). An unknown coding is an
// error (invalid_request is not right for a response: malformed_response) naming it.
Result<std::vector<ContentCoding>> parse_content_encoding(std::string_view value);

struct ContentDecoderOptions {
  // Decoded bytes allowed in total (and out of each stacked stage). A gzip "bomb" turns 1 MB
  // into 1 GB; past this the decoder stops with response_too_large.
  std::size_t max_output_bytes = std::size_t(256) * 1024 * 1024;
};

enum class DecodeStatus {
  ok,     // everything given was consumed; more may come
  done,   // every stage reached the end of its stream (finish() returns this on success)
  error,  // see error(); sticky
};

class ContentDecoder {
 public:
  // A decoder for the codings as listed in Content-Encoding (applied order).
  explicit ContentDecoder(std::vector<ContentCoding> codings, ContentDecoderOptions options = {});
  ContentDecoder(ContentDecoder&&) noexcept;
  ContentDecoder& operator=(ContentDecoder&&) noexcept;
  ~ContentDecoder();

  // Decodes `encoded` and appends the result to `out`. Bytes after the end of a stream are
  // ignored and reported in warnings() (a second gzip member is decoded, as gzip(1) does).
  DecodeStatus feed(std::string_view encoded, std::string& out);
  // The encoded body ended: a stream that did not reach its end is an error (truncated).
  DecodeStatus finish(std::string& out);

  const Error& error() const { return error_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  std::uint64_t bytes_in() const { return bytes_in_; }
  std::uint64_t bytes_out() const { return bytes_out_; }
  // "gzip", "gzip, br": the codings in Content-Encoding order, for "decoded from ..." lines.
  std::string label() const;

  struct Stage;  // one coding's decoder (zlib or brotli state); defined in the .cpp

 private:
  DecodeStatus run(std::string_view encoded, bool at_end, std::string& out);

  std::vector<ContentCoding> codings_;
  ContentDecoderOptions options_;
  std::vector<std::unique_ptr<Stage>> stages_;  // in decoding order (last applied first)
  Error error_;
  std::vector<std::string> warnings_;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;
  bool finished_ = false;
};

// Whole-buffer convenience (tests, the CLI): decodes `encoded` under a Content-Encoding value.
Result<std::string> decode_content(std::string_view content_encoding, std::string_view encoded,
                                   ContentDecoderOptions options = {});

}  // namespace wirepad
