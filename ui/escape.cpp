// ui: escape.h.
#include "ui/escape.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace wirepad::ui {

void begin_escape(AppState& state) {
  state.escape_unclaimed = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false);
  if (!state.escape_unclaimed) return;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (g.OpenPopupStack.Size == 0) return;
  // A modal dialog closes itself (escape_closes_this): its own state says it is open.
  const ImGuiPopupData& top = g.OpenPopupStack.back();
  if (top.Window && (top.Window->Flags & ImGuiWindowFlags_Modal)) return;
  ImGui::ClosePopupToLevel(g.OpenPopupStack.Size - 1, /*restore_focus_to_window_under_popup=*/true);
  state.escape_unclaimed = false;
}

bool escape_closes_this(AppState& state) {
  if (!state.escape_unclaimed || !ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) return false;
  state.escape_unclaimed = false;
  return true;
}

bool escape_unclaimed(AppState& state) {
  const bool left = state.escape_unclaimed;
  state.escape_unclaimed = false;
  return left;
}

}  // namespace wirepad::ui
