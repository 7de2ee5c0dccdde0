// wirepad core: what a generated program must send, worked out once for every language
// (shared/code_export.h): the structured request resolved as Wirepad sends it ({{variables}}
// kept, the URL as typed), its body cut into literal bytes and the files a program reads
// when it runs (never embedded), and the checks that say when a library's own way of
// writing a form, a multipart body or a query gives exactly Wirepad's bytes.
// Depends on: request_resolve.h, request_serializer.h. No OS calls.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"
#include "request_resolve.h"
#include "request_serializer.h"

namespace wirepad {

// A piece of the body: literal bytes, or the bytes of files[file] read when the program runs.
struct BodyPiece {
  std::string bytes;
  int file = -1;
};

// One multipart part as it goes out (RFC 7578), the text or file resolved: what a library's
// multipart encoder is given.
struct PlannedPart {
  std::string name;
  std::string value;           // text parts
  int file = -1;               // file parts: index into CodePlan::files
  std::string filename;        // as sent ("" none)
  std::string content_type;    // as sent ("" none)
};

struct CodePlan {
  ResolvedRequest resolved;        // headers include what auth and the body kind add
  SerializedRequest serialized;    // the head as Wirepad writes it (Content-Length: see below)
  std::vector<std::string> files;  // paths the program reads (relative to where it runs)
  std::vector<BodyPiece> body;     // the body bytes, files as pieces
  // The body holds a file: its length (Content-Length) is known only when the program runs.
  bool length_at_run_time = false;
  std::vector<PlannedPart> parts;  // multipart: the enabled parts in order (else empty)
  std::vector<std::string> variables;  // {{names}} still in the request, in order, once each
  std::vector<std::string> notes;      // what the pipeline left to do (a Digest challenge, ...)
};

// Errors: what serialize_request refuses (a URL that does not parse, with its {{variables}}).
Result<CodePlan> plan_code(const Experiment& experiment);

// The literal body (no files) or nullopt.
std::optional<std::string> literal_body(const CodePlan& plan);

// application/x-www-form-urlencoded as Python's urllib.parse.urlencode (quote_plus) writes
// `fields`, which requests' data= uses; and as the WHATWG URL standard's serializer does
// (fetch's URLSearchParams): '*' kept, '~' escaped.
std::string python_urlencode(const std::vector<std::pair<std::string, std::string>>& fields);
std::string whatwg_urlencode(const std::vector<std::pair<std::string, std::string>>& fields);

// The enabled form rows, or the params table decoded (percent-escapes and '+' read back), as
// (name, value) pairs; nullopt when a row cannot be one (a "?flag" with no '=').
std::vector<std::pair<std::string, std::string>> enabled_form_fields(const RequestSpec& spec);
std::optional<std::vector<std::pair<std::string, std::string>>> decoded_query(std::string_view query);

// {{names}} in `text`, appended to `names` unless there already.
void collect_variables(std::string_view text, std::vector<std::string>& names);

}  // namespace wirepad
