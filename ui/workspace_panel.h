// ui: the workspace tree in the sidebar: folders and experiment files of the workspace folder,
// a filter, and what went wrong last (a file that does not parse, a failed save).
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include <optional>
#include <string>

#include "ui/app.h"

namespace wirepad::ui {

// Returns the path of the file the user clicked, to open in a tab. "Run all" and a folder's or
// file's context menu ask the runner (state.runner.run_requested).
std::optional<std::string> draw_workspace_panel(AppState& state);

}  // namespace wirepad::ui
