// native: desktop_services.h.
#include "native/desktop_services.h"

#include <SDL_opengl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

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

void* upload_texture(const unsigned char* rgba, int width, int height) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  if (!texture) return nullptr;
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);  // pixels stay crisp when zoomed
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  if (glGetError() != GL_NO_ERROR) {
    glDeleteTextures(1, &texture);
    return nullptr;
  }
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(texture));
}

void free_texture(void* id) {
  GLuint texture = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(id));
  glDeleteTextures(1, &texture);
}

}  // namespace

std::string expand_home(const std::string& path) {
  if (path.rfind("~/", 0) != 0 && path != "~") return path;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + path.substr(1);
}

void install_desktop_services(ui::AppState& state) {
  ui::Services& s = state.viewers.services;
  s.upload_texture = upload_texture;
  s.free_texture = free_texture;
  s.save_file = write_file;
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
