// ui: settings.h.
#include "ui/settings.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace wirepad::ui {

std::string settings_to_json(const AppState& state) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["theme"] = state.dark_theme ? "dark" : "light";
  j["text_scale"] = state.text_scale;
  j["show_history"] = state.show_history;
  j["ui_scale"] = state.ui_scale;
  j["layout"] = state.layout.beside ? "beside" : "below";
  // Rounded: a drag that ends where it began saves nothing.
  auto round = [](float ratio) { return std::round(ratio * 1000.0f) / 1000.0f; };
  j["split_below"] = round(state.layout.below_ratio);
  j["split_beside"] = round(state.layout.beside_ratio);
  j["share_base"] = state.share.base_setting;  // "" = the running wirepad serve
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
  if (j.contains("ui_scale")) {
    const float scale = j["ui_scale"].is_number() ? j["ui_scale"].get<float>() : -1.0f;
    if (scale == 0 || (scale >= 1.0f && scale <= 3.0f)) state.ui_scale = scale;
    else note("ui_scale (0 for the display's DPI, or 1 to 3)");
  }
  if (j.contains("layout")) {
    if (j["layout"] == "below") state.layout.beside = false;
    else if (j["layout"] == "beside") state.layout.beside = true;
    else note("layout (\"below\" or \"beside\")");
  }
  auto ratio = [&](const char* key, float& into) {
    if (!j.contains(key)) return;
    if (j[key].is_number())
      into = std::clamp(j[key].get<float>(), SplitLayout::kMinRatio, SplitLayout::kMaxRatio);
    else note((std::string(key) + " (a number from 0.1 to 0.9)").c_str());
  };
  if (j.contains("share_base")) {
    if (j["share_base"].is_string()) state.share.base_setting = j["share_base"].get<std::string>();
    else note("share_base (a URL like http://127.0.0.1:7070/, or \"\")");
  }
  ratio("split_below", state.layout.below_ratio);
  ratio("split_beside", state.layout.beside_ratio);
  state.viewers.settings.saved = settings_to_json(state);  // what is stored now: nothing to save
  if (!bad.empty())
    return make_error(ErrorCode::invalid_experiment, "settings with a bad value kept their default: " + bad);
  return {};
}

void persist_settings(AppState& state) {
  if (!state.viewers.services.save_settings) return;
  if (state.layout.dragging) return;  // saved once, when the splitter is let go
  std::string now = settings_to_json(state);
  if (now == state.viewers.settings.saved) return;
  state.viewers.settings.saved = now;
  state.viewers.services.save_settings(now);
}

}  // namespace wirepad::ui
