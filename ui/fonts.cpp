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

}  // namespace

std::string install_fonts(FontData data, float pixel_size) {
  if (data.main.empty()) return "no font data: using ImGui's built-in ASCII font";
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  if (!add(atlas, data.main, pixel_size, european_ranges(), false, 2)) {
    atlas.Clear();
    atlas.AddFontDefault();
    return "the main font could not be read: using ImGui's built-in ASCII font";
  }
  if (data.cjk.empty()) return "no CJK font: Chinese and Japanese text shows as '?'";
  // The common simplified Chinese set (2500 ideographs) plus kana and CJK punctuation:
  // the full CJK block would make the atlas too large to build at start.
  // Ideographs are square and dense: horizontal oversampling would double the atlas build
  // time at start (measured: ~230 ms of software rasterizing) for no visible gain.
  if (!add(atlas, data.cjk, pixel_size, atlas.GetGlyphRangesChineseSimplifiedCommon(), true, 1))
    return "the CJK font could not be read: Chinese and Japanese text shows as '?'";
  return "";
}

}  // namespace wirepad::ui
