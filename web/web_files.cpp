// web: web_files.h.
#include "web/web_files.h"

#include <emscripten.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "ui/import_dialog.h"

namespace wirepad::web {
namespace {

ui::AppState* g_state = nullptr;

// `how`: 1 chosen in the file dialog, 0 dropped. Every file of a multi-file drop is imported.
EM_JS(void, wirepad_install_file_glue, (), {
  function hand(file, how) {
    file.arrayBuffer().then(function(buffer) {
      var bytes = new Uint8Array(buffer);
      var ptr = _wirepad_file_alloc(bytes.length);
      HEAPU8.set(bytes, ptr);
      Module.ccall('wirepad_file_received', null, ['string', 'number', 'number', 'number'],
                   [file.name, ptr, bytes.length, how]);
    }, function(e) { console.warn('wirepad: could not read ' + file.name + ': ' + e); });
  }
  var input = document.getElementById('wirepad-file');
  if (!input) {
    input = document.createElement('input');
    input.type = 'file';
    input.id = 'wirepad-file';
    input.hidden = true;
    document.body.appendChild(input);
  }
  input.addEventListener('change', function() {
    if (input.files && input.files.length) hand(input.files[0], 1);
    input.value = '';  // choosing the same file again fires 'change' again
  });
  // Without preventDefault on dragover the browser would open the dropped file itself.
  var body = document.body;
  window.addEventListener('dragover', function(e) {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    body.classList.add('wirepad-dragging');
  });
  window.addEventListener('dragleave', function(e) {
    if (!e.relatedTarget) body.classList.remove('wirepad-dragging');
  });
  window.addEventListener('drop', function(e) {
    e.preventDefault();
    body.classList.remove('wirepad-dragging');
    var files = e.dataTransfer ? e.dataTransfer.files : null;
    for (var i = 0; files && i < files.length; ++i) hand(files[i], 0);
  });
});

// Runs in the frame that handled the button's click: Chromium and Firefox still count the
// click as the user's gesture (transient activation), so the file dialog opens.
EM_JS(void, wirepad_open_file_dialog, (), {
  var input = document.getElementById('wirepad-file');
  if (input) input.click();
});

}  // namespace

void install_web_files(ui::AppState& state) {
  g_state = &state;
  state.viewers.services.pick_file = [] { wirepad_open_file_dialog(); };
  wirepad_install_file_glue();
}

}  // namespace wirepad::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void* wirepad_file_alloc(int size) { return std::malloc(std::size_t(size > 0 ? size : 1)); }

// Takes over `data` (from wirepad_file_alloc) and frees it.
EMSCRIPTEN_KEEPALIVE void wirepad_file_received(const char* name, unsigned char* data, int size, int chosen) {
  std::string_view bytes(reinterpret_cast<const char*>(data), std::size_t(size > 0 ? size : 0));
  if (wirepad::web::g_state) {
    std::string file = name ? name : "file";
    if (chosen) wirepad::ui::load_import_file(*wirepad::web::g_state, file, bytes);
    else wirepad::ui::import_file(*wirepad::web::g_state, file, bytes);
  }
  std::free(data);
}

}  // extern "C"
