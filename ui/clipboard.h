// ui: the clipboard guard. Every copy (the Copy buttons and menus, ImGui's own Ctrl+C in a
// text field) goes through ImGuiIO::SetClipboardTextFn; guard_clipboard wraps the function
// the build installed so that text too large for a system clipboard is refused with a sentence
// in the status bar instead of taking the app down: X11 rejects a property larger than its
// maximum request (16 MiB with BIG-REQUESTS) with BadLength, and Xlib's default error handler
// then exits the process, so "Copy body" on a 200 MB response used to kill the desktop app.
// Depends on: ui/app.h; Dear ImGui (in the .cpp).
#pragma once
#include <cstddef>

#include "ui/app.h"

namespace wirepad::ui {

inline constexpr std::size_t kMaxClipboardBytes = std::size_t(8) << 20;

// Call once the platform backend has set its clipboard functions; `state` must outlive the
// ImGui context (the note goes to state.viewers.clipboard_note).
void guard_clipboard(AppState& state);

}  // namespace wirepad::ui
