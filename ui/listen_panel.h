// ui: the Listen sub-tab of the socket lab: a TCP server that accepts connections, each with
// its own transcript and a reply box, or a UDP socket bound to a port (a transcript per
// sender) that can join and leave multicast groups; so a learner runs both ends of an
// exchange. Needs Platform::local() (desktop); the browser shows why it cannot listen.
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

void draw_listen_panel(AppState& state, Platform& platform);

// The buttons, callable without a window. Problems go to state.socket.listen.error.
void listen_start(AppState& state, Platform& platform);
void listen_stop(AppState& state, Platform& platform);
void listen_reply(AppState& state, Platform& platform, int peer);  // the reply box's bytes
void listen_join(AppState& state, Platform& platform);
void listen_leave(AppState& state, Platform& platform);

// What the browser build says instead of listening.
extern const char* const kBrowserCannotListen;

}  // namespace wirepad::ui
