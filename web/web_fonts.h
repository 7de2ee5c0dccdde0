// web: the browser build draws with the desktop's fonts (ui/fonts.h), fetched from
// `wirepad serve`, never baked into the wasm: the first download stays small. The main font
// (fonts/mono.ttf: DejaVu Sans Mono, 343 KB) is fetched by the page as it starts, alongside
// the wasm; frames drawn before it arrives use ImGui's built-in ASCII font, so the first frame
// never waits for it. Once characters beyond its European ranges are shown, the fallback that
// draws them is fetched (fonts/symbols.ttf: Symbola, emoji and symbols, 3.2 MB;
// fonts/cjk.ttf: Droid Sans Fallback, 4 MB; fonts/hangul.ttf: Nanum Gothic Coding, 2.3 MB),
// and the atlas is rebuilt between two frames with the glyphs of the characters shown; again,
// at most twice a second, as new ones appear.
// Depends on: ui/app.h, Dear ImGui and its OpenGL3 backend, Emscripten (in the .cpp).
#pragma once
#include "ui/app.h"

namespace wirepad::web {

// Call once a frame, before the backends' NewFrame: the atlas may only change between frames.
void update_fonts(const ui::AppState& state, ui::Platform& platform);

}  // namespace wirepad::web
