// native: the loopback redirect URI of OAuth 2.0 for native apps (RFC 8252 §7.3): listen on
// 127.0.0.1 (an ephemeral port, or the one the settings' redirect URI names), give the browser
// a URI to come back to, and wait for that one request (with a timeout, and a flag that
// cancels), answering it with a page that says the tab can be closed.
// Depends on: POSIX sockets only.
#pragma once
#include <cstdint>
#include <string>

#include "shared/error.h"

namespace wirepad::native {

class OAuthLoopback {
 public:
  // Binds 127.0.0.1:`port` (0: the kernel picks one). `path` is the redirect URI's path.
  // Errors: io_error naming the port and the reason.
  Error listen(std::uint16_t port, std::string path = "/callback");
  // "http://127.0.0.1:PORT/callback" once listening.
  std::string redirect_uri() const;
  // Waits for the browser's request to the redirect path (others get 404 and are ignored) and
  // returns its request-target ("/callback?code=...&state=..."). Errors: cancelled when
  // `*cancel` became true, total_timeout after `timeout_ms`.
  Result<std::string> wait(int timeout_ms, const volatile bool* cancel);
  // Stops listening (after the wait: a browser coming back late is refused at once instead of
  // hanging on a socket nobody accepts from). redirect_uri() still names the port it had.
  void close();
  ~OAuthLoopback();

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::string path_;
};

// Opens `url` in the user's browser with xdg-open when there is a display and xdg-open exists
// (and WIREPAD_NO_BROWSER is not set); false otherwise (the caller shows the URL anyway).
bool open_in_browser(const std::string& url);

}  // namespace wirepad::native
