// ui: text_fit.h. ImGui's own RenderTextEllipsis (what tab labels use) does the cutting: it
// clips the glyphs on the CPU, so no letter is drawn half outside the space.
#include "ui/text_fit.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <string>

namespace wirepad::ui {

bool text_fit(std::string_view text, float width, const ImVec4* color) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  const ImVec2 size = ImGui::CalcTextSize(begin, end, false);
  const float avail = width > 0 ? width : std::max(1.0f, ImGui::GetContentRegionAvail().x);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float height = ImGui::GetTextLineHeight();
  const bool cut = size.x > avail;
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  const ImVec2 max(pos.x + avail, pos.y + height);
  // The ellipsis of a font without U+2026 is three '.' drawn unclipped, measured without the
  // dot's left bearing: a couple of pixels short of the edge keeps them inside it.
  const float dots_end = cut ? max.x - 2 : max.x;
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, ImVec2(dots_end, max.y), max.x, dots_end, begin, end, &size);
  if (color) ImGui::PopStyleColor();
  // An item the size of what was drawn: the layout advances and hovering it can be asked.
  ImGui::Dummy(ImVec2(std::min(size.x, avail), height));
  if (cut && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(text).c_str());
  return cut;
}

bool text_fit_disabled(std::string_view text, float width) {
  const ImVec4 dim = ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
  return text_fit(text, width, &dim);
}

std::string fit_label(std::string_view text, float width) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (ImGui::CalcTextSize(begin, end).x <= width) return std::string(text);
  const float room = std::max(0.0f, width - ImGui::CalcTextSize("...").x);
  const char* cut = begin;
  ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), room, 0.0f, begin, end, &cut);
  return std::string(begin, cut) + "...";
}

}  // namespace wirepad::ui
