// web: web_files.h.
#include "web/web_files.h"

#include <SDL.h>
#include <emscripten.h>
#include <imgui.h>

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
    input.value = "";  // choosing the same file again fires 'change' again
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

// Text handed to the app through the heap: ccall's 'string' copies onto the wasm stack, which
// a large paste would overflow.
EM_JS(void, wirepad_install_text_glue, (), {
  Module.wirepadHandText = function(fn, text) {
    var size = lengthBytesUTF8(text) + 1;
    var ptr = _wirepad_file_alloc(size);
    stringToUTF8(text, ptr, size);
    Module.ccall(fn, null, ['number'], [ptr]);
  };
});

// Ctrl+V (Cmd+V). SDL's keyboard listener (bubbling, on window) cancels the keydown, so the
// browser never pasted and the canvas saw no paste event. The keydown now stops here, in the
// capture phase, before SDL sees it; the browser then fires its paste event with the text (no
// clipboard permission needed), and the app gets it as SDL's clipboard plus a Ctrl+V.
EM_JS(void, wirepad_install_paste_glue, (), {
  window.addEventListener('keydown', function(e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'v' || e.key === 'V')) e.stopPropagation();
  }, true);
  window.addEventListener('paste', function(e) {
    var text = e.clipboardData ? e.clipboardData.getData('text/plain') : "";
    e.preventDefault();
    if (text) Module.wirepadHandText('wirepad_paste_text', text);
  }, true);
});

// The browser's clipboard. SDL's Emscripten port keeps its own: Copy writes through
// navigator.clipboard as well; the Import dialog's button reads it (asynchronous, the browser
// may ask first).
EM_JS(void, wirepad_write_clipboard, (const char* text), {
  var value = UTF8ToString(text);
  if (navigator.clipboard && navigator.clipboard.writeText)
    navigator.clipboard.writeText(value).catch(function(e) { console.warn('wirepad: copy refused: ' + e); });
});
EM_JS(void, wirepad_read_clipboard, (), {
  if (!navigator.clipboard || !navigator.clipboard.readText) {
    Module.ccall('wirepad_clipboard_text', null, ['string', 'string'], ["", 'this browser has no clipboard API']);
    return;
  }
  navigator.clipboard.readText().then(
      function(text) {
        if (text) Module.wirepadHandText('wirepad_clipboard_read', text);
        else Module.ccall('wirepad_clipboard_text', null, ['string', 'string'], ["", ""]);
      },
      function(e) { Module.ccall('wirepad_clipboard_text', null, ['string', 'string'], ["", String(e)]); });
});

void (*g_sdl_set_clipboard)(void*, const char*) = nullptr;

void set_clipboard(void* user, const char* text) {
  if (g_sdl_set_clipboard) g_sdl_set_clipboard(user, text);  // ImGui's own paste still works
  wirepad_write_clipboard(text);
}

}  // namespace

void install_web_files(ui::AppState& state) {
  g_state = &state;
  state.viewers.services.pick_file = [] { wirepad_open_file_dialog(); };
  state.viewers.services.paste_into_import = [] { wirepad_read_clipboard(); };
  ImGuiIO& io = ImGui::GetIO();  // after the SDL backend set its clipboard functions
  g_sdl_set_clipboard = io.SetClipboardTextFn;
  io.SetClipboardTextFn = set_clipboard;
  wirepad_install_file_glue();
  wirepad_install_text_glue();
  wirepad_install_paste_glue();
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

// The clipboard's text for the Import dialog, or why it could not be read.
EMSCRIPTEN_KEEPALIVE void wirepad_clipboard_text(const char* text, const char* failure) {
  if (!wirepad::web::g_state) return;
  wirepad::ui::ImportDialogState& d = wirepad::web::g_state->io.import;
  d.open_requested = true;
  std::string why = failure ? failure : "";
  if (!why.empty() || !text || !*text) {
    d.notice = why.empty() ? "the clipboard holds no text"
                           : "the browser did not let Wirepad read the clipboard (" + why +
                                 "); choose or drop a file instead";
    d.notice_failed = true;
    return;
  }
  wirepad::ui::set_import_text(d, "", text);
}

// The clipboard's text read for the Import dialog (from wirepad_file_alloc; freed here).
EMSCRIPTEN_KEEPALIVE void wirepad_clipboard_read(char* text) {
  wirepad_clipboard_text(text, "");
  std::free(text);
}

// The browser's paste (Ctrl+V): becomes SDL's clipboard, then Ctrl+V is pressed for ImGui,
// which pastes into the focused field as on the desktop (one insert, however long the text).
EMSCRIPTEN_KEEPALIVE void wirepad_paste_text(char* text) {
  SDL_SetClipboardText(text);
  std::free(text);
  SDL_Event e{};
  e.type = SDL_KEYDOWN;
  e.key.state = SDL_PRESSED;
  e.key.keysym.scancode = SDL_SCANCODE_V;
  e.key.keysym.sym = SDLK_v;
  e.key.keysym.mod = KMOD_LCTRL;
  SDL_PushEvent(&e);
  e.type = SDL_KEYUP;  // held for the next frame by the main loop, so ImGui sees the press
  e.key.state = SDL_RELEASED;
  SDL_PushEvent(&e);
}

}  // extern "C"
