// native: DesktopWindow over SDL's software renderer and ImGui's SDL_Renderer backend. The
// frame is rasterized by SDL on the CPU into the window's surface, which SDL puts on screen
// with one XShmPutImage: no OpenGL library is loaded at all.
#include <SDL.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_sdl.h"
#include "imgui_impl_sdlrenderer.h"
#include "native/desktop_window.h"
#include "native/screenshot.h"

namespace wirepad::native {
namespace {

// SDL's software renderer turns a texture coordinate into a texel by truncating u * width
// (SDL_render.c, SDL_render_sw.c), and ImGui's glyph coordinates sit exactly on texel edges:
// a float product a hair under the edge picks the texel before it, so glyphs lose a row or
// gain one of their neighbour's (seen once the CJK font makes the atlas large). Moving every
// coordinate a quarter of a texel on puts edges safely inside their texel, and leaves the
// coordinates ImGui puts at texel centres (its anti-aliased line rows) in theirs.
// Commands' vertex ranges follow each other in a draw list, so each vertex moves once.
void round_texture_coordinates(ImDrawData& data) {
  for (int l = 0; l < data.CmdListsCount; ++l) {
    ImDrawList& list = *data.CmdLists[l];
    unsigned moved_up_to = 0;  // vertices before this one have been moved
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback || cmd.ElemCount == 0) continue;
      int width = 0, height = 0;
      if (SDL_QueryTexture(static_cast<SDL_Texture*>(cmd.GetTexID()), nullptr, nullptr, &width, &height) != 0) continue;
      unsigned last = 0;
      for (unsigned i = 0; i < cmd.ElemCount; ++i) last = std::max<unsigned>(last, list.IdxBuffer[int(cmd.IdxOffset + i)]);
      last += cmd.VtxOffset;
      const float du = 0.25f / float(width), dv = 0.25f / float(height);
      for (unsigned v = std::max(moved_up_to, cmd.VtxOffset); v <= last && v < unsigned(list.VtxBuffer.Size); ++v) {
        list.VtxBuffer[int(v)].uv.x += du;
        list.VtxBuffer[int(v)].uv.y += dv;
      }
      moved_up_to = std::max(moved_up_to, last + 1);
    }
  }
}

class SoftwareWindow final : public DesktopWindow {
 public:
  bool open(const char* title, int width, int height, std::string& error) {
    // Without this SDL backs the window's surface with an OpenGL texture when it can, which
    // would load the very driver this renderer is here to avoid.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    window_ = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                               SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (window_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer_) {
      error = std::string("cannot create SDL's software renderer: ") + SDL_GetError();
      return false;
    }
    // ImGui draws thin lines from pixels baked into its atlas, which rely on the texture being
    // sampled bilinearly; SDL samples the nearest texel, which made them twice as thick. Drawn
    // as triangles with an alpha fringe instead, they look as they do with OpenGL.
    ImGui::GetIO().Fonts->Flags |= ImFontAtlasFlags_NoBakedLines;
    ImGui_ImplSDL2_InitForSDLRenderer(window_);
    ImGui_ImplSDLRenderer_Init(renderer_);
    backends_ = true;
    return true;
  }

  ~SoftwareWindow() override {
    if (backends_) {
      ImGui_ImplSDLRenderer_Shutdown();
      ImGui_ImplSDL2_Shutdown();
    }
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (window_) SDL_DestroyWindow(window_);
  }

  const char* renderer_name() const override { return "SDL software renderer"; }

  void new_frame() override {
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }

  void draw(ImDrawData* data) override {
    // The window may have been resized since the last frame: draw over all of it.
    SDL_RenderSetViewport(renderer_, nullptr);
    SDL_SetRenderDrawColor(renderer_, 26, 26, 28, 255);  // the GL window's clear colour
    SDL_RenderClear(renderer_);
    round_texture_coordinates(*data);
    ImGui_ImplSDLRenderer_RenderDrawData(data);
  }

  void present() override { SDL_RenderPresent(renderer_); }
  void finish() override {}  // SDL_RenderPresent has put the image on screen and synced

  void rebuild_font_texture() override {
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ImGui_ImplSDLRenderer_CreateFontsTexture();
  }

  std::string save_png(const std::string& path) override {
    int width = 0, height = 0;
    if (SDL_GetRendererOutputSize(renderer_, &width, &height) != 0 || width <= 0 || height <= 0)
      return "the window has no size to capture";
    std::vector<unsigned char> pixels(std::size_t(width) * std::size_t(height) * 3);
    if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGB24, pixels.data(), width * 3) != 0)
      return std::string("reading the window's pixels failed: ") + SDL_GetError();
    return save_rgb_png(path, width, height, pixels.data(), long(width) * 3);
  }

  void* upload_texture(const unsigned char* rgba, int width, int height) override {
    SDL_Texture* texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width, height);
    if (!texture) return nullptr;
    if (SDL_UpdateTexture(texture, nullptr, rgba, width * 4) != 0) {
      SDL_DestroyTexture(texture);
      return nullptr;
    }
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(texture, SDL_ScaleModeNearest);  // pixels stay crisp when zoomed
    return texture;
  }

  void free_texture(void* texture) override { SDL_DestroyTexture(static_cast<SDL_Texture*>(texture)); }

 private:
  SDL_Renderer* renderer_ = nullptr;
  bool backends_ = false;
};

}  // namespace

std::unique_ptr<DesktopWindow> open_software_window(const char* title, int width, int height, std::string& error) {
  auto window = std::make_unique<SoftwareWindow>();
  if (!window->open(title, width, height, error)) return nullptr;
  return window;
}

}  // namespace wirepad::native
