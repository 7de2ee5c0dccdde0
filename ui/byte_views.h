// ui: scrolling views over bytes of any size, drawing only the rows on screen
// (ImGuiListClipper): text lines with every byte visible, and a hex dump.
// Depends on: ui/line_index.h, Dear ImGui (in the .cpp).
#pragma once
#include <string_view>

#include "ui/line_index.h"

namespace wirepad::ui {

// Text lines of `bytes`; `escaped` shows CR/LF/control bytes (see escape_bytes), otherwise
// the text is shown as is. `index` must be updated by the caller for these bytes.
// `scroll_to_line` (when not npos) is brought into view this frame; `highlight_line` gets a
// marker (a find result).
void draw_lines_view(const char* id, std::string_view bytes, const LineIndex& index, bool escaped,
                     std::size_t scroll_to_line = std::string_view::npos,
                     std::size_t highlight_line = std::string_view::npos);
void draw_hex_view(const char* id, std::string_view bytes);

}  // namespace wirepad::ui
