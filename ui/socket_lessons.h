// ui: the socket lab's ready-made lessons (Examples menu), each a saved socket experiment,
// and the conversions between the socket composer and the experiment format.
// Depends on: ui/app.h.
#pragma once
#include <string>
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

struct SocketLesson {
  std::string title;      // the menu item
  Experiment experiment;  // kind socket: the script "Run all" replays
  std::string note;       // what to do, shown above the script
  bool listen = false;    // the lesson needs the Listen tab running as below
  ListenComposer listener;
  bool join_group = false;  // ... and a multicast group joined
};

// With the lab's ports (`wirepad lab` defaults: hello 8080, TCP echo 9000, UDP echo 9001).
std::vector<SocketLesson> socket_lessons(int hello_port = 8080, int tcp_echo_port = 9000, int udp_echo_port = 9001);

// Puts a socket experiment in the composer: endpoint, options, and its steps as the script.
void load_socket_experiment(AppState& state, const Experiment& experiment);
void load_socket_lesson(AppState& state, const SocketLesson& lesson);
// The composer's endpoint with `steps` (the current session's, or the loaded script).
Experiment socket_experiment_from_state(const AppState& state, const std::vector<SocketStep>& steps);
// The endpoint the composer describes (protocol, host, port, family, UDP options).
Endpoint socket_endpoint(const AppState& state);

// The Examples menu's socket items (drawn inside an open ImGui menu).
void draw_socket_examples_menu(AppState& state);

}  // namespace wirepad::ui
