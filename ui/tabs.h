// ui: tabs of open experiments. AppState's own TabState fields are the front tab; the others
// wait in state.tabs and trade places with it when brought forward, so panels keep reading
// state.url, state.body_view... as they always have.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>

#include "ui/app.h"

namespace wirepad::ui {

// Makes the current fields the first tab when there is none yet (an AppState fresh from a
// test or a main that loaded an experiment into it).
void ensure_tabs(AppState& state);
// Opens `experiment` in a new tab, brought forward. Returns the new tab's id.
int new_tab(AppState& state, const Experiment& experiment, const std::string& file = "");
void bring_forward(AppState& state, std::size_t index);
// Closes without asking (the caller asked about unsaved changes); the last tab closed leaves
// a blank one.
void close_tab(AppState& state, std::size_t index);
// The tab with this id: the front one (the state itself) or a waiting one; nullptr if closed.
// The front tab's exchange: the one it is running, or else the one it keeps (a finished one,
// or one re-opened from the history); nullptr when it has neither. Under the platform's lock.
void with_front_exchange(const AppState& state, Platform& platform, const std::function<void(const ExchangeLog*)>& view);
TabState* find_tab(AppState& state, int id);
std::optional<std::size_t> tab_index_of_file(const AppState& state, const std::string& file);
// Differs from what its file holds (or what it opened with).
bool tab_dirty(const TabState& tab);
std::string tab_title(const TabState& tab);
// A blank HTTP experiment for Ctrl+T.
Experiment blank_experiment();

struct TabBarIntent {
  std::optional<std::size_t> select;
  std::optional<std::size_t> close;
  std::optional<std::size_t> rename;  // double-click, or "Rename..." in the tab's context menu
  bool add = false;
};
TabBarIntent draw_tab_bar(AppState& state);

}  // namespace wirepad::ui
