// ui: the socket panel: a raw TCP or UDP conversation a step at a time (create + connect,
// send, receive, expect, half-close, close) with its transcript (direction, time, byte count,
// text and hex side by side) and a timeline of steps with their results; scripts saved as
// experiments and replayed ("Run all"); and the Listen sub-tab (ui/listen_panel.h).
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

void draw_socket_panel(AppState& state, Platform& platform);

// What the buttons do, callable without a window (tests, the browser test API). Each sets
// state.socket.error on a problem and keeps everything typed.
// Create makes the socket only (socket(), where the platform can); Connect then connects it,
// or, with no socket made, does both.
void socket_create(AppState& state, Platform& platform);
void socket_connect(AppState& state, Platform& platform);
void socket_send(AppState& state, Platform& platform);
void socket_receive(AppState& state, Platform& platform);
void socket_expect(AppState& state, Platform& platform);
void socket_shutdown(AppState& state, Platform& platform);
void socket_close(AppState& state, Platform& platform);
// Starts a new session running state.socket.script from its first step.
void socket_run_script(AppState& state, Platform& platform);
// The current session's steps (or the loaded script) as an experiment file at script_path
// (desktop), or on the clipboard (browser).
void socket_save_script(AppState& state, Platform& platform);
// Loads the socket experiment at script_path into the composer (desktop).
void socket_load_script(AppState& state, Platform& platform);

// A transcript as a table (time, direction, byte count, escaped text, hex); the listen panel
// draws its connections with it too.
void draw_transcript_table(const char* id, const std::vector<TranscriptEntry>& transcript);
// A conversation's steps as a table (step, when it began, how long it took, its result); the
// WebSocket panel draws its steps with it too.
void draw_step_table(const char* id, const std::vector<StepRecord>& steps);

}  // namespace wirepad::ui
