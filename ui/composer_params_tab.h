// ui: the composer's Params tab: the URL's query as a table (enabled, name, value) kept in
// sync with state.url both ways, and the URL's `:name` path variables with their values
// (Postman's model). The rows' text is as in the URL ({{variables}} and %XX kept); encoding
// happens when sending (shared/request_resolve.h). Draws and edits TabState; no I/O.
// Depends on: ui/app.h, shared/request_spec.h, Dear ImGui (in the .cpp).
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// The table as shown: the URL's query with request_model.params' disabled rows in place.
QueryParams composer_query_table(const TabState& state);
// Rows for the tab's label ("Params (2)"): the enabled ones.
int params_tab_count(const TabState& state);
// Each frame, whichever tab is in front: the disabled rows follow edits of the URL (so a
// disabled row keeps its place among the others), and a table the URL says alone is dropped.
void sync_params_with_url(TabState& state);
void draw_params_tab(AppState& state);

}  // namespace wirepad::ui
