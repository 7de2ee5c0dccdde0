// ui: LineIndex.
#include "ui/line_index.h"

#include <algorithm>
#include <cstring>

namespace wirepad::ui {

void LineIndex::update(std::string_view text, unsigned long generation) {
  if (generation != generation_ || text.size() < size_ || starts_.empty()) {
    starts_.assign(1, 0);
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
    longest_complete_ = std::max(longest_complete_, next - starts_.back());
    starts_.push_back(next);
    pos = next;
  }
  size_ = text.size();
}

std::size_t LineIndex::line_count() const {
  if (starts_.empty()) return 0;
  return starts_.back() == size_ ? starts_.size() - 1 : starts_.size();
}

std::size_t LineIndex::line_of(std::size_t offset) const {
  if (starts_.empty()) return 0;
  auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::size_t>(after - starts_.begin()) - 1;
}

std::size_t LineIndex::longest_line() const {
  return starts_.empty() ? 0 : std::max(longest_complete_, size_ - starts_.back());
}

std::string_view LineIndex::line(std::string_view text, std::size_t i) const {
  if (i >= line_count()) return {};
  std::size_t begin = starts_[i];
  std::size_t end = i + 1 < starts_.size() ? starts_[i + 1] : size_;
  end = std::min(end, text.size());
  if (begin >= end) return {};
  return text.substr(begin, end - begin);
}

}  // namespace wirepad::ui
