// ui: app_actions.h.
#include "ui/app_actions.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <ctime>
#include <functional>

#include "shared/share_link.h"
#include "shared/url.h"
#include "shared/ws_handshake.h"
#include "ui/environment_panel.h"
#include "ui/escape.h"
#include "ui/export_dialog.h"
#include "ui/import_dialog.h"
#include "ui/keys.h"
#include "ui/share_dialog.h"
#include "ui/tabs.h"
#include "ui/workspace.h"
#include "ui/workspace_store.h"

namespace wirepad::ui {
namespace {

// Where a dialog's button is, by name, for the headless UI tests' clicks.
void remember_button(AppState& state, const char* name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

// Where a request would go, for the "opened from a link" notice: "https://api.example.com:443".
// {{variables}} are shown filled in from the chosen environment when it has them.
std::string target_of(const Experiment& e, const Environment* environment) {
  auto fill = [&](const std::string& text) { return environment ? substitute_known(text, *environment) : text; };
  if (e.kind == ExperimentKind::socket)
    return std::string(e.socket.protocol == Protocol::udp ? "udp" : "tcp") + " " + fill(e.socket.host) + ":" +
           std::to_string(e.socket.port);
  if (e.kind == ExperimentKind::websocket) {
    Result<Url> ws = parse_ws_url(fill(e.websocket.url));
    if (!ws) return e.websocket.url.empty() ? std::string("(no URL)") : fill(e.websocket.url);
    return ws->scheme + "://" + ws->host + ":" + std::to_string(ws->port);
  }
  Result<Url> url = parse_url(fill(e.request.url));
  if (!url) return e.request.url.empty() ? std::string("(no URL)") : fill(e.request.url);
  return url->scheme + "://" + url->host + ":" + std::to_string(url->port);
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
  if (ImGui::Button("Cancel") || escape_closes_this(state)) ImGui::CloseCurrentPopup();
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
  if (ImGui::Button("Cancel") || escape_closes_this(state)) {
    state.workspace.close_requested = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

// Double-click on a tab, its context menu, File > Rename tab or F2. The name is the
// experiment's: saved with it. An empty name gives the tab back its automatic name.
void draw_rename_popup(AppState& state) {
  WorkspaceView& w = state.workspace;
  if (w.rename_requested != 0 && !ImGui::IsPopupOpen("Rename tab")) {
    ImGui::OpenPopup("Rename tab");
    if (TabState* tab = find_tab(state, w.rename_requested)) w.rename_text = tab->name;
  }
  if (!ImGui::BeginPopupModal("Rename tab", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  TabState* tab = find_tab(state, w.rename_requested);
  ImGui::TextUnformatted("Name of this experiment (saved with it):");
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
  const bool enter = ImGui::InputText("##rename", &w.rename_text, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::TextDisabled("Empty: named from its method and URL again.");
  bool done = false;
  if ((ImGui::Button("Rename") || enter) && tab) {
    if (w.rename_text.find_first_not_of(" \t") == std::string::npos) {
      tab->named = false;
      tab->opened_request.clear();  // differs from any request: the automatic name comes back
      update_auto_name(*tab);
    } else {
      tab->name = w.rename_text;
      tab->named = true;
    }
    done = true;
  }
  remember_button(state, "rename.ok");
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || escape_closes_this(state) || !tab) done = true;
  if (done) {
    w.rename_requested = 0;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

// Every tab with unsaved changes, front first is not needed: in tab order.
std::vector<TabState*> unsaved_tabs(AppState& state) {
  std::vector<TabState*> out;
  for (std::size_t i = 0; i < state.tabs.size(); ++i) {
    TabState& tab = i == state.active_tab ? static_cast<TabState&>(state) : state.tabs[i];
    if (tab_dirty(tab)) out.push_back(&tab);
  }
  return out;
}

// Where "Save all" puts an untitled tab: a new file named after it.
std::string save_all_path(const TabState& tab, std::vector<std::string>& taken) {
  if (!tab.file.empty()) return tab.file;
  std::string path = suggested_file_name(tab.name, taken);
  taken.push_back(path);
  return path;
}

// Saves every unsaved tab; false (and the error in the sidebar) at the first that fails.
bool save_all(AppState& state, WorkspaceStore& store) {
  std::vector<std::string> taken = state.workspace.files;
  for (std::size_t i = 0; i < state.tabs.size(); ++i) {
    TabState& tab = i == state.active_tab ? static_cast<TabState&>(state) : state.tabs[i];
    if (!tab_dirty(tab)) continue;
    const std::string path = save_all_path(tab, taken);
    bring_forward(state, i);  // save_front_tab saves the front tab
    if (!save_front_tab(state, store, path)) return false;
  }
  return true;
}

// Unsaved changes go back to what their files hold; untitled tabs that were edited close.
void discard_all(AppState& state) {
  for (std::size_t i = state.tabs.size(); i-- > 0;) {
    TabState& tab = i == state.active_tab ? static_cast<TabState&>(state) : state.tabs[i];
    if (!tab_dirty(tab)) continue;
    if (tab.file.empty()) {
      close_tab(state, i);
      continue;
    }
    const Experiment saved = tab.saved;
    load_experiment(tab, saved);
    tab.saved = experiment_from_state(tab);
  }
}

// Quitting with unsaved tabs: Save all / Discard / Cancel. Without any, quitting goes ahead.
void draw_quit_popup(AppState& state, Platform& platform) {
  if (!state.quit_requested) return;
  std::vector<TabState*> unsaved = unsaved_tabs(state);
  if (unsaved.empty()) state.quit_confirmed = true;
  if (state.quit_confirmed) return;
  if (!ImGui::IsPopupOpen("Quit Wirepad")) ImGui::OpenPopup("Quit Wirepad");
  state.quit_asking = true;
  if (!ImGui::BeginPopupModal("Quit Wirepad", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  WorkspaceStore* store = platform.workspace();
  ImGui::TextUnformatted(unsaved.size() == 1 ? "This tab has unsaved changes:" : "These tabs have unsaved changes:");
  std::vector<std::string> taken = state.workspace.files;
  for (TabState* tab : unsaved) {
    const std::string where = !store ? std::string("(no workspace to save in)")
                              : tab->file.empty() ? "new file " + save_all_path(*tab, taken)
                                                  : tab->file;
    ImGui::BulletText("%s  ->  %s", tab_title(*tab).c_str(), where.c_str());
  }
  if (state.workspace.error) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1), "%s", state.workspace.error.message.c_str());
  bool close = false;
  ImGui::BeginDisabled(!store);
  if (ImGui::Button("Save all and quit") && store && save_all(state, *store)) state.quit_confirmed = close = true;
  ImGui::EndDisabled();
  remember_button(state, "quit.save_all");
  ImGui::SameLine();
  if (ImGui::Button("Discard changes and quit")) {
    discard_all(state);
    state.quit_confirmed = close = true;
  }
  remember_button(state, "quit.discard");
  ImGui::SameLine();
  if (ImGui::Button("Cancel") || escape_closes_this(state)) {
    state.quit_requested = state.quit_asking = false;
    close = true;
  }
  remember_button(state, "quit.cancel");
  if (close) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace

void draw_file_menu(AppState& state, AppIntent& intent) {
  if (!ImGui::BeginMenu("File")) return;
  if (ImGui::MenuItem("New tab", "Ctrl+T")) intent.new_tab = true;
  if (ImGui::MenuItem("Save", "Ctrl+S")) intent.save = true;
  if (ImGui::MenuItem("Save as...")) {
    state.workspace.save_as_requested = true;
    state.workspace.save_as_path = state.file.empty() ? suggested_file_name(state.name, state.workspace.files) : state.file;
  }
  if (ImGui::MenuItem("Rename tab...", "F2")) state.workspace.rename_requested = state.id;
  if (ImGui::MenuItem("Close tab", "Ctrl+W")) intent.close_tab = true;
  ImGui::Separator();
  if (ImGui::MenuItem("Import...")) state.io.import.open_requested = true;
  if (ImGui::MenuItem("Export...")) state.io.exporting.open_requested = true;
  if (ImGui::MenuItem("Share link...")) intent.share = true;
  if (ImGui::MenuItem("Environments...")) state.workspace.show_environment_editor = true;
  if (ImGui::MenuItem("Picked files...")) state.show_picked_files = true;
  ImGui::Separator();
  ImGui::TextDisabled("Workspace: %s", state.workspace.open ? state.workspace.location.c_str() : "none");
  if (state.can_quit) {  // the desktop; a browser tab is closed by the browser
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) request_quit(state);
  }
  ImGui::EndMenu();
}

namespace {

// A finished exchange of `run` into the history (once) and, when its tab is open, the tab.
void record_run(AppState& state, Platform& platform, int id, TabRun& run, TabState* tab) {
  if (run.recorded == run.generation) return;
  run.recorded = run.generation;
  // The history entry and the tab share the platform's log: a large response is held once.
  HistoryEntry* entry = nullptr;
  if (std::shared_ptr<const ExchangeLog> log = platform.share_finished_exchange(id)) {
    entry = record_exchange(state.history, run.sent, std::move(log), run.generation, run.environment, run.redirects.hop);
  } else {
    platform.with_exchange(id, [&](const ExchangeLog* log) {
      if (log && log->finished())
        entry = record_exchange(state.history, run.sent, *log, run.generation, run.environment, run.redirects.hop);
    });
  }
  if (!entry) return;
  if (tab) tab->kept_log = entry->log;
  if (WorkspaceStore* store = platform.workspace())
    if (Error e = persist_history_entry(state.history, *entry, *store)) state.workspace.error = e;
}

}  // namespace

namespace {

// The next connection of an event stream (ui/sse_follow.h): its own exchange, like a redirect hop.
void start_sse_reconnect(AppState& state, Platform& platform, TabState& tab, TabRun& run, const HttpRequest& next,
                         UnixTime now) {
  ExchangeOptions options = run.sse.options;
  options.proxy_environment = platform.proxy_environment();
  Result<HttpExchange> exchange = HttpExchange::create(with_jar_cookies(state.cookies, next, now), options);
  if (!exchange) {
    run.sse.notes.push_back("not reconnecting: " + exchange.error().message);
    return;
  }
  tab.generation = ++state.sends;  // a new exchange: the views re-index, the history records it
  run.generation = tab.generation;
  run.sent.request = spec_from_http(next);
  platform.start(tab.id, std::move(exchange.value()));
}

}  // namespace

void update_runs(AppState& state, Platform& platform) {
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  for (auto it = state.runs.begin(); it != state.runs.end();) {
    const int id = it->first;
    TabRun& run = it->second;
    TabState* tab = find_tab(state, id);
    if (!tab) {
      // Closed: an exchange still running is cancelled, and what it received is kept in the
      // history like any other, before the platform forgets it.
      platform.cancel(id, "closing its tab");
      record_run(state, platform, id, run, nullptr);
      platform.drop_exchange(id);
      it = state.runs.erase(it);
      continue;
    }
    ++it;
    // Waiting for the browser's sign-in (OAuth 2.0 authorization code): its redirect starts
    // the token request.
    if (run.auth.open_pending) {
      run.auth.open_pending = false;
      platform.open_authorization(id, run.auth.authorization_url);
    }
    if (std::optional<HttpRequest> exchange_code = after_authorization(run, platform, id)) {
      start_auth_round(state, platform, *tab, run, *exchange_code, now);
      continue;
    }
    bool finished = false;
    std::optional<HttpRequest> next_hop, next_round;
    const double clock = sse_clock();
    platform.with_exchange(id, [&](const ExchangeLog* log) {
      run.in_flight = log && !log->finished();
      if (!log || !log->finished()) return;
      finished = true;
      next_hop = after_exchange(state, run, *tab, *log, now);  // stores cookies; the next hop, if any
      // Redirects done: the auth round trips go on (Digest's answer, the request with a token).
      if (!next_hop) next_round = after_auth_exchange(state, run, *log, now);
      // An event stream that ended: reconnect after its retry: when the Events view asks to.
      if (!next_hop && !next_round) after_sse_exchange(run.sse, *log, run.generation, tab->sse_reconnect, tab->sse_max_reconnects, clock);
    });
    if (finished) {
      record_run(state, platform, id, run, tab);
      save_fetched_token(state, platform, run);
      if (next_hop) start_next_hop(state, platform, *tab, run, *next_hop, now);  // each hop its own exchange
      else if (next_round) start_auth_round(state, platform, *tab, run, *next_round, now);  // each round its own exchange
    }
    if (!tab->sse_reconnect) stop_sse_reconnect(run.sse, "\"Reconnect\" was unticked");
    if (std::optional<HttpRequest> again = due_sse_reconnect(run.sse, clock))
      start_sse_reconnect(state, platform, *tab, run, *again, now);  // each connection its own exchange
  }
}

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
  act_on_import(state, platform);
}

void draw_workspace_dialogs(AppState& state, Platform& platform) {
  // `--open-tab Share|Environments|Rename|Quit` (desktop): screenshots and scripts.
  std::string& open = state.viewers.open_tab;
  if (open == "Share") state.share.open_requested = true;
  else if (open == "Environments") state.workspace.show_environment_editor = true;
  else if (open == "Rename") state.workspace.rename_requested = state.id;
  else if (open == "Quit" && state.can_quit) request_quit(state);
  if (open == "Share" || open == "Environments" || open == "Rename" || open == "Quit") open.clear();
  draw_save_as_popup(state, platform);
  draw_close_popup(state, platform);
  draw_rename_popup(state);
  draw_quit_popup(state, platform);
  draw_share_dialog(state);
  draw_import_dialog(state, platform);
  draw_export_dialog(state, platform);
  if (draw_environment_editor(state) && platform.workspace())
    if (Error e = save_environments(state, *platform.workspace())) state.workspace.error = e;
}

void read_tab_shortcuts(AppState& state, AppIntent& intent) {
  if (ImGui::IsKeyPressed(keys::kF2, false)) state.workspace.rename_requested = state.id;
  // Browsers keep Ctrl+T/W/Q for themselves: the web build has the + button and each tab's
  // close button, and no Quit.
  if (!ImGui::GetIO().KeyCtrl) return;
  if (ImGui::IsKeyPressed(keys::kT, false)) intent.new_tab = true;
  if (ImGui::IsKeyPressed(keys::kW, false)) intent.close_tab = true;
  if (ImGui::IsKeyPressed(keys::kS, false)) intent.save = true;
  if (ImGui::IsKeyPressed(keys::kQ, false) && state.can_quit) request_quit(state);
}

void open_link_in_tab(AppState& state, const Experiment& experiment) {
  new_tab(state, experiment);
  state.link_host = target_of(experiment, active_environment(state));
  state.focus_url = false;  // no Enter-to-send by reflex: the notice comes first
}

}  // namespace wirepad::ui
