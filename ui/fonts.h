// ui: the fonts the front end draws with. Dear ImGui's built-in font is ASCII only; a
// network tool shows whatever bytes arrive, so the builds hand in TrueType data for a
// monospace font with wide European coverage, and two fallbacks merged into it (Droid Sans
// Fallback for Chinese and Japanese, Nanum Gothic Coding for Korean: Droid has no Hangul) with
// the glyphs of the CJK characters actually shown, as they are found: the whole CJK repertoire (tens of thousands of ideographs and Hangul
// syllables) would be far too large an atlas to build, any fixed subset (ImGui's 2,500 common
// simplified Chinese ideographs) leaves Korean, Japanese and traditional Chinese text as '?',
// and most sessions show no CJK at all (docs/desktop-performance.md). The UI reads no files:
// each build finds the bytes its own way (the desktop from Debian's font packages).
// Depends on: ui/app.h; Dear ImGui (in the .cpp).
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

// The fallback fonts, each for its characters (fallback_for):
enum class Fallback {
  cjk,     // ideographs, kana, CJK punctuation, fullwidth forms: Droid Sans Fallback (fonts-droid-fallback)
  hangul,  // Korean: Nanum Gothic Coding (fonts-nanum)
};
inline constexpr int kFallbackCount = 2;
Fallback fallback_for(unsigned code_point);  // for a code point is_cjk_code_point() accepts

// Sets the fonts of the current ImGui context at `pixel_size` (kept for later rebuilds); with
// no main font, ImGui's built-in ASCII font. Returns a sentence for the log when something was
// left out, else "". The atlas is built by the renderer's next frame.
std::string install_fonts(FontData data, float pixel_size);
// Hands in a fallback font's TrueType data (kept for rebuilds; empty: the build has none).
void set_fallback_font(Fallback which, std::vector<unsigned char> bytes);
bool has_fallback_font(Fallback which);
// Sets the atlas again: the main font, and each fallback font given with the glyphs of the
// code points `watch` found that it draws, which it marks as in the atlas. Between frames (the
// atlas must not be in use); the caller then re-creates the font texture. Returns a sentence
// when characters were found for a fallback font that is missing or unreadable.
struct CjkWatch;
std::string set_cjk_glyphs(CjkWatch& watch);

// The CJK characters of `text` (CJK punctuation, kana, Hangul, ideographs, fullwidth forms)
// that stand inside text: well-formed UTF-8 without control bytes for at least 8 bytes before
// it (or from the start when `at_start`) and 8 bytes after it (or to the end). `found` is
// called with each one's code point. The condition keeps binary bodies (images, compressed
// data), where such byte patterns occur by chance, from asking for glyphs.
template <class F>
void for_each_cjk_char(std::string_view text, bool at_start, F&& found);
bool has_cjk_text(std::string_view text, bool at_start);

// How far watch_for_cjk() has looked at each thing the UI shows, and what it found.
struct CjkWatch {
  std::vector<bool> seen = std::vector<bool>(0x10000);  // code points found (the BMP: ImGui's ImWchar)
  std::size_t seen_count = 0;
  std::size_t in_atlas = 0;  // how many of them set_cjk_glyphs put in the atlas
  bool wants[kFallbackCount] = {};  // characters were found for this fallback font
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
// transcript, history, workspace names). True when CJK characters were found that the atlas
// does not have yet (then set_cjk_glyphs). Call between frames; a few microseconds a frame
// once everything has been seen.
bool watch_for_cjk(CjkWatch& watch, const AppState& state, Platform& platform);

// The code point of the well-formed UTF-8 text character at `p` (of `n` bytes left) and its
// length; length 0 when the byte there is not text (a control byte, a broken sequence).
std::size_t text_char(const unsigned char* p, std::size_t n, unsigned& cp);
bool is_cjk_code_point(unsigned cp);

template <class F>
void for_each_cjk_char(std::string_view text, bool at_start, F&& found) {
  constexpr std::size_t kTextRun = 8;  // bytes of text needed on each side
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t run = at_start ? kTextRun : 0;  // bytes of text just before i
  std::size_t text_until = 0;                 // known text up to here (from a look ahead)
  for (std::size_t i = 0; i < n;) {
    unsigned cp = 0;
    const std::size_t len = text_char(p + i, n - i, cp);
    if (len == 0) {
      run = 0;
      ++i;
      continue;
    }
    if (run >= kTextRun && is_cjk_code_point(cp)) {
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
