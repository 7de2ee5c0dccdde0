// ui: the composer's URL bar: the method in its colour (free text, the usual ones in a
// dropdown), the URL with its {{variables}} highlighted (the active environment's value on
// hover, secrets masked), the Send button (Cancel, red, while in flight), and pasting a curl
// command into the URL, which imports it (as Postman and Insomnia do). What the importer left
// out is shown in a dismissable notice under the bar; a command that does not parse stays in
// the field as pasted, with the error and its position.
// Edits AppState (the front tab; new tabs for a paste of several commands) and returns what
// the user asked for; no I/O.
// Depends on: ui/app.h, shared/curl_import.h; Dear ImGui in the .cpp.
#pragma once
#include <string>
#include <string_view>

#include "ui/app.h"

namespace wirepad::ui {

struct UrlBarIntent {
  bool send = false;
  bool cancel = false;
};

UrlBarIntent draw_url_bar(AppState& state, bool in_flight);

// What hovering {{name}} in the URL shows: its value in the active environment (a secret's
// masked), or that it is not defined there (or that no environment is chosen).
std::string url_variable_tooltip(const AppState& state, std::string_view name);

// True when `text`, leading blanks skipped, is a curl command ("curl ...").
bool looks_like_curl_command(std::string_view text);

// Imports the curl command(s) in `text`: the first replaces the front tab's request (its file
// and a name the user chose are kept), each other one opens in a new tab behind it. The
// importer's notes go to the tab's url_bar_notice. On an error nothing changes but
// state.composer_error, which says what and where (the position in `text`). Returns success.
bool import_curl_into_tabs(AppState& state, std::string_view text);

}  // namespace wirepad::ui
