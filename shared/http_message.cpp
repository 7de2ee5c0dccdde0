// wirepad core: helpers over the HTTP message value types. Depends on: http_message.h only.
#include "http_message.h"

namespace wirepad {

namespace {
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

const Header* find_header(const Headers& headers, std::string_view name) {
  for (const Header& header : headers) {
    if (iequals(header.name, name)) return &header;
  }
  return nullptr;
}

std::string combined_field_value(const Headers& headers, std::string_view name) {
  std::string value;
  for (const Header& header : headers)
    if (iequals(header.name, name)) value += (value.empty() ? "" : ", ") + header.value;
  return value;
}

}  // namespace wirepad
