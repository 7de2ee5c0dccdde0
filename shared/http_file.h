// wirepad core: `.http` / `.rest` request files, as the VS Code REST Client and the JetBrains
// HTTP Client write them, in and out:
//
//   @host = http://127.0.0.1:8080        file variable, substituted
//   ### Create a user                    separator; the text after it names the request
//   # @name createUser                   (also // comments)
//   POST {{host}}/users HTTP/1.1          request line; the method and version are optional
//   Content-Type: application/json
//                                        blank line, then the body up to the next ###
//   {"name": "ada"}
//
// `{{x}}` with no file variable is kept as typed and listed (environments come later); a
// body `< ./file` (or REST Client's `<@ ./file`) is a binary-file body, read when sent, its
// path relative to the .http file (also in body_file, for callers that rebase it); httpyac's
// `??` assertion lines become the request's checks (shared/httpyac_assert.h); scripts
// (`> {% %}`, `< {% %}`, httpyac's `{{ }}` blocks), saved responses (`HTTP/1.1 200 OK` and what follows), JetBrains' `<>` references and `import`/`run` lines,
// response redirects (`>> file`) and directives other than @name are skipped and listed; a
// body line that looks like a request line is kept and listed; a request `wirepad run` would
// refuse (a path with no Host, a ws:// URL) is listed. Text with a BOM or in UTF-16 is decoded.
// Depends on: import_batch.h, httpyac_assert.h (in the .cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"
#include "import_batch.h"

namespace wirepad {

// Errors: invalid_request with "line L, column C: ..." and the byte offset.
Result<ImportBatch> import_http_file(std::string_view text);

struct HttpFileExport {
  std::string text;
  std::vector<ImportNote> not_exported;  // what the file cannot say exactly (what = the request's name)
};
HttpFileExport export_http_file(const std::vector<Experiment>& experiments);

// The files an imported request names (a `< file` body, multipart `< file` parts) are relative
// to the .http file; `folder` (ending in '/', or empty for none) is put in front of each
// relative one ("./" dropped), so they resolve from where the experiment is written or opened.
void rebase_file_paths(RequestSpec& request, const std::string& folder);
// "/x", "C:\x", "C:/x", "\\server\x": paths no folder is put in front of.
bool is_absolute_file_path(std::string_view path);

}  // namespace wirepad
