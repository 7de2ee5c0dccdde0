// web: the workspace in the browser: the same FileWorkspaceStore as the desktop, over
// Emscripten's IDBFS mounted at /workspace, which keeps the folder in IndexedDB. Loaded from
// IndexedDB at start (asynchronously: the app runs without a workspace for the first frames),
// written back after each save (FS.syncfs, coalesced). Also opens a share link found in the
// page's #fragment, in a tab that names the target and never sends by itself.
// Depends on: posix/workspace_store.h, ui/app.h, Emscripten.
#pragma once
#include "ui/app.h"

namespace wirepad::web {

inline constexpr const char* kBrowserWorkspaceRoot = "/workspace";

// Mounts IDBFS and starts loading it; opens the workspace in `state` once it is loaded.
void start_browser_workspace(ui::AppState& state, ui::Platform& platform);
// The page's #x=... link, if any, in a new tab; the Share dialog's base becomes this page.
void open_link_from_page(ui::AppState& state);
// Writes every IDBFS folder (the workspace, the picked files) back to IndexedDB, coalesced
// with the syncs already running; window.wirepadWorkspaceSyncs counts the finished ones.
void schedule_browser_storage_sync();

}  // namespace wirepad::web
