// ui: the Import and Export dialogs driven through ImGui frames with no window, clicked and
// typed into like a person would (the mouse on the buttons' recorded centres, Ctrl+V from
// ImGui's clipboard), over the real NativePlatform (its file reading) and the lab's hello
// server for an exchange to export.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "headless_imgui.h"
#include "native/chaos_server.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "shared/code_export.h"
#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/request_resolve.h"
#include "ui/export_dialog.h"
#include "ui/file_import.h"
#include "ui/import_dialog.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;
namespace fs = std::filesystem;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A left click on a button the dialog drew last frame (its centre, recorded by name).
void click(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& button) {
  REQUIRE(state.io.buttons.count(button) == 1);
  auto at = state.io.buttons.at(button);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(at[0], at[1]);
  gui.frame(state, platform);
  io.MouseDown[0] = true;
  gui.frame(state, platform);
  io.MouseDown[0] = false;
  gui.frames(state, platform, 2);
}

void open_import(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform) {
  state.io.import.open_requested = true;
  gui.frames(state, platform, 3);
  REQUIRE(state.io.import.is_open);
}

struct TempDir {
  fs::path path;
  TempDir() {
    char pattern[] = "/tmp/wirepad-ui-io-XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("Import: a pasted curl command fills the composer of a new tab", "[ui][import]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(8080));
  gui.frame(state, platform);
  const int first = state.id;
  open_import(gui, state, platform);

  // Click into the text box and paste (Ctrl+V), as a person would.
  ImGui::SetClipboardText("curl -X POST -H 'Content-Type: application/json' -d '{\"a\":1}' http://127.0.0.1:9/items");
  click(gui, state, platform, "import.text");
  gui.press(state, platform, ImGuiKey_V, /*ctrl=*/true);
  gui.frames(state, platform, 2);
  const ui::ImportDialogState& d = state.io.import;
  REQUIRE_FALSE(d.error);
  REQUIRE(d.batch);
  CHECK(d.format == ImportFormat::curl);
  REQUIRE(d.batch->requests.size() == 1);

  click(gui, state, platform, "import.open_selected");
  CHECK_FALSE(state.io.import.is_open);
  CHECK(state.id != first);  // a new tab: the one the user had is untouched
  CHECK(state.tabs.size() == 2);
  CHECK(state.method == "POST");
  CHECK(state.url == "http://127.0.0.1:9/items");
  CHECK(state.body == "{\"a\":1}");
  REQUIRE(state.headers.size() == 1);
  CHECK(state.headers[0].name == "Content-Type");
  CHECK(state.headers[0].value == "application/json");
  ui::bring_forward(state, 0);
  gui.frame(state, platform);
  CHECK(state.url == "http://127.0.0.1:8080/");
}

TEST_CASE("Import: a HAR with 4 entries read from a typed path lists 4, with what was left out", "[ui][import]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);
  open_import(gui, state, platform);
  state.io.import.open_path = std::string(WIREPAD_TEST_DATA) + "/imports/chromium_h2.har";
  gui.frame(state, platform);
  click(gui, state, platform, "import.open_file");
  const ui::ImportDialogState& d = state.io.import;
  REQUIRE_FALSE(d.error);
  REQUIRE(d.batch);
  CHECK(d.format == ImportFormat::har);
  REQUIRE(d.batch->requests.size() == 4);
  CHECK(d.selected == std::vector<char>{1, 1, 1, 1});
  // The WebSocket entry is a WebSocket experiment; pseudo-headers are listed per request.
  CHECK(d.batch->not_imported.empty());
  CHECK(d.batch->requests[1].experiment.kind == ExperimentKind::websocket);
  const auto& notes = d.batch->requests[0].not_imported;
  CHECK(std::any_of(notes.begin(), notes.end(), [](const ImportNote& n) { return n.what.find(":authority") == 0; }));
  CHECK(state.io.import.is_open);

  click(gui, state, platform, "import.open_all");
  CHECK(state.tabs.size() == 5);  // the blank one and four imported
  CHECK(state.method == "POST");  // the last entry is in front
  // The HAR's postData.params: a urlencoded form table (encoded when sent).
  CHECK(state.request_model.body_kind == BodyKind::urlencoded);
  CHECK(state.request_model.form == std::vector<FormField>{{"user", "ada l"}, {"pw", "p&q"}});
  CHECK_THAT(state.viewers.drop_note, Catch::Contains("opened 4 imported requests"));
}

TEST_CASE("Import: malformed text gets an error with its line and column, and the text stays", "[ui][import]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);
  open_import(gui, state, platform);
  ui::ImportDialogState& d = state.io.import;
  const std::string broken = "{\n  \"log\": {\n    \"entries\": [ {\"request\": ,} ]\n  }\n}\n";
  click(gui, state, platform, "import.text");
  ImGui::GetIO().AddInputCharactersUTF8(broken.c_str());
  gui.frames(state, platform, 2);
  REQUIRE(d.error);
  CHECK(d.text == broken);
  CHECK_THAT(d.error.message, Catch::Contains("not valid JSON at line 3, column 30"));
  REQUIRE(d.error.offset >= 0);
  CHECK(ui::line_and_column(d.text, d.error.offset) == "line 3, column 30");
  CHECK_FALSE(d.batch);

  // Closed and opened again: still there, still explained.
  click(gui, state, platform, "import.close");
  CHECK_FALSE(d.is_open);
  open_import(gui, state, platform);
  CHECK(d.text == broken);
  CHECK(d.error);

  // A .http file with a bad header line: the reader's own line and column.
  ui::set_import_text(d, "bad.http", "GET http://h/\nAccept application/json\n");
  CHECK(d.replaced_text == broken);  // what was typed is one click away
  gui.frame(state, platform);
  REQUIRE(d.error);
  CHECK(d.format == ImportFormat::http_file);
  CHECK_THAT(d.error.message, Catch::Contains("line 2"));
  CHECK(ui::line_and_column(d.text, d.error.offset).rfind("line 2,", 0) == 0);

  // JSON of no known shape: says what was looked for.
  ui::set_import_text(d, "", "{\"hello\": 1}");
  CHECK_THAT(d.error.message, Catch::Contains("none of the formats"));
  // Typed text replaced by a file is kept one step back.
  ui::set_import_text(d, "x.sh", "curl http://127.0.0.1:9/");
  CHECK(d.replaced_text == "{\"hello\": 1}");
  // A curl command with an unclosed quote: where the quote is.
  ui::set_import_text(d, "", "curl 'http://h/");
  REQUIRE(d.error);
  CHECK(d.error.offset == 5);
}

TEST_CASE("Import: a dropped file opens at once, or in the dialog when there is a choice to make", "[ui][import][drop]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);
  // One request, nothing left out: a new tab at once.
  CHECK(ui::import_dropped_file(state, "get.http", "GET http://127.0.0.1:9/one\nX-A: 1\n"));
  CHECK(state.url == "http://127.0.0.1:9/one");
  CHECK_FALSE(state.io.import.open_requested);
  // Several: the dialog lists them, nothing is opened behind the user's back.
  const std::size_t tabs = state.tabs.size();
  CHECK_FALSE(ui::import_dropped_file(state, "/tmp/x/api.postman_collection.json",
                                      slurp(std::string(WIREPAD_TEST_DATA) + "/imports/collection.postman_collection.json")));
  CHECK(state.tabs.size() == tabs);
  gui.frames(state, platform, 2);
  CHECK(state.io.import.is_open);
  CHECK(state.io.import.format == ImportFormat::postman);
  CHECK(state.io.import.batch->requests.size() > 1);
}

TEST_CASE("Import: a UTF-16 or BOM file opens like UTF-8, and JSON of no format says what was looked for",
          "[ui][import][encoding]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);
  // "GET http://127.0.0.1:9/u16\n" as Windows PowerShell's '>' writes it: UTF-16LE with a BOM.
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("GET http://127.0.0.1:9/u16\n")) utf16 += c, utf16 += '\0';
  CHECK(ui::import_dropped_file(state, "win.http", utf16));
  CHECK(state.url == "http://127.0.0.1:9/u16");
  CHECK(ui::import_dropped_file(state, "bom.http", "\xEF\xBB\xBFGET http://127.0.0.1:9/bom\n"));
  CHECK(state.url == "http://127.0.0.1:9/bom");
  CHECK_FALSE(ui::import_dropped_file(state, "u32.http", std::string("\xFF\xFE\0\0G\0\0\0", 8)));
  CHECK_THAT(state.composer_error.message, Catch::StartsWith("u32.http is UTF-32LE text"));

  // JSON that is neither HAR nor Postman v2 nor an experiment, from a file: the dialog says so.
  CHECK_FALSE(ui::import_dropped_file(state, "data.json", "{\"foo\": 1}"));
  gui.frames(state, platform, 2);
  ui::ImportDialogState& d = state.io.import;
  CHECK(d.is_open);
  REQUIRE(d.error);
  CHECK_THAT(d.error.message, Catch::StartsWith("This JSON (an object with foo) is none of the formats"));
  CHECK_FALSE(d.batch);
  ui::set_import_text(d, "old.postman_collection.json", R"({"id": "1", "name": "Old", "requests": [], "order": []})");
  REQUIRE(d.error);
  CHECK_THAT(d.error.message, Catch::StartsWith("This is a Postman v1 collection"));
}

TEST_CASE("Import: saved into the workspace as a folder of experiments, never over a file", "[ui][import][workspace]") {
  TempDir dir;
  auto store = posix::FileWorkspaceStore::open(dir.path.string());
  REQUIRE(store.ok());
  HeadlessImGui gui;
  native::NativePlatform platform;
  platform.set_workspace(store.value().get());
  ui::AppState state;
  ui::open_workspace(state, *store.value());
  gui.frame(state, platform);
  open_import(gui, state, platform);
  ui::set_import_text(state.io.import, "chromium_h2.har", slurp(std::string(WIREPAD_TEST_DATA) + "/imports/chromium_h2.har"));
  state.io.import.folder = "api";
  gui.frame(state, platform);
  click(gui, state, platform, "import.save");
  CHECK_FALSE(state.io.import.notice_failed);
  CHECK_THAT(state.io.import.notice, Catch::Contains("Saved 4 experiments under api/"));
  std::vector<std::string> files;
  for (const auto& f : fs::directory_iterator(dir.path / "api")) files.push_back(f.path().filename().string());
  CHECK(files.size() == 4);
  // Again: four more files beside them, none overwritten.
  click(gui, state, platform, "import.save");
  files.clear();
  for (const auto& f : fs::directory_iterator(dir.path / "api")) files.push_back(f.path().filename().string());
  CHECK(files.size() == 8);
  Result<Experiment> one = parse_experiment(slurp((dir.path / "api" / files[0]).string()));
  CHECK(one.ok());
}

TEST_CASE("Import: a Postman collection's variables become a workspace environment, numbered when the name is taken",
          "[ui][import][environment]") {
  TempDir dir;
  auto store = posix::FileWorkspaceStore::open(dir.path.string());
  REQUIRE(store.ok());
  HeadlessImGui gui;
  native::NativePlatform platform;
  platform.set_workspace(store.value().get());
  ui::AppState state;
  ui::open_workspace(state, *store.value());
  state.workspace.environments.environments.push_back({"New Collection", {{"kept", "as it was"}}});
  gui.frame(state, platform);
  const std::string collection = slurp(std::string(WIREPAD_TEST_DATA) +
                                       "/third_party/insomnia_postman_scripts_variables.postman_collection.json");
  for (const char* expected : {"New Collection (2)", "New Collection (3)"}) {
    open_import(gui, state, platform);
    ui::set_import_text(state.io.import, "collection.json", collection);
    gui.frames(state, platform, 2);
    REQUIRE(state.io.import.batch);
    click(gui, state, platform, "import.open_selected");
    CAPTURE(state.workspace.notice);
    CHECK(state.io.import.environment_name == expected);
    CHECK_THAT(state.workspace.notice, Catch::Contains(std::string("created the environment \"") + expected + "\" with 2 variables"));
  }
  // The one that was there is untouched; the new ones are in environments.json.
  REQUIRE(state.workspace.environments.environments.size() == 3);
  CHECK(state.workspace.environments.environments[0] == Environment{"New Collection", {{"kept", "as it was"}}});
  Result<Environments> saved = parse_environments(slurp((dir.path / "environments.json").string()), "");
  REQUIRE(saved.ok());
  const Environment* second = saved->find("New Collection (2)");
  REQUIRE(second);
  CHECK(second->variables == std::vector<Variable>{{"dssx", "{{env-var-in-global}}", false}, {"bob", "something", false}});
}

TEST_CASE("Export: the preview is the core's export, for every format, and Save hands it over whole", "[ui][export]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Experiment e;
  e.name = "Create a user";
  e.request.method = "POST";
  e.request.url = "http://127.0.0.1:9/users";
  e.request.headers = {{"Content-Type", "application/json"}};
  e.request.body = "{\"name\": \"Ada\"}";
  ui::load_experiment(state, e);
  std::string saved_name, saved_bytes;
  state.viewers.services.save_file = [&](const std::string& name, std::string_view bytes) {
    saved_name = name;
    saved_bytes = std::string(bytes);
    return Error{};
  };
  gui.frame(state, platform);
  state.io.exporting.open_requested = true;
  gui.frames(state, platform, 3);
  REQUIRE(state.io.exporting.is_open);
  const ui::ExportDialogState& d = state.io.exporting;
  for (ExportFormat format : all_export_formats()) {
    state.io.exporting.choice = ui::export_choice_index(to_string(format));
    REQUIRE(d.choice >= 0);
    gui.frame(state, platform);
    Result<std::string> code = export_code(e, format);
    REQUIRE(code.ok());
    CHECK(d.preview == code.value());
    CHECK_FALSE(d.error);
  }
  state.io.exporting.choice = ui::export_choice_index("experiment");
  gui.frame(state, platform);
  CHECK(d.preview == serialize_experiment(e));
  state.io.exporting.choice = ui::export_choice_index("http");
  gui.frame(state, platform);
  CHECK(d.preview == export_http_file({e}).text);
  state.io.exporting.choice = ui::export_choice_index("har");
  gui.frame(state, platform);
  auto har = nlohmann::json::parse(d.preview);
  std::string started = har["log"]["entries"][0]["startedDateTime"];
  CHECK(d.preview == export_har_requests({e}, started).value());

  // Save: the desktop's path (a default from the name), the whole text.
  state.io.exporting.choice = ui::export_choice_index("python-requests");
  gui.frame(state, platform);
  CHECK(d.path == "~/create-a-user.py");
  click(gui, state, platform, "export.save");
  CHECK(saved_name == "~/create-a-user.py");
  CHECK(saved_bytes == export_code(e, ExportFormat::python_requests).value());
  CHECK_THAT(d.notice, Catch::StartsWith("Saved "));
}

TEST_CASE("Export: HAR of the last exchange holds the response", "[ui][export][har]") {
  native::LabServers lab;
  native::LabOptions options;
  options.hello_port = 0;
  options.tcp_echo_port = 0;
  options.udp_echo_port = 0;
  native::LabStatus status = lab.start(options);
  REQUIRE(status.hello_port > 0);
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(status.hello_port));
  gui.frame(state, platform);
  ui::send(state, platform);
  bool finished = false;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       !finished && std::chrono::steady_clock::now() < deadline;) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { finished = log && log->finished(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(finished);
  state.io.exporting.open_requested = true;
  state.io.exporting.choice = ui::export_choice_index("har");
  gui.frames(state, platform, 3);
  const ui::ExportDialogState& d = state.io.exporting;
  REQUIRE_FALSE(d.error);
  auto har = nlohmann::json::parse(d.preview);
  REQUIRE(har["log"]["entries"].size() == 1);
  CHECK(har["log"]["entries"][0]["response"]["status"] == 200);
  CHECK_THAT(har["log"]["entries"][0]["response"]["content"]["text"].get<std::string>(), Catch::Contains("Hello"));
  // startedDateTime is when the request was sent (the log's start), not when the dialog opened.
  std::int64_t started = 0;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { started = log ? log->started_unix_ms : 0; });
  CHECK(started > 0);
  CHECK(har["log"]["entries"][0]["startedDateTime"] == har_date_time(started));
}

TEST_CASE("Export: a socket conversation exports only as an experiment, and says so", "[ui][export]") {
  Experiment socket;
  socket.kind = ExperimentKind::socket;
  socket.socket.host = "127.0.0.1";
  socket.socket.port = 9;
  const auto& choices = ui::export_choices();
  Result<ui::ExportText> curl = ui::export_experiment(socket, choices[std::size_t(ui::export_choice_index("curl"))], nullptr, "");
  REQUIRE_FALSE(curl.ok());
  CHECK_THAT(curl.error().message, Catch::Contains("only as an experiment file"));
  Result<ui::ExportText> file =
      ui::export_experiment(socket, choices[std::size_t(ui::export_choice_index("experiment"))], nullptr, "");
  REQUIRE(file.ok());
  CHECK(file->text == serialize_experiment(socket));
}

TEST_CASE("Import: a .http body written '< ./file' is read beside the file on the desktop", "[ui][import][http_file]") {
  TempDir dir;
  const std::string payload("\x89PNG\r\n\x00\xff", 8);
  std::ofstream(dir.path / "payload.bin", std::ios::binary) << payload;
  std::ofstream(dir.path / "up.http") << "POST http://127.0.0.1:9/up\nContent-Type: image/png\n\n< ./payload.bin\n\n"
                                         "###\nPOST http://127.0.0.1:9/missing\n\n< ./nowhere.bin\n";
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  gui.frame(state, platform);
  open_import(gui, state, platform);
  state.io.import.open_path = (dir.path / "up.http").string();
  click(gui, state, platform, "import.open_file");
  const ui::ImportDialogState& d = state.io.import;
  REQUIRE(d.batch);
  REQUIRE(d.batch->requests.size() == 2);
  // The body is a binary-file body naming the file beside the .http file, read when sent.
  const std::string beside = (dir.path / "payload.bin").string();
  CHECK(d.batch->requests[0].experiment.request.body_kind == BodyKind::binary);
  CHECK(d.batch->requests[0].experiment.request.binary_file == beside);
  CHECK(d.batch->requests[0].not_imported.empty());
  const ImportNote* unread = nullptr;
  for (const ImportNote& n : d.batch->requests[1].not_imported)
    if (n.sentence.rfind("the body file could not be read: ", 0) == 0) unread = &n;
  REQUIRE(unread);
  CHECK_THAT(unread->sentence, Catch::Contains("nowhere.bin"));
  click(gui, state, platform, "import.open_all");
  ui::bring_forward(state, state.tabs.size() - 2);
  gui.frame(state, platform);
  CHECK(state.request_model.binary_file == beside);
  // Sent: the file's bytes (read by the platform, as ui::send does) are the body.
  std::map<std::string, std::string> files{{beside, payload}};
  ResolveOptions with_files;
  with_files.files = &files;
  Result<ResolvedRequest> sent = resolve_request_spec(ui::experiment_from_state(state).request, with_files);
  REQUIRE(sent.ok());
  CHECK(sent->request.body == payload);
}

TEST_CASE("Composer: a body over 1 MiB is shown, not put in a text field, and can be cleared", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(1));
  state.body = "{\"small\": true}";
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.body_tab");
  CHECK(state.io.buttons.count("composer.clear_body") == 0);  // small: the editable field

  state.body = std::string(2u << 20, 'b');
  state.io.buttons.clear();
  gui.frames(state, platform, 2);
  // The Body tab is still the one open (the click above chose it): shown with a Clear button.
  REQUIRE(state.io.buttons.count("composer.clear_body") == 1);
  CHECK(state.body.size() == (2u << 20));                          // nothing was changed by drawing it
  click(gui, state, platform, "composer.clear_body");
  CHECK(state.body.empty());
}

TEST_CASE("Clicks work while an exchange is in flight", "[ui][inflight]") {
  native::ChaosServer chaos;
  REQUIRE(chaos.start(0));
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  ui::ensure_tabs(state);
  state.url = "http://127.0.0.1:" + std::to_string(chaos.port()) + "/never-ending-body";
  ui::send(state, platform);
  gui.frames(state, platform, 5);
  bool running = false;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { running = log && !log->finished(); });
  REQUIRE(running);
  click(gui, state, platform, "mode.cookies");
  CHECK(state.mode == ui::Mode::cookies);
}
