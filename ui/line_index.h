// ui: where each line of a growing text starts, so a view can draw only the visible lines of
// a body of any size. Incremental: a body that grew is indexed from where the last call
// stopped, so a response arriving in pieces costs O(new bytes) per frame, not O(body).
// Depends on: the C++ standard library only.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace wirepad::ui {

class LineIndex {
 public:
  // Brings the index up to date with `text`, which must be the same text as before, possibly
  // longer; `generation` names the text (a new exchange resets the index).
  void update(std::string_view text, unsigned long generation);
  std::size_t line_count() const;
  // The line holding byte `offset` (binary search: a find result in a huge body).
  std::size_t line_of(std::size_t offset) const;
  // Line `i` including its line ending ("\r\n" or "\n"), a view into `text`.
  std::string_view line(std::string_view text, std::size_t i) const;
  // Longest line seen, in bytes (for horizontal scrolling).
  std::size_t longest_line() const;

 private:
  // The start of line 0 and the position after every '\n' seen; the last one may equal
  // size_ (text ending in a newline), which is a line only once more bytes arrive.
  std::vector<std::size_t> starts_;
  std::size_t size_ = 0;
  std::size_t longest_complete_ = 0;
  unsigned long generation_ = ~0ul;
};

}  // namespace wirepad::ui
