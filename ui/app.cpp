// ui: the whole front end: the composer on top, the response below. State conversion and
// send() live here too; the panels are in composer_panel.cpp and response_panel.cpp.
#include "ui/app.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <map>
#include <ctime>
#include <optional>
#include <string>
#include <utility>

#include "shared/request_resolve.h"
#include "ui/app_actions.h"
#include "ui/composer_panel.h"
#include "ui/escape.h"
#include "ui/session.h"
#include "ui/tabs.h"
#include "ui/workspace.h"
#include "ui/workspace_panel.h"
#include "ui/cookie_jar_store.h"
#include "ui/cookies_panel.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/picked_files.h"
#include "ui/socket_lessons.h"
#include "ui/socket_panel.h"
#include "ui/ws_panel.h"
#include "ui/response_panel.h"
#include "ui/runner_panel.h"
#include "ui/settings.h"
#include "ui/status_bar.h"

namespace wirepad::ui {

Experiment experiment_from_state(const TabState& state) {
  Experiment experiment;
  experiment.name = state.name;
  experiment.request = state.request_model;
  experiment.request.method = state.method;
  experiment.request.url = state.url;
  experiment.request.body = state.body;
  experiment.request.headers.clear();
  // A disabled row is kept (and saved, format 3) but not sent.
  for (const ComposerHeader& header : state.headers)
    experiment.request.headers.push_back({header.name, header.value, header.enabled});
  // The URL field is the one the user edits: the params table follows it (its disabled rows
  // kept), and the path variables are those of the table still in the URL.
  RequestSpec& r = experiment.request;
  if (!r.params.empty()) r.params = params_from_url(r.url, r.params);
  if (!params_table_needed(r.url, r.params)) r.params.clear();
  PathVariables still;
  for (const PathVariable& v : path_variables_from_url(r.url, r.path_variables))
    for (const PathVariable& known : r.path_variables)
      if (known.name == v.name) still.push_back(v);
  r.path_variables = std::move(still);
  experiment.options = state.options;
  experiment.test = state.test;
  if (state.mode == Mode::socket) {
    // The socket composer edits the script's endpoint, its first send and first expect;
    // other steps are kept as the file had them.
    experiment.kind = ExperimentKind::socket;
    experiment.request = {};
    experiment.test = state.socket.tests.test;
    SocketScript& script = experiment.socket;
    script = state.socket_script;
    script.protocol = state.socket.udp ? Protocol::udp : Protocol::tcp;
    script.host = state.socket.host;
    script.port = static_cast<std::uint16_t>(state.socket.port > 0 && state.socket.port < 65536 ? state.socket.port : 0);
    Result<std::string> payload = decode_payload(state.socket.payload, state.socket.format);
    std::string bytes = payload ? payload.value() : state.socket.payload;
    auto first = [&](StepKind kind) {
      for (SocketStep& step : script.steps)
        if (step.kind == kind) return &step;
      return static_cast<SocketStep*>(nullptr);
    };
    if (script.steps.empty()) script.steps.push_back(SocketStep{StepKind::connect, "", 0});
    if (SocketStep* send = first(StepKind::send)) send->bytes = bytes;
    else if (!bytes.empty()) script.steps.push_back(SocketStep{StepKind::send, bytes, 0});
    if (SocketStep* expect = first(StepKind::expect)) {
      expect->bytes = state.socket.expect;
      expect->seconds = state.socket.expect_seconds;
    } else if (!state.socket.expect.empty()) {
      script.steps.push_back(SocketStep{StepKind::expect, state.socket.expect, state.socket.expect_seconds});
    }
  }
  if (state.mode == Mode::websocket) {
    // The WebSocket panel's settings with the conversation's steps (or the loaded script's);
    // settings that do not parse (a header line without a colon) keep the ones read before.
    experiment.kind = ExperimentKind::websocket;
    experiment.request = {};
    experiment.test = state.websocket.tests.test;
    Result<WsScript> script = ws_script_from_composer(state.websocket, state.websocket.taken.empty() ? state.websocket.script
                                                                                                      : state.websocket.taken);
    if (script) experiment.websocket = std::move(script.value());
    else experiment.websocket.url = state.websocket.url;
  }
  return experiment;
}

void load_experiment(TabState& state, const Experiment& experiment) {
  ++state.widget_epoch;
  state.name = experiment.name;
  state.method = experiment.request.method;
  state.url = experiment.request.url;
  state.body = experiment.request.body;
  state.request_model = experiment.kind == ExperimentKind::http ? experiment.request : RequestSpec{};
  state.headers.clear();
  for (const HeaderRow& header : experiment.request.headers) state.headers.push_back({header.enabled, header.name, header.value});
  state.options = experiment.options;
  // The composer's Tests tab checks an HTTP response; a conversation's test (over the messages
  // it received) is kept by its panel.
  state.test = experiment.kind == ExperimentKind::http ? experiment.test : TestSpec{};
  state.composer_error = {};
  state.socket_script = {};
  // A name that only repeats the request (an earlier automatic one, saved) stays automatic.
  state.opened_request = state.method + " " + state.url;
  state.named = !experiment.name.empty() && experiment.name != "untitled" &&
                experiment.name != request_title(state.method, state.url);
  if (experiment.kind == ExperimentKind::socket) {
    const SocketScript& script = experiment.socket;
    state.socket_script = script;
    state.socket.udp = script.protocol == Protocol::udp;
    state.socket.host = script.host;
    state.socket.port = script.port;
    state.socket.format = PayloadFormat::escaped;
    state.socket.payload.clear();
    state.socket.expect.clear();
    for (const SocketStep& step : script.steps) {
      if (step.kind == StepKind::send && state.socket.payload.empty()) state.socket.payload = escape_payload(step.bytes);
      if (step.kind == StepKind::expect && state.socket.expect.empty()) {
        state.socket.expect = step.bytes;
        state.socket.expect_seconds = step.seconds;
      }
    }
    state.socket.error = {};
    state.socket.tests = ConversationTests{};
    state.socket.tests.test = experiment.test;
    state.mode = Mode::socket;
  } else if (experiment.kind == ExperimentKind::websocket) {
    load_ws_experiment(state, experiment);
    state.mode = Mode::websocket;
  } else {
    state.mode = Mode::http;
  }
  state.select_mode = true;
}

Experiment hello_experiment(int hello_port) {
  Experiment experiment;
  experiment.name = "Hello, World!";
  experiment.request.method = "GET";
  experiment.request.url = "http://127.0.0.1:" + std::to_string(hello_port) + "/";
  return experiment;
}

// The body's files, by the paths the request names: relative to the experiment file's folder
// in the workspace (or to the working directory for an unsaved tab). The browser build has
// no file system: there a name is one of the files the user picked (kept in IndexedDB,
// web/web_request_files.h), and one it does not keep is an error naming it.
Error read_request_files(const RequestSpec& request, const std::string& experiment_file, const AppState& state,
                         Platform& platform, std::map<std::string, std::string>& files) {
  for (const std::string& path : files_to_read(request)) {
    if (files.count(path)) continue;
    LocalServices* local = platform.local();
    if (!local && platform.picks_files()) {
      Result<std::string> bytes = platform.read_stored_request_file(path);
      if (!bytes)
        return make_error(ErrorCode::invalid_request, "the file '" + path + "' is not among the picked files (" +
                                                          bytes.error().message +
                                                          "); pick it again in the Body tab, so nothing was sent");
      files[path] = std::move(bytes.value());
      continue;
    }
    if (!local)
      return make_error(ErrorCode::invalid_request, "the file '" + path +
                                                        "' cannot be read in this build, so nothing was sent");
    std::string full = path;
    if (path.empty() || path[0] != '/') {
      std::string folder = state.workspace.open ? state.workspace.location : std::string();
      std::size_t slash = experiment_file.rfind('/');
      if (slash != std::string::npos) folder += (folder.empty() ? "" : "/") + experiment_file.substr(0, slash);
      if (!folder.empty()) full = folder + "/" + path;
    }
    Result<std::string> bytes = local->read_file(full);
    if (!bytes)
      return make_error(ErrorCode::invalid_request,
                        "the file '" + path + "' could not be read (" + bytes.error().message + "), so nothing was sent");
    files[path] = std::move(bytes.value());
  }
  return {};
}

// A picked file kept under another name than it had ("photo (2).png": a second "photo.png"
// was picked) goes out with its own name as the multipart filename, unless the part sets one.
RequestSpec with_picked_filenames(const RequestSpec& request, const Platform& platform) {
  if (!platform.picks_files() || request.body_kind != BodyKind::multipart) return request;
  RequestSpec out = request;
  const std::vector<Platform::StoredFile> stored = platform.stored_request_files();
  for (MultipartPart& part : out.multipart) {
    if (!part.is_file || !part.filename.empty()) continue;
    for (const Platform::StoredFile& file : stored)
      if (file.name == part.value && file.original != file.name) part.filename = file.original;
  }
  return out;
}

std::string request_title(const std::string& method, const std::string& url) {
  std::string where = url;
  while (!where.empty() && (where.back() == ' ' || where.back() == '\t')) where.pop_back();
  if (where.empty()) return "untitled";
  if (where.rfind("http://", 0) == 0) where.erase(0, 7);  // the common case says least
  constexpr std::size_t kMax = 60;
  std::string title = (method.empty() ? std::string("GET") : method) + " " + where;
  if (title.size() > kMax) {
    std::size_t cut = kMax - 3;
    while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    title = title.substr(0, cut) + "...";
  }
  return title;
}

void update_auto_name(TabState& tab) {
  if (tab.named || tab.mode != Mode::http) return;
  // As opened, the example keeps its name; "untitled" with a URL is named at once.
  const bool placeholder = tab.name.empty() || tab.name == "untitled";
  if (!placeholder && tab.method + " " + tab.url == tab.opened_request) return;
  std::string title = request_title(tab.method, tab.url);
  if (title != tab.name) tab.name = std::move(title);
}

void load_example(TabState& state, const Experiment& experiment) {
  load_experiment(state, experiment);
  state.named = false;
}

void request_quit(AppState& state) {
  // Asked again while the prompt is up (a second close, Ctrl+C in the terminal): go. The
  // window's close and SDL_QUIT come together, before any prompt: that is one request.
  if (state.quit_asking) state.quit_confirmed = true;
  state.quit_requested = true;
}

namespace {

// A Send that starts with the browser's sign-in: no exchange yet; update_runs waits for the
// redirect (ui/auth_follow.h), the tab's previous exchange is kept in the history.
void send_after_sign_in(AppState& state, Platform& platform, const Experiment& experiment, AuthFollowState auth) {
  state.composer_error = {};
  state.link_host.clear();
  bool in_flight = false;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { in_flight = log && !log->finished(); });
  if (in_flight) platform.cancel(state.id, "a new send");
  update_runs(state, platform);
  platform.drop_exchange(state.id);  // its log is in the history: the response view waits for the new one
  state.generation = ++state.sends;
  TabRun& run = state.runs[state.id];
  run.generation = state.generation;
  run.sent = experiment;
  run.environment = state.workspace.active_environment;
  run.auth = std::move(auth);
  platform.open_authorization(state.id, run.auth.authorization_url);
}

}  // namespace

void send(AppState& state, Platform& platform) {
  ensure_tabs(state);
  Experiment experiment = experiment_from_state(state);
  experiment.kind = ExperimentKind::http;  // the HTTP composer sends; the socket panel has its own buttons
  // Files the body needs are read first, so a missing one stops the send before anything goes.
  std::map<std::string, std::string> files;
  if (Error e = read_request_files(experiment.request, state.file, state, platform, files)) {
    state.composer_error = e;
    return;
  }
  // {{variables}} are resolved here, at the last moment (shared/request_resolve.h): the
  // composer and the history keep the references; the exchange log holds what was really sent.
  ResolveOptions resolve;
  resolve.environment = active_environment(state);
  resolve.files = &files;
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  // An OAuth 2.0 token kept in the environment is used while it is valid (ui/auth_follow.h).
  std::string refresh_token;
  Result<ResolvedRequest> pipeline =
      resolve_request_spec(spec_for_send(state, with_picked_filenames(experiment.request, platform), now, &refresh_token), resolve);
  if (!pipeline) {
    state.composer_error = pipeline.error();
    return;
  }
  // What the auth scheme needs first: Digest's request without credentials, SigV4's
  // signature, an OAuth 2.0 token request (shared/auth_flow.h); the rest in update_runs.
  // The authorization code grant listens for the browser's redirect first (Platform).
  std::string redirect_uri;
  if (needs_authorization(pipeline.value())) {
    Result<std::string> listening = platform.begin_authorization(state.id, pipeline->auth.oauth2.redirect_uri);
    if (!listening && refresh_token.empty()) {
      state.composer_error = listening.error();
      return;
    }
    if (listening) redirect_uri = listening.value();
  }
  AuthFollowState auth;
  Result<std::optional<HttpRequest>> first =
      begin_auth(auth, pipeline.value(), experiment, refresh_token, redirect_uri, now);
  if (!first) {
    state.composer_error = first.error();
    return;
  }
  auth.can_authorize = !redirect_uri.empty();
  if (!first.value()) {  // the user signs in first; the token request follows the redirect
    send_after_sign_in(state, platform, experiment, std::move(auth));
    return;
  }
  Result<HttpRequest> resolved = std::move(*first.value());
  // The cookie jar adds its Cookie header to what is sent, not to what the composer holds.
  ExchangeOptions options = experiment.options;
  options.proxy = proxy_settings_for(experiment.request.proxy, options.proxy);  // the request's own proxy, if any
  options.proxy_environment = platform.proxy_environment();  // http_proxy & co, as curl reads them
  Result<HttpExchange> exchange = HttpExchange::create(with_jar_cookies(state.cookies, resolved.value(), now), options);
  if (!exchange) {
    state.composer_error = exchange.error();  // the composer keeps what was typed
    if (resolved.value().url != experiment.request.url)
      state.composer_error.message += " (in the URL with its variables filled in: " + resolved.value().url + ")";
    return;
  }
  state.composer_error = {};
  state.link_host.clear();  // the user has seen where it goes and sent it
  // Each tab runs its own exchange, alongside the other tabs'. This tab's previous one, if
  // still in flight, is cancelled and kept, with what it received so far, in the history.
  bool in_flight = false;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { in_flight = log && !log->finished(); });
  if (in_flight) platform.cancel(state.id, "a new send");
  update_runs(state, platform);
  state.generation = ++state.sends;
  TabRun& run = state.runs[state.id];
  run.generation = state.generation;
  run.sent = experiment;
  run.environment = state.workspace.active_environment;
  begin_chain(run.redirects, resolved.value(), experiment.options.max_redirects);
  begin_sse(run.sse, resolved.value(), options);
  if (run.auth.authorizing) platform.cancel_authorization(state.id);  // an earlier Send's sign-in is given up
  run.auth = std::move(auth);
  if (run.auth.round == AuthRound::token) {  // the token request first: the history names it
    run.sent.request = spec_from_http(resolved.value());
    run.sent.name = run.auth.label;
  }
  platform.start(state.id, std::move(exchange.value()));
}

namespace {

void apply_settings(AppState& state) {
  if (!state.theme_applied || state.applied_dark_theme != state.dark_theme) {
    if (state.dark_theme) ImGui::StyleColorsDark();
    else ImGui::StyleColorsLight();
    state.applied_dark_theme = state.dark_theme;
    state.theme_applied = true;
  }
  ImGui::GetIO().FontGlobalScale = state.text_scale;
}

void draw_menu_bar(AppState& state, AppIntent& intent) {
  if (!ImGui::BeginMenuBar()) return;
  draw_file_menu(state, intent);
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Sidebar (workspace, history)", nullptr, &state.show_history);
    ImGui::MenuItem("Response beside the composer", "Ctrl+\\", &state.layout.beside);
    if (ImGui::MenuItem("Dark theme", nullptr, state.dark_theme)) state.dark_theme = true;
    if (ImGui::MenuItem("Light theme", nullptr, !state.dark_theme)) state.dark_theme = false;
    ImGui::Separator();
    if (ImGui::MenuItem("Larger text")) state.text_scale = std::min(2.5f, state.text_scale + 0.125f);
    if (ImGui::MenuItem("Smaller text")) state.text_scale = std::max(0.75f, state.text_scale - 0.125f);
    if (ImGui::MenuItem("Normal text size")) state.text_scale = 1.0f;
    if (state.display_scale > 0 && ImGui::BeginMenu("Interface scale (HiDPI)")) {
      // Sizes and the font atlas are made at start: a new scale shows from the next start.
      const std::string detected = "From the display (" + std::to_string(int(state.display_scale * 100 + 0.5f)) + "% now)";
      if (ImGui::MenuItem(detected.c_str(), nullptr, state.ui_scale == 0)) state.ui_scale = 0;
      for (float scale : {1.0f, 1.25f, 1.5f, 1.75f, 2.0f, 2.5f, 3.0f}) {
        const std::string label = std::to_string(int(scale * 100)) + "%";
        if (ImGui::MenuItem(label.c_str(), nullptr, state.ui_scale == scale)) state.ui_scale = scale;
      }
      ImGui::Separator();
      ImGui::TextDisabled("applies at the next start");
      ImGui::EndMenu();
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Examples")) {
    if (ImGui::MenuItem("HTTP: GET the lab hello server")) {
      load_example(state, hello_experiment(state.lab_hello_port));
      state.mode = Mode::http;
      state.select_mode = true;
    }
    draw_socket_examples_menu(state);  // the socket lab's lessons (ui/socket_lessons.cpp)
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::TextDisabled("Keyboard");
    ImGui::Text("Enter (in the URL) or Ctrl+Enter   send");
    ImGui::Text("Esc                                close the dialog or menu on top, else cancel the request");
    ImGui::Text("Ctrl+L                             edit the URL");
    ImGui::Text("Ctrl+F                             find in the response body");
    ImGui::Text("Ctrl+T / Ctrl+W                    new tab / close tab");
    ImGui::Text("F2 (or double-click the tab)       rename the tab");
    if (state.can_quit) ImGui::Text("Ctrl+Q                             quit (asks about unsaved tabs)");
    ImGui::Text("Ctrl+S                             save the tab in the workspace");
    ImGui::Text("Ctrl+\\                             the response below / beside the composer");
    ImGui::EndMenu();
  }
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize("Wirepad 0.1").x - ImGui::GetStyle().WindowPadding.x * 2);
  ImGui::TextDisabled("Wirepad 0.1");
  ImGui::EndMenuBar();
}

}  // namespace

void draw_app(AppState& state, Platform& platform) {
  ensure_tabs(state);
  apply_settings(state);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, viewport->WorkSize.y - status_bar_height()));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Wirepad", nullptr, flags);
  begin_escape(state);  // an open menu or combo takes Esc first (ui/escape.h)
  AppIntent app_intent;
  draw_menu_bar(state, app_intent);

  update_runs(state, platform);  // every tab's exchange: history, cookies, redirect hops
  update_runner(state, platform, ImGui::GetTime());  // the test runner's next steps (ui/runner.h)
  if (WorkspaceStore* store = platform.workspace()) check_external_edits(state, *store, ImGui::GetTime());
  // The front tab shows the exchange it runs, else the one it kept (a finished one, or one
  // re-opened from the history).
  bool in_flight = false;
  with_front_exchange(state, platform, [&](const ExchangeLog* log) { in_flight = log && !log->finished(); });
  const auto now = static_cast<UnixTime>(std::time(nullptr));

  if (state.show_history) {
    ImGui::BeginChild("sidebar", ImVec2(ImGui::GetFontSize() * 18, 0), true);
    if (ImGui::BeginTabBar("sidebar_tabs")) {
      if (ImGui::BeginTabItem("Workspace")) {
        if (std::optional<std::string> path = draw_workspace_panel(state)) app_intent.open_file = path;
        ImGui::EndTabItem();
      }
      std::string history_label = "History (" + std::to_string(state.history.entries.size()) + ")###history";
      const bool show_history = state.viewers.open_tab == "History";  // --open-tab History
      if (show_history) state.viewers.open_tab.clear();
      if (ImGui::BeginTabItem(history_label.c_str(), nullptr, show_history ? ImGuiTabItemFlags_SetSelected : 0)) {
        app_intent.open_history = draw_history_panel(state.history);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  TabBarIntent tabs = draw_tab_bar(state);
  if (tabs.select) bring_forward(state, *tabs.select);
  if (tabs.close) app_intent.close_index = tabs.close;
  if (tabs.rename && *tabs.rename < state.tabs.size())
    state.workspace.rename_requested = *tabs.rename == state.active_tab ? state.id : state.tabs[*tabs.rename].id;
  if (tabs.add) app_intent.new_tab = true;
  draw_tab_toolbar(state, platform, app_intent);
  const std::string url_before = state.url;
  ComposerIntent intent;
  bool cancel_from_response = false;
  // Each tab's widgets have their own IDs: text being edited in one tab never lands in another.
  ImGui::PushID(state.id);
  ImGui::PushID(int(state.widget_epoch));
  if (ImGui::BeginTabBar("mode")) {
    const bool select = state.select_mode;
    state.select_mode = false;
    auto flags_for = [&](Mode mode) { return select && state.mode == mode ? ImGuiTabItemFlags_SetSelected : 0; };
    if (ImGui::BeginTabItem("HTTP request", nullptr, flags_for(Mode::http))) {
      if (!select) state.mode = Mode::http;
      // The response below the composer or beside it, with a splitter between (ui/layout.h).
      draw_split(
          state.layout, [&] { intent = draw_composer(state, platform, in_flight); },
          [&] { with_front_exchange(state, platform, [&](const ExchangeLog* log) { cancel_from_response = draw_response(state, log); }); });
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Socket (TCP/UDP)", nullptr, flags_for(Mode::socket))) {
      if (!select) state.mode = Mode::socket;
      draw_socket_panel(state, platform);
      ImGui::EndTabItem();
    }
    const bool ws_open = ImGui::BeginTabItem("WebSocket", nullptr, flags_for(Mode::websocket));
    {  // where it is, for the headless UI tests' clicks
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      state.io.buttons["mode.websocket"] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
    }
    if (ws_open) {
      if (!select) state.mode = Mode::websocket;
      draw_ws_panel(state, platform);
      ImGui::EndTabItem();
    }
    const bool cookies_open = ImGui::BeginTabItem("Cookies", nullptr, flags_for(Mode::cookies));
    {  // where it is, for the headless UI tests' clicks
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      state.io.buttons["mode.cookies"] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
    }
    if (cookies_open) {
      if (!select) state.mode = Mode::cookies;
      draw_cookies_panel(state.cookies, now);
      ImGui::EndTabItem();
    }
    // The test runner's results (ui/runner_panel.h); a run started from the sidebar brings it forward.
    const std::string runner_label = std::string(runner_busy(state) ? "Runner (running)" : "Runner") + "###runner";
    const bool runner_open = ImGui::BeginTabItem(runner_label.c_str(), nullptr, flags_for(Mode::runner));
    {
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      state.io.buttons["mode.runner"] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
    }
    if (runner_open) {
      if (!select) state.mode = Mode::runner;
      draw_runner_panel(state, platform);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::PopID();
  ImGui::PopID();
  ImGui::EndGroup();
  open_pasted_link(state, url_before);
  update_auto_name(state);  // an unnamed tab follows its request (ui/app.h)

  // Keyboard: Ctrl+Enter sends from anywhere, Esc cancels what is in flight.
  const ImGuiIO& io = ImGui::GetIO();
  bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
               ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
  const bool modal_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  if (io.KeyCtrl && enter && !in_flight && state.mode == Mode::http && !modal_open) intent.send = true;
  // Ctrl+L: the URL; Ctrl+F: find in the response body.
  if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kL)) state.focus_url = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kF)) {
    state.show_body_tab = true;
    state.body_view.focus_find = true;
    state.body_view.mode = BodyViewState::Mode::text;
  }
  // Ctrl+T / Ctrl+W / Ctrl+S: tabs and saving.
  if (!modal_open) read_tab_shortcuts(state, app_intent);
  if (!modal_open) read_split_shortcut(state.layout);  // ui/layout.cpp
  draw_workspace_dialogs(state, platform);
  // Esc that no menu, dialog or window took cancels what is in flight.
  if (escape_unclaimed(state) && in_flight && !modal_open) intent.cancel = true;
  ImGui::End();
  draw_picked_files_window(state, platform);  // File > Picked files... (ui/picked_files.h)
  draw_status_bar(state, platform);  // ui/status_bar.cpp
  persist_settings(state);           // ui/settings.cpp

  if (intent.cancel || cancel_from_response) platform.cancel(state.id);
  else if (intent.send) send(state, platform);
  else if (intent.fetch_oauth_token) fetch_oauth_token(state, platform);  // the Auth tab (ui/auth_follow.h)
  act(state, platform, app_intent);
  // Cookies stored by a response or edited in the Cookies tab: the environment's jar on disk.
  if (WorkspaceStore* store = platform.workspace()) save_cookie_jar_if_changed(state, *store);
  // The open tabs and their unsaved edits, for the next start (ui/session.h); at once when quitting.
  if (WorkspaceStore* store = platform.workspace()) {
    if (state.quit_confirmed) save_session(state, *store);
    else save_session_if_changed(state, *store, ImGui::GetTime());
  }
}

}  // namespace wirepad::ui
