// web: web_request_files.h. Browser-only (Emscripten's FS over IDBFS).
#include "web/web_request_files.h"

#include <emscripten.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

#include "ui/byte_format.h"
#include "ui/picked_files.h"
#include "web/web_workspace.h"

namespace wirepad::web {
namespace {

ui::AppState* g_state = nullptr;
std::function<void(std::string)> g_picked;  // the pick in progress (one at a time)

// The files sit in /picked-files/files/NAME; index.json maps each NAME to the name the file
// had when picked (they differ after a collision). A file the index does not list (the index
// lost) still counts, under its own name.
std::string files_dir() { return std::string(kPickedFilesRoot) + "/files"; }
std::string index_path() { return std::string(kPickedFilesRoot) + "/index.json"; }

EM_JS(void, mount_picked_files, (const char* root), {
  var path = UTF8ToString(root);
  try { FS.mkdir(path); } catch (e) {}
  FS.mount(IDBFS, {}, path);
});

// The names in the folder, as a JSON array (from wirepad_file_alloc: the caller frees it).
EM_JS(char*, list_picked_names, (const char* dir), {
  var names = [];
  try { names = FS.readdir(UTF8ToString(dir)).filter(function(n) { return n !== '.' && n !== '..'; }); } catch (e) {}
  var text = JSON.stringify(names);
  var size = lengthBytesUTF8(text) + 1;
  var ptr = _wirepad_file_alloc(size);
  stringToUTF8(text, ptr, size);
  return ptr;
});

// The page's second <input type=file> (the first is File > Import's, web_files.cpp). Opened
// in the frame that handled the click, which the browser counts as the user's gesture.
// Chromium and Firefox fire 'cancel' when the dialog is dismissed.
EM_JS(void, open_request_file_dialog, (double max_bytes), {
  var input = document.getElementById('wirepad-request-file');
  if (!input) {
    input = document.createElement('input');
    input.type = 'file';
    input.id = 'wirepad-request-file';
    input.hidden = true;
    document.body.appendChild(input);
    var answer = function(name, ptr, size, refused) {
      Module.ccall('wirepad_request_file_picked', null, ['string', 'number', 'number', 'string'], [name, ptr, size, refused]);
    };
    input.addEventListener('change', function() {
      var file = input.files && input.files.length ? input.files[0] : null;
      input.value = "";  // picking the same file again fires 'change' again
      if (!file) { answer("", 0, 0, ""); return; }
      if (file.size > Module.wirepadMaxPickedBytes) { answer(file.name, 0, file.size, 'too large'); return; }
      file.arrayBuffer().then(function(buffer) {
        var bytes = new Uint8Array(buffer);
        var ptr = _wirepad_file_alloc(bytes.length);
        HEAPU8.set(bytes, ptr);
        answer(file.name, ptr, bytes.length, "");
      }, function(e) { answer(file.name, 0, 0, String(e)); });
    });
    input.addEventListener('cancel', function() { answer("", 0, 0, ""); });
  }
  Module.wirepadMaxPickedBytes = max_bytes;
  input.click();
});

nlohmann::json read_index() {
  std::ifstream in(index_path(), std::ios::binary);
  if (!in) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

void write_index(const nlohmann::json& index) {
  std::ofstream out(index_path(), std::ios::binary | std::ios::trunc);
  out << index.dump(1);
}

std::vector<std::string> stored_names() {
  char* text = list_picked_names(files_dir().c_str());
  nlohmann::json names = nlohmann::json::parse(text, nullptr, false);
  std::free(text);
  std::vector<std::string> out;
  if (names.is_array())
    for (const auto& n : names)
      if (n.is_string()) out.push_back(n.get<std::string>());
  std::sort(out.begin(), out.end());
  return out;
}

void refuse(const std::string& why) {
  if (g_state) g_state->composer_error = make_error(ErrorCode::invalid_request, why);
}

// Keeps the bytes under a unique name; returns it ("" when the write failed, said in the composer).
std::string store(const std::string& original, std::string_view bytes) {
  mkdir(kPickedFilesRoot, 0755);
  mkdir(files_dir().c_str(), 0755);
  const std::string name = ui::unique_file_name(original, stored_names());
  const std::string path = files_dir() + "/" + name;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) {
      std::remove(path.c_str());
      refuse("the picked file '" + original + "' could not be kept (the page's storage refused " +
             ui::format_size(bytes.size()) + "); nothing was added");
      return {};
    }
  }
  nlohmann::json index = read_index();
  index[name] = {{"original", original.empty() ? name : original}};
  write_index(index);
  schedule_browser_storage_sync();  // into IndexedDB, so a reload finds it
  return name;
}

}  // namespace

void install_request_files(ui::AppState& state) {
  g_state = &state;
  mount_picked_files(kPickedFilesRoot);
}

void pick_request_file(std::function<void(std::string name)> picked) {
  if (g_picked) g_picked({});  // a dialog left open: that pick is over
  g_picked = std::move(picked);
  open_request_file_dialog(double(kMaxPickedFileBytes));
}

std::vector<ui::Platform::StoredFile> stored_request_files() {
  const nlohmann::json index = read_index();
  std::vector<ui::Platform::StoredFile> out;
  for (const std::string& name : stored_names()) {
    ui::Platform::StoredFile file;
    file.name = name;
    file.original = name;
    auto it = index.find(name);
    if (it != index.end() && it->is_object() && it->contains("original") && (*it)["original"].is_string())
      file.original = (*it)["original"].get<std::string>();
    struct stat st {};
    if (stat((files_dir() + "/" + name).c_str(), &st) == 0) file.size = std::size_t(st.st_size);
    out.push_back(std::move(file));
  }
  return out;
}

Result<std::string> read_stored_request_file(const std::string& name) {
  const std::vector<std::string> names = stored_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + ("'" + n + "'");
    return make_error(ErrorCode::invalid_request,
                      "this browser keeps no picked file named '" + name + "' (" +
                          (known.empty() ? std::string("none is kept") : "it keeps " + known) + ")");
  }
  std::ifstream in(files_dir() + "/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return make_error(ErrorCode::io_error, "the picked file '" + name + "' could not be read");
  return bytes.str();
}

Error forget_request_file(const std::string& name) {
  const std::vector<std::string> names = stored_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    return make_error(ErrorCode::invalid_request, "no picked file is named '" + name + "'");
  if (std::remove((files_dir() + "/" + name).c_str()) != 0)
    return make_error(ErrorCode::io_error, "the picked file '" + name + "' could not be removed");
  nlohmann::json index = read_index();
  index.erase(name);
  write_index(index);
  schedule_browser_storage_sync();
  return {};
}

}  // namespace wirepad::web

using namespace wirepad;

extern "C" {

// The dialog's answer: the file's bytes (from wirepad_file_alloc; freed here), or a cancel
// (an empty name), or why the file was refused.
EMSCRIPTEN_KEEPALIVE void wirepad_request_file_picked(const char* name_c, unsigned char* data, double size,
                                                      const char* refused_c) {
  std::string name = name_c ? name_c : "";
  std::string refused = refused_c ? refused_c : "";
  std::string kept;
  if (!name.empty() && refused.empty()) {
    kept = web::store(name, std::string_view(reinterpret_cast<const char*>(data), std::size_t(size)));
  } else if (refused == "too large") {
    web::refuse("the file '" + name + "' is " + ui::format_size(std::size_t(size)) +
                "; the browser build keeps picked files up to " + ui::format_size(web::kMaxPickedFileBytes) +
                " (use the desktop app or `wirepad run` for larger ones); nothing was added");
  } else if (!refused.empty()) {
    web::refuse("the file '" + name + "' could not be read (" + refused + "); nothing was added");
  }
  std::free(data);
  auto picked = std::move(web::g_picked);
  web::g_picked = nullptr;
  if (picked) picked(kept);
}

}  // extern "C"
