// native: writes pixels read back from the window as a PNG (desktop --screenshot, used by the
// end-to-end tests, the README's pictures and bug reports).
// Depends on: libpng.
#pragma once
#include <cstddef>
#include <string>

namespace wirepad::native {

// `rgb`: height rows of width RGB pixels, 3 bytes each, `stride` bytes apart; a negative
// stride says the buffer starts with the bottom row (as OpenGL reads them back), libpng's
// convention. Returns "" or a sentence saying why not.
std::string save_rgb_png(const std::string& path, int width, int height, const unsigned char* rgb, long stride);

}  // namespace wirepad::native
