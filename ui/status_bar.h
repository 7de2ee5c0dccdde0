// ui: the status bar on the window's bottom line: the exchange's phase, the remote address,
// bytes up and down, the total time, and the last dropped file's note.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// The height draw_app leaves free at the bottom of the viewport.
float status_bar_height();
void draw_status_bar(AppState& state, Platform& platform);

}  // namespace wirepad::ui
