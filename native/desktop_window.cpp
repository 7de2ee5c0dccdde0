// native: desktop_window.h: choosing the renderer, and opening the window with it.
#include "native/desktop_window.h"

#include <SDL.h>
#include <X11/Xlib.h>

#include <cstdlib>
#include <cstring>

namespace wirepad::native {

std::unique_ptr<DesktopWindow> open_gl_window(const char* title, int width, int height, std::string& error);
std::unique_ptr<DesktopWindow> open_software_window(const char* title, int width, int height, std::string& error);

namespace {

// Whether the X server lets OpenGL reach a GPU: Mesa needs DRI3 or DRI2 for that (without
// them its libGL can only use its software driver), NVIDIA's driver has its own extension.
// Xvfb and most VNC servers have none of them; a remote display (ssh -X) has none.
bool x_server_has_direct_rendering() {
  Display* display = XOpenDisplay(nullptr);
  if (!display) return true;  // SDL will say what is wrong with the display
  bool direct = false;
  for (const char* extension : {"DRI3", "DRI2", "NV-GLX"}) {
    int opcode = 0, event = 0, error = 0;
    if (XQueryExtension(display, extension, &opcode, &event, &error)) direct = true;
  }
  XCloseDisplay(display);
  return direct;
}

}  // namespace

RendererChoice choose_renderer(std::string_view requested) {
  if (requested == "gl") return {RendererKind::gl, "asked for (--renderer gl)"};
  if (requested == "software") return {RendererKind::software, "asked for (--renderer software)"};
  const char* forced = std::getenv("LIBGL_ALWAYS_SOFTWARE");
  if (forced && *forced && std::strcmp(forced, "0") != 0)
    return {RendererKind::software, "LIBGL_ALWAYS_SOFTWARE is set: OpenGL would be drawn on the CPU anyway"};
  const char* driver = SDL_GetCurrentVideoDriver();
  if (driver && std::strcmp(driver, "x11") == 0 && !x_server_has_direct_rendering())
    return {RendererKind::software, "the X server offers no direct rendering (DRI2, DRI3): OpenGL would be drawn on the CPU"};
  return {RendererKind::gl, "a GPU driver may be there"};
}

std::unique_ptr<DesktopWindow> DesktopWindow::open(RendererKind kind, const char* title, int width, int height,
                                                   std::string& error) {
  return kind == RendererKind::gl ? open_gl_window(title, width, height, error)
                                  : open_software_window(title, width, height, error);
}

}  // namespace wirepad::native
