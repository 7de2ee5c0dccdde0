// ui: the fonts the front end draws with. Dear ImGui's built-in font is ASCII only; a
// network tool shows whatever bytes arrive, so the builds hand in TrueType data for a
// monospace font with wide European coverage, and a CJK fallback merged into it once text
// that needs it is on screen: the CJK atlas (2,500 ideographs) is most of the start-up time
// and memory a font costs, and most sessions never show a Chinese or Japanese character
// (docs/desktop-performance.md). The UI reads no files: each build finds the bytes its own way
// (the desktop from Debian's font packages).
// Depends on: ui/app.h; Dear ImGui (in the .cpp).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

struct FontData {
  std::vector<unsigned char> main;  // e.g. DejaVu Sans Mono (fonts-dejavu-core)
  std::vector<unsigned char> cjk;   // e.g. Droid Sans Fallback (fonts-droid-fallback); may be empty
};

// Adds the fonts to the current ImGui context at `pixel_size`; with no data keeps ImGui's
// built-in font. Returns a sentence for the log when something was left out, else "".
std::string install_fonts(FontData data, float pixel_size);
// Merges the CJK font into the font install_fonts made (between frames: the atlas must not be
// in use). The caller then re-creates the font texture. Returns a sentence on failure.
std::string add_cjk_font(std::vector<unsigned char> cjk, float pixel_size);

// True when `text` holds a character only the CJK font draws (CJK punctuation, kana,
// ideographs, fullwidth forms) inside text: well-formed UTF-8 without control bytes for at
// least 8 bytes before it (or from the start when `at_start`) and 8 bytes after it (or to the
// end). The condition keeps binary bodies (images, compressed data), where such byte patterns
// occur by chance, from loading the font.
bool has_cjk_text(std::string_view text, bool at_start);

// How far watch_for_cjk() has looked at each thing the UI shows.
struct CjkWatch {
  bool found = false;
  const void* log = nullptr;  // the exchange log last looked at, and how far
  unsigned long generation = ~0ul;
  std::size_t received = 0;
  std::size_t body = 0;
  std::size_t transcript = 0;  // socket transcript entries looked at
  std::size_t history = 0;     // history entries looked at
  std::size_t files = 0;       // workspace file names looked at
  std::size_t composer_body = ~std::size_t(0);  // the composer body's size when last looked at
  unsigned composer_epoch = ~0u;                // and the composer's widget_epoch then
  int composer_tab = -1;
};

// Looks at what is new since the last call (the front tab's composer and exchange, the socket
// transcript, history, workspace names). True from the first time CJK text is found. Call
// between frames; a few microseconds a frame once everything has been seen.
bool watch_for_cjk(CjkWatch& watch, const AppState& state, Platform& platform);

}  // namespace wirepad::ui
