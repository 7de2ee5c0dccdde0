// wirepad core: hurl_import.h. [SECTION] index: lines and words; values (quoted strings,
// numbers, templates); the request part (sections, options, bodies); queries, filters and
// predicates; captures and asserts; the file.
#include "hurl_import.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "base64.h"
#include "import_checks.h"
#include "import_text.h"
#include "json_input.h"
#include "jsonpath.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

// [SECTION] lines and words --------------------------------------------------------------

struct Line {
  std::string_view text;  // without the line break
  std::size_t offset = 0;
  std::size_t number = 0;  // 1-based
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t at = 0, number = 1;
  while (at <= text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, at, number++});
    if (end == text.size()) break;
    at = end + 1;
  }
  return lines;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

Error error_at(const Line& line, std::size_t column, const std::string& what) {
  return make_error(ErrorCode::invalid_request,
                    "line " + std::to_string(line.number) + ", column " + std::to_string(column + 1) + ": " + what,
                    std::int64_t(line.offset + column));
}

// The line without a trailing comment: '#' outside "quotes", `backticks` and /regex/ (a
// '\#' is an escaped '#'), trailing blanks dropped.
std::string_view strip_comment(std::string_view t) {
  char in = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in) {
      if (c == in) in = 0;
      continue;
    }
    if (c == '"' || c == '`') in = c;
    else if (c == '#') {
      t = t.substr(0, i);
      break;
    }
  }
  while (!t.empty() && text::is_ows(t.back())) t.remove_suffix(1);
  return t;
}

std::string_view skip_ows(std::string_view s) {
  while (!s.empty() && text::is_ows(s.front())) s.remove_prefix(1);
  return s;
}

// The first word (up to a blank) and the rest.
std::pair<std::string_view, std::string_view> first_word(std::string_view s) {
  s = skip_ows(s);
  std::size_t end = 0;
  while (end < s.size() && !text::is_ows(s[end])) ++end;
  return {s.substr(0, end), skip_ows(s.substr(end))};
}

bool is_method(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w)
    if (!(c >= 'A' && c <= 'Z')) return false;
  return true;
}

// "GET http://..." (Hurl's methods are upper case; a header or an option has a ':').
bool is_status_line(std::string_view t);

bool is_request_line(std::string_view t) {
  auto [method, rest] = first_word(t);
  return is_method(method) && !rest.empty() && method.find(':') == std::string_view::npos && !is_status_line(t);
}

// "HTTP 200", "HTTP/1.1 200", "HTTP/2 *", "HTTP *".
bool is_status_line(std::string_view t) {
  auto [version, rest] = first_word(t);
  if (version != "HTTP" && !starts_with(version, "HTTP/")) return false;
  auto [status, after] = first_word(rest);
  if (!after.empty()) return false;
  if (status == "*") return true;
  if (status.size() != 3) return false;
  for (char c : status)
    if (!text::is_digit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "[Asserts]" -> "Asserts"; "" when the line is not a section header.
std::string_view section_name(std::string_view t) {
  t = text::trim_ows(t);
  if (t.size() < 3 || t.front() != '[' || t.back() != ']') return {};
  std::string_view name = t.substr(1, t.size() - 2);
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return {};
  return name;
}

// [SECTION] values -------------------------------------------------------------------------

// Hurl's escapes in keys and values: \" \\ \/ \b \f \n \r \t \# \: \u{XXXX}.
std::optional<std::string> unescape(std::string_view s, std::string& why) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) {
      why = "a '\\' at the end";
      return std::nullopt;
    }
    switch (s[i]) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        std::size_t close = s.find('}', i);
        if (i + 1 >= s.size() || s[i + 1] != '{' || close == std::string_view::npos || close == i + 2) {
          why = "\\u must be written \\u{XXXX}";
          return std::nullopt;
        }
        std::uint32_t cp = 0;
        for (std::size_t k = i + 2; k < close; ++k) {
          if (!text::is_hex(static_cast<unsigned char>(s[k])) || cp > 0x10FFFF) {
            why = "\\u{...} holds something that is not a hexadecimal code point";
            return std::nullopt;
          }
          cp = cp * 16 + std::uint32_t(text::hex_value(static_cast<unsigned char>(s[k])));
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          why = "\\u{...} is not a Unicode scalar value";
          return std::nullopt;
        }
        // UTF-8 of cp.
        if (cp < 0x80) out += char(cp);
        else if (cp < 0x800) out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
        else if (cp < 0x10000) out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
        else out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
        i = close;
        break;
      }
      default: out += s[i];  // \" \\ \/ \# \: and any other: the character itself
    }
  }
  return out;
}

// A quoted string at the start of `s`: its text and what follows. nullopt: not one (why says
// so when it was one, but broken).
std::optional<std::pair<std::string, std::string_view>> quoted(std::string_view s, std::string& why) {
  s = skip_ows(s);
  if (s.empty() || s[0] != '"') return std::nullopt;
  std::size_t i = 1;
  while (i < s.size() && s[i] != '"') i += s[i] == '\\' ? 2 : 1;
  if (i >= s.size()) {
    why = "a quoted string without its closing '\"'";
    return std::nullopt;
  }
  std::optional<std::string> text = unescape(s.substr(1, i - 1), why);
  if (!text) return std::nullopt;
  return std::make_pair(*text, skip_ows(s.substr(i + 1)));
}

// A predicate's value: what the assertion gets as JSON text. `kind` says what it was.
struct Value {
  std::string json;          // JSON text ("200", "\"x\"", "null")
  enum { number, string, boolean, null, template_ref, bytes } kind = string;
};

std::optional<Value> parse_value(std::string_view s, std::string& why) {
  s = text::trim_ows(s);
  if (s.empty()) {
    why = "a value is missing";
    return std::nullopt;
  }
  if (s[0] == '"') {
    auto q = quoted(s, why);
    if (!q) return std::nullopt;
    if (!q->second.empty()) {
      why = "something follows the quoted value: " + std::string(q->second);
      return std::nullopt;
    }
    return Value{json_quote(q->first), Value::string};
  }
  if (s[0] == '`') {
    if (s.size() < 2 || s.back() != '`') {
      why = "a `string` without its closing '`'";
      return std::nullopt;
    }
    std::optional<std::string> text = unescape(s.substr(1, s.size() - 2), why);
    if (!text) return std::nullopt;
    return Value{json_quote(*text), Value::string};
  }
  if (s == "true" || s == "false") return Value{std::string(s), Value::boolean};
  if (s == "null") return Value{"null", Value::null};
  if (auto n = json_number(s)) return Value{*n, Value::number};
  if (starts_with(s, "{{") && s.size() > 4 && s.substr(s.size() - 2) == "}}") {
    std::string name(text::trim_ows(s.substr(2, s.size() - 4)));
    // {{name}} alone compares as the variable's JSON value (docs/assertions.md), as Hurl does.
    return Value{json_quote("{{" + name + "}}"), Value::template_ref};
  }
  if (starts_with(s, "hex,") || starts_with(s, "base64,") || starts_with(s, "file,")) {
    return Value{"", Value::bytes};
  }
  why = "'" + std::string(s) + "' is not a value (a \"string\", a number, true, false, null or {{variable}})";
  return std::nullopt;
}

// "{{ name }}" spans left as they are, the rest percent-encoded as a query component.
std::string encode_query_component(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t open = s.find("{{", i);
    std::size_t close = open == std::string_view::npos ? open : s.find("}}", open + 2);
    std::size_t end = close == std::string_view::npos ? s.size() : open;
    std::string part = form_urlencode_component(s.substr(i, end - i));
    // Hurl (libcurl) writes a space as %20 in a query.
    for (std::size_t k = 0; k < part.size(); ++k) out += part[k] == '+' ? std::string("%20") : std::string(1, part[k]);
    if (close == std::string_view::npos) break;
    out += s.substr(open, close + 2 - open);
    i = close + 2;
  }
  return out;
}

// [SECTION] the request part -------------------------------------------------------------

struct KeyValue {
  std::string key;
  std::string value;
};

// "key: value" with Hurl's key characters (letters, digits, _ - . [ ] @ $ and escapes,
// {{templates}}) or a "quoted key".
std::optional<KeyValue> key_value(std::string_view t, std::string& why) {
  t = skip_ows(t);
  std::string key;
  std::size_t i = 0;
  if (!t.empty() && t[0] == '"') {
    auto q = quoted(t, why);
    if (!q) return std::nullopt;
    key = q->first;
    t = q->second;
    i = 0;
  } else {
    std::string raw;  // escapes kept, unescaped below
    while (i < t.size() && t[i] != ':') {
      char c = t[i];
      if (c == '\\' && i + 1 < t.size()) {
        std::size_t end = i + 2;
        if (t[i + 1] == 'u' && i + 2 < t.size() && t[i + 2] == '{') {
          std::size_t close = t.find('}', i);
          if (close == std::string_view::npos) break;
          end = close + 1;
        }
        raw += t.substr(i, end - i);
        i = end;
        continue;
      }
      if (starts_with(t.substr(i), "{{")) {
        std::size_t close = t.find("}}", i);
        if (close == std::string_view::npos) break;
        raw += t.substr(i, close + 2 - i);
        i = close + 2;
        continue;
      }
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                c == '.' || c == '[' || c == ']' || c == '@' || c == '$';
      if (!ok) break;
      raw += c;
      ++i;
    }
    std::optional<std::string> unescaped = unescape(raw, why);
    if (!unescaped) return std::nullopt;
    key = *unescaped;
    t = skip_ows(t.substr(i));
  }
  if (key.empty() || t.empty() || t[0] != ':') return std::nullopt;
  std::optional<std::string> value = unescape(text::trim_ows(t.substr(1)), why);
  if (!value) return std::nullopt;
  return KeyValue{key, *value};
}

// Where a body starts: JSON, a multiline or oneline string, XML, base64/hex/file.
bool starts_body(std::string_view t) {
  t = skip_ows(t);
  return starts_with(t, "{") || starts_with(t, "[") || starts_with(t, "`") || starts_with(t, "<") ||
         starts_with(t, "base64,") || starts_with(t, "hex,") || starts_with(t, "file,") || starts_with(t, "\"");
}

struct Body {
  enum { none, json, text, xml, graphql, bytes, file } kind = none;
  std::string content;  // the text, the bytes, or the file path
  std::string language;  // ```json: "json"
  std::size_t line = 0;
};

// Reads the body starting at lines[i]; leaves i on its last line.
Result<Body> read_body(const std::vector<Line>& lines, std::size_t& i) {
  const Line& first = lines[i];
  std::string_view t = skip_ows(first.text);
  std::size_t column = first.text.size() - t.size();
  Body body;
  body.line = first.number;
  if (starts_with(t, "```")) {
    std::string_view after = text::trim_ows(t.substr(3));
    // ```oneline``` on one line.
    if (std::size_t close = after.find("```"); close != std::string_view::npos) {
      body.kind = Body::text;
      body.content = std::string(after.substr(0, close));
      return body;
    }
    body.language = std::string(after);
    std::string content;
    for (std::size_t k = i + 1; k < lines.size(); ++k) {
      std::string_view l = lines[k].text;
      std::size_t close = l.find("```");
      if (close != std::string_view::npos) {
        content += l.substr(0, close);
        i = k;
        body.kind = body.language == "graphql" ? Body::graphql : body.language == "xml" ? Body::xml
                    : body.language == "json" ? Body::json : Body::text;
        body.content = std::move(content);
        return body;
      }
      content += std::string(l) + "\n";
    }
    return error_at(first, column, "a ``` body without its closing ```");
  }
  if (t[0] == '`') {
    std::size_t close = t.find('`', 1);
    if (close == std::string_view::npos) return error_at(first, column, "a `body` without its closing '`'");
    std::string why;
    std::optional<std::string> text = unescape(t.substr(1, close - 1), why);
    if (!text) return error_at(first, column, why);
    body.kind = Body::text;
    body.content = *text;
    return body;
  }
  if (t[0] == '"') {
    std::string why;
    auto q = quoted(t, why);
    if (!q) return error_at(first, column, why.empty() ? "a broken quoted body" : why);
    body.kind = Body::json;  // a JSON string
    body.content = json_quote(q->first);
    return body;
  }
  auto oneline = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!starts_with(t, prefix)) return std::nullopt;
    std::size_t end = t.find(';');
    if (end == std::string_view::npos) return std::nullopt;
    return text::trim_ows(t.substr(prefix.size(), end - prefix.size()));
  };
  if (starts_with(t, "base64,") || starts_with(t, "hex,") || starts_with(t, "file,")) {
    std::string_view prefix = starts_with(t, "base64,") ? "base64," : starts_with(t, "hex,") ? "hex," : "file,";
    std::optional<std::string_view> inner = oneline(prefix);
    if (!inner) return error_at(first, column, std::string(prefix) + " must end with ';'");
    if (prefix == "file,") {
      body.kind = Body::file;
      std::string why;
      std::optional<std::string> path = unescape(*inner, why);
      if (!path) return error_at(first, column, why);
      body.content = *path;
      return body;
    }
    body.kind = Body::bytes;
    if (prefix == "base64,") {
      Result<std::string> bytes = decode_base64_standard(*inner);
      if (!bytes) return error_at(first, column, "base64 body: " + bytes.error().message);
      body.content = std::move(bytes.value());
    } else {
      std::string hex;
      for (char c : *inner)
        if (!text::is_ows(c)) hex += c;
      if (hex.size() % 2) return error_at(first, column, "a hex body with an odd number of digits");
      for (std::size_t k = 0; k < hex.size(); k += 2) {
        if (!text::is_hex(static_cast<unsigned char>(hex[k])) || !text::is_hex(static_cast<unsigned char>(hex[k + 1])))
          return error_at(first, column, "a hex body holds something that is not a hexadecimal digit");
        body.content += char(text::hex_value(static_cast<unsigned char>(hex[k])) * 16 +
                             text::hex_value(static_cast<unsigned char>(hex[k + 1])));
      }
    }
    return body;
  }
  if (t[0] == '<') {
    // XML: up to the line before the next request or response line (or the end).
    std::string content(t);
    std::size_t k = i + 1;
    for (; k < lines.size(); ++k) {
      std::string_view l = lines[k].text;
      if (is_request_line(l) || is_status_line(l)) break;
      content += "\n" + std::string(l);
    }
    while (!content.empty() && (content.back() == '\n' || content.back() == ' ')) content.pop_back();
    i = k - 1;
    body.kind = Body::xml;
    body.content = std::move(content);
    return body;
  }
  // JSON: an object or array, up to where its brackets balance (strings skipped).
  std::string content;
  int depth = 0;
  bool in_string = false;
  for (std::size_t k = i; k < lines.size(); ++k) {
    std::string_view l = k == i ? t : lines[k].text;
    if (k != i) content += "\n";
    for (std::size_t c = 0; c < l.size(); ++c) {
      char ch = l[c];
      content += ch;
      if (in_string) {
        if (ch == '\\' && c + 1 < l.size()) content += l[++c];
        else if (ch == '"') in_string = false;
        continue;
      }
      if (ch == '"') in_string = true;
      else if (ch == '{' || ch == '[') ++depth;
      else if (ch == '}' || ch == ']') {
        if (--depth == 0) {
          std::string_view rest = strip_comment(l.substr(c + 1));
          if (!text::trim_ows(rest).empty())
            return error_at(lines[k], c + 1, "something follows the JSON body: " + std::string(rest));
          i = k;
          body.kind = Body::json;
          body.content = std::move(content);
          return body;
        }
      }
    }
  }
  return error_at(first, column, "a JSON body whose brackets are not closed");
}

// [SECTION] queries, filters and predicates ----------------------------------------------

struct Query {
  std::string kind;      // status, header, cookie, body, jsonpath, regex, xpath, duration, bytes, ...
  std::string argument;  // header name, JSONPath, regex, ...
  std::vector<std::string> filters;   // as written: "count", "nth 0", "regex \"...\"", ...
  std::optional<int> nth;              // the nth filter's index when it is the only filter
  bool count = false;                  // ends with the count filter
};

// Query kinds that take a "quoted" (or /regex/) argument.
bool takes_argument(std::string_view kind) {
  return kind == "header" || kind == "cookie" || kind == "jsonpath" || kind == "regex" || kind == "xpath" ||
         kind == "variable" || kind == "certificate";
}

const char* const kQueryKinds[] = {"status", "version", "url", "header", "cookie", "body", "xpath", "jsonpath", "regex",
                                   "variable", "duration", "bytes", "sha256", "md5", "certificate", "ip", "redirects"};
// Filters and whether they take an argument.
struct FilterName {
  const char* name;
  int arguments;
};
const FilterName kFilters[] = {{"count", 0},        {"nth", 1},           {"regex", 1},        {"replace", 2},
                               {"split", 1},        {"toInt", 0},         {"toFloat", 0},      {"toDate", 1},
                               {"format", 1},       {"dateFormat", 1},    {"daysAfterNow", 0}, {"daysBeforeNow", 0},
                               {"decode", 1},       {"htmlEscape", 0},    {"htmlUnescape", 0}, {"urlEncode", 0},
                               {"urlDecode", 0},    {"xpath", 1},         {"jsonpath", 1},     {"base64Decode", 0},
                               {"base64Encode", 0}, {"toString", 0},      {"toHex", 0},        {"first", 0},
                               {"last", 0},         {"location", 0},      {"utf8Decode", 0},   {"utf8Encode", 0},
                               {"base64UrlSafeDecode", 0}, {"base64UrlSafeEncode", 0}, {"replaceRegex", 2}, {"urlQueryParam", 1}};

const FilterName* find_filter(std::string_view w) {
  for (const FilterName& f : kFilters)
    if (w == f.name) return &f;
  return nullptr;
}

// An argument: "quoted", /regex/ or a bare word (nth 0).
std::optional<std::pair<std::string, std::string_view>> argument(std::string_view s, std::string& why) {
  s = skip_ows(s);
  if (!s.empty() && s[0] == '"') return quoted(s, why);
  if (!s.empty() && s[0] == '/') {
    std::size_t i = 1;
    std::string out;
    while (i < s.size() && s[i] != '/') {
      if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '/') {
        out += '/';
        i += 2;
        continue;
      }
      out += s[i++];
    }
    if (i >= s.size()) {
      why = "a /regex/ without its closing '/'";
      return std::nullopt;
    }
    return std::make_pair(out, skip_ows(s.substr(i + 1)));
  }
  auto [word, rest] = first_word(s);
  if (word.empty()) {
    why = "an argument is missing";
    return std::nullopt;
  }
  return std::make_pair(std::string(word), rest);
}

// The query and its filters at the start of `s`; `s` is left at what follows (the predicate).
std::optional<Query> parse_query(std::string_view& s, std::string& why) {
  auto [kind, rest] = first_word(s);
  bool known = false;
  for (const char* k : kQueryKinds) known = known || kind == k;
  if (!known) {
    why = "'" + std::string(kind) + "' is not a Hurl query (status, header, cookie, body, jsonpath, regex, xpath, duration, ...)";
    return std::nullopt;
  }
  Query q;
  q.kind = std::string(kind);
  if (takes_argument(kind)) {
    auto a = argument(rest, why);
    if (!a) {
      if (why.empty()) why = std::string(kind) + " needs a \"quoted\" argument";
      return std::nullopt;
    }
    q.argument = a->first;
    rest = a->second;
  }
  while (true) {
    auto [word, after] = first_word(rest);
    const FilterName* f = find_filter(word);
    if (!f) break;
    std::string written(word);
    std::string_view at = after;
    std::vector<std::string> args;
    for (int k = 0; k < f->arguments; ++k) {
      auto a = argument(at, why);
      if (!a) return std::nullopt;
      args.push_back(a->first);
      written += " " + a->first;
      at = a->second;
    }
    if (written == "count") q.count = true;
    if (std::string(word) == "nth" && q.filters.empty()) {
      try {
        q.nth = std::stoi(args[0]);
      } catch (...) {
        why = "nth takes an index";
        return std::nullopt;
      }
    }
    q.filters.push_back(written);
    rest = at;
  }
  s = rest;
  return q;
}

struct Predicate {
  bool negated = false;
  std::string name;  // ==, !=, >, contains, exists, isInteger, ... (aliases mapped to these)
  std::optional<Value> value;
};

std::optional<Predicate> parse_predicate(std::string_view s, std::string& why) {
  Predicate p;
  auto [word, rest] = first_word(s);
  if (word == "not") {
    p.negated = true;
    std::tie(word, rest) = first_word(rest);
  }
  static const std::pair<const char*, const char*> kAliases[] = {
      {"equals", "=="}, {"notEquals", "!="}, {"greaterThan", ">"}, {"greaterThanOrEquals", ">="},
      {"lessThan", "<"}, {"lessThanOrEquals", "<="}, {"includes", "contains"}};
  std::string name(word);
  for (auto [alias, to] : kAliases)
    if (name == alias) name = to;
  static const char* const kUnary[] = {"exists", "isInteger", "isFloat", "isBoolean", "isString", "isCollection",
                                       "isDate", "isIsoDate", "isEmpty", "isNumber", "isList", "isObject",
                                       "isIpv4", "isIpv6", "isUuid"};
  static const char* const kBinary[] = {"==", "!=", ">", ">=", "<", "<=", "startsWith", "endsWith", "contains", "matches"};
  for (const char* u : kUnary) {
    if (name == u) {
      if (!rest.empty()) {
        why = std::string(u) + " takes no value, but '" + std::string(rest) + "' follows";
        return std::nullopt;
      }
      p.name = name;
      return p;
    }
  }
  for (const char* b : kBinary) {
    if (name == b) {
      p.name = name;
      rest = text::trim_ows(rest);
      if (name == "matches" && !rest.empty() && rest[0] == '/') {
        auto a = argument(rest, why);
        if (!a) return std::nullopt;
        p.value = Value{json_quote(a->first), Value::string};
        return p;
      }
      p.value = parse_value(rest, why);
      if (!p.value) return std::nullopt;
      return p;
    }
  }
  why = word.empty() ? std::string("a predicate is missing (==, contains, exists, ...)")
                     : "'" + std::string(word) + "' is not a Hurl predicate";
  return std::nullopt;
}

// [SECTION] captures and asserts ---------------------------------------------------------

// What of `query` the test model can say: a subject and selector, or why not.
struct Mapped {
  AssertSubject subject = AssertSubject::status;
  std::string selector;
  std::string why_not;
};

bool singular_path(const std::string& path) {
  if (path.find("{{") != std::string::npos) return true;  // cannot tell before it is filled
  Result<jsonpath::Query> q = jsonpath::parse(path);
  return q && q->singular();
}

Mapped map_query(const Query& q) {
  Mapped m;
  const bool only_count = q.filters.size() == 1 && q.count;
  const bool only_nth = q.filters.size() == 1 && q.nth;
  const bool only_days_after = q.filters.size() == 1 && q.filters[0] == "daysAfterNow";
  if (!q.filters.empty() && !only_count && !(only_nth && q.kind == "jsonpath") && !(only_days_after && q.kind == "certificate")) {
    std::string list;
    for (const std::string& f : q.filters) list += (list.empty() ? "" : ", ") + f;
    m.why_not = "the filter" + std::string(q.filters.size() > 1 ? "s " : " ") + list +
                ": Wirepad's checks take a value as it is (only count, nth on a JSONPath and daysAfterNow on the "
                "certificate's Expire-Date are carried)";
    return m;
  }
  if (q.kind == "status" && !only_count) m.subject = AssertSubject::status;
  else if (q.kind == "header" && !only_count) m.subject = AssertSubject::header, m.selector = q.argument;
  else if (q.kind == "body" && !only_count) m.subject = AssertSubject::body;
  else if (q.kind == "bytes" && only_count) m.subject = AssertSubject::body_size;
  else if (q.kind == "duration" && !only_count) m.subject = AssertSubject::duration;
  else if (q.kind == "redirects" && only_count) m.subject = AssertSubject::redirects;
  else if (q.kind == "jsonpath") {
    if (only_nth) {
      if (!singular_path(q.argument)) {
        m.why_not = "nth over a JSONPath that selects several nodes: Wirepad selects one node; write the index in the path";
        return m;
      }
      m.subject = AssertSubject::json, m.selector = q.argument + "[" + std::to_string(*q.nth) + "]";
    } else if (only_count) {
      // Hurl counts a list's items when the path names one value, else the nodes selected.
      m.subject = AssertSubject::json_count;
      m.selector = singular_path(q.argument) ? q.argument + "[*]" : q.argument;
    } else {
      m.subject = AssertSubject::json, m.selector = q.argument;
    }
  } else if (q.kind == "xpath") {
    // Hurl's xpath gives a node set, a string, a number or a boolean, as Wirepad's does.
    m.subject = only_count ? AssertSubject::xpath_count : AssertSubject::xpath, m.selector = q.argument;
  } else if (q.kind == "cookie") {
    m.why_not = "Wirepad has no assertion on a cookie (capture it, or assert the Set-Cookie header)";
  } else if (q.kind == "regex") {
    m.why_not = "Wirepad has no regex-group assertion (assert body matches the regex, or capture the group)";
  } else if (q.kind == "variable") {
    m.why_not = "an assertion on a variable, not on the response: Wirepad checks responses";
  } else if (q.kind == "sha256" || q.kind == "md5") {
    m.why_not = "Wirepad does not hash the body in a check";
  } else if (q.kind == "certificate") {
    if (q.argument == "Expire-Date" && only_days_after) m.subject = AssertSubject::cert_days;
    else if (q.argument == "Expire-Date")
      m.why_not = "the certificate's Expire-Date as a date: Wirepad checks the days left (certificate \"Expire-Date\" "
                  "daysAfterNow, its cert_days)";
    else
      m.why_not = "certificate \"" + q.argument + "\": Wirepad checks the certificate's expiry only (cert_days, Hurl's "
                  "certificate \"Expire-Date\" daysAfterNow)";
  } else {
    m.why_not = "Wirepad has no assertion on the " + q.kind + (q.count ? " count" : "");
  }
  return m;
}

// Whether an XPath expression's value is a string, number or boolean whatever the document:
// it starts with a call of one of XPath 1.0's functions that return one (§4; their types are
// static). Anything else may be a node set of several nodes, which Hurl captures as a list.
bool xpath_scalar(std::string_view expression) {
  static const char* const kScalar[] = {"string", "concat", "starts-with", "contains", "substring-before",
                                        "substring-after", "substring", "string-length", "normalize-space",
                                        "translate", "boolean", "not", "true", "false", "lang", "number", "sum",
                                        "floor", "ceiling", "round", "count", "local-name", "namespace-uri", "name"};
  std::string_view s = text::trim_ows(expression);
  std::size_t n = 0;
  while (n < s.size() && ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '-')) ++n;
  std::string_view name = s.substr(0, n), rest = text::trim_ows(s.substr(n));
  if (rest.empty() || rest[0] != '(') return false;
  for (const char* f : kScalar)
    if (name == f) return true;
  return false;
}

// Hurl predicate -> assertion operator (with negation folded in), or why not.
std::optional<AssertOp> map_predicate(const Predicate& p, AssertSubject subject, std::string& type_name, std::string& why) {
  const bool json = subject == AssertSubject::json;
  auto pick = [&](AssertOp yes, std::optional<AssertOp> no) -> std::optional<AssertOp> {
    if (!p.negated) return yes;
    if (!no) why = "'not " + p.name + "' has no Wirepad operator";
    return no;
  };
  if (p.name == "==") return pick(AssertOp::eq, AssertOp::ne);
  if (p.name == "!=") return pick(AssertOp::ne, AssertOp::eq);
  if (p.name == ">") return pick(AssertOp::gt, AssertOp::le);
  if (p.name == ">=") return pick(AssertOp::ge, AssertOp::lt);
  if (p.name == "<") return pick(AssertOp::lt, AssertOp::ge);
  if (p.name == "<=") return pick(AssertOp::le, AssertOp::gt);
  if (p.name == "contains") return pick(AssertOp::contains, AssertOp::not_contains);
  if (p.name == "matches") return pick(AssertOp::matches, AssertOp::not_matches);
  if (p.name == "startsWith") return pick(AssertOp::starts_with, std::nullopt);
  if (p.name == "endsWith") return pick(AssertOp::ends_with, std::nullopt);
  if (p.name == "exists") return pick(AssertOp::exists, AssertOp::not_exists);
  static const std::pair<const char*, const char*> kTypes[] = {{"isInteger", "integer"}, {"isBoolean", "boolean"},
                                                               {"isString", "string"},   {"isNumber", "number"},
                                                               {"isList", "array"},      {"isObject", "object"}};
  for (auto [hurl, type] : kTypes) {
    if (p.name == hurl) {
      if (!json) {
        why = p.name + " applies to a JSON value here";
        return std::nullopt;
      }
      if (p.negated) {
        why = "'not " + p.name + "': Wirepad's type check has no negation";
        return std::nullopt;
      }
      type_name = type;
      return AssertOp::type;
    }
  }
  why = p.name + " has no Wirepad operator (isFloat, isCollection, isEmpty, isDate, isIsoDate, isUuid, isIpv4 and "
                 "isIpv6 are not carried)";
  return std::nullopt;
}

// [SECTION] the file ------------------------------------------------------------------------

enum class Section { none, query, form, multipart, cookies, basic_auth, options, captures, asserts };

std::optional<Section> section_of(std::string_view name, bool response) {
  if (!response) {
    if (name == "QueryStringParams" || name == "Query") return Section::query;
    if (name == "FormParams" || name == "Form") return Section::form;
    if (name == "MultipartFormData" || name == "Multipart") return Section::multipart;
    if (name == "Cookies") return Section::cookies;
    if (name == "BasicAuth") return Section::basic_auth;
    if (name == "Options") return Section::options;
  } else {
    if (name == "Captures") return Section::captures;
    if (name == "Asserts") return Section::asserts;
  }
  return std::nullopt;
}

std::string entry_name(const RequestSpec& r, std::size_t number) {
  std::string where = r.url;
  if (Result<Url> u = parse_url(r.url)) where = u->target;
  if (std::size_t q = where.find('?'); q != std::string::npos) where.resize(q);
  return "entry " + std::to_string(number) + ": " + r.method + " " + where;
}

struct Parser {
  std::vector<Line> lines;
  ImportBatch batch;
  ImportedRequest* current = nullptr;
  bool response = false;
  Section section = Section::none;
  std::vector<std::string> cookies;
  std::optional<RepeatUntil> retry;
  bool retry_set = false;
  std::vector<std::size_t> implicit_headers;  // the header assertions under the status line

  void note(const Line& line, std::string what, std::string sentence) {
    note_not_imported(*current, std::move(what), std::move(sentence) + " (line " + std::to_string(line.number) + ")",
                      line.offset);
  }

  void finish_entry() {
    if (!current) return;
    RequestSpec& r = current->experiment.request;
    if (!cookies.empty()) {
      std::string joined;
      for (const std::string& c : cookies) joined += (joined.empty() ? "" : "; ") + c;
      r.headers.push_back({"Cookie", joined});
    }
    if (retry) {
      retry->until = current->experiment.test.assertions;
      if (retry->until.empty()) {
        note_not_imported(*current, "retry", "retry with nothing to check: sent once", 0);
      } else {
        current->experiment.test.repeat = retry;
      }
    }
    for (const std::string& v : template_variables(r.url + "\n" + r.body)) {
      if (v == "newUuid" || v == "newDate")
        note_not_imported(*current, "{{" + v + "}}", "a value Hurl makes for each request; Wirepad fills {{" + v +
                                                         "}} from the environment, so define it there", 0);
    }
    cookies.clear();
    implicit_headers.clear();
    retry.reset();
    retry_set = false;
    current = nullptr;
  }

  Error request_line(const Line& line) {
    finish_entry();
    batch.requests.emplace_back();
    current = &batch.requests.back();
    response = false;
    section = Section::none;
    auto [method, url] = first_word(strip_comment(line.text));
    RequestSpec& r = current->experiment.request;
    r.method = std::string(method);
    std::string why;
    std::optional<std::string> u = unescape(text::trim_ows(url), why);
    if (!u) return error_at(line, 0, why);
    if (u->find_first_of(" \t") != std::string::npos) return error_at(line, 0, "a URL with a blank in it");
    r.url = *u;
    r.body_kind = BodyKind::none;
    current->source = "line " + std::to_string(line.number);
    current->experiment.name = entry_name(r, batch.requests.size());
    return {};
  }

  void option(const Line& line, const KeyValue& kv) {
    ExchangeOptions& o = current->experiment.options;
    const std::string& k = kv.key;
    const std::string& v = kv.value;
    auto boolean = [&](bool& into) {
      if (v == "true" || v == "false") into = v == "true";
      else note(line, k + ": " + v, "not a boolean; ignored");
    };
    auto seconds = [&](double& into) {
      // Hurl: a number of seconds, or with a unit (ms, s, m).
      std::size_t unit_at = 0;
      while (unit_at < v.size() && (text::is_digit(static_cast<unsigned char>(v[unit_at])) || v[unit_at] == '.')) ++unit_at;
      std::string n = v.substr(0, unit_at), unit = v.substr(unit_at);
      double factor = unit.empty() || unit == "s" ? 1 : unit == "ms" ? 0.001 : unit == "m" ? 60 : -1;
      if (n.empty() || factor < 0 || !json_number(n)) {
        note(line, k + ": " + v, "not a duration Wirepad reads; ignored");
        return;
      }
      into = std::stod(n) * factor;
    };
    if (k == "location") boolean(o.follow_redirects);
    else if (k == "location-trusted") {
      boolean(o.follow_redirects);
      note(line, k, "Wirepad follows redirects but never sends credentials to another origin");
    } else if (k == "max-redirs") {
      if (json_number(v) && v.find_first_of(".eE") == std::string::npos && std::stol(v) >= 0 && std::stol(v) <= 1000) o.max_redirects = int(std::stol(v));
      else note(line, k + ": " + v, "not a redirect count Wirepad reads (0-1000); ignored");
    } else if (k == "insecure") {
      bool insecure = false;
      boolean(insecure);
      o.verify_tls = !insecure;
    } else if (k == "connect-timeout") seconds(o.connect_timeout);
    else if (k == "max-time") seconds(o.total_timeout);
    else if (k == "skip") boolean(current->experiment.test.skip);
    else if (k == "retry") {
      if (!json_number(v) || v.find_first_of(".eE") != std::string::npos || v.size() > 6) {
        note(line, k + ": " + v, "not a retry count; ignored");
        return;
      }
      long n = std::stol(v);
      if (n == 0) return;
      RepeatUntil repeat = retry.value_or(RepeatUntil{});
      repeat.max_attempts = n < 0 || n >= 999 ? 1000 : int(n) + 1;
      if (!retry) repeat.delay_ms = 1000;  // Hurl's default retry-interval
      if (n < 0) note(line, "retry: " + v, "Hurl retries without end; Wirepad stops after 1000 sends");
      retry = repeat;
    } else if (k == "retry-interval") {
      double s = -1;
      seconds(s);
      if (s < 0) return;
      // Hurl's retry-interval is in milliseconds when no unit is given.
      bool no_unit = !v.empty() && text::is_digit(static_cast<unsigned char>(v.back()));
      long ms = long(no_unit ? s : s * 1000);
      RepeatUntil repeat = retry.value_or(RepeatUntil{});
      repeat.delay_ms = int(std::min<long>(std::max<long>(ms, 0), 600000));
      if (!retry) repeat.max_attempts = 1;  // only the interval: Hurl sends once
      retry = repeat;
      if (repeat.max_attempts == 1) retry.reset();
    } else if (k == "variable") {
      std::size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) {
        note(line, k + ": " + v, "a variable is written name=value; ignored");
        return;
      }
      std::string name = v.substr(0, eq), value = v.substr(eq + 1);
      bool known = false;
      for (Variable& var : batch.environment.variables) {
        if (var.name == name) {
          known = true;
          if (var.value != value) note(line, "variable: " + v, "set again with another value; the environment keeps the first, " + var.value);
        }
      }
      if (!known) batch.environment.variables.push_back({name, value, false});
    } else if (k == "user") {
      std::size_t colon = v.find(':');
      AuthSpec& a = current->experiment.request.auth;
      a.kind = AuthKind::basic;
      a.basic.username = v.substr(0, colon);
      a.basic.password = colon == std::string::npos ? std::string() : v.substr(colon + 1);
    } else if (k == "compressed") {
      if (v == "true") current->experiment.request.headers.push_back({"Accept-Encoding", "deflate, gzip, br, zstd"});
    } else if (k == "verbose" || k == "very-verbose" || k == "output") {
      note(line, k + ": " + v, "Hurl's output setting; Wirepad records every exchange anyway");
    } else {
      note(line, k + ": " + v, "a Hurl option Wirepad does not have");
    }
  }

  Error request_field(const Line& line, std::string_view t) {
    std::string why;
    std::optional<KeyValue> kv = key_value(t, why);
    if (!kv) return error_at(line, 0, why.empty() ? "expected 'name: value' here" : why);
    RequestSpec& r = current->experiment.request;
    switch (section) {
      case Section::none: r.headers.push_back({kv->key, kv->value}); break;
      case Section::query:
        r.url += (r.url.find('?') == std::string::npos ? "?" : "&") + encode_query_component(kv->key) + "=" +
                 encode_query_component(kv->value);
        break;
      case Section::form:
        r.body_kind = BodyKind::urlencoded;
        r.form.push_back({kv->key, kv->value, true});
        break;
      case Section::multipart: {
        r.body_kind = BodyKind::multipart;
        MultipartPart part;
        part.name = kv->key;
        std::string_view v = kv->value;
        if (starts_with(v, "file,")) {
          std::size_t semi = v.find(';');
          if (semi == std::string_view::npos) return error_at(line, 0, "file, must end with ';'");
          part.is_file = true;
          part.value = std::string(text::trim_ows(v.substr(5, semi - 5)));
          std::size_t slash = part.value.find_last_of('/');
          part.filename = slash == std::string::npos ? part.value : part.value.substr(slash + 1);
          part.content_type = std::string(text::trim_ows(v.substr(semi + 1)));
        } else {
          part.value = kv->value;
        }
        r.multipart.push_back(std::move(part));
        break;
      }
      case Section::cookies: cookies.push_back(kv->key + "=" + kv->value); break;
      case Section::basic_auth:
        r.auth.kind = AuthKind::basic;
        r.auth.basic.username = kv->key;
        r.auth.basic.password = kv->value;
        break;
      case Section::options: option(line, *kv); break;
      default: break;
    }
    return {};
  }

  void status_line(const Line& line) {
    response = true;
    section = Section::none;
    auto [version, rest] = first_word(text::trim_ows(line.text));
    auto [status, after] = first_word(rest);
    (void)after;
    if (version != "HTTP" && version != "HTTP/*")
      note(line, std::string(version), "Wirepad speaks HTTP/1.1 and does not check the response's version");
    if (status != "*") {
      Assertion a;
      a.subject = AssertSubject::status;
      a.op = AssertOp::eq;
      a.expected = std::string(status);
      add_imported_assertion(*current, a, std::string(text::trim_ows(line.text)), line.offset);
    }
  }

  void capture(const Line& line, std::string_view t) {
    std::string why;
    std::string_view full = text::trim_ows(t);
    // name: query [filters] [redact]
    std::size_t colon = t.find(':');
    std::optional<std::string> name;
    if (colon != std::string_view::npos) name = unescape(text::trim_ows(t.substr(0, colon)), why);
    if (!name || name->empty()) {
      note(line, std::string(full), "not a capture ('name: query')");
      return;
    }
    std::string_view rest = text::trim_ows(t.substr(colon + 1));
    bool secret = false;
    if (rest.size() >= 6 && rest.substr(rest.size() - 6) == "redact" && (rest.size() == 6 || text::is_ows(rest[rest.size() - 7]))) {
      secret = true;
      rest = text::trim_ows(rest.substr(0, rest.size() - 6));
    }
    std::optional<Query> q = parse_query(rest, why);
    if (!q || !text::trim_ows(rest).empty()) {
      note(line, std::string(full), q ? "'" + std::string(rest) + "' after the query is not a filter Wirepad knows" : why);
      return;
    }
    Capture c;
    c.variable = *name;
    c.secret = secret;
    if (!q->filters.empty() && !(q->kind == "jsonpath" && q->nth && q->filters.size() == 1)) {
      note(line, std::string(full), (q->filters.size() > 1 ? "the filters " : "the filter ") + q->filters.front() +
                                        (q->filters.size() > 1 ? ", ..." : "") + ": Wirepad captures a value as it is");
      return;
    }
    if (q->kind == "jsonpath") c.from = CaptureSource::json, c.selector = q->argument + (q->nth ? "[" + std::to_string(*q->nth) + "]" : "");
    else if (q->kind == "header") c.from = CaptureSource::header, c.selector = q->argument;
    else if (q->kind == "cookie") {
      if (q->argument.find('[') != std::string::npos) {
        note(line, std::string(full), "a cookie attribute: Wirepad captures a cookie's value");
        return;
      }
      c.from = CaptureSource::cookie, c.selector = q->argument;
    } else if (q->kind == "regex") c.from = CaptureSource::regex, c.selector = q->argument;
    else if (q->kind == "status") c.from = CaptureSource::status;
    else if (q->kind == "xpath") {
      if (!xpath_scalar(q->argument)) {
        note(line, std::string(full), "Hurl captures the node set " + q->argument + "; Wirepad captures one value: wrap the path "
                                      "in string(...) (its first node's text) or count(...)");
        return;
      }
      c.from = CaptureSource::xpath, c.selector = q->argument;
    }
    else if (q->kind == "body") {
      // The whole body: the whole match of [\s\S]* from the first byte.
      c.from = CaptureSource::regex, c.selector = "[\\s\\S]*", c.group = 0;
    } else {
      note(line, std::string(full), q->kind == "variable" ? "a capture from another variable: Wirepad captures from the response"
                                                          : "Wirepad does not capture " + q->kind);
      return;
    }
    add_imported_capture(*current, c, std::string(full), line.offset);
  }

  void assertion(const Line& line, std::string_view t) {
    std::string why;
    std::string_view full = text::trim_ows(t);
    std::string_view rest = full;
    std::optional<Query> q = parse_query(rest, why);
    if (!q) {
      note(line, std::string(full), why);
      return;
    }
    std::optional<Predicate> p = parse_predicate(rest, why);
    if (!p) {
      note(line, std::string(full), why);
      return;
    }
    Mapped m = map_query(*q);
    if (!m.why_not.empty()) {
      note(line, std::string(full), m.why_not);
      return;
    }
    std::string type_name;
    std::optional<AssertOp> op = map_predicate(*p, m.subject, type_name, why);
    if (!op) {
      note(line, std::string(full), why);
      return;
    }
    if (p->value && p->value->kind == Value::bytes) {
      note(line, std::string(full), "a hex, base64 or file value: Wirepad compares text and JSON");
      return;
    }
    Assertion a;
    a.subject = m.subject;
    a.selector = m.selector;
    a.op = *op;
    if (*op == AssertOp::type) a.expected = json_quote(type_name);
    else if (p->value) a.expected = p->value->json;
    // A JSONPath over several nodes compared as a list (Hurl) is one node in Wirepad.
    if (m.subject == AssertSubject::json && (a.op == AssertOp::contains || a.op == AssertOp::not_contains) &&
        !singular_path(m.selector)) {
      note(line, std::string(full), "contains over the nodes of a JSONPath that selects several: Wirepad compares "
                                    "one node (assert the array's path, or json_count with a filter)");
      return;
    }
    // Text subjects compare text: a number written bare ("body == 42") is its text.
    if ((m.subject == AssertSubject::header || m.subject == AssertSubject::body) && p->value &&
        p->value->kind != Value::string && p->value->kind != Value::template_ref) {
      a.expected = json_quote(p->value->json);
    }
    add_imported_assertion(*current, a, std::string(full), line.offset);
  }

  void response_body(const Body& body, const Line& line) {
    Assertion a;
    std::string what = "the expected body (line " + std::to_string(body.line) + ")";
    if (body.kind == Body::json) {
      auto parsed = nlohmann::ordered_json::parse(body.content, nullptr, false);
      if (parsed.is_discarded()) {
        note(line, what, "not JSON Wirepad reads; not checked");
        return;
      }
      a.subject = AssertSubject::json, a.selector = "$", a.op = AssertOp::eq, a.expected = parsed.dump();
    } else if (body.kind == Body::text || body.kind == Body::xml || body.kind == Body::graphql) {
      a.subject = AssertSubject::body, a.op = AssertOp::eq, a.expected = json_quote(body.content);
    } else {
      note(line, what, "a bytes or file body: Wirepad compares text and JSON");
      return;
    }
    a.label = "body as in the Hurl file";
    add_imported_assertion(*current, a, what, line.offset);
  }

  void request_body(const Body& body, const Line& line) {
    RequestSpec& r = current->experiment.request;
    if (r.body_kind != BodyKind::none) {
      note(line, "the body (line " + std::to_string(body.line) + ")", "the request already has a form or multipart body; this one is not sent");
      return;
    }
    switch (body.kind) {
      case Body::json: r.body_kind = BodyKind::raw, r.body_language = RawLanguage::json, r.body = body.content; break;
      case Body::xml: r.body_kind = BodyKind::raw, r.body_language = RawLanguage::xml, r.body = body.content; break;
      case Body::text:
        r.body_kind = BodyKind::raw, r.body = body.content;
        if (!body.language.empty() && body.language != "json" && body.language != "xml")
          note(line, "```" + body.language, "a body language Wirepad does not know; sent as text with no Content-Type");
        break;
      case Body::graphql: {
        r.body_kind = BodyKind::graphql;
        // Hurl: the query, then an optional "variables { ... }" block.
        std::string q = body.content;
        std::size_t v = q.rfind("\nvariables");
        if (v != std::string::npos) {
          std::size_t brace = q.find('{', v);
          std::size_t end = q.rfind('}');
          if (brace != std::string::npos && end != std::string::npos && end > brace) {
            r.graphql.variables = q.substr(brace, end + 1 - brace);
            q.resize(v);
          }
        }
        r.graphql.query = q;
        break;
      }
      case Body::bytes: r.body_kind = BodyKind::raw, r.body = body.content; break;
      case Body::file:
        r.body_kind = BodyKind::binary, r.binary_file = body.content;
        current->body_file = body.content;
        break;
      case Body::none: break;
    }
  }

  Error run() {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const Line& line = lines[i];
      std::string_view t = strip_comment(line.text);
      if (text::trim_ows(t).empty()) continue;
      // "HTTP 200" before "METHOD URL": HTTP would read as a method.
      if (is_status_line(t)) {
        if (!current) return error_at(line, 0, "a response (HTTP status line) before any request line");
        if (response) return error_at(line, 0, "a second response for one request (a request line is missing before it)");
        status_line(line);
        continue;
      }
      if (is_request_line(t)) {
        if (Error e = request_line(line)) return e;
        continue;
      }
      if (!current) return error_at(line, 0, "expected a request line (METHOD URL) here");
      if (std::string_view name = section_name(t); !name.empty()) {
        std::optional<Section> s = section_of(name, response);
        if (!s) {
          if (section_of(name, !response))
            return error_at(line, 0, "[" + std::string(name) + "] belongs to the " + (response ? "request" : "response") + ", before the " +
                                         (response ? "HTTP status line" : "request line of the next entry"));
          return error_at(line, 0, "[" + std::string(name) + "] is not a Hurl section");
        }
        section = *s;
        continue;
      }
      // A body also ends [Asserts] and [Captures]: their lines start with a query's name.
      if (starts_body(t)) {
        Result<Body> body = read_body(lines, i);
        if (!body) return body.error();
        if (response) response_body(*body, line);
        else request_body(*body, line);
        section = Section::none;
        continue;
      }
      if (!response) {
        if (Error e = request_field(line, t)) return e;
      } else if (section == Section::captures) {
        capture(line, t);
      } else if (section == Section::asserts) {
        assertion(line, t);
      } else {
        // Headers under the status line are assertions on them (Hurl's implicit asserts).
        std::string why;
        std::optional<KeyValue> kv = key_value(t, why);
        if (!kv) return error_at(line, 0, why.empty() ? "expected 'Header: value', a section or a body here" : why);
        Assertion a;
        a.subject = AssertSubject::header;
        a.selector = kv->key;
        a.op = AssertOp::eq;
        a.expected = json_quote(kv->value);
        // A header written twice (Set-Cookie) holds either value in Hurl; Wirepad joins
        // repeated fields with ", " (RFC 9110 §5.3), so each value is checked as contained.
        bool repeated = false;
        std::vector<Assertion>& all = current->experiment.test.assertions;
        for (std::size_t index : implicit_headers) {
          if (text::lower(all[index].selector) == text::lower(kv->key)) {
            all[index].op = AssertOp::contains;
            repeated = true;
          }
        }
        if (repeated) a.op = AssertOp::contains;
        if (add_imported_assertion(*current, a, std::string(text::trim_ows(t)), line.offset))
          implicit_headers.push_back(all.size() - 1);
      }
    }
    finish_entry();
    return {};
  }
};

}  // namespace

bool looks_like_hurl(std::string_view text) {
  for (const Line& line : split_lines(text)) {
    std::string_view t = text::trim_ows(line.text);
    if (std::string_view name = section_name(t); !name.empty() && (section_of(name, false) || section_of(name, true)))
      return true;
    if (t.starts_with("HTTP") && is_status_line(t)) {
      auto [version, rest] = first_word(t);
      if (version == "HTTP" || rest == "*") return true;
    }
  }
  return false;
}

Result<ImportBatch> import_hurl(std::string_view text) {
  Parser p;
  p.lines = split_lines(text);
  p.batch.environment.name = "Hurl variables";
  if (Error e = p.run()) return e;
  return std::move(p.batch);
}

}  // namespace wirepad
