// ui: the app's test runner (docs/assertions.md, "The runner in the app"): runs the workspace's
// experiments (all of them, a folder, one file) in order with their assertions and captures,
// driving the same sans-I/O run as `wirepad test` (shared/test_run.h) a little every frame,
// so the window never waits on it. Each request is its own exchange on the Platform under
// kRunnerExchange (beside the tabs' exchanges), redirects followed hop by hop, with a cookie
// jar of the run's own per iteration (as the CLI's), after the round trips its auth needs
// (Digest's challenge, an OAuth 2.0 token, kept for the rest of the run); captures and tokens
// flow forward through the run's variables, never into the chosen environment. The results view is ui/runner_panel.h.
// Depends on: shared/test_run.h, shared/redirects.h, ui/redirect_follow.h. No ImGui.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/auth_flow.h"
#include "shared/error.h"
#include "shared/exchange.h"
#include "shared/experiment.h"
#include "shared/redirects.h"
#include "shared/test_run.h"
#include "ui/redirect_follow.h"

namespace wirepad::ui {

struct AppState;
class Platform;

// The Platform's exchange slot the runner sends in; tab ids start at 1.
inline constexpr int kRunnerExchange = -16;
// How much of a frame the runner may spend, at most, waiting for its exchange to finish and
// starting the next one (desktop: Platform::wait_for_exchange; the browser cannot wait, so
// there a request takes at least a frame).
inline constexpr double kRunnerFrameBudgetMs = 6;

// What the runner keeps of one request of the run, beside its RequestResult (same index).
struct RunnerExchange {
  std::vector<std::shared_ptr<const ExchangeLog>> hops;  // what was sent and received, redirects first
};

struct RunnerState {
  // Chosen in the panel.
  bool bail = false;            // "Stop at first failure" (else continue)
  std::string data_file;        // desktop: a path; browser: a picked file's name ("" none)
  bool failures_only = false;   // the list shows failed and erred requests only
  int selected = -1;            // the result whose details are shown
  // Asked for by the sidebar or the panel this frame (acted on after the panels are drawn).
  std::optional<std::string> run_requested;  // the scope: "" everything, "users/" a folder, a file
  bool rerun_failed_requested = false;
  bool stop_requested = false;
  bool pick_data_requested = false;  // browser: open the file dialog for the data file

  // The run.
  std::string scope;             // what was asked for ("" everything)
  std::string title;             // "users/ (3 requests)"
  std::vector<std::string> paths;  // the files it runs, in order
  std::map<std::string, Experiment> experiments;  // by path, as the files hold them
  std::shared_ptr<TestRun> run;  // null before the first run
  std::vector<RunnerExchange> exchanges;  // parallel to run->report().results
  bool running = false;
  bool stopped = false;          // the user pressed Stop
  Error error;                   // why a run could not start (a file that does not parse, bad data)
  double started_at = 0, finished_at = 0;  // ImGui time: how long the run took
  double now = 0;                // ImGui time of the last update_runner
  long frames_while_running = 0; // the frames drawn during the run

  // The request in flight (or waiting for its delay).
  std::optional<TestRun::Step> step;
  bool in_flight = false;
  bool conversing = false;       // a socket or WebSocket experiment's conversation is running
  double send_at = 0;            // repeat_until's delay: not before this ImGui time
  int iteration = -1;
  CookieJarState jar;            // the run's cookies, afresh for each iteration
  std::optional<RedirectChain> chain;
  HttpRequest current;           // the hop in flight, before the jar's cookies
  std::vector<std::shared_ptr<const ExchangeLog>> hops;
  // Its auth round trips (shared/auth_flow.h), made before it: Digest's probe, an OAuth 2.0
  // token request (client credentials, a refresh). `round` is the exchange in flight's.
  std::optional<AuthFlow> auth;
  AuthStep auth_step;            // the round in flight (round request: the request itself)
  std::shared_ptr<const ExchangeLog> last_round;  // its response: the request's when the flow ends there
};

// Starts a run of `scope` ("" the whole workspace, "users/" a folder, "users/a.json" one file),
// or of exactly `paths` when given (Rerun failed). Reads and parses every file first: one that
// does not parse stops it before anything is sent (runner.error names it), as `wirepad test`.
// Uses the chosen environment and the data file chosen in the panel.
void start_runner(AppState& state, Platform& platform, const std::string& scope,
                  const std::vector<std::string>& paths = {});
// Runs again the files whose requests failed or erred in the last run, in their order.
void rerun_failed(AppState& state, Platform& platform);
// Stops the run now: the request in flight is cancelled and reported as such; nothing else is sent.
void stop_runner(AppState& state, Platform& platform);
// Once a frame (from draw_app): acts on what the panel asked, records what finished, starts
// what comes next, within kRunnerFrameBudgetMs. `now`: ImGui time in seconds.
void update_runner(AppState& state, Platform& platform, double now);
// Whether a run is going on (the desktop keeps drawing frames meanwhile).
bool runner_busy(const AppState& state);
// Opens result `index`'s exchange (its final hop) in a new tab: the request as its file has
// it, the response as the run received it.
void open_runner_exchange(AppState& state, std::size_t index);

}  // namespace wirepad::ui
