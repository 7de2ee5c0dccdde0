// ui: File > Import (both builds). Paste text or bring a file (desktop: a typed path or a file
// dropped on the window; browser: the page's file dialog or a file dropped on the page); the
// format is detected with shared/import_any.h; the requests found are listed with what of
// each could not be imported and why, and open as tabs or are saved into the workspace. A
// parse error names its line and column and shows the spot; the text stays as typed.
// Depends on: ui/app.h, ui/import_export_state.h, shared/import_any.h; Dear ImGui in the .cpp.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "ui/app.h"

namespace wirepad::ui {

// Replaces the dialog's text (a file's, or a test's paste) and parses it at once.
void set_import_text(ImportDialogState& dialog, const std::string& source_name, std::string text);
// Parses the dialog's text again if it changed (format detected unless one was chosen).
void parse_import(ImportDialogState& dialog);

// The one path every file takes (dropped on the desktop window, chosen or dropped in the
// browser, read from a typed path): one request with nothing left out opens in a new tab at
// once; several requests, anything not imported, or an error open the Import dialog with the
// file's text. Bytes that are not text are refused in the composer's error line. Returns
// true when a tab was opened.
bool import_file(AppState& state, const std::string& name, std::string_view bytes);

// A file chosen inside the dialog (desktop: Open file; browser: Choose a file): its text goes
// into the dialog, which opens and lists what it found. Empty or binary files leave the
// dialog's text as it was and say why. Returns false when the file could not be imported.
bool load_import_file(AppState& state, const std::string& name, std::string_view bytes);

// "line 3, column 17": where byte `offset` of `text` is (columns count bytes, from 1).
std::string line_and_column(std::string_view text, std::int64_t offset);

void draw_import_dialog(AppState& state, Platform& platform);
// Opens the requests the dialog asked for as tabs, saves them into the workspace, reads the
// typed path: from draw_app's act step, never mid-draw.
void act_on_import(AppState& state, Platform& platform);

}  // namespace wirepad::ui
