// native: saves the current OpenGL framebuffer as a PNG (desktop --screenshot, used by the
// end-to-end test and for bug reports).
// Depends on: OpenGL, libpng.
#pragma once
#include <string>

namespace wirepad::native {

// Reads the back buffer of the current GL context (width x height pixels) and writes it to
// `path`. Returns "" or a sentence saying why not.
std::string save_framebuffer_png(const std::string& path, int width, int height);

}  // namespace wirepad::native
