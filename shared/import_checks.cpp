// wirepad core: import_checks.h.
#include "import_checks.h"

#include <nlohmann/json.hpp>

#include "text_util.h"

namespace wirepad {

void note_not_imported(ImportedRequest& r, std::string what, std::string sentence, std::size_t offset) {
  r.not_imported.push_back({std::move(what), std::move(sentence), offset});
}

bool add_imported_assertion(ImportedRequest& r, Assertion assertion, const std::string& what, std::size_t offset) {
  // The value as the file writes it (1000000000000000000000 is 1e+21 there), so an imported
  // experiment reads back equal to itself.
  if (!assertion.expected.empty()) {
    auto v = nlohmann::ordered_json::parse(assertion.expected, nullptr, false);
    if (!v.is_discarded()) assertion.expected = v.dump();
  }
  if (Error e = validate_assertion(assertion)) {
    note_not_imported(r, what, "not imported: " + e.message, offset);
    return false;
  }
  r.experiment.test.assertions.push_back(std::move(assertion));
  return true;
}

bool add_imported_capture(ImportedRequest& r, Capture capture, const std::string& what, std::size_t offset) {
  if (Error e = validate_capture(capture)) {
    note_not_imported(r, what, "not imported: " + e.message, offset);
    return false;
  }
  r.experiment.test.captures.push_back(std::move(capture));
  return true;
}

namespace {

bool identifier_start(char c) { return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool identifier_char(char c) { return identifier_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> jsonpath_from_js_access(std::string_view s) {
  std::string out = "$";
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
      std::size_t start = i;
      if (i >= s.size() || !identifier_start(s[i])) return std::nullopt;
      while (i < s.size() && identifier_char(s[i])) ++i;
      std::string_view name = s.substr(start, i - start);
      // "$" alone is a JSONPath root inside the query: quote names that are not plain.
      bool plain = true;
      for (char c : name) plain = plain && c != '$';
      out += plain ? "." + std::string(name) : "[" + json_quote(name) + "]";
    } else if (s[i] == '[') {
      ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char quote = s[i++];
        std::string name;
        while (i < s.size() && s[i] != quote) {
          if (s[i] == '\\' && i + 1 < s.size()) ++i;
          name += s[i++];
        }
        if (i >= s.size()) return std::nullopt;
        ++i;  // the quote
        out += "[" + json_quote(name) + "]";
      } else {
        std::size_t start = i;
        if (i < s.size() && s[i] == '-') ++i;
        while (i < s.size() && text::is_digit(static_cast<unsigned char>(s[i]))) ++i;
        if (i == start || (i == start + 1 && s[start] == '-')) return std::nullopt;
        out += "[" + std::string(s.substr(start, i - start)) + "]";
      }
      if (i >= s.size() || s[i] != ']') return std::nullopt;
      ++i;
    } else if (i == 0 && identifier_start(s[i])) {
      std::size_t start = i;
      while (i < s.size() && identifier_char(s[i])) ++i;
      std::string_view name = s.substr(start, i - start);
      bool plain = name.find('$') == std::string_view::npos;
      out += plain ? "." + std::string(name) : "[" + json_quote(name) + "]";
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// Text from an imported file may not be UTF-8: dump() would throw (and abort the browser build,
// which has no exceptions), so bytes that are not become U+FFFD (found by the imports fuzz target).
std::string json_quote(std::string_view text) {
  return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::string> json_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // JSON's number grammar (RFC 8259 §6), which is also what these tools write.
  std::size_t i = 0;
  if (text[i] == '-') ++i;
  std::size_t digits = i;
  while (i < text.size() && text::is_digit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == digits) return std::nullopt;
  if (text[digits] == '0' && i - digits > 1) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    std::size_t f = ++i;
    while (i < text.size() && text::is_digit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == f) return std::nullopt;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t e = i;
    while (i < text.size() && text::is_digit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == e) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  return std::string(text);
}

}  // namespace wirepad
