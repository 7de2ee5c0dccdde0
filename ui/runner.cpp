// ui: runner.h. [SECTION] index: starting a run (gathering files, data rows); one request
// (resolve, send, hops); the frame's step; stop, rerun, open.
#include "ui/runner.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "shared/data_rows.h"
#include "shared/environment.h"
#include "shared/request_resolve.h"
#include "shared/url.h"
#include "ui/app.h"
#include "ui/auth_follow.h"
#include "ui/tabs.h"
#include "ui/workspace.h"
#include "ui/workspace_store.h"

namespace wirepad::ui {
namespace {

constexpr double kNotYet = -1;  // started_at before the run's first frame
constexpr const char* kNeedsSignIn =
    "its OAuth 2.0 authorization code grant needs you to sign in at a browser, which a run does not do: press Get new "
    "access token in its Auth tab first; the run uses the token kept in the environment";


// [SECTION] starting a run --------------------------------------------------------------------

// The files of `scope`: everything, a folder ("users/") or one file.
std::vector<std::string> files_in_scope(const AppState& state, const std::string& scope) {
  std::vector<std::string> out;
  for (const std::string& path : state.workspace.files) {
    if (scope.empty() || path == scope || (scope.back() == '/' && path.compare(0, scope.size(), scope) == 0))
      out.push_back(path);
  }
  return out;
}

// The data file's rows, or an error naming it. Desktop: a path on disk; browser: a picked file.
Result<std::vector<DataRow>> read_data_rows(const std::string& name, Platform& platform) {
  Result<std::string> text = make_error(ErrorCode::invalid_request, "");
  if (LocalServices* local = platform.local()) text = local->read_file(name);
  else if (platform.picks_files()) text = platform.read_stored_request_file(name);
  else return make_error(ErrorCode::invalid_request, "this build cannot read the data file " + name);
  if (!text) return make_error(ErrorCode::invalid_request, "cannot read the data file " + name + ": " + text.error().message);
  Result<DataSet> set = parse_data_rows(text.value(), name);
  if (!set) return set.error();
  if (set->rows.empty())
    return make_error(ErrorCode::invalid_request, "the data file " + name + " has no rows: nothing would run");
  return std::move(set->rows);
}

std::string run_title(const std::string& scope, std::size_t files) {
  const std::string what = scope.empty() ? std::string("the workspace") : scope;
  return what + " (" + std::to_string(files) + (files == 1 ? " file)" : " files)");
}

// [SECTION] one request -----------------------------------------------------------------------

// Starts the hop `request` of the request in flight; false (and why) when it cannot be made.
// An auth round (a Digest probe, a token request) follows no redirect; a token request
// carries none of the API's cookies.
bool start_hop(RunnerState& r, Platform& platform, const Experiment& experiment, const HttpRequest& request,
               std::string& why, AuthRound round = AuthRound::request) {
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  ExchangeOptions options = experiment.options;
  options.proxy = proxy_settings_for(experiment.request.proxy, options.proxy);
  options.proxy_environment = platform.proxy_environment();
  if (round != AuthRound::request) options.follow_redirects = false;
  const HttpRequest to_send = round == AuthRound::token ? request : with_jar_cookies(r.jar, request, now);
  Result<HttpExchange> exchange = HttpExchange::create(to_send, options);
  if (!exchange) {
    why = exchange.error().message;
    return false;
  }
  r.current = request;
  platform.start(kRunnerExchange, std::move(exchange.value()));
  r.in_flight = true;
  return true;
}

// Resolves the step's experiment with the run's variables and sends it (as `wirepad test`:
// native/cli_test_run.cpp send_item). Returns "" when started, else why it was not sent.
std::string send_step(AppState& state, Platform& platform, const TestRun::Step& step) {
  RunnerState& r = state.runner;
  const Experiment& e = step.item->experiment;
  std::map<std::string, std::string> files;
  if (Error error = read_request_files(e.request, step.item->path, state, platform, files)) return error.message;
  ResolveOptions options;
  options.environment = &r.run->variables();
  options.files = &files;
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  std::string refresh_token;
  const RequestSpec spec = r.run->with_token(with_picked_filenames(e.request, platform), now, &refresh_token);
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) return resolved.error().message;
  r.hops.clear();
  r.chain.emplace(e.options.max_redirects);
  r.auth.reset();
  r.last_round.reset();
  r.auth_step = AuthStep{};
  r.auth_step.request = resolved->request;
  if (resolved->pending != PendingAuth::none) {
    // Digest's challenge, SigV4's signature, an OAuth 2.0 token: as `wirepad test` makes them.
    AuthFlowInputs inputs;
    inputs.unix_time = now;
    inputs.cnonce = random_hex(16);
    inputs.refresh_token = refresh_token;
    // The authorization code grant is refused at its authorize step (no browser in a run); a
    // refresh before it needs nothing more.
    inputs.code_verifier = random_hex(32);
    inputs.state = random_hex(16);
    r.auth.emplace(resolved.value(), inputs);
    r.auth_step = r.auth->start();
    if (r.auth_step.kind == AuthStep::Kind::authorize) return kNeedsSignIn;
    if (r.auth_step.kind != AuthStep::Kind::send) return r.auth_step.error.message;
  }
  std::string why;
  if (!start_hop(r, platform, e, r.auth_step.request, why, r.auth_step.round)) return r.auth_step.label + ": " + why;
  return {};
}

// Tells the run what the request's hops gave. With repeat_until not holding yet the run asks
// for the same request again and adds no result; otherwise the new result gets the hops.
void record_sent(RunnerState& r) {
  std::vector<const ExchangeLog*> hops;
  hops.reserve(r.hops.size());
  for (const auto& hop : r.hops) hops.push_back(hop.get());
  const std::size_t before = r.run->report().results.size();
  r.run->sent(hops);
  const std::size_t after = r.run->report().results.size();
  r.exchanges.resize(after);
  if (after > before) r.exchanges.back().hops = std::move(r.hops);
  r.hops.clear();
}

// An auth round's exchange finished: the next round or the request is started, or the flow
// ended there (its last response is the request's). True when the request is over (recorded).
bool after_auth_round(RunnerState& r, Platform& platform, std::shared_ptr<const ExchangeLog> log) {
  const Experiment& e = r.step->item->experiment;
  r.in_flight = false;
  if (log->phase != Phase::done) {
    r.run->not_sent(r.auth_step.label + ": " + std::string(to_string(log->error.code)) + ": " + log->error.message);
    r.exchanges.resize(r.run->report().results.size());
    r.step.reset();
    return true;
  }
  if (r.auth_step.round == AuthRound::digest_probe) {
    const auto now = static_cast<UnixTime>(std::time(nullptr));
    if (Result<Url> url = parse_url(log->target_url); url && log->has_response_head)
      r.jar.jar.store_from_response(log->response.headers, *url, now);
  }
  r.run->auth_round(r.auth_step.label + ": " + std::to_string(log->response.status) +
                    (log->response.reason.empty() ? "" : " " + log->response.reason));
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  AuthStep next = r.auth->after_response(*log);
  if (const auto& token = r.auth->fetched_token(); token && next.kind == AuthStep::Kind::send)
    r.run->keep_token(e.request, *token, now);
  r.last_round = log;
  if (next.kind == AuthStep::Kind::send) {
    if (next.round == AuthRound::request)
      for (const std::string& note : r.auth->notes()) r.run->auth_round(note);
    r.auth_step = next;
    std::string why;
    if (start_hop(r, platform, e, next.request, why, next.round)) return false;
    r.run->not_sent(next.label + ": " + why);
    r.exchanges.resize(r.run->report().results.size());
    r.step.reset();
    return true;
  }
  // A token refused (or a refresh refused, and only a sign-in left): the request was not sent.
  if (next.kind == AuthStep::Kind::authorize || (next.kind == AuthStep::Kind::failed && r.auth_step.round == AuthRound::token)) {
    r.run->not_sent(next.kind == AuthStep::Kind::authorize ? std::string(kNeedsSignIn) : next.error.message);
    r.exchanges.resize(r.run->report().results.size());
    r.step.reset();
    return true;
  }
  // Refused credentials (their 401) or a probe the server answered: that response is the request's.
  if (next.kind == AuthStep::Kind::failed) r.run->auth_round(next.error.message);
  r.hops = {r.last_round};
  record_sent(r);
  r.step.reset();
  return true;
}

// A socket or WebSocket experiment: its conversation starts on the platform (which holds one of
// each, so the Socket or WebSocket tab shows it as it runs). Returns "" when started.
std::string start_conversation(RunnerState& r, Platform& platform, const Experiment& experiment) {
  Result<Experiment> filled = resolve_experiment(experiment, &r.run->variables());
  if (!filled) return filled.error().message;
  if (filled->kind == ExperimentKind::websocket) {
    if (Error e = platform.start_ws(ws_session_options(filled->websocket, filled->options), ws_steps_to_run(filled->websocket)))
      return e.message;
  } else {
    Result<SocketSession> session = SocketSession::create(endpoint_of(filled->socket, filled->options), filled->socket.steps);
    if (!session) return session.error().message;
    platform.start_socket(std::move(session.value()));
  }
  r.conversing = true;
  return {};
}

// The conversation's log once it is over (every step ran, or one failed), recorded in the run;
// false while it goes on.
bool conversation_over(RunnerState& r, Platform& platform) {
  bool over = false;
  if (r.step->item->experiment.kind == ExperimentKind::websocket) {
    platform.with_ws([&](const WsLog* log) {
      if (!log || !log->finished()) return;
      over = true;
      r.run->conversed(*log);
    });
  } else {
    std::optional<SocketLog> done;
    platform.with_socket([&](const SocketLog* log) {
      const bool idle = log && log->idle_between_steps() && log->steps_done == log->steps_queued && log->state != SocketState::connecting;
      if (log && (log->finished() || idle)) done = *log;
    });
    if (done) {
      over = true;
      if (!done->finished()) platform.cancel_socket();  // a script that does not end with close
      r.run->conversed(*done);
    }
  }
  if (!over) return false;
  r.conversing = false;
  r.exchanges.resize(r.run->report().results.size());
  r.step.reset();
  return true;
}

// The request in flight finished with `log`: the next redirect hop is started, or the run is
// told what came back. True when the request is over (recorded).
bool after_hop(RunnerState& r, Platform& platform, std::shared_ptr<const ExchangeLog> log) {
  if (r.auth && r.auth_step.round != AuthRound::request) return after_auth_round(r, platform, std::move(log));
  const Experiment& e = r.step->item->experiment;
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  Result<Url> url = parse_url(log->target_url);
  if (url && log->has_response_head) r.jar.jar.store_from_response(log->response.headers, *url, now);
  r.hops.push_back(log);
  r.in_flight = false;
  if (e.options.follow_redirects && log->phase == Phase::done && r.chain) {
    RedirectDecision next = r.chain->next(r.current, *log);
    if (next.verdict == RedirectVerdict::follow) {
      std::string why;
      if (start_hop(r, platform, e, next.next, why)) return false;
      // A redirect to somewhere that cannot be asked: the 3xx stays, with the reason.
      ExchangeLog failed = *log;
      failed.phase = Phase::failed;
      failed.error = make_error(ErrorCode::invalid_request, why);
      r.hops.back() = std::make_shared<const ExchangeLog>(std::move(failed));
    } else if (next.verdict == RedirectVerdict::stop) {
      ExchangeLog failed = *log;  // too many redirects, a loop: the run reports it as the error
      failed.phase = Phase::failed;
      failed.error = next.error;
      r.hops.back() = std::make_shared<const ExchangeLog>(std::move(failed));
    }
  }
  // The auth flow sees the answer too: credentials refused (said; the 401 stays the request's
  // response), or a Digest nonce gone stale (answered once more).
  if (r.auth && r.hops.back()->phase == Phase::done) {
    AuthStep after = r.auth->after_response(*r.hops.back());
    if (after.kind == AuthStep::Kind::failed) r.run->auth_round(after.error.message);
    if (after.kind == AuthStep::Kind::send) {
      r.run->auth_round(r.auth_step.label + ": " + std::to_string(r.hops.back()->response.status));
      r.auth_step = std::move(after);
      r.hops.clear();
      r.chain.emplace(e.options.max_redirects);
      std::string why;
      if (start_hop(r, platform, e, r.auth_step.request, why, r.auth_step.round)) return false;
      r.run->not_sent(r.auth_step.label + ": " + why);
      r.exchanges.resize(r.run->report().results.size());
      r.step.reset();
      return true;
    }
  }
  record_sent(r);
  r.step.reset();
  return true;
}

// The finished exchange of the runner's slot, shared when the platform can, else copied.
std::shared_ptr<const ExchangeLog> finished_exchange(Platform& platform) {
  if (std::shared_ptr<const ExchangeLog> log = platform.share_finished_exchange(kRunnerExchange)) return log;
  std::shared_ptr<const ExchangeLog> copy;
  platform.with_exchange(kRunnerExchange, [&](const ExchangeLog* log) {
    if (log && log->finished()) copy = std::make_shared<const ExchangeLog>(*log);
  });
  return copy;
}

void finish_run(RunnerState& r, double now) {
  r.running = false;
  r.finished_at = now;
  r.step.reset();
  r.in_flight = false;
  // The first failure is what the person looks at next: its details come up by themselves.
  if (r.selected < 0 && r.run) {
    const std::vector<RequestResult>& results = r.run->report().results;
    for (std::size_t i = 0; i < results.size() && r.selected < 0; ++i)
      if (results[i].outcome == RequestOutcome::failed || results[i].outcome == RequestOutcome::error) r.selected = int(i);
  }
}

}  // namespace

// [SECTION] starting, stopping, rerunning ------------------------------------------------------

void start_runner(AppState& state, Platform& platform, const std::string& scope, const std::vector<std::string>& paths) {
  RunnerState& r = state.runner;
  if (r.running) stop_runner(state, platform);
  r.error = {};
  state.mode = Mode::runner;  // the results come forward
  state.select_mode = true;
  WorkspaceStore* store = platform.workspace();
  if (!store) {
    r.error = make_error(ErrorCode::invalid_request, "there is no workspace folder to run experiments from");
    return;
  }
  std::vector<std::string> files = paths.empty() ? files_in_scope(state, scope) : paths;
  if (files.empty()) {
    r.error = make_error(ErrorCode::invalid_request,
                         scope.empty() ? "the workspace holds no experiment files yet: save a tab with Ctrl+S"
                                       : "no experiment files in " + scope);
    return;
  }
  // Every file is read and parsed before anything is sent: a broken one stops the run here.
  std::vector<RunItem> items;
  std::map<std::string, Experiment> experiments;
  for (const std::string& path : files) {
    Result<std::string> text = store->read(path);
    if (!text) {
      r.error = make_error(text.error().code, "cannot read " + path + ": " + text.error().message + " (nothing was sent)");
      return;
    }
    Result<Experiment> experiment = parse_experiment(text.value());
    if (!experiment) {
      r.error = make_error(experiment.error().code, path + ": " + experiment.error().message + " (nothing was sent)");
      return;
    }
    experiments[path] = experiment.value();
    items.push_back({path, std::move(experiment).value()});
  }
  std::vector<DataRow> rows;
  if (!r.data_file.empty()) {
    Result<std::vector<DataRow>> read = read_data_rows(r.data_file, platform);
    if (!read) {
      r.error = read.error();
      r.error.message += " (nothing was sent)";
      return;
    }
    rows = std::move(read.value());
  }
  const Environment* environment = active_environment(state);
  platform.drop_exchange(kRunnerExchange);
  r.scope = scope;
  r.paths = files;
  r.experiments = std::move(experiments);
  r.run = std::make_shared<TestRun>(std::move(items), environment ? *environment : Environment{}, std::move(rows),
                                    TestRunOptions{r.bail});
  r.title = paths.empty() ? run_title(scope, files.size()) : "failed again: " + run_title(scope, files.size());
  r.run->report().title = r.title;
  r.run->report().data_source = r.data_file;
  r.exchanges.clear();
  r.running = true;
  r.stopped = false;
  r.selected = -1;
  r.started_at = r.finished_at = kNotYet;
  r.frames_while_running = 0;
  r.step.reset();
  r.in_flight = false;
  r.conversing = false;
  r.send_at = 0;
  r.iteration = -1;
  r.jar = CookieJarState{};
  r.chain.reset();
  r.hops.clear();
}

void rerun_failed(AppState& state, Platform& platform) {
  RunnerState& r = state.runner;
  if (!r.run) return;
  std::vector<std::string> failed;
  for (const RequestResult& result : r.run->report().results) {
    const bool bad = result.outcome == RequestOutcome::failed || result.outcome == RequestOutcome::error;
    if (bad && std::find(failed.begin(), failed.end(), result.path) == failed.end()) failed.push_back(result.path);
  }
  if (failed.empty()) return;
  // In the order the last run had them: a capture a failed request needs from an earlier one
  // that passed is then missing, which its result says (an unknown {{variable}}).
  std::vector<std::string> ordered;
  for (const std::string& path : r.paths)
    if (std::find(failed.begin(), failed.end(), path) != failed.end()) ordered.push_back(path);
  start_runner(state, platform, r.scope, ordered);
}

void stop_runner(AppState& state, Platform& platform) {
  RunnerState& r = state.runner;
  if (!r.running) return;
  if (r.conversing) {
    if (r.step && r.step->item->experiment.kind == ExperimentKind::websocket) platform.cancel_ws();
    else platform.cancel_socket();
    r.conversing = false;
    r.run->not_sent("stopped by the user");
    r.exchanges.resize(r.run->report().results.size());
  }
  if (r.in_flight) {
    platform.cancel(kRunnerExchange, "Stop in the runner");
    // The cancelled exchange is the request's result (an error: cancelled), with what it got.
    if (std::shared_ptr<const ExchangeLog> log = finished_exchange(platform)) {
      r.hops.push_back(log);
      const std::size_t before = r.run->report().results.size();
      record_sent(r);
      // A repeat_until that did not hold yet added no result: the stop is the result.
      if (r.run->report().results.size() == before) {
        r.run->not_sent("stopped by the user after " + std::to_string(r.step ? r.step->attempt : 1) + " sends");
        r.exchanges.resize(r.run->report().results.size());
      }
    } else {
      r.run->not_sent("stopped by the user");
      r.exchanges.resize(r.run->report().results.size());
    }
  }
  r.stopped = true;
  finish_run(r, r.now);
}

bool runner_busy(const AppState& state) { return state.runner.running; }

void open_runner_exchange(AppState& state, std::size_t index) {
  RunnerState& r = state.runner;
  if (!r.run || index >= r.run->report().results.size()) return;
  const RequestResult& result = r.run->report().results[index];
  auto found = r.experiments.find(result.path);
  Experiment experiment = found != r.experiments.end() ? found->second : Experiment{};
  if (experiment.name.empty()) experiment.name = result.name;
  std::shared_ptr<const ExchangeLog> log;
  if (index < r.exchanges.size() && !r.exchanges[index].hops.empty()) log = r.exchanges[index].hops.back();
  new_tab(state, experiment);  // untitled: a copy to look at and send again, not the file's tab
  state.name = (experiment.name.empty() ? result.path : experiment.name) + " (run result)";
  state.named = true;
  state.kept_log = log;
  state.generation = ++state.sends;  // the views index this log afresh
}

// [SECTION] the frame's step --------------------------------------------------------------------

void update_runner(AppState& state, Platform& platform, double now) {
  RunnerState& r = state.runner;
  // `--open-tab Runner` (desktop: screenshots, scripts) runs the workspace; `Runner:users/` a folder.
  if (std::string& open = state.viewers.open_tab; open == "Runner" || open.rfind("Runner:", 0) == 0) {
    r.run_requested = open.size() > 7 ? open.substr(7) : std::string();
    open.clear();
  }
  if (r.stop_requested) {
    r.stop_requested = false;
    stop_runner(state, platform);
  }
  if (r.run_requested) {
    const std::string scope = *r.run_requested;
    r.run_requested.reset();
    start_runner(state, platform, scope);
  }
  if (r.rerun_failed_requested) {
    r.rerun_failed_requested = false;
    rerun_failed(state, platform);
  }
  r.now = now;
  if (!r.running) return;
  if (r.started_at == kNotYet) r.started_at = now;
  ++r.frames_while_running;
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::microseconds(static_cast<long>(kRunnerFrameBudgetMs * 1000));
  auto remaining_ms = [&] { return std::chrono::duration<double, std::milli>(deadline - clock::now()).count(); };
  for (;;) {
    if (r.conversing) {
      if (!conversation_over(r, platform)) return;  // a later frame looks again
      continue;
    }
    if (r.in_flight) {
      std::shared_ptr<const ExchangeLog> log = finished_exchange(platform);
      if (!log) {
        const double left = remaining_ms();
        if (left <= 0 || !platform.wait_for_exchange(kRunnerExchange, left)) return;
        continue;
      }
      after_hop(r, platform, std::move(log));
      if (r.in_flight) continue;  // the next redirect hop
    }
    if (!r.step) {
      TestRun::Step step = r.run->next();
      r.exchanges.resize(r.run->report().results.size());  // skipped requests have no exchange
      if (step.kind == TestRun::Step::Kind::done) {
        finish_run(r, now);
        return;
      }
      if (step.iteration != r.iteration) {
        r.iteration = step.iteration;
        r.jar = CookieJarState{};  // each iteration is a fresh session, as its variables are
      }
      r.step = step;
      r.send_at = now + step.delay_ms / 1000.0;
    }
    if (now < r.send_at) return;  // repeat_until's delay: a later frame sends it
    if (r.step->item->experiment.kind != ExperimentKind::http) {
      if (std::string why = start_conversation(r, platform, r.step->item->experiment); !why.empty()) {
        r.run->not_sent(why);
        r.exchanges.resize(r.run->report().results.size());
        r.step.reset();
      }
      continue;
    }
    if (std::string why = send_step(state, platform, *r.step); !why.empty()) {
      r.run->not_sent(why);
      r.exchanges.resize(r.run->report().results.size());
      r.step.reset();
      continue;
    }
    if (remaining_ms() <= 0) return;
  }
}

}  // namespace wirepad::ui
