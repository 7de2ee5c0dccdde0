// ui: the composer's Auth tab: the scheme (No auth, Inherit, Basic, Bearer, API key, Digest,
// OAuth 2.0, AWS Signature V4) and its settings, bound to the tab's request_model.auth
// (shared/request_spec.h), secrets masked unless asked; under them, what the scheme will add
// to the request, computed by the send pipeline itself (resolve_request_spec with unknown
// {{variables}} kept), so the preview cannot disagree with what Send does. Digest, SigV4 and
// the OAuth token fetch happen at Send (ui/app.cpp and the platform): this tab only edits
// settings and says what will happen.
// Depends on: ui/app.h, shared/request_resolve.h; Dear ImGui in the .cpp.
#pragma once
#include <string>
#include <vector>

#include "shared/http_message.h"
#include "ui/app.h"

namespace wirepad::ui {

struct AuthTabIntent {
  // "Get new access token" (OAuth 2.0) was pressed: whoever handles it fetches a token with
  // the tab's settings (shared/oauth2.h) and puts it in auth.oauth2.access_token. Until that
  // is wired (AppState::oauth_fetch_wired), the button says the token is fetched at Send.
  bool fetch_oauth_token = false;
};

AuthTabIntent draw_auth_tab(AppState& state);

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
