// ui: the Share dialog: ticks for what may go into the link (variables, secret variables,
// Authorization, Cookie, URL password), the link itself with its length, the document it
// carries and what was left out, and a Copy button. The link is recomputed from the front tab
// while the dialog is open (shared/share_content.h, shared/share_link.h).
// Depends on: ui/app.h; Dear ImGui in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// Fills state.share.link / document / left_out from the front tab and the ticks.
void compute_share_link(AppState& state);
void draw_share_dialog(AppState& state);

}  // namespace wirepad::ui
