// ui: the settings that outlive a session (theme, text size, layout) as a small JSON document,
// and persist_settings(), which hands it to Services::save_settings whenever it changed. Each
// main stores the document its own way (desktop: ~/.config/wirepad/settings.json; browser:
// localStorage) and gives it back at start to apply_settings_json().
// Depends on: ui/app.h; nlohmann-json in the .cpp.
#pragma once
#include <string>
#include <string_view>

#include "shared/error.h"
#include "ui/app.h"

namespace wirepad::ui {

// {"version": 1, "theme": "dark", "text_scale": 1.0, "show_history": true, "ui_scale": 0,
//  "layout": "below", "split_below": 0.34, "split_beside": 0.45}
// (ui_scale: 0 = from the display's DPI, else 1 to 3; split_*: the composer's share, 0.1 to 0.9)
std::string settings_to_json(const AppState& state);
// Applies what the document holds; unknown keys are ignored, a bad value keeps the default and
// is named in the error (which says the file's other settings were still applied).
Error apply_settings_json(AppState& state, std::string_view json);
// Saves the settings when they differ from what was last saved or loaded. Call once a frame.
void persist_settings(AppState& state);

}  // namespace wirepad::ui
