// ui: what the front end does with the workspace folder, through ui::WorkspaceStore: open it
// (tree, environments, chosen environment, history), save a tab, open a file in a tab, keep
// the history on disk, and pick up external edits. Called from draw_app's "act" step and by
// the mains, never from inside a panel's draw call. Layout: docs/workspace.md.
// Depends on: ui/app.h, ui/workspace_store.h, shared/ (environment, history_record).
#pragma once
#include <string>
#include <vector>

#include "ui/app.h"
#include "ui/workspace_store.h"

namespace wirepad::ui {

// Reserved names in a workspace.
inline constexpr const char* kEnvironmentsFile = "environments.json";
inline constexpr const char* kSecretsFile = "environments.secrets.json";
inline constexpr const char* kLocalStateFile = ".wirepad/state.json";
inline constexpr const char* kHistoryFolder = ".wirepad/history";
// A history file keeps this much of what was received (the head and the start of the body):
// writing a 200 MB response out again would hold it 1.33x more (base64) while it is written,
// and 200 runs of it would fill the disk. The exchange in memory keeps everything.
inline constexpr std::size_t kHistoryKeepBytes = std::size_t(16) << 20;
// How much of each history file is read to list it (its summary and experiment come first).
inline constexpr std::size_t kHistorySummaryBytes = std::size_t(64) << 10;

// Loads everything; problems go to state.workspace.error (the app works without a workspace).
void open_workspace(AppState& state, WorkspaceStore& store);
void refresh_workspace_tree(AppState& state, WorkspaceStore& store);
// Experiment files: *.json that are not reserved (environments, collections of other tools).
bool is_experiment_path(const std::string& path);

// Saves the front tab to `path` (its own file when empty). Returns false and sets
// state.workspace.error when it could not.
bool save_front_tab(AppState& state, WorkspaceStore& store, const std::string& path = "");
// A file name for a new experiment: "Create a user" -> "create-a-user.json", unique in `taken`.
std::string suggested_file_name(const std::string& name, const std::vector<std::string>& taken);
// Opens `path` in a tab (brings it forward if already open). Errors go to the sidebar.
void open_workspace_file(AppState& state, WorkspaceStore& store, const std::string& path);

// The environment chosen in the selector, or nullptr.
const Environment* active_environment(const AppState& state);
Error save_environments(AppState& state, WorkspaceStore& store);
void choose_environment(AppState& state, WorkspaceStore* store, const std::string& name);

// History on disk: one file per run under .wirepad/history, the newest 200 kept.
void load_history(History& history, WorkspaceStore& store);
Error persist_history_entry(History& history, HistoryEntry& entry, WorkspaceStore& store);

// Opens history entry `index` as an experiment in a new tab, with its exchange shown and its
// environment chosen again.
void open_history_entry(AppState& state, WorkspaceStore* store, std::size_t index);

// Once a second (ImGui time `now`): files changed by another program are re-listed; open
// tabs without unsaved changes reload, the others are marked changed_on_disk.
void check_external_edits(AppState& state, WorkspaceStore& store, double now);
// Replaces the tab's fields with its file's current content (the "Reload" button).
void reload_tab_from_disk(AppState& state, WorkspaceStore& store);

}  // namespace wirepad::ui
