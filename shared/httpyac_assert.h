// wirepad core: httpyac's `??` assertion lines in .http files (shared/http_file.cpp reads
// them), as assertions of the test model:
//
//   ?? status == 200                       ?? header content-type includes json
//   ?? body contains "ok"                  ?? body data.items isArray      (a property path)
//   ?? js response.parsedBody.id == 42     ?? duration < 500
//
// `?? TYPE [VALUE] PREDICATE [EXPECTED]` as httpyac reads it (the predicate is the last one
// on the line). Predicates: == === equals, != !== , > >= < <=, startsWith endsWith, includes
// contains, matches, exists isTrue, isFalse, isNumber isBoolean isString isArray. What has no
// equivalent (xpath, sha256/sha512/md5, js expressions that are not a property path of
// response.parsedBody or response.statusCode, timings other than the total) is listed as not
// imported with the reason ("JavaScript not run", ...).
// Depends on: import_checks.h.
#pragma once
#include <string_view>

#include "import_batch.h"

namespace wirepad {

// `line` is the trimmed `?? ...` line; `offset` and `line_number` say where it is.
void import_httpyac_assert(ImportedRequest& r, std::string_view line, std::size_t offset, std::size_t line_number);

}  // namespace wirepad
