// ui/body_view: find jumps to its match when the whole needle arrives in one frame (typing
// faster than a software-rendered frame: keys queue up between frames).
#include <catch2/catch.hpp>
#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <string>

#include "headless_imgui.h"
#include "ui/body_view.h"
#include "ui/text_search.h"

using namespace wirepad;

namespace {

// The Body view's line list: a child window of the test's window "body".
ImGuiWindow* lines_window() {
  for (ImGuiWindow* w : GImGui->Windows)
    if (std::string(w->Name).rfind("body/body_", 0) == 0) return w;
  return nullptr;
}

}  // namespace

TEST_CASE("find scrolls to the match of the needle typed, not of the one before it", "[ui][body][find]") {
  ExchangeLog log;  // built by hand: the body is response.body
  char line[32];
  for (int i = 0; i < 100000; ++i) log.response.body.append(line, std::snprintf(line, sizeof line, "line %06d\n", i));
  log.response.status = 200;
  log.phase = Phase::done;
  log.has_response_head = true;

  test::HeadlessImGui gui;
  ImGuiIO& io = ImGui::GetIO();
  ui::BodyViewState view;
  auto frame = [&] { gui.window_frame("body", [&] { ui::draw_body_view(view, log, 1); }); };
  view.focus_find = true;
  frame();
  frame();
  io.AddInputCharactersUTF8("line 054321");  // all of it before the next frame
  for (int i = 0; i < 4; ++i) frame();
  CHECK(view.find == "line 054321");
  REQUIRE(view.matches.size() == 1);
  ImGuiWindow* lines = lines_window();
  REQUIRE(lines);
  const float row = ImGui::GetTextLineHeightWithSpacing();
  const float top = 54321 * row - lines->Scroll.y;  // where the match is drawn, in the list
  CAPTURE(lines->Scroll.y, top, lines->Size.y);
  CHECK(top >= 0);
  CHECK(top + row <= lines->Size.y);
}

TEST_CASE("find over a body that grows as it arrives finds what a search of the whole finds", "[ui][body][find]") {
  ExchangeLog log;  // built by hand: the body is response.body, appended to between frames
  log.response.status = 200;
  log.phase = Phase::receiving;
  log.has_response_head = true;
  test::HeadlessImGui gui;
  ui::BodyViewState view;
  view.find = "needle";
  view.match_case = false;
  auto frame = [&] { gui.window_frame("body", [&] { ui::draw_body_view(view, log, 1); }); };
  // Pieces that cut matches in two ("nee|dle"), and one in three ("n|ee|DLE").
  for (const char* piece : {"a needle, a nee", "dle and more text ", "n", "ee", "DLE", " end needle"}) {
    log.response.body += piece;
    frame();
  }
  CHECK(view.matches == ui::find_all(log.response.body, "needle", false));
  CHECK(view.matches.size() == 4);
}
