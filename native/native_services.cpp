// native: native_services.h.
#include "native/native_services.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace wirepad::native {

// A payload file is read whole; 16 MiB is far more than a lab exchange needs and keeps a
// mistaken choice (a disk image) from eating the memory.
constexpr std::size_t kMaxPayloadFile = 16u << 20;

Result<std::string> NativeServices::read_file(const std::string& path) {
  if (path.empty()) return make_error(ErrorCode::invalid_request, "type the path of a file to send");
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io_error, "cannot open '" + path + "': " + std::strerror(errno));
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return make_error(ErrorCode::io_error, "'" + path + "' is not a regular file");
  if (std::size_t(size) > kMaxPayloadFile)
    return make_error(ErrorCode::invalid_request, "'" + path + "' has " + std::to_string(size) + " bytes; payload files are limited to 16 MiB");
  in.seekg(0);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), size);
  if (!in) return make_error(ErrorCode::io_error, "reading '" + path + "' failed");
  return bytes;
}

Error NativeServices::write_file(const std::string& path, std::string_view contents) {
  if (path.empty()) return make_error(ErrorCode::invalid_request, "type a file name to save to");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return make_error(ErrorCode::io_error, "cannot write '" + path + "': " + std::strerror(errno));
  out.write(contents.data(), std::streamsize(contents.size()));
  out.close();
  if (!out) return make_error(ErrorCode::io_error, "writing '" + path + "' failed");
  return {};
}

}  // namespace wirepad::native
