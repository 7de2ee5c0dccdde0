// wirepad core: json_body.h.
#include "json_body.h"

#include "environment.h"
#include "json_input.h"

namespace wirepad {
namespace {

// The length of a {{name}} reference starting at `at` (outside a JSON string), or 0. "{{"
// never starts valid JSON (an object's key is a string), so this is never a JSON token.
std::size_t reference_at(std::string_view text, std::size_t at) {
  if (text.substr(at, 2) != "{{") return 0;
  std::size_t close = text.find("}}", at + 2);
  if (close == std::string_view::npos) return 0;
  std::string_view candidate = text.substr(at, close + 2 - at);
  return referenced_variables(candidate).empty() ? 0 : candidate.size();
}

// Calls `piece(start, length)` for each piece of `text`: a string (quotes
// included), a reference, or one other byte; whitespace outside strings is skipped.
template <class Fn>
void for_each_piece(std::string_view text, Fn&& piece) {
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      piece(i, j - i);
      i = j;
    } else if (std::size_t n = reference_at(text, i)) {
      piece(i, n);
      i += n;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else {
      // A run of literal bytes (a number, true/false/null) stays one piece.
      std::size_t j = i + 1;
      if (c != '{' && c != '}' && c != '[' && c != ']' && c != ',' && c != ':')
        while (j < text.size() && std::string_view("{}[],:\" \t\r\n").find(text[j]) == std::string_view::npos) ++j;
      piece(i, j - i);
      i = j;
    }
  }
}

}  // namespace

Error check_json_body(std::string_view text, std::string_view what) {
  // Each reference outside a string becomes a value of the same length ("0" and spaces), so
  // the parser's line and column are those of the text typed.
  std::string standin(text);
  for_each_piece(text, [&](std::size_t start, std::size_t length) {
    if (length >= 5 && text.substr(start, 2) == "{{") {
      standin[start] = '0';
      for (std::size_t k = 1; k < length; ++k) standin[start + k] = ' ';
    }
  });
  Result<json_input::Json> parsed = json_input::parse(standin, what);
  if (!parsed) return parsed.error();
  return {};
}

Result<std::string> beautify_json_body(std::string_view text, int indent) {
  if (Error e = check_json_body(text)) return e;
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  int depth = 0;
  bool just_opened = false;  // "{" or "[" written, nothing in it yet: "{}" stays "{}"
  auto newline = [&] {
    out += '\n';
    out.append(static_cast<std::size_t>(depth * indent), ' ');
  };
  for_each_piece(text, [&](std::size_t start, std::size_t length) {
    std::string_view piece = text.substr(start, length);
    char c = piece.size() == 1 ? piece[0] : '\0';
    if (c == '}' || c == ']') {
      --depth;
      if (!just_opened) newline();
      out += c;
      just_opened = false;
      return;
    }
    if (just_opened) newline();
    just_opened = false;
    if (c == '{' || c == '[') {
      out += c;
      ++depth;
      just_opened = true;
    } else if (c == ',') {
      out += ',';
      newline();
    } else if (c == ':') {
      out += ": ";
    } else {
      out.append(piece);
    }
  });
  return out;
}

}  // namespace wirepad
