// web: files into the browser build: the page's hidden <input type=file id="wirepad-file">
// (File > Import's "Choose a file...", Services::pick_file) and a file dropped anywhere on
// the page. JavaScript reads the bytes (File.arrayBuffer), copies them into the wasm heap and
// calls back between frames, never mid-frame: a chosen file goes into the Import dialog
// (ui::load_import_file), a dropped one takes the desktop's drop path (ui::import_file).
// Also the clipboard: Copy (ImGui::SetClipboardText) writes the browser's clipboard too, and
// the Import dialog's "Paste from the clipboard" reads it (navigator.clipboard).
// Depends on: ui/import_dialog.h, Emscripten.
#pragma once
#include "ui/app.h"

namespace wirepad::web {

// Sets state.viewers.services.pick_file and installs the page's change/drag/drop listeners.
void install_web_files(ui::AppState& state);

}  // namespace wirepad::web
