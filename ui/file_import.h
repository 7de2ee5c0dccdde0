// ui: a file dropped on the window (desktop: SDL_DROPFILE; the browser's drop goes through
// web/web_files.cpp to the same place): whatever ui/import_dialog.h imports (curl, HAR,
// .http/.rest, Postman v2.1, experiment). One request with nothing left out opens in a new
// tab; anything else opens the Import dialog with the file's text, which lists the requests
// and what was not imported, or says where the error is. Nothing the user typed is lost.
// Depends on: ui/app.h, ui/import_dialog.h.
#pragma once
#include <string>
#include <string_view>

#include "ui/app.h"

namespace wirepad::ui {

// `name` is for messages (the path or file name). Returns true when a tab was opened.
bool import_dropped_file(AppState& state, const std::string& name, std::string_view bytes);

}  // namespace wirepad::ui
