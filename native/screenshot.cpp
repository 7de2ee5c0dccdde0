// native: save_framebuffer_png, glReadPixels + libpng's simplified write API.
#include "native/screenshot.h"

#include <GL/gl.h>
#include <png.h>

#include <cstring>
#include <vector>

namespace wirepad::native {

std::string save_framebuffer_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "the window has no size to capture";
  std::vector<unsigned char> pixels(std::size_t(width) * std::size_t(height) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (GLenum e = glGetError(); e != GL_NO_ERROR) return "glReadPixels failed (GL error " + std::to_string(e) + ")";

  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = png_uint_32(width);
  image.height = png_uint_32(height);
  image.format = PNG_FORMAT_RGB;
  // OpenGL's rows go bottom-up; a negative stride tells libpng to write them top-down.
  const png_int_32 stride = -png_int_32(width * 3);
  if (!png_image_write_to_file(&image, path.c_str(), 0, pixels.data(), stride, nullptr))
    return "could not write " + path + ": " + image.message;
  return "";
}

}  // namespace wirepad::native
