// ui: what the Import and Export dialogs keep between frames (ui/import_dialog.h,
// ui/export_dialog.h). The text being imported stays here across errors, closing and
// reopening: nothing the user pasted is lost.
// Depends on: shared/ only.
#pragma once
#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/error.h"
#include "shared/experiment.h"
#include "shared/import_any.h"
#include "shared/import_batch.h"

namespace wirepad::ui {

struct ImportDialogState {
  bool open_requested = false;
  bool is_open = false;      // drawn this frame
  std::string text;          // pasted, or a file's text
  std::string source_name;   // the file it came from ("" when pasted): breaks format ties, names messages
  std::string replaced_text; // what was typed here before a file replaced it (one step back)
  int format_choice = 0;     // 0: detect; else ImportFormat + 1
  unsigned epoch = 0;        // bumped when `text` is replaced from outside, so the editor lets go of its copy
  bool dirty = true;         // `text`, `source_name` or `format_choice` changed since the last parse
  // The last parse.
  ImportFormat format = ImportFormat::curl;
  bool share_link = false;   // the text was a Wirepad share link (not one of ImportFormat's)
  std::optional<ImportBatch> batch;
  Error error;
  std::vector<char> selected;  // per request (char: ImGui::Checkbox needs a bool it can point at)
  bool bodies_read = false;    // `< ./file` bodies of a .http file were read beside it (desktop)
  // The batch's variables (a Postman collection's) were added to the workspace's environments,
  // as what name: once per batch, on its first Open or Save.
  bool environment_created = false;
  std::string environment_name;
  // Desktop: "Open file" reads this path; the workspace folder "Save into the workspace" uses.
  std::string open_path;
  std::string folder = "imported";
  std::string notice;        // "Opened 3 requests in tabs", "Saved 3 files under imported/"
  bool notice_failed = false;
  // Asked for in the dialog, done in the act step (tabs and files never change mid-draw).
  std::vector<std::size_t> open_requests;
  bool save_requested = false;
  bool read_path_requested = false;
};

// One entry of the Export dialog's format list.
enum class ExportKind { code, har, http_file, experiment };  // curl is one of the code formats

struct ExportDialogState {
  bool open_requested = false;
  bool is_open = false;
  int choice = 0;            // index into export_choices()
  std::string path;          // desktop: where Save writes; browser: the download's name
  bool path_typed = false;   // the user edited the path: a format change keeps it
  // The preview and what it was made from (recomputed only when these change).
  std::string preview;
  std::vector<std::string> notes;  // what the format cannot say exactly
  Error error;
  int made_choice = -1;
  Experiment made_from;
  const void* made_log = nullptr;
  unsigned long made_generation = ~0ul;
  std::string notice;        // "Saved 1.2 KiB to ~/hello.sh" or why not
  bool notice_failed = false;
};

struct ImportExportState {
  ImportDialogState import;
  ExportDialogState exporting;
  // The screen centre of the dialogs' main buttons, by name ("import.open_all",
  // "export.save"): the browser end-to-end tests click them like a person would.
  std::map<std::string, std::array<float, 2>> buttons;
};

}  // namespace wirepad::ui
