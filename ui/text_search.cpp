// ui: text_search.h.
#include "ui/text_search.h"

#include <algorithm>
#include <cstring>

namespace wirepad::ui {
namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::size_t> find_all(std::string_view text, std::string_view needle, bool match_case,
                                  std::size_t limit) {
  std::vector<std::size_t> found;
  if (needle.empty() || needle.size() > text.size()) return found;
  if (match_case) {
    // string_view::find is memchr + compare in both standard libraries.
    for (std::size_t at = text.find(needle); at != std::string_view::npos && found.size() < limit;
         at = text.find(needle, at + 1))
      found.push_back(at);
    return found;
  }
  // Case-insensitive: memchr for the first letter in each case, each scan remembered until
  // passed, so a rare letter case is not rescanned for every hit of the common one.
  const char lower = fold(needle[0]);
  const char upper = lower >= 'a' && lower <= 'z' ? char(lower - 'a' + 'A') : lower;
  const std::size_t last = text.size() - needle.size();
  const std::size_t none = std::string_view::npos;
  auto next_of = [&](char c, std::size_t from) -> std::size_t {
    if (from > last) return none;
    const void* hit = std::memchr(text.data() + from, c, last - from + 1);
    return hit ? static_cast<std::size_t>(static_cast<const char*>(hit) - text.data()) : none;
  };
  std::size_t next_lower = next_of(lower, 0);
  std::size_t next_upper = lower == upper ? none : next_of(upper, 0);
  while (found.size() < limit) {
    std::size_t at = std::min(next_lower, next_upper);
    if (at == none) break;
    bool equal = true;
    for (std::size_t i = 1; i < needle.size() && equal; ++i) equal = fold(text[at + i]) == fold(needle[i]);
    if (equal) found.push_back(at);
    if (at == next_lower) next_lower = next_of(lower, at + 1);
    if (at == next_upper) next_upper = next_of(upper, at + 1);
  }
  return found;
}

}  // namespace wirepad::ui
