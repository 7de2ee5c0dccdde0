// wirepad core (private): small character helpers shared by the URL parser, the request
// serializer and the response parser. Not part of the public API.
// Depends on: the C++ standard library only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace wirepad::text {

// tchar from RFC 9110 §5.6.2: the characters allowed in a token (method, header name).
inline bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool is_hex(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline int hex_value(unsigned char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}
inline char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// Optional whitespace (RFC 9110 §5.6.3): SP and HTAB.
inline bool is_ows(char c) { return c == ' ' || c == '\t'; }
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// How a person would name a character in an error message: "a space", "a line feed",
// "'<'", "byte 0x01".
inline std::string describe_char(unsigned char c) {
  switch (c) {
    case ' ': return "a space";
    case '\t': return "a tab";
    case '\r': return "a carriage return";
    case '\n': return "a line feed";
    case '\0': return "a NUL byte";
    default: break;
  }
  if (c < 0x20 || c >= 0x7f) {
    static const char* digits = "0123456789ABCDEF";
    std::string s = "a control byte 0x";
    if (c >= 0x80) s = "a non-ASCII byte 0x";
    s += digits[c >> 4];
    s += digits[c & 15];
    return s;
  }
  return std::string("'") + char(c) + "'";
}

}  // namespace wirepad::text
