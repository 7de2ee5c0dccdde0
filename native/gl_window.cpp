// native: DesktopWindow over an OpenGL 3.2 core context and ImGui's OpenGL3 backend.
#include <SDL.h>
#include <SDL_opengl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "native/desktop_window.h"
#include "native/screenshot.h"

namespace wirepad::native {
namespace {

class GlWindow final : public DesktopWindow {
 public:
  bool open(const char* title, int width, int height, std::string& error) {
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (window_) gl_ = SDL_GL_CreateContext(window_);
    if (!gl_) {
      error = std::string("cannot create an OpenGL 3.2 context: ") + SDL_GetError();
      return false;
    }
    SDL_GL_MakeCurrent(window_, gl_);
    SDL_GL_SetSwapInterval(1);
    const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    name_ = std::string("OpenGL 3.2 (") + (renderer ? renderer : "unknown") + ")";
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_);
    ImGui_ImplOpenGL3_Init("#version 150");
    backends_ = true;
    return true;
  }

  ~GlWindow() override {
    if (backends_) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplSDL2_Shutdown();
    }
    if (gl_) SDL_GL_DeleteContext(gl_);
    if (window_) SDL_DestroyWindow(window_);
  }

  const char* renderer_name() const override { return name_.c_str(); }

  void new_frame() override {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }

  void draw(ImDrawData* data) override {
    glViewport(0, 0, int(data->DisplaySize.x * data->FramebufferScale.x), int(data->DisplaySize.y * data->FramebufferScale.y));
    glClearColor(0.10f, 0.10f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(data);
  }

  void present() override { SDL_GL_SwapWindow(window_); }
  void finish() override { glFinish(); }

  void rebuild_font_texture() override {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }

  std::string save_png(const std::string& path) override {
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(window_, &width, &height);
    if (width <= 0 || height <= 0) return "the window has no size to capture";
    std::vector<unsigned char> pixels(std::size_t(width) * std::size_t(height) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (GLenum e = glGetError(); e != GL_NO_ERROR) return "glReadPixels failed (GL error " + std::to_string(e) + ")";
    return save_rgb_png(path, width, height, pixels.data(), -long(width) * 3);  // GL's rows go bottom-up
  }

  void* upload_texture(const unsigned char* rgba, int width, int height) override {
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

  void free_texture(void* texture) override {
    GLuint id = static_cast<GLuint>(reinterpret_cast<std::intptr_t>(texture));
    glDeleteTextures(1, &id);
  }

 private:
  SDL_GLContext gl_ = nullptr;
  bool backends_ = false;
  std::string name_;
};

}  // namespace

std::unique_ptr<DesktopWindow> open_gl_window(const char* title, int width, int height, std::string& error) {
  auto window = std::make_unique<GlWindow>();
  if (!window->open(title, width, height, error)) return nullptr;
  return window;
}

}  // namespace wirepad::native
