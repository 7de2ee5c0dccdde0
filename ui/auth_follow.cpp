// ui: auth_follow.h.
#include "ui/auth_follow.h"

#include <algorithm>
#include <ctime>
#include <random>

#include "shared/request_resolve.h"
#include "ui/app.h"
#include "ui/app_actions.h"
#include "ui/workspace.h"

namespace wirepad::ui {

// Random hex from the platform's source (std::random_device: /dev/urandom natively,
// crypto.getRandomValues in the browser build).
std::string random_hex(int bytes) {
  std::random_device device;
  std::string out;
  for (int i = 0; i < bytes; ++i) {
    unsigned v = device();
    out += "0123456789abcdef"[v & 15];
    out += "0123456789abcdef"[(v >> 4) & 15];
  }
  return out;
}

RequestSpec spec_for_send(const AppState& state, const RequestSpec& spec, UnixTime now, std::string* refresh_token) {
  return with_stored_oauth2_token(spec, active_environment(state), now, refresh_token);
}

bool needs_authorization(const ResolvedRequest& resolved) {
  return resolved.pending == PendingAuth::oauth2_token && resolved.auth.oauth2.grant == OAuth2Grant::authorization_code;
}

Result<std::optional<HttpRequest>> begin_auth(AuthFollowState& auth, const ResolvedRequest& resolved,
                                              const Experiment& experiment, const std::string& refresh_token,
                                              const std::string& redirect_uri, UnixTime now) {
  auth = AuthFollowState{};
  auth.experiment = experiment;
  AuthFlowInputs inputs;
  inputs.unix_time = now;
  inputs.cnonce = random_hex(16);
  inputs.code_verifier = random_hex(32);
  inputs.state = random_hex(16);
  inputs.refresh_token = refresh_token;
  inputs.redirect_uri = redirect_uri;
  AuthFlow flow(resolved, inputs);
  AuthStep step = flow.start();
  auth.notes = flow.notes();
  switch (step.kind) {
    case AuthStep::Kind::failed: return step.error;
    case AuthStep::Kind::authorize:
      auth.authorizing = true;
      auth.authorization_url = step.authorization_url;
      auth.label = step.label;
      auth.flow.emplace(std::move(flow));
      return std::optional<HttpRequest>();
    case AuthStep::Kind::done: return std::optional<HttpRequest>(resolved.request);
    case AuthStep::Kind::send: break;
  }
  auth.round = step.round;
  auth.label = step.label;
  if (resolved.pending != PendingAuth::none) auth.flow.emplace(std::move(flow));
  return std::optional<HttpRequest>(step.request);
}

std::optional<HttpRequest> after_authorization(TabRun& run, Platform& platform, int tab) {
  AuthFollowState& a = run.auth;
  if (!a.authorizing || !a.flow) return std::nullopt;
  if (a.cancel_pending) {
    a.cancel_pending = false;
    platform.cancel_authorization(tab);  // the waiting ends with "cancelled", polled below
  }
  std::optional<Result<std::string>> redirect = platform.poll_authorization(tab);
  if (!redirect) return std::nullopt;
  a.authorizing = false;
  if (!*redirect) {
    a.error = redirect->error();
    a.flow.reset();
    return std::nullopt;
  }
  AuthStep step = a.flow->after_redirect(redirect->value());
  if (step.kind != AuthStep::Kind::send) {
    a.error = step.error;
    a.flow.reset();
    return std::nullopt;
  }
  a.round = step.round;
  a.label = step.label;
  return step.request;
}

std::optional<HttpRequest> after_auth_exchange(AppState& state, TabRun& run, const ExchangeLog& log, UnixTime now) {
  AuthFollowState& a = run.auth;
  if (!a.flow || !log.finished() || a.handled_generation == run.generation) return std::nullopt;
  a.handled_generation = run.generation;
  if (log.phase == Phase::cancelled) {
    if (a.token_only)
      a.error = make_error(ErrorCode::cancelled, "OAuth 2.0: the token request to " + a.flow->resolved().auth.oauth2.token_url +
                                                     " was cancelled; no token was kept");
    a.flow.reset();
    return std::nullopt;
  }
  AuthStep step = a.flow->after_response(log);
  if (step.kind == AuthStep::Kind::failed && log.phase != Phase::done && a.round == AuthRound::token)
    step.error.message = "OAuth 2.0: the token request to " + a.flow->resolved().auth.oauth2.token_url +
                         " failed: " + step.error.message;
  else if (step.kind == AuthStep::Kind::failed && a.round == AuthRound::token && log.has_response_head)
    // The endpoint's words say what; this says where (the tab shows no URL of its own).
    step.error.message += " (" + a.flow->resolved().auth.oauth2.token_url + " answered " +
                          std::to_string(log.response.status) + " " + std::string(log.response.reason) + ")";
  a.notes = a.flow->notes();
  if (const auto& token = a.flow->fetched_token(); token && a.round == AuthRound::token && step.kind == AuthStep::Kind::send) {
    // Kept in the environment the Send used, as secrets; without one, for this Send only.
    Environment* env = state.workspace.environments.find(run.environment);
    OAuth2TokenVariables names = oauth2_token_variables(a.experiment.request, env);
    if (env) {
      store_oauth2_token(*env, names, *token, now);
      a.token_saved = "{{" + names.access_token + "}}";
      a.save_pending = true;
    } else if (a.token_only) {
      a.error = make_error(ErrorCode::invalid_request, "OAuth 2.0: the environment '" + run.environment +
                                                           "' was removed while the token was fetched; the token was not kept");
      a.flow.reset();
      return std::nullopt;
    } else {
      a.notes.push_back("OAuth 2.0: the token is used for this Send only; choose an environment to keep it");
    }
    if (a.token_only) {  // "Get new access token": kept, and the request is not sent
      a.flow.reset();
      return std::nullopt;
    }
  }
  switch (step.kind) {
    case AuthStep::Kind::send:
      a.round = step.round;
      a.label = step.label;
      return step.request;
    case AuthStep::Kind::failed: a.error = step.error; break;
    case AuthStep::Kind::authorize:  // a refused refresh falling back to the code grant
      if (!a.can_authorize) {
        a.error = make_error(ErrorCode::auth_rejected,
                             "OAuth 2.0: the refresh token was refused, and signing in again needs a browser this build "
                             "does not drive; run the experiment with `wirepad run FILE`, or paste an access token");
        break;
      }
      a.authorizing = true;
      a.open_pending = true;
      a.authorization_url = step.authorization_url;
      a.label = step.label;
      return std::nullopt;
    case AuthStep::Kind::done: break;
  }
  a.flow.reset();
  return std::nullopt;
}

void start_auth_round(AppState& state, Platform& platform, TabState& tab, TabRun& run, const HttpRequest& next, UnixTime now) {
  ExchangeOptions options = tab.options;
  options.proxy_environment = platform.proxy_environment();
  if (run.auth.token_only) options.total_timeout = std::min(options.total_timeout, kTokenFetchTimeoutSeconds);
  Result<HttpExchange> exchange = HttpExchange::create(with_jar_cookies(state.cookies, next, now), options);
  if (!exchange) {
    run.auth.error = exchange.error();
    run.auth.flow.reset();
    return;
  }
  begin_chain(run.redirects, next, tab.options.max_redirects);  // a round may be redirected in its turn
  tab.generation = ++state.sends;  // a new exchange: the views re-index, the history records it
  run.generation = tab.generation;
  // The history shows the request's rounds as the experiment sent (its auth settings, no
  // credentials baked in), and a token request as the request it was.
  if (run.auth.round == AuthRound::token) {
    run.sent.request = spec_from_http(next);
    run.sent.name = run.auth.label;
  } else {
    run.sent = run.auth.experiment;
  }
  platform.start(tab.id, std::move(exchange.value()));
}

void save_fetched_token(AppState& state, Platform& platform, TabRun& run) {
  if (!run.auth.save_pending) return;
  run.auth.save_pending = false;
  if (WorkspaceStore* store = platform.workspace())
    if (Error e = save_environments(state, *store)) state.workspace.error = e;
}

bool fetching_oauth_token(const AppState& state) {
  auto it = state.runs.find(state.id);
  return it != state.runs.end() && it->second.auth.token_only && it->second.auth.flow.has_value();
}

void fetch_oauth_token(AppState& state, Platform& platform) {
  const auto now = static_cast<UnixTime>(std::time(nullptr));
  TabRun& run = state.runs[state.id];
  bool in_flight = false;
  platform.with_exchange(state.id, [&](const ExchangeLog* log) { in_flight = log && !log->finished(); });
  if (in_flight || run.auth.authorizing) return;  // the tab's Send or fetch goes on; the button says so
  AuthFollowState auth;
  auth.token_only = true;
  auto refuse = [&](Error e) {
    auth.error = std::move(e);
    auth.flow.reset();
    run.auth = std::move(auth);
  };
  Experiment experiment = experiment_from_state(state);
  experiment.kind = ExperimentKind::http;
  if (experiment.request.auth.kind != AuthKind::oauth2)
    return refuse(make_error(ErrorCode::invalid_request, "the Auth tab's type is not OAuth 2.0: there is no token to get"));
  // The token is kept where Send keeps it: the active environment, as secrets. With none
  // chosen, one is made for it (a token is a secret: never in the experiment file).
  std::vector<std::string> notes;
  if (!active_environment(state)) {
    const std::string name = add_environment_unique(state.workspace.environments, Environment{"default", {}});
    choose_environment(state, platform.workspace(), name);
    if (WorkspaceStore* store = platform.workspace())
      if (Error e = save_environments(state, *store)) state.workspace.error = e;
    notes.push_back("OAuth 2.0: no environment was chosen; the token is kept in a new one, '" + name + "'");
  }
  // Only the auth settings are resolved: the request's URL, headers and body are not sent, so
  // an unknown {{variable}} or a missing file there is no reason to refuse a token.
  RequestSpec settings;
  settings.method = "POST";
  settings.auth = experiment.request.auth;
  settings.auth.oauth2.access_token.clear();  // a new token, whatever is kept
  ResolveOptions resolve;
  resolve.environment = active_environment(state);
  Result<ResolvedRequest> resolved = resolve_request_spec(settings, resolve);
  if (!resolved) return refuse(resolved.error());
  std::string redirect_uri;
  if (needs_authorization(resolved.value())) {
    Result<std::string> listening = platform.begin_authorization(state.id, resolved->auth.oauth2.redirect_uri);
    if (!listening) return refuse(listening.error());
    redirect_uri = listening.value();
  }
  Result<std::optional<HttpRequest>> first = begin_auth(auth, resolved.value(), experiment, "", redirect_uri, now);
  auth.token_only = true;
  if (!first) {
    if (!redirect_uri.empty()) platform.cancel_authorization(state.id);
    return refuse(first.error());
  }
  auth.can_authorize = !redirect_uri.empty();
  auth.notes.insert(auth.notes.begin(), notes.begin(), notes.end());
  run.environment = state.workspace.active_environment;
  state.composer_error = {};
  if (!first.value()) {  // the user signs in first; the token request follows the redirect
    run.auth = std::move(auth);
    run.auth.handled_generation = run.generation;  // the tab's last exchange is not this flow's
    platform.open_authorization(state.id, run.auth.authorization_url);
    return;
  }
  HttpRequest request = std::move(*first.value());
  run.auth = std::move(auth);
  start_auth_round(state, platform, state, run, request, now);
}

}  // namespace wirepad::ui
