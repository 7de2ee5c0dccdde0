// web: web_fonts.h. The fetch runs in JavaScript (fetch() + a buffer from malloc); each frame
// polls it, so nothing blocks and no callback re-enters ImGui mid-frame.
#include "web/web_fonts.h"

#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "imgui.h"
#include "imgui_impl_opengl3.h"

extern "C" {
// The JavaScript side allocates the font's buffer here; the font atlas takes it over.
EMSCRIPTEN_KEEPALIVE void* wirepad_font_alloc(int size) { return IM_ALLOC(std::size_t(size)); }
}

namespace wirepad::web {
namespace {

EM_JS(void, wirepad_fetch_cjk_font, (), {
  Module.wirepadCjkFont = {state : 0};
  fetch('fonts/cjk.ttf')
      .then(function(r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.arrayBuffer();
      })
      .then(function(buffer) {
        var size = buffer.byteLength;
        var ptr = _wirepad_font_alloc(size);
        HEAPU8.set(new Uint8Array(buffer), ptr);
        Module.wirepadCjkFont = {state : 1, ptr : ptr, size : size};
      })
      .catch(function(e) {
        console.warn('wirepad: the CJK font could not be loaded (' + e + '); such text shows as ?');
        Module.wirepadCjkFont = {state : -1};
      });
});
// 0 still fetching, 1 ready (ptr and size set), -1 failed.
EM_JS(int, wirepad_poll_cjk_font, (void** ptr, int* size), {
  var f = Module.wirepadCjkFont;
  if (!f) return 0;
  if (f.state === 1) {
    HEAPU32[ptr >> 2] = f.ptr;
    HEAP32[size >> 2] = f.size;
  }
  return f.state;
});

enum class Stage { ascii, fetching, loaded, failed };
Stage g_stage = Stage::ascii;
unsigned long g_generation = ~0ul;
std::size_t g_scanned = 0;  // bytes of the current response already scanned

bool beyond_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return true;
  return false;
}

bool wants_wide_font(const ui::AppState& state, ui::Platform& platform) {
  if (beyond_ascii(state.url) || beyond_ascii(state.body) || beyond_ascii(state.name)) return true;
  for (const ui::ComposerHeader& h : state.headers)
    if (beyond_ascii(h.value)) return true;
  bool found = false;
  platform.with_exchange([&](const ExchangeLog* log) {
    if (!log) return;
    if (g_generation != state.generation) {
      g_generation = state.generation;
      g_scanned = 0;
    }
    const std::string& bytes = log->bytes_received;
    if (g_scanned > bytes.size()) g_scanned = 0;
    found = beyond_ascii(std::string_view(bytes).substr(g_scanned));
    g_scanned = bytes.size();
  });
  return found;
}

}  // namespace

void update_fonts(const ui::AppState& state, ui::Platform& platform) {
  if (g_stage == Stage::ascii) {
    if (wants_wide_font(state, platform)) {
      wirepad_fetch_cjk_font();
      g_stage = Stage::fetching;
    }
    return;
  }
  if (g_stage != Stage::fetching) return;
  void* data = nullptr;
  int size = 0;
  int ready = wirepad_poll_cjk_font(&data, &size);
  if (ready == 0) return;
  if (ready < 0) {
    g_stage = Stage::failed;
    return;
  }
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  atlas.AddFontDefault();
  ImFontConfig config;
  config.MergeMode = true;
  config.OversampleH = 1;  // ideographs are dense: no horizontal oversampling (as the desktop)
  config.OversampleV = 1;
  // The atlas owns `data` now (allocated with IM_ALLOC) and frees it when cleared.
  if (!atlas.AddFontFromMemoryTTF(data, size, 13.0f, &config, atlas.GetGlyphRangesChineseSimplifiedCommon())) {
    atlas.Clear();
    atlas.AddFontDefault();
    g_stage = Stage::failed;
  } else {
    g_stage = Stage::loaded;
  }
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  EM_ASM({ window.wirepadCjkFontLoaded = $0; }, g_stage == Stage::loaded ? 1 : 0);
}

}  // namespace wirepad::web
