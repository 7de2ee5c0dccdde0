// web: web_workspace.h. The whole file is browser-only (Emscripten's FS and IDBFS).
#include "web/web_workspace.h"

#include <emscripten.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "posix/workspace_store.h"
#include "shared/share_link.h"
#include "ui/session.h"
#include "ui/workspace.h"

namespace wirepad::web {
namespace {

ui::AppState* g_state = nullptr;
ui::Platform* g_platform = nullptr;
std::unique_ptr<posix::FileWorkspaceStore> g_store;
std::string g_reply;

// populate=true reads IndexedDB into the file system; the callback reports back to C++.
EM_JS(void, mount_and_load_idbfs, (const char* root), {
  var path = UTF8ToString(root);
  try { FS.mkdir(path); } catch (e) {}
  FS.mount(IDBFS, {}, path);
  FS.syncfs(true, function(err) {
    if (err) console.warn('wirepad: could not read the workspace from IndexedDB:', err);
    Module.ccall('wirepad_workspace_loaded', null, ['number'], [err ? 0 : 1]);
  });
});

// Writes the file system back to IndexedDB. Calls are coalesced: one sync at a time, and one
// more after it when saves happened meanwhile. window.wirepadWorkspaceSyncs counts finished
// syncs (the end-to-end test waits for it before reloading the page).
EM_JS(void, schedule_idbfs_sync, (), {
  if (Module.wirepadSyncing) { Module.wirepadSyncAgain = true; return; }
  Module.wirepadSyncing = true;
  var run = function() {
    FS.syncfs(false, function(err) {
      if (err) console.warn('wirepad: could not write the workspace to IndexedDB:', err);
      if (Module.wirepadSyncAgain) { Module.wirepadSyncAgain = false; run(); return; }
      Module.wirepadSyncing = false;
      window.wirepadWorkspaceSyncs = (window.wirepadWorkspaceSyncs || 0) + 1;
    });
  };
  run();
});

// Copies the page's address into `buffer`; returns its full length in bytes.
EM_JS(int, page_location, (char* buffer, int size), {
  stringToUTF8(location.href, buffer, size);
  return lengthBytesUTF8(location.href);
});

// Closing or reloading the page while the session (open tabs, unsaved edits) is not yet in
// IndexedDB: the browser asks "Leave site?". The session is written as the page goes (a sync
// that may or may not finish); the question gives it the time. Nothing pending: no question.
EM_JS(void, install_before_unload, (), {
  window.addEventListener('beforeunload', function(event) {
    var pending = Module.ccall('wirepad_session_pending', 'number', [], []);
    if (!pending && !Module.wirepadSyncing) return;
    event.preventDefault();
    event.returnValue = "";  // not '': the C preprocessor reads EM_JS code, and warns of an empty character constant
  });
});

// window.wirepad.workspace() and .save(path), for the end-to-end test (window.wirepad is
// defined by web/test_api.js before the workspace finishes loading).
EM_JS(void, define_workspace_api, (), {
  if (!window.wirepad) window.wirepad = {};
  window.wirepad.workspace = function() { return JSON.parse(Module.ccall('wirepad_api_workspace', 'string', [], [])); };
  window.wirepad.save = function(path) { return JSON.parse(Module.ccall('wirepad_api_save', 'string', ['string'], [path || ""])); };
  window.dispatchEvent(new Event('wirepad-workspace-ready'));
});

}  // namespace

void schedule_browser_storage_sync() { schedule_idbfs_sync(); }

void start_browser_workspace(ui::AppState& state, ui::Platform& platform) {
  g_state = &state;
  g_platform = &platform;
  mount_and_load_idbfs(kBrowserWorkspaceRoot);
}

void open_link_from_page(ui::AppState& state) {
  std::string href(256, '\0');
  int length = page_location(href.data(), int(href.size()));
  if (length >= int(href.size())) {
    href.assign(std::size_t(length) + 1, '\0');
    page_location(href.data(), int(href.size()));
  }
  href.resize(std::size_t(length));
  state.share.base = href.substr(0, href.find('#'));
  state.share.base_source = "this page";
  if (href.find("#x=") == std::string::npos && href.find("&x=") == std::string::npos) return;
  Result<Experiment> experiment = open_share_link(href);
  if (!experiment) {
    state.composer_error = experiment.error();
    return;
  }
  ui::open_link_in_tab(state, experiment.value());
}

}  // namespace wirepad::web

using namespace wirepad;

extern "C" {

EMSCRIPTEN_KEEPALIVE void wirepad_workspace_loaded(int ok) {
  auto opened = posix::FileWorkspaceStore::open(web::kBrowserWorkspaceRoot);
  if (!opened) {
    web::g_state->workspace.error = opened.error();
    return;
  }
  web::g_store = std::move(opened.value());
  web::g_store->set_after_change([] { web::schedule_idbfs_sync(); });
  web::g_platform->set_workspace(web::g_store.get());
  ui::open_workspace(*web::g_state, *web::g_store);
  ui::restore_session(*web::g_state, *web::g_store);  // the tabs of the last visit, unsaved edits too
  web::g_state->workspace.location = "browser storage (IndexedDB)";
  web::install_before_unload();
  if (!ok) web::g_state->workspace.error = make_error(ErrorCode::io_error, "could not read the workspace from IndexedDB; saves may not persist");
  web::define_workspace_api();
}

// 1 when the open tabs differ from the session last written (and writes it: the IndexedDB
// sync then starts while the browser asks whether to leave).
EMSCRIPTEN_KEEPALIVE int wirepad_session_pending() {
  if (!web::g_store || !web::g_state) return 0;
  ui::AppState& state = *web::g_state;
  if (ui::session_json(state) == state.workspace.session_saved) return 0;
  ui::save_session(state, *web::g_store);
  return 1;
}

EMSCRIPTEN_KEEPALIVE const char* wirepad_api_workspace() {
  const ui::AppState& s = *web::g_state;
  nlohmann::json j = {{"ready", web::g_store != nullptr},
                      {"files", s.workspace.files},
                      {"history", s.history.entries.size()},
                      {"tabs", s.tabs.size()},
                      {"file", s.file},
                      {"link_host", s.link_host},
                      {"error", s.workspace.error ? s.workspace.error.message : std::string()}};
  web::g_reply = j.dump();
  return web::g_reply.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* wirepad_api_save(const char* path) {
  nlohmann::json j;
  if (!web::g_store) {
    j = {{"ok", false}, {"error", "the workspace is still loading"}};
  } else if (ui::save_front_tab(*web::g_state, *web::g_store, path ? path : "")) {
    j = {{"ok", true}, {"file", web::g_state->file}};
  } else {
    j = {{"ok", false}, {"error", web::g_state->workspace.error.message}};
  }
  web::g_reply = j.dump();
  return web::g_reply.c_str();
}

}  // extern "C"
