// ui: where Esc goes. Once a frame, to the topmost thing that takes it: an open menu, combo or
// context menu; else the dialog on top (Share, Import, Export, Save as, Close tab, Rename,
// Quit); else the Environments window when it has the focus; only then the exchange in flight
// is cancelled. Dear ImGui 1.86 closes none of these on Esc by itself (that needs keyboard
// navigation, which the app leaves off).
// Depends on: ui/app.h; Dear ImGui (and imgui_internal.h) in the .cpp.
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// At the start of draw_app: notes an Esc press, and closes a menu, combo or context menu that
// is open on top (claiming the press).
void begin_escape(AppState& state);
// Between a dialog's Begin and End: true (once) when Esc is for this dialog, the focused one on
// top; the caller closes it.
bool escape_closes_this(AppState& state);
// After the dialogs: Esc that nothing took (the caller may cancel an exchange with it).
bool escape_unclaimed(AppState& state);

}  // namespace wirepad::ui
