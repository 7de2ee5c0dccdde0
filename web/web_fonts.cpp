// web: web_fonts.h. The fetches run in JavaScript (fetch() + a buffer from malloc); each frame
// polls them, so nothing blocks and no callback re-enters ImGui mid-frame.
#include "web/web_fonts.h"

#include <emscripten.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "ui/fonts.h"

extern "C" {
// The JavaScript side allocates a font's buffer here; update_fonts hands it to ui/fonts.
EMSCRIPTEN_KEEPALIVE void* wirepad_font_alloc(int size) { return std::malloc(std::size_t(size)); }
}

namespace wirepad::web {
namespace {

// Module.wirepadFonts[slot]: {state: 0} while fetching, {state: 1, ptr, size} once in the
// heap, {state: -1} when it failed (said on the console: such text stays '?'). The page
// (index.html) starts fetching the main font before the wasm is even downloaded: its bytes,
// once they are in, wait in Module.wirepadPrefetched[url] and are taken at once (the first
// frame then draws with it); while they are on their way, the promise in
// Module.wirepadPrefetch[url] is taken instead of a second fetch.
EM_JS(void, wirepad_fetch_font, (int slot, const char* url_c), {
  var url = UTF8ToString(url_c);
  Module.wirepadFonts = Module.wirepadFonts || {};
  Module.wirepadFonts[slot] = {state : 0};
  function store(buffer) {
    var size = buffer.byteLength;
    var ptr = _wirepad_font_alloc(size);
    HEAPU8.set(new Uint8Array(buffer), ptr);
    Module.wirepadFonts[slot] = {state : 1, ptr : ptr, size : size};
  }
  var arrived = Module.wirepadPrefetched && Module.wirepadPrefetched[url];
  if (arrived) return store(arrived);
  var early = Module.wirepadPrefetch && Module.wirepadPrefetch[url];
  (early || fetch(url).then(function(r) {
    if (!r.ok) throw new Error('HTTP ' + r.status);
    return r.arrayBuffer();
  }))
      .then(store)
      .catch(function(e) {
        console.warn('wirepad: ' + url + ' could not be loaded (' + e + '); such text shows as ?');
        Module.wirepadFonts[slot] = {state : -1};
      });
});
EM_JS(int, wirepad_poll_font, (int slot, void** ptr, int* size), {
  var f = Module.wirepadFonts && Module.wirepadFonts[slot];
  if (!f) return 0;
  if (f.state === 1) {
    HEAPU32[ptr >> 2] = f.ptr;
    HEAP32[size >> 2] = f.size;
  }
  return f.state;
});

// The desktop's size at scale 1 (native/desktop.cpp), so both builds lay out alike.
constexpr float kFontPixels = 15.0f;

enum class Stage { idle, fetching, loaded, failed };
struct FontFetch {
  const char* url;
  const char* loaded_flag;  // window.<flag> = 1 (loaded) or 0 (failed), for the e2e tests
  Stage stage = Stage::idle;
};
// Slots 0..kFallbackCount-1 are the fallbacks (ui::Fallback), then the main font.
constexpr int kMainSlot = ui::kFallbackCount;
FontFetch g_fonts[ui::kFallbackCount + 1] = {{"fonts/cjk.ttf", "wirepadCjkFontLoaded"},
                                             {"fonts/hangul.ttf", "wirepadHangulFontLoaded"},
                                             {"fonts/symbols.ttf", "wirepadSymbolFontLoaded"},
                                             {"fonts/mono.ttf", "wirepadMainFontLoaded"}};
ui::GlyphWatch g_watch;    // the characters beyond the European ranges shown so far (ui/fonts.h)
double g_built_at = -1e9;  // ImGui time of the last atlas rebuild

// A fetch that has finished: its bytes (empty when it failed), and the page's flag set.
bool take_fetched(int slot, std::vector<unsigned char>& bytes) {
  FontFetch& fetch = g_fonts[slot];
  if (fetch.stage != Stage::fetching) return false;
  void* data = nullptr;
  int size = 0;
  const int ready = wirepad_poll_font(slot, &data, &size);
  if (ready == 0) return false;
  if (ready > 0) {
    bytes.assign(static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
    std::free(data);
  }
  fetch.stage = ready > 0 ? Stage::loaded : Stage::failed;
  EM_ASM({ window[UTF8ToString($0)] = $1; }, fetch.loaded_flag, ready > 0 ? 1 : 0);
  return true;
}

void start_fetch(int slot) {
  FontFetch& fetch = g_fonts[slot];
  if (fetch.stage != Stage::idle) return;
  wirepad_fetch_font(slot, fetch.url);
  fetch.stage = Stage::fetching;
}

// The atlas as ui/fonts sets it, into a new texture. Before the first frame the OpenGL3
// backend has no device objects yet: its first NewFrame builds the atlas and the texture.
void rebuild() {
  const std::string note = ui::set_watched_glyphs(g_watch);
  if (!note.empty()) EM_ASM({ console.warn('wirepad: ' + UTF8ToString($0)); }, note.c_str());
  if (ImGui::GetFrameCount() > 0) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    ImGui::GetIO().Fonts->ClearTexData();  // the texture has the pixels
  }
  g_built_at = ImGui::GetTime();
}

}  // namespace

void update_fonts(const ui::AppState& state, ui::Platform& platform) {
  // The main font first: until it is in (or failed), ImGui's built-in font draws, and nothing
  // is looked for, since which fallback a character needs depends on what the main font has.
  start_fetch(kMainSlot);
  FontFetch& main = g_fonts[kMainSlot];
  if (main.stage == Stage::fetching) {
    std::vector<unsigned char> bytes;
    if (!take_fetched(kMainSlot, bytes)) return;
    if (main.stage == Stage::loaded) {
      ui::FontData data;
      data.main = std::move(bytes);
      const std::string note = ui::install_fonts(std::move(data), kFontPixels);
      if (!note.empty()) EM_ASM({ console.warn('wirepad: ' + UTF8ToString($0)); }, note.c_str());
      // Frames drawn with ImGui's built-in font before it (0: the first frame has it already).
      EM_ASM({ window.wirepadMainFontFrame = $0; }, ImGui::GetFrameCount());
    }
    ui::watch_for_glyphs(g_watch, state, platform);
    for (int f = 0; f < ui::kFallbackCount; ++f)
      if (g_watch.wants[f]) start_fetch(f);
    rebuild();
    return;
  }
  const bool new_characters = ui::watch_for_glyphs(g_watch, state, platform);
  for (int f = 0; f < ui::kFallbackCount; ++f)
    if (g_watch.wants[f]) start_fetch(f);
  bool arrived = false;
  for (int f = 0; f < ui::kFallbackCount; ++f) {
    std::vector<unsigned char> bytes;
    if (!take_fetched(f, bytes)) continue;
    arrived = true;
    if (!bytes.empty()) ui::set_fallback_font(ui::Fallback(f), std::move(bytes));
  }
  // A font arrived: rebuild now. New characters: at most two rebuilds a second while text
  // streams in (the main font may draw them; else their font is on its way, or missing).
  if (arrived || (new_characters && ImGui::GetTime() - g_built_at >= 0.5)) rebuild();
}

}  // namespace wirepad::web
