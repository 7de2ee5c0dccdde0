// web: the browser build starts with ImGui's built-in ASCII font, so the first download stays
// small. The first time the composer or a response holds a byte beyond ASCII, the page fetches
// the CJK font that `wirepad serve` serves at fonts/cjk.ttf (Debian's Droid Sans Fallback, about
// 4 MB, 2 MB gzip) and rebuilds the font atlas between two frames with its European glyphs and
// the CJK characters shown; again, at most twice a second, as new ones appear (ui/fonts.h).
// Korean text fetches fonts/hangul.ttf (Nanum Gothic Coding, 2.3 MB, 1 MB gzip) likewise.
// Depends on: ui/app.h, Dear ImGui and its OpenGL3 backend, Emscripten (in the .cpp).
#pragma once
#include "ui/app.h"

namespace wirepad::web {

// Call once a frame, before the backends' NewFrame: the atlas may only change between frames.
void update_fonts(const ui::AppState& state, ui::Platform& platform);

}  // namespace wirepad::web
