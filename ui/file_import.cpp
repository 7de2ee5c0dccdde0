// ui: file_import.h.
#include "ui/file_import.h"

#include "ui/import_dialog.h"

namespace wirepad::ui {

bool import_dropped_file(AppState& state, const std::string& name, std::string_view bytes) {
  return import_file(state, name, bytes);
}

}  // namespace wirepad::ui
