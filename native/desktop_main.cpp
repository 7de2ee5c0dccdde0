// wirepad-desktop: the desktop app (SDL2, OpenGL, ImGui) as its own executable, so that the
// command line (`wirepad send ...`) loads none of it. Users start it as `wirepad` (no
// subcommand, or FILE / LINK), which execs this next to itself with the same arguments.
#include <iostream>

#include "native/desktop_args.h"

namespace wirepad::native {
namespace {

int desktop_main(int argc, char** argv) {
  Args args(argc, argv, 1);
  if (!args.done() && args.peek() == "desktop") args.next();  // `wirepad-desktop desktop ...` too
  DesktopCommand command;
  if (std::string error = parse_desktop_args(args, command); !error.empty()) {
    std::cerr << "wirepad: " << error << "\n(run 'wirepad --help' for usage)\n";
    return 2;
  }
  if (!has_display()) {
    std::cerr << "wirepad: no display (DISPLAY is not set); run `wirepad`, which serves the browser build instead\n";
    return 1;
  }
  DesktopOptions& desktop = command.desktop;
  LabServers servers;
  if (!command.no_lab) {
    LabStatus status = servers.start(command.lab);
    for (const auto& line : status.lines) std::cerr << line << "\n";
    if (status.hello_port) desktop.hello_port = status.hello_port;
    if (status.tcp_echo_port) desktop.tcp_echo_port = status.tcp_echo_port;
    if (status.udp_echo_port) desktop.udp_echo_port = status.udp_echo_port;
  } else {
    desktop.hello_port = command.lab.hello_port;
    desktop.tcp_echo_port = command.lab.tcp_echo_port;
    desktop.udp_echo_port = command.lab.udp_echo_port;
  }
  return run_desktop(desktop);
}

}  // namespace
}  // namespace wirepad::native

int main(int argc, char** argv) { return wirepad::native::desktop_main(argc, argv); }
