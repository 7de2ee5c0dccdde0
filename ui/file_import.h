// ui: a file dropped on the window (desktop: SDL_DROPFILE): an experiment file
// (shared/experiment.h) or a curl command (shared/curl_import.h) goes into the composer;
// anything else is explained in the composer, which keeps what was typed.
// Depends on: ui/app.h.
#pragma once
#include <string>
#include <string_view>

#include "ui/app.h"

namespace wirepad::ui {

// `name` is for messages (the path or file name). Returns true when the composer was loaded.
bool import_dropped_file(AppState& state, const std::string& name, std::string_view bytes);

}  // namespace wirepad::ui
