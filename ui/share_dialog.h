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
// The page links open in, and why: the base typed in the dialog (a setting); else, on the
// desktop, the running `wirepad serve` (Services::running_serve_url); else what the build
// started with (the browser: this page; the desktop: http://127.0.0.1:7070/, said to be a guess).
void choose_share_base(AppState& state);
// The default base, when nothing better is known.
inline constexpr const char* kDefaultShareBase = "http://127.0.0.1:7070/";
void draw_share_dialog(AppState& state);

}  // namespace wirepad::ui
