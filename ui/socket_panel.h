// ui: the socket panel: a raw TCP or UDP conversation a step at a time (connect, send,
// expect, close), and its transcript with every byte, as text or hex.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

void draw_socket_panel(AppState& state, Platform& platform);

// What the buttons do, callable without a window (tests, the browser test API).
void socket_connect(AppState& state, Platform& platform);
void socket_send(AppState& state, Platform& platform);
void socket_expect(AppState& state, Platform& platform);
void socket_close(AppState& state, Platform& platform);

}  // namespace wirepad::ui
