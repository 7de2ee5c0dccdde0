// web: the files a request body names in the browser build (a multipart file part, a binary
// body). The browser has no paths, so the user picks a file (<input type=file>, opened in
// the frame of the click: the browser needs that gesture) and the page keeps its bytes in
// IndexedDB: Emscripten's IDBFS at /picked-files, mounted before the workspace's first sync,
// so the files are in memory from the start and a send reads them synchronously. A picked
// file is kept under its own name, made unique ("photo (2).png") when another file has it;
// the original name is kept too, as the multipart filename. Limit: 32 MB a file (IDBFS keeps
// every file in the page's memory as well as in IndexedDB).
// Depends on: ui/app.h, ui/picked_files.h, Emscripten.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "ui/app.h"

namespace wirepad::web {

inline constexpr const char* kPickedFilesRoot = "/picked-files";
inline constexpr std::size_t kMaxPickedFileBytes = 32u << 20;

// Mounts /picked-files (before start_browser_workspace, whose sync loads it) and keeps
// `state` to say why a pick was refused (in the composer's error line).
void install_request_files(ui::AppState& state);
// Opens the browser's file dialog; `picked` gets the name the file is kept under, or "" when
// the dialog was cancelled or the file refused.
void pick_request_file(std::function<void(std::string name)> picked);
std::vector<ui::Platform::StoredFile> stored_request_files();
Result<std::string> read_stored_request_file(const std::string& name);
Error forget_request_file(const std::string& name);

}  // namespace wirepad::web
