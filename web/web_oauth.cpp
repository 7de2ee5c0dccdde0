// web: web_oauth.h.
#include "web/web_oauth.h"

#include <emscripten.h>

#include <vector>

namespace wirepad::web {
namespace {

// Listens once for the callback page's message (web/oauth-callback.html); keeps what came in
// Module.wirepadOAuthInbox. Only our own origin is believed: a message from another origin
// could be a forged redirect (the state check would refuse it too).
EM_JS(void, wirepad_oauth_install, (), {
  if (Module.wirepadOAuthInbox) { Module.wirepadOAuthInbox.length = 0; return; }
  Module.wirepadOAuthInbox = [];
  function take(data) {
    if (data && typeof data.wirepadOAuthRedirect === 'string') Module.wirepadOAuthInbox.push(data.wirepadOAuthRedirect);
  }
  if ('BroadcastChannel' in window) new BroadcastChannel('wirepad-oauth').onmessage = function(e) { take(e.data); };
  window.addEventListener('message', function(e) { if (e.origin === location.origin) take(e.data); });
});

EM_JS(int, wirepad_oauth_redirect_uri, (char* out, int size), {
  var dir = location.pathname.substring(0, location.pathname.lastIndexOf('/') + 1);
  var uri = location.origin + dir + 'oauth-callback.html';
  stringToUTF8(uri, out, size);
  return lengthBytesUTF8(uri);
});

// Called in the frame of the click (transient activation): popups are allowed then. The
// window is kept to notice when it is closed.
EM_JS(int, wirepad_oauth_open, (const char* url), {
  var w = window.open(UTF8ToString(url), 'wirepad-oauth', 'popup,width=520,height=720');
  Module.wirepadOAuthPopup = w || null;
  return w ? 1 : 0;
});

// 1 when the sign-in window we opened is closed, 0 while open, -1 when none was opened.
EM_JS(int, wirepad_oauth_popup_closed, (), {
  var w = Module.wirepadOAuthPopup;
  if (!w) return -1;
  return w.closed ? 1 : 0;
});

// Closes the sign-in window we opened, if it is still open: a cancelled or timed-out wait
// leaves nothing behind that would sign in for nobody.
EM_JS(void, wirepad_oauth_close_popup, (), {
  var w = Module.wirepadOAuthPopup;
  Module.wirepadOAuthPopup = null;
  if (w && !w.closed) w.close();
});

EM_JS(int, wirepad_oauth_take, (char* out, int size), {
  if (!Module.wirepadOAuthInbox || !Module.wirepadOAuthInbox.length) return -1;
  var s = Module.wirepadOAuthInbox.shift();
  stringToUTF8(s, out, size);
  return lengthBytesUTF8(s);
});

}  // namespace

std::string WebOAuth::begin() {
  wirepad_oauth_install();
  waiting_ = true;
  cancelled_ = false;
  started_ms_ = emscripten_get_now();
  opened_ms_ = closed_ms_ = 0;
  std::vector<char> buffer(4096);
  int n = wirepad_oauth_redirect_uri(buffer.data(), int(buffer.size()));
  return std::string(buffer.data(), std::size_t(n < int(buffer.size()) ? n : int(buffer.size()) - 1));
}

bool WebOAuth::open(const std::string& url) {
  opened_ms_ = emscripten_get_now();
  closed_ms_ = 0;
  return wirepad_oauth_open(url.c_str()) != 0;
}

std::optional<Result<std::string>> WebOAuth::poll() {
  if (!waiting_) return std::nullopt;
  if (cancelled_) {
    waiting_ = false;
    wirepad_oauth_close_popup();
    return Result<std::string>(make_error(ErrorCode::cancelled, "OAuth 2.0: the sign-in was cancelled"));
  }
  std::vector<char> buffer(16384);
  int n = wirepad_oauth_take(buffer.data(), int(buffer.size()));
  if (n >= 0) {
    waiting_ = false;
    if (n >= int(buffer.size()))
      return Result<std::string>(make_error(ErrorCode::malformed_response, "OAuth 2.0: the redirect is longer than 16 KiB"));
    return Result<std::string>(std::string(buffer.data(), std::size_t(n)));
  }
  // The sign-in window closed with no redirect handed back: the user gave up. The callback
  // page posts before it closes, so a short grace lets that message land first. A window that
  // looks closed within kSeveredMs of opening is taken as cut off, not closed: an authorization
  // server that sends Cross-Origin-Opener-Policy severs the popup from this page at once, and
  // the page then sees `closed`, while the BroadcastChannel still brings the redirect back.
  const double now = emscripten_get_now();
  if (opened_ms_ > 0 && wirepad_oauth_popup_closed() == 1) {
    if (closed_ms_ == 0) closed_ms_ = now;
    if (closed_ms_ - opened_ms_ > kSeveredMs && now - closed_ms_ > kGraceMs) {
      waiting_ = false;
      return Result<std::string>(make_error(
          ErrorCode::cancelled, "OAuth 2.0: the sign-in window was closed before the authorization server sent it back to "
                                "Wirepad; no token was fetched and nothing was sent (press Get new access token or Send "
                                "to sign in again)"));
    }
  }
  if (now - started_ms_ > 5 * 60 * 1000) {
    waiting_ = false;
    wirepad_oauth_close_popup();
    return Result<std::string>(make_error(ErrorCode::total_timeout,
                                          "OAuth 2.0: no sign-in came back within 5 minutes; press Get new access token "
                                          "or Send to sign in again"));
  }
  return std::nullopt;
}

}  // namespace wirepad::web
