// web: the OAuth 2.0 authorization code grant in the browser build. The redirect URI is
// web/oauth-callback.html next to the page (same origin, served by `wirepad serve`); the
// sign-in opens in a popup (window.open), and the callback page hands the redirect back over
// a BroadcastChannel and postMessage (same origin only). WebPlatform polls for it each frame;
// a popup the user closed ends the wait with an error.
// Depends on: emscripten.
#pragma once
#include <optional>
#include <string>

#include "shared/error.h"

namespace wirepad::web {

class WebOAuth {
 public:
  // Starts listening (once) and forgets earlier redirects; the redirect URI to send.
  std::string begin();
  // Opens the sign-in popup. False when the browser blocked it (the app offers the button again).
  bool open(const std::string& url);
  // The redirect's target once it came; an error after 5 minutes, a cancel, or when the user
  // closed the sign-in window; nullopt while waiting.
  std::optional<Result<std::string>> poll();
  // Ends the wait at the next poll (an error) and closes the sign-in window.
  void cancel() { cancelled_ = true; }

 private:
  bool waiting_ = false;
  bool cancelled_ = false;
  double started_ms_ = 0;
  double opened_ms_ = 0;   // when the popup was opened (0: not yet)
  double closed_ms_ = 0;   // when it was first seen closed (0: not yet)
  static constexpr double kSeveredMs = 3000;  // closed sooner: cut off by COOP, not by the user
  static constexpr double kGraceMs = 1000;    // for the callback page's message to arrive
};

}  // namespace wirepad::web
