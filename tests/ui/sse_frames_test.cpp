// ui: an event stream through ImGui frames with no window, the real NativePlatform underneath:
// the lab's endless /sse fills the Events view live (brought forward by itself), the selected
// event's JSON is shown indented, Cancel keeps what came; with "Reconnect" ticked, a third
// party's stream (Python's http.server, tests/native/sse_peer.py) that the server closes is
// sent again after its retry: with Last-Event-ID, both connections' events in one list.
#include <catch2/catch.hpp>
#include <chrono>
#include <imgui.h>
#include <thread>

#include "child_process.h"
#include "headless_imgui.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "ui/events_view.h"

using namespace wirepad;
using Gui = wirepad::test::HeadlessImGui;

namespace {

std::size_t events_now(ui::AppState& state, ui::Platform& platform) {
  std::size_t n = 0;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { n = log ? log->sse.events.size() : 0; });
  return n;
}

template <class Done>
bool frames_until(Gui& gui, ui::AppState& state, ui::Platform& platform, Done done, double seconds = 10) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  gui.frame(state, platform);
  return done();
}

}  // namespace

TEST_CASE("Events view: the lab's endless stream, live, then cancelled with its events kept", "[ui][sse]") {
  native::LabServers lab;
  native::LabOptions o;
  o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
  native::LabStatus status = lab.start(o);
  REQUIRE(status.hello_port > 0);

  Gui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(status.hello_port) + "/sse?interval_ms=20";
  ui::send(state, platform);
  REQUIRE(frames_until(gui, state, platform, [&] { return events_now(state, platform) >= 6; }));
  gui.frames(state, platform, 3);  // a slow first frame (the font atlas) may have taken all six
  // Still streaming: the events came while the exchange runs, and the Events tab came forward.
  bool running = false;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { running = log && !log->finished(); });
  CHECK(running);
  CHECK(state.viewers.events.shown_generation == state.generation);
  CHECK(state.viewers.events.seen >= 6);  // the list was drawn with them

  // The first event's JSON data, indented in the detail pane.
  state.viewers.events.selected = 0;
  gui.frames(state, platform, 2);
  CHECK(state.viewers.events.pretty.rfind("{\n  \"n\": 1,\n  \"ms\": ", 0) == 0);

  platform.cancel(state.id);
  REQUIRE(frames_until(gui, state, platform, [&] { return !state.history.entries.empty(); }));
  const ui::HistoryEntry& entry = state.history.entries.front();
  REQUIRE(entry.log);
  CHECK(entry.log->phase == Phase::cancelled);
  CHECK(entry.log->sse.ended);
  REQUIRE(entry.log->sse.events.size() >= 6);
  for (std::size_t i = 0; i < entry.log->sse.events.size(); ++i) {
    CAPTURE(i);
    CHECK(entry.log->sse.events[i].id == std::to_string(i + 1));
    // Each event's offset points at its block in the body as received.
    CHECK(entry.log->body().substr(entry.log->sse.events[i].offset, 4) == "id: ");
    if (i > 0) CHECK(entry.log->sse.events[i].at >= entry.log->sse.events[i - 1].at);
  }
  CHECK(entry.log->sse.events[4].type == "note");
  CHECK(entry.log->sse.events[4].data == "event 5 is a note\nwith a second data line");
}

TEST_CASE("Events view: Reconnect sends Last-Event-ID after the server's retry", "[ui][sse]") {
  test::ChildProcess peer({"/usr/bin/python3", WIREPAD_SSE_PEER});
  auto line = peer.wait_for_line("listening", 20);
  REQUIRE(line);
  Gui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + line->substr(line->find(' ') + 1) + "/reconnect";
  state.sse_reconnect = true;
  state.sse_max_reconnects = 1;
  ui::send(state, platform);
  REQUIRE(frames_until(gui, state, platform, [&] { return state.history.entries.size() >= 2; }));
  gui.frames(state, platform, 3);
  const ui::TabRun& run = state.runs[state.id];
  CHECK(run.sse.connection == 1);
  REQUIRE(run.sse.earlier.size() == 2);
  CHECK(run.sse.earlier[1].id == "2");
  REQUIRE(run.sse.notes.size() == 2);
  CHECK(run.sse.notes[0] == "the server closed the stream; reconnect 1 of 1 in 150 ms (the server's retry:) with Last-Event-ID 2");
  CHECK(run.sse.notes[1] == "not reconnecting: the server closed the stream and all 1 reconnects were made");
  const ui::HistoryEntry& second = state.history.entries.front();
  REQUIRE(second.log);
  REQUIRE(second.log->sse.events.size() == 1);
  CHECK(second.log->sse.events[0].data == "you sent Last-Event-ID 2");
  CHECK(second.log->sse.events[0].connection == 0);  // the core numbers none; the view's list does
  bool sent_header = second.log->bytes_sent.find("\r\nLast-Event-ID: 2\r\n") != std::string::npos;
  CHECK(sent_header);
  CHECK(state.viewers.events.seen == 3);  // one list: both connections
}

TEST_CASE("Events view: JSON data indented, anything else as it is", "[ui][sse]") {
  CHECK(ui::pretty_event_data("{\"a\":[1,2]}") == "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
  CHECK(ui::pretty_event_data("plain text") == "plain text");
  CHECK(ui::pretty_event_data("42") == "42");
}
