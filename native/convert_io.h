// native: file input and output shared by the convert commands (cli_convert.cpp,
// cli_import_files.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace wirepad::native {

// The input line with a caret under `offset` (on stderr), when it fits on one screen line.
void show_position(std::string_view input, std::int64_t offset);
// "-" reads stdin; otherwise the file's bytes. Prints why on failure.
bool read_input(const std::string& path, std::string& out);
// Temporary file next to the target, fsync, rename: a crash leaves the old file or the new one.
bool write_atomically(const std::string& path, const std::string& text);

}  // namespace wirepad::native
