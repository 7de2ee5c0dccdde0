// wirepad core: what the importers of other tools' checks share (Hurl, Bruno, httpyac,
// Postman test scripts: docs/import-export.md): building an assertion or a capture of the
// test model (test_spec.h) that is validated as the file reader would validate it, or else
// listed as not imported with the reason; JavaScript-style property access
// (`res.body.items[0].id`, `jsonData.user["first-name"]`) as an RFC 9535 JSONPath; literals
// as JSON text.
// Depends on: import_batch.h, test_spec.h.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "import_batch.h"
#include "test_spec.h"

namespace wirepad {

// Adds the assertion to the request's test when validate_assertion accepts it; otherwise
// adds a note `what`: "<the reason>" and returns false. `what` is the check as written.
bool add_imported_assertion(ImportedRequest& r, Assertion assertion, const std::string& what, std::size_t offset);
bool add_imported_capture(ImportedRequest& r, Capture capture, const std::string& what, std::size_t offset);
void note_not_imported(ImportedRequest& r, std::string what, std::string sentence, std::size_t offset);

// "a.b[0]['c-d']" or ".a.b" or "" (the whole document) -> "$.a.b[0]['c-d']" / "$". Names are
// JavaScript identifiers ("$", "_", letters, digits), brackets hold an index or a quoted
// name. Anything else (a call, an expression): nullopt.
std::optional<std::string> jsonpath_from_js_access(std::string_view access);

// A JSON string literal of `text` (quotes and escapes).
std::string json_quote(std::string_view text);
// JSON text for a number literal ("200", "-1.5", "1e3"); nullopt when it is not one.
std::optional<std::string> json_number(std::string_view text);

}  // namespace wirepad
