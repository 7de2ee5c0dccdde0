// wirepad core: exception-free JSON reading for the importers (see json_input.h).
#include "json_input.h"

namespace wirepad::json_input {

namespace {

// A SAX handler that accepts everything and remembers where the syntax error is.
struct ErrorLocator {
  std::size_t position = 0;
  std::string message;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const Json::string_t&) { return true; }
  bool string(Json::string_t&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(Json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) {
    position = pos;
    message = ex.what();
    return false;
  }
};

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." ->
// "syntax error ..." (the position is reported separately).
std::string plain_reason(const std::string& what) {
  std::size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::string line_column(std::string_view text, std::size_t at) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < at && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " + std::to_string(at) + ")";
}

}  // namespace

Error check_depth(std::string_view text, std::string_view what, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return make_error(ErrorCode::invalid_request,
                          std::string(what) + " nests arrays and objects more than " + std::to_string(max_depth) +
                              " deep at " + line_column(text, i) +
                              "; Wirepad reads JSON nested at most that deep (no HAR, Postman collection or "
                              "experiment needs more).",
                          std::int64_t(i));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

Error check_no_nul(std::string_view text, std::string_view what) {
  std::size_t at = text.find('\0');
  if (at == std::string_view::npos) return {};
  return make_error(ErrorCode::invalid_request,
                    std::string(what) + " is not valid JSON at " + line_column(text, at) +
                        ": a NUL byte, which JSON text cannot hold (in a string it is written \\u0000).",
                    std::int64_t(at));
}

Result<Json> parse(std::string_view text, std::string_view what) {
  if (Error e = check_depth(text, what)) return e;
  if (Error e = check_no_nul(text, what)) return e;
  Json root = parse_whole<Json>(text);
  if (!root.is_discarded()) return root;
  ErrorLocator locator;
  Json::sax_parse(text.begin(), text.end(), &locator);
  std::size_t at = locator.position > 0 ? locator.position - 1 : 0;  // nlohmann counts from 1
  if (at > text.size()) at = text.size();
  return make_error(ErrorCode::invalid_request,
                    std::string(what) + " is not valid JSON at " + line_column(text, at) + ": " +
                        plain_reason(locator.message),
                    std::int64_t(at));
}

Error path_error(const std::string& path, const std::string& sentence) {
  return make_error(ErrorCode::invalid_request, path + ": " + sentence);
}

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string join_path(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }
std::string index_path(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool string_member(const Json& object, const char* key, const std::string& path, std::string& out, Error& error) {
  const Json* v = member(object, key);
  if (!v) return false;
  if (!v->is_string()) {
    error = path_error(join_path(path, key), std::string("must be a string, not ") + v->type_name());
    return false;
  }
  out = v->get<std::string>();
  return true;
}

bool bool_member(const Json& object, const char* key, const std::string& path, bool& out, Error& error) {
  const Json* v = member(object, key);
  if (!v) return false;
  if (!v->is_boolean()) {
    error = path_error(join_path(path, key), std::string("must be true or false, not ") + v->type_name());
    return false;
  }
  out = v->get<bool>();
  return true;
}

bool required_string(const Json& object, const char* key, const std::string& path, std::string& out, Error& error) {
  if (string_member(object, key, path, out, error)) return true;
  if (!error) error = path_error(join_path(path, key), "missing");
  return false;
}

const Json* array_member(const Json& object, const char* key, const std::string& path, Error& error) {
  const Json* v = member(object, key);
  if (v && !v->is_array()) {
    error = path_error(join_path(path, key), std::string("must be an array, not ") + v->type_name());
    return nullptr;
  }
  return v;
}

const Json* object_member(const Json& object, const char* key, const std::string& path, Error& error) {
  const Json* v = member(object, key);
  if (v && !v->is_object()) {
    error = path_error(join_path(path, key), std::string("must be an object, not ") + v->type_name());
    return nullptr;
  }
  return v;
}

bool scalar_text(const Json& value, std::string& out) {
  if (value.is_string()) {
    out = value.get<std::string>();
    return true;
  }
  if (value.is_null()) {
    out.clear();
    return true;
  }
  if (value.is_number() || value.is_boolean()) {
    out = value.dump();
    return true;
  }
  return false;
}

}  // namespace wirepad::json_input
