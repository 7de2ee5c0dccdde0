// web: web_services.h.
#include "web/web_services.h"

#include <GLES3/gl3.h>
#include <emscripten.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ui/settings.h"

namespace wirepad::web {
namespace {

// A download of `size` bytes at `data` named `name`, through a Blob URL and a clicked link.
EM_JS(int, wirepad_download, (const char* name, const unsigned char* data, int size), {
  try {
    var bytes = HEAPU8.slice(data, data + size);
    var url = URL.createObjectURL(new Blob([bytes], {type : 'application/octet-stream'}));
    var a = document.createElement('a');
    a.href = url;
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(function() { URL.revokeObjectURL(url); a.remove(); }, 1000);
    return 1;
  } catch (e) {
    return 0;
  }
});

// localStorage can be unavailable (a sandboxed frame, storage disabled): then -1, as if empty.
EM_JS(int, wirepad_settings_get, (char* out, int size), {
  try {
    var v = localStorage.getItem('wirepad.settings');
    if (v === null) return -1;
    if (out) stringToUTF8(v, out, size);
    return lengthBytesUTF8(v);
  } catch (e) {
    return -1;
  }
});
EM_JS(void, wirepad_settings_set, (const char* json), {
  try {
    localStorage.setItem('wirepad.settings', UTF8ToString(json));
  } catch (e) {
  }
});

void* upload_texture(const unsigned char* rgba, int width, int height) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  if (!texture) return nullptr;
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  // Nothing stays bound between frames: ImGui's backend takes that for granted
  // (web/gl_state_queries.h).
  glBindTexture(GL_TEXTURE_2D, 0);
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

void install_web_services(ui::AppState& state) {
  ui::Services& s = state.viewers.services;
  s.upload_texture = upload_texture;
  s.free_texture = free_texture;
  // The page has no file system: the typed path's last part names the download.
  s.save_file = [](const std::string& typed, std::string_view bytes) -> Error {
    std::string name = typed.substr(typed.find_last_of('/') == std::string::npos ? 0 : typed.find_last_of('/') + 1);
    if (name.empty()) name = "wirepad-exchange.pcap";
    if (!wirepad_download(name.c_str(), reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size())))
      return make_error(ErrorCode::invalid_request, "the browser refused the download of " + name);
    return {};
  };
  s.save_settings = [](const std::string& json) { wirepad_settings_set(json.c_str()); };
  state.viewers.settings.saved = ui::settings_to_json(state);
  int size = wirepad_settings_get(nullptr, 0);
  if (size < 0) return;
  std::vector<char> buffer(std::size_t(size) + 1);
  wirepad_settings_get(buffer.data(), int(buffer.size()));
  ui::apply_settings_json(state, std::string(buffer.data(), std::size_t(size)));
}

}  // namespace wirepad::web
