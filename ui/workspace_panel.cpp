// ui: workspace_panel.h.
#include "ui/workspace_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "ui/tabs.h"
#include "ui/text_fit.h"
#include "ui/text_search.h"

namespace wirepad::ui {
namespace {

// Draws files[begin, end) that share the folder `prefix` ("" or "users/"); returns the index
// of the next file outside it.
// Right-click on a folder or file: run it in the Runner (ui/runner.h).
void run_menu(const std::string& scope, const char* what, std::optional<std::string>& run) {
  if (!ImGui::BeginPopupContextItem()) return;
  if (ImGui::MenuItem(what)) run = scope;
  ImGui::EndPopup();
}

std::size_t draw_folder(const std::vector<std::string>& files, std::size_t begin, const std::string& prefix,
                        const std::string& open_file, std::optional<std::string>& chosen, std::optional<std::string>& run) {
  std::size_t i = begin;
  while (i < files.size() && files[i].compare(0, prefix.size(), prefix) == 0) {
    const std::string& path = files[i];
    std::size_t slash = path.find('/', prefix.size());
    if (slash != std::string::npos) {
      std::string folder = path.substr(0, slash + 1);
      std::string name = fit_label(path.substr(prefix.size(), slash - prefix.size()),
                                   ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing() - ImGui::CalcTextSize("/").x);
      const bool open = ImGui::TreeNodeEx(folder.c_str(), ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanAvailWidth,
                                          "%s/", name.c_str());
      run_menu(folder, "Run this folder (its tests, in order)", run);
      if (open) {
        i = draw_folder(files, i, folder, open_file, chosen, run);
        ImGui::TreePop();
      } else {
        while (i < files.size() && files[i].compare(0, folder.size(), folder) == 0) ++i;
      }
      continue;
    }
    // A long name ends in "..." (the tooltip has the path) rather than at the sidebar's edge.
    std::string name = fit_label(path.substr(prefix.size()), ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing());
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanAvailWidth;
    if (path == open_file) flags |= ImGuiTreeNodeFlags_Selected;
    ImGui::TreeNodeEx(path.c_str(), flags, "%s", name.c_str());
    if (ImGui::IsItemClicked()) chosen = path;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nClick to open it in a tab; right-click to run its tests", path.c_str());
    run_menu(path, "Run its tests", run);
    ++i;
  }
  return i;
}

}  // namespace

std::optional<std::string> draw_workspace_panel(AppState& state) {
  std::optional<std::string> chosen;
  WorkspaceView& w = state.workspace;
  if (!w.open) {
    ImGui::TextWrapped("No workspace folder. The desktop app opens one with --workspace DIR.");
  } else {
    text_fit_disabled(w.location);
  }
  if (w.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.42f, 1.0f));
    ImGui::TextWrapped("%s", w.error.message.c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("Dismiss")) w.error = {};
  } else if (!w.notice.empty()) {
    text_fit_disabled(w.notice);
  }
  if (!w.open) return chosen;
  // The runner (ui/runner.h): everything, or a folder or file from its context menu.
  ImGui::BeginDisabled(state.runner.running || w.files.empty());
  if (ImGui::SmallButton("Run all")) state.runner.run_requested = std::string();
  ImGui::EndDisabled();
  {
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    state.io.buttons["sidebar.run_all"] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Run every experiment's assertions and captures, in order (right-click a folder or file to run it alone)");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputTextWithHint("##tree_filter", "Filter files", &w.search);
  ImGui::BeginChild("tree");
  if (w.files.empty()) {  // wrapped: the sidebar is narrower than the sentence
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("Save a tab with Ctrl+S and it appears here.");
    ImGui::PopStyleColor();
  }
  if (w.search.empty()) {
    draw_folder(w.files, 0, "", state.file, chosen, state.runner.run_requested);
  } else {
    for (const std::string& path : w.files) {
      if (find_all(path, w.search, false, 1).empty()) continue;
      ImGui::PushID(path.c_str());
      if (ImGui::Selectable(fit_label(path, ImGui::GetContentRegionAvail().x).c_str(), path == state.file)) chosen = path;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nClick to open it in a tab", path.c_str());
      run_menu(path, "Run its tests", state.runner.run_requested);
      ImGui::PopID();
    }
  }
  ImGui::EndChild();
  return chosen;
}

}  // namespace wirepad::ui
