// ui: fonts.h.
#include "ui/fonts.h"

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

ImFont* add(ImFontAtlas& atlas, std::vector<unsigned char>& bytes, float size, const ImWchar* ranges, bool merge,
            int oversample) {
  // The atlas frees what it owns with IM_FREE, so it gets its own copy from IM_ALLOC.
  void* copy = IM_ALLOC(bytes.size());
  std::memcpy(copy, bytes.data(), bytes.size());
  ImFontConfig config;
  config.MergeMode = merge;
  config.OversampleH = oversample;
  config.OversampleV = 1;
  return atlas.AddFontFromMemoryTTF(copy, static_cast<int>(bytes.size()), size, &config, ranges);
}

// The code points GetGlyphRangesChineseSimplifiedCommon() adds beyond the main font:
// CJK punctuation and kana, katakana extensions, ideographs, fullwidth forms.
bool cjk_code_point(unsigned cp) {
  return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x4E00 && cp <= 0x9FAF) ||
         (cp >= 0xFF00 && cp <= 0xFFEF);
}

constexpr std::size_t kTextRun = 8;  // bytes of text needed on each side of a CJK character

}  // namespace

std::string install_fonts(FontData data, float pixel_size) {
  if (data.main.empty()) return "no font data: using ImGui's built-in ASCII font";
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  // The GL driver keeps the atlas as RGBA: 512x1024 rounded up from 512x541 was 0.9 MiB more.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  if (!add(atlas, data.main, pixel_size, european_ranges(), false, 2)) {
    atlas.Clear();
    atlas.AddFontDefault();
    return "the main font could not be read: using ImGui's built-in ASCII font";
  }
  if (data.cjk.empty()) return "";
  return add_cjk_font(std::move(data.cjk), pixel_size);
}

std::string add_cjk_font(std::vector<unsigned char> cjk, float pixel_size) {
  if (cjk.empty()) return "no CJK font: Chinese and Japanese text shows as '?'";
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  // The common simplified Chinese set (2500 ideographs) plus kana and CJK punctuation:
  // the full CJK block would make the atlas too large to build.
  // Ideographs are square and dense: horizontal oversampling would double the atlas build
  // time (measured: ~230 ms of software rasterizing) for no visible gain.
  if (!add(atlas, cjk, pixel_size, atlas.GetGlyphRangesChineseSimplifiedCommon(), true, 1))
    return "the CJK font could not be read: Chinese and Japanese text shows as '?'";
  return "";
}

bool has_cjk_text(std::string_view text, bool at_start) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  // The length of the text character at i (printable ASCII, tab, line break, well-formed
  // UTF-8) and its code point; 0 when the byte there is no text.
  auto unit = [&](std::size_t i, unsigned& cp) -> std::size_t {
    const unsigned char c = p[i];
    cp = c;
    if (c < 0x80) return (c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    const std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (len == 0 || i + len > n) return 0;
    cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    return len;
  };
  std::size_t run = at_start ? kTextRun : 0;  // bytes of text just before i
  for (std::size_t i = 0; i < n;) {
    unsigned cp = 0;
    const std::size_t len = unit(i, cp);
    if (len == 0) {
      run = 0;
      ++i;
      continue;
    }
    if (run >= kTextRun && cjk_code_point(cp)) {
      // And text after it, up to kTextRun bytes or the end: in random bytes, 8 bytes of text
      // on each side of an ideograph-shaped sequence are about one in 3e9 positions.
      std::size_t after = 0, j = i + len;
      unsigned ignored = 0;
      while (j < n && after < kTextRun) {
        const std::size_t next = unit(j, ignored);
        if (next == 0) break;
        after += next;
        j += next;
      }
      if (after >= kTextRun || j == n) return true;
    }
    run += len;
    i += len;
  }
  return false;
}

bool watch_for_cjk(CjkWatch& watch, const AppState& state, Platform& platform) {
  if (watch.found) return true;
  auto look = [&](std::string_view text, bool at_start) {
    if (!watch.found && has_cjk_text(text, at_start)) watch.found = true;
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
  if (state.live_tab == state.id) platform.with_exchange(look_log);
  else look_log(state.kept_log.get());
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
  return watch.found;
}

}  // namespace wirepad::ui
