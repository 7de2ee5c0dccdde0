// wirepad core: the composer's checks and Beautify for a JSON request body that may hold
// {{variables}}. A reference outside a string ({"id": {{id}}}) stands for a value, as it
// will be one once filled in: it is accepted by the check and kept by Beautify.
// Depends on: error.h, json_input.h (nlohmann-json). No OS calls.
#pragma once
#include <string>
#include <string_view>

#include "error.h"

namespace wirepad {

// No error for valid JSON (references outside strings counted as values); otherwise
// invalid_request "`what` is not valid JSON at line L, column C: reason", with the byte
// offset as the error's position.
Error check_json_body(std::string_view text, std::string_view what = "The body");

// The body re-indented with `indent` spaces per level, one member or element per line, every
// token (strings, numbers, references) kept byte for byte: only whitespace between tokens
// changes. Invalid JSON is the check's error and nothing is changed.
Result<std::string> beautify_json_body(std::string_view text, int indent = 2);

}  // namespace wirepad
