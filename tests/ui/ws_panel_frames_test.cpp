// ui/ws_panel: the WebSocket panel driven through ImGui frames with no window, the real
// NativePlatform underneath, python3-websockets (tests/native/ws_peer.py) as the server. The
// buttons' functions are what the panel calls; every test draws the panel in each view, so the
// drawing code runs over the states it produces.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <thread>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "tests/native/child_process.h"
#include "ui/app.h"
#include "ui/runner.h"
#include "ui/workspace.h"
#include "ui/ws_panel.h"

using namespace wirepad;
using wirepad::test::ChildProcess;
using wirepad::test::HeadlessImGui;

namespace {

struct Peer {
  Peer() : process({"/usr/bin/python3", WIREPAD_WS_PEER}) {
    auto line = process.wait_for_line("listening", 20);
    REQUIRE(line);
    port = line->substr(line->find(' ') + 1);
  }
  std::string url(const std::string& path) const { return "ws://127.0.0.1:" + port + path; }
  ChildProcess process;
  std::string port;
};

// Draws frames (in every view) until `done(log)` (or 10 s); returns a copy of the log.
template <class Done>
WsLog frames_until(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, Done done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  WsLog copy;
  bool ok = false;
  int frame = 0;
  while (!ok && std::chrono::steady_clock::now() < deadline) {
    state.websocket.view = frame++ % 4;
    gui.frame(state, platform);
    platform.with_ws([&](const WsLog* log) {
      if (log && done(*log)) {
        ok = true;
        copy = *log;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(ok);
  gui.frame(state, platform);
  return copy;
}

bool open_and_idle(const WsLog& log, std::size_t messages) {
  return log.finished() || (log.state == WsState::open && log.messages.size() >= messages && log.steps_done == log.steps.size());
}

}  // namespace

TEST_CASE("WebSocket panel: connect, text, JSON and binary messages echoed, ping, expect, close with a code", "[ui][websocket]") {
  Peer peer;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.mode = ui::Mode::websocket;
  state.select_mode = true;
  state.websocket.url = peer.url("/echo");
  state.websocket.compress = true;
  gui.frame(state, platform);

  ui::ws_connect(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  WsLog log = frames_until(gui, state, platform, [](const WsLog& l) { return l.finished() || l.state == WsState::open; });
  REQUIRE(log.state == WsState::open);
  CHECK(log.agreement.deflate);
  CHECK(log.handshake_request.find("Sec-WebSocket-Extensions: permessage-deflate") != std::string::npos);

  state.websocket.message = "hello";
  ui::ws_send(state, platform);
  state.websocket.message_kind = 1;  // JSON: checked before it goes
  state.websocket.message = "{\"id\": 1,}";
  ui::ws_send(state, platform);
  REQUIRE(state.websocket.error);
  CHECK_THAT(state.websocket.error.message, Catch::Contains("The message is not valid JSON at line 1"));
  CHECK(state.websocket.message == "{\"id\": 1,}");  // what was typed stays
  state.websocket.message = "{\"id\": 1, \"tags\": [\"a\"]}";
  ui::ws_send(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  state.websocket.message_kind = 2;  // binary, as hex
  state.websocket.message = "00 ff 80";
  ui::ws_send(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  ui::ws_ping(state, platform);
  state.websocket.expect = "\"tags\"";
  ui::ws_expect(state, platform);
  log = frames_until(gui, state, platform, [](const WsLog& l) { return open_and_idle(l, 6); });
  REQUIRE_FALSE(log.error);
  REQUIRE(log.messages.size() == 6);
  // The sends go out at once; the echoes come back in the same order.
  std::vector<const WsMessageRecord*> echoes;
  for (const WsMessageRecord& m : log.messages)
    if (m.direction == WsDirection::received) echoes.push_back(&m);
  REQUIRE(echoes.size() == 3);
  CHECK(echoes[0]->data == "hello");
  CHECK(echoes[0]->compressed);
  CHECK(echoes[1]->data == "{\"id\": 1, \"tags\": [\"a\"]}");
  CHECK(echoes[2]->opcode == WsOpcode::binary);
  CHECK(echoes[2]->data == std::string("\x00\xff\x80", 3));
  // Every frame the client sent is masked; the server's are not (RFC 6455 §5.1).
  for (const WsFrameRecord& f : log.frames) CHECK(f.frame.masked == (f.direction == WsDirection::sent));
  // The selected message's detail and a frame's bytes are drawn without trouble.
  state.websocket.selected_message = 3;
  state.websocket.selected_frame = 0;
  for (int view = 0; view < 4; ++view) {
    state.websocket.view = view;
    gui.frame(state, platform);
  }

  state.websocket.close_code = 4001;
  state.websocket.close_reason = "done here";
  ui::ws_close(state, platform);
  log = frames_until(gui, state, platform, [](const WsLog& l) { return l.finished(); });
  CHECK(log.state == WsState::closed);
  CHECK(log.close_sent_code == 4001);
  CHECK(log.close_received_code == 4001);  // websockets answers with the same code
  CHECK(state.websocket.taken.size() == 6);  // 3 sends (not the refused JSON), ping, expect, close

  // Sending on a closed conversation is an error that says so, and keeps the text.
  state.websocket.message = "late";
  state.websocket.message_kind = 0;
  ui::ws_send(state, platform);
  CHECK_THAT(state.websocket.error.message, Catch::Contains("connect again"));
}

TEST_CASE("WebSocket panel: Save writes the conversation as an experiment, Load and Run all replay it", "[ui][websocket]") {
  Peer peer;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  char dir_template[] = "/tmp/wirepad-ws-ui-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  state.websocket.url = peer.url("/echo");
  state.websocket.subprotocols = "";
  state.websocket.headers = "X-Trace: 7\n";
  state.websocket.script_path = dir + "/echo.json";
  gui.frame(state, platform);
  ui::ws_connect(state, platform);
  state.websocket.message = "one";
  ui::ws_send(state, platform);
  state.websocket.expect = "one";
  ui::ws_expect(state, platform);
  WsLog log = frames_until(gui, state, platform, [](const WsLog& l) { return open_and_idle(l, 2); });
  REQUIRE_FALSE(log.error);
  CHECK(log.handshake_request.find("X-Trace: 7\r\n") != std::string::npos);
  ui::ws_close(state, platform);
  frames_until(gui, state, platform, [](const WsLog& l) { return l.finished(); });
  ui::ws_save_script(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  CHECK_THAT(state.websocket.script_note, Catch::Contains("saved 3 steps"));

  std::ifstream in(state.websocket.script_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<Experiment> saved = parse_experiment(text);
  REQUIRE(saved.ok());
  CHECK(saved->kind == ExperimentKind::websocket);
  CHECK(saved->websocket.headers == Headers{{"X-Trace", "7"}});
  REQUIRE(saved->websocket.steps.size() == 3);
  CHECK(saved->websocket.steps[0].data == "one");

  // A fresh tab loads it and replays it whole.
  ui::AppState other;
  other.websocket.script_path = state.websocket.script_path;
  ui::ws_load_script(other, platform);
  REQUIRE_FALSE(other.websocket.error);
  CHECK(other.websocket.url == peer.url("/echo"));
  CHECK(other.websocket.script.size() == 3);
  ui::ws_run_script(other, platform);
  REQUIRE_FALSE(other.websocket.error);
  log = frames_until(gui, other, platform, [](const WsLog& l) { return l.finished(); });
  CHECK(log.state == WsState::closed);
  CHECK_FALSE(log.error);
  CHECK(log.messages.size() == 2);

  // The tab's own save (File > Save) writes the same kind of experiment.
  other.mode = ui::Mode::websocket;
  Experiment tab = ui::experiment_from_state(other);
  CHECK(tab.kind == ExperimentKind::websocket);
  CHECK(tab.websocket.steps.size() == 3);

  // Bad input is said, and nothing typed is lost.
  other.websocket.headers = "no colon here";
  ui::ws_connect(other, platform);
  CHECK_THAT(other.websocket.error.message, Catch::Contains("header line 1 ('no colon here') is not 'Name: value'"));
  CHECK(other.websocket.headers == "no colon here");
  other.websocket.headers.clear();
  other.websocket.url = "http://127.0.0.1:1/";
  ui::ws_connect(other, platform);
  CHECK(other.websocket.error);
  std::filesystem::remove_all(dir);
}

TEST_CASE("WebSocket panel: a server that refuses the upgrade is shown as a failed handshake", "[ui][websocket]") {
  Peer peer;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.websocket.url = peer.url("/forbidden");
  ui::ws_connect(state, platform);
  WsLog log = frames_until(gui, state, platform, [](const WsLog& l) { return l.finished(); });
  CHECK(log.state == WsState::failed);
  CHECK(log.status == 403);
  CHECK(log.failed_step == 1);
}

TEST_CASE("Runner: a WebSocket experiment in a folder runs in its place, its steps the checks", "[ui][websocket][runner]") {
  Peer peer;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  char pattern[] = "/tmp/wirepad-ws-runner-XXXXXX";
  const std::filesystem::path dir = mkdtemp(pattern);
  auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir / name, std::ios::binary) << text; };
  write("1-echo.json", R"({"wirepad": 5, "kind": "websocket", "name": "echo",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "hi"}, {"expect": "hi"}]}})");
  write("2-wrong.json", R"({"wirepad": 5, "kind": "websocket", "name": "wrong",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "hi"}, {"expect": "bye", "timeout": 0.3}]}})");
  auto store = posix::FileWorkspaceStore::open(dir.string());
  REQUIRE(store.ok());
  platform.set_workspace(store.value().get());
  ui::open_workspace(state, *store.value());
  gui.frame(state, platform);
  ui::start_runner(state, platform, "");
  REQUIRE_FALSE(state.runner.error);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (ui::runner_busy(state) && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE_FALSE(ui::runner_busy(state));
  const RunReport& report = state.runner.run->report();
  REQUIRE(report.results.size() == 2);
  CHECK(report.results[0].outcome == RequestOutcome::passed);
  CHECK(report.results[0].assertions.size() == 4);  // handshake, send, expect, close
  CHECK(report.results[1].outcome == RequestOutcome::failed);
  CHECK_THAT(report.results[1].message, Catch::Contains("step 3"));
  gui.frames(state, platform, 2);  // the results view draws them
  std::filesystem::remove_all(dir);
}

TEST_CASE("WebSocket panel: a file's test checks the messages received, shown in the tests view and saved back",
          "[ui][websocket][messages]") {
  Peer peer;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  char dir_template[] = "/tmp/wirepad-ws-tests-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  Result<Experiment> e = parse_experiment(R"({"wirepad": 6, "kind": "websocket", "name": "feed",
    "websocket": {"url": ")" + peer.url("/echo") + R"(", "steps": [{"send": "{\"type\": \"ack\", \"n\": 2}"}, {"expect": "ack"},
                                                                    {"send": "tick"}, {"expect": "tick"}]},
    "test": {"assert": [{"subject": "json", "path": "$.n", "op": "==", "value": 2, "message": 1},
                        {"subject": "messages", "op": "==", "value": 2},
                        {"subject": "body", "op": "==", "value": "tock", "label": "the last says tock"}],
             "capture": [{"variable": "kind", "from": "json", "path": "$.type", "message": 1}]}})");
  REQUIRE(e.ok());
  ui::load_experiment(state, e.value());
  CHECK(state.mode == ui::Mode::websocket);
  CHECK(state.test.empty());  // the HTTP Tests tab's is not this one
  REQUIRE(state.websocket.tests.test.assertions.size() == 3);
  ui::ws_run_script(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  frames_until(gui, state, platform, [](const WsLog& l) { return l.finished(); });
  state.websocket.view = 4;  // the tests view
  gui.frames(state, platform, 2);
  const ConversationVerdict& verdict = state.websocket.tests.verdict;
  REQUIRE(verdict.assertions.size() == 3);
  CHECK(verdict.assertions[0].passed);
  CHECK(verdict.assertions[1].passed);
  CHECK_FALSE(verdict.assertions[2].passed);
  CHECK(verdict.assertions[2].actual == "\"tick\"");
  REQUIRE(verdict.captures.size() == 1);
  CHECK(verdict.captures[0].value == "ack");
  CHECK(ui::tests_label(state.websocket.tests) == "tests 3/4 passed###tests");

  // The view edits them as the composer's Tests tab does: an assertion added with its message.
  ui::AssertionFields& fields = state.websocket.tests.assertion_editor.fields;
  fields.subject = int(AssertSubject::body);
  fields.op = int(AssertOp::eq);
  fields.expected = "tick";
  fields.message = -1;
  gui.frames(state, platform, 2);
  REQUIRE(state.io.buttons.count("conversation.assert.add") == 1);
  const auto at = state.io.buttons.at("conversation.assert.add");
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(at[0], at[1]);
  gui.frame(state, platform);
  io.MouseDown[0] = true;
  gui.frame(state, platform);
  io.MouseDown[0] = false;
  gui.frames(state, platform, 2);
  REQUIRE(state.websocket.tests.test.assertions.size() == 4);
  CHECK(state.websocket.tests.test.assertions[3].message == -1);
  CHECK(describe(state.websocket.tests.test.assertions[3]) == "body == \"tick\" in the last message");
  REQUIRE(state.websocket.tests.verdict.assertions.size() == 4);  // evaluated again with the new row
  CHECK(state.websocket.tests.verdict.assertions[3].passed);
  state.websocket.tests.test.assertions.erase(state.websocket.tests.test.assertions.begin() + 3);

  // Save keeps the test; so does the tab's own save.
  state.websocket.script_path = dir + "/feed.json";
  ui::ws_save_script(state, platform);
  REQUIRE_FALSE(state.websocket.error);
  std::ifstream in(state.websocket.script_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<Experiment> saved = parse_experiment(text);
  REQUIRE(saved.ok());
  CHECK(saved->test == e->test);
  CHECK(ui::experiment_from_state(state).test == e->test);
  std::filesystem::remove_all(dir);
}
