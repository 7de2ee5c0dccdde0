// Fuzz target: ResponseParser (status line, fields, Content-Length, the chunked decoder,
// trailers, interim responses). The last byte also picks the options and where to split the
// input (so the response vectors in tests/data/responses are seeds as they are); the property checked is the one the parser promises: the same bytes give the same
// result however they are split (whole, at one index, one byte at a time), and every error
// has a message and an offset inside what was fed; with copy_unframed_body off, the body is
// the range of the input the parser names.
// Built with libFuzzer (scripts/fuzz.sh) and, without clang, replayed over the corpus by
// replay_main.cpp as a ctest test.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shared/response_parser.h"

using namespace wirepad;

namespace {

struct Outcome {
  ParseStatus status = ParseStatus::need_more;
  std::size_t consumed = 0;
  Error error;
  HttpResponse response;
  std::vector<std::string> warnings;
  bool body_in_stream = false;
  std::size_t body_offset = 0, body_bytes = 0;
};

Outcome parse(std::string_view data, std::size_t piece, const ResponseParserOptions& options) {
  ResponseParser parser(options);
  Outcome out;
  std::size_t at = 0;
  while (out.status == ParseStatus::need_more && at < data.size()) {
    std::string_view part = data.substr(at, piece);
    // Each piece in its own exact-size heap buffer, so the sanitizer sees any overread.
    std::string copy(part);
    ParseResult r = parser.feed(copy);
    if (r.consumed > part.size()) std::abort();
    if (r.status == ParseStatus::need_more && r.consumed != part.size()) std::abort();
    out.consumed += r.consumed;
    out.status = r.status;
    at += part.size();
  }
  if (out.status == ParseStatus::need_more) out.status = parser.finish().status;
  if (parser.bytes_consumed() > data.size()) std::abort();
  out.error = parser.error();
  out.response = parser.response();
  out.warnings = parser.warnings();
  out.body_in_stream = parser.body_in_stream();
  out.body_offset = parser.body_offset();
  out.body_bytes = parser.body_bytes();
  return out;
}

void require_same(const Outcome& a, const Outcome& b) {
  if (a.status != b.status || a.error.code != b.error.code || a.error.offset != b.error.offset ||
      a.error.message != b.error.message || a.response.status != b.response.status ||
      a.response.headers != b.response.headers || a.response.body != b.response.body ||
      a.response.trailers != b.response.trailers || a.response.interim.size() != b.response.interim.size() ||
      a.warnings != b.warnings) {
    std::abort();
  }
  if (a.status == ParseStatus::done && a.consumed != b.consumed) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[size - 1];
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ResponseParserOptions options;
  options.response_to_head = mode & 1;
  if (mode & 2) {  // small limits, so the limit paths are reached too
    options.max_header_bytes = 200;
    options.max_headers = 4;
    options.max_body_bytes = 64;
    options.max_interim_responses = 2;
  }
  std::size_t split = 1 + (mode >> 2);  // 1..64

  Outcome whole = parse(input, input.size() + 1, options);
  if (whole.status == ParseStatus::error) {
    if (!whole.error || whole.error.message.empty()) std::abort();
    if (whole.error.offset < 0 || std::size_t(whole.error.offset) > input.size()) std::abort();
  } else if (whole.status != ParseStatus::done) {
    std::abort();  // after finish() a parse is done or failed
  }
  if (whole.response.body.size() > options.max_body_bytes) std::abort();
  require_same(whole, parse(input, split, options));
  if (input.size() <= 4096) require_same(whole, parse(input, 1, options));

  // Counted instead of copied (what the exchange does): the body is then exactly the range
  // of the input the parser points at, and nothing else changes.
  ResponseParserOptions counted = options;
  counted.copy_unframed_body = false;
  Outcome range = parse(input, split, counted);
  if (range.body_bytes != whole.response.body.size()) std::abort();
  if (range.body_in_stream) {
    if (!range.response.body.empty() || range.body_offset > input.size()) std::abort();
    if (input.substr(range.body_offset, range.body_bytes) != whole.response.body) std::abort();
  } else if (range.response.body != whole.response.body) {
    std::abort();
  }
  range.response.body = whole.response.body;
  require_same(whole, range);
  return 0;
}
