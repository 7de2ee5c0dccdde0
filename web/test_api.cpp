// web: the exported functions behind window.wirepad. Each returns a JSON text that
// web/test_api.js parses; the text lives in a static string until the next call.
#include "web/test_api.h"

#include <emscripten.h>
#include <imgui.h>

#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/experiment.h"
#include "ui/composer_auth_tab.h"
#include "ui/export_dialog.h"
#include "ui/listen_panel.h"
#include "ui/socket_panel.h"
#include "ui/ws_panel.h"
#include "shared/ws_log_json.h"

namespace wirepad::web {
namespace {

ui::AppState* g_state = nullptr;
WebPlatform* g_platform = nullptr;
long g_frames = 0;
std::string g_reply;

const char* reply(const nlohmann::json& j) {
  g_reply = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return g_reply.c_str();
}

nlohmann::json failure(const Error& error) {
  nlohmann::json j = {{"ok", false}, {"code", std::string(to_string(error.code))}, {"error", error.message}};
  if (error.offset >= 0) j["offset"] = error.offset;
  return j;
}

// Defined in web/test_api.js (linked with --post-js).
EM_JS(void, define_window_wirepad, (), { wirepadInstallTestApi(); });

// A pick the test started is over: resolves window.wirepad.pickRequestFile()'s promise.
EM_JS(void, report_picked_request_file, (const char* name), {
  var resolve = Module.wirepadPickResolve;
  Module.wirepadPickResolve = null;
  if (resolve) resolve(UTF8ToString(name));
});

}  // namespace

void install_test_api(ui::AppState& state, WebPlatform& platform) {
  g_state = &state;
  g_platform = &platform;
  define_window_wirepad();
}

void set_frame_count(long frames) { g_frames = frames; }

std::vector<double> g_frame_times;  // since the last wirepad.frameTimes(), at most 4096
void record_frame_time(double ms) {
  if (g_frame_times.size() < 4096) g_frame_times.push_back(ms);
}

}  // namespace wirepad::web

using namespace wirepad;

extern "C" {

// window.wirepad.load(experiment): parses an experiment document and puts it in the composer.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_load(const char* experiment_json) {
  Result<Experiment> experiment = parse_experiment(experiment_json ? experiment_json : "");
  if (!experiment) return web::reply(web::failure(experiment.error()));
  ui::load_experiment(*web::g_state, *experiment);
  return web::reply({{"ok", true}});
}

// window.wirepad.send(): what the Send button does.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_send() {
  ui::send(*web::g_state, *web::g_platform);
  if (web::g_state->composer_error) return web::reply(web::failure(web::g_state->composer_error));
  return web::reply({{"ok", true}});
}

// window.wirepad.experiment(): the composer as an experiment document (serialize_experiment),
// so a test can change one field and load it back without restating the whole format.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_experiment() {
  web::g_reply = serialize_experiment(ui::experiment_from_state(*web::g_state));
  return web::g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* wirepad_api_cancel() {
  web::g_platform->cancel(web::g_state->id);
  return web::reply({{"ok", true}});
}

// window.wirepad.state(): exchange_log_to_json of the front tab's exchange (the one it runs,
// else the one it keeps), or {"phase":"idle"}.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_state() {
  const ExchangeLog* log = web::g_platform->current(web::g_state->id);
  if (!log) log = web::g_state->kept_log.get();
  if (!log) return web::reply({{"phase", "idle"}});
  web::g_reply = exchange_log_to_json(*log);
  return web::g_reply.c_str();
}

// window.wirepad.summary(): the front tab's exchange without its bytes (phase, status, timings,
// sizes, error, the timeline's events), cheap enough to poll while a large body arrives
// (state() copies the whole body into JSON). tests/bench/browser_bench.mjs polls it.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_summary() {
  const ExchangeLog* log = web::g_platform->current(web::g_state->id);
  if (!log) log = web::g_state->kept_log.get();
  if (!log) return web::reply({{"phase", "idle"}});
  const Timings& t = log->timings;
  nlohmann::json j = {{"phase", std::string(to_string(log->phase))},
                      {"status", log->response.status},
                      {"received", log->received_size()},
                      {"body_size", log->body().size()},
                      {"wire_chunks", log->wire.size()},
                      {"timings", {{"namelookup", t.namelookup}, {"connect", t.connect}, {"appconnect", t.appconnect},
                                   {"pretransfer", t.pretransfer}, {"starttransfer", t.starttransfer}, {"total", t.total}}}};
  if (log->error) j["error"] = {{"code", std::string(to_string(log->error.code))}, {"message", log->error.message}};
  nlohmann::json events = nlohmann::json::array();
  for (const ExchangeEvent& e : log->events) {
    if (events.size() >= 40) break;  // the first ones: set-up, not one line per read
    events.push_back({{"at", e.at}, {"text", e.text}});
  }
  j["events"] = std::move(events);
  j["event_count"] = log->events.size();
  j["warnings"] = log->warnings;  // the "note:" lines (a fetch() without relay lists what the browser hid)
  return web::reply(j);
}

EMSCRIPTEN_KEEPALIVE long wirepad_api_frames() { return web::g_frames; }

// window.wirepad.frameTimes(): the app's work per frame (ms) since the last call, then forgets
// them (tests/bench/browser_bench.mjs: the UI's share of a frame while a large body arrives).
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_frame_times() {
  nlohmann::json j = web::g_frame_times;
  web::g_frame_times.clear();
  return web::reply(j);
}

// window.wirepad.auth(): the front tab's auth round trips as the Auth tab shows them (a "Get new
// access token" in progress, its error and notes) and the OAuth 2.0 token the active
// environment keeps for the tab's settings (the token itself only as its length).
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_auth() {
  const ui::AppState& state = *web::g_state;
  nlohmann::json j = {{"fetching", ui::fetching_oauth_token(state)}, {"authorizing", false}, {"token_only", false}};
  if (auto run = state.runs.find(state.id); run != state.runs.end()) {
    const ui::AuthFollowState& a = run->second.auth;
    j["authorizing"] = a.authorizing;
    j["token_only"] = a.token_only;
    j["notes"] = a.notes;
    if (a.error) j["error"] = {{"code", std::string(to_string(a.error.code))}, {"message", a.error.message}};
  }
  const ui::OAuthTokenState token = ui::oauth_token_state(state, static_cast<std::int64_t>(std::time(nullptr)));
  j["token"] = {{"environment", token.environment}, {"variable", token.variable}, {"length", token.access_token.size()},
                {"expiry", token.expiry}, {"refresh_token", token.refresh_token}};
  return web::reply(j);
}

// window.wirepad.socket.*: the socket panel's buttons. `options` is JSON:
// create/connect {protocol:"tcp"|"udp", host, port, family:"any"|"ipv4"|"ipv6"} (connect after
// create connects the socket create made; its options are not read then); send/expect {data,
// format:"text"|"escaped"|"hex", seconds}; receive {seconds}; shutdown; close; abort; listen (refused here). Each answers {ok:true} or {ok:false, code, error}.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_socket(const char* action_c, const char* options_c) {
  std::string action = action_c ? action_c : "";
  nlohmann::json options = nlohmann::json::parse(options_c ? options_c : "{}", nullptr, false);
  if (options.is_discarded() || !options.is_object()) options = nlohmann::json::object();
  ui::AppState& state = *web::g_state;
  ui::SocketComposer& c = state.socket;
  std::string format = options.value("format", "escaped");
  c.format = format == "hex" ? PayloadFormat::hex : format == "text" ? PayloadFormat::text : PayloadFormat::escaped;
  c.error = {};
  if (action == "connect" || action == "create") {
    c.udp = options.value("protocol", c.udp ? "udp" : "tcp") == "udp";
    c.host = options.value("host", c.host);
    c.port = options.value("port", c.port);
    std::string family = options.value("family", "any");
    c.family = family == "ipv4" ? 1 : family == "ipv6" ? 2 : 0;
    state.mode = ui::Mode::socket;
    state.select_mode = true;
    if (action == "create") {
      // The panel shows Create only where the transport can hold a socket (ui/socket_panel.cpp).
      if (!web::g_platform->can_create_before_connect())
        return web::reply(web::failure(make_error(ErrorCode::invalid_request, "this build cannot create a socket before connecting")));
      ui::socket_create(state, *web::g_platform);
    } else {
      ui::socket_connect(state, *web::g_platform);
    }
  } else if (action == "send") {
    c.payload = options.value("data", "");
    ui::socket_send(state, *web::g_platform);
  } else if (action == "expect") {
    c.expect = options.value("data", "");
    c.expect_seconds = options.value("seconds", 5.0);
    ui::socket_expect(state, *web::g_platform);
  } else if (action == "receive") {
    c.receive_seconds = options.value("seconds", 5.0);
    ui::socket_receive(state, *web::g_platform);
  } else if (action == "shutdown") {
    ui::socket_shutdown(state, *web::g_platform);
  } else if (action == "listen") {
    ui::listen_start(state, *web::g_platform);  // the browser's answer: why it cannot
    if (c.listen.error) return web::reply(web::failure(c.listen.error));
  } else if (action == "close") {
    ui::socket_close(state, *web::g_platform);
  } else if (action == "abort") {
    web::g_platform->cancel_socket();  // the panel's Abort: closes now, a held socket too
  } else if (action == "state") {
    const SocketLog* log = web::g_platform->current_socket();
    if (!log) return web::reply({{"state", "none"}});
    web::g_reply = socket_log_to_json(*log);
    return web::g_reply.c_str();
  } else {
    return web::reply(web::failure(make_error(ErrorCode::invalid_request, "unknown socket action '" + action + "'")));
  }
  if (c.error) return web::reply(web::failure(c.error));
  return web::reply({{"ok", true}});
}

// window.wirepad.ws.*: the WebSocket panel's buttons. `options` is JSON: connect {url,
// subprotocols, headers, compress}; send {data, kind:"text"|"json"|"binary"}; expect {data,
// regex, seconds}; ping; close {code, reason}; view {view, message}; set_test {test} (the
// tests view's "test" object); tests (its verdict); state (the conversation, shared/ws_log_json.h).
// Each answers {ok:true} or {ok:false, code, error}.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_ws(const char* action_c, const char* options_c) {
  std::string action = action_c ? action_c : "";
  nlohmann::json options = nlohmann::json::parse(options_c ? options_c : "{}", nullptr, false);
  if (options.is_discarded() || !options.is_object()) options = nlohmann::json::object();
  ui::AppState& state = *web::g_state;
  ui::WsComposer& c = state.websocket;
  c.error = {};
  if (action == "connect") {
    c.url = options.value("url", c.url);
    c.subprotocols = options.value("subprotocols", c.subprotocols);
    c.headers = options.value("headers", c.headers);
    c.compress = options.value("compress", c.compress);
    state.mode = ui::Mode::websocket;
    state.select_mode = true;
    ui::ws_connect(state, *web::g_platform);
  } else if (action == "send") {
    const std::string kind = options.value("kind", "text");
    c.message_kind = kind == "json" ? 1 : kind == "binary" ? 2 : 0;
    c.message = options.value("data", "");
    ui::ws_send(state, *web::g_platform);
  } else if (action == "expect") {
    c.expect = options.value("data", "");
    c.expect_regex = options.value("regex", false);
    c.expect_seconds = options.value("seconds", 5.0);
    ui::ws_expect(state, *web::g_platform);
  } else if (action == "ping") {
    ui::ws_ping(state, *web::g_platform);
  } else if (action == "close") {
    c.close_code = options.value("code", 1000);
    c.close_reason = options.value("reason", "");
    ui::ws_close(state, *web::g_platform);
  } else if (action == "view") {
    c.view = options.value("view", 0);
    c.selected_message = options.value("message", -1);
  } else if (action == "set_test") {
    // The "test" object of a WebSocket experiment file, read as the file reader reads it.
    nlohmann::json doc = {{"wirepad", 6}, {"kind", "websocket"}, {"websocket", {{"url", "ws://x/"}}},
                          {"test", options.value("test", nlohmann::json::object())}};
    Result<Experiment> e = parse_experiment(doc.dump());
    if (!e) return web::reply(web::failure(e.error()));
    c.tests = ui::ConversationTests{};
    c.tests.test = e->test;
  } else if (action == "tests") {
    // The tests view's verdict (evaluated when the conversation ended, or the view drew).
    nlohmann::json assertions = nlohmann::json::array(), captures = nlohmann::json::array();
    for (const AssertionResult& a : c.tests.verdict.assertions)
      assertions.push_back({{"description", a.description}, {"passed", a.passed}, {"actual", a.actual}});
    for (const CaptureResult& k : c.tests.verdict.captures)
      captures.push_back({{"variable", k.variable}, {"ok", k.ok}, {"value", k.value}});
    return web::reply({{"label", ui::tests_label(c.tests)}, {"assertions", assertions}, {"captures", captures}});
  } else if (action == "state") {
    const WsLog* log = web::g_platform->current_ws();
    if (!log) return web::reply({{"state", "none"}});
    web::g_reply = ws_log_to_json(*log);
    return web::g_reply.c_str();
  } else {
    return web::reply(web::failure(make_error(ErrorCode::invalid_request, "unknown ws action '" + action + "'")));
  }
  if (c.error) return web::reply(web::failure(c.error));
  return web::reply({{"ok", true}});
}

// window.wirepad.dialogs(): the Import and Export dialogs as a test checks them: open or not,
// the import's format, requests (with what was not imported), error and text size; the
// export's choice, preview and notice; and where their buttons are (CSS pixels), to click.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_dialogs() {
  const ui::ImportExportState& io = web::g_state->io;
  const ui::ImportDialogState& d = io.import;
  nlohmann::json requests = nlohmann::json::array(), notes = nlohmann::json::array();
  if (d.batch) {
    for (const ImportedRequest& r : d.batch->requests) {
      nlohmann::json left_out = nlohmann::json::array();
      for (const ImportNote& n : r.not_imported) left_out.push_back(n.what + ": " + n.sentence);
      requests.push_back({{"method", r.experiment.request.method}, {"url", r.experiment.request.url},
                          {"name", r.experiment.name}, {"source", r.source}, {"not_imported", left_out}});
    }
    for (const ImportNote& n : d.batch->not_imported) notes.push_back(n.what + ": " + n.sentence);
  }
  nlohmann::json import = {{"open", d.is_open}, {"format", std::string(to_string(d.format))}, {"requests", requests},
                           {"not_imported", notes}, {"error", d.error ? d.error.message : ""},
                           {"offset", d.error.offset}, {"text_size", d.text.size()}, {"source", d.source_name},
                           {"notice", d.notice}};
  const ui::ExportDialogState& x = io.exporting;
  nlohmann::json exporting = {{"open", x.is_open}, {"choice", ui::export_choices()[std::size_t(x.choice)].name},
                              {"preview", x.preview}, {"path", x.path}, {"notice", x.notice},
                              {"error", x.error ? x.error.message : ""}};
  const ui::ShareDialogState& s = web::g_state->share;
  nlohmann::json share = {{"open", ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel) && !d.is_open && !x.is_open},
                          {"base", s.base}, {"base_source", s.base_source}, {"link", s.link}};
  nlohmann::json buttons = nlohmann::json::object();
  for (const auto& [name, at] : io.buttons) buttons[name] = {at[0], at[1]};
  return web::reply({{"import", import}, {"export", exporting}, {"share", share}, {"buttons", buttons}});
}

// window.wirepad.openDialog(name, format): opens "import" or "export" (with a format from
// the Export list: "curl", "har", "python-socket", ...) as the File menu does.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_open_dialog(const char* name_c, const char* format_c) {
  std::string name = name_c ? name_c : "", format = format_c ? format_c : "";
  ui::ImportExportState& io = web::g_state->io;
  if (name == "import") {
    io.import.open_requested = true;
  } else if (name == "export") {
    int choice = format.empty() ? io.exporting.choice : ui::export_choice_index(format);
    if (choice < 0) return web::reply(web::failure(make_error(ErrorCode::invalid_request, "no export format '" + format + "'")));
    io.exporting.choice = choice;
    io.exporting.open_requested = true;
  } else if (name == "tab") {  // a response tab ("Frames", "Wire", "Layers", ...), as --open-tab brings it forward
    web::g_state->viewers.open_tab = format;
  } else if (name == "picked_files") {
    web::g_state->show_picked_files = true;  // File > Picked files...
  } else if (name == "share" || name == "environments" || name == "rename" || name == "history") {
    name[0] = char(name[0] - 'a' + 'A');  // as --open-tab names them: "Share", "History", ...
    web::g_state->viewers.open_tab = name;
  } else {
    return web::reply(web::failure(make_error(ErrorCode::invalid_request,
                                              "no dialog '" + name + "' (import, export, share, environments, rename, history, picked_files)")));
  }
  return web::reply({{"ok", true}});
}

// window.wirepad.pickRequestFile(): what a Body tab's file field does (the browser's file
// dialog; test_api.js resolves a promise with the name the file is kept under, "" if none).
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_pick_request_file() {
  web::g_platform->pick_request_file([](std::string name) { web::report_picked_request_file(name.c_str()); });
  return web::reply({{"ok", true}});
}

// window.wirepad.requestFiles(): the picked files kept, [{name, original, size}];
// window.wirepad.forgetRequestFile(name): File > Picked files' Remove.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_request_files() {
  nlohmann::json files = nlohmann::json::array();
  for (const ui::Platform::StoredFile& f : web::g_platform->stored_request_files())
    files.push_back({{"name", f.name}, {"original", f.original}, {"size", f.size}});
  return web::reply(files);
}

// window.wirepad.runner(action, argument): the Runner (ui/runner.h) as its buttons and the
// sidebar drive it: "run" (argument: "" everything, "folder/", a file), "stop", "rerun_failed",
// "bail" ("1"/"0": Stop at first failure), "data" (a picked file's name, "" none), "select"
// (a result's index), "open" (its exchange in a tab); every action answers the state: running,
// title, error, counts and each result with its assertions' expected and actual.
EMSCRIPTEN_KEEPALIVE const char* wirepad_api_runner(const char* action_c, const char* argument_c) {
  const std::string action = action_c ? action_c : "", argument = argument_c ? argument_c : "";
  ui::RunnerState& r = web::g_state->runner;
  if (action == "run") r.run_requested = argument;
  else if (action == "stop") r.stop_requested = true;
  else if (action == "rerun_failed") r.rerun_failed_requested = true;
  else if (action == "bail") r.bail = argument == "1";
  else if (action == "data") r.data_file = argument;
  else if (action == "select") r.selected = std::atoi(argument.c_str());
  else if (action == "open") ui::open_runner_exchange(*web::g_state, std::size_t(std::atoi(argument.c_str())));
  else if (action != "state")
    return web::reply(web::failure(make_error(ErrorCode::invalid_request, "no runner action '" + action + "'")));
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json counts;
  if (r.run) {
    for (const RequestResult& result : r.run->report().results) {
      nlohmann::json assertions = nlohmann::json::array();
      for (const AssertionResult& a : result.assertions)
        assertions.push_back({{"description", a.description}, {"passed", a.passed}, {"expected", a.expected}, {"actual", a.actual}, {"message", a.message}});
      nlohmann::json captures = nlohmann::json::array();
      for (const CaptureResult& c : result.captures) captures.push_back({{"variable", c.variable}, {"ok", c.ok}, {"value", c.value}});
      results.push_back({{"path", result.path}, {"name", result.name}, {"outcome", std::string(to_string(result.outcome))},
                         {"status", result.status}, {"url", result.url}, {"message", result.message},
                         {"duration_ms", result.duration_ms}, {"assertions", assertions}, {"captures", captures}});
    }
    const RunCounts c = r.run->report().counts();
    counts = {{"requests", c.requests}, {"passed", c.passed}, {"failed", c.failed}, {"errors", c.errors}, {"skipped", c.skipped}};
  }
  return web::reply({{"ok", true}, {"running", r.running || r.run_requested.has_value() || r.rerun_failed_requested},
                     {"title", r.title}, {"error", r.error ? r.error.message : std::string()}, {"stopped", r.stopped},
                     {"bailed", r.run ? r.run->report().bailed : false}, {"counts", counts}, {"results", results},
                     {"mode_runner", web::g_state->mode == ui::Mode::runner}});
}

EMSCRIPTEN_KEEPALIVE const char* wirepad_api_forget_request_file(const char* name) {
  if (Error e = web::g_platform->forget_request_file(name ? name : "")) return web::reply(web::failure(e));
  return web::reply({{"ok", true}});
}

}  // extern "C"
