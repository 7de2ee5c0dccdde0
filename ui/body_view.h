// ui: the response body tab: a JSON tree (with a filter) when the body is JSON, text lines
// otherwise, and find (Ctrl+F) over the text of a body of any size.
// Depends on: ui/line_index.h, ui/json_tree.h, shared/exchange.h; Dear ImGui in the .cpp.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "shared/exchange.h"
#include "ui/json_tree.h"
#include "ui/line_index.h"

namespace wirepad::ui {

struct BodyViewState {
  enum class Mode { tree, text };
  Mode mode = Mode::tree;  // tree when the body is JSON; the user can switch to text
  bool show_encoded = false;  // the body as received rather than with its Content-Encoding undone
  LineIndex lines;

  // The JSON tree, parsed once per exchange when the body is complete (and small enough to
  // parse within a frame's budget).
  unsigned long parsed_generation = ~0ul;
  std::shared_ptr<const JsonDocument> json;
  std::string json_note;  // why there is no tree ("not JSON: ...", "too large ...")
  std::string tree_filter;

  // Find.
  std::string find;
  bool match_case = false;
  bool focus_find = false;
  std::vector<std::size_t> matches;  // byte offsets in the body
  std::size_t current_match = 0;
  std::string searched_for;  // the needle `matches` belongs to
  std::size_t searched_size = 0;
  unsigned long searched_generation = ~0ul;
  bool scroll_to_match = false;
};

void draw_body_view(BodyViewState& view, const ExchangeLog& log, unsigned long generation);
// The bytes the view shows: decoded, or as received when there is no coding, it failed, or the
// user asked for the encoded bytes.
std::string_view shown_body(const BodyViewState& view, const ExchangeLog& log);

}  // namespace wirepad::ui
