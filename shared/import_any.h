// wirepad core: one entry point for `wirepad import FILE` (and the UI later): names the
// formats, guesses which one a text is, and imports it as an ImportBatch (a curl command or
// an experiment becomes a batch of one).
// Depends on: har.h, http_file.h, postman_import.h, curl_import.h, hurl_import.h, bruno_import.h,
// experiment.h.
#pragma once
#include <optional>
#include <string_view>

#include "error.h"
#include "import_batch.h"

namespace wirepad {

enum class ImportFormat { curl, har, http_file, postman, experiment, hurl, bruno };

// "curl", "har", "http", "postman", "experiment", "hurl", "bruno" (one .bru file; a collection
// folder is read by the caller: import_bruno_collection).
std::string_view to_string(ImportFormat format);
std::optional<ImportFormat> import_format_from_name(std::string_view name);

// By content: JSON with log.entries -> har, with info/item -> postman, with a "request" or
// "kind" -> experiment; text starting with `curl` -> curl; anything else -> http_file.
// `file_name` (may be empty) breaks ties: .har, .http/.rest, .postman_collection.json.
ImportFormat detect_import_format(std::string_view text, std::string_view file_name);

Result<ImportBatch> import_as(ImportFormat format, std::string_view text);

}  // namespace wirepad
