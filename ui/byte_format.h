// ui: how bytes, sizes and durations are written for people. Pure functions, so the byte
// views stay exact and the formatting is tested without a window.
// Depends on: the C++ standard library only. Output is ASCII except UTF-8 passed through:
// the built-in ImGui font has no glyphs beyond ASCII.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace wirepad::ui {

// One line of raw bytes as text that shows every byte: printable ASCII and valid UTF-8 as
// is, CR LF TAB as \r \n \t, a backslash as \\, anything else as \xNN. At most `max_bytes` of
// the input are shown; the rest is summarized as " ... (N more bytes)".
std::string escape_bytes(std::string_view bytes, std::size_t max_bytes = 4096);

// "00000010  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  |HTTP/1.1 200 OK.|"
std::string hex_dump_row(std::string_view bytes, std::size_t row_offset);

// "0.42 ms", "12.3 ms", "1.25 s"; "-" for a negative (not reached) value.
std::string format_seconds(double seconds);
// "512 B", "1.5 KiB", "20.0 MiB".
std::string format_size(std::size_t bytes);
// "1 request", "2 requests", "0 requests": a count with its noun in the right number.
// `plural`: when not the noun + "s" ("1 reply", "2 replies").
std::string counted(std::size_t n, std::string_view noun, std::string_view plural = {});
// The same from a plural noun ("segments", "datagrams", "frames"): 1 -> "1 segment".
std::string counted_plural(std::size_t n, std::string_view plural);

}  // namespace wirepad::ui
