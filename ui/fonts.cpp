// ui: fonts.h.
#include "ui/fonts.h"

#include "ui/tabs.h"
#include <imgui.h>

// ImGui's own copy of stb_truetype (the one its atlas rasterizes with), compiled static here
// as in imgui_draw.cpp: it answers whether a font can be read and which glyphs it has.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>

#include <cstring>

static_assert(sizeof(ImWchar) == 4, "Dear ImGui must be built with IMGUI_USE_WCHAR32 (cmake/imgui.cmake)");

namespace wirepad::ui {
namespace {

// The main font's ranges in every atlas. ImGui keeps a pointer to the ranges until the atlas
// is rebuilt: these live for the process.
const ImWchar* european_ranges() {
  static const ImWchar ranges[] = {
      0x0020, 0x00FF,  // Basic Latin, Latin-1
      0x0100, 0x024F,  // Latin Extended-A and -B
      0x0370, 0x03FF,  // Greek
      0x0400, 0x052F,  // Cyrillic
      0x2000, 0x206F,  // General Punctuation (… — ‘ ’ “ ”)
      0x20A0, 0x20CF,  // Currency symbols
      0x2190, 0x21FF,  // Arrows (→)
      0x2500, 0x259F,  // Box drawing, block elements
      0x25A0, 0x25FF,  // Geometric shapes
      0x2600, 0x27BF,  // Miscellaneous symbols, dingbats (✓ ✗ ★)
      0xFFFD, 0xFFFD,  // the replacement character
      0,
  };
  return ranges;
}

constexpr unsigned kEuropeanEnd = 0x27C0;  // the ranges end here, but for U+FFFD

// What the atlas is built from, kept for rebuilds: the atlas does not own these bytes
// (FontDataOwnedByAtlas false), so each font is held once however often the atlas is rebuilt.
struct FontSet {
  std::vector<unsigned char> main;
  bool main_readable = false;
  stbtt_fontinfo main_info{};  // over `main`, when readable: which glyphs it has
  // Code points below kEuropeanEnd the atlas draws from the start: in the European ranges and
  // in the main font (ImGui's built-in font without one: Latin-1). A font has no glyph for
  // some of its ranges' code points (DejaVu Sans Mono: ❌ U+274C), which are then watched for.
  std::vector<bool> from_start = latin1();
  bool replacement_from_start = false;  // U+FFFD
  static std::vector<bool> latin1() {
    std::vector<bool> drawn(kEuropeanEnd);
    for (unsigned cp = 0x20; cp <= 0xFF; ++cp) drawn[cp] = true;
    return drawn;
  }
  float pixel_size = 13;
  std::vector<unsigned char> fallback[kFallbackCount];
  std::vector<ImWchar> main_ranges;                // ImGui reads them until the next rebuild
  std::vector<ImWchar> ranges[kFallbackCount];     // likewise
};
FontSet& fonts() {
  static FontSet set;
  return set;
}

// Whether `bytes` are a font ImGui can rasterize: an sfnt header (the version, then a table
// count) whose table directory fits, that stb_truetype can open (it needs glyph outlines:
// 'glyf' or 'CFF '; a colour bitmap font such as Noto Color Emoji has neither). ImGui checks
// nothing before it rasterizes (its assert is off in release builds) and reads out of bounds
// on anything else, or fails the whole atlas: an HTML error page served as the font would
// crash the app.
bool readable_font(const std::vector<unsigned char>& bytes, stbtt_fontinfo* info) {
  if (bytes.size() < 12) return false;
  const unsigned char* p = bytes.data();
  const bool version = (p[0] == 0 && p[1] == 1 && p[2] == 0 && p[3] == 0) || std::memcmp(p, "true", 4) == 0 ||
                       std::memcmp(p, "OTTO", 4) == 0;
  const unsigned tables = unsigned(p[4]) << 8 | p[5];
  if (!version || tables == 0 || tables >= 256 || 12 + std::size_t(tables) * 16 > bytes.size()) return false;
  stbtt_fontinfo scratch;
  return stbtt_InitFont(info ? info : &scratch, p, 0) != 0;
}

// Whether the main font (ImGui's built-in one without it: Latin-1) draws `cp`.
bool main_draws(unsigned cp) {
  const FontSet& set = fonts();
  if (!set.main_readable) return cp >= 0x20 && cp <= 0xFF;
  return stbtt_FindGlyphIndex(&set.main_info, int(cp)) != 0;
}

ImFont* add(ImFontAtlas& atlas, std::vector<unsigned char>& bytes, float size, const ImWchar* ranges, bool merge,
            int oversample) {
  if (!readable_font(bytes, nullptr)) return nullptr;
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;
  config.MergeMode = merge;
  config.OversampleH = oversample;
  config.OversampleV = 1;
  return atlas.AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), size, &config, ranges);
}

// Sorted code points as ImGui ranges (consecutive ones as one range), appended to `out`.
void append_ranges(std::vector<ImWchar>& out, const std::vector<unsigned>& sorted) {
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    out.push_back(ImWchar(sorted[i]));
    out.push_back(ImWchar(sorted[j]));
    i = j + 1;
  }
}

// The main font with its European ranges and `extra` (sorted code points it draws), or
// ImGui's built-in one; false when the main font could not be read.
bool add_main_font(ImFontAtlas& atlas, const std::vector<unsigned>& extra) {
  FontSet& set = fonts();
  atlas.Clear();
  // The GL driver keeps the atlas as RGBA: 512x1024 rounded up from 512x541 was 0.9 MiB more.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  if (set.main_readable) {
    set.main_ranges.clear();
    for (const ImWchar* r = european_ranges(); *r; ++r) set.main_ranges.push_back(*r);
    append_ranges(set.main_ranges, extra);
    set.main_ranges.push_back(0);
    if (add(atlas, set.main, set.pixel_size, set.main_ranges.data(), false, 2)) return true;
  }
  atlas.Clear();
  ImFontConfig config;
  config.SizePixels = set.pixel_size < 13 ? 13 : set.pixel_size;
  atlas.AddFontDefault(&config);
  return set.main.empty();
}

const char* missing_font_note(int f) {
  switch (Fallback(f)) {
    case Fallback::cjk: return "no CJK font: Chinese and Japanese text shows as '?' (install fonts-droid-fallback)";
    case Fallback::hangul: return "no Korean font: Hangul shows as '?' (install fonts-nanum)";
    case Fallback::symbols: return "no symbol font: emoji and symbols show as '?' (install fonts-symbola)";
  }
  return "";
}
const char* unreadable_font_note(int f) {
  switch (Fallback(f)) {
    case Fallback::cjk: return "the CJK font could not be read: Chinese and Japanese text shows as '?'";
    case Fallback::hangul: return "the Korean font could not be read: Hangul shows as '?'";
    case Fallback::symbols: return "the symbol font could not be read (no glyph outlines?): emoji and symbols show as '?'";
  }
  return "";
}

}  // namespace

std::size_t text_char(const unsigned char* p, std::size_t n, unsigned& cp) {
  const unsigned char c = p[0];
  cp = c;
  if (c < 0x80) return (c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
  const std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (len == 0 || len > n) return 0;
  cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (std::size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 §3).
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

bool is_extra_code_point(unsigned cp) {
  const FontSet& set = fonts();
  // C1 controls (U+0080..U+009F): no font has a glyph for them, so none is looked for.
  if (cp < kEuropeanEnd) return cp >= 0xA0 && !set.from_start[cp];
  return cp <= 0x10FFFF && !(cp == 0xFFFD && set.replacement_from_start);
}

// What Droid Sans Fallback draws and the main font does not: Hangul Jamo, CJK radicals and
// punctuation, kana, Bopomofo, Hangul compatibility Jamo, enclosed and compatibility forms,
// extension A and the unified ideographs, Hangul syllables, compatibility ideographs, vertical
// and halfwidth/fullwidth forms; and the ideographs of the supplementary planes (extension B
// and later).
bool is_cjk_code_point(unsigned cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3000 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

std::string install_fonts(FontData data, float pixel_size) {
  FontSet& set = fonts();
  set.main = std::move(data.main);
  set.main_readable = readable_font(set.main, &set.main_info);
  set.from_start = FontSet::latin1();
  set.replacement_from_start = false;
  if (set.main_readable) {
    for (const ImWchar* r = european_ranges(); r[0]; r += 2)
      for (unsigned cp = r[0]; cp <= r[1]; ++cp) {
        const bool drawn = main_draws(cp);
        if (cp < kEuropeanEnd) set.from_start[cp] = drawn;
        else if (cp == 0xFFFD) set.replacement_from_start = drawn;
      }
  }
  set.pixel_size = pixel_size;
  for (auto& ranges : set.ranges) ranges.clear();
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  if (!add_main_font(atlas, {})) return "the main font could not be read: using ImGui's built-in ASCII font";
  return set.main.empty() ? "no font data: using ImGui's built-in ASCII font" : "";
}

bool has_main_font() { return fonts().main_readable; }

Fallback fallback_for(unsigned cp) {
  const bool hangul = (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
                      (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF);
  return hangul ? Fallback::hangul : is_cjk_code_point(cp) ? Fallback::cjk : Fallback::symbols;
}

void set_fallback_font(Fallback which, std::vector<unsigned char> bytes) {
  fonts().fallback[int(which)] = std::move(bytes);
}

bool has_fallback_font(Fallback which) { return !fonts().fallback[int(which)].empty(); }

std::string set_watched_glyphs(GlyphWatch& watch) {
  FontSet& set = fonts();
  watch.in_atlas = watch.found.size();
  // The found code points the main font draws go into its own ranges; the rest are offered to
  // each fallback font in turn: ImGui takes each glyph from the first font that has it, and
  // leaves out what a font lacks.
  std::vector<unsigned> sorted = watch.found;
  std::sort(sorted.begin(), sorted.end());
  std::vector<unsigned> by_main, others;
  for (unsigned cp : sorted) (main_draws(cp) ? by_main : others).push_back(cp);
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  add_main_font(atlas, by_main);
  std::string note;
  for (int f = 0; f < kFallbackCount; ++f) {
    std::vector<ImWchar>& ranges = set.ranges[f];
    ranges.clear();
    if (set.fallback[f].empty()) {
      if (watch.wants[f]) note = missing_font_note(f);
      continue;
    }
    append_ranges(ranges, others);
    if (ranges.empty()) continue;
    ranges.push_back(0);
    // Ideographs and emoji are square and dense: horizontal oversampling would double the
    // atlas build time for no visible gain.
    if (!add(atlas, set.fallback[f], set.pixel_size, ranges.data(), true, 1)) {
      set.fallback[f].clear();  // not a font: build without it, and never try it again
      set_watched_glyphs(watch);
      return unreadable_font_note(f);
    }
  }
  return note;
}

bool has_extra_text(std::string_view text, bool at_start) {
  bool found = false;
  for_each_extra_char(text, at_start, [&](unsigned) { found = true; });
  return found;
}

bool note_glyph(GlyphWatch& watch, unsigned cp) {
  if (cp >= watch.seen.size() || watch.seen[cp]) return false;
  watch.seen[cp] = true;
  watch.found.push_back(cp);
  if (!main_draws(cp)) watch.wants[int(fallback_for(cp))] = true;
  return true;
}

bool watch_for_glyphs(GlyphWatch& watch, const AppState& state, Platform& platform) {
  auto look = [&](std::string_view text, bool at_start) {
    for_each_extra_char(text, at_start, [&](unsigned cp) { note_glyph(watch, cp); });
  };
  // What is typed: URL, name and headers are short; the body is looked at again when its size
  // changes or the composer is replaced.
  look(state.url, true);
  look(state.name, true);
  for (const ComposerHeader& header : state.headers) {
    look(header.name, true);
    look(header.value, true);
  }
  if (state.body.size() != watch.composer_body || state.widget_epoch != watch.composer_epoch ||
      state.id != watch.composer_tab) {
    look(state.body, true);
    watch.composer_body = state.body.size();
    watch.composer_epoch = state.widget_epoch;
    watch.composer_tab = state.id;
  }
  // The exchange shown: what arrived (Wire, Raw) and the decoded body (Body), each from where
  // the last look ended; 16 bytes back, so a character split between two reads is seen whole.
  auto look_log = [&](const ExchangeLog* log) {
    if (!log) return;
    if (log != watch.log || state.generation != watch.generation) {
      watch.log = log;
      watch.generation = state.generation;
      watch.received = watch.body = 0;
    }
    // At most kWatchBytesPerFrame new bytes a frame: 100 MiB arriving between two frames were
    // otherwise all looked at in one frame (hundreds of ms with the page's main thread, which
    // also takes the relay's messages). The rest is looked at in the frames that follow.
    constexpr std::size_t kWatchBytesPerFrame = 1 << 20;
    auto look_new = [&](std::string_view bytes, std::size_t& seen) {
      if (seen > bytes.size()) seen = 0;
      if (seen == bytes.size()) return;
      const std::size_t from = seen > 16 ? seen - 16 : 0;
      const std::size_t until = std::min(bytes.size(), seen + kWatchBytesPerFrame);
      // 16 bytes past the cut too, so a character near it is judged with the text after it.
      look(bytes.substr(from, std::min(bytes.size(), until + 16) - from), from == 0);
      seen = until;
    };
    look_new(log->bytes_received, watch.received);
    // A body framed by length or by the close, with no content coding undone, is a range of
    // bytes_received, looked at just above: looking at it again doubled the cost of a large
    // download in the browser (docs/benchmarks.md, "Browser build").
    const std::string_view body = log->display_body();
    const std::string_view received(log->bytes_received);
    const bool inside_received = !body.empty() && body.data() >= received.data() &&
                                 body.data() + body.size() <= received.data() + received.size();
    if (inside_received) {
      watch.body = body.size();
    } else {
      look_new(body, watch.body);
    }
  };
  with_front_exchange(state, platform, look_log);
  platform.with_socket([&](const SocketLog* log) {
    if (!log) return;
    if (watch.transcript > log->transcript.size()) watch.transcript = 0;
    for (; watch.transcript < log->transcript.size(); ++watch.transcript) {
      look(log->transcript[watch.transcript].bytes, true);
      look(log->transcript[watch.transcript].text, true);
    }
  });
  if (watch.history > state.history.entries.size()) watch.history = 0;
  for (; watch.history < state.history.entries.size(); ++watch.history)
    look(state.history.entries[watch.history].experiment.request.url, true);
  if (watch.files > state.workspace.files.size()) watch.files = 0;
  for (; watch.files < state.workspace.files.size(); ++watch.files) look(state.workspace.files[watch.files], true);
  return watch.found.size() > watch.in_atlas;
}

}  // namespace wirepad::ui
