// ui: the files the user picked for request bodies (the browser build keeps them in
// IndexedDB, web/web_request_files.h): the name a new pick is kept under, and File > Picked
// files..., a small window that lists them (name, original name, size) with a Remove button
// each. Pure helpers here are tested natively; the storage itself is the platform's.
// Depends on: ui/app.h, Dear ImGui (the .cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

// `wanted` if no name in `taken` is equal, else "stem (2).ext", "stem (3).ext", ... (the
// extension kept, so the multipart type guessed from it stays the same). An empty name, "."
// and ".." become "file"; '/' and '\' become '_' (a file's name is never a path here).
std::string unique_file_name(std::string_view wanted, const std::vector<std::string>& taken);

// File > Picked files...: drawn while state.show_picked_files; Remove asks the platform.
void draw_picked_files_window(AppState& state, Platform& platform);

}  // namespace wirepad::ui
