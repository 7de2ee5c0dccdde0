// ui: find in a response body of any size. Pure functions over the text, so Ctrl+F is
// tested without a window.
// Depends on: the C++ standard library only.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace wirepad::ui {

// Byte offsets of the matches of `needle` in `text`, at most `limit` of them (a search over a
// huge body stops counting there and says "10000+"). ASCII case-insensitive unless
// `match_case`. An empty needle matches nothing.
std::vector<std::size_t> find_all(std::string_view text, std::string_view needle, bool match_case,
                                  std::size_t limit = 10000);

}  // namespace wirepad::ui
