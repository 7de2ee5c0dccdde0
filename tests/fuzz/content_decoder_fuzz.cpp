// Fuzz target: ContentDecoder (gzip, deflate zlib/raw, br, zstd, stacked). The first byte
// picks the codings (bits 0-1, and bit 7 for the zstd stacks), a small output limit (bit 2)
// and where to split the rest (bits 3-7); the rest is the encoded body. Properties: the same bytes give the same result
// however they are split (whole, in pieces, one byte at a time); the output never passes the
// limit; every error has a message and an offset.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shared/content_decoding.h"

using namespace wirepad;

namespace {

struct Outcome {
  DecodeStatus status = DecodeStatus::ok;
  std::string out;
  Error error;
  std::vector<std::string> warnings;
};

Outcome decode(const std::vector<ContentCoding>& codings, std::string_view data, std::size_t piece,
               const ContentDecoderOptions& options) {
  ContentDecoder decoder(codings, options);
  Outcome o;
  for (std::size_t at = 0; at < data.size() && o.status != DecodeStatus::error; at += piece) {
    std::string copy(data.substr(at, piece));  // exact-size heap buffer: overreads are caught
    o.status = decoder.feed(copy, o.out);
  }
  if (o.status != DecodeStatus::error) o.status = decoder.finish(o.out);
  if (o.status == DecodeStatus::ok) std::abort();  // finish() ends in done or error
  o.error = decoder.error();
  o.warnings = decoder.warnings();
  if (decoder.bytes_out() != o.out.size() && o.status != DecodeStatus::error) std::abort();
  return o;
}

// Stacked codings: which stage fails first can depend on the split (an inner stage sees a
// piece's output before the outer stage has read the rest), so only a success must agree.
// On an error, how much was decoded before it depends on the pieces (brotli keeps decoded
// bytes in its ring buffer until it flushes), so then the shorter output must be a prefix of
// the longer one.
// For the same reason a br stream that is corrupt after more than the output limit reports the
// limit when a split made brotli flush before the corruption, and the corruption when it came
// whole (found by this target): either error is right, so then only the output is compared.
// zstd also keeps a block's output until it is flushed, so it is treated the same way.
void require_same(const Outcome& a, const Outcome& b, bool stacked, bool br) {
  if (a.status != b.status) std::abort();
  if (stacked && a.status == DecodeStatus::error) return;
  const bool limit_or_corrupt = br && a.status == DecodeStatus::error &&
                                (a.error.code == ErrorCode::response_too_large || b.error.code == ErrorCode::response_too_large);
  if (a.warnings != b.warnings || (a.error.code != b.error.code && !limit_or_corrupt)) std::abort();
  if (a.status == DecodeStatus::error) {
    std::size_t n = std::min(a.out.size(), b.out.size());
    if (a.out.compare(0, n, b.out, 0, n) != 0) std::abort();
  } else if (a.out != b.out) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  static const std::vector<ContentCoding> stacks[8] = {
      {ContentCoding::gzip}, {ContentCoding::deflate}, {ContentCoding::br}, {ContentCoding::gzip, ContentCoding::br},
      {ContentCoding::zstd}, {ContentCoding::deflate, ContentCoding::zstd}, {ContentCoding::zstd, ContentCoding::br},
      {ContentCoding::gzip, ContentCoding::zstd}};
  const std::vector<ContentCoding>& codings = stacks[(mode & 3) | ((mode >> 7) << 2)];
  ContentDecoderOptions options;
  options.max_output_bytes = (mode & 4) ? 4096 : 16 * 1024 * 1024;
  std::size_t split = 1 + (mode >> 3);  // 1..32

  Outcome whole = decode(codings, input, input.size() + 1, options);
  if (whole.out.size() > options.max_output_bytes) std::abort();
  if (whole.status == DecodeStatus::error) {
    if (!whole.error || whole.error.message.empty() || whole.error.offset < 0) std::abort();
  }
  // Where a stream breaks, zlib reports the error at a position that depends on how much input
  // it had, so pieces must agree on the outcome and the output, not on the exact offset.
  const bool stacked = codings.size() > 1;
  const bool br = codings.back() == ContentCoding::br || codings.back() == ContentCoding::zstd;
  require_same(whole, decode(codings, input, split, options), stacked, br);
  if (input.size() <= 2048) require_same(whole, decode(codings, input, 1, options), stacked, br);
  return 0;
}
