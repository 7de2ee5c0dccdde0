// ui: auth_follow.h.
#include "ui/auth_follow.h"

#include <random>

#include "ui/app.h"
#include "ui/workspace.h"

namespace wirepad::ui {

namespace {

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

}  // namespace

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
    a.flow.reset();
    return std::nullopt;
  }
  AuthStep step = a.flow->after_response(log);
  a.notes = a.flow->notes();
  if (const auto& token = a.flow->fetched_token(); token && a.round == AuthRound::token && step.kind == AuthStep::Kind::send) {
    // Kept in the environment the Send used, as secrets; without one, for this Send only.
    Environment* env = state.workspace.environments.find(run.environment);
    OAuth2TokenVariables names = oauth2_token_variables(a.experiment.request, env);
    if (env) {
      store_oauth2_token(*env, names, *token, now);
      a.token_saved = "{{" + names.access_token + "}}";
      a.save_pending = true;
    } else {
      a.notes.push_back("OAuth 2.0: the token is used for this Send only; choose an environment to keep it");
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

}  // namespace wirepad::ui
