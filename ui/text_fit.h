// ui: one line of text that fits the space it has: cut with an ellipsis ("GET http://exa...")
// instead of being clipped mid-letter at the edge of a window, with the whole text in a
// tooltip. For labels whose length the UI does not choose: paths, URLs, names, messages.
// Depends on: Dear ImGui (in the .cpp).
#pragma once
#include <string>
#include <string_view>

struct ImVec4;

namespace wirepad::ui {

// Draws `text` on the current line within `width` pixels (0: up to the right edge of the
// window's content region). Returns true when it had to be cut (the tooltip then shows it all).
// `color`: the text colour (nullptr: the style's text colour).
bool text_fit(std::string_view text, float width = 0, const ImVec4* color = nullptr);
// The same in the style's disabled (dimmed) colour.
bool text_fit_disabled(std::string_view text, float width = 0);
// `text` cut to fit `width` pixels in the current font, ending in "..." when cut: for labels
// ImGui draws itself (tree nodes, selectables), which then need their own tooltip.
std::string fit_label(std::string_view text, float width);

}  // namespace wirepad::ui
