// ui/layout: the response below or beside the composer, through ImGui frames with no window:
// Ctrl+\ switches, the splitter follows the mouse in both orientations, and the choice and
// both shares survive a restart through the settings document (saved once per drag).
#include <catch2/catch.hpp>
#include <imgui.h>

#include <string>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "ui/settings.h"

using namespace wirepad;

namespace {

struct Rect {
  float x, y, w, h;
};
Rect rect(const float (&r)[4]) { return {r[0], r[1], r[2], r[3]}; }

// Presses the left button on the splitter's middle, moves by (dx, dy) over a few frames
// and lets go, as a hand would.
void drag_splitter(test::HeadlessImGui& imgui, ui::AppState& state, ui::Platform& platform, float dx, float dy) {
  Rect s = rect(state.layout.splitter_rect);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(s.x + s.w / 2, s.y + s.h / 2);
  imgui.frames(state, platform, 2);  // hovered first
  io.MouseDown[0] = true;
  imgui.frame(state, platform);
  for (int step = 1; step <= 4; ++step) {
    io.MousePos = ImVec2(s.x + s.w / 2 + dx * step / 4, s.y + s.h / 2 + dy * step / 4);
    imgui.frame(state, platform);
  }
  io.MouseDown[0] = false;
  imgui.frames(state, platform, 2);
  io.MousePos = ImVec2(-1, -1);    // away, and long enough that the next press is no double-click
  imgui.frames(state, platform, 30);
}

}  // namespace

TEST_CASE("layout: Ctrl+backslash puts the response beside the composer, the splitter drags both ways, all persisted",
          "[ui][layout]") {
  test::HeadlessImGui imgui;
  native::NativePlatform platform([] {});
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(1));
  std::string saved;
  int saves = 0;
  state.viewers.services.save_settings = [&](const std::string& json) {
    saved = json;
    ++saves;
  };
  state.viewers.settings.saved = ui::settings_to_json(state);
  imgui.frames(state, platform, 3);

  // Below (the default): same column, the response under the composer and the splitter.
  REQUIRE_FALSE(state.layout.beside);
  Rect c = rect(state.layout.composer_rect), r = rect(state.layout.response_rect);
  CHECK(c.h > 50);
  CHECK(r.h > 200);
  CHECK(r.x == c.x);
  CHECK(r.w == c.w);
  CHECK(r.y >= c.y + c.h + 6);
  CHECK(saves == 0);

  imgui.press_index(state, platform, ui::keys::kBackslash, true);
  imgui.frames(state, platform, 2);
  REQUIRE(state.layout.beside);
  c = rect(state.layout.composer_rect);
  r = rect(state.layout.response_rect);
  CHECK(r.y == c.y);
  CHECK(r.h == c.h);
  CHECK(r.x >= c.x + c.w + 6);
  CHECK(c.w > 200);
  CHECK(r.w > 200);
  CHECK(saves == 1);
  CHECK(saved.find("\"layout\": \"beside\"") != std::string::npos);

  // Beside: dragging right by 120 px widens the composer by as much; one save, on release.
  const float width_before = c.w;
  drag_splitter(imgui, state, platform, 120, 0);
  c = rect(state.layout.composer_rect);
  CHECK(c.w == Approx(width_before + 120).margin(2));
  CHECK(state.layout.beside_ratio > ui::SplitLayout::kBesideDefault);
  CHECK(saves == 2);
  const float beside_ratio = state.layout.beside_ratio;

  // Below again, and dragging up by 60 px shortens the composer by as much.
  imgui.press_index(state, platform, ui::keys::kBackslash, true);
  imgui.frames(state, platform, 2);
  REQUIRE_FALSE(state.layout.beside);
  const float height_before = rect(state.layout.composer_rect).h;
  drag_splitter(imgui, state, platform, 0, -60);
  CHECK(rect(state.layout.composer_rect).h == Approx(height_before - 60).margin(2));
  CHECK(state.layout.below_ratio < ui::SplitLayout::kBelowDefault);
  CHECK(state.layout.beside_ratio == beside_ratio);  // each orientation keeps its own share
  CHECK(saves == 4);

  // A restart: the saved document gives back the orientation and both shares.
  ui::AppState restarted;
  CHECK_FALSE(ui::apply_settings_json(restarted, saved));
  CHECK_FALSE(restarted.layout.beside);
  CHECK(restarted.layout.below_ratio == Approx(state.layout.below_ratio).margin(0.001));
  CHECK(restarted.layout.beside_ratio == Approx(beside_ratio).margin(0.001));
}

TEST_CASE("layout and scale settings: a bad value is named and keeps its default, ratios are clamped", "[ui][layout][settings]") {
  ui::AppState state;
  Error error = ui::apply_settings_json(state, R"({"layout": "diagonal", "split_below": "half", "split_beside": 5})");
  REQUIRE(error);
  CHECK(error.message.find("layout") != std::string::npos);
  CHECK(error.message.find("split_below") != std::string::npos);
  CHECK_FALSE(state.layout.beside);
  CHECK(state.layout.below_ratio == ui::SplitLayout::kBelowDefault);
  CHECK(state.layout.beside_ratio == ui::SplitLayout::kMaxRatio);
  CHECK_FALSE(ui::apply_settings_json(state, R"({"layout": "beside"})"));
  CHECK(state.layout.beside);

  // HiDPI: the interface scale is 0 (from the display) or 1 to 3, and round-trips.
  CHECK(state.ui_scale == 0);
  CHECK_FALSE(ui::apply_settings_json(state, R"({"ui_scale": 1.5})"));
  CHECK(state.ui_scale == 1.5f);
  ui::AppState restarted;
  CHECK_FALSE(ui::apply_settings_json(restarted, ui::settings_to_json(state)));
  CHECK(restarted.ui_scale == 1.5f);
  Error scale_error = ui::apply_settings_json(restarted, R"({"ui_scale": 9})");
  REQUIRE(scale_error);
  CHECK(scale_error.message.find("ui_scale") != std::string::npos);
  CHECK(restarted.ui_scale == 1.5f);
}
