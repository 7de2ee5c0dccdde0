// web: what only the browser main can give the shared UI (ui/viewers.h Services): WebGL
// textures for the Preview tab, "Save as pcap" as a download, settings in localStorage.
// Depends on: ui/, Emscripten, WebGL2 (in the .cpp).
#pragma once
#include "ui/app.h"

namespace wirepad::web {

// Fills state.viewers.services and applies the settings saved in localStorage.
void install_web_services(ui::AppState& state);

}  // namespace wirepad::web
