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
// heap, {state: -1} when it failed (said on the console: such text stays '?').
EM_JS(void, wirepad_fetch_font, (int slot, const char* url_c), {
  var url = UTF8ToString(url_c);
  Module.wirepadFonts = Module.wirepadFonts || {};
  Module.wirepadFonts[slot] = {state : 0};
  fetch(url)
      .then(function(r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.arrayBuffer();
      })
      .then(function(buffer) {
        var size = buffer.byteLength;
        var ptr = _wirepad_font_alloc(size);
        HEAPU8.set(new Uint8Array(buffer), ptr);
        Module.wirepadFonts[slot] = {state : 1, ptr : ptr, size : size};
      })
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

enum class Stage { idle, fetching, loaded, failed };
struct FontFetch {
  const char* url;
  const char* loaded_flag;  // window.<flag> = 1 (loaded) or 0 (failed), for the e2e test
  Stage stage = Stage::idle;
};
FontFetch g_fonts[ui::kFallbackCount] = {{"fonts/cjk.ttf", "wirepadCjkFontLoaded"},
                                         {"fonts/hangul.ttf", "wirepadHangulFontLoaded"}};
ui::CjkWatch g_watch;      // the CJK characters shown so far (ui/fonts.h)
double g_built_at = -1e9;  // ImGui time of the last atlas rebuild
unsigned long g_generation = ~0ul;
std::size_t g_scanned = 0;  // bytes of the current response already scanned

bool beyond_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return true;
  return false;
}

// The base font is ImGui's ASCII one: any other character needs the CJK fallback, which has
// European scripts too.
bool wants_wide_font(const ui::AppState& state, ui::Platform& platform) {
  if (beyond_ascii(state.url) || beyond_ascii(state.body) || beyond_ascii(state.name)) return true;
  for (const ui::ComposerHeader& h : state.headers)
    if (beyond_ascii(h.value)) return true;
  bool found = false;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) {
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

// A fetch that has finished: its bytes go to ui/fonts. True when the atlas must be rebuilt.
bool take_fetched(ui::Fallback which) {
  FontFetch& fetch = g_fonts[int(which)];
  if (fetch.stage != Stage::fetching) return false;
  void* data = nullptr;
  int size = 0;
  const int ready = wirepad_poll_font(int(which), &data, &size);
  if (ready == 0) return false;
  if (ready > 0) {
    ui::set_fallback_font(which, std::vector<unsigned char>(static_cast<unsigned char*>(data),
                                                            static_cast<unsigned char*>(data) + size));
    std::free(data);
  }
  fetch.stage = ready > 0 ? Stage::loaded : Stage::failed;
  return true;
}

void start_fetch(ui::Fallback which) {
  FontFetch& fetch = g_fonts[int(which)];
  if (fetch.stage != Stage::idle) return;
  wirepad_fetch_font(int(which), fetch.url);
  fetch.stage = Stage::fetching;
}

// The atlas as ui/fonts sets it, into a new texture.
void rebuild() {
  const std::string note = ui::set_cjk_glyphs(g_watch);
  if (!note.empty()) EM_ASM({ console.warn('wirepad: ' + UTF8ToString($0)); }, note.c_str());
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
  ImGui::GetIO().Fonts->ClearTexData();  // the texture has the pixels
  g_built_at = ImGui::GetTime();
}

}  // namespace

void update_fonts(const ui::AppState& state, ui::Platform& platform) {
  if (g_fonts[int(ui::Fallback::cjk)].stage == Stage::idle) {
    if (!wants_wide_font(state, platform)) return;  // ASCII so far: nothing to fetch or build
    start_fetch(ui::Fallback::cjk);
  }
  const bool new_characters = ui::watch_for_cjk(g_watch, state, platform);
  if (g_watch.wants[int(ui::Fallback::hangul)]) start_fetch(ui::Fallback::hangul);
  bool arrived = false;
  for (ui::Fallback f : {ui::Fallback::cjk, ui::Fallback::hangul}) {
    if (!take_fetched(f)) continue;
    arrived = true;
    const int loaded = g_fonts[int(f)].stage == Stage::loaded ? 1 : 0;
    EM_ASM({ window[UTF8ToString($0)] = $1; }, g_fonts[int(f)].loaded_flag, loaded);
  }
  // A font arrived: rebuild now. New characters: at most two rebuilds a second while text
  // streams in, and only once a font that draws them is there.
  const bool any_font = g_fonts[0].stage == Stage::loaded || g_fonts[1].stage == Stage::loaded;
  if (arrived || (any_font && new_characters && ImGui::GetTime() - g_built_at >= 0.5)) rebuild();
}

}  // namespace wirepad::web
