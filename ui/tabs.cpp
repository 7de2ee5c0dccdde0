// ui: tabs.h.
#include "ui/tabs.h"

#include <imgui.h>

#include <utility>

namespace wirepad::ui {

void ensure_tabs(AppState& state) {
  if (!state.tabs.empty()) return;
  state.id = state.next_tab_id++;
  if (state.file.empty() && state.saved == Experiment{}) state.saved = experiment_from_state(state);
  state.tabs.emplace_back();  // the front tab's slot; its fields live in `state`
  state.active_tab = 0;
}

void bring_forward(AppState& state, std::size_t index) {
  ensure_tabs(state);
  if (index >= state.tabs.size() || index == state.active_tab) return;
  TabState& front = state;
  state.tabs[state.active_tab] = std::move(front);
  front = std::move(state.tabs[index]);
  state.tabs[index] = TabState{};
  state.active_tab = index;
  state.select_tab_frames = 2;
}

Experiment blank_experiment() {
  Experiment e;
  e.name = "untitled";
  e.request.method = "GET";
  return e;
}

int new_tab(AppState& state, const Experiment& experiment, const std::string& file) {
  ensure_tabs(state);
  TabState tab;
  tab.id = state.next_tab_id++;
  load_experiment(tab, experiment);
  tab.file = file;
  tab.saved = experiment_from_state(tab);  // as the composer holds it, so it opens clean
  tab.focus_url = true;
  state.tabs.push_back(std::move(tab));
  bring_forward(state, state.tabs.size() - 1);
  return state.id;
}

void close_tab(AppState& state, std::size_t index) {
  ensure_tabs(state);
  if (index >= state.tabs.size()) return;
  if (state.tabs.size() == 1) {
    // The last tab: a blank one takes its place.
    TabState& front = state;
    front = TabState{};
    state.id = state.next_tab_id++;
    load_experiment(state, blank_experiment());
    state.saved = experiment_from_state(state);
    state.select_tab_frames = 2;
    return;
  }
  if (index == state.active_tab) {
    // Bring a neighbour forward first, then drop the old front tab's slot.
    std::size_t next = index + 1 < state.tabs.size() ? index + 1 : index - 1;
    bring_forward(state, next);
  }
  state.tabs.erase(state.tabs.begin() + std::ptrdiff_t(index));
  if (state.active_tab > index) --state.active_tab;
  state.select_tab_frames = 2;
}

TabState* find_tab(AppState& state, int id) {
  if (state.id == id) return &state;
  for (std::size_t i = 0; i < state.tabs.size(); ++i)
    if (i != state.active_tab && state.tabs[i].id == id) return &state.tabs[i];
  return nullptr;
}

std::optional<std::size_t> tab_index_of_file(const AppState& state, const std::string& file) {
  if (file.empty()) return std::nullopt;
  for (std::size_t i = 0; i < state.tabs.size(); ++i) {
    const TabState& tab = i == state.active_tab ? static_cast<const TabState&>(state) : state.tabs[i];
    if (tab.file == file) return i;
  }
  return std::nullopt;
}

bool tab_dirty(const TabState& tab) { return experiment_from_state(tab) != tab.saved; }

std::string tab_title(const TabState& tab) {
  std::string title = tab.name.empty() ? std::string("untitled") : tab.name;
  return title;
}

TabBarIntent draw_tab_bar(AppState& state) {
  TabBarIntent intent;
  const ImGuiTabBarFlags flags = ImGuiTabBarFlags_AutoSelectNewTabs | ImGuiTabBarFlags_FittingPolicyScroll |
                                 ImGuiTabBarFlags_TabListPopupButton;
  if (!ImGui::BeginTabBar("experiments", flags)) return intent;
  const bool settling = state.select_tab_frames > 0;
  if (settling) --state.select_tab_frames;
  for (std::size_t i = 0; i < state.tabs.size(); ++i) {
    const TabState& tab = i == state.active_tab ? static_cast<const TabState&>(state) : state.tabs[i];
    // A tab whose exchange is still running says so, whichever tab is in front.
    auto run = state.runs.find(tab.id);
    const bool running = run != state.runs.end() && run->second.in_flight;
    std::string label = tab_title(tab) + (running ? " ..." : "") + "###tab" + std::to_string(tab.id);
    bool open = true;
    ImGuiTabItemFlags item_flags = tab_dirty(tab) ? ImGuiTabItemFlags_UnsavedDocument : 0;
    if (settling && i == state.active_tab) item_flags |= ImGuiTabItemFlags_SetSelected;
    bool selected = ImGui::BeginTabItem(label.c_str(), &open, item_flags);
    const bool hovered = ImGui::IsItemHovered();
    {  // where it is, for the headless UI tests' clicks
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      state.io.buttons["tab." + std::to_string(tab.id)] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) intent.rename = i;
    if (hovered)
      ImGui::SetTooltip("%s\n%s\nDouble-click or right-click to rename", tab_title(tab).c_str(),
                        tab.file.empty() ? "not saved yet (Ctrl+S)" : tab.file.c_str());
    const std::string menu_id = "tab_menu" + std::to_string(tab.id);
    if (ImGui::BeginPopupContextItem(menu_id.c_str())) {
      if (ImGui::MenuItem("Rename...", "F2")) intent.rename = i;
      if (ImGui::MenuItem("Close", "Ctrl+W")) intent.close = i;
      ImGui::EndPopup();
    }
    if (selected) {
      if (!settling && i != state.active_tab) intent.select = i;
      ImGui::EndTabItem();
    }
    if (!open) intent.close = i;
  }
  if (ImGui::TabItemButton("+", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip)) intent.add = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("New tab (Ctrl+T)");
  ImGui::EndTabBar();
  return intent;
}

void with_front_exchange(const AppState& state, Platform& platform, const std::function<void(const ExchangeLog*)>& view) {
  if (state.runs.count(state.id) == 0) {
    view(state.kept_log.get());
    return;
  }
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { view(log ? log : state.kept_log.get()); });
}

}  // namespace wirepad::ui
