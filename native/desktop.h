// native: the desktop app: an SDL2 window (OpenGL 3 or SDL's software renderer) running the shared ImGui front end, with
// exchanges on PosixTransport threads so the window never blocks.
// Depends on: SDL2, OpenGL, ui/, native/posix_transport.h.
#pragma once
#include <string>

namespace wirepad::native {

struct DesktopOptions {
  int hello_port = 8080;          // the example request targets the lab's hello server
  int tcp_echo_port = 9000;       // the socket examples target the lab's echo servers
  int udp_echo_port = 9001;
  std::string open_file;          // an experiment file to open instead of the example
  std::string open_link;          // a share link to open (shown, never sent by itself)
  std::string workspace;          // the workspace folder ("" = choose_workspace_folder's default)
  int quit_after_frames = 0;      // > 0: quit by itself (end-to-end tests)
  std::string screenshot;         // with quit_after_frames: save a PNG of the last frame
  std::string open_tab;           // a response tab to bring forward: "Wire", "Layers", "Preview"
  bool send_on_start = false;     // send the opened request (or run the socket script) at start
  // The Auth tab's "Get new access token" at start (ui/auth_follow.h, fetch_oauth_token): what
  // the button does, for scripts/screenshots_oauth_fetch.sh
  bool fetch_token_on_start = false;
  int listen_port = -1;           // >= 0: the socket lab listens (TCP, 127.0.0.1) on this port at start
  std::string renderer = "auto";  // "gl", "software" or "auto" (native/desktop_window.h)
  bool startup_report = false;    // print one "startup:" line on stderr after the first frame
                                  // (scripts/bench_startup.sh reads it)
};

int run_desktop(const DesktopOptions& options);

}  // namespace wirepad::native
