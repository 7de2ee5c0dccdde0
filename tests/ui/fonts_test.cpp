// ui/fonts: characters beyond the atlas's European ranges (CJK, emoji, symbols the main font
// lacks) are found where they are shown: typed in the composer, or in a response from a real
// server on loopback; ASCII, European text and binary bodies (where such byte patterns occur
// by chance) never ask for a glyph. Each gets its glyph from the first font that has it, and
// ImGui is built with 32-bit characters, so emoji are typed, pasted and drawn, not '?'.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "ui/fonts.h"
#include "ui/keys.h"

using namespace wirepad;

namespace {
constexpr const char* kMainFont = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";         // fonts-dejavu-core
constexpr const char* kCjkFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";    // fonts-droid-fallback
constexpr const char* kHangulFont = "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf";     // fonts-nanum
constexpr const char* kSymbolFont = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf";  // fonts-symbola

std::vector<unsigned char> read_font(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
bool atlas_draws(unsigned cp) {
  const ImFontGlyph* glyph = ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(ImWchar(cp));
  return glyph != nullptr;
}
// The main font installed and its atlas built, as the desktop starts.
void install_main_font() {
  const auto main_font = read_font(kMainFont);
  REQUIRE(main_font.size() > 100000);
  ui::FontData data;
  data.main = main_font;
  REQUIRE(ui::install_fonts(std::move(data), 15).empty());
  REQUIRE(ImGui::GetIO().Fonts->Build());
}

// A cpp-httplib server on an ephemeral loopback port, stopped when it goes out of scope.
struct TextServer {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  explicit TextServer(std::string text) {
    server.Get("/text", [text](const httplib::Request&, httplib::Response& res) {
      res.set_content(text, "text/plain; charset=utf-8");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
  }
  ~TextServer() {
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server.stop();
    thread.join();
  }
};

// Sends the composer's request and draws frames until its exchange has finished.
void send_and_draw(test::HeadlessImGui& gui, ui::AppState& state, native::NativePlatform& platform) {
  ui::send(state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool done = false;
  while (!done && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { done = log && log->finished(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(done);
  gui.frame(state, platform);
}

// Whether the last frame drew the glyph of `cp` somewhere (a vertex at its top-left texel).
bool frame_draws_glyph(unsigned cp) {
  const ImFontGlyph* glyph = ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(ImWchar(cp));
  if (!glyph) return false;
  const ImDrawData* draw = ImGui::GetDrawData();
  for (int l = 0; draw && l < draw->CmdListsCount; ++l)
    for (const ImDrawVert& v : draw->CmdLists[l]->VtxBuffer)
      if (v.uv.x == glyph->U0 && v.uv.y == glyph->V0) return true;
  return false;
}
}  // namespace

TEST_CASE("has_extra_text: CJK, emoji and symbols in text, not in binary or European text", "[ui][fonts]") {
  test::HeadlessImGui gui;
  install_main_font();
  CHECK(ui::has_extra_text("价格", true));
  CHECK(ui::has_extra_text("{\"name\": \"東京\"}", false));
  CHECK(ui::has_extra_text("price: 100 円", false));
  CHECK(ui::has_extra_text("カタカナ", true));
  CHECK(ui::has_extra_text("ＡＢＣ fullwidth", true));
  CHECK(ui::has_extra_text("build passed \xF0\x9F\x98\x80", true));  // 😀, beyond U+FFFF
  CHECK(ui::has_extra_text("status: \xE2\x9D\x8C failed", true));     // ❌: a dingbat DejaVu Sans Mono lacks
  CHECK(ui::has_extra_text("a \xE2\x89\xA0 b", true));                 // ≠: beyond the European ranges
  CHECK_FALSE(ui::has_extra_text("价格", false));  // no text before it, not at the start
  CHECK_FALSE(ui::has_extra_text("plain ASCII, nothing else", true));
  // All in the main font's European ranges, ✓ ✗ → ★ included: in the atlas from the start.
  CHECK_FALSE(ui::has_extra_text("Grüße, Ελληνικά, кириллица — “quotes” ✓ ✗ → ★", true));
  CHECK_FALSE(ui::has_extra_text("\xe4\xbb", true));              // a cut-off sequence
  CHECK_FALSE(ui::has_extra_text("text \xC2\x85 text", true));     // U+0085, a C1 control: no font draws it
  CHECK_FALSE(ui::has_extra_text("text \xED\xA0\xBD\xED\xB8\x80 text", true));  // UTF-16 surrogates in UTF-8 (CESU-8)
  CHECK_FALSE(ui::has_extra_text("text \xF4\x90\x80\x80 text", true));  // past U+10FFFF
  // 1 MiB of random bytes: such sequences occur, never after 8 bytes of text.
  std::mt19937 random(6);
  std::string binary(1 << 20, '\0');
  for (char& c : binary) c = static_cast<char>(random());
  CHECK_FALSE(ui::has_extra_text(binary, false));
}

TEST_CASE("watch_for_glyphs: the composer, then a response from a real server", "[ui][fonts][integration]") {
  native::NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(1));
  ui::GlyphWatch watch;
  CHECK_FALSE(ui::watch_for_glyphs(watch, state, platform));
  state.headers.push_back({true, "X-Note", "Grüße"});
  CHECK_FALSE(ui::watch_for_glyphs(watch, state, platform));

  httplib::Server server;
  server.Get("/zh", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"city\": \"北京\", \"price\": \"100 元\"}", "application/json; charset=utf-8");
  });
  server.Get("/en", [](const httplib::Request&, httplib::Response& res) { res.set_content("{\"city\": \"Zürich\"}", "application/json"); });
  // 3 MiB of text with a Korean word at the end: looked at 1 MiB a frame, so found in the
  // fourth frame after it arrived, not in the first (a large download must not stall a frame).
  server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(3 << 20, 'a') + " 서울 and more text", "text/plain; charset=utf-8");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  struct Stop {
    httplib::Server& s;
    std::thread& t;
    ~Stop() {
      while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      s.stop();
      t.join();
    }
  } stop{server, thread};
  auto fetch = [&](const std::string& path) {
    state.url = "http://127.0.0.1:" + std::to_string(port) + path;
    ui::send(state, platform);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool done = false;
    while (!done && std::chrono::steady_clock::now() < deadline) {
      platform.with_exchange(state.id, [&](const ExchangeLog* log) { done = log && log->finished(); });
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    REQUIRE(done);
  };
  fetch("/en");
  CHECK_FALSE(ui::watch_for_glyphs(watch, state, platform));
  fetch("/zh");
  state.url = "http://127.0.0.1:1/";  // the composer has no CJK: the response is what counts
  CHECK(ui::watch_for_glyphs(watch, state, platform));

  ui::GlyphWatch big;
  ui::watch_for_glyphs(big, state, platform);  // the /zh response, before /big
  const std::size_t before = big.found.size();
  fetch("/big");
  state.url = "http://127.0.0.1:1/";
  int frames = 0;
  while (big.found.size() == before && frames < 10) {
    ui::watch_for_glyphs(big, state, platform);
    ++frames;
  }
  CHECK(frames == 4);  // 1 MiB a frame: the head and the first 3 MiB - 1 KiB, then the rest
  CHECK(big.found.size() == before + 2);  // 서 and 울

  ui::GlyphWatch typed;
  ui::AppState composer;
  composer.body = "{\"q\": \"ラーメン\"}";
  CHECK(ui::watch_for_glyphs(typed, composer, platform));
}

TEST_CASE("CJK glyphs: Korean, Japanese and traditional Chinese text gets its glyphs, as it appears",
          "[ui][fonts]") {
  const auto main_font = read_font(kMainFont);
  const auto cjk_font = read_font(kCjkFont);
  const auto hangul_font = read_font(kHangulFont);
  REQUIRE(main_font.size() > 100000);
  REQUIRE(cjk_font.size() > 1000000);
  REQUIRE(hangul_font.size() > 1000000);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  for (ui::Fallback f : {ui::Fallback::cjk, ui::Fallback::hangul, ui::Fallback::symbols}) ui::set_fallback_font(f, {});
  ui::FontData data;
  data.main = main_font;
  REQUIRE(ui::install_fonts(std::move(data), 15).empty());
  ImGui::GetIO().Fonts->Build();
  CHECK(atlas_draws('A'));
  CHECK(atlas_draws(0x00E9));      // é, from the main font
  CHECK_FALSE(atlas_draws(0xD55C));  // 한: no CJK glyphs before CJK text is shown

  ui::AppState state;
  ui::GlyphWatch watch;
  CHECK_FALSE(ui::watch_for_glyphs(watch, state, platform));
  // Korean (Hangul syllables), Japanese (kana and a kanji outside ImGui's simplified-Chinese
  // set: 語), traditional Chinese (體), typed in the composer.
  state.body = "{\"ko\": \"한국어\", \"ja\": \"日本語のテキスト\", \"zh\": \"繁體中文\"}";
  REQUIRE(ui::watch_for_glyphs(watch, state, platform));
  CHECK(watch.found.size() == 15);
  CHECK(watch.wants[int(ui::Fallback::cjk)]);
  CHECK(watch.wants[int(ui::Fallback::hangul)]);

  // Without a Korean font: the Chinese and Japanese glyphs, and a sentence saying what to install.
  ui::set_fallback_font(ui::Fallback::cjk, cjk_font);
  CHECK(ui::set_watched_glyphs(watch) == "no Korean font: Hangul shows as '?' (install fonts-nanum)");
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0x8A9E));        // 語
  CHECK_FALSE(atlas_draws(0xD55C));  // 한

  ui::set_fallback_font(ui::Fallback::hangul, hangul_font);
  REQUIRE(ui::set_watched_glyphs(watch).empty());
  REQUIRE(ImGui::GetIO().Fonts->Build());
  for (unsigned cp : {0xD55Cu, 0xAD6Du, 0xC5B4u, 0x65E5u, 0x8A9Eu, 0x306Eu, 0x30C6u, 0x9AD4u, 0x7E41u})
    CHECK(atlas_draws(cp));
  CHECK(atlas_draws('A'));
  CHECK(atlas_draws(0x00E9));
  CHECK_FALSE(atlas_draws(0x4E2E));  // 丮: not shown, not built
  CHECK_FALSE(ui::watch_for_glyphs(watch, state, platform));  // nothing new

  // Binary bytes shaped like ideographs add nothing; new text adds its characters.
  state.body += std::string("\x01\xe4\xb8\xae\x02", 5);
  CHECK_FALSE(ui::watch_for_glyphs(watch, state, platform));
  state.url = "http://127.0.0.1:1/검색?q=丮";
  REQUIRE(ui::watch_for_glyphs(watch, state, platform));
  REQUIRE(ui::set_watched_glyphs(watch).empty());
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0xAC80));  // 검
  CHECK(atlas_draws(0x4E2E));  // 丮
  CHECK(atlas_draws(0xD55C));  // and the ones before
  CHECK(watch.in_atlas == watch.found.size());

  // A fallback that is not a font: left out, said, and the rest still drawn.
  ui::set_fallback_font(ui::Fallback::hangul, std::vector<unsigned char>(1000, 'x'));
  CHECK(ui::set_watched_glyphs(watch) == "the Korean font could not be read: Hangul shows as '?'");
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0x8A9E));
  CHECK_FALSE(atlas_draws(0xD55C));
  CHECK_FALSE(ui::has_fallback_font(ui::Fallback::hangul));
}

TEST_CASE("emoji and symbols in a response get their glyphs, not '?'", "[ui][fonts][integration]") {
  const auto symbol_font = read_font(kSymbolFont);
  const auto cjk_font = read_font(kCjkFont);
  REQUIRE(symbol_font.size() > 1000000);  // fonts-symbola (scripts/setup.sh)
  REQUIRE(cjk_font.size() > 1000000);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  install_main_font();
  ui::set_fallback_font(ui::Fallback::cjk, {});
  ui::set_fallback_font(ui::Fallback::hangul, {});
  ui::set_fallback_font(ui::Fallback::symbols, {});
  CHECK(atlas_draws(0x2713));         // ✓ from DejaVu Sans Mono, in the atlas from the start
  CHECK(atlas_draws(0x2192));         // →
  CHECK_FALSE(atlas_draws(0x1F600));  // 😀: not before it is shown

  // 😀 🚀 (beyond U+FFFF), ❌ (a dingbat DejaVu Sans Mono lacks), ⭐ ≠, and CJK beside them.
  TextServer server("build \xE2\x9C\x93 passed \xF0\x9F\x98\x80 deploy \xF0\x9F\x9A\x80 lint \xE2\x9D\x8C "
                    "\xE2\xAD\x90 a \xE2\x89\xA0 b \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E done\n");
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(1));
  state.url = "http://127.0.0.1:" + std::to_string(server.port) + "/text";
  ui::GlyphWatch watch;
  send_and_draw(gui, state, platform);
  REQUIRE(ui::watch_for_glyphs(watch, state, platform));
  CHECK(watch.wants[int(ui::Fallback::symbols)]);
  CHECK(watch.wants[int(ui::Fallback::cjk)]);
  CHECK_FALSE(watch.wants[int(ui::Fallback::hangul)]);

  // Without the symbol font: a sentence naming the package; the CJK and ≠ glyphs are there.
  ui::set_fallback_font(ui::Fallback::cjk, cjk_font);
  CHECK(ui::set_watched_glyphs(watch) == "no symbol font: emoji and symbols show as '?' (install fonts-symbola)");
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0x2260));  // ≠, from the main font
  CHECK(atlas_draws(0x65E5));  // 日
  CHECK_FALSE(atlas_draws(0x1F600));

  ui::set_fallback_font(ui::Fallback::symbols, symbol_font);
  REQUIRE(ui::set_watched_glyphs(watch).empty());
  REQUIRE(ImGui::GetIO().Fonts->Build());
  for (unsigned cp : {0x1F600u, 0x1F680u, 0x274Cu, 0x2B50u, 0x2260u, 0x65E5u, 0x2713u, unsigned('A')}) {
    CAPTURE(cp);
    CHECK(atlas_draws(cp));
  }
  // The app's frame draws them: the response's body shows the emoji's glyph (decoded from
  // four UTF-8 bytes into one 32-bit character), and ✓'s.
  gui.frames(state, platform, 2);
  CHECK(frame_draws_glyph(0x1F600));
  CHECK(frame_draws_glyph(0x1F680));
  CHECK(frame_draws_glyph(0x2713));
  CHECK(frame_draws_glyph(0x65E5));
}

TEST_CASE("emoji typed or pasted into a text field stay four UTF-8 bytes", "[ui][fonts]") {
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(1));
  const std::string emoji_url = "http://127.0.0.1:1/\xE2\x9C\x93/\xF0\x9F\x98\x80";  // ✓ 😀
  gui.frame(state, platform);
  gui.press_index(state, platform, ui::keys::kL, /*ctrl=*/true);  // the URL field
  gui.press(state, platform, ImGuiKey_A, /*ctrl=*/true);
  ImGui::GetIO().AddInputCharactersUTF8(emoji_url.c_str());  // what SDL_TEXTINPUT hands in
  gui.frames(state, platform, 2);
  CHECK(state.url == emoji_url);

  // Paste: ImGui reads the clipboard's UTF-8 into its 32-bit buffer and back.
  static const std::string pasted = "http://127.0.0.1:1/?q=\xF0\x9F\x9A\x80\xF0\x9F\x8E\x89";  // 🚀🎉
  ImGui::GetIO().GetClipboardTextFn = [](void*) { return pasted.c_str(); };
  gui.press(state, platform, ImGuiKey_A, /*ctrl=*/true);
  gui.press(state, platform, ImGuiKey_V, /*ctrl=*/true);
  gui.frames(state, platform, 2);
  CHECK(state.url == pasted);
}

TEST_CASE("a font without outlines (a colour bitmap font) is refused with a sentence", "[ui][fonts]") {
  // Noto Color Emoji has only CBDT bitmaps, which stb_truetype cannot read: Symbola with its
  // outline tables renamed is such a font, and would fail the whole atlas if handed to ImGui.
  auto bitmap_only = read_font(kSymbolFont);
  REQUIRE(bitmap_only.size() > 1000000);
  const unsigned tables = unsigned(bitmap_only[4]) << 8 | bitmap_only[5];
  int renamed = 0;
  for (unsigned t = 0; t < tables; ++t) {
    unsigned char* tag = bitmap_only.data() + 12 + 16 * t;
    if (std::memcmp(tag, "glyf", 4) == 0 || std::memcmp(tag, "loca", 4) == 0) {
      std::memcpy(tag, tag[0] == 'g' ? "CBDT" : "CBLC", 4);
      ++renamed;
    }
  }
  REQUIRE(renamed == 2);
  test::HeadlessImGui gui;
  install_main_font();
  ui::GlyphWatch watch;
  ui::note_glyph(watch, 0x1F600);
  CHECK(watch.wants[int(ui::Fallback::symbols)]);
  ui::set_fallback_font(ui::Fallback::symbols, bitmap_only);
  CHECK(ui::set_watched_glyphs(watch) ==
        "the symbol font could not be read (no glyph outlines?): emoji and symbols show as '?'");
  REQUIRE(ImGui::GetIO().Fonts->Build());  // the atlas still builds, without it
  CHECK(atlas_draws('A'));
  CHECK_FALSE(atlas_draws(0x1F600));
  CHECK_FALSE(ui::has_fallback_font(ui::Fallback::symbols));
}
