// wirepad core: ws_utf8.h. The ranges are RFC 3629 §4's UTF8-octets grammar: the byte after
// E0 starts at A0 (no overlong 3-byte forms), after ED ends at 9F (no surrogates), after F0
// starts at 90, after F4 ends at 8F (nothing above U+10FFFF); C0, C1 and F5..FF never appear.
#include "ws_utf8.h"

namespace wirepad {

std::size_t Utf8Validator::feed(std::string_view bytes) {
  if (failed_) return 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = p[i];
    if (need_ == 0) {
      if (c < 0x80) continue;
      lo_ = 0x80;
      hi_ = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need_ = 1;
      } else if (c == 0xE0) {
        need_ = 2;
        lo_ = 0xA0;
      } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
        need_ = 2;
      } else if (c == 0xED) {
        need_ = 2;
        hi_ = 0x9F;
      } else if (c == 0xF0) {
        need_ = 3;
        lo_ = 0x90;
      } else if (c >= 0xF1 && c <= 0xF3) {
        need_ = 3;
      } else if (c == 0xF4) {
        need_ = 3;
        hi_ = 0x8F;
      } else {
        failed_ = true;
        return i;
      }
    } else {
      if (c < lo_ || c > hi_) {
        failed_ = true;
        return i;
      }
      lo_ = 0x80;
      hi_ = 0xBF;
      --need_;
    }
  }
  return npos;
}

std::size_t find_invalid_utf8(std::string_view bytes) {
  Utf8Validator v;
  std::size_t at = v.feed(bytes);
  if (at != Utf8Validator::npos) return at;
  return v.complete() ? Utf8Validator::npos : bytes.size();
}

}  // namespace wirepad
