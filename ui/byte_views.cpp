// ui: byte_views.h.
#include "ui/byte_views.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "ui/byte_format.h"

namespace wirepad::ui {
namespace {

// Shown lines are cut here: ImGui lays out every character it is given, and a one-line
// minified JSON of megabytes would cost a frame its budget. The cut says how much is hidden.
constexpr std::size_t kMaxShownLineBytes = 2048;

}  // namespace

void draw_lines_view(const char* id, std::string_view bytes, const LineIndex& index, bool escaped,
                     std::size_t scroll_to_line, std::size_t highlight_line) {
  ImGui::BeginChild(id, ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  const float row = ImGui::GetTextLineHeightWithSpacing();
  if (scroll_to_line != std::string_view::npos)
    ImGui::SetScrollY(std::max(0.0f, float(scroll_to_line) * row - ImGui::GetWindowHeight() * 0.4f));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(index.line_count()));
  std::string shown;
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      std::string_view line = index.line(bytes, static_cast<std::size_t>(i));
      if (escaped) {
        shown = escape_bytes(line, kMaxShownLineBytes);
      } else {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        shown.assign(line.substr(0, kMaxShownLineBytes));
        if (line.size() > kMaxShownLineBytes)
          shown += " ... (" + counted(line.size() - kMaxShownLineBytes, "more byte", "more bytes") + " on this line)";
      }
      if (static_cast<std::size_t>(i) == highlight_line) {
        ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + ImGui::GetWindowWidth() + ImGui::GetScrollX(), at.y + row),
                                                  IM_COL32(90, 80, 20, 255));
      }
      ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    }
  }
  clipper.End();
  ImGui::EndChild();
}

void draw_hex_view(const char* id, std::string_view bytes) {
  ImGui::BeginChild(id, ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>((bytes.size() + 15) / 16));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      std::size_t offset = static_cast<std::size_t>(row) * 16;
      std::string text = hex_dump_row(bytes.substr(offset, 16), offset);
      ImGui::TextUnformatted(text.data(), text.data() + text.size());
    }
  }
  clipper.End();
  ImGui::EndChild();
}

}  // namespace wirepad::ui
