// ui: cookie_jar_store.h.
#include "ui/cookie_jar_store.h"

#include <cstdio>

namespace wirepad::ui {

std::string cookie_jar_path(const std::string& environment) {
  if (environment.empty()) return std::string(kCookiesFolder) + "/(no environment).json";
  std::string name;
  for (unsigned char c : environment) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                c == ' ' || (c == '.' && !name.empty());
    if (safe) {
      name += char(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      name += hex;
    }
  }
  return std::string(kCookiesFolder) + "/" + name + ".json";
}

void load_cookie_jar(AppState& state, WorkspaceStore& store) {
  CookieJarState& c = state.cookies;
  c.environment = state.workspace.active_environment;
  c.jar = CookieJar();
  c.changed = false;
  const std::string path = cookie_jar_path(c.environment);
  Result<std::string> text = store.read(path);
  if (!text) return;  // no jar saved yet for this environment
  Result<CookieJar> jar = CookieJar::from_json(text.value());
  if (!jar) {
    state.workspace.error = make_error(jar.error().code, path + ": " + jar.error().message + " (the jar starts empty)");
    return;
  }
  c.jar = std::move(jar.value());
}

void save_cookie_jar_if_changed(AppState& state, WorkspaceStore& store) {
  CookieJarState& c = state.cookies;
  if (!c.changed) return;
  c.changed = false;
  if (Error e = store.write(cookie_jar_path(c.environment), c.jar.to_json())) state.workspace.error = e;
}

void switch_cookie_jar(AppState& state, WorkspaceStore& store) {
  if (state.cookies.environment == state.workspace.active_environment) return;
  save_cookie_jar_if_changed(state, store);
  load_cookie_jar(state, store);
}

}  // namespace wirepad::ui
