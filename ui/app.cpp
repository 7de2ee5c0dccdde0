// ui: the whole front end: the composer on top, the response below. State conversion and
// send() live here too; the panels are in composer_panel.cpp and response_panel.cpp.
#include "ui/app.h"

#include <imgui.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <string>
#include <utility>

#include "ui/composer_panel.h"
#include "ui/cookies_panel.h"
#include "ui/keys.h"
#include "ui/socket_panel.h"
#include "ui/response_panel.h"

namespace wirepad::ui {

Experiment experiment_from_state(const AppState& state) {
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
  return experiment;
}

void load_experiment(AppState& state, const Experiment& experiment) {
  state.name = experiment.name;
  state.method = experiment.request.method;
  state.url = experiment.request.url;
  state.body = experiment.request.body;
  state.headers.clear();
  for (const Header& header : experiment.request.headers) state.headers.push_back({true, header.name, header.value});
  state.options = experiment.options;
  state.composer_error = {};
}

Experiment hello_experiment(int hello_port) {
  Experiment experiment;
  experiment.name = "Hello, World!";
  experiment.request.method = "GET";
  experiment.request.url = "http://127.0.0.1:" + std::to_string(hello_port) + "/";
  return experiment;
}

void send(AppState& state, Platform& platform) {
  // An empty header row is an unfinished edit, not a request to send a nameless header.
  Experiment experiment = experiment_from_state(state);
  auto& headers = experiment.request.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const Header& h) { return h.name.empty() && h.value.empty(); }),
                headers.end());
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  Result<HttpExchange> exchange =
      HttpExchange::create(with_jar_cookies(state.cookies, experiment.request, now), experiment.options);
  if (!exchange) {
    state.composer_error = exchange.error();  // the composer keeps what was typed
    return;
  }
  state.composer_error = {};
  ++state.generation;
  state.last_sent = experiment;
  begin_chain(state, experiment.request);
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

void draw_menu_bar(AppState& state) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("View")) {
    ImGui::MenuItem("History sidebar", nullptr, &state.show_history);
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
    ImGui::EndMenu();
  }
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize("Wirepad 0.1").x - ImGui::GetStyle().WindowPadding.x * 2);
  ImGui::TextDisabled("Wirepad 0.1");
  ImGui::EndMenuBar();
}

}  // namespace

void draw_app(AppState& state, Platform& platform) {
  apply_settings(state);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("Wirepad", nullptr, flags);
  draw_menu_bar(state);

  bool in_flight = false;
  std::optional<HttpRequest> next_hop;
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  platform.with_exchange([&](const ExchangeLog* log) {
    in_flight = log && !log->finished();
    if (log) record_exchange(state.history, state.last_sent, *log, state.generation, state.redirects.hop);
    if (log) next_hop = after_exchange(state, *log, now);
  });
  if (next_hop) start_next_hop(state, platform, *next_hop, now);  // each hop its own exchange

  if (state.show_history) {
    ImGui::BeginChild("sidebar", ImVec2(ImGui::GetFontSize() * 18, 0), true);
    if (std::optional<Experiment> chosen = draw_history_panel(state.history)) load_experiment(state, *chosen);
    ImGui::EndChild();
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  ComposerIntent intent;
  bool cancel_from_response = false;
  if (ImGui::BeginTabBar("mode")) {
    const bool select = state.select_mode;
    state.select_mode = false;
    auto flags_for = [&](Mode mode) { return select && state.mode == mode ? ImGuiTabItemFlags_SetSelected : 0; };
    if (ImGui::BeginTabItem("HTTP request", nullptr, flags_for(Mode::http))) {
      if (!select) state.mode = Mode::http;
      ImGui::TextUnformatted(state.name.empty() ? "untitled request" : state.name.c_str());
      // The composer gets about a third of the window, at least enough for a few header rows.
      float composer_height = std::max(ImGui::GetContentRegionAvail().y * 0.34f, ImGui::GetFrameHeightWithSpacing() * 6);
      ImGui::BeginChild("composer", ImVec2(0, composer_height));
      intent = draw_composer(state, in_flight);
      ImGui::EndChild();
      ImGui::Separator();
      ImGui::BeginChild("response");
      platform.with_exchange([&](const ExchangeLog* log) { cancel_from_response = draw_response(state, log); });
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Socket (TCP/UDP)", nullptr, flags_for(Mode::socket))) {
      if (!select) state.mode = Mode::socket;
      draw_socket_panel(state, platform);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Cookies", nullptr, flags_for(Mode::cookies))) {
      if (!select) state.mode = Mode::cookies;
      draw_cookies_panel(state.cookies, now);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  ImGui::EndGroup();

  // Keyboard: Ctrl+Enter sends from anywhere, Esc cancels what is in flight.
  const ImGuiIO& io = ImGui::GetIO();
  bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
               ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
  if (io.KeyCtrl && enter && !in_flight && state.mode == Mode::http) intent.send = true;
  if (in_flight && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) intent.cancel = true;
  // Ctrl+L: the URL; Ctrl+F: find in the response body.
  if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kL)) state.focus_url = true;
  if (io.KeyCtrl && ImGui::IsKeyPressed(keys::kF)) {
    state.show_body_tab = true;
    state.body_view.focus_find = true;
    state.body_view.mode = BodyViewState::Mode::text;
  }
  ImGui::End();

  if (intent.cancel || cancel_from_response) platform.cancel();
  else if (intent.send) send(state, platform);
}

}  // namespace wirepad::ui
