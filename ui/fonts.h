// ui: the fonts the front end draws with. Dear ImGui's built-in font is ASCII only; a
// network tool shows whatever bytes arrive, so the builds hand in TrueType data for a
// monospace font with wide European coverage and a CJK fallback merged into it. The UI reads
// no files: each build finds the bytes its own way (the desktop from Debian's font packages).
// Depends on: Dear ImGui (in the .cpp).
#pragma once
#include <string>
#include <vector>

namespace wirepad::ui {

struct FontData {
  std::vector<unsigned char> main;  // e.g. DejaVu Sans Mono (fonts-dejavu-core)
  std::vector<unsigned char> cjk;   // e.g. Droid Sans Fallback (fonts-droid-fallback); may be empty
};

// Adds the fonts to the current ImGui context at `pixel_size`; with no data keeps ImGui's
// built-in font. Returns a sentence for the log when something was left out, else "".
std::string install_fonts(FontData data, float pixel_size);

}  // namespace wirepad::ui
