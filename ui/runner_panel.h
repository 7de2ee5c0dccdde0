// ui: the Runner tab, a function over AppState::runner (ui/runner.h): Run all / Stop / Rerun
// failed, "Stop at first failure", the data file, the summary, one row per request (outcome,
// name and file, method and URL, status, time, assertions passed), and the selected request's
// assertions with expected vs actual, its captures, and "Open exchange" (a tab with its
// request and response). It only sets what the user asked in the state; update_runner acts.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

void draw_runner_panel(AppState& state, Platform& platform);

}  // namespace wirepad::ui
