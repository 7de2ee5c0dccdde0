// native: file input and output for the convert commands (import, export, open): read a file
// or stdin, write atomically, point at an error position.
#include "native/convert_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace wirepad::native {

// The input line with a caret under the error position, when it fits on one screen line.
void show_position(std::string_view input, std::int64_t offset) {
  if (offset < 0 || std::size_t(offset) > input.size()) return;
  std::size_t at = std::size_t(offset);
  std::size_t line_start = input.rfind('\n', at == 0 ? 0 : at - 1);
  line_start = (line_start == std::string_view::npos || at == 0) ? 0 : line_start + 1;
  if (input[line_start] == '\n') ++line_start;
  std::size_t line_end = input.find('\n', at);
  if (line_end == std::string_view::npos) line_end = input.size();
  std::size_t from = at > line_start + 60 ? at - 60 : line_start;
  std::size_t to = std::min(line_end, at + 60);
  std::cerr << "  " << input.substr(from, to - from) << "\n  " << std::string(at - from, ' ') << "^\n";
}

bool read_input(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    out = s.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "wirepad: cannot read " << path << "\n";
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// Write to a temporary file next to the target, fsync, rename: a crash leaves either the old
// file or the new one, never half of one.
bool write_atomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::perror(("wirepad: cannot write " + path).c_str());
    return false;
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      std::perror(("wirepad: cannot write " + path).c_str());
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    done += std::size_t(n);
  }
  bool ok = ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::perror(("wirepad: cannot write " + path).c_str());
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace wirepad::native
