// ui: file_import.h.
#include "ui/file_import.h"

#include "shared/curl_import.h"
#include "shared/experiment.h"

namespace wirepad::ui {

bool import_dropped_file(AppState& state, const std::string& name, std::string_view bytes) {
  std::string_view text = bytes;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' || text.front() == '\t'))
    text.remove_prefix(1);
  if (text.empty()) {
    state.composer_error = make_error(ErrorCode::invalid_experiment, name + " is empty: nothing to import");
    return false;
  }
  if (text.front() == '{') {
    Result<Experiment> experiment = parse_experiment(text);
    if (!experiment) {
      state.composer_error = experiment.error();
      state.composer_error.message = name + " is not an experiment: " + state.composer_error.message;
      return false;
    }
    load_experiment(state, *experiment);
    state.viewers.drop_note = "loaded the experiment in " + name;
    return true;
  }
  if (text.rfind("curl", 0) == 0) {
    Result<CurlImport> imported = import_curl(text);
    if (!imported) {
      state.composer_error = imported.error();
      state.composer_error.message = name + ": the curl command cannot be imported: " + state.composer_error.message;
      return false;
    }
    load_experiment(state, imported->experiment);
    state.viewers.drop_note = "imported the curl command in " + name;
    if (!imported->ignored.empty())
      state.viewers.drop_note += " (" + std::to_string(imported->ignored.size()) + " option(s) ignored, e.g. " +
                                 imported->ignored.front().what + ": " + imported->ignored.front().sentence + ")";
    return true;
  }
  state.composer_error = make_error(ErrorCode::invalid_experiment,
                                    name + " is neither an experiment (a JSON object) nor a curl command (text "
                                           "starting with 'curl'): drop one of those to load it into the composer");
  return false;
}

}  // namespace wirepad::ui
