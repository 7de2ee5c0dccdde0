// ui: the composer's Body tab: the body kind (none, raw, x-www-form-urlencoded,
// multipart/form-data, binary file, GraphQL) and the editor of each. Raw text stays in
// state.body; the other kinds' fields live in state.request_model, which keeps every kind's
// fields, so switching kinds never loses what was typed. A raw JSON body is checked as it is
// typed (line:column) and can be beautified. File fields take a path on the desktop (relative
// to the experiment file); where the platform picks files (the browser) a "Choose file..."
// button asks it. Draws and edits TabState; the only request to the outside is the pick.
// Depends on: ui/app.h, shared/request_spec.h, shared/json_body.h, Dear ImGui (in the .cpp).
#pragma once
#include <string>

#include "ui/app.h"

namespace wirepad::ui {

// What the tab's label says after "Body": "JSON", "form 2", "multipart 3", "binary",
// "GraphQL", "none", the size of a raw body of no language, or "" (an empty raw body).
std::string body_tab_detail(const TabState& state);
// The body over which the composer shows, not edits (ImGui's text field costs every frame).
inline constexpr std::size_t kLargestEditableBody = std::size_t(1) << 20;
void draw_body_tab(AppState& state, Platform& platform);

}  // namespace wirepad::ui
