// ui: the request composer: method, URL, Send/Cancel, and tabs Params | Auth | Headers |
// Body | Options (each in its own composer_*_tab.cpp). Edits AppState in place and returns what the user asked for; it does no I/O.
// Depends on: ui/app.h, Dear ImGui (in the .cpp).
#pragma once
#include "ui/app.h"

namespace wirepad::ui {

struct ComposerIntent {
  bool send = false;
  bool cancel = false;
  // The Auth tab's "Get new access token" (OAuth 2.0): fetch a token for the front tab now
  // (ui/auth_follow.h, fetch_oauth_token); its Cancel sets `cancel`.
  bool fetch_oauth_token = false;
};

// `platform` answers the Body tab's file picks (Platform::pick_request_file).
ComposerIntent draw_composer(AppState& state, Platform& platform, bool in_flight);

}  // namespace wirepad::ui
