// ui: what draw_app does around the panels for tabs and the workspace: the File menu, the
// line above the composer (name, file, environment, Share, notices), the save/close prompts
// and dialogs, opening pasted share links, keeping finished exchanges in their tab and the
// history, and acting on what the user asked (ui/workspace.h does the file work).
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include <optional>
#include <string>

#include "ui/app.h"

namespace wirepad::ui {

// What the user asked for this frame outside the composer (menus, shortcuts, sidebar).
struct AppIntent {
  bool new_tab = false;
  bool save = false;
  bool close_tab = false;
  std::optional<std::size_t> close_index;
  bool share = false;
  std::optional<std::string> open_file;
  std::optional<std::size_t> open_history;
};

void draw_file_menu(AppState& state, AppIntent& intent);
// Every tab's exchange, once a frame: a finished one is kept in its tab and in the history
// (and on disk), its cookies stored, and the next redirect hop started; a closed tab's
// exchange is cancelled and dropped.
void update_runs(AppState& state, Platform& platform);
// A share link pasted into the URL field opens in a new tab; the tab it was pasted into gets
// its URL back. Nothing is sent.
void open_pasted_link(AppState& state, const std::string& url_before);
// Name, file, unsaved mark, environment selector, Share; "changed on disk" and "opened from a
// link" notices.
void draw_tab_toolbar(AppState& state, Platform& platform, AppIntent& intent);
// Save as, unsaved-changes prompt, Share dialog, Environments window.
void draw_workspace_dialogs(AppState& state, Platform& platform);
// Ctrl+T / Ctrl+W / Ctrl+S / Ctrl+Q (desktop), F2 (rename).
void read_tab_shortcuts(AppState& state, AppIntent& intent);
void act(AppState& state, Platform& platform, AppIntent& intent);

}  // namespace wirepad::ui
