// ui: the environment selector (next to the tab's name) and the Environments editor window:
// variables with a value and a "secret" tick; secret values are saved in a separate,
// git-ignored file. Edits AppState only; saving is draw_app's job.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// Returns true when the user picked another environment (state.workspace.active_environment).
bool draw_environment_selector(AppState& state);
// Returns true when the user pressed Save.
bool draw_environment_editor(AppState& state);

}  // namespace wirepad::ui
