// ui: the fonts the front end draws with. Dear ImGui's built-in font is ASCII only; a
// network tool shows whatever bytes arrive, so the builds hand in TrueType data for a
// monospace font with wide European coverage (DejaVu Sans Mono), and fallbacks merged into it:
// Symbola for emoji and the symbols the main font lacks, Droid Sans Fallback for Chinese and
// Japanese, Nanum Gothic Coding for Korean (Droid has no Hangul). The atlas holds the main
// font's European ranges, and beyond them only the glyphs of characters actually shown, as
// they are found: the whole repertoire (tens of thousands of ideographs and Hangul syllables,
// thousands of emoji) would be far too large an atlas to build, any fixed subset (ImGui's
// 2,500 common simplified Chinese ideographs) leaves other text as '?', and most sessions
// show none of it (docs/desktop-performance.md). ImGui is built with 32-bit characters
// (IMGUI_USE_WCHAR32, cmake/imgui.cmake), so emoji beyond U+FFFF are characters like any other.
// Every font must have outlines: stb_truetype, ImGui's rasterizer, cannot read colour bitmap
// fonts such as Noto Color Emoji (CBDT tables only), which are refused with a sentence.
// The UI reads no files: each build finds the bytes its own way (the desktop from Debian's
// font packages, the browser from `wirepad serve`).
// Depends on: ui/app.h; Dear ImGui and its stb_truetype (in the .cpp).
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

struct FontData {
  std::vector<unsigned char> main;  // e.g. DejaVu Sans Mono (fonts-dejavu-core)
};

// The fallback fonts, in the order they are merged (the first font that has a glyph draws it),
// each loaded for its characters (fallback_for):
enum class Fallback {
  cjk,      // ideographs, kana, CJK punctuation, fullwidth forms: Droid Sans Fallback (fonts-droid-fallback)
  hangul,   // Korean: Nanum Gothic Coding (fonts-nanum)
  symbols,  // emoji and every other symbol the main font lacks: Symbola (fonts-symbola)
};
inline constexpr int kFallbackCount = 3;
Fallback fallback_for(unsigned code_point);  // for a code point is_extra_code_point() accepts

// Sets the fonts of the current ImGui context at `pixel_size` (kept for later rebuilds); with
// no main font, ImGui's built-in ASCII font. Returns a sentence for the log when something was
// left out, else "". The atlas is built by the renderer's next frame. Characters found before
// (a GlyphWatch) are put in again by the next set_watched_glyphs.
std::string install_fonts(FontData data, float pixel_size);
bool has_main_font();  // install_fonts was given a readable font
// Hands in a fallback font's TrueType data (kept for rebuilds; empty: the build has none).
void set_fallback_font(Fallback which, std::vector<unsigned char> bytes);
bool has_fallback_font(Fallback which);
// Sets the atlas again: the main font with its European ranges and the characters `watch`
// found that it draws, then each fallback font given with the found characters it draws; marks
// them as in the atlas. Between frames (the atlas must not be in use); the caller then
// re-creates the font texture. Returns a sentence when characters were found for a fallback
// font that is missing or unreadable.
struct GlyphWatch;
std::string set_watched_glyphs(GlyphWatch& watch);

// The characters of `text` the atlas does not have from the start (is_extra_code_point: emoji,
// symbols, CJK, scripts beyond the European ones) that stand inside text: well-formed UTF-8
// without control bytes for at least 8 bytes before it (or from the start when `at_start`)
// and 8 bytes after it (or to the end). `found` is called with each one's code point. The
// condition keeps binary bodies (images, compressed data), where such byte patterns occur by
// chance, from asking for glyphs.
template <class F>
void for_each_extra_char(std::string_view text, bool at_start, F&& found);
bool has_extra_text(std::string_view text, bool at_start);

// How far watch_for_glyphs() has looked at each thing the UI shows, and what it found.
struct GlyphWatch {
  std::vector<bool> seen = std::vector<bool>(0x110000);  // code points found (all of Unicode: ImWchar is 32-bit)
  std::vector<unsigned> found;  // the same, in the order found
  std::size_t in_atlas = 0;     // how many of them set_watched_glyphs put in the atlas
  bool wants[kFallbackCount] = {};  // characters the main font lacks were found for this fallback font
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
// transcript, history, workspace names). True when characters were found that the atlas does
// not have yet (then set_watched_glyphs). Which fallback fonts they need (watch.wants) is
// decided against the main font installed now: install it first. Call between frames; a few
// microseconds a frame once everything has been seen.
bool watch_for_glyphs(GlyphWatch& watch, const AppState& state, Platform& platform);
// Records `cp` as found (what watch_for_glyphs does with each character); true when it is new.
bool note_glyph(GlyphWatch& watch, unsigned cp);

// The code point of the well-formed UTF-8 text character at `p` (of `n` bytes left) and its
// length; length 0 when the byte there is not text (a control byte, a broken sequence).
std::size_t text_char(const unsigned char* p, std::size_t n, unsigned& cp);
// Beyond ASCII and outside the main font's fixed European ranges (the atlas has those from
// the start).
bool is_extra_code_point(unsigned cp);
bool is_cjk_code_point(unsigned cp);

template <class F>
void for_each_extra_char(std::string_view text, bool at_start, F&& found) {
  constexpr std::size_t kTextRun = 8;  // bytes of text needed on each side
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t run = at_start ? kTextRun : 0;  // bytes of text just before i
  std::size_t text_until = 0;                 // known text up to here (from a look ahead)
  for (std::size_t i = 0; i < n;) {
    // ASCII first, without a call: it is never an extra character, only text (or a control
    // byte that ends a run). Most bytes of any body are ASCII.
    const unsigned char c = p[i];
    if (c < 0x80) {
      if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r') {
        ++run;
      } else {
        run = 0;
      }
      ++i;
      continue;
    }
    unsigned cp = 0;
    const std::size_t len = text_char(p + i, n - i, cp);
    if (len == 0) {
      run = 0;
      ++i;
      continue;
    }
    if (run >= kTextRun && is_extra_code_point(cp)) {
      // And text after it, up to kTextRun bytes or the end: in random bytes, 8 bytes of text
      // on each side of an ideograph-shaped sequence are about one in 3e9 positions.
      std::size_t j = std::max(i + len, text_until);
      unsigned ignored = 0;
      while (j < n && j - (i + len) < kTextRun) {
        const std::size_t next = text_char(p + j, n - j, ignored);
        if (next == 0) break;
        j += next;
      }
      text_until = j;
      if (j - (i + len) >= kTextRun || j == n) found(cp);
    }
    run += len;
    i += len;
  }
}

}  // namespace wirepad::ui
