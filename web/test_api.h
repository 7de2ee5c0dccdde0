// web: the page's test API, window.wirepad = {load, send, state, experiment, cancel, frames,
// dialogs, openDialog, socket}:
// what the browser end-to-end test (tests/e2e/e2e_browser.mjs) drives. The C side is a
// handful of exported functions over the one AppState; web/test_api.js wraps them for
// JavaScript.
// Depends on: ui/app.h, web/web_platform.h.
#pragma once
#include "ui/app.h"
#include "web/web_platform.h"

namespace wirepad::web {

// Remembers the state and platform the exports act on, then defines window.wirepad.
void install_test_api(ui::AppState& state, WebPlatform& platform);
// Frames drawn so far (window.wirepad.frames()): a test waits for a few after a change
// before it takes a screenshot.
void set_frame_count(long frames);
// How long the app's own work in one frame took (milliseconds on the main thread: events, the
// UI, handing the draw lists to WebGL), kept for wirepad.frameTimes().
void record_frame_time(double ms);

}  // namespace wirepad::web
