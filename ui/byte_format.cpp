// ui: byte_format.h.
#include "ui/byte_format.h"

#include <cstdio>

namespace wirepad::ui {
namespace {

// Length of the valid UTF-8 sequence (2-4 bytes) starting at `s`, or 0 (RFC 3629 §4).
std::size_t utf8_sequence_length(std::string_view s) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b0 = byte(0);
  std::size_t n = b0 >= 0xC2 && b0 <= 0xDF ? 2 : b0 >= 0xE0 && b0 <= 0xEF ? 3 : b0 >= 0xF0 && b0 <= 0xF4 ? 4 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  // Overlong, surrogate and beyond-U+10FFFF forms.
  if (b0 == 0xE0 && byte(1) < 0xA0) return 0;
  if (b0 == 0xED && byte(1) > 0x9F) return 0;
  if (b0 == 0xF0 && byte(1) < 0x90) return 0;
  if (b0 == 0xF4 && byte(1) > 0x8F) return 0;
  return n;
}

}  // namespace

std::string escape_bytes(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  std::size_t shown = bytes.size() < max_bytes ? bytes.size() : max_bytes;
  out.reserve(shown + 16);
  std::size_t i = 0;
  while (i < shown) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c >= 0x20 && c < 0x7F) {
      out += char(c);
    } else if (std::size_t n = c >= 0x80 ? utf8_sequence_length(bytes.substr(i)) : 0; n > 0) {
      out.append(bytes.substr(i, n));
      i += n;
      continue;
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
    ++i;
  }
  if (i < bytes.size()) out += " ... (" + std::to_string(bytes.size() - i) + " more " + (bytes.size() - i == 1 ? "byte)" : "bytes)");
  return out;
}

std::string hex_dump_row(std::string_view bytes, std::size_t row_offset) {
  char buffer[96];
  std::string out;
  std::snprintf(buffer, sizeof buffer, "%08zx  ", row_offset);
  out += buffer;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i < bytes.size()) {
      std::snprintf(buffer, sizeof buffer, "%02x ", static_cast<unsigned char>(bytes[i]));
      out += buffer;
    } else {
      out += "   ";
    }
    if (i == 7) out += ' ';
  }
  out += " |";
  for (char ch : bytes) {
    unsigned char c = static_cast<unsigned char>(ch);
    out += c >= 0x20 && c < 0x7F ? char(c) : '.';
  }
  out += '|';
  return out;
}

std::string format_seconds(double seconds) {
  if (seconds < 0) return "-";
  char buffer[32];
  if (seconds < 0.001) std::snprintf(buffer, sizeof buffer, "%.3f ms", seconds * 1000);
  else if (seconds < 1) std::snprintf(buffer, sizeof buffer, "%.2f ms", seconds * 1000);
  else std::snprintf(buffer, sizeof buffer, "%.2f s", seconds);
  return buffer;
}

std::string counted(std::size_t n, std::string_view noun, std::string_view plural) {
  std::string out = std::to_string(n) + " ";
  if (n == 1) out += noun;
  else if (!plural.empty()) out += plural;
  else (out += noun) += 's';
  return out;
}

std::string counted_plural(std::size_t n, std::string_view plural) {
  if (n == 1 && !plural.empty() && plural.back() == 's') plural.remove_suffix(1);
  return std::to_string(n) + " " + std::string(plural);
}

std::string format_size(std::size_t bytes) {
  char buffer[32];
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) std::snprintf(buffer, sizeof buffer, "%.1f KiB", bytes / 1024.0);
  else if (bytes < 1024ull * 1024 * 1024) std::snprintf(buffer, sizeof buffer, "%.1f MiB", bytes / (1024.0 * 1024));
  else std::snprintf(buffer, sizeof buffer, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  return buffer;
}

}  // namespace wirepad::ui
