// ui/fonts: the CJK font is wanted once CJK text is shown: typed in the composer, or in a
// response from a real server on loopback; ASCII, European text and binary bodies (where the
// byte patterns of ideographs occur by chance) never ask for it.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "ui/fonts.h"

using namespace wirepad;

TEST_CASE("has_cjk_text: ideographs and kana in text, not in binary or European text", "[ui][fonts]") {
  CHECK(ui::has_cjk_text("价格", true));
  CHECK(ui::has_cjk_text("{\"name\": \"東京\"}", false));
  CHECK(ui::has_cjk_text("price: 100 円", false));
  CHECK(ui::has_cjk_text("カタカナ", true));
  CHECK(ui::has_cjk_text("ＡＢＣ fullwidth", true));
  CHECK_FALSE(ui::has_cjk_text("价格", false));  // no text before it, not at the start
  CHECK_FALSE(ui::has_cjk_text("plain ASCII, nothing else", true));
  CHECK_FALSE(ui::has_cjk_text("Grüße, Ελληνικά, кириллица — “quotes” ✓", true));
  CHECK_FALSE(ui::has_cjk_text("\xe4\xbb", true));  // a cut-off sequence
  // 1 MiB of random bytes: ideograph-shaped sequences occur, never after 8 bytes of text.
  std::mt19937 random(6);
  std::string binary(1 << 20, '\0');
  for (char& c : binary) c = static_cast<char>(random());
  CHECK_FALSE(ui::has_cjk_text(binary, false));
}

TEST_CASE("watch_for_cjk: the composer, then a response from a real server", "[ui][fonts][integration]") {
  native::NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(1));
  ui::CjkWatch watch;
  CHECK_FALSE(ui::watch_for_cjk(watch, state, platform));
  state.headers.push_back({true, "X-Note", "Grüße"});
  CHECK_FALSE(ui::watch_for_cjk(watch, state, platform));

  httplib::Server server;
  server.Get("/zh", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"city\": \"北京\", \"price\": \"100 元\"}", "application/json; charset=utf-8");
  });
  server.Get("/en", [](const httplib::Request&, httplib::Response& res) { res.set_content("{\"city\": \"Zürich\"}", "application/json"); });
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
  CHECK_FALSE(ui::watch_for_cjk(watch, state, platform));
  fetch("/zh");
  state.url = "http://127.0.0.1:1/";  // the composer has no CJK: the response is what counts
  CHECK(ui::watch_for_cjk(watch, state, platform));

  ui::CjkWatch typed;
  ui::AppState composer;
  composer.body = "{\"q\": \"ラーメン\"}";
  CHECK(ui::watch_for_cjk(typed, composer, platform));
}

namespace {
std::vector<unsigned char> read_font(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}
bool atlas_draws(unsigned cp) {
  const ImFontGlyph* glyph = ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(ImWchar(cp));
  return glyph != nullptr;
}
}  // namespace

TEST_CASE("CJK glyphs: Korean, Japanese and traditional Chinese text gets its glyphs, as it appears",
          "[ui][fonts]") {
  const auto main_font = read_font("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf");
  const auto cjk_font = read_font("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
  const auto hangul_font = read_font("/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf");
  REQUIRE(main_font.size() > 100000);
  REQUIRE(cjk_font.size() > 1000000);
  REQUIRE(hangul_font.size() > 1000000);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::FontData data;
  data.main = main_font;
  REQUIRE(ui::install_fonts(std::move(data), 15).empty());
  ImGui::GetIO().Fonts->Build();
  CHECK(atlas_draws('A'));
  CHECK(atlas_draws(0x00E9));      // é, from the main font
  CHECK_FALSE(atlas_draws(0xD55C));  // 한: no CJK glyphs before CJK text is shown

  ui::AppState state;
  ui::CjkWatch watch;
  CHECK_FALSE(ui::watch_for_cjk(watch, state, platform));
  // Korean (Hangul syllables), Japanese (kana and a kanji outside ImGui's simplified-Chinese
  // set: 語), traditional Chinese (體), typed in the composer.
  state.body = "{\"ko\": \"한국어\", \"ja\": \"日本語のテキスト\", \"zh\": \"繁體中文\"}";
  REQUIRE(ui::watch_for_cjk(watch, state, platform));
  CHECK(watch.seen_count == 15);
  CHECK(watch.wants[int(ui::Fallback::cjk)]);
  CHECK(watch.wants[int(ui::Fallback::hangul)]);

  // Without a Korean font: the Chinese and Japanese glyphs, and a sentence saying what to install.
  ui::set_fallback_font(ui::Fallback::cjk, cjk_font);
  CHECK(ui::set_cjk_glyphs(watch) == "no Korean font: Hangul shows as '?' (install fonts-nanum)");
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0x8A9E));        // 語
  CHECK_FALSE(atlas_draws(0xD55C));  // 한

  ui::set_fallback_font(ui::Fallback::hangul, hangul_font);
  REQUIRE(ui::set_cjk_glyphs(watch).empty());
  REQUIRE(ImGui::GetIO().Fonts->Build());
  for (unsigned cp : {0xD55Cu, 0xAD6Du, 0xC5B4u, 0x65E5u, 0x8A9Eu, 0x306Eu, 0x30C6u, 0x9AD4u, 0x7E41u})
    CHECK(atlas_draws(cp));
  CHECK(atlas_draws('A'));
  CHECK(atlas_draws(0x00E9));
  CHECK_FALSE(atlas_draws(0x4E2E));  // 丮: not shown, not built
  CHECK_FALSE(ui::watch_for_cjk(watch, state, platform));  // nothing new

  // Binary bytes shaped like ideographs add nothing; new text adds its characters.
  state.body += std::string("\x01\xe4\xb8\xae\x02", 5);
  CHECK_FALSE(ui::watch_for_cjk(watch, state, platform));
  state.url = "http://127.0.0.1:1/검색?q=丮";
  REQUIRE(ui::watch_for_cjk(watch, state, platform));
  REQUIRE(ui::set_cjk_glyphs(watch).empty());
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0xAC80));  // 검
  CHECK(atlas_draws(0x4E2E));  // 丮
  CHECK(atlas_draws(0xD55C));  // and the ones before
  CHECK(watch.in_atlas == watch.seen_count);

  // A fallback that is not a font: left out, said, and the rest still drawn.
  ui::set_fallback_font(ui::Fallback::hangul, std::vector<unsigned char>(1000, 'x'));
  CHECK(ui::set_cjk_glyphs(watch) == "the Korean font could not be read: Hangul shows as '?'");
  REQUIRE(ImGui::GetIO().Fonts->Build());
  CHECK(atlas_draws(0x8A9E));
  CHECK_FALSE(atlas_draws(0xD55C));
  CHECK_FALSE(ui::has_fallback_font(ui::Fallback::hangul));
}
