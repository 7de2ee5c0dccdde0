// ui: the whole front end: the composer on top, the response below. State conversion and
// send() live here too; the panels are in composer_panel.cpp and response_panel.cpp.
#include "ui/app.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "shared/share_link.h"
#include "shared/url.h"
#include "ui/composer_panel.h"
#include "ui/environment_panel.h"
#include "ui/share_dialog.h"
#include "ui/tabs.h"
#include "ui/workspace.h"
#include "ui/workspace_panel.h"
#include "ui/workspace_store.h"
#include "ui/keys.h"
#include "ui/socket_panel.h"
#include "ui/response_panel.h"

namespace wirepad::ui {

Experiment experiment_from_state(const TabState& state) {
  Experiment experiment;
  experiment.name = state.name;
  experiment.request.method = state.method;
  experiment.request.url = state.url;
  experiment.request.body = state.body;
  for (const ComposerHeader& header : state.headers) {
    // A disabled row is kept in the composer but not sent (and not saved: the experiment
    // format has no "disabled" flag yet).
    if (header.enabled) experiment.request.headers.push_back({header.name, header.value});
  }
  experiment.options = state.options;
  if (state.mode == Mode::socket) {
    // The socket composer edits the script's endpoint, its first send and first expect;
    // other steps are kept as the file had them.
    experiment.kind = ExperimentKind::socket;
    experiment.request = {};
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
  return experiment;
}

void load_experiment(TabState& state, const Experiment& experiment) {
  ++state.widget_epoch;
  state.name = experiment.name;
  state.method = experiment.request.method;
  state.url = experiment.request.url;
  state.body = experiment.request.body;
  state.headers.clear();
  for (const Header& header : experiment.request.headers) state.headers.push_back({true, header.name, header.value});
  state.options = experiment.options;
  state.composer_error = {};
  state.socket_script = {};
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
    state.mode = Mode::socket;
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

void send(AppState& state, Platform& platform) {
  ensure_tabs(state);
  // An empty header row is an unfinished edit, not a request to send a nameless header.
  Experiment experiment = experiment_from_state(state);
  experiment.kind = ExperimentKind::http;  // the HTTP composer sends; the socket panel has its own buttons
  auto& headers = experiment.request.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const Header& h) { return h.name.empty() && h.value.empty(); }),
                headers.end());
  // {{variables}} are resolved here, at the last moment: the composer and the history keep
  // the references; the exchange log holds what was really sent.
  Result<HttpRequest> resolved = resolve_request(experiment.request, active_environment(state));
  if (!resolved) {
    state.composer_error = resolved.error();
    return;
  }
  Result<HttpExchange> exchange = HttpExchange::create(resolved.value(), experiment.options);
  if (!exchange) {
    state.composer_error = exchange.error();  // the composer keeps what was typed
    if (resolved.value().url != experiment.request.url)
      state.composer_error.message += " (in the URL with its variables filled in: " + resolved.value().url + ")";
    return;
  }
  state.composer_error = {};
  state.link_host.clear();  // the user has seen where it goes and sent it
  state.generation = ++state.sends;
  state.live_tab = state.id;
  state.live_generation = state.generation;
  state.last_sent = experiment;
  state.last_sent_environment = state.workspace.active_environment;
  platform.start(std::move(exchange.value()));
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

// What the user asked for this frame outside the composer (menus, shortcuts, sidebar).
struct AppIntent {
  bool new_tab = false;
  bool save = false;
  bool close_tab = false;
  std::optional<std::size_t> close_index;
  bool share = false;
  std::optional<std::string> open_file;
  std::optional<std::size_t> open_history;
};

void draw_file_menu(AppState& state, AppIntent& intent) {
  if (!ImGui::BeginMenu("File")) return;
  if (ImGui::MenuItem("New tab", "Ctrl+T")) intent.new_tab = true;
  if (ImGui::MenuItem("Save", "Ctrl+S")) intent.save = true;
  if (ImGui::MenuItem("Save as...")) {
    state.workspace.save_as_requested = true;
    state.workspace.save_as_path = state.file.empty() ? suggested_file_name(state.name, state.workspace.files) : state.file;
  }
  if (ImGui::MenuItem("Close tab", "Ctrl+W")) intent.close_tab = true;
  ImGui::Separator();
  if (ImGui::MenuItem("Share link...")) intent.share = true;
  if (ImGui::MenuItem("Environments...")) state.workspace.show_environment_editor = true;
  ImGui::Separator();
  ImGui::TextDisabled("Workspace: %s", state.workspace.open ? state.workspace.location.c_str() : "none");
  ImGui::EndMenu();
}

void draw_menu_bar(AppState& state, AppIntent& intent) {
  if (!ImGui::BeginMenuBar()) return;
  draw_file_menu(state, intent);
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("Sidebar (workspace, history)", nullptr, &state.show_history);
    if (ImGui::MenuItem("Dark theme", nullptr, state.dark_theme)) state.dark_theme = true;
    if (ImGui::MenuItem("Light theme", nullptr, !state.dark_theme)) state.dark_theme = false;
    ImGui::Separator();
    if (ImGui::MenuItem("Larger text")) state.text_scale = std::min(2.5f, state.text_scale + 0.125f);
    if (ImGui::MenuItem("Smaller text")) state.text_scale = std::max(0.75f, state.text_scale - 0.125f);
    if (ImGui::MenuItem("Normal text size")) state.text_scale = 1.0f;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Examples")) {
    if (ImGui::MenuItem("HTTP: GET the lab hello server")) {
      load_experiment(state, hello_experiment(state.lab_hello_port));
      state.mode = Mode::http;
      state.select_mode = true;
    }
    auto socket_example = [&](bool udp, int port, const char* payload, const char* expect) {
      state.socket.udp = udp;
      state.socket.host = "127.0.0.1";
      state.socket.port = port;
      state.socket.format = PayloadFormat::escaped;
      state.socket.payload = payload;
      state.socket.expect = expect;
      state.socket.error = {};
      state.mode = Mode::socket;
      state.select_mode = true;
    };
    if (ImGui::MenuItem("TCP: the socket tutorial's client (GET on the hello server)"))
      socket_example(false, state.lab_hello_port, "GET / HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n\\r\\n", "Hello, World!");
    if (ImGui::MenuItem("TCP: talk to the lab echo server")) socket_example(false, state.lab_tcp_echo_port, "hello\\r\\n", "hello");
    if (ImGui::MenuItem("UDP: a datagram to the lab echo server")) socket_example(true, state.lab_udp_echo_port, "ping", "ping");
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    ImGui::TextDisabled("Keyboard");
    ImGui::Text("Enter (in the URL) or Ctrl+Enter   send");
    ImGui::Text("Esc                                cancel the request in flight");
    ImGui::Text("Ctrl+L                             edit the URL");
    ImGui::Text("Ctrl+F                             find in the response body");
    ImGui::Text("Ctrl+T / Ctrl+W                    new tab / close tab");
    ImGui::Text("Ctrl+S                             save the tab in the workspace");
    ImGui::EndMenu();
  }
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize("Wirepad 0.1").x - ImGui::GetStyle().WindowPadding.x * 2);
  ImGui::TextDisabled("Wirepad 0.1");
  ImGui::EndMenuBar();
}

}  // namespace

namespace {

// The live exchange finished: keep it in its tab and in the history (and on disk).
void record_live_exchange(AppState& state, Platform& platform) {
  platform.with_exchange([&](const ExchangeLog* log) {
    if (!log || !log->finished() || state.live_generation == state.history.recorded_generation) return;
    HistoryEntry* entry = record_exchange(state.history, state.last_sent, *log, state.live_generation,
                                          state.last_sent_environment);
    if (!entry) return;
    if (TabState* tab = find_tab(state, state.live_tab)) tab->kept_log = entry->log;
    if (WorkspaceStore* store = platform.workspace())
      if (Error e = persist_history_entry(state.history, *entry, *store)) state.workspace.error = e;
  });
}

// Where a request would go, for the "opened from a link" notice: "https://api.example.com:443".
// {{variables}} are shown filled in from the chosen environment when it has them.
std::string target_of(const Experiment& e, const Environment* environment) {
  auto fill = [&](const std::string& text) { return environment ? substitute_known(text, *environment) : text; };
  if (e.kind == ExperimentKind::socket)
    return std::string(e.socket.protocol == Protocol::udp ? "udp" : "tcp") + " " + fill(e.socket.host) + ":" +
           std::to_string(e.socket.port);
  Result<Url> url = parse_url(fill(e.request.url));
  if (!url) return e.request.url.empty() ? std::string("(no URL)") : fill(e.request.url);
  return url->scheme + "://" + url->host + ":" + std::to_string(url->port);
}

// A share link pasted into the URL field opens in a new tab; the tab it was pasted into gets
// its URL back. Nothing is sent.
void open_pasted_link(AppState& state, const std::string& url_before) {
  if (state.url == url_before || state.url.find("#x=") == std::string::npos) return;
  Result<Experiment> experiment = open_share_link(state.url);
  if (!experiment) {
    state.composer_error = experiment.error();  // a damaged link: say where, keep the text
    return;
  }
  state.url = url_before;
  open_link_in_tab(state, experiment.value());
}

void draw_link_notice(AppState& state) {
  if (state.link_host.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.8f, 0.3f, 1.0f));
  const char* note = state.link_host.find("{{") != std::string::npos
                         ? " Its {{variables}} are filled in from the environment you choose."
                         : "";
  ImGui::TextWrapped("Opened from a share link: this request goes to %s. Nothing has been sent. Check the request, "
                     "then press Send.%s",
                     state.link_host.c_str(), note);
  ImGui::PopStyleColor();
}

void draw_tab_toolbar(AppState& state, Platform& platform, AppIntent& intent) {
  ImGui::TextUnformatted(state.name.empty() ? "untitled request" : state.name.c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("%s%s", state.file.empty() ? "(not saved)" : state.file.c_str(), tab_dirty(state) ? " *" : "");
  // The environment and Share go to the right end of the line (SetCursorPosX, not
  // SameLine(x): inside the group SameLine's x would be shifted by the sidebar's width).
  ImGui::SameLine();
  const ImGuiStyle& style = ImGui::GetStyle();
  float needed = ImGui::GetFontSize() * 12 + style.ItemSpacing.x + ImGui::CalcTextSize("Share").x + style.FramePadding.x * 2;
  float skip = ImGui::GetContentRegionAvail().x - needed;
  if (skip > 0) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + skip);
  if (draw_environment_selector(state)) choose_environment(state, platform.workspace(), state.workspace.active_environment);
  ImGui::SameLine();
  if (ImGui::Button("Share")) intent.share = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A link that carries this experiment (secrets left out unless you tick them)");
  if (state.changed_on_disk) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.8f, 0.3f, 1.0f));
    ImGui::TextWrapped("%s changed on disk while you were editing it here.", state.file.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::SmallButton("Reload from disk") && platform.workspace()) reload_tab_from_disk(state, *platform.workspace());
    ImGui::SameLine();
    if (ImGui::SmallButton("Keep mine")) state.changed_on_disk = false;
  }
  draw_link_notice(state);
}

// Ctrl+S on an untitled tab, and File > Save as: the path inside the workspace.
void draw_save_as_popup(AppState& state, Platform& platform) {
  if (state.workspace.save_as_requested) {
    ImGui::OpenPopup("Save experiment");
    state.workspace.save_as_requested = false;
  }
  if (!ImGui::BeginPopupModal("Save experiment", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  WorkspaceStore* store = platform.workspace();
  if (!store) {
    ImGui::TextUnformatted("There is no workspace folder to save in.");
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::Text("Save in %s as:", store->location().c_str());
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
  bool enter = ImGui::InputText("##save_as", &state.workspace.save_as_path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::TextDisabled("Folders are made as needed: auth/login.json");
  if (state.workspace.error) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1), "%s", state.workspace.error.message.c_str());
  if (ImGui::Button("Save") || enter) {
    if (save_front_tab(state, *store, state.workspace.save_as_path)) ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

// Ctrl+W on a tab with unsaved changes.
void draw_close_popup(AppState& state, Platform& platform) {
  if (state.workspace.close_requested != 0 && !ImGui::IsPopupOpen("Close tab")) ImGui::OpenPopup("Close tab");
  if (!ImGui::BeginPopupModal("Close tab", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  int id = state.workspace.close_requested;
  std::optional<std::size_t> index;
  for (std::size_t i = 0; i < state.tabs.size(); ++i)
    if ((i == state.active_tab ? state.id : state.tabs[i].id) == id) index = i;
  if (!index) {
    state.workspace.close_requested = 0;
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  ImGui::Text("\"%s\" has unsaved changes.", tab_title(*find_tab(state, id)).c_str());
  if (ImGui::Button("Save") && platform.workspace()) {
    bring_forward(state, *index);
    if (!state.file.empty() && save_front_tab(state, *platform.workspace())) close_tab(state, state.active_tab);
    else state.workspace.save_as_requested = true;
    state.workspace.close_requested = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Discard changes")) {
    close_tab(state, *index);
    state.workspace.close_requested = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    state.workspace.close_requested = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

void act(AppState& state, Platform& platform, AppIntent& intent) {
  WorkspaceStore* store = platform.workspace();
  if (intent.new_tab) new_tab(state, blank_experiment());
  if (intent.save) {
    if (store && !state.file.empty()) {
      save_front_tab(state, *store);
    } else {
      state.workspace.save_as_requested = true;
      state.workspace.save_as_path = suggested_file_name(state.name, state.workspace.files);
    }
  }
  if (intent.close_tab) intent.close_index = state.active_tab;
  if (intent.close_index) {
    std::size_t i = *intent.close_index;
    const TabState& tab = i == state.active_tab ? static_cast<const TabState&>(state) : state.tabs[i];
    if (tab_dirty(tab)) state.workspace.close_requested = tab.id;
    else close_tab(state, i);
  }
  if (intent.share) state.share.open_requested = true;
  if (intent.open_file && store) open_workspace_file(state, *store, *intent.open_file);
  if (intent.open_history) open_history_entry(state, store, *intent.open_history);
}

}  // namespace

void open_link_in_tab(AppState& state, const Experiment& experiment) {
  new_tab(state, experiment);
  state.link_host = target_of(experiment, active_environment(state));
  state.focus_url = false;  // no Enter-to-send by reflex: the notice comes first
}

void draw_app(AppState& state, Platform& platform) {
  ensure_tabs(state);
  apply_settings(state);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Wirepad", nullptr, flags);
  AppIntent app_intent;
  draw_menu_bar(state, app_intent);

  record_live_exchange(state, platform);
  if (WorkspaceStore* store = platform.workspace()) check_external_edits(state, *store, ImGui::GetTime());
  // The front tab shows the platform's exchange while it is the one that sent it, else the
  // exchange it kept (a finished one, or one re-opened from the history).
  const bool front_is_live = state.live_tab == state.id;
  bool in_flight = false;
  if (front_is_live) platform.with_exchange([&](const ExchangeLog* log) { in_flight = log && !log->finished(); });

  if (state.show_history) {
    ImGui::BeginChild("sidebar", ImVec2(ImGui::GetFontSize() * 18, 0), true);
    if (ImGui::BeginTabBar("sidebar_tabs")) {
      if (ImGui::BeginTabItem("Workspace")) {
        if (std::optional<std::string> path = draw_workspace_panel(state)) app_intent.open_file = path;
        ImGui::EndTabItem();
      }
      std::string history_label = "History (" + std::to_string(state.history.entries.size()) + ")###history";
      if (ImGui::BeginTabItem(history_label.c_str())) {
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
      // The composer gets about a third of the window, at least enough for a few header rows.
      float composer_height = std::max(ImGui::GetContentRegionAvail().y * 0.34f, ImGui::GetFrameHeightWithSpacing() * 6);
      ImGui::BeginChild("composer", ImVec2(0, composer_height));
      intent = draw_composer(state, in_flight);
      ImGui::EndChild();
      ImGui::Separator();
      ImGui::BeginChild("response");
      if (front_is_live) platform.with_exchange([&](const ExchangeLog* log) { cancel_from_response = draw_response(state, log); });
      else draw_response(state, state.kept_log.get());
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Socket (TCP/UDP)", nullptr, flags_for(Mode::socket))) {
      if (!select) state.mode = Mode::socket;
      draw_socket_panel(state, platform);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::PopID();
  ImGui::PopID();
  ImGui::EndGroup();
  open_pasted_link(state, url_before);

  // Keyboard: Ctrl+Enter sends from anywhere, Esc cancels what is in flight.
  const ImGuiIO& io = ImGui::GetIO();
  bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
               ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
  const bool modal_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel);
  if (io.KeyCtrl && enter && !in_flight && state.mode == Mode::http && !modal_open) intent.send = true;
  if (in_flight && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) intent.cancel = true;
  // Ctrl+L: the URL; Ctrl+F: find in the response body.
  if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kL)) state.focus_url = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kF)) {
    state.show_body_tab = true;
    state.body_view.focus_find = true;
    state.body_view.mode = BodyViewState::Mode::text;
  }
  // Ctrl+T / Ctrl+W / Ctrl+S: tabs and saving (browsers keep Ctrl+T/W for themselves: the
  // web build has the + button and each tab's close button).
  if (io.KeyCtrl && !modal_open) {
    if (ImGui::IsKeyPressed(keys::kT, false)) app_intent.new_tab = true;
    if (ImGui::IsKeyPressed(keys::kW, false)) app_intent.close_tab = true;
    if (ImGui::IsKeyPressed(keys::kS, false)) app_intent.save = true;
  }
  draw_save_as_popup(state, platform);
  draw_close_popup(state, platform);
  draw_share_dialog(state);
  if (draw_environment_editor(state) && platform.workspace())
    if (Error e = save_environments(state, *platform.workspace())) state.workspace.error = e;
  ImGui::End();

  if (intent.cancel || cancel_from_response) platform.cancel();
  else if (intent.send) send(state, platform);
  act(state, platform, app_intent);
}

}  // namespace wirepad::ui
