// ui: the response view: status (or the transport error, kept apart from HTTP statuses),
// timings with curl's names, and tabs for body, headers, the exact bytes sent and received,
// a hex dump and the event timeline. Every view draws only its visible lines, so a response
// of any size keeps the window responsive.
// Depends on: ui/app.h, Dear ImGui (in the .cpp).
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

// `log` is nullptr before the first send. Returns true when the user pressed Cancel.
bool draw_response(AppState& state, const ExchangeLog* log);
// Under the summary: which redirect hop this is, what changed, and why a chain stopped.
void draw_redirect_status(const RedirectFollowState& redirects);
// Which auth round trip this exchange is (Digest's challenge, the token request), the notes,
// and why the round trips stopped (the server refused the credentials...).
void draw_auth_status(const AuthFollowState& auth);
// While the OAuth 2.0 sign-in happens in the browser: what Wirepad waits for, the URL, Cancel.
void draw_sign_in_wait(AuthFollowState& auth);

}  // namespace wirepad::ui
