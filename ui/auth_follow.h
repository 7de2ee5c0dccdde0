// ui: the auth round trips of one Send (shared/auth_flow.h), sequenced across frames as
// ui/redirect_follow.* sequences redirect hops: Digest's request without credentials and then
// its answer, the OAuth 2.0 token request and then the request with the token. Each round is
// its own exchange (its own history entry, timeline and log). A fetched token is kept in the
// active environment as secret variables (oauth2_token_variables) and saved with the
// environments, so the next Send reuses it until it expires. The Auth tab's "Get new access
// token" (fetch_oauth_token) runs the same rounds and stops once the token is kept: the
// request itself is not sent.
// Depends on: shared/auth_flow.h. No ImGui.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "shared/auth_flow.h"
#include "shared/cookie_jar.h"
#include "shared/experiment.h"

namespace wirepad::ui {

struct AppState;
class Platform;
struct TabRun;
struct TabState;

struct AuthFollowState {
  std::optional<AuthFlow> flow;          // while round trips remain
  AuthRound round = AuthRound::request;  // of the exchange in flight
  std::string label;                     // what that exchange is, for the response panel
  Experiment experiment;                 // as the user sent it: the history entry of the request's rounds
  unsigned long handled_generation = 0;  // the exchange already handed to the flow
  std::vector<std::string> notes;        // from the flow ("the server asked for no credentials")
  Error error;                           // why the round trips stopped (refused credentials, token refused)
  std::string token_saved;               // "{{name}}": where a fetched token was kept
  bool save_pending = false;             // the environments changed: write them (save_fetched_token)
  // Authorization code: waiting for the browser's redirect (Platform::poll_authorization).
  bool authorizing = false;
  std::string authorization_url;         // where the user signs in (shown, with a Copy button)
  bool open_pending = false;             // open it (outside the Platform's lock)
  bool cancel_pending = false;           // the user gave up waiting (Platform::cancel_authorization)
  bool can_authorize = false;            // the platform listens for a redirect for this Send
  // "Get new access token": the rounds end with the token kept; the request is not sent.
  bool token_only = false;
};

// `bytes` random bytes as hex (Digest's cnonce, PKCE's verifier, OAuth's state): the platform's
// source (std::random_device: /dev/urandom natively, crypto.getRandomValues in the browser).
std::string random_hex(int bytes);

// The token request of "Get new access token" gives up after this long (the sign-in before it
// has the platform's own limit, 5 minutes in both builds).
constexpr double kTokenFetchTimeoutSeconds = 30;

// The Auth tab's "Get new access token" for the front tab (OAuth 2.0): the grant of its
// settings (client credentials, or the authorization code after the browser's sign-in), the
// token kept in the active environment as Send keeps it (one named "default" is made and chosen
// when none is). The token request is the tab's exchange (its history entry, Cancel, timeline);
// what went wrong is in state.runs[id].auth.error, naming the setting or the server's answer.
void fetch_oauth_token(AppState& state, Platform& platform);
// Whether the front tab is fetching a token now (signing in, or the token request in flight).
bool fetching_oauth_token(const AppState& state);

// The request to resolve for a Send: the active environment's OAuth 2.0 token in place when
// it is still valid (`refresh_token` gets a stored refresh token otherwise).
RequestSpec spec_for_send(const AppState& state, const RequestSpec& spec, UnixTime now, std::string* refresh_token);

// Starts the flow for a resolved request. Returns the first request to send; nullopt when the
// user signs in first (auth.authorizing: open auth.authorization_url); or an error (nothing
// sent): the settings are incomplete. `redirect_uri`: what Platform::begin_authorization gave
// for the authorization code grant ("" otherwise).
Result<std::optional<HttpRequest>> begin_auth(AuthFollowState& auth, const ResolvedRequest& resolved,
                                              const Experiment& experiment, const std::string& refresh_token,
                                              const std::string& redirect_uri, UnixTime now);
// Whether sending `resolved` may need the browser's sign-in (the authorization code grant
// without a usable token): Platform::begin_authorization is called first.
bool needs_authorization(const ResolvedRequest& resolved);
// While auth.authorizing: the browser's redirect, once it came, turned into the code exchange
// (the token request to start), or an error kept in auth.error.
std::optional<HttpRequest> after_authorization(TabRun& run, Platform& platform, int tab);

// Called by update_runs once per finished exchange whose redirects are done: hands it to the
// flow, keeps a fetched token, and returns the next round's request, if any (started with
// start_auth_round outside the Platform's lock).
std::optional<HttpRequest> after_auth_exchange(AppState& state, TabRun& run, const ExchangeLog& log, UnixTime now);
void start_auth_round(AppState& state, Platform& platform, TabState& tab, TabRun& run, const HttpRequest& next, UnixTime now);
// A token kept by after_auth_exchange is written with the environments (outside the lock).
void save_fetched_token(AppState& state, Platform& platform, TabRun& run);

}  // namespace wirepad::ui
