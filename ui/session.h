// ui: the session: which tabs are open (in order, which one in front), what each holds that is
// not saved in its file yet, and the chosen environment. Kept in the workspace's local state
// (.wirepad/state.json, git-ignored; the browser's is in IndexedDB through the same store), so
// the next start opens the same tabs with the same unsaved edits, and a crash or a closed
// browser tab loses at most the last half second of typing.
// Depends on: ui/app.h, ui/workspace_store.h.
#pragma once
#include <string>

#include "ui/app.h"
#include "ui/workspace_store.h"

namespace wirepad::ui {

// The local state document: {"active_environment": "local", "front": 1, "tabs": [
//   {"file": "users/create.json"},                      a saved tab, as its file holds it
//   {"file": "hello.json", "unsaved": {experiment}},    edited since: the edits
//   {"opened": {experiment}, "unsaved": {experiment}}]} untitled: what it opened with, and now
// (each with "named": whether its name is the user's). Untouched examples and blank tabs are
// left out.
std::string session_json(const AppState& state);
// Opens the tabs the local state lists (after open_workspace, before anything else opens a
// tab). The tab the app started with is replaced when it is an untouched example. A listed file
// that is gone keeps its unsaved edits as an untitled tab, or is skipped.
void restore_session(AppState& state, WorkspaceStore& store);
// Writes the session when it changed; looks at most twice a second (ImGui time `now`).
void save_session_if_changed(AppState& state, WorkspaceStore& store, double now);
// Writes it now (quitting, choosing an environment). Errors go to the sidebar.
void save_session(AppState& state, WorkspaceStore& store);

}  // namespace wirepad::ui
