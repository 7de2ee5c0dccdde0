// ui: LineIndex.
#include "ui/line_index.h"

#include <algorithm>
#include <cstring>

namespace wirepad::ui {

void LineIndex::update(std::string_view text, unsigned long generation) {
  if (generation != generation_ || text.size() < size_ || checkpoints_.empty()) {
    checkpoints_.assign(1, Checkpoint{0, 0});
    starts_ = 1;
    last_start_ = 0;
    size_ = 0;
    longest_complete_ = 0;
    generation_ = generation;
  }
  // memchr finds line ends at memory speed, and only the new bytes are scanned.
  const char* base = text.data();
  std::size_t pos = size_;
  while (pos < text.size()) {
    const void* nl = std::memchr(base + pos, '\n', text.size() - pos);
    if (!nl) break;
    std::size_t next = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
    longest_complete_ = std::max(longest_complete_, next - last_start_);
    const Checkpoint& last = checkpoints_.back();
    if (starts_ - last.line >= kLinesPerCheckpoint || next - last.offset >= kBytesPerCheckpoint)
      checkpoints_.push_back(Checkpoint{starts_, next});
    ++starts_;
    last_start_ = next;
    pos = next;
  }
  size_ = text.size();
}

std::size_t LineIndex::line_count() const {
  if (starts_ == 0) return 0;
  return last_start_ == size_ ? starts_ - 1 : starts_;
}

std::size_t LineIndex::line_of(std::string_view text, std::size_t offset) const {
  if (checkpoints_.empty()) return 0;
  auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                                [](std::size_t o, const Checkpoint& c) { return o < c.offset; });
  const Checkpoint& from = *(after - 1);
  // A newline before `offset` starts a line at or before it. Past the invariant's bound the
  // next line start would be a checkpoint after `offset`: no newline there counts.
  std::size_t end = std::min({offset, text.size(), from.offset + kBytesPerCheckpoint});
  if (end <= from.offset) return from.line;
  return from.line + static_cast<std::size_t>(std::count(text.data() + from.offset, text.data() + end, '\n'));
}

std::size_t LineIndex::longest_line() const {
  return starts_ == 0 ? 0 : std::max(longest_complete_, size_ - last_start_);
}

std::string_view LineIndex::line(std::string_view text, std::size_t i) const {
  if (i >= line_count()) return {};
  auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), i,
                                [](std::size_t line, const Checkpoint& c) { return line < c.line; });
  const Checkpoint& from = *(after - 1);
  const bool has_next = after != checkpoints_.end();
  // Every line start between `from` and the next checkpoint, and the newline before it, lies
  // before `scan_end` (the invariant in line_index.h).
  const std::size_t limit = std::min(has_next ? after->offset : size_, text.size());
  const std::size_t scan_end = std::min(limit, from.offset + kBytesPerCheckpoint);
  const char* base = text.data();
  std::size_t begin = from.offset;
  for (std::size_t n = from.line; n < i; ++n) {
    const void* nl = begin < scan_end ? std::memchr(base + begin, '\n', scan_end - begin) : nullptr;
    if (!nl) return {};  // not the text that was indexed
    begin = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
  }
  std::size_t end = limit;  // the next checkpoint, or the end of the text
  if (!(has_next && after->line == i + 1)) {
    const void* nl = begin < scan_end ? std::memchr(base + begin, '\n', scan_end - begin) : nullptr;
    if (nl) end = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
  }
  if (begin >= end) return {};
  return text.substr(begin, end - begin);
}

}  // namespace wirepad::ui
