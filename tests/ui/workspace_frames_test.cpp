// ui: tabs, shortcuts, the workspace folder, environments, history and share links, driven
// through ImGui frames with no window, over a real workspace folder (FileWorkspaceStore in a
// temporary directory), the real NativePlatform and the lab servers.
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "headless_imgui.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "shared/history_record.h"
#include "shared/share_link.h"
#include "ui/keys.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

using namespace wirepad;
using namespace wirepad::native;
using wirepad::posix::FileWorkspaceStore;
using wirepad::test::HeadlessImGui;
namespace fs = std::filesystem;

namespace {

struct TempWorkspace {
  fs::path path;
  std::unique_ptr<FileWorkspaceStore> store;
  TempWorkspace() {
    char pattern[] = "/tmp/wirepad-ui-ws-XXXXXX";
    path = ::mkdtemp(pattern);
    auto opened = FileWorkspaceStore::open(path.string());
    REQUIRE(opened.ok());
    store = std::move(opened.value());
  }
  ~TempWorkspace() { fs::remove_all(path); }
  std::string slurp(const std::string& relative) const {
    std::ifstream in(path / relative, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

LabOptions any_ports() {
  LabOptions o;
  o.hello_port = 0;
  o.tcp_echo_port = 0;
  o.udp_echo_port = 0;
  return o;
}

ExchangeLog frames_until_finished(HeadlessImGui& gui, ui::AppState& state, NativePlatform& platform) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  ExchangeLog copy;
  bool finished = false;
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) {
      if (log && log->finished()) {
        finished = true;
        copy = *log;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(finished);
  gui.frame(state, platform);
  return copy;
}

// Types into whatever has the keyboard focus, replacing its text (Ctrl+A first).
void replace_focused_text(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& text) {
  gui.press(state, platform, ImGuiKey_A, /*ctrl=*/true);
  ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
  gui.frame(state, platform);
}

}  // namespace

TEST_CASE("Ctrl+T opens a tab, each tab keeps its own composer, Ctrl+W closes", "[ui][tabs]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(8080));
  gui.frame(state, platform);
  REQUIRE(state.tabs.size() == 1);
  const int first = state.id;

  gui.press_index(state, platform, ui::keys::kT, /*ctrl=*/true);
  REQUIRE(state.tabs.size() == 2);
  CHECK(state.active_tab == 1);
  CHECK(state.id != first);
  CHECK(state.url.empty());
  CHECK(state.name == "untitled");
  state.url = "http://127.0.0.1:9/second";
  state.body = "second body";
  gui.frame(state, platform);

  ui::bring_forward(state, 0);
  gui.frames(state, platform, 3);
  CHECK(state.id == first);
  CHECK(state.url == "http://127.0.0.1:8080/");
  CHECK(state.body.empty());
  ui::bring_forward(state, 1);
  gui.frames(state, platform, 3);
  CHECK(state.url == "http://127.0.0.1:9/second");
  CHECK(state.body == "second body");

  // The second tab has unsaved changes: Ctrl+W asks instead of closing.
  gui.press_index(state, platform, ui::keys::kW, /*ctrl=*/true);
  CHECK(state.tabs.size() == 2);
  CHECK(state.workspace.close_requested == state.id);
  // Answered "discard": the tab goes, the first comes forward.
  ui::close_tab(state, 1);
  state.workspace.close_requested = 0;
  gui.frames(state, platform, 3);
  REQUIRE(state.tabs.size() == 1);
  CHECK(state.id == first);
  // An unchanged tab closes at once; the last one leaves a blank tab.
  gui.press_index(state, platform, ui::keys::kW, /*ctrl=*/true);
  REQUIRE(state.tabs.size() == 1);
  CHECK(state.id != first);
  CHECK(state.name == "untitled");
}

TEST_CASE("Ctrl+S saves the tab in the workspace folder, asking for a path the first time", "[ui][tabs][workspace]") {
  TempWorkspace ws;
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(ws.store.get());
  ui::AppState state;
  ui::open_workspace(state, *ws.store);
  ui::load_experiment(state, ui::hello_experiment(8080));
  gui.frame(state, platform);
  state.name = "Create a user";
  state.method = "POST";
  state.body = "{\"name\": \"Ada\"}";
  gui.frame(state, platform);
  CHECK(ui::tab_dirty(state));

  gui.press_index(state, platform, ui::keys::kS, /*ctrl=*/true);
  CHECK(state.workspace.save_as_path == "create-a-user.json");
  gui.frame(state, platform);  // the dialog takes the keyboard focus
  replace_focused_text(gui, state, platform, "users/create.json");
  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/false);
  CHECK_FALSE(state.workspace.error);
  CHECK(state.file == "users/create.json");
  CHECK_FALSE(ui::tab_dirty(state));
  Result<Experiment> saved = parse_experiment(ws.slurp("users/create.json"));
  REQUIRE(saved.ok());
  CHECK(saved->name == "Create a user");
  CHECK(saved->request.body == "{\"name\": \"Ada\"}");
  CHECK(ws.slurp("users/create.json") == serialize_experiment(saved.value()));  // the documented format, as is
  CHECK(state.workspace.files == std::vector<std::string>{"users/create.json"});

  // Later saves go to the same file without asking.
  state.url = "http://127.0.0.1:8080/users";
  gui.press_index(state, platform, ui::keys::kS, /*ctrl=*/true);
  CHECK(parse_experiment(ws.slurp("users/create.json")).value().request.url == "http://127.0.0.1:8080/users");

  // Opening the file from the tree brings its tab forward instead of opening it twice.
  gui.press_index(state, platform, ui::keys::kT, /*ctrl=*/true);
  REQUIRE(state.tabs.size() == 2);
  ui::open_workspace_file(state, *ws.store, "users/create.json");
  CHECK(state.tabs.size() == 2);
  CHECK(state.file == "users/create.json");
}

TEST_CASE("a file changed by another program reloads, unless the tab has unsaved edits", "[ui][workspace]") {
  TempWorkspace ws;
  Experiment e = ui::hello_experiment(8080);
  e.name = "Hello";
  REQUIRE_FALSE(ws.store->write("hello.json", serialize_experiment(e)));
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(ws.store.get());
  ui::AppState state;
  ui::open_workspace(state, *ws.store);
  ui::open_workspace_file(state, *ws.store, "hello.json");
  gui.frame(state, platform);
  REQUIRE(state.file == "hello.json");

  // An editor (or git checkout) rewrites the file; within a second of frames the tab follows.
  e.request.url = "http://127.0.0.1:8080/edited";
  std::ofstream(ws.path / "hello.json") << serialize_experiment(e);
  gui.frames(state, platform, 70);  // 70 frames of 1/60 s
  CHECK(state.url == "http://127.0.0.1:8080/edited");
  CHECK_FALSE(ui::tab_dirty(state));
  // A new file in a new folder shows up in the tree.
  fs::create_directories(ws.path / "more");
  std::ofstream(ws.path / "more" / "b.json") << serialize_experiment(e);
  gui.frames(state, platform, 70);
  CHECK(state.workspace.files == std::vector<std::string>{"hello.json", "more/b.json"});

  // With unsaved edits the tab keeps them and says the file changed.
  state.body = "my draft";
  e.request.url = "http://127.0.0.1:8080/again";
  std::ofstream(ws.path / "hello.json") << serialize_experiment(e);
  gui.frames(state, platform, 70);
  CHECK(state.changed_on_disk);
  CHECK(state.body == "my draft");
  CHECK(state.url == "http://127.0.0.1:8080/edited");
  ui::reload_tab_from_disk(state, *ws.store);
  CHECK(state.url == "http://127.0.0.1:8080/again");
  CHECK(state.body.empty());
}

TEST_CASE("{{variables}} are filled from the chosen environment when sending, the history keeps them and persists",
          "[ui][integration][environment][history]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  TempWorkspace ws;
  // Environments as files: a public value and a secret one.
  REQUIRE_FALSE(ws.store->write("environments.json", R"({"environments": [{"name": "lab", "variables": [
      {"name": "port", "value": ")" + std::to_string(status.hello_port) + R"("}, {"name": "token", "secret": true}]}]})"));
  REQUIRE_FALSE(ws.store->write("environments.secrets.json", R"({"environments": {"lab": {"token": "s3cret"}}})"));
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(ws.store.get());
  ui::AppState state;
  ui::open_workspace(state, *ws.store);
  REQUIRE(state.workspace.environments.find("lab"));
  state.url = "http://127.0.0.1:{{port}}/";
  state.headers = {{true, "Authorization", "Bearer {{token}}"}};
  gui.frame(state, platform);

  // No environment chosen: an error that names the variable and where it is; nothing sent.
  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/true);
  REQUIRE(state.composer_error);
  CHECK(state.composer_error.message.rfind("unknown variable {{port}} in the URL at position 17", 0) == 0);
  CHECK(state.composer_error.offset == 17);
  platform.with_exchange(state.id, [](const ExchangeLog* log) { CHECK(log == nullptr); });

  ui::choose_environment(state, platform.workspace(), "lab");
  CHECK(ws.slurp(".wirepad/state.json").find("\"lab\"") != std::string::npos);  // remembered locally
  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/true);
  ExchangeLog log = frames_until_finished(gui, state, platform);
  CHECK(log.response.status == 200);
  CHECK(log.request.url == "http://127.0.0.1:" + std::to_string(status.hello_port) + "/");
  CHECK(log.bytes_sent.find("Authorization: Bearer s3cret\r\n") != std::string::npos);
  CHECK(state.url == "http://127.0.0.1:{{port}}/");  // the composer keeps the reference
  REQUIRE(state.history.entries.size() == 1);
  CHECK(state.history.entries[0].experiment.request.url == "http://127.0.0.1:{{port}}/");
  CHECK(state.history.entries[0].environment == "lab");

  // Unknown variable in a header value: named with the header.
  state.headers.push_back({true, "X-Trace", "{{trace}}"});
  ui::send(state, platform);
  CHECK(state.composer_error.message.rfind("unknown variable {{trace}} in header 2 (X-Trace) value at position 0", 0) == 0);

  // The run is on disk; a new session (a restarted app) has it, searchable, and re-opens it
  // as an experiment in a new tab with its response and environment.
  REQUIRE(ws.store->list(".wirepad/history").size() == 1);
  ui::AppState next;
  ui::open_workspace(next, *ws.store);
  REQUIRE(next.history.entries.size() == 1);
  CHECK(next.history.entries[0].outcome == "200 OK");
  CHECK(ui::history_matches(next.history.entries[0], "{{PORT}}"));
  CHECK(ui::history_matches(next.history.entries[0], "lab"));
  CHECK_FALSE(ui::history_matches(next.history.entries[0], "nowhere"));
  gui.frame(next, platform);
  ui::open_history_entry(next, platform.workspace(), 0);
  gui.frame(next, platform);
  CHECK(next.tabs.size() == 2);
  CHECK(next.url == "http://127.0.0.1:{{port}}/");
  CHECK(next.workspace.active_environment == "lab");
  REQUIRE(next.kept_log);
  CHECK(next.kept_log->body() == "Hello, World!");
  CHECK(next.kept_log->bytes_received == log.bytes_received);
  CHECK(next.body_view.lines.line_count() == 1);  // the response view drew the kept exchange
}

TEST_CASE("the history lists records from their summaries and reads a record's bytes when it is opened",
          "[ui][history]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  TempWorkspace ws;
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(ws.store.get());
  ui::AppState state;
  ui::open_workspace(state, *ws.store);
  state.url = "http://127.0.0.1:" + std::to_string(status.hello_port) + "/";
  gui.frame(state, platform);
  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/true);
  ExchangeLog log = frames_until_finished(gui, state, platform);
  REQUIRE(log.response.status == 200);
  gui.frames(state, platform, 3);
  REQUIRE(ws.store->list(".wirepad/history").size() == 1);
  // A record written before summaries existed, holding a 2 MB body: listed from the whole file.
  {
    ExchangeLog big;
    big.phase = Phase::done;
    big.has_response_head = true;
    big.target_url = "http://old.example/big";
    big.remote_address = "192.0.2.7:80";
    big.response.status = 200;
    big.response.reason = "OK";
    big.response.body = std::string(2'000'000, 'q');
    big.bytes_received = "HTTP/1.1 200 OK\r\n\r\n" + big.response.body;
    Experiment e;
    e.request.url = "http://old.example/big";
    nlohmann::ordered_json old = nlohmann::ordered_json::parse(serialize_history_record(e, "", 1, big));
    old.erase("summary");
    REQUIRE_FALSE(ws.store->write(".wirepad/history/00000000.json", old.dump(1)));
  }
  REQUIRE_FALSE(ws.store->write(".wirepad/history/00000009.json", "{ not a record"));  // skipped

  ui::AppState next;
  ui::open_workspace(next, *ws.store);
  REQUIRE(next.history.entries.size() == 2);
  const ui::HistoryEntry& newest = next.history.entries[0];
  CHECK(newest.outcome == "200 OK");
  CHECK(newest.bytes_received == log.received_size());
  CHECK(newest.log == nullptr);  // listed, not loaded
  CHECK(ui::history_matches(newest, "127.0.0.1:" + std::to_string(status.hello_port)));  // the remote address
  const ui::HistoryEntry& old = next.history.entries[1];
  CHECK(old.experiment.request.url == "http://old.example/big");
  CHECK(old.bytes_received == 2'000'019);
  CHECK(old.log == nullptr);  // read whole to list it, then let go
  CHECK(ui::history_matches(old, "192.0.2.7"));

  gui.frame(next, platform);
  ui::open_history_entry(next, platform.workspace(), 0);
  gui.frame(next, platform);
  REQUIRE(next.kept_log);
  CHECK(next.kept_log->body() == "Hello, World!");
  CHECK(next.kept_log->bytes_received == log.bytes_received);
  CHECK(next.history.entries[0].log == nullptr);  // the tab holds it, not the list
  ui::open_history_entry(next, platform.workspace(), 1);
  gui.frame(next, platform);
  REQUIRE(next.kept_log);
  CHECK(next.kept_log->body().size() == 2'000'000);

  // A record that went away since it was listed: an error naming it; nothing else changes.
  const std::string gone = next.history.entries[0].file;
  REQUIRE_FALSE(ws.store->remove(gone));
  const std::size_t tabs = next.tabs.size();
  ui::open_history_entry(next, platform.workspace(), 0);
  CHECK(next.tabs.size() == tabs);
  REQUIRE(next.workspace.error);
  CHECK(next.workspace.error.message.find("history entry " + gone + " could not be opened") == 0);
}

TEST_CASE("the history keeps the newest 200 runs on disk", "[ui][history]") {
  TempWorkspace ws;
  ui::History history;
  for (int i = 0; i < 205; ++i) {
    ExchangeLog log;
    log.phase = Phase::failed;
    log.error = make_error(ErrorCode::connect_refused, "refused");
    Experiment e;
    e.request.url = "http://127.0.0.1:1/" + std::to_string(i);
    ui::HistoryEntry* entry = ui::record_exchange(history, e, log, unsigned(i + 1));
    REQUIRE(entry);
    REQUIRE_FALSE(ui::persist_history_entry(history, *entry, *ws.store));
  }
  CHECK(history.entries.size() == 200);
  std::vector<std::string> files = ws.store->list(".wirepad/history");
  REQUIRE(files.size() == 200);
  CHECK(files.front() == ".wirepad/history/00000006.json");
  ui::History loaded;
  ui::load_history(loaded, *ws.store);
  REQUIRE(loaded.entries.size() == 200);
  CHECK(loaded.entries.front().experiment.request.url == "http://127.0.0.1:1/204");  // newest first
  CHECK(loaded.entries.back().experiment.request.url == "http://127.0.0.1:1/5");
  CHECK(loaded.next_file_number == 206);
}

TEST_CASE("the Share dialog shows the link, its length and what is in it, secrets only when ticked", "[ui][share]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.workspace.environments.environments.push_back(
      Environment{"local", {{"host", "127.0.0.1:8080", false}, {"token", "s3cret", true}}});
  state.workspace.active_environment = "local";
  state.name = "Me";
  state.url = "http://{{host}}/me";
  state.headers = {{true, "Authorization", "Bearer {{token}}"}, {true, "Cookie", "sid=abc"}};
  state.share.open_requested = true;
  gui.frames(state, platform, 2);
  REQUIRE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId));  // the dialog is up
  CHECK(state.share.link.rfind("http://127.0.0.1:7070/#x=1.", 0) == 0);
  CHECK(state.share.left_out == std::vector<std::string>{"the value of the secret variable {{token}}",
                                                         "the value of the Authorization header",
                                                         "the value of the Cookie header"});
  CHECK(state.share.document.find("sid=abc") == std::string::npos);
  CHECK(state.share.document.find("s3cret") == std::string::npos);
  // What the dialog shows is what the link holds.
  Result<Experiment> in_link = open_share_link(state.share.link);
  REQUIRE(in_link.ok());
  CHECK(serialize_experiment(in_link.value()) == state.share.document);
  CHECK(in_link->request.url == "http://{{host}}/me");

  // Ticks: fill variables (public only) and include the cookie.
  state.share.choices.fill_variables = true;
  state.share.choices.include_cookie = true;
  std::size_t before = state.share.link.size();
  gui.frame(state, platform);
  CHECK(state.share.link.size() != before);
  in_link = open_share_link(state.share.link);
  REQUIRE(in_link.ok());
  CHECK(in_link->request.url == "http://127.0.0.1:8080/me");
  CHECK(in_link->request.headers == Headers{{"Authorization", ""}, {"Cookie", "sid=abc"}});
  CHECK(state.share.left_out == std::vector<std::string>{"the value of the secret variable {{token}}",
                                                         "the value of the Authorization header"});
}

TEST_CASE("a share link pasted into the URL opens in a new tab that names the target and sends nothing",
          "[ui][share]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(8080));
  Experiment shared;
  shared.name = "Shared with me";
  shared.request = HttpRequest{"DELETE", "https://api.example.com:8443/items/7", {}, ""};
  std::string link = share_link_url("http://127.0.0.1:7070/", make_share_link(shared));

  state.focus_url = true;
  gui.frame(state, platform);
  replace_focused_text(gui, state, platform, link);
  gui.frames(state, platform, 3);
  REQUIRE(state.tabs.size() == 2);
  CHECK(state.name == "Shared with me");
  CHECK(state.method == "DELETE");
  CHECK(state.link_host == "https://api.example.com:8443");
  CHECK(state.tabs[0].url == "http://127.0.0.1:8080/");  // the tab it was pasted into is as it was
  // Enter is not a reflex send: nothing went out, however many frames pass.
  gui.frames(state, platform, 5);
  platform.with_exchange(state.id, [](const ExchangeLog* log) { CHECK(log == nullptr); });

  // A damaged link says where, and the text typed stays.
  ui::bring_forward(state, 0);
  gui.frames(state, platform, 2);
  state.focus_url = true;
  gui.frames(state, platform, 2);
  std::string damaged = link.substr(0, link.size() - 5) + "!!!!!";
  replace_focused_text(gui, state, platform, damaged);
  CHECK(state.tabs.size() == 2);
  CHECK(state.url == damaged);
  REQUIRE(state.composer_error);
  CHECK(state.composer_error.message.find("damaged") != std::string::npos);
}

TEST_CASE("a socket experiment opens in the socket composer and saves back with all its steps", "[ui][workspace][socket]") {
  TempWorkspace ws;
  Experiment script;
  script.kind = ExperimentKind::socket;
  script.name = "Echo";
  script.socket.host = "127.0.0.1";
  script.socket.port = 9000;
  auto step = [](StepKind kind, std::string bytes, double seconds = 5) {
    SocketStep s;
    s.kind = kind;
    s.bytes = std::move(bytes);
    s.seconds = seconds;
    return s;
  };
  script.socket.steps = {step(StepKind::connect, ""), step(StepKind::send, "hello\r\n"), step(StepKind::expect, "hello", 2),
                         step(StepKind::sleep, "", 0.5), step(StepKind::close, "")};
  REQUIRE_FALSE(ws.store->write("echo.json", serialize_experiment(script)));
  HeadlessImGui gui;
  NativePlatform platform;
  platform.set_workspace(ws.store.get());
  ui::AppState state;
  ui::open_workspace(state, *ws.store);
  gui.frame(state, platform);
  ui::open_workspace_file(state, *ws.store, "echo.json");
  gui.frames(state, platform, 3);
  CHECK(state.mode == ui::Mode::socket);
  CHECK(state.socket.payload == "hello\\r\\n");
  CHECK(state.socket.expect == "hello");
  CHECK_FALSE(ui::tab_dirty(state));

  state.socket.payload = "bye\\r\\n";
  gui.press_index(state, platform, ui::keys::kS, /*ctrl=*/true);
  Result<Experiment> saved = parse_experiment(ws.slurp("echo.json"));
  REQUIRE(saved.ok());
  REQUIRE(saved->socket.steps.size() == 5);  // sleep and close kept
  CHECK(saved->socket.steps[1].bytes == "bye\r\n");
  CHECK(saved->socket.steps[2].seconds == 2);
  CHECK(saved->socket.steps[3].kind == StepKind::sleep);
}

TEST_CASE("environments are saved in two files, secret values only in the git-ignored one", "[ui][environment]") {
  TempWorkspace ws;
  ui::AppState state;
  ui::open_workspace(state, *ws.store);
  state.workspace.environments.environments.push_back(
      Environment{"local", {{"host", "127.0.0.1:8080", false}, {"token", "s3cret", true}}});
  REQUIRE_FALSE(ui::save_environments(state, *ws.store));
  CHECK(ws.slurp("environments.json").find("s3cret") == std::string::npos);
  CHECK(ws.slurp("environments.json").find("\"token\"") != std::string::npos);
  CHECK(ws.slurp("environments.secrets.json").find("s3cret") != std::string::npos);
  CHECK(ws.slurp(".gitignore").find("environments.secrets.json") != std::string::npos);
  ui::AppState next;
  ui::open_workspace(next, *ws.store);
  CHECK(next.workspace.environments == state.workspace.environments);
}
