// ui: settings.h.
#include "ui/settings.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace wirepad::ui {

std::string settings_to_json(const AppState& state) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["theme"] = state.dark_theme ? "dark" : "light";
  j["text_scale"] = state.text_scale;
  j["show_history"] = state.show_history;
  return j.dump(2) + "\n";
}

Error apply_settings_json(AppState& state, std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object())
    return make_error(ErrorCode::invalid_experiment, "the settings are not a JSON object; the defaults are used");
  std::string bad;
  auto note = [&](const char* key) { bad += bad.empty() ? key : std::string(", ") + key; };
  if (j.contains("theme")) {
    if (j["theme"] == "dark") state.dark_theme = true;
    else if (j["theme"] == "light") state.dark_theme = false;
    else note("theme (\"dark\" or \"light\")");
  }
  if (j.contains("text_scale")) {
    if (j["text_scale"].is_number()) state.text_scale = std::clamp(j["text_scale"].get<float>(), 0.75f, 2.5f);
    else note("text_scale (a number from 0.75 to 2.5)");
  }
  if (j.contains("show_history")) {
    if (j["show_history"].is_boolean()) state.show_history = j["show_history"].get<bool>();
    else note("show_history (true or false)");
  }
  state.viewers.settings.saved = settings_to_json(state);  // what is stored now: nothing to save
  if (!bad.empty())
    return make_error(ErrorCode::invalid_experiment, "settings with a bad value kept their default: " + bad);
  return {};
}

void persist_settings(AppState& state) {
  if (!state.viewers.services.save_settings) return;
  std::string now = settings_to_json(state);
  if (now == state.viewers.settings.saved) return;
  state.viewers.settings.saved = now;
  state.viewers.services.save_settings(now);
}

}  // namespace wirepad::ui
