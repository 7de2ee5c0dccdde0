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

std::optional<FieldView> find_header(const FieldList& fields, std::string_view name) {
  for (FieldView field : fields) {
    if (iequals(field.name, name)) return field;
  }
  return std::nullopt;
}

std::string combined_field_value(const FieldList& fields, std::string_view name) {
  std::string value;
  for (FieldView field : fields) {
    if (!iequals(field.name, name)) continue;
    if (!value.empty()) value += ", ";
    value += field.value;
  }
  return value;
}

Headers to_headers(const FieldList& fields) {
  Headers headers;
  headers.reserve(fields.size());
  for (FieldView field : fields) headers.push_back({std::string(field.name), std::string(field.value)});
  return headers;
}

bool operator==(const FieldView& field, const Header& header) {
  return field.name == header.name && field.value == header.value;
}

bool operator==(const FieldList& fields, const Headers& headers) {
  if (fields.size() != headers.size()) return false;
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (!(fields[i] == headers[i])) return false;
  return true;
}

FieldList to_field_list(const Headers& headers) {
  FieldList fields;
  for (const Header& header : headers) fields.add(header.name, header.value);
  return fields;
}

std::string http_version_text(const HttpResponse& response) {
  if (response.version_major >= 2) return "HTTP/" + std::to_string(response.version_major);
  return "HTTP/" + std::to_string(response.version_major) + "." + std::to_string(response.version_minor);
}

}  // namespace wirepad
