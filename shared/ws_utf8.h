// wirepad core: an incremental UTF-8 validator for WebSocket text (RFC 6455 §8.1: a text
// message, and a close reason, must be valid UTF-8 as a whole; a message may be cut into
// frames, and a frame into reads, at any byte, including inside a character). RFC 3629's
// table: no overlong forms, no surrogates (U+D800..DFFF), nothing above U+10FFFF.
// Depends on: the C++ standard library only.
#pragma once
#include <cstddef>
#include <string_view>

namespace wirepad {

class Utf8Validator {
 public:
  static constexpr std::size_t npos = std::string_view::npos;
  // Checks the next piece. Returns the index in `bytes` of the first byte that cannot be part
  // of valid UTF-8 (sticky: every later call returns 0), or npos when all is well so far.
  std::size_t feed(std::string_view bytes);
  // True when no character is left half-finished: the text may end here.
  bool complete() const { return need_ == 0 && !failed_; }
  bool failed() const { return failed_; }
  void reset() { *this = Utf8Validator(); }

 private:
  int need_ = 0;                       // continuation bytes still to come
  unsigned char lo_ = 0x80, hi_ = 0xBF;  // the range the next continuation byte must fall in
  bool failed_ = false;
};

// The whole text at once: npos when valid, else the offset of the first bad byte (or of the
// end, when a character is cut short).
std::size_t find_invalid_utf8(std::string_view bytes);

}  // namespace wirepad
