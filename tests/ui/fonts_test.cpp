// ui/fonts: the CJK font is wanted once CJK text is shown: typed in the composer, or in a
// response from a real server on loopback; ASCII, European text and binary bodies (where the
// byte patterns of ideographs occur by chance) never ask for it.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>
#include <thread>

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
      platform.with_exchange([&](const ExchangeLog* log) { done = log && log->finished(); });
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
