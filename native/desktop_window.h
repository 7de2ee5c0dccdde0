// native: the desktop's window and what draws ImGui's frames into it. Two renderers draw the
// same ImGui draw lists:
//   gl        an OpenGL 3.2 core context (ImGui's OpenGL3 backend), for a GPU driver;
//   software  SDL's 2D software renderer (ImGui's SDL_Renderer backend) into the window's
//             shared-memory image, for when the only OpenGL there is would itself run on the
//             CPU: Mesa's llvmpipe under Xvfb, a VNC server or ssh -X. There llvmpipe costs
//             54 MiB of libLLVM pages, five worker threads and a JIT compile per shader; SDL's
//             rasterizer draws the same frame without any of it, several times faster
//             (docs/desktop-performance.md has the figures).
// choose_renderer picks one ("auto"): software when the X server offers no direct rendering
// (no DRI2, DRI3 or NVIDIA GLX extension: Mesa can only fall back to its software driver) or
// LIBGL_ALWAYS_SOFTWARE is set; OpenGL otherwise. `wirepad --renderer gl|software` overrides.
// Depends on: SDL2, Dear ImGui's SDL2, OpenGL3 and SDL_Renderer backends, Xlib (the check).
#pragma once
#include <memory>
#include <string>
#include <string_view>

struct SDL_Window;
struct ImDrawData;

namespace wirepad::native {

enum class RendererKind { gl, software };

struct RendererChoice {
  RendererKind kind = RendererKind::gl;
  std::string why;  // "the X server has no direct rendering (DRI2/DRI3)", for --startup-report
};

// `requested`: "auto", "gl" or "software"; anything else is refused by the CLI first.
// Call after SDL_Init (it asks SDL which video driver runs).
RendererChoice choose_renderer(std::string_view requested);

class DesktopWindow {
 public:
  // A resizable, HiDPI-aware window of width x height with its renderer and ImGui's platform
  // and renderer backends initialised (ImGui's context must exist). Null, with `error` set to
  // a sentence, when the window or its renderer cannot be made.
  static std::unique_ptr<DesktopWindow> open(RendererKind kind, const char* title, int width, int height,
                                             std::string& error);
  virtual ~DesktopWindow() = default;
  virtual const char* renderer_name() const = 0;  // "OpenGL 3.2 (llvmpipe ...)", "SDL software"
  SDL_Window* sdl() const { return window_; }

  virtual void new_frame() = 0;                    // before ImGui::NewFrame (builds the font texture once)
  virtual void draw(ImDrawData* data) = 0;         // clear the back buffer and draw the frame
  virtual void present() = 0;                      // show what draw() drew
  virtual void finish() = 0;                       // wait until it is on screen (start-up timing)
  virtual void rebuild_font_texture() = 0;         // the atlas changed (the CJK font was merged)
  // Writes the back buffer (what draw() drew, before present()) to a PNG; "" or why not.
  virtual std::string save_png(const std::string& path) = 0;
  // Textures for ImGui::Image (the Preview tab): RGBA, width x height; null when it failed.
  virtual void* upload_texture(const unsigned char* rgba, int width, int height) = 0;
  virtual void free_texture(void* texture) = 0;

 protected:
  SDL_Window* window_ = nullptr;
};

}  // namespace wirepad::native
