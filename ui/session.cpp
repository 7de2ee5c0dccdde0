// ui: session.h.
#include "ui/session.h"

#include <nlohmann/json.hpp>

#include <optional>

#include "ui/tabs.h"
#include "ui/workspace.h"
#include "shared/json_input.h"

namespace wirepad::ui {
namespace {

using Json = nlohmann::ordered_json;

Json experiment_json(const Experiment& experiment) {
  Json j = Json::parse(serialize_experiment(experiment), nullptr, false);
  return j.is_discarded() ? Json() : j;
}

std::optional<Experiment> experiment_of(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return std::nullopt;
  Result<Experiment> parsed = parse_experiment(it->dump());
  if (!parsed) return std::nullopt;  // damaged by hand: that part is skipped
  return std::move(parsed.value());
}

const TabState& tab_at(const AppState& state, std::size_t i) {
  return i == state.active_tab ? static_cast<const TabState&>(state) : state.tabs[i];
}

// The app's first tab before anything happened: an example nobody touched.
bool pristine(const AppState& state) {
  return state.tabs.size() <= 1 && state.file.empty() && !tab_dirty(state) && state.runs.empty() && !state.kept_log &&
         state.link_host.empty();
}

// One listed tab as a TabState, or nothing when neither its file nor its edits can be read.
std::optional<TabState> restored_tab(WorkspaceStore& store, const Json& entry) {
  if (!entry.is_object()) return std::nullopt;
  std::optional<Experiment> unsaved = experiment_of(entry, "unsaved");
  TabState tab;
  const std::string file = entry.value("file", std::string());
  if (!file.empty() && is_experiment_path(file)) {
    Result<std::string> text = store.read(file);
    Result<Experiment> on_disk = text ? parse_experiment(text.value()) : Result<Experiment>(text.error());
    if (on_disk) {
      load_experiment(tab, on_disk.value());
      tab.file = file;
      tab.saved = experiment_from_state(tab);
      const std::string opened_request = tab.opened_request;
      if (unsaved) load_experiment(tab, *unsaved);
      tab.opened_request = opened_request;
      tab.named = entry.value("named", tab.named);
      return tab;
    }
    if (!unsaved) return std::nullopt;  // deleted meanwhile, nothing of it left here
  }
  std::optional<Experiment> opened = experiment_of(entry, "opened");
  if (!unsaved && !opened) return std::nullopt;
  load_experiment(tab, opened ? *opened : *unsaved);
  tab.saved = experiment_from_state(tab);
  const std::string opened_request = tab.opened_request;
  if (unsaved && opened) load_experiment(tab, *unsaved);
  tab.opened_request = opened_request;
  tab.named = entry.value("named", tab.named);  // an example's or a blank tab's name is not the user's
  return tab;
}

}  // namespace

std::string session_json(const AppState& state) {
  Json j = Json::object();
  j["active_environment"] = state.workspace.active_environment;
  Json tabs = Json::array();
  std::size_t front = 0;
  for (std::size_t i = 0; i < state.tabs.size(); ++i) {
    const TabState& tab = tab_at(state, i);
    // An untouched example or blank tab is not kept: the next start makes its own (the lab's
    // port may differ by then).
    if (tab.file.empty() && !tab.named && !tab_dirty(tab)) continue;
    Json entry = Json::object();
    if (!tab.file.empty()) entry["file"] = tab.file;
    else entry["opened"] = experiment_json(tab.saved);
    entry["named"] = tab.named;
    if (tab.file.empty() || tab_dirty(tab)) entry["unsaved"] = experiment_json(experiment_from_state(tab));
    if (i == state.active_tab) front = tabs.size();
    tabs.push_back(std::move(entry));
  }
  j["front"] = front;
  j["tabs"] = std::move(tabs);
  return j.dump(2) + "\n";
}

void restore_session(AppState& state, WorkspaceStore& store) {
  ensure_tabs(state);
  Result<std::string> text = store.read(kLocalStateFile);
  if (!text) return;
  const Json j = json_input::parse_whole<Json>(text.value());
  if (j.is_discarded() || !j.is_object()) return;
  auto list = j.find("tabs");
  if (list == j.end() || !list->is_array() || list->empty()) return;
  const bool replace_first = pristine(state);
  const std::size_t first_new = state.tabs.size();
  for (const Json& entry : *list) {
    std::optional<TabState> tab = restored_tab(store, entry);
    if (!tab) continue;
    tab->id = state.next_tab_id++;
    state.tabs.push_back(std::move(*tab));
  }
  if (state.tabs.size() == first_new) return;  // nothing could be opened: keep what is there
  std::size_t front = first_new + j.value("front", std::size_t(0));
  if (front >= state.tabs.size()) front = first_new;
  if (replace_first) {
    bring_forward(state, front);
    close_tab(state, 0);
  }
  // Otherwise a tab is already in use (a link or a FILE opened at start, or, in the browser,
  // whatever was opened while IndexedDB was still being read): the restored tabs open behind
  // it, so a late restore never takes the front tab from under the person (or the test API).
  state.select_tab_frames = 2;
  state.workspace.session_saved = session_json(state);  // what is on disk now
}

void save_session(AppState& state, WorkspaceStore& store) {
  std::string now = session_json(state);
  if (now == state.workspace.session_saved) return;
  if (Error e = store.write(kLocalStateFile, now)) {
    state.workspace.error = e;
    return;
  }
  state.workspace.session_saved = std::move(now);
}

void save_session_if_changed(AppState& state, WorkspaceStore& store, double now) {
  if (now < state.workspace.next_session_check) return;
  state.workspace.next_session_check = now + 0.5;
  save_session(state, store);
}

}  // namespace wirepad::ui
