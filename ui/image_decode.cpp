// ui: image_decode.h. stb_image with only the formats we show, and no file I/O.
#include "ui/image_decode.h"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#include <stb_image.h>

#include <climits>
#include <cstring>

namespace wirepad::ui {

std::string_view image_format_of(std::string_view b) {
  if (b.size() >= 8 && std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) == 0) return "PNG";
  if (b.size() >= 3 && std::memcmp(b.data(), "\xff\xd8\xff", 3) == 0) return "JPEG";
  if (b.size() >= 6 && (std::memcmp(b.data(), "GIF87a", 6) == 0 || std::memcmp(b.data(), "GIF89a", 6) == 0)) return "GIF";
  return "";
}

DecodedImage decode_image(std::string_view bytes, long long max_pixels) {
  DecodedImage image;
  image.format = std::string(image_format_of(bytes));
  if (image.format.empty()) {
    image.error = "not a PNG, JPEG or GIF image (its first bytes are not one of their signatures)";
    return image;
  }
  if (bytes.size() > std::size_t(INT_MAX)) {
    image.error = "the image is larger than 2 GiB";
    return image;
  }
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int size = int(bytes.size());
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(data, size, &w, &h, &channels)) {
    image.error = image.format + " header could not be read: " + stbi_failure_reason();
    return image;
  }
  if (w <= 0 || h <= 0 || (long long)w * h > max_pixels) {
    image.error = image.format + " of " + std::to_string(w) + " x " + std::to_string(h) +
                  " pixels is larger than the preview decodes (" + std::to_string(max_pixels / (1024 * 1024)) + " Mpixels)";
    return image;
  }
  stbi_uc* pixels = stbi_load_from_memory(data, size, &w, &h, &channels, 4);
  if (!pixels) {
    image.error = image.format + " could not be decoded: " + stbi_failure_reason();
    return image;
  }
  image.width = w;
  image.height = h;
  image.rgba.assign(pixels, pixels + std::size_t(w) * std::size_t(h) * 4);
  stbi_image_free(pixels);
  return image;
}

}  // namespace wirepad::ui
