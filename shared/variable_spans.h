// wirepad core: a text cut into plain runs and {{variable}} references, for drawing the
// references in colour (the composer's URL bar) and for finding the one under the mouse. The
// rules are environment.cpp's (substitute, referenced_variables): "{{", optional spaces, a
// name of letters, digits, '_', '-', '.', optional spaces, "}}"; anything else is plain text.
// Depends on: nothing but the standard library. No OS calls.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace wirepad {

struct TextSpan {
  std::size_t begin = 0;  // byte offsets into the text: [begin, end)
  std::size_t end = 0;
  bool variable = false;
  std::string_view name;  // the variable's name (spaces trimmed), into the text; "" for plain runs
  bool operator==(const TextSpan&) const = default;
};

// The spans cover the text with no gap, in order; plain runs are never empty and never
// adjacent to each other. Span edges are at ASCII braces, so never inside a UTF-8 sequence.
std::vector<TextSpan> split_variable_spans(std::string_view text);

// The span holding byte `offset`, or nullptr (offset past the end).
const TextSpan* span_at(const std::vector<TextSpan>& spans, std::size_t offset);

}  // namespace wirepad
