// native: desktop_services.h.
#include "native/desktop_services.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "native/serve_runtime.h"
#include "ui/file_import.h"
#include "ui/settings.h"

namespace wirepad::native {
namespace {

std::string config_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/wirepad";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.config/wirepad";
}

Error write_file(const std::string& typed, std::string_view bytes) {
  std::string path = expand_home(typed);
  if (path.empty()) return make_error(ErrorCode::invalid_request, "type a file path to save to");
  // Write beside, then rename: a failed write never leaves half a file under the name.
  std::string partial = path + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out)
      return make_error(ErrorCode::invalid_request,
                        "cannot write " + path + ": " + std::strerror(errno) + " (does the folder exist?)");
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) {
      std::remove(partial.c_str());
      return make_error(ErrorCode::invalid_request, "writing " + path + " failed: " + std::strerror(errno));
    }
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    return make_error(ErrorCode::invalid_request, "cannot write " + path + ": " + std::strerror(errno));
  }
  return {};
}

}  // namespace

std::string expand_home(const std::string& path) {
  if (path.rfind("~/", 0) != 0 && path != "~") return path;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + path.substr(1);
}

void install_desktop_services(ui::AppState& state, DesktopWindow& window) {
  ui::Services& s = state.viewers.services;
  s.upload_texture = [&window](const unsigned char* rgba, int width, int height) {
    return window.upload_texture(rgba, width, height);
  };
  s.free_texture = [&window](void* texture) { window.free_texture(texture); };
  s.save_file = write_file;
  s.running_serve_url = running_serve_url;  // where `wirepad serve` runs, for share links
  const std::string dir = config_dir();
  const std::string file = dir + "/settings.json";
  s.save_settings = [dir, file](const std::string& json) {
    ::mkdir((dir.substr(0, dir.rfind('/'))).c_str(), 0700);  // ~/.config may not exist yet
    ::mkdir(dir.c_str(), 0700);
    Error error = write_file(file, json);
    if (error) std::cerr << "wirepad: settings not saved: " << error.message << "\n";
  };
  state.viewers.settings.saved = ui::settings_to_json(state);  // nothing to save until a change
  std::ifstream in(file, std::ios::binary);
  if (!in) return;  // first start: the defaults
  std::stringstream text;
  text << in.rdbuf();
  Error error = ui::apply_settings_json(state, text.str());
  if (error) std::cerr << "wirepad: " << file << ": " << error.message << "\n";
}

void open_dropped_file(ui::AppState& state, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    state.composer_error = make_error(ErrorCode::invalid_experiment, "cannot read the dropped file " + path + ": " +
                                                                         std::strerror(errno));
    return;
  }
  std::stringstream text;
  text << in.rdbuf();
  ui::import_dropped_file(state, path, text.str());
}

}  // namespace wirepad::native
