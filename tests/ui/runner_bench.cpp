// Benchmark, not a test (hidden tag [.bench], run by scripts/bench_runner.sh against nginx):
// the app's test runner (ui/runner.h) over a workspace of experiment files, driven by the whole
// app's frames (draw_app, no window) with the real NativePlatform, against two loops over the
// same requests in the same process: Wirepad's blocking client (resolve, send, nothing else)
// and the Platform's exchanges one after another (start, wait). Prints one line of figures:
// wall seconds of each, the frames the run took and the time each frame took (median, p99,
// worst: what the window would be blocked for). The workspace is WIREPAD_RUNNER_BENCH_DIR.
#include <catch2/catch.hpp>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "native/blocking_client.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "shared/request_resolve.h"
#include "ui/app.h"
#include "ui/runner.h"
#include "ui/workspace.h"

using namespace wirepad;
using clock_type = std::chrono::steady_clock;

namespace {

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

}  // namespace

TEST_CASE("the runner over a workspace of experiments, against loops of the same requests", "[.bench][runner]") {
  const char* dir = std::getenv("WIREPAD_RUNNER_BENCH_DIR");
  REQUIRE(dir);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  auto store = posix::FileWorkspaceStore::open(dir);
  REQUIRE(store);
  platform.set_workspace(store->get());
  ui::open_workspace(state, **store);
  const std::size_t files = state.workspace.files.size();
  REQUIRE(files > 0);

  // The requests as the runner will send them (each file read, parsed and resolved).
  std::vector<HttpRequest> requests;
  for (const std::string& path : state.workspace.files) {
    Result<std::string> text = (*store)->read(path);
    REQUIRE(text);
    Result<Experiment> e = parse_experiment(text.value());
    REQUIRE(e);
    Result<ResolvedRequest> r = resolve_request_spec(e->request, {});
    REQUIRE(r);
    requests.push_back(r->request);
  }

  // 1. Wirepad's blocking client in a loop (the floor: what `wirepad test` sends with).
  auto t = clock_type::now();
  {
    native::BlockingHttpClient client;
    for (const HttpRequest& request : requests) {
      auto exchange = HttpExchange::create(request, ExchangeOptions{});
      REQUIRE(exchange);
      ExchangeLog log = client.perform(std::move(exchange).value());
      REQUIRE(log.response.status == 200);
    }
  }
  const double client_loop = seconds_since(t);

  // 2. The Platform's exchanges one after another, as the app runs them (transport threads).
  t = clock_type::now();
  for (const HttpRequest& request : requests) {
    auto exchange = HttpExchange::create(request, ExchangeOptions{});
    REQUIRE(exchange);
    platform.start(99, std::move(exchange).value());
    while (!platform.wait_for_exchange(99, 1000)) {
    }
  }
  const double platform_loop = seconds_since(t);
  platform.drop_exchange(99);

  // 3. The runner, in the app's frames.
  gui.frames(state, platform, 3);
  std::vector<double> frame_ms;
  state.runner.run_requested = std::string();
  t = clock_type::now();
  do {
    const auto f = clock_type::now();
    gui.frame(state, platform);
    frame_ms.push_back(seconds_since(f) * 1000);
  } while (state.runner.running && seconds_since(t) < 600);
  const double runner = seconds_since(t);
  REQUIRE_FALSE(state.runner.running);
  const RunCounts c = state.runner.run->report().counts();
  CHECK(c.requests == int(files));
  CHECK(c.passed == int(files));

  std::printf("runner_bench requests=%zu passed=%d assertions=%d client_loop_s=%.4f platform_loop_s=%.4f runner_s=%.4f "
              "frames=%zu frame_ms_median=%.2f frame_ms_p99=%.2f frame_ms_max=%.2f\n",
              files, c.passed, c.assertions, client_loop, platform_loop, runner, frame_ms.size(), percentile(frame_ms, 0.5),
              percentile(frame_ms, 0.99), percentile(frame_ms, 1.0));
}
