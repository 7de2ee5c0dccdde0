// native: the desktop app's command line, read the same way by `wirepad` (which serves the
// browser build when there is no display, and otherwise hands the same arguments to the
// desktop executable) and by `wirepad-desktop` itself. Also the lab flags that `lab`, `serve`
// and the desktop share.
// Depends on: native/cli_args.h, native/desktop.h (its options struct only: no SDL, no GL),
// native/lab_servers.h.
#pragma once
#include <string>

#include "native/cli_args.h"
#include "native/desktop.h"
#include "native/lab_servers.h"

namespace wirepad::native {

// `text` as a port for `flag`; false with a sentence in `error`.
bool parse_port(const std::string& text, int& port, std::string& error, const std::string& flag);

// Lab flags (--no-lab, --bind, --hello-port, ...). True if it consumed one (or set `error`).
bool lab_flag(Args& args, LabOptions& lab, bool& no_lab, std::string& error);

struct DesktopCommand {
  DesktopOptions desktop;
  LabOptions lab;
  bool no_lab = false;
};

// Reads every argument; a usage error (naming the argument) is returned as a sentence.
std::string parse_desktop_args(Args& args, DesktopCommand& command);

// DISPLAY or WAYLAND_DISPLAY is set.
bool has_display();

// The desktop executable next to this one (/proc/self/exe's folder), or "" when it is not there.
std::string desktop_executable_path();

inline constexpr const char* kDesktopExecutable = "wirepad-desktop";

}  // namespace wirepad::native
