// ui: layout.h.
#include "ui/layout.h"

#include <imgui.h>

#include <algorithm>

#include "ui/keys.h"

namespace wirepad::ui {
namespace {

void store(float (&rect)[4], ImVec2 min, ImVec2 max) {
  rect[0] = min.x;
  rect[1] = min.y;
  rect[2] = max.x - min.x;
  rect[3] = max.y - min.y;
}

}  // namespace

void draw_split(SplitLayout& layout, const std::function<void()>& composer, const std::function<void()>& response) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImGuiIO& io = ImGui::GetIO();
  const bool beside = layout.beside;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // The splitter is a strip as thick as the item spacing (easy to grab, 6 px at least); the
  // parts keep room for a few rows (below) or a URL's worth of width (beside).
  const float thickness = std::max(6.0f, beside ? style.ItemSpacing.x : style.ItemSpacing.y);
  const float gap = beside ? style.ItemSpacing.x : style.ItemSpacing.y;
  const float total = beside ? avail.x : avail.y;
  const float usable = std::max(1.0f, total - thickness - 2 * gap);
  const float min_part = std::min(usable / 2, beside ? ImGui::GetFontSize() * 16 : ImGui::GetFrameHeightWithSpacing() * 4);
  float& ratio = beside ? layout.beside_ratio : layout.below_ratio;
  const float first = std::clamp(ratio * usable, min_part, usable - min_part);

  ImGui::BeginChild("composer", beside ? ImVec2(first, 0) : ImVec2(0, first));
  composer();
  ImGui::EndChild();
  store(layout.composer_rect, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());

  if (beside) ImGui::SameLine();
  ImGui::InvisibleButton("##split", beside ? ImVec2(thickness, avail.y) : ImVec2(avail.x, thickness));
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  store(layout.splitter_rect, a, b);
  const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
  layout.dragging = active;
  if (active) {
    // Follow the pointer (not its deltas): the strip's middle stays under it, within limits.
    const float at = (beside ? io.MousePos.x - origin.x : io.MousePos.y - origin.y) - gap - thickness / 2;
    ratio = std::clamp(std::clamp(at, min_part, usable - min_part) / usable, SplitLayout::kMinRatio, SplitLayout::kMaxRatio);
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
    ratio = beside ? SplitLayout::kBesideDefault : SplitLayout::kBelowDefault;
  if (active || hovered) ImGui::SetMouseCursor(beside ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  const ImU32 color = ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : hovered ? ImGuiCol_SeparatorHovered : ImGuiCol_Separator);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  if (beside) draw->AddLine(ImVec2((a.x + b.x) / 2, a.y), ImVec2((a.x + b.x) / 2, b.y), color, active || hovered ? 3.0f : 1.0f);
  else draw->AddLine(ImVec2(a.x, (a.y + b.y) / 2), ImVec2(b.x, (a.y + b.y) / 2), color, active || hovered ? 3.0f : 1.0f);

  if (beside) ImGui::SameLine();
  ImGui::BeginChild("response");
  response();
  ImGui::EndChild();
  store(layout.response_rect, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void read_split_shortcut(SplitLayout& layout) {
  if (ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(keys::kBackslash, false)) layout.beside = !layout.beside;
}

}  // namespace wirepad::ui
