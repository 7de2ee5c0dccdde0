// ui: the WebSocket panel (RFC 6455): connect to a ws:// or wss:// URL with the handshake's
// settings (subprotocols, extra headers, permessage-deflate), then send text, JSON or binary
// messages, ping, wait for a message, and close with a code and reason, a step at a time. The
// conversation shows every message both ways with its time and size (JSON indented, binary as
// hex), the frames view every frame's header fields and wire bytes, the steps view each step's
// result, and the handshake view the upgrade's bytes both ways. A conversation saves as a
// WebSocket experiment (kind "websocket") that "Run all" and `wirepad run` replay.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

void draw_ws_panel(AppState& state, Platform& platform);

// What the buttons do, callable without a window (tests, the browser test API). Each sets
// state.websocket.error on a problem and keeps everything typed.
void ws_connect(AppState& state, Platform& platform);
void ws_send(AppState& state, Platform& platform);
void ws_ping(AppState& state, Platform& platform);
void ws_expect(AppState& state, Platform& platform);
void ws_close(AppState& state, Platform& platform);
// Starts a new conversation running state.websocket.script from its first step.
void ws_run_script(AppState& state, Platform& platform);
// The conversation so far (or the loaded script) as an experiment at script_path (desktop),
// or on the clipboard (browser).
void ws_save_script(AppState& state, Platform& platform);
// Loads the WebSocket experiment at script_path (desktop).
void ws_load_script(AppState& state, Platform& platform);

// The composer as a script with `steps`, and back: the tab's save and open use these.
Result<WsScript> ws_script_from_composer(const WsComposer& composer, const std::vector<WsStep>& steps);
void load_ws_experiment(TabState& state, const Experiment& experiment);

// The steps the current conversation took (those the user queued), or the loaded script's.
std::vector<WsStep> ws_steps_taken(const WsComposer& composer, Platform& platform);

}  // namespace wirepad::ui
