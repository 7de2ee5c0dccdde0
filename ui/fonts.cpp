// ui: fonts.h.
#include "ui/fonts.h"

#include "ui/tabs.h"
#include <imgui.h>

#include <cstring>

namespace wirepad::ui {
namespace {

// ImGui keeps a pointer to the ranges until the atlas is rebuilt: they live for the process.
const ImWchar* european_ranges() {
  static const ImWchar ranges[] = {
      0x0020, 0x00FF,  // Basic Latin, Latin-1
      0x0100, 0x024F,  // Latin Extended-A and -B
      0x0370, 0x03FF,  // Greek
      0x0400, 0x052F,  // Cyrillic
      0x2000, 0x206F,  // General Punctuation (… — ‘ ’ “ ”)
      0x20A0, 0x20CF,  // Currency symbols
      0x2190, 0x21FF,  // Arrows
      0x2500, 0x259F,  // Box drawing, block elements
      0x25A0, 0x25FF,  // Geometric shapes
      0x2600, 0x27BF,  // Miscellaneous symbols, dingbats (✓ ✗)
      0xFFFD, 0xFFFD,  // the replacement character
      0,
  };
  return ranges;
}

// What the atlas is built from, kept for rebuilds: the atlas does not own these bytes
// (FontDataOwnedByAtlas false), so each font is held once however often the atlas is rebuilt.
struct FontSet {
  std::vector<unsigned char> main;
  float pixel_size = 13;
  std::vector<unsigned char> fallback[kFallbackCount];
  std::vector<ImWchar> ranges[kFallbackCount];  // ImGui reads them until the next rebuild
};
FontSet& fonts() {
  static FontSet set;
  return set;
}

// Whether `bytes` start like a TrueType or OpenType font (an sfnt header: the version, then a
// table count). ImGui checks nothing before it rasterizes (its assert is off in release
// builds) and reads out of bounds on anything else: an HTML error page served as the font
// would crash the app.
bool looks_like_font(const std::vector<unsigned char>& bytes) {
  if (bytes.size() < 12) return false;
  const unsigned char* p = bytes.data();
  const bool version = (p[0] == 0 && p[1] == 1 && p[2] == 0 && p[3] == 0) || std::memcmp(p, "true", 4) == 0 ||
                       std::memcmp(p, "OTTO", 4) == 0;
  const unsigned tables = unsigned(p[4]) << 8 | p[5];
  return version && tables > 0 && tables < 256 && 12 + std::size_t(tables) * 16 <= bytes.size();
}

ImFont* add(ImFontAtlas& atlas, std::vector<unsigned char>& bytes, float size, const ImWchar* ranges, bool merge,
            int oversample) {
  if (!looks_like_font(bytes)) return nullptr;
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;
  config.MergeMode = merge;
  config.OversampleH = oversample;
  config.OversampleV = 1;
  return atlas.AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), size, &config, ranges);
}

// The main font, or ImGui's built-in one; false when the main font could not be read.
bool add_main_font(ImFontAtlas& atlas) {
  FontSet& set = fonts();
  atlas.Clear();
  // The GL driver keeps the atlas as RGBA: 512x1024 rounded up from 512x541 was 0.9 MiB more.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  if (!set.main.empty() && add(atlas, set.main, set.pixel_size, european_ranges(), false, 2)) return true;
  atlas.Clear();
  ImFontConfig config;
  config.SizePixels = set.pixel_size < 13 ? 13 : set.pixel_size;
  atlas.AddFontDefault(&config);
  return set.main.empty();
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
  return len;
}

// What Droid Sans Fallback draws and the main font does not: Hangul Jamo, CJK radicals and
// punctuation, kana, Bopomofo, Hangul compatibility Jamo, enclosed and compatibility forms,
// extension A and the unified ideographs, Hangul syllables, compatibility ideographs, vertical
// and halfwidth/fullwidth forms.
bool is_cjk_code_point(unsigned cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3000 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF);
}

std::string install_fonts(FontData data, float pixel_size) {
  FontSet& set = fonts();
  set.main = std::move(data.main);
  set.pixel_size = pixel_size;
  for (auto& ranges : set.ranges) ranges.clear();
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  if (!add_main_font(atlas)) return "the main font could not be read: using ImGui's built-in ASCII font";
  return set.main.empty() ? "no font data: using ImGui's built-in ASCII font" : "";
}

Fallback fallback_for(unsigned cp) {
  const bool hangul = (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
                      (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF);
  return hangul ? Fallback::hangul : Fallback::cjk;
}

void set_fallback_font(Fallback which, std::vector<unsigned char> bytes) {
  fonts().fallback[int(which)] = std::move(bytes);
}

bool has_fallback_font(Fallback which) { return !fonts().fallback[int(which)].empty(); }

std::string set_cjk_glyphs(CjkWatch& watch) {
  FontSet& set = fonts();
  watch.in_atlas = watch.seen_count;
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  const bool main_ok = add_main_font(atlas);
  std::string note;
  bool european_added = false;
  for (int f = 0; f < kFallbackCount; ++f) {
    std::vector<ImWchar>& ranges = set.ranges[f];
    ranges.clear();
    if (set.fallback[f].empty()) {
      if (watch.wants[f])
        note = f == int(Fallback::hangul) ? "no Korean font: Hangul shows as '?' (install fonts-nanum)"
                                          : "no CJK font: Chinese and Japanese text shows as '?' (install fonts-droid-fallback)";
      continue;
    }
    // With ImGui's ASCII font (no main font), the first fallback brings European scripts too.
    if ((set.main.empty() || !main_ok) && !european_added) {
      for (const ImWchar* r = european_ranges(); *r; ++r) ranges.push_back(*r);
      european_added = true;
    }
    // Every code point found that this font draws, consecutive ones as one range.
    for (unsigned cp = 0; cp < 0x10000; ++cp) {
      if (!watch.seen[cp] || int(fallback_for(cp)) != f) continue;
      unsigned last = cp;
      while (last + 1 < 0x10000 && watch.seen[last + 1] && int(fallback_for(last + 1)) == f) ++last;
      ranges.push_back(ImWchar(cp));
      ranges.push_back(ImWchar(last));
      cp = last;
    }
    if (ranges.empty()) continue;
    ranges.push_back(0);
    // Ideographs are square and dense: horizontal oversampling would double the atlas build
    // time for no visible gain.
    if (!add(atlas, set.fallback[f], set.pixel_size, ranges.data(), true, 1)) {
      set.fallback[f].clear();  // not a font: build without it, and never try it again
      set_cjk_glyphs(watch);
      return f == int(Fallback::hangul) ? "the Korean font could not be read: Hangul shows as '?'"
                                        : "the CJK font could not be read: Chinese and Japanese text shows as '?'";
    }
  }
  return note;
}

bool has_cjk_text(std::string_view text, bool at_start) {
  bool found = false;
  for_each_cjk_char(text, at_start, [&](unsigned) { found = true; });
  return found;
}

bool watch_for_cjk(CjkWatch& watch, const AppState& state, Platform& platform) {
  auto look = [&](std::string_view text, bool at_start) {
    for_each_cjk_char(text, at_start, [&](unsigned cp) {
      if (cp < watch.seen.size() && !watch.seen[cp]) {
        watch.seen[cp] = true;
        ++watch.seen_count;
        watch.wants[int(fallback_for(cp))] = true;
      }
    });
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
    auto look_new = [&](std::string_view bytes, std::size_t& seen) {
      if (seen > bytes.size()) seen = 0;
      if (seen == bytes.size()) return;
      const std::size_t from = seen > 16 ? seen - 16 : 0;
      look(bytes.substr(from), from == 0);
      seen = bytes.size();
    };
    look_new(log->bytes_received, watch.received);
    look_new(log->display_body(), watch.body);
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
  return watch.seen_count > watch.in_atlas;
}

}  // namespace wirepad::ui
