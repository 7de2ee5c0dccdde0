// ui: the Runner (ui/runner.h, ui/runner_panel.h) clicked through ImGui frames with no window,
// against the real NativePlatform, a real workspace folder and the lab's httpbin-style server
// on an ephemeral loopback port: three requests where request 2 sends request 1's capture, a
// failed assertion with its expected and actual, the exchange opened in a tab, stop at the
// first failure, Rerun failed after the file is fixed, Stop while a slow request is in flight,
// and the composer's Tests tab: a file's "test" survives the tab and the response's Tests tab
// evaluates it.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <thread>

#include "headless_imgui.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "ui/app.h"
#include "ui/runner.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;
namespace fs = std::filesystem;

namespace {

struct Lab {
  native::LabServers servers;
  native::LabStatus status;
  Lab() {
    native::LabOptions o;
    o.hello_port = 0;
    o.tcp_echo_port = o.udp_echo_port = 0;
    status = servers.start(o);
    REQUIRE(status.hello_port > 0);
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(status.hello_port); }
};

std::string experiment(const std::string& name, const std::string& url, const std::string& test) {
  return R"({"wirepad": 4, "kind": "http", "name": ")" + name + R"(", "request": {"method": "GET", "url": ")" + url +
         R"("}, "test": )" + test + "}\n";
}

// A workspace folder with the files given, opened in the app.
struct Workspace {
  fs::path dir;
  std::unique_ptr<posix::FileWorkspaceStore> store;
  Workspace(ui::AppState& state, ui::Platform& platform, const std::vector<std::pair<std::string, std::string>>& files) {
    char pattern[] = "/tmp/wirepad-runner-XXXXXX";
    dir = ::mkdtemp(pattern);
    for (const auto& [path, text] : files) write(path, text);
    auto opened = posix::FileWorkspaceStore::open(dir.string());
    REQUIRE(opened);
    store = std::move(opened.value());
    platform.set_workspace(store.get());
    ui::open_workspace(state, *store);
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& path, const std::string& text) {
    fs::create_directories((dir / path).parent_path());
    std::ofstream(dir / path, std::ios::binary) << text;
  }
};

void click(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& button) {
  gui.frames(state, platform, 2);
  REQUIRE(state.io.buttons.count(button) == 1);
  auto at = state.io.buttons.at(button);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(at[0], at[1]);
  gui.frame(state, platform);
  io.MouseDown[0] = true;
  gui.frame(state, platform);
  io.MouseDown[0] = false;
  gui.frame(state, platform);
  io.MousePos = ImVec2(1, 1);
}

// Frames until the run is over, or `seconds`. Returns the frames drawn.
int run_to_end(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, int seconds = 20) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  int frames = 0;
  gui.frame(state, platform);  // the request is acted on in the frame after the click
  while (state.runner.running && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    ++frames;
  }
  REQUIRE_FALSE(state.runner.running);
  gui.frames(state, platform, 2);
  return frames;
}

const RequestResult& result(const ui::AppState& state, std::size_t i) {
  REQUIRE(state.runner.run);
  REQUIRE(state.runner.run->report().results.size() > i);
  return state.runner.run->report().results[i];
}

}  // namespace

TEST_CASE("Runner: three requests, request 2 sends request 1's capture, a failed assertion shows expected and actual",
          "[ui][runner]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"api/1_login.json", experiment("login", lab.base() + "/anything?user=ada-7",
                                                R"({"assert": [{"subject": "status", "op": "==", "value": 200}],
                                                    "capture": [{"variable": "user", "from": "json", "path": "$.args.user"}]})")},
                {"api/2_me.json", experiment("me", lab.base() + "/anything/{{user}}",
                                             R"({"assert": [{"subject": "json", "path": "$.url", "op": "ends_with", "value": "/anything/{{user}}"}]})")},
                {"api/3_created.json", experiment("created", lab.base() + "/anything",
                                                  R"({"assert": [{"subject": "status", "op": "==", "value": 201},
                                                                 {"subject": "json", "path": "$.method", "op": "==", "value": "GET"}]})")},
                {"other.json", experiment("not in the folder", lab.base() + "/status/500", R"({"assert": []})")}});
  gui.frames(state, platform, 2);
  // The folder's context menu asks for it; the run is acted on in draw_app (as a click would).
  state.runner.run_requested = std::string("api/");
  run_to_end(gui, state, platform);
  CHECK(state.mode == ui::Mode::runner);  // the results came forward
  REQUIRE(state.runner.run->report().results.size() == 3);
  CHECK(result(state, 0).outcome == RequestOutcome::passed);
  REQUIRE(result(state, 0).captures.size() == 1);
  CHECK(result(state, 0).captures[0].value == "ada-7");
  CHECK(result(state, 1).outcome == RequestOutcome::passed);
  CHECK(result(state, 1).url == lab.base() + "/anything/ada-7");  // sent with request 1's capture
  const RequestResult& failed = result(state, 2);
  CHECK(failed.outcome == RequestOutcome::failed);
  CHECK(failed.status == 200);
  REQUIRE(failed.assertions.size() == 2);
  CHECK_FALSE(failed.assertions[0].passed);
  CHECK(failed.assertions[0].expected == "201");
  CHECK(failed.assertions[0].actual.find("200") != std::string::npos);
  CHECK(failed.assertions[0].message.find("expected status 201") != std::string::npos);
  CHECK(failed.assertions[1].passed);
  CHECK(failed.duration_ms > 0);
  CHECK_FALSE(state.runner.error);

  // Select the failed row, then "Open exchange": a new tab with its request and response.
  const std::size_t tabs_before = state.tabs.size();
  click(gui, state, platform, "runner.row.2");
  CHECK(state.runner.selected == 2);
  click(gui, state, platform, "runner.open_exchange");
  CHECK(state.tabs.size() == tabs_before + 1);
  CHECK(state.mode == ui::Mode::http);
  REQUIRE(state.kept_log);
  CHECK(state.kept_log->response.status == 200);
  CHECK(state.kept_log->target_url == lab.base() + "/anything");
  CHECK(state.url == lab.base() + "/anything");
  CHECK(state.test.assertions.size() == 2);  // the file's test came with it
  gui.frames(state, platform, 3);
  // The response panel's Tests tab evaluated it against the response shown.
  REQUIRE(state.test_results.size() == 2);
  CHECK_FALSE(state.test_results[0].passed);
  CHECK(state.test_results[0].expected == "201");
}

TEST_CASE("Runner: stop at the first failure, or continue, and Run all from the sidebar", "[ui][runner]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"1_broken.json", experiment("broken", lab.base() + "/status/500",
                                             R"({"assert": [{"subject": "status", "op": "class", "value": "2xx"}]})")},
                {"2_fine.json", experiment("fine", lab.base() + "/anything", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
                {"3_fine.json", experiment("fine too", lab.base() + "/get", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")}});
  state.runner.bail = true;
  click(gui, state, platform, "sidebar.run_all");
  run_to_end(gui, state, platform);
  CHECK(state.runner.run->report().bailed);
  REQUIRE(state.runner.run->report().results.size() == 1);
  CHECK(result(state, 0).outcome == RequestOutcome::failed);
  CHECK(result(state, 0).assertions[0].actual.find("500") != std::string::npos);

  // The checkbox off: every request runs.
  click(gui, state, platform, "runner.bail");
  CHECK_FALSE(state.runner.bail);
  click(gui, state, platform, "runner.run_all");
  run_to_end(gui, state, platform);
  CHECK_FALSE(state.runner.run->report().bailed);
  REQUIRE(state.runner.run->report().results.size() == 3);
  const RunCounts c = state.runner.run->report().counts();
  CHECK(c.passed == 2);
  CHECK(c.failed == 1);
}

TEST_CASE("Runner: Rerun failed runs only the failed files, in order, and sees the fix", "[ui][runner]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"a.json", experiment("a", lab.base() + "/status/404", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
                {"b.json", experiment("b", lab.base() + "/anything", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
                {"c.json", experiment("c", lab.base() + "/anything", R"({"assert": [{"subject": "header", "name": "X-Missing", "op": "exists"}]})")}});
  state.runner.run_requested = std::string();
  run_to_end(gui, state, platform);
  REQUIRE(state.runner.run->report().results.size() == 3);
  CHECK(state.runner.run->report().counts().failed == 2);
  // a.json fixed on disk; c.json still fails.
  ws.write("a.json", experiment("a", lab.base() + "/status/200", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})"));
  click(gui, state, platform, "runner.rerun_failed");
  run_to_end(gui, state, platform);
  const RunReport& again = state.runner.run->report();
  REQUIRE(again.results.size() == 2);
  CHECK(again.results[0].path == "a.json");
  CHECK(again.results[0].outcome == RequestOutcome::passed);
  CHECK(again.results[1].path == "c.json");
  CHECK(again.results[1].outcome == RequestOutcome::failed);
  CHECK(again.results[1].assertions[0].actual == "absent");
}

TEST_CASE("Runner: Stop while a slow request is in flight cancels it and sends nothing more", "[ui][runner]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"1.json", experiment("quick", lab.base() + "/anything", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
                {"2.json", experiment("slow", lab.base() + "/delay/5", R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
                {"3.json", experiment("never", lab.base() + "/anything", R"({"assert": []})")}});
  state.runner.run_requested = std::string();
  gui.frame(state, platform);
  const auto began = std::chrono::steady_clock::now();
  // Until request 2 is in flight: the frames keep coming meanwhile (the window never waits).
  int frames = 0;
  while (!(state.runner.in_flight && state.runner.run->report().results.size() == 1) &&
         std::chrono::steady_clock::now() - began < std::chrono::seconds(5)) {
    gui.frame(state, platform);
    ++frames;
  }
  REQUIRE(state.runner.in_flight);
  gui.frames(state, platform, 10);  // 10 more frames while it waits: none blocks for the 5 s
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(2));
  click(gui, state, platform, "runner.stop");
  gui.frame(state, platform);  // the panel asks; draw_app acts at the start of the next frame
  CHECK_FALSE(state.runner.running);
  CHECK(state.runner.stopped);
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(3));
  REQUIRE(state.runner.run->report().results.size() == 2);
  CHECK(result(state, 1).outcome == RequestOutcome::error);
  CHECK(result(state, 1).message.find("cancel") != std::string::npos);
  gui.frames(state, platform, 5);
  CHECK(state.runner.run->report().results.size() == 2);  // request 3 never sent
}

TEST_CASE("Runner: a file that does not parse stops the run before anything is sent, naming it", "[ui][runner]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"1.json", experiment("ok", lab.base() + "/anything", R"({"assert": []})")},
                {"2.json", experiment("typo", lab.base() + "/anything", R"({"asserts": []})")}});
  state.runner.run_requested = std::string();
  gui.frames(state, platform, 3);
  CHECK_FALSE(state.runner.running);
  REQUIRE(state.runner.error);
  CHECK(state.runner.error.message.find("2.json") != std::string::npos);
  CHECK(state.runner.error.message.find("asserts") != std::string::npos);
  CHECK_FALSE(state.runner.run);
}

TEST_CASE("Runner: a data file runs every request once per row", "[ui][runner]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"echo.json", experiment("echo", lab.base() + "/anything?n={{n}}",
                                         R"({"assert": [{"subject": "json", "path": "$.args.n", "op": "==", "value": "{{n}}"}]})")}});
  ws.write("rows.csv", "n\n1\n2\n3\n");
  state.runner.data_file = (ws.dir / "rows.csv").string();
  state.runner.run_requested = std::string();
  run_to_end(gui, state, platform);
  const RunReport& report = state.runner.run->report();
  REQUIRE(report.results.size() == 3);
  CHECK(report.iterations == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(report.results[std::size_t(i)].iteration == i + 1);
    CHECK(report.results[std::size_t(i)].outcome == RequestOutcome::passed);
  }
  // A data file that is not there: named, nothing sent.
  state.runner.data_file = (ws.dir / "missing.csv").string();
  state.runner.run_requested = std::string();
  gui.frames(state, platform, 2);
  REQUIRE(state.runner.error);
  CHECK(state.runner.error.message.find("missing.csv") != std::string::npos);
}

TEST_CASE("Tests tab: a file's test stays with its tab, is checked against the response and saved back",
          "[ui][runner][tests_tab]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"t.json", experiment("t", lab.base() + "/anything", R"({"assert": [{"subject": "status", "op": "==", "value": 200}],
                                                                          "capture": [{"variable": "m", "from": "json", "path": "$.method"}]})")}});
  ui::open_workspace_file(state, *ws.store, "t.json");
  gui.frames(state, platform, 2);
  REQUIRE(state.test.assertions.size() == 1);
  REQUIRE(state.test.captures.size() == 1);
  CHECK(ui::experiment_from_state(state).test == state.test);
  CHECK_FALSE(ui::tab_dirty(state));
  ui::send(state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.test_results.empty() && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
  REQUIRE(state.test_results.size() == 1);
  CHECK(state.test_results[0].passed);
  REQUIRE(state.capture_results.size() == 1);
  CHECK(state.capture_results[0].value == "GET");
  // Saved back with the test (an edit in the tab is saved too).
  state.test.assertions[0].enabled = false;
  REQUIRE(ui::save_front_tab(state, *ws.store));
  Result<std::string> text = ws.store->read("t.json");
  REQUIRE(text);
  CHECK(text.value().find("\"enabled\": false") != std::string::npos);
  CHECK(text.value().find("$.method") != std::string::npos);
}

TEST_CASE("Tests tab: xpath, xpath_count and an xpath capture against the lab's /html", "[ui][runner][tests_tab][xpath]") {
  Lab lab;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Workspace ws(state, platform,
               {{"h.json", experiment("h", lab.base() + "/html", R"x({"assert": [
                   {"subject": "xpath", "path": "string(//title)", "op": "==", "value": "Wirepad lab"},
                   {"subject": "xpath_count", "path": "//ul[@id='links']/li", "op": "==", "value": 3},
                   {"subject": "cert_days", "op": ">", "value": 0}],
                 "capture": [{"variable": "heading", "from": "xpath", "path": "string(//h1)"}]})x")}});
  ui::open_workspace_file(state, *ws.store, "h.json");
  gui.frames(state, platform, 2);
  REQUIRE(state.test.assertions.size() == 3);
  ui::send(state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.test_results.empty() && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
  gui.frames(state, platform, 2);  // the response's Tests tab draws them
  REQUIRE(state.test_results.size() == 3);
  CHECK(state.test_results[0].passed);
  CHECK_FALSE(state.test_results[1].passed);
  CHECK(state.test_results[1].actual == "2 nodes");
  CHECK_FALSE(state.test_results[2].passed);  // plain http: no certificate
  CHECK(state.test_results[2].actual == "(no TLS)");
  REQUIRE(state.capture_results.size() == 1);
  CHECK(state.capture_results[0].value == "Hello from the lab");
}
