// native: what only the desktop main can give the shared UI (ui/viewers.h Services): the
// window renderer's textures for the Preview tab, writing a file to a path the user typed (Save as pcap), the
// settings file (~/.config/wirepad/settings.json, or $XDG_CONFIG_HOME/wirepad/), and reading
// a file dropped on the window (SDL_DROPFILE) into the composer.
// Depends on: ui/, native/desktop_window.h.
#pragma once
#include <string>

#include "native/desktop_window.h"
#include "ui/app.h"

namespace wirepad::native {

// Fills state.viewers.services and applies the saved settings (a bad file is reported on
// stderr and the defaults are kept). `window` must outlive the state's textures.
void install_desktop_services(ui::AppState& state, DesktopWindow& window);
// Reads `path` and loads it into the composer (ui/file_import.h), or says why not.
void open_dropped_file(ui::AppState& state, const std::string& path);
// "~/x" -> "$HOME/x".
std::string expand_home(const std::string& path);

}  // namespace wirepad::native
