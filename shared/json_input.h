// wirepad core: reading JSON documents people bring in (HAR, Postman collections) without
// exceptions (the browser build has exception catching disabled): a parse whose error says
// line, column and byte, and typed member readers whose errors name the key path
// ("log.entries[3].request.url: missing"). Used by the importers' .cpp files; check_no_nul and
// parse_whole by every reader of JSON from outside (files, responses, messages).
// Depends on: error.h, nlohmann-json.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "error.h"

namespace wirepad::json_input {

using Json = nlohmann::ordered_json;

// Arrays and objects nested deeper than this are refused before parsing (RFC 8259 §9 lets a
// parser limit depth): no file people import nests past a few dozen (Postman folders are
// bounded at 64, two levels each), and a hostile 100,000-deep document would otherwise cost
// time and memory for nothing.
inline constexpr std::size_t kMaxDepth = 256;

// A scan of the text (strings skipped, nothing built): an error naming the line, column and
// byte where the nesting passes `max_depth`; none for shallower text, valid JSON or not.
Error check_depth(std::string_view text, std::string_view what, std::size_t max_depth = kMaxDepth);

// An error naming the line, column and byte of the first NUL byte, if any. JSON text never
// holds one (in a string it is written \u0000), but nlohmann's parser takes a NUL for the end
// of the input and accepts "1\0anything" as 1, silently dropping the rest.
Error check_no_nul(std::string_view text, std::string_view what);

// `what` names the document in the message ("The HAR file"). The depth and NUL bytes are
// checked first.
Result<Json> parse(std::string_view text, std::string_view what);

// nlohmann's exception-free parse for the readers outside the importers, which have their
// own sentences and JSON type (nlohmann::json, ordered_json): the whole text, or discarded
// (is_discarded()) when it is not JSON, a NUL byte included (see check_no_nul), never the
// text up to the NUL. A reader that reports errors calls check_no_nul first and quotes it
// (it says where the NUL is), then parse_whole; one that only needs "JSON or not" calls
// parse_whole alone.
template <class JsonT>
JsonT parse_whole(std::string_view text) {
  if (check_no_nul(text, {})) return JsonT(JsonT::value_t::discarded);
  return JsonT::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

Error path_error(const std::string& path, const std::string& sentence);

// The member `key` of `object` (which must be an object), or nullptr if absent or null.
const Json* member(const Json& object, const char* key);

// Readers: true when present with the right type (out set); false when absent or null (out
// untouched); a wrong type sets `error` naming path + key and returns false.
bool string_member(const Json& object, const char* key, const std::string& path, std::string& out, Error& error);
bool bool_member(const Json& object, const char* key, const std::string& path, bool& out, Error& error);
// Required: absent or null is an error "PATH.KEY: missing".
bool required_string(const Json& object, const char* key, const std::string& path, std::string& out, Error& error);
// An array member, or nullptr (absent/null); a non-array sets `error`.
const Json* array_member(const Json& object, const char* key, const std::string& path, Error& error);
const Json* object_member(const Json& object, const char* key, const std::string& path, Error& error);

std::string join_path(const std::string& path, const char* key);  // "a" + "b" -> "a.b"
std::string index_path(const std::string& path, std::size_t i);   // "a" + 3 -> "a[3]"

// A scalar as text: strings as they are, numbers and booleans as JSON writes them ("3",
// "true"), null as "". Postman writes numbers where strings are expected.
bool scalar_text(const Json& value, std::string& out);

}  // namespace wirepad::json_input
