// ui: the Wirepad front end, shared by the desktop and the browser build. The UI is a list of
// panels, each a function over AppState; it never does I/O itself but asks the Platform.
// Depends on: shared/ (core) and Dear ImGui (in the .cpp files only).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "shared/exchange.h"
#include "shared/experiment.h"
#include "shared/socket_session.h"
#include "ui/body_view.h"
#include "ui/history_panel.h"
#include "ui/line_index.h"
#include "ui/redirect_follow.h"

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
  bool hex_view = false;
  Error error;  // a step the user asked for that cannot run (bad payload, not connected)
};

enum class Mode { http, socket, cookies };

struct AppState {
  Mode mode = Mode::http;
  bool select_mode = false;  // bring `mode`'s tab forward (Examples menu)
  SocketComposer socket;
  // The lab servers this build started (examples point at them).
  int lab_hello_port = 8080;
  int lab_tcp_echo_port = 9000;
  int lab_udp_echo_port = 9001;

  // Composer: exactly what the user typed, never rewritten behind their back.
  std::string name = "Hello, World!";
  std::string method = "GET";
  std::string url;
  std::vector<ComposerHeader> headers;
  std::string body;
  ExchangeOptions options;

  // A problem that is not part of an exchange (invalid URL, bad experiment file): shown in
  // the composer until the next edit or send.
  Error composer_error;

  // Session: what was sent, and the last request sent (for the history's entry).
  History history;
  Experiment last_sent;
  // Redirect hops of the current Send and the cookie jar (ui/redirect_follow.h).
  RedirectFollowState redirects;
  CookieJarState cookies;

  // Settings (View menu).
  bool dark_theme = true;
  bool applied_dark_theme = false;  // what the style currently is; differs once: at start
  bool theme_applied = false;
  float text_scale = 1.0f;
  bool show_history = true;

  // View state.
  bool focus_url = false;
  unsigned long generation = 0;  // counts sends; the views below re-index on a new one
  BodyViewState body_view;       // the response body: tree/text, find
  bool show_body_tab = false;    // Ctrl+F: bring the Body tab forward
  LineIndex sent_lines;          // of the bytes sent
  LineIndex received_lines;      // of the bytes received
};

// What the UI asks of the build it runs in.
class Platform {
 public:
  virtual ~Platform() = default;
  // Starts the exchange, replacing (and cancelling) the previous one.
  virtual void start(HttpExchange exchange) = 0;
  virtual void cancel() = 0;
  // Calls `view` with the current exchange log, or nullptr before the first send, under
  // whatever lock the platform needs. `view` must not call back into the Platform.
  virtual void with_exchange(const std::function<void(const ExchangeLog*)>& view) = 0;

  // Raw socket sessions, one at a time, alongside the HTTP exchange.
  virtual void start_socket(SocketSession session) = 0;
  virtual Error queue_socket_step(SocketStep step) = 0;
  virtual void cancel_socket() = 0;
  virtual void with_socket(const std::function<void(const SocketLog*)>& view) = 0;
};

Experiment experiment_from_state(const AppState& state);
void load_experiment(AppState& state, const Experiment& experiment);
// The example the app opens with: GET the lab's hello server.
Experiment hello_experiment(int hello_port = 8080);

// Validates the composer and starts the exchange, or sets state.composer_error.
void send(AppState& state, Platform& platform);

// One frame of the whole UI, filling the current ImGui viewport.
void draw_app(AppState& state, Platform& platform);

}  // namespace wirepad::ui
