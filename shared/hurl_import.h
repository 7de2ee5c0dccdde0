// wirepad core: Hurl files (hurl.dev) -> experiments with their checks, one per entry:
//
//   POST {{host}}/login                  request line; {{variables}} kept as variables
//   Content-Type: application/json       headers
//   [Options]                            location, max-redirs, insecure, timeouts, retry, skip,
//   retry: 3                             variable (into ImportBatch::environment), user
//   { "user": "ada" }                    body: JSON, ```multiline```, `oneline`, <xml>,
//                                        base64,..; hex,..; file,path;
//   HTTP 200                             the response: status (and headers) become assertions
//   [Captures]
//   token: jsonpath "$.token" redact     jsonpath, header, cookie, regex, status, body
//   [Asserts]
//   jsonpath "$.items" count == 2        queries, the count and nth filters, predicates
//   header "Content-Type" contains "json"  (==, !=, <, <=, >, >=, contains, includes,
//   duration < 500                       startsWith, endsWith, matches, exists, isInteger, ...)
//
// Request sections: [QueryStringParams]/[Query], [FormParams]/[Form],
// [MultipartFormData]/[Multipart], [Cookies], [BasicAuth], [Options]. What the test model
// cannot say (filters other than count and nth, xpath, sha256, certificate, cookie
// attributes, predicates such as isIsoDate, options such as delay or http2) is listed per
// request as not imported, with the reason, never dropped. Syntax errors name the line and
// column ("line 7, column 1: ...", with the byte offset).
// Depends on: import_batch.h, import_checks.h.
#pragma once
#include <string_view>

#include "error.h"
#include "import_batch.h"

namespace wirepad {

// Errors: invalid_request with "line L, column C: ..." and the byte offset.
Result<ImportBatch> import_hurl(std::string_view text);

// True when the text has a line only Hurl writes: a section ([Asserts], [Captures],
// [QueryStringParams], ...) or a status line "HTTP 200" / "HTTP *" (no reason phrase).
bool looks_like_hurl(std::string_view text);

}  // namespace wirepad
