// ui: where each line of a growing text starts, so a view can draw only the visible lines of
// a body of any size. Incremental: a body that grew is indexed from where the last call
// stopped, so a response arriving in pieces costs O(new bytes) per frame, not O(body).
// Sparse: it keeps a checkpoint (line number, offset) every kLinesPerCheckpoint lines, or
// sooner when kBytesPerCheckpoint bytes have passed, and finds the lines in between with
// memchr from the checkpoint before them. A start per line was 8 bytes a line: 26 MiB for
// 200 MiB of 64-byte lines; 12,800 checkpoints of 16 bytes are 0.2 MiB (docs/benchmarks.md),
// and any line is found by scanning at most kLinesPerCheckpoint lines or kBytesPerCheckpoint
// bytes.
// Depends on: the C++ standard library only.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace wirepad::ui {

class LineIndex {
 public:
  // Brings the index up to date with `text`, which must be the same text as before, possibly
  // longer; `generation` names the text (a new exchange resets the index). Every `text` given
  // to the calls below must be this same text (or a longer one not yet given to update).
  void update(std::string_view text, unsigned long generation);
  std::size_t line_count() const;
  // The line holding byte `offset` (a find result in a huge body).
  std::size_t line_of(std::string_view text, std::size_t offset) const;
  // Line `i` including its line ending ("\r\n" or "\n"), a view into `text`.
  std::string_view line(std::string_view text, std::size_t i) const;
  // Longest line seen, in bytes (for horizontal scrolling).
  std::size_t longest_line() const;

  // Small enough to scan in a few microseconds, large enough to make the index small.
  static constexpr std::size_t kLinesPerCheckpoint = 256;
  static constexpr std::size_t kBytesPerCheckpoint = 16 * 1024;

 private:
  struct Checkpoint {
    std::size_t line;
    std::size_t offset;  // where that line starts
  };
  // Checkpoint 0 is line 0 at offset 0. Invariant: a line start that is not a checkpoint is
  // fewer than kBytesPerCheckpoint bytes and kLinesPerCheckpoint lines after the checkpoint
  // before it, so every scan below is bounded.
  std::vector<Checkpoint> checkpoints_;
  std::size_t starts_ = 0;      // line starts seen: 1 + the newlines in the text
  std::size_t last_start_ = 0;  // offset of the last one; equal to size_ when the text ends
                                // in a newline (a line only once more bytes arrive)
  std::size_t size_ = 0;
  std::size_t longest_complete_ = 0;
  unsigned long generation_ = ~0ul;
};

}  // namespace wirepad::ui
