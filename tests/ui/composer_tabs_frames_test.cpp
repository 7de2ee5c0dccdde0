// ui/composer_{params,headers,body}_tab: the composer's Params, Headers and Body tabs driven
// through ImGui frames with no window (clicks and typing as a user makes them), the real
// NativePlatform underneath, and a loopback capture server (tests/native/capture_server.py)
// that records the bytes a Send from the composer puts on the wire.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <unistd.h>

#include <imgui.h>

#include "capture_support.h"
#include "headless_imgui.h"
#include "native/native_platform.h"
#include "shared/experiment.h"
#include "shared/json_body.h"
#include "shared/request_resolve.h"
#include "ui/app.h"
#include "ui/composer_body_tab.h"
#include "ui/composer_headers_tab.h"
#include "ui/composer_params_tab.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;

namespace {

void click(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& button) {
  INFO("button " << button);
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

// Clicks a text field, moves to its end, types `text`; a one-line field is then left with
// Enter (an active field keeps writing its own copy of the text over the model).
void type_into(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& field, const std::string& text) {
  click(gui, state, platform, field);
  gui.press(state, platform, ImGuiKey_End, true);  // Ctrl+End: the end of the text, multiline too
  ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
  gui.frames(state, platform, 2);
  const bool multiline = field == "body.raw" || field.rfind("graphql.", 0) == 0;
  if (!multiline) gui.press(state, platform, ImGuiKey_Enter, false);
}

// Draws a few frames from fresh item positions (a row that went away leaves none).
void redraw(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform) {
  state.io.buttons.clear();
  gui.frames(state, platform, 3);
}

ui::AppState& fresh(ui::AppState& state, const std::string& url) {
  ui::load_experiment(state, ui::hello_experiment(1));
  state.url = url;
  return state;
}

// Sends the composer's request and returns the bytes the capture server got.
std::string send_and_capture(HeadlessImGui& gui, ui::AppState& state, native::NativePlatform& platform, test::Capture& capture) {
  ui::send(state, platform);
  INFO(state.composer_error.message);
  REQUIRE_FALSE(state.composer_error);
  std::string bytes = capture.next();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool finished = false;
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { finished = log && log->finished(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return bytes;
}

// The browser build's file dialog, as Platform::pick_request_file answers: a name. The rest is
// the real NativePlatform's.
struct PickingPlatform : ui::Platform {
  native::NativePlatform native;
  std::string answer = "picked-photo.png";
  int picks = 0;
  void start(int tab, HttpExchange exchange) override { native.start(tab, std::move(exchange)); }
  void cancel(int tab, std::string_view by) override { native.cancel(tab, by); }
  void with_exchange(int tab, const std::function<void(const ExchangeLog*)>& view) override { native.with_exchange(tab, view); }
  void drop_exchange(int tab) override { native.drop_exchange(tab); }
  void start_socket(SocketSession session) override { native.start_socket(std::move(session)); }
  Error queue_socket_step(SocketStep step) override { return native.queue_socket_step(std::move(step)); }
  void cancel_socket() override { native.cancel_socket(); }
  void with_socket(const std::function<void(const SocketLog*)>& view) override { native.with_socket(view); }
  Error start_ws(WsSessionOptions o, std::vector<WsStep> s) override { return native.start_ws(std::move(o), std::move(s)); }
  Error queue_ws_step(WsStep step) override { return native.queue_ws_step(std::move(step)); }
  void cancel_ws() override { native.cancel_ws(); }
  void with_ws(const std::function<void(const WsLog*)>& view) override { native.with_ws(view); }
  bool picks_files() const override { return true; }
  void pick_request_file(std::function<void(std::string)> picked) override {
    ++picks;
    picked(answer);
  }
};

}  // namespace

TEST_CASE("Params tab: the table and the URL follow each other, disabled rows and duplicates kept", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/items?a=1&a=2&q={{term}}");
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.params_tab");
  CHECK(ui::composer_query_table(state) == QueryParams{{"a", "1"}, {"a", "2"}, {"q", "{{term}}"}});
  CHECK(ui::params_tab_count(state) == 3);

  // Unticking the second "a" takes it out of the URL; the table keeps it, in its place.
  click(gui, state, platform, "params.on.1");
  CHECK(state.url == "http://127.0.0.1:1/items?a=1&q={{term}}");
  CHECK(ui::composer_query_table(state) == QueryParams{{"a", "1"}, {"a", "2", true, false}, {"q", "{{term}}"}});

  // Typing in a value rewrites the URL's query at once, {{term}} untouched, nothing encoded.
  type_into(gui, state, platform, "params.value.0", "0 x");
  CHECK(state.url == "http://127.0.0.1:1/items?a=10 x&q={{term}}");

  // Editing the URL updates the table; the disabled row keeps its place after the first "a".
  state.url = "http://127.0.0.1:1/items?a=10&q={{term}}&z&a=3";
  redraw(gui, state, platform);
  CHECK(ui::composer_query_table(state) ==
        QueryParams{{"a", "10"}, {"a", "2", true, false}, {"q", "{{term}}"}, {"z", "", false, true}, {"a", "3"}});
  CHECK(ui::params_tab_count(state) == 4);

  // "+ Param" adds a row that waits out of the URL until something is typed in it.
  click(gui, state, platform, "params.add");
  CHECK(state.url == "http://127.0.0.1:1/items?a=10&q={{term}}&z&a=3");
  REQUIRE(ui::composer_query_table(state).size() == 6);
  type_into(gui, state, platform, "params.name.5", "new");
  CHECK(state.url == "http://127.0.0.1:1/items?a=10&q={{term}}&z&a=3&new");
  type_into(gui, state, platform, "params.value.5", "&#");
  CHECK(state.url == "http://127.0.0.1:1/items?a=10&q={{term}}&z&a=3&new=%26%23");  // '&' and '#' stay in their row

  click(gui, state, platform, "params.remove.0");
  CHECK(state.url == "http://127.0.0.1:1/items?q={{term}}&z&a=3&new=%26%23");
  CHECK(ui::composer_query_table(state)[0] == QueryParam{"a", "2", true, false});

  // Saved (format 3) and opened again: the disabled row is still there, the URL the same.
  Experiment saved = ui::experiment_from_state(state);
  Result<Experiment> reread = parse_experiment(serialize_experiment(saved));
  REQUIRE(reread);
  ui::AppState reopened;
  ui::load_experiment(reopened, reread.value());
  CHECK(reopened.url == state.url);
  CHECK(ui::composer_query_table(reopened) == ui::composer_query_table(state));
}

TEST_CASE("Params tab: path variables appear and go with the URL's :name segments", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/users/:id/posts/:post?x=1");
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.params_tab");
  REQUIRE(state.io.buttons.count("params.path.id") == 1);
  REQUIRE(state.io.buttons.count("params.path.post") == 1);
  type_into(gui, state, platform, "params.path.id", "42");
  Experiment e = ui::experiment_from_state(state);
  CHECK(e.request.path_variables == PathVariables{{"id", "42"}});
  Result<ResolvedRequest> resolved = resolve_request_spec(e.request, {});
  REQUIRE(resolved);
  CHECK(resolved->request.url == "http://127.0.0.1:1/users/42/posts/:post?x=1");

  state.url = "http://127.0.0.1:1/users/:id";
  redraw(gui, state, platform);
  CHECK(state.io.buttons.count("params.path.id") == 1);
  CHECK(state.io.buttons.count("params.path.post") == 0);
  state.url = "http://127.0.0.1:1/users";
  redraw(gui, state, platform);
  CHECK(state.io.buttons.count("params.path.id") == 0);
  // Typed again, the name gets its value back.
  state.url = "http://127.0.0.1:1/users/:id";
  redraw(gui, state, platform);
  CHECK(ui::experiment_from_state(state).request.path_variables == PathVariables{{"id", "42"}});
}

TEST_CASE("Headers tab: the greyed rows are the headers a Send puts on the wire", "[ui][composer][integration]") {
  test::Capture capture;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;

  struct Case {
    const char* name;
    std::function<void(ui::AppState&)> set;
    std::vector<std::string> expect_added;  // names, in the order sent (the pipeline's after Host)
  };
  const std::vector<Case> cases = {
      {"JSON body",
       [](ui::AppState& s) {
         s.method = "POST";
         s.body = "{\"a\": 1}";
         s.request_model.body_language = RawLanguage::json;
       },
       {"Host", "Content-Type", "User-Agent", "Accept", "Content-Length"}},
      {"form body",
       [](ui::AppState& s) {
         s.method = "POST";
         s.request_model.body_kind = BodyKind::urlencoded;
         s.request_model.form = {{"name", "Ada Lovelace"}, {"off", "x", false}};
       },
       {"Host", "Content-Type", "User-Agent", "Accept", "Content-Length"}},
      {"multipart body",
       [](ui::AppState& s) {
         s.method = "POST";
         s.request_model.body_kind = BodyKind::multipart;
         MultipartPart field, note;
         field.name = "field";
         field.value = "value";
         note.name = "note";
         note.value = "hi";
         note.content_type = "text/plain";
         note.filename = "note.txt";
         s.request_model.multipart = {field, note};
       },
       {"Host", "Content-Type", "User-Agent", "Accept", "Content-Length"}},
      {"basic auth",
       [](ui::AppState& s) {
         s.request_model.auth.kind = AuthKind::basic;
         s.request_model.auth.basic = {"ada", "s3cret"};
         s.headers = {{true, "X-Mine", "1"}};
       },
       {"Host", "Authorization", "User-Agent", "Accept"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      fresh(state, capture.origin + "/echo");
      c.set(state);
      gui.frames(state, platform, 2);
      click(gui, state, platform, "composer.headers_tab");
      REQUIRE(state.composer_view.added_valid);
      std::vector<std::string> names;
      for (const AddedHeader& a : state.composer_view.added) names.push_back(a.header.name);
      CHECK(names == c.expect_added);

      // Each greyed row is on the wire, with that value.
      const std::string sent = send_and_capture(gui, state, platform, capture);
      for (const AddedHeader& a : state.composer_view.added) {
        INFO(a.header.name << ": " << a.header.value << " (" << a.source << ")\n" << sent);
        CHECK(sent.find("\r\n" + a.header.name + ": " + a.header.value + "\r\n") != std::string::npos);
      }
      // ... and so is every other line of the head the user typed.
      test::Parsed parsed = test::parse(sent);
      CHECK(parsed.headers.size() == state.composer_view.added.size() + static_cast<std::size_t>(ui::headers_tab_count(state)));
    }
  }

  SECTION("a header of the same name replaces the one Wirepad adds") {
    fresh(state, capture.origin + "/echo");
    state.headers = {{true, "User-Agent", "mine/1"}};
    gui.frames(state, platform, 2);
    click(gui, state, platform, "composer.headers_tab");
    for (const AddedHeader& a : state.composer_view.added) CHECK(a.header.name != "User-Agent");
    CHECK(state.composer_view.added.size() == 2);  // Host, Accept
  }
}

TEST_CASE("Headers tab: a large body's added headers are computed once, not every frame", "[ui][composer][large]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/upload");
  state.method = "PUT";
  state.body = std::string(16u << 20, 'x');  // 16 MiB
  gui.frames(state, platform, 2);
  auto frame_ms = [&] {
    const int frames = 5;
    auto t0 = std::chrono::steady_clock::now();
    gui.frames(state, platform, frames);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / frames;
  };
  click(gui, state, platform, "composer.params_tab");
  const double without = frame_ms();
  click(gui, state, platform, "composer.headers_tab");
  REQUIRE(state.composer_view.added_valid);
  const std::uint64_t key = state.composer_view.added_key;
  bool has_length = false;
  for (const AddedHeader& a : state.composer_view.added)
    if (a.header.name == "Content-Length") has_length = a.header.value == std::to_string(16u << 20);
  CHECK(has_length);
  const double with = frame_ms();
  auto t1 = std::chrono::steady_clock::now();
  const RequestSpec spec = ui::experiment_from_state(state).request;
  const std::vector<AddedHeader> piped = headers_added_when_sent(spec, nullptr);
  const double compute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
  WARN("16 MiB body: a frame with the Params tab open " << without << " ms, with the Headers tab open " << with
                                                        << " ms; computing the added headers once " << compute_ms << " ms");
  CHECK(state.composer_view.added_key == key);
  CHECK(with < without + compute_ms / 2);
  // The tab's own computation (a one-byte stand-in for a body without {{variables}}) gives
  // the pipeline's answer.
  CHECK(state.composer_view.added == piped);
  state.composer_view.added_valid = false;
  auto t2 = std::chrono::steady_clock::now();
  CHECK(ui::added_headers(state, nullptr) == piped);
  const double recompute_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t2).count();
  WARN("the tab computing them again: " << recompute_ms << " ms");
  CHECK(recompute_ms < compute_ms / 10);
  CHECK(state.body.size() == (16u << 20));

  // A change of length is seen.
  state.body.push_back('y');
  gui.frames(state, platform, 2);
  CHECK(state.composer_view.added_key != key);
}

TEST_CASE("Body tab: switching kinds keeps what was typed under each", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/post");
  state.method = "POST";
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.body_tab");

  type_into(gui, state, platform, "body.raw", "raw text");
  click(gui, state, platform, "body.kind.urlencoded");
  CHECK(state.request_model.body_kind == BodyKind::urlencoded);
  click(gui, state, platform, "form.add");
  type_into(gui, state, platform, "form.name.0", "user");
  type_into(gui, state, platform, "form.value.0", "{{who}}");
  click(gui, state, platform, "body.kind.multipart");
  click(gui, state, platform, "multipart.add");
  type_into(gui, state, platform, "multipart.name.0", "doc");
  type_into(gui, state, platform, "multipart.value.0", "hello");
  click(gui, state, platform, "body.kind.graphql");
  type_into(gui, state, platform, "graphql.query", "{ me { id } }");
  click(gui, state, platform, "body.kind.binary");
  type_into(gui, state, platform, "body.file.binary", "data/blob.bin");
  click(gui, state, platform, "body.kind.none");
  CHECK(ui::body_tab_detail(state) == "none");

  CHECK(state.body == "raw text");
  CHECK(state.request_model.form == std::vector<FormField>{{"user", "{{who}}"}});
  REQUIRE(state.request_model.multipart.size() == 1);
  CHECK(state.request_model.multipart[0].name == "doc");
  CHECK(state.request_model.multipart[0].value == "hello");
  CHECK(state.request_model.graphql.query == "{ me { id } }");
  CHECK(state.request_model.binary_file == "data/blob.bin");

  // Saved and opened again, format 3: every kind's fields are still there.
  Experiment saved = ui::experiment_from_state(state);
  Result<Experiment> reread = parse_experiment(serialize_experiment(saved));
  REQUIRE(reread);
  ui::AppState reopened;
  ui::load_experiment(reopened, reread.value());
  CHECK(ui::experiment_from_state(reopened) == saved);

  click(gui, state, platform, "body.kind.urlencoded");
  CHECK(ui::body_tab_detail(state) == "form 1");
  // A disabled row is dimmed and left out when sent.
  click(gui, state, platform, "form.on.0");
  CHECK_FALSE(state.request_model.form[0].enabled);
  CHECK(ui::body_tab_detail(state) == "form 0");
}

TEST_CASE("Body tab: a JSON body is checked as it is typed and beautified keeping {{variables}}", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/post");
  state.method = "POST";
  state.request_model.body_language = RawLanguage::json;
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.body_tab");
  CHECK(ui::body_tab_detail(state) == "JSON");

  type_into(gui, state, platform, "body.raw", "{\"id\": {{id}}, \"name\": \"{{name}}\",\n \"tags\": [1, 2.50], \"x\": {}}");
  CHECK(state.composer_view.json_error.empty());
  click(gui, state, platform, "body.beautify");
  CHECK(state.body ==
        "{\n  \"id\": {{id}},\n  \"name\": \"{{name}}\",\n  \"tags\": [\n    1,\n    2.50\n  ],\n  \"x\": {}\n}");

  // A mistake is named with its line and column as soon as it is typed.
  type_into(gui, state, platform, "body.raw", ",");
  CHECK_THAT(state.composer_view.json_error, Catch::Contains("line 9, column 2"));
  const std::string before = state.body;
  click(gui, state, platform, "body.beautify");
  CHECK(state.body == before);  // never rewritten when it does not parse
  CHECK_THAT(state.composer_view.beautify_note, Catch::StartsWith("Beautify cannot parse it"));

  // The Content-Type comes from the language, and the user's own wins.
  Experiment e = ui::experiment_from_state(state);
  e.request.body = "{}";
  Result<ResolvedRequest> r = resolve_request_spec(e.request, {});
  REQUIRE(r);
  REQUIRE(find_header(r->request.headers, "Content-Type"));
  CHECK(find_header(r->request.headers, "Content-Type")->value == "application/json");
  e.request.headers.push_back({"content-type", "application/vnd.api+json"});
  r = resolve_request_spec(e.request, {});
  REQUIRE(r);
  CHECK(r->added.empty());
  CHECK(find_header(r->request.headers, "Content-Type")->value == "application/vnd.api+json");
}

TEST_CASE("Body tab: GraphQL variables are checked, with the position", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/graphql");
  state.request_model.body_kind = BodyKind::graphql;
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.body_tab");
  type_into(gui, state, platform, "graphql.variables", "{\"id\": }");
  CHECK_THAT(state.composer_view.graphql_error, Catch::Contains("line 1, column 8"));
  gui.press(state, platform, ImGuiKey_Backspace, false);
  ImGui::GetIO().AddInputCharactersUTF8("1}");
  gui.frames(state, platform, 2);
  CHECK(state.request_model.graphql.variables == "{\"id\": 1}");
  CHECK(state.composer_view.graphql_error.empty());
}

TEST_CASE("Body tab: a urlencoded and a multipart request from the composer reach a server byte for byte", "[ui][composer][integration]") {
  test::Capture capture;
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fresh(state, capture.origin + "/form");
  state.method = "POST";
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.body_tab");

  click(gui, state, platform, "body.kind.urlencoded");
  click(gui, state, platform, "form.add");
  type_into(gui, state, platform, "form.name.0", "user name");
  type_into(gui, state, platform, "form.value.0", "Ada & co=1");
  click(gui, state, platform, "form.add");
  type_into(gui, state, platform, "form.name.1", "skip");
  click(gui, state, platform, "form.on.1");
  std::string sent = send_and_capture(gui, state, platform, capture);
  test::Parsed p = test::parse(sent);
  CHECK(p.request_line == "POST /form HTTP/1.1");
  CHECK(p.body == "user+name=Ada+%26+co%3D1");
  CHECK(std::find(p.headers.begin(), p.headers.end(), "content-type: application/x-www-form-urlencoded") != p.headers.end());

  // A text part and a file part; the file is read when sending.
  const std::filesystem::path file = std::filesystem::temp_directory_path() / ("wirepad-composer-" + std::to_string(::getpid()) + ".txt");
  test::write(file, "file bytes\n");
  click(gui, state, platform, "body.kind.multipart");
  click(gui, state, platform, "multipart.add");
  type_into(gui, state, platform, "multipart.name.0", "title");
  type_into(gui, state, platform, "multipart.value.0", "hi");
  click(gui, state, platform, "multipart.add");
  type_into(gui, state, platform, "multipart.name.1", "upload");
  state.request_model.multipart[1].is_file = true;  // the Text/File combo (a popup) is tested below
  redraw(gui, state, platform);
  type_into(gui, state, platform, "body.file.part1", file.string());
  type_into(gui, state, platform, "multipart.type.1", "text/x-test");
  sent = send_and_capture(gui, state, platform, capture);
  std::filesystem::remove(file);
  const std::string boundary = test::boundary_of(sent);
  REQUIRE_FALSE(boundary.empty());
  p = test::parse(sent);
  CHECK(p.body == "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhi\r\n--" + boundary +
                      "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"" + file.filename().string() +
                      "\"\r\nContent-Type: text/x-test\r\n\r\nfile bytes\n\r\n--" + boundary + "--\r\n");
}

TEST_CASE("Body tab: the Text/File switch and the browser's Choose file", "[ui][composer]") {
  HeadlessImGui gui;
  PickingPlatform platform;
  ui::AppState state;
  fresh(state, "http://127.0.0.1:1/upload");
  state.request_model.body_kind = BodyKind::multipart;
  state.request_model.multipart.emplace_back();
  state.request_model.multipart[0].name = "photo";
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.body_tab");
  // The combo opens a popup: choose "File" in it.
  click(gui, state, platform, "multipart.kind.0");
  ImGuiIO& io = ImGui::GetIO();
  auto at = state.io.buttons.at("multipart.kind.0");
  io.MousePos = ImVec2(at[0], at[1] + 1.6f * ImGui::GetFrameHeightWithSpacing());  // the second item, "File"
  gui.frame(state, platform);
  io.MouseDown[0] = true;
  gui.frame(state, platform);
  io.MouseDown[0] = false;
  redraw(gui, state, platform);
  REQUIRE(state.request_model.multipart[0].is_file);
  // Where the platform picks files, there is no path field: a button asks it.
  CHECK(state.io.buttons.count("body.file.part0") == 0);
  click(gui, state, platform, "body.choose.part0");
  CHECK(platform.picks == 1);
  CHECK(state.request_model.multipart[0].value == "picked-photo.png");

  click(gui, state, platform, "body.kind.binary");
  platform.answer = "blob.bin";
  click(gui, state, platform, "body.choose.binary");
  CHECK(state.request_model.binary_file == "blob.bin");
  platform.answer = "";  // cancelled: nothing changes
  click(gui, state, platform, "body.choose.binary");
  CHECK(state.request_model.binary_file == "blob.bin");
}

TEST_CASE("json_body: check and Beautify", "[composer][json]") {
  CHECK_FALSE(check_json_body("{\"a\": [1, {{x}}, \"{{y}}\"]}"));
  CHECK_FALSE(check_json_body("{{whole}}"));
  Error e = check_json_body("{\n  \"a\": 1,\n  \"b\" 2\n}");
  REQUIRE(e);
  CHECK_THAT(e.message, Catch::Contains("line 3, column 7"));
  CHECK(check_json_body("{\"a\": {{not a var}}}"));
  CHECK(beautify_json_body("[]").value() == "[]");
  CHECK(beautify_json_body(" {\"s\":\"a, b: {c}\" , \"n\":-1.0e+3,\"t\":true} ").value() ==
        "{\n  \"s\": \"a, b: {c}\",\n  \"n\": -1.0e+3,\n  \"t\": true\n}");
  CHECK(beautify_json_body("{\"a\":\"q\\\"x\"}").value() == "{\n  \"a\": \"q\\\"x\"\n}");
  CHECK_FALSE(beautify_json_body("{\"a\":"));
}
