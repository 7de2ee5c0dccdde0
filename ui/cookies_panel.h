// ui: the cookie jar, visible and editable (a tab beside the HTTP and socket composers), and
// the response's Cookies tab: each Set-Cookie header with what the jar did and why.
// Draw calls only: no I/O. Depends on: ui/redirect_follow.h (CookieJarState); ImGui in the .cpp.
#pragma once
#include "shared/exchange.h"
#include "ui/redirect_follow.h"

namespace wirepad::ui {

// The jar: one row per cookie (name, value, domain, path, expires, flags) with edit and
// delete, "Clear jar", and the "Use cookie jar" switch.
void draw_cookies_panel(CookieJarState& cookies, UnixTime now);

// The Set-Cookie headers of `log`'s response with accepted/rejected and the reason, when the
// verdicts belong to this exchange (`generation`).
void draw_response_cookies(const CookieJarState& cookies, const ExchangeLog& log, unsigned long generation);

}  // namespace wirepad::ui
