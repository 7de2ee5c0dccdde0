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

// Called in the frame of the Send click (transient activation): popups are allowed then.
EM_JS(int, wirepad_oauth_open, (const char* url), {
  var w = window.open(UTF8ToString(url), 'wirepad-oauth', 'popup,width=520,height=720');
  return w ? 1 : 0;
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
  std::vector<char> buffer(4096);
  int n = wirepad_oauth_redirect_uri(buffer.data(), int(buffer.size()));
  return std::string(buffer.data(), std::size_t(n < int(buffer.size()) ? n : int(buffer.size()) - 1));
}

bool WebOAuth::open(const std::string& url) { return wirepad_oauth_open(url.c_str()) != 0; }

std::optional<Result<std::string>> WebOAuth::poll() {
  if (!waiting_) return std::nullopt;
  if (cancelled_) {
    waiting_ = false;
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
  if (emscripten_get_now() - started_ms_ > 5 * 60 * 1000) {
    waiting_ = false;
    return Result<std::string>(make_error(ErrorCode::total_timeout,
                                          "OAuth 2.0: no sign-in came back within 5 minutes; Send again to retry"));
  }
  return std::nullopt;
}

}  // namespace wirepad::web
