// ui: the response tabs added after Timeline (Events for an event stream, Wire, Layers, Preview), drawn inside the
// response panel's tab bar. One hook, so the response panel stays small.
// Depends on: ui/app.h.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// Call between ImGui::BeginTabBar and EndTabBar of the response panel.
void draw_viewer_tabs(AppState& state, const ExchangeLog& log);

}  // namespace wirepad::ui
