// Benchmark, not a test (hidden tag [.bench], run by scripts/bench_large_response.sh): CPU time
// per frame while the Body view of a large response is scrolled, through ImGui frames with no
// window. The body size comes from WIREPAD_BENCH_MB (default 200). Prints the median and the
// worst frame; asserts nothing about time.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/body_view.h"

using namespace wirepad;

TEST_CASE("scrolling the Body view of a large response", "[.bench][scroll]") {
  const char* env = std::getenv("WIREPAD_BENCH_MB");
  const std::size_t mb = env ? std::strtoul(env, nullptr, 10) : 200;
  ExchangeLog log;
  std::string line(63, 'x');
  line += '\n';
  log.response.body.reserve(mb << 20);
  for (std::size_t i = 0; i < (mb << 20) / line.size(); ++i) log.response.body += line;
  log.response.status = 200;
  log.phase = Phase::done;
  log.has_response_head = true;

  test::HeadlessImGui gui;
  ImGuiIO& io = ImGui::GetIO();
  ui::BodyViewState view;
  auto frame = [&] {
    std::clock_t start = std::clock();
    gui.window_frame("body", [&] { ui::draw_body_view(view, log, 1); });
    return double(std::clock() - start) / CLOCKS_PER_SEC * 1000;
  };
  double first = frame();  // indexes every line once
  io.MousePos = ImVec2(640, 400);
  std::vector<double> ms;
  for (int i = 0; i < 300; ++i) {
    io.MouseWheel = i < 150 ? -40.0f : 25.0f;  // down through the body, then back up
    ms.push_back(frame());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("body %zu MiB, %zu lines: first frame (indexing) %.1f ms; scrolling: median %.3f ms, p99 %.3f ms, worst %.3f ms CPU per frame\n",
              mb, view.lines.line_count(), first, ms[ms.size() / 2], ms[ms.size() * 99 / 100], ms.back());
  CHECK(view.lines.line_count() == (mb << 20) / line.size());
}
