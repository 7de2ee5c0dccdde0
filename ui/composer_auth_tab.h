// ui: the composer's Auth tab: the scheme (No auth, Inherit, Basic, Bearer, API key, Digest,
// OAuth 2.0, AWS Signature V4) and its settings, bound to the tab's request_model.auth
// (shared/request_spec.h), secrets masked unless asked; under them, what the scheme will add
// to the request, computed by the send pipeline itself (resolve_request_spec with unknown
// {{variables}} kept), so the preview cannot disagree with what Send does. Digest and SigV4
// happen at Send (ui/app.cpp and the platform). OAuth 2.0 also has "Get new access token"
// (ui/auth_follow.h, fetch_oauth_token): the tab shows its progress with a Cancel, its error,
// and the token the active environment keeps for these settings (masked, its expiry).
// Depends on: ui/app.h, shared/request_resolve.h; Dear ImGui in the .cpp.
#pragma once
#include <string>
#include <vector>

#include "shared/http_message.h"
#include "ui/app.h"

namespace wirepad::ui {

struct AuthTabIntent {
  // "Get new access token" (OAuth 2.0) was pressed: fetch_oauth_token keeps a new token in
  // the active environment, where Send finds it.
  bool fetch_oauth_token = false;
  // Cancel while the token request is in flight (the tab's exchange). A sign-in being waited
  // for is cancelled by the tab itself (AuthFollowState::cancel_pending).
  bool cancel_fetch = false;
};

// `in_flight`: the tab's exchange is running (the button waits for it).
AuthTabIntent draw_auth_tab(AppState& state, bool in_flight = false);

// What the active environment keeps for the tab's OAuth 2.0 settings, for the tab to show.
struct OAuthTokenState {
  std::string environment;      // "" when none is chosen
  std::string variable;         // "{{oauth2.my-app.access_token}}"
  std::string access_token;     // "" when none is kept
  bool refresh_token = false;   // a refresh token is kept too
  bool typed_token = false;     // the Access token field holds a literal token, which Send uses instead
  std::string expiry;           // "expires in 59 min (09:12:03 UTC)", "expired 3 min ago ...", "no expiry given"
  bool expired = false;
};
OAuthTokenState oauth_token_state(const AppState& state, std::int64_t now);

// What the tab's auth scheme adds when the request is sent, from resolve_request_spec over the
// tab's method, URL, headers and auth (the active environment's variables filled in, unknown
// ones kept as written).
struct AuthPreview {
  std::vector<Header> headers;  // e.g. Authorization: Basic dXNlcjpwYXNz
  std::string url;              // the URL as sent when the scheme changes it (API key in the query), else ""
  std::string api_key_value;    // the key in that URL, resolved (a secret {{variable}}'s value): masked when shown
  std::string pending;          // what happens at Send instead (Digest, SigV4, OAuth without a token)
  std::vector<std::string> notes;  // the pipeline's notes (a user Authorization header wins, inherit...)
  Error error;                  // a setting the scheme cannot send (a Basic username with ':')
};
AuthPreview auth_preview(const AppState& state);

}  // namespace wirepad::ui
