// ui: one cookie jar per environment, kept in the workspace (RFC 6265 jar: shared/cookie_jar.h).
// Switching the environment switches the jar, as switching a browser profile would: the
// session cookies of "staging" never go to "production". The jars live under .wirepad/cookies/,
// which the workspace's .gitignore keeps on this machine (they hold session tokens).
// Called from the workspace's open/choose steps and from draw_app's "act" step.
// Depends on: ui/app.h, ui/workspace_store.h.
#pragma once
#include <string>

#include "ui/app.h"
#include "ui/workspace_store.h"

namespace wirepad::ui {

inline constexpr const char* kCookiesFolder = ".wirepad/cookies";

// ".wirepad/cookies/staging.json"; "(no environment).json" when none is chosen. Characters
// that are not safe in a file name are written %XX.
std::string cookie_jar_path(const std::string& environment);

// Replaces the jar with the one saved for the chosen environment (empty when none was saved).
// A damaged file leaves the jar empty and says so in the sidebar; the file is not overwritten
// until the jar changes.
void load_cookie_jar(AppState& state, WorkspaceStore& store);
// Writes the jar when it changed since it was loaded or saved.
void save_cookie_jar_if_changed(AppState& state, WorkspaceStore& store);
// The environment changed (state.workspace.active_environment): keep the old jar, load the new.
void switch_cookie_jar(AppState& state, WorkspaceStore& store);

}  // namespace wirepad::ui
