// ui: File > Export (both builds): the front tab's request as a curl command, a HAR (of its
// last finished exchange when there is one, else of the request alone), a .http file, an
// experiment file, or a program from every code generator (shared/code_export.h). A
// read-only preview, Copy, and Save: the desktop writes the typed path (atomically, through
// Services::save_file), the browser downloads a file of that name.
// Depends on: ui/app.h, ui/import_export_state.h, shared/ exporters; Dear ImGui in the .cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "shared/code_export.h"
#include "ui/app.h"

namespace wirepad::ui {

struct ExportChoice {
  const char* name;       // "curl", "har", "http", "experiment", or the code format's name
  const char* title;      // what the list shows
  ExportKind kind;
  ExportFormat code;      // kind code (and curl)
  const char* extension;  // ".sh", ".har", ...
};
const std::vector<ExportChoice>& export_choices();
// The index of the choice called `name`, or -1.
int export_choice_index(std::string_view name);

struct ExportText {
  std::string text;
  std::vector<std::string> notes;  // what the format cannot say exactly
};
// `log`: the tab's last finished exchange, or nullptr (HAR then holds the request alone).
// `now`: ISO 8601 time for the HAR's startedDateTime when the log does not know when it started
// (a history record from before it was kept) and for requests not sent.
Result<ExportText> export_experiment(const Experiment& experiment, const ExportChoice& choice, const ExchangeLog* log,
                                     std::string_view now);

void draw_export_dialog(AppState& state, Platform& platform);

}  // namespace wirepad::ui
