// ui: workspace.h.
#include "ui/workspace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "shared/history_record.h"
#include "ui/cookie_jar_store.h"
#include "ui/session.h"
#include "ui/tabs.h"

namespace wirepad::ui {
namespace {

void set_error(AppState& state, Error error) {
  state.workspace.error = std::move(error);
  state.workspace.notice.clear();
}

std::string read_or_empty(WorkspaceStore& store, const char* path) {
  Result<std::string> text = store.read(path);
  return text ? text.value() : std::string();
}

void load_environments(AppState& state, WorkspaceStore& store) {
  std::string pub = read_or_empty(store, kEnvironmentsFile);
  std::string sec = read_or_empty(store, kSecretsFile);
  if (pub.empty() && sec.empty()) return;
  Result<Environments> envs = parse_environments(pub.empty() ? "{}" : pub, sec);
  if (!envs) {
    set_error(state, envs.error());
    return;
  }
  state.workspace.environments = std::move(envs.value());
}

void load_local_state(AppState& state, WorkspaceStore& store) {
  std::string text = read_or_empty(store, kLocalStateFile);
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  auto active = j.find("active_environment");
  if (active != j.end() && active->is_string() && state.workspace.environments.find(active->get<std::string>()))
    state.workspace.active_environment = active->get<std::string>();
}

}  // namespace

bool is_experiment_path(const std::string& path) {
  if (path.size() < 6 || path.compare(path.size() - 5, 5, ".json") != 0) return false;
  return path != kEnvironmentsFile && path != kSecretsFile && path.find("/.") == std::string::npos && path[0] != '.';
}

void refresh_workspace_tree(AppState& state, WorkspaceStore& store) {
  state.workspace.files.clear();
  for (const std::string& path : store.list(""))
    if (is_experiment_path(path)) state.workspace.files.push_back(path);
}

void open_workspace(AppState& state, WorkspaceStore& store) {
  state.workspace.open = true;
  state.workspace.location = store.location();
  refresh_workspace_tree(state, store);
  load_environments(state, store);
  load_local_state(state, store);
  load_cookie_jar(state, store);
  load_history(state.history, store);
  store.poll_changes();  // learn the current state: later changes are external edits
}

std::string suggested_file_name(const std::string& name, const std::vector<std::string>& taken) {
  std::string slug;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) slug += char(std::tolower(u));
    else if (u >= 0x80) slug += c;  // keep non-ASCII letters as typed
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "untitled";
  std::string candidate = slug + ".json";
  for (int n = 2; std::find(taken.begin(), taken.end(), candidate) != taken.end(); ++n)
    candidate = slug + "-" + std::to_string(n) + ".json";
  return candidate;
}

bool save_front_tab(AppState& state, WorkspaceStore& store, const std::string& requested) {
  std::string path = requested.empty() ? state.file : requested;
  if (path.size() < 5 || path.compare(path.size() - 5, 5, ".json") != 0) path += ".json";
  if (!is_safe_relative_path(path) || !is_experiment_path(path)) {
    set_error(state, make_error(ErrorCode::io_error, "cannot save as \"" + path +
                                                         "\": use a relative path ending in .json, like users/create.json "
                                                         "(not environments.json, no \"..\" or hidden folders)"));
    return false;
  }
  Experiment experiment = experiment_from_state(state);
  if (Error e = store.write(path, serialize_experiment(experiment))) {
    set_error(state, e);
    return false;
  }
  state.file = path;
  state.saved = experiment;
  state.changed_on_disk = false;
  state.workspace.error = {};
  state.workspace.notice = "Saved " + path;
  refresh_workspace_tree(state, store);
  return true;
}

void open_workspace_file(AppState& state, WorkspaceStore& store, const std::string& path) {
  if (std::optional<std::size_t> open = tab_index_of_file(state, path)) {
    bring_forward(state, *open);
    return;
  }
  Result<std::string> text = store.read(path);
  if (!text) {
    set_error(state, text.error());
    return;
  }
  Result<Experiment> experiment = parse_experiment(text.value());
  if (!experiment) {
    Error e = experiment.error();
    e.message = path + ": " + e.message;
    set_error(state, e);
    return;
  }
  // A blank, untouched front tab is replaced rather than kept beside it.
  bool replace = state.file.empty() && !state.tabs.empty() && !tab_dirty(state) && state.url.empty();
  std::size_t old = state.active_tab;
  new_tab(state, experiment.value(), path);
  if (replace) close_tab(state, old);
  state.workspace.error = {};
}

const Environment* active_environment(const AppState& state) {
  if (state.workspace.active_environment.empty()) return nullptr;
  return state.workspace.environments.find(state.workspace.active_environment);
}

Error save_environments(AppState& state, WorkspaceStore& store) {
  if (Error e = store.write(kEnvironmentsFile, serialize_environments(state.workspace.environments))) return e;
  bool any_secret = false;
  for (const Environment& env : state.workspace.environments.environments)
    for (const Variable& v : env.variables) any_secret = any_secret || v.secret;
  // The secrets file exists only once there is a secret (and is git-ignored from the start).
  if (any_secret || !read_or_empty(store, kSecretsFile).empty())
    if (Error e = store.write(kSecretsFile, serialize_environment_secrets(state.workspace.environments))) return e;
  state.workspace.notice = "Saved environments";
  return {};
}

void choose_environment(AppState& state, WorkspaceStore* store, const std::string& name) {
  state.workspace.active_environment = name;
  state.composer_error = {};
  if (!store) return;
  switch_cookie_jar(state, *store);
  save_session(state, *store);  // the local state: the environment with the open tabs (ui/session.h)
}

void load_history(History& history, WorkspaceStore& store) {
  std::vector<std::string> files = store.list(kHistoryFolder);  // sorted: oldest first
  std::size_t skip = files.size() > History::kMaxEntries ? files.size() - History::kMaxEntries : 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& path = files[i];
    std::size_t slash = path.rfind('/');
    unsigned long number = std::strtoul(path.c_str() + slash + 1, nullptr, 10);
    history.next_file_number = std::max(history.next_file_number, number + 1);
    if (i < skip) continue;
    // The summary at the start of the file; the whole record only when the summary is not
    // there (a record written before summaries) or does not fit (a large request body).
    Result<HistorySummary> summary = make_error(ErrorCode::io_error, "");
    if (Result<std::string> start = store.read_prefix(path, kHistorySummaryBytes)) summary = parse_history_summary(start.value());
    if (!summary) {
      Result<std::string> text = store.read(path);
      if (!text) continue;
      Result<HistoryRecord> record = parse_history_record(text.value());
      if (!record) continue;  // a damaged entry is skipped; the others still load
      summary = summarize_history_record(record.value());
    }
    HistoryEntry entry = history_entry(std::move(summary.value()));
    entry.file = path;  // the log is read when the entry is opened
    history.entries.push_front(std::move(entry));
  }
  while (history.entries.size() > History::kMaxEntries) history.entries.pop_back();
}

Error persist_history_entry(History& history, HistoryEntry& entry, WorkspaceStore& store) {
  if (!entry.log) return {};
  char name[32];
  std::snprintf(name, sizeof name, "%08lu.json", history.next_file_number++);
  entry.file = std::string(kHistoryFolder) + "/" + name;
  // From the parts: a record would copy the whole log (a large response twice more).
  if (Error e = store.write(entry.file, serialize_history_record(entry.experiment, entry.environment,
                                                                 store.unix_time(), *entry.log, kHistoryKeepBytes)))
    return e;
  // Keep the newest kMaxEntries files.
  std::vector<std::string> files = store.list(kHistoryFolder);
  for (std::size_t i = 0; i + History::kMaxEntries < files.size(); ++i) store.remove(files[i]);
  return {};
}

void open_history_entry(AppState& state, WorkspaceStore* store, std::size_t index) {
  if (index >= state.history.entries.size()) return;
  HistoryEntry entry = state.history.entries[index];  // a copy: choosing an environment may write
  if (!entry.log && store && !entry.file.empty()) {
    // Listed from the workspace: read it now. The tab holds it; the list stays light.
    Result<std::string> text = store->read(entry.file);
    Result<HistoryRecord> record = text ? parse_history_record(text.value()) : Result<HistoryRecord>(text.error());
    if (!record) {
      set_error(state, make_error(record.error().code, "history entry " + entry.file + " could not be opened: " +
                                                           record.error().message));
      return;
    }
    entry.log = std::make_shared<const ExchangeLog>(std::move(record->log));
  }
  new_tab(state, entry.experiment);
  state.kept_log = entry.log;
  state.generation = ++state.sends;  // the views index this log afresh
  if (!entry.environment.empty() && state.workspace.environments.find(entry.environment))
    choose_environment(state, store, entry.environment);
}

void reload_tab_from_disk(AppState& state, WorkspaceStore& store) {
  if (state.file.empty()) return;
  Result<std::string> text = store.read(state.file);
  if (!text) {
    set_error(state, text.error());
    return;
  }
  Result<Experiment> experiment = parse_experiment(text.value());
  if (!experiment) {
    Error e = experiment.error();
    e.message = state.file + ": " + e.message;
    set_error(state, e);
    return;
  }
  load_experiment(state, experiment.value());
  state.saved = experiment_from_state(state);
  state.changed_on_disk = false;
}

void check_external_edits(AppState& state, WorkspaceStore& store, double now) {
  if (now < state.workspace.next_poll) return;
  state.workspace.next_poll = now + 1.0;
  if (!store.poll_changes()) return;
  refresh_workspace_tree(state, store);
  // Not while the Environments window is open: its unsaved edits would be replaced.
  if (!state.workspace.show_environment_editor) load_environments(state, store);
  for (std::size_t i = 0; i < state.tabs.size(); ++i) {
    TabState& tab = i == state.active_tab ? static_cast<TabState&>(state) : state.tabs[i];
    if (tab.file.empty()) continue;
    Result<std::string> text = store.read(tab.file);
    if (!text) continue;  // deleted or renamed outside: the tab keeps what it has
    Result<Experiment> on_disk = parse_experiment(text.value());
    if (!on_disk) continue;  // half-edited by hand: wait for a version that parses
    TabState probe;
    load_experiment(probe, on_disk.value());
    Experiment disk = experiment_from_state(probe);
    if (disk == tab.saved) continue;
    if (tab_dirty(tab)) {
      tab.changed_on_disk = true;
    } else {
      Experiment keep_saved = disk;
      load_experiment(tab, on_disk.value());
      tab.saved = keep_saved;
    }
  }
}

}  // namespace wirepad::ui
