// wirepad core: variable_spans.h.
#include "variable_spans.h"

namespace wirepad {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// A reference starting at `at` ("{{"): one past its "}}" and its name, or 0 when the text
// there is not one (the same test as environment.cpp's reference_at).
std::size_t reference_end(std::string_view text, std::size_t at, std::string_view& name) {
  std::size_t i = at + 2;
  while (i < text.size() && text[i] == ' ') ++i;
  const std::size_t start = i;
  while (i < text.size() && is_name_char(text[i])) ++i;
  const std::size_t stop = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (stop == start || text.substr(i, 2) != "}}") return 0;
  name = text.substr(start, stop - start);
  return i + 2;
}

}  // namespace

std::vector<TextSpan> split_variable_spans(std::string_view text) {
  std::vector<TextSpan> spans;
  std::size_t plain = 0;  // where the current plain run began
  // Every "{{" is a candidate, overlapping ones too: "{{{x}}}" is "{", {{x}}, "}" (as
  // substitute() reads it).
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 1)) {
    if (at < plain) continue;
    std::string_view name;
    const std::size_t end = reference_end(text, at, name);
    if (end == 0) continue;
    if (at > plain) spans.push_back({plain, at, false, {}});
    spans.push_back({at, end, true, name});
    plain = end;
  }
  if (plain < text.size()) spans.push_back({plain, text.size(), false, {}});
  return spans;
}

const TextSpan* span_at(const std::vector<TextSpan>& spans, std::size_t offset) {
  for (const TextSpan& span : spans)
    if (offset >= span.begin && offset < span.end) return &span;
  return nullptr;
}

}  // namespace wirepad
