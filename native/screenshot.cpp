// native: save_rgb_png, libpng's simplified write API.
#include "native/screenshot.h"

#include <png.h>

#include <cstring>

namespace wirepad::native {

std::string save_rgb_png(const std::string& path, int width, int height, const unsigned char* rgb, long stride) {
  if (width <= 0 || height <= 0) return "the window has no size to capture";
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = png_uint_32(width);
  image.height = png_uint_32(height);
  image.format = PNG_FORMAT_RGB;
  if (!png_image_write_to_file(&image, path.c_str(), 0, rgb, png_int_32(stride), nullptr))
    return "could not write " + path + ": " + image.message;
  return "";
}

}  // namespace wirepad::native
