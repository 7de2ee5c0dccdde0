// ui: decodes PNG, JPEG and GIF (first frame) response bodies to RGBA8 pixels with stb_image
// (Debian's libstb-dev, header-only, compiled into this one file for both builds), so the
// Preview tab can show them as a texture. Refuses, with a sentence, what it cannot decode or
// what would be too large to hold.
// Depends on: stb_image.h (in the .cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wirepad::ui {

struct DecodedImage {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> rgba;  // width * height * 4 bytes
  std::string format;  // "PNG", "JPEG", "GIF"
  std::string error;   // set when nothing was decoded
};

// "PNG", "JPEG", "GIF" from the first bytes (magic numbers), "" for anything else.
std::string_view image_format_of(std::string_view bytes);

// At most `max_pixels` (width * height); larger images are refused before any is decoded.
DecodedImage decode_image(std::string_view bytes, long long max_pixels = 16LL * 1024 * 1024);

}  // namespace wirepad::ui
