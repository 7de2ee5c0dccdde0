// ui: the JSON viewer: a response body parsed once, drawn as a foldable tree in document
// order, with "copy path" ($.items[3].name) and "copy value" on every node.
// Depends on: nlohmann-json and Dear ImGui (in the .cpp only).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace wirepad::ui {

struct JsonDocument;  // the parsed value; opaque so headers stay light

struct JsonParse {
  std::shared_ptr<const JsonDocument> document;  // null when the text is not JSON
  std::string error;                             // then: why, with line and column
};

JsonParse parse_json_document(std::string_view text);
// Draws the tree in the current window; `filter` (may be empty) keeps only nodes whose key,
// path or value contains it (case-insensitive), with their parents.
void draw_json_tree(const JsonDocument& document, const std::string& filter);

// JSONPath-style paths, as "copy path" writes them.
std::string json_path_member(std::string_view parent, std::string_view key);  // $.a, $["a b"]
std::string json_path_index(std::string_view parent, std::size_t index);      // $.a[3]

// Whether a body should open in the JSON viewer: a JSON media type (application/json,
// application/problem+json, ...) or, with no type, text that starts like JSON.
bool looks_like_json(std::string_view content_type, std::string_view body);

}  // namespace wirepad::ui
