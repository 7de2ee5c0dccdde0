// ui: the Wirepad front end, shared by the desktop and the browser build. The UI is a list of
// panels, each a function over AppState; it never does I/O itself but asks the Platform.
// Depends on: shared/ (core) and Dear ImGui (in the .cpp files only).
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "shared/exchange.h"
#include "shared/environment.h"
#include "shared/experiment.h"
#include "shared/share_content.h"
#include "shared/socket_session.h"
#include "shared/ws_session.h"
#include "ui/body_view.h"
#include "ui/composer_view_state.h"
#include "ui/conversation_tests.h"
#include "ui/history_panel.h"
#include "ui/import_export_state.h"
#include "ui/layout.h"
#include "ui/line_index.h"
#include "ui/viewers.h"
#include "ui/local_services.h"
#include "ui/redirect_follow.h"
#include "ui/sse_follow.h"
#include "ui/auth_follow.h"
#include "ui/runner.h"

namespace wirepad::ui {

struct ComposerHeader {
  bool enabled = true;
  std::string name;
  std::string value;
};

// The socket composer (issue 4): a raw TCP/UDP conversation, one button per step.
struct SocketComposer {
  bool udp = false;
  std::string host = "127.0.0.1";
  int port = 9000;
  std::string payload = "hello\\r\\n";
  PayloadFormat format = PayloadFormat::escaped;
  std::string expect;
  double expect_seconds = 5;
  bool expect_regex = false;          // the expect field is a regular expression
  int family = 0;                     // 0 either, 1 IPv4 only, 2 IPv6 only (AddressFamily)
  bool broadcast = false;             // UDP: SO_BROADCAST
  int multicast_ttl = 1;              // UDP to a group: hops
  bool multicast_loopback = true;     // UDP to a group: this host's members get a copy
  bool payload_file = false;          // desktop: the payload is a file's bytes
  std::string file_path;              // ... this file
  double receive_seconds = 5;         // receive: how long to wait
  bool hex_view = false;
  int view = 0;                       // 0 both, 1 transcript, 2 timeline (steps with results), 3 tests
  bool listen_tab = false;            // bring the Listen sub-tab forward (a lesson needs it)
  // A loaded or saved script: "Run all" replays it as one session.
  std::string script_name;
  std::vector<SocketStep> script;
  std::string script_note;            // what the lesson asks the learner to do
  std::string script_path = "socket-session.json";  // desktop: where Save/Load go
  ConversationTests tests;            // the script's "test" and its verdict (the "tests" view)
  Error error;  // a step the user asked for that cannot run (bad payload, not connected)
  ListenComposer listen;
};

// The WebSocket panel (ui/ws_panel.h): the handshake's settings, what to send next, what to
// wait for, and the view of the conversation.
struct WsComposer {
  std::string url = "ws://127.0.0.1:8765/";
  std::string subprotocols;  // comma-separated, in preference order
  std::string headers;       // extra handshake headers, one "Name: value" a line
  bool compress = false;     // offer permessage-deflate
  std::string message = "hello";
  int message_kind = 0;      // 0 text, 1 JSON (checked before it is sent), 2 binary (hex)
  std::string expect;
  bool expect_regex = false;
  double expect_seconds = 5;
  int close_code = 1000;
  std::string close_reason;
  int view = 0;              // 0 conversation, 1 frames, 2 steps, 3 handshake, 4 tests
  int selected_message = -1; // into WsLog::messages: shown whole below the list
  int selected_frame = -1;   // into WsLog::frames
  std::vector<WsStep> taken;  // the steps queued in this conversation, in order (what Save writes)
  // A loaded or saved conversation: "Run all" replays it as one session.
  std::string script_name;
  std::vector<WsStep> script;
  std::string script_note;
  std::string script_path = "websocket-session.json";  // desktop: where Save/Load go
  ConversationTests tests;   // the script's "test" and its verdict (view 4)
  Error error;  // what could not be done (bad URL, bad JSON, not connected), with everything typed kept
  // What the panel worked out from the log so far, grown by what arrived since the last frame
  // (ui/ws_panel.cpp): with 10,000 messages a second, walking the whole conversation in every
  // frame made each frame slower than the one before. Cleared for a new conversation.
  struct LogIndex {
    std::size_t timeline_seen = 0;    // WsLog::timeline items looked at
    std::vector<std::size_t> rows;    // into WsLog::timeline: the conversation view's rows (messages, events)
    std::size_t messages_seen = 0;    // WsLog::messages looked at
    std::size_t received = 0;         // of those, received
    std::size_t steps_done_seen = 0;  // WsLog::steps before it have ended
    double last_step = 0;             // the latest end among those
  } index;
};

enum class Mode { http, socket, cookies, runner, websocket };

// A tab's Send: what was sent (each redirect hop replaces the request), for the history.
struct TabRun {
  unsigned long generation = 0;  // of the exchange the platform runs for the tab now
  unsigned long recorded = 0;    // the generation last put in the history
  Experiment sent;               // as sent ({{variables}} unresolved), the history's entry
  std::string environment;       // it was sent with
  RedirectFollowState redirects; // the hops of this Send (ui/redirect_follow.h)
  AuthFollowState auth;          // its auth round trips: Digest's challenge, an OAuth token (ui/auth_follow.h)
  SseFollowState sse;            // an event stream's connections and reconnects (ui/sse_follow.h)
  bool in_flight = false;        // as of this frame (its tab's label shows it)
};

// One open experiment (a tab). AppState carries the front tab's fields directly (state.url,
// state.body_view, ...), so every panel reads them as before; the other tabs wait in
// AppState::tabs and are swapped in when brought forward (ui/tabs.cpp).
struct TabState {
  int id = 0;
  std::string file;          // workspace path ("users/create.json"); "" until saved
  Experiment saved;          // what the file holds (or the tab opened with): differs => unsaved
  bool changed_on_disk = false;  // edited here and changed by another program: ask before reloading
  std::string link_host;     // opened from a share link: where it would send, shown until sent
  std::shared_ptr<const ExchangeLog> kept_log;  // the tab's last finished exchange (or from history)

  Mode mode = Mode::http;
  bool select_mode = false;  // bring `mode`'s tab forward (Examples menu)
  SocketComposer socket;
  WsComposer websocket;
  SocketScript socket_script;  // the steps a socket experiment opened with (saved back)

  // Composer: exactly what the user typed, never rewritten behind their back.
  std::string name = "Hello, World!";
  // The name was chosen (typed in Rename, or came with a file or an import): kept. Otherwise
  // (an example, a blank tab) the tab is named from its method and URL once they differ from
  // what it opened with (opened_request: "GET http://..."), so it never wears an example's
  // name over another request (ui/tabs.h, update_auto_name).
  bool named = true;
  std::string opened_request;
  std::string method = "GET";
  std::string url;
  std::vector<ComposerHeader> headers;
  std::string body;
  ExchangeOptions options;
  // The rest of the request (params table, path variables, auth, body kind and fields, proxy:
  // shared/request_spec.h) as the file or import had it; experiment_from_state puts the fields
  // above over it, so what the composer cannot edit yet is still saved and sent.
  RequestSpec request_model;
  // What the experiment checks and captures ("test", docs/assertions.md): kept with the tab,
  // edited in the composer's Tests tab, evaluated against each response (the response's Tests
  // tab) and by the runner.
  TestSpec test;
  // The last response's test results, evaluated once per exchange (generation).
  unsigned long test_results_generation = 0;
  std::vector<AssertionResult> test_results;
  std::vector<CaptureResult> capture_results;

  // A problem that is not part of an exchange (invalid URL, unknown {{variable}}, bad
  // experiment file): shown in the composer until the next edit or send.
  Error composer_error;
  // What a curl command pasted into the URL imported with notes ("Imported from curl: -o
  // ignored: ..."), shown under the URL bar until dismissed, while widget_epoch is still
  // url_bar_notice_epoch (loading anything else into the tab retires it). ui/composer_url_bar.h
  std::string url_bar_notice;
  unsigned url_bar_notice_epoch = 0;
  // The text a failed curl paste was read from, for the excerpt under composer_error's position.
  std::string url_bar_error_source;
  bool show_auth_secrets = false;  // the Auth tab shows passwords and tokens in clear

  // View state.
  // Counts programmatic replacements of the composer (load_experiment). Part of the widgets'
  // IDs, so a field being edited lets go of its text instead of writing it back over the
  // new content (ImGui's InputText keeps its own copy while active).
  unsigned widget_epoch = 0;
  bool focus_url = false;
  ComposerTabsView composer_view;  // the Params, Headers and Body tabs' caches (ui/composer_view_state.h)
  unsigned long generation = 0;  // names the exchange shown; the views below re-index on a new one
  BodyViewState body_view;       // the response body: tree/text, find
  bool show_body_tab = false;    // Ctrl+F: bring the Body tab forward
  LineIndex sent_lines;          // of the bytes sent
  LineIndex received_lines;      // of the bytes received
  // The Events view (ui/events_view.h): reconnect an event stream with Last-Event-ID when the
  // server closes it, at most this many times.
  bool sse_reconnect = false;
  int sse_max_reconnects = 3;
};

// The Share dialog: what to put in the link, and what came out.
struct ShareDialogState {
  bool open_requested = false;
  ShareChoices choices;
  std::string base = "http://127.0.0.1:7070/";  // the page links open in (wirepad serve)
  // Why that base: "the running wirepad serve", "your setting", "the default: ...". Shown in
  // the dialog, so a link is never made for a page the user does not know about.
  std::string base_source = "the default (no running wirepad serve was found)";
  std::string base_setting;  // typed in the dialog (persisted); "" = find the running serve
  // Computed each frame the dialog is open, from the front tab.
  std::string link;
  std::string document;  // the experiment document inside the link
  std::vector<std::string> left_out;
};

// The workspace folder as the sidebar shows it.
struct WorkspaceView {
  bool open = false;
  std::string location;
  std::vector<std::string> files;  // experiment files, sorted
  std::vector<std::string> broken; // "path: why" for files that do not parse
  Environments environments;
  std::string active_environment;  // "" = none
  Error error;                     // the last failed open/save/load, shown in the sidebar
  std::string notice;              // "Saved users/create.json"
  double next_poll = 0;            // ImGui time of the next external-edit check
  bool show_environment_editor = false;
  int editing_environment = 0;
  std::string new_environment_name;
  bool save_as_requested = false;  // Ctrl+S on an untitled tab
  std::string save_as_path;
  int close_requested = 0;         // tab id whose Ctrl+W needs a "discard changes?" answer
  int rename_requested = 0;        // tab id to rename (double-click, context menu, F2)
  std::string rename_text;
  // The open tabs and the chosen environment in .wirepad/state.json (ui/session.h): what was
  // written last, and when to look again.
  std::string session_saved;
  double next_session_check = 0;
  std::string search;              // filter for the tree
};

struct AppState : TabState {
  // The lab servers this build started (examples point at them).
  int lab_hello_port = 8080;
  int lab_tcp_echo_port = 9000;
  int lab_udp_echo_port = 9001;

  // Tabs: every open tab; tabs[active_tab] is out of date while it is in front (its live
  // fields are the TabState base of this struct).
  std::vector<TabState> tabs;
  std::size_t active_tab = 0;
  int next_tab_id = 1;
  int select_tab_frames = 0;  // the tab bar shows the new front tab after a frame or two
  unsigned long sends = 0;  // generation numbers, unique across tabs
  // What each tab's last Send started, by tab id: the platform runs each tab's exchange (then
  // each redirect hop) alongside the others'; ui::update_runs records them as they finish.
  std::map<int, TabRun> runs;

  History history;

  WorkspaceView workspace;
  ShareDialogState share;
  ImportExportState io;  // File > Import / Export (ui/import_dialog.h, ui/export_dialog.h)
  bool show_picked_files = false;  // File > Picked files... (ui/picked_files.h)
  Error picked_files_error;        // the last Remove that failed
  CookieJarState cookies;  // shared by every tab's exchanges (ui/redirect_follow.h)
  RunnerState runner;      // the test runner and its results (ui/runner.h, ui/runner_panel.h)

  // Settings (View menu).
  bool dark_theme = true;
  bool applied_dark_theme = false;  // what the style currently is; differs once: at start
  bool theme_applied = false;
  float text_scale = 1.0f;
  bool show_history = true;  // the sidebar (workspace tree and history)
  SplitLayout layout;        // the response below or beside the composer (ui/layout.h)
  // HiDPI: the desktop scales sizes and fonts by the display's DPI / 96 at start; ui_scale,
  // when set, replaces that guess (from the next start: the font atlas is built at start).
  float ui_scale = 0;        // 0: from the display's DPI
  float display_scale = 0;   // the scale the desktop started with; 0 in the browser (no menu)
  ViewersState viewers;      // Wire, Layers, Preview tabs, status bar, settings (ui/viewers.h); app-wide: views re-index per generation

  // Quitting (desktop: File > Quit, Ctrl+Q, closing the window). The main sets can_quit and
  // calls request_quit; draw_app asks about unsaved tabs (Save all / Discard / Cancel) and
  // sets quit_confirmed once the main may stop. The browser has no Quit (the page's tab is
  // closed by the browser; ui/session.h keeps unsaved tabs instead).
  bool can_quit = false;
  bool quit_requested = false;
  bool quit_confirmed = false;
  bool quit_asking = false;  // the Quit prompt is on screen
  bool escape_unclaimed = false;  // Esc was pressed this frame and nothing took it yet (ui/escape.h)
};

class WorkspaceStore;

// What the UI asks of the build it runs in.
class Platform {
 public:
  virtual ~Platform() = default;
  // HTTP exchanges, one per tab (`tab`: TabState::id), running side by side. Starting one
  // replaces (and cancels) that tab's previous exchange, never another tab's.
  virtual void start(int tab, HttpExchange exchange) = 0;
  // `by`: who cancelled, for the log's message ("cancelled by the user after 2.1 s").
  virtual void cancel(int tab, std::string_view by = "the user") = 0;
  // Calls `view` with the tab's exchange log, or nullptr when the tab started none, under
  // whatever lock the platform needs. `view` must not call back into the Platform.
  virtual void with_exchange(int tab, const std::function<void(const ExchangeLog*)>& view) = 0;
  // Once the tab's exchange finished: the log itself, moved out of the call into shared
  // ownership (later with_exchange calls view the same log), so the history and the tab hold
  // the one copy: a 200 MB response stays 200 MB. nullptr while in flight, or where not
  // supported (the caller then copies).
  virtual std::shared_ptr<const ExchangeLog> share_finished_exchange(int /*tab*/) { return nullptr; }
  // The tab was closed: its exchange is cancelled and forgotten.
  virtual void drop_exchange(int tab) = 0;
  // Waits at most `max_ms` for the tab's exchange to finish; true once it has. The runner
  // (ui/runner.h) uses a few milliseconds of a frame this way on the desktop; the browser's
  // exchanges advance only between frames, so there it returns false at once.
  virtual bool wait_for_exchange(int /*tab*/, double /*max_ms*/) { return false; }

  // Raw socket sessions, one at a time, alongside the HTTP exchange.
  virtual void start_socket(SocketSession session) = 0;
  virtual Error queue_socket_step(SocketStep step) = 0;
  virtual void cancel_socket() = 0;
  virtual void with_socket(const std::function<void(const SocketLog*)>& view) = 0;
  // WebSocket conversations (ui/ws_panel.h), one at a time, alongside the rest. start_ws makes
  // the session (with the build's random source for keys and masks) and connects; an error
  // is a bad URL, header or step, before anything is sent.
  virtual Error start_ws(WsSessionOptions options, std::vector<WsStep> steps) = 0;
  virtual Error queue_ws_step(WsStep step) = 0;
  virtual void cancel_ws() = 0;
  virtual void with_ws(const std::function<void(const WsLog*)>& view) = 0;
  // Whether a socket can be created and connected as two steps (Endpoint::hold_before_connect;
  // native: socket() then connect(); the browser: the relay's create, then connect).
  virtual bool can_create_before_connect() const { return false; }
  // Listening and files: the desktop build only; nullptr in the browser.
  virtual LocalServices* local() { return nullptr; }
  // The proxy variables of the process (http_proxy, no_proxy, ...; shared/proxy_choice.h),
  // which every send honours as curl does. The browser has none (docs/proxies.md).
  virtual ProxyEnvironment proxy_environment() const { return {}; }
  // Files a request body names (a multipart file part, a binary body). The desktop reads a
  // typed path from disk when sending (relative to the experiment file); the browser has no
  // paths: the user picks a file, the build keeps its bytes (IndexedDB) under the name it
  // hands to `picked`, and that name goes into the request. `picked` gets "" when cancelled.
  virtual bool picks_files() const { return false; }
  virtual void pick_request_file(std::function<void(std::string name)> picked) { picked({}); }
  // OAuth 2.0 authorization code: the authorization server sends the browser back to a
  // redirect URI the build receives (desktop: a loopback listener on 127.0.0.1, RFC 8252 §7.3).
  // begin_authorization starts waiting for `tab` and returns the redirect URI to send
  // (`configured`: the settings' one, whose port and path a loopback URI keeps), or an error
  // saying this build cannot; open_authorization shows the URL to sign in at;
  // poll_authorization gives the redirect's target ("/callback?code=...&state=...") or an
  // error (timeout, cancelled) once, nullopt while waiting; cancel_authorization stops waiting.
  virtual Result<std::string> begin_authorization(int /*tab*/, const std::string& /*configured*/) {
    return make_error(ErrorCode::invalid_request,
                      "OAuth 2.0: the authorization code grant signs in through a browser, which this build does not "
                      "drive yet; run the experiment with `wirepad run FILE`, or paste an access token in the Auth settings");
  }
  virtual void open_authorization(int /*tab*/, const std::string& /*url*/) {}
  virtual std::optional<Result<std::string>> poll_authorization(int /*tab*/) { return std::nullopt; }
  virtual void cancel_authorization(int /*tab*/) {}
  // The picked files kept so far (browser: IndexedDB, across reloads), by name; `original` is
  // the name the file had on the user's disk (a multipart part's filename), which differs
  // from `name` when a second file of that name was picked ("photo (2).png").
  struct StoredFile {
    std::string name;
    std::string original;
    std::size_t size = 0;
  };
  virtual std::vector<StoredFile> stored_request_files() const { return {}; }
  // The bytes of a picked file, read when sending; an error naming it when it is not kept.
  virtual Result<std::string> read_stored_request_file(const std::string& name) const {
    return make_error(ErrorCode::invalid_request, "no picked file is named '" + name + "'");
  }
  // Removes a picked file (File > Picked files...); an error naming it when it was not kept.
  virtual Error forget_request_file(const std::string& name) {
    return make_error(ErrorCode::invalid_request, "no picked file is named '" + name + "'");
  }

  // The workspace folder, when the build has one (null: experiments live only in tabs).
  WorkspaceStore* workspace() const { return workspace_; }
  void set_workspace(WorkspaceStore* store) { workspace_ = store; }

 private:
  WorkspaceStore* workspace_ = nullptr;
};

// The front tab (or any tab) as an experiment, and back. A socket tab saves its script: the
// steps it was opened with, with the composer's host, port, payload and expectation.
Experiment experiment_from_state(const TabState& state);
void load_experiment(TabState& state, const Experiment& experiment);
// The example the app opens with: GET the lab's hello server.
Experiment hello_experiment(int hello_port = 8080);
// A tab's automatic name: "POST 127.0.0.1:8080/anything" (the scheme left out when http,
// kept when another), at most 60 characters; "untitled" without a URL.
std::string request_title(const std::string& method, const std::string& url);
// Names an unnamed tab from its method and URL once they differ from what it opened with.
void update_auto_name(TabState& tab);
// Loads an example (or a blank request): its name is not the user's, so the tab is named from
// its request once that is edited.
void load_example(TabState& state, const Experiment& experiment);
// Desktop: asks to quit (the prompt appears when tabs have unsaved changes).
void request_quit(AppState& state);

// The files a request body names, read for a send: relative to `experiment_file`'s folder in
// the workspace (desktop), or the picked files (browser). An error names the file.
Error read_request_files(const RequestSpec& request, const std::string& experiment_file, const AppState& state,
                         Platform& platform, std::map<std::string, std::string>& files);
// Picked files kept under another name go out with their own name as the multipart filename.
RequestSpec with_picked_filenames(const RequestSpec& request, const Platform& platform);

// Resolves {{variables}} with the active environment, validates the composer and starts the
// exchange, or sets state.composer_error (naming an unknown variable and where it is).
void send(AppState& state, Platform& platform);

// Opens a share link's experiment in a new tab that says where it would send; never sends.
void open_link_in_tab(AppState& state, const Experiment& experiment);

// One frame of the whole UI, filling the current ImGui viewport.
void draw_app(AppState& state, Platform& platform);

}  // namespace wirepad::ui
