// web: the browser build's main. SDL2 + WebGL2 (OpenGL ES 3.0, GLSL "#version 300 es"), the
// ImGui SDL and OpenGL3 backends, and the shared ui::draw_app, one frame per
// requestAnimationFrame. The canvas follows the size of the browser window.
// Depends on: SDL2 built for wasm, Dear ImGui, ui/, web/web_platform.h, web/test_api.h.
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <GLES3/gl3.h>
#include <algorithm>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "ui/app.h"
#include "ui/clipboard.h"
#include "web/test_api.h"
#include "web/web_files.h"
#include "web/web_fonts.h"
#include "web/web_services.h"
#include "web/web_platform.h"
#include "web/web_request_files.h"
#include "web/web_workspace.h"
#include "web/web_transport.h"

namespace {

struct WebApp {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  int width = 0;
  int height = 0;
  long frames = 0;
  std::vector<SDL_Event> deferred_keys;  // key events held for the next frame (take_events)
  wirepad::web::WebTransport transport{wirepad::web::relay_url_from_page()};
  wirepad::web::WebPlatform platform{transport};
  wirepad::ui::AppState state;
};

EM_JS(int, browser_inner_width, (), { return window.innerWidth | 0; });
// The lab hello server's port, as `wirepad serve` wrote it into the page; 8080 otherwise.
EM_JS(int, page_hello_port, (), {
  var meta = document.querySelector('meta[name="wirepad-hello-port"]');
  var port = meta ? parseInt(meta.getAttribute("content"), 10) : NaN;
  return port > 0 && port < 65536 ? port : 8080;
});
EM_JS(int, browser_inner_height, (), { return window.innerHeight | 0; });
// The shell shows "Loading Wirepad…" until the first frame is on the canvas. The moment is
// kept (milliseconds since navigation started) so a test can report the time to first frame.
EM_JS(void, hide_loading_text, (), {
  window.wirepadFirstFrameMs = performance.now();
  var el = document.getElementById('loading');
  if (el) el.remove();
});
// Replaces the loading text with why the app cannot run (defined in index.html).
EM_JS(void, show_failure, (const char* text), {
  var message = UTF8ToString(text);
  if (typeof wirepadShowFailure === 'function') wirepadShowFailure(message);
});

// Keeps the canvas exactly as large as the window (CSS pixels).
void follow_window_size(WebApp& app) {
  int w = browser_inner_width();
  int h = browser_inner_height();
  if (w <= 0 || h <= 0 || (w == app.width && h == app.height)) return;
  app.width = w;
  app.height = h;
  SDL_SetWindowSize(app.window, w, h);
}

// Dear ImGui 1.86 reads keys as state (io.KeysDown), not as a queue of events: a key that
// goes down and up between two frames (a quick tap; the browser delivers every DOM event
// before the next animation frame) was never seen down, so Enter in the URL field, or a
// shortcut, was sometimes lost. The key-up of a key that went down in this frame's batch
// (and that key's later events) waits for the next frame, so each frame sees the press.
// Typed text (SDL_TEXTINPUT) is a queue in ImGui already and is held only behind a held
// modifier key-up: ImGui drops typed characters while Ctrl is down, so the "h" typed right
// after Ctrl+A in the same batch was lost while Ctrl's key-up waited for the next frame. The
// backend also takes the modifiers from SDL's state after the whole batch; each key event's own
// modifiers are used instead.
void process_key_event(const SDL_Event& event) {
  ImGui_ImplSDL2_ProcessEvent(&event);
  ImGuiIO& io = ImGui::GetIO();
  const Uint16 mod = event.key.keysym.mod;
  io.KeyShift = (mod & KMOD_SHIFT) != 0;
  io.KeyCtrl = (mod & KMOD_CTRL) != 0;
  io.KeyAlt = (mod & KMOD_ALT) != 0;
  io.KeySuper = (mod & KMOD_GUI) != 0;
}

void take_events(WebApp& app) {
  std::vector<SDL_Event> held;
  held.swap(app.deferred_keys);
  std::vector<SDL_Scancode> pressed;  // went down in this frame's batch
  auto is_pressed = [&](SDL_Scancode s) { return std::find(pressed.begin(), pressed.end(), s) != pressed.end(); };
  auto is_modifier = [](SDL_Scancode s) {
    return s == SDL_SCANCODE_LCTRL || s == SDL_SCANCODE_RCTRL || s == SDL_SCANCODE_LALT || s == SDL_SCANCODE_RALT ||
           s == SDL_SCANCODE_LGUI || s == SDL_SCANCODE_RGUI;
  };
  bool modifier_up_held = false;  // a modifier's key-up waits for the next frame: so does typed text
  auto handle = [&](const SDL_Event& event) {
    const bool key = event.type == SDL_KEYDOWN || event.type == SDL_KEYUP;
    if (!key) {
      if (event.type == SDL_TEXTINPUT && modifier_up_held) {
        app.deferred_keys.push_back(event);
        return;
      }
      ImGui_ImplSDL2_ProcessEvent(&event);
      return;
    }
    const SDL_Scancode s = event.key.keysym.scancode;
    const bool held_already = std::any_of(app.deferred_keys.begin(), app.deferred_keys.end(), [&](const SDL_Event& e) {
      return (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) && e.key.keysym.scancode == s;
    });
    if ((event.type == SDL_KEYUP && is_pressed(s)) || held_already) {
      if (event.type == SDL_KEYUP && is_modifier(s)) modifier_up_held = true;
      app.deferred_keys.push_back(event);
      return;
    }
    if (event.type == SDL_KEYDOWN) pressed.push_back(s);
    process_key_event(event);
  };
  for (const SDL_Event& event : held) handle(event);
  SDL_Event event;
  while (SDL_PollEvent(&event)) handle(event);
}

void frame(void* user) {
  const double started = emscripten_get_now();
  auto& app = *static_cast<WebApp*>(user);
  follow_window_size(app);

  take_events(app);

  wirepad::web::update_fonts(app.state, app.platform);  // the desktop's fonts, as they arrive (web_fonts.cpp)
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  wirepad::ui::draw_app(app.state, app.platform);
  ImGui::Render();

  ImGuiIO& io = ImGui::GetIO();
  glViewport(0, 0, int(io.DisplaySize.x * io.DisplayFramebufferScale.x),
             int(io.DisplaySize.y * io.DisplayFramebufferScale.y));
  glClearColor(0.10f, 0.10f, 0.11f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(app.window);

  if (++app.frames == 1) hide_loading_text();
  wirepad::web::set_frame_count(app.frames);
  wirepad::web::record_frame_time(emscripten_get_now() - started);
}

}  // namespace

int main() {
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::string why = std::string("SDL could not start: ") + SDL_GetError();
    show_failure(why.c_str());
    return 1;
  }
  // WebGL2 is OpenGL ES 3.0.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);

  static WebApp app;  // lives as long as the page: the main loop never returns
  app.width = browser_inner_width() > 0 ? browser_inner_width() : 1280;
  app.height = browser_inner_height() > 0 ? browser_inner_height() : 720;
  app.window = SDL_CreateWindow("Wirepad", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, app.width,
                                app.height, SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE);
  app.gl = app.window ? SDL_GL_CreateContext(app.window) : nullptr;
  if (!app.gl) {
    std::string why = std::string("this browser could not create a WebGL2 context (") + SDL_GetError() +
                      "); try another browser, or enable hardware acceleration.";
    show_failure(why.c_str());
    return 1;
  }
  SDL_GL_MakeCurrent(app.window, app.gl);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no file system here; layout is not persisted yet
  ImGui::StyleColorsDark();
  ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  wirepad::ui::load_example(app.state, wirepad::ui::hello_experiment(page_hello_port()));
  wirepad::web::install_test_api(app.state, app.platform);
  wirepad::web::open_link_from_page(app.state);
  wirepad::web::install_request_files(app.state);  // picked files, mounted before the workspace's first sync loads them
  wirepad::web::start_browser_workspace(app.state, app.platform);
  wirepad::web::install_web_services(app.state);  // textures, downloads, settings (web_services.cpp)
  wirepad::web::install_web_files(app.state);     // file dialog and drag-and-drop into Import (web_files.cpp)
  wirepad::ui::guard_clipboard(app.state);        // copies too large for a clipboard are refused with a note (ui/clipboard.h)

  emscripten_set_main_loop_arg(frame, &app, 0, true);
  return 0;
}
