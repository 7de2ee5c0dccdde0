// wirepad core: incremental HTTP/1.1 response parser (RFC 9112). Push style and sans-I/O:
// feed() the bytes in whatever pieces they arrive, finish() at end of stream. "Need more" is a
// status, not an error; errors are sticky until reset().
// Depends on: http_message.h, error.h.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "http_message.h"

namespace wirepad {

enum class ParseStatus {
  need_more,  // everything given was consumed; the message is not complete yet
  done,       // a complete final response; bytes after it were not consumed
  error,      // see error(); nothing more will be consumed
};

struct ParseResult {
  std::size_t consumed = 0;
  ParseStatus status = ParseStatus::need_more;
};

struct ResponseParserOptions {
  bool response_to_head = false;  // a response to HEAD has no body (RFC 9110 §9.3.2)
  std::size_t max_header_bytes = 64 * 1024;  // status line + headers, each message
  std::size_t max_headers = 1000;
  // Interim (1xx) responses before the final one; a server that sends them without end would
  // otherwise keep the exchange alive and growing until a timeout.
  std::size_t max_interim_responses = 100;
  // 4 GiB, or all a 32-bit address space holds (wasm32, where 1 << 32 would wrap to 0).
  std::size_t max_body_bytes = std::size_t(std::min<std::uint64_t>(std::uint64_t(1) << 32, SIZE_MAX));
  // False: a body framed by Content-Length or by the close is counted (body_bytes()) but not
  // copied into response().body, since it is a plain range of the stream the caller fed, from
  // body_offset() on: a caller that keeps the stream (the ExchangeLog) then holds it once.
  // Chunked bodies are always copied (their bytes are not contiguous in the stream).
  bool copy_unframed_body = true;
};

class ResponseParser {
 public:
  explicit ResponseParser(ResponseParserOptions options = {});

  // Consumes as much of `bytes` as belongs to this response. Interim (1xx) responses are
  // recorded in response().interim and parsing continues with the final one.
  ParseResult feed(std::string_view bytes);
  // The peer closed. Completes a read-until-close body; anything else incomplete is an error
  // (closed_early), with what was received kept in response().
  ParseResult finish();
  void reset(ResponseParserOptions options);

  bool headers_complete() const;  // the final response's status line and headers are parsed
  bool done() const;
  const Error& error() const;
  const HttpResponse& response() const;  // valid at any time; partial until done()
  // Leniencies accepted, each a sentence (e.g. "bare LF line ending at byte 17").
  const std::vector<std::string>& warnings() const;
  std::size_t bytes_consumed() const;  // total over all feed() calls
  // Moves the body bytes parsed so far out of response().body, appending them to `out`, so a
  // caller that keeps the body itself does not hold it twice. Limits and messages still count
  // every body byte; body_bytes() is the total, taken or not.
  void take_body(std::string& out);
  std::size_t body_bytes() const;
  // Once headers_complete(): the stream offset of the first body byte, and whether the body
  // is that contiguous range of the stream (Content-Length, read-until-close, or no body)
  // rather than chunks to be joined.
  std::size_t body_offset() const { return body_offset_; }
  bool body_in_stream() const { return headers_complete_ && !chunked_; }

 private:
  // Implementation state (free to change): kept by value so a parser is cheap to move.
  enum class Stage {
    status_line,
    headers,
    body_length,    // Content-Length body
    chunk_size,     // chunk-size [ chunk-ext ] CRLF
    chunk_data,
    chunk_data_cr,  // the CRLF after chunk-data
    chunk_data_lf,
    trailers,
    until_close,    // no framing: the body ends when the connection does
    done,
    error,
  };
  ParseResult fail(ErrorCode code, std::string message, std::size_t offset, std::size_t consumed);
  void warn(std::string message);
  // One complete line (without its line ending); `start` is its stream offset.
  void on_line(std::string_view line, std::size_t start);
  void on_status_line(std::string_view line, std::size_t start);
  void on_field_line(std::string_view line, std::size_t start, FieldList& fields);
  // Parses whole, well-formed field lines straight from `bytes` from `i` on (the common case,
  // no copy into line_); returns where it stopped: at the first line it leaves to the general
  // path (the blank line, folding, a partial line, anything to warn or fail about).
  std::size_t parse_plain_field_lines(std::string_view bytes, std::size_t i, std::size_t base);
  void add_field(std::string_view name, std::string_view value, std::size_t start, FieldList& fields);
  // Before a field joins `fields`: when it is a head field, the previous one is complete.
  void begin_field(std::string_view name, std::size_t start, const FieldList& fields);
  // Content-Length and Transfer-Encoding are read as each head field is complete (a folded
  // line may still extend the last one), so the framing needs no second pass over the head.
  void finish_last_field();
  void on_head_complete(std::size_t end);
  void choose_body_framing(std::size_t end);
  void on_chunk_size_line(std::string_view line, std::size_t start);
  bool append_body(std::string_view bytes, std::size_t offset);
  bool is_line_stage() const;

  ResponseParserOptions options_;
  std::vector<std::string> warnings_;
  HttpResponse response_;
  Error error_;
  std::string line_;  // partial line carried between feed() calls
  Stage stage_ = Stage::status_line;
  std::size_t header_bytes_ = 0;    // bytes of the current head (or trailer section) so far
  std::size_t body_remaining_ = 0;  // of the Content-Length body or the current chunk
  std::size_t consumed_total_ = 0;
  std::size_t body_taken_ = 0;  // body bytes moved out by take_body()
  std::size_t body_uncopied_ = 0;  // body bytes counted, not copied (copy_unframed_body false)
  std::size_t body_offset_ = 0;    // stream offset of the first body byte
  bool chunked_ = false;
  // What the head's fields say about framing (RFC 9112 §6.3), gathered by finish_last_field().
  struct FramingFields {
    bool transfer_encoding = false;
    std::string last_transfer_coding;
    std::string other_codings;  // codings other than chunked, which are not decoded
    bool content_length = false;  // a Content-Length field, valid or not
    bool length_known = false;    // every value so far is this length
    std::uint64_t length = 0;
    bool length_failed = false;  // the first bad Content-Length, reported unless TE overrides
    ErrorCode length_error_code = ErrorCode::malformed_response;
    std::string length_error;
    std::size_t length_error_at = 0;
  };
  FramingFields framing_;
  std::size_t last_field_start_ = 0;  // stream offset of the last head field line
  bool last_field_framing_ = false;   // it is Content-Length or Transfer-Encoding
  bool headers_complete_ = false;
};

}  // namespace wirepad
