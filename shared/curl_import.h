// wirepad core: a curl command line (as browsers' "Copy as cURL" write it, bash or Windows
// cmd quoting) -> an Experiment whose structured request (RequestSpec: auth kind, urlencoded
// rows, multipart parts, file bodies, proxy) sends what curl would send. Files (-d @file,
// -F f=@file, -T file) stay paths, read when sending relative to the experiment file. What
// curl would do that an experiment cannot hold is listed in `ignored`, one sentence each,
// never dropped silently; an option curl does not know is an error. See docs/import-export.md.
// The same option table reads an argument vector (`wirepad send`'s argv, no shell quoting):
// read_curl_argv splits it into options, import_curl_options turns them into the request.
// Depends on: experiment.h, shell_words.h.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"

namespace wirepad {

struct ImportNote {
  std::string what;      // the option or word as typed: "-L", "--output", "@body.json"
  std::string sentence;  // why it is not in the experiment and what to do about it
  std::size_t offset = 0;  // where it is in the command text (for an argv: the argument's index)
  // true: said for clarity only, what is sent is what curl sends (--anyauth probing without
  // credentials, -T leaving -d out). false: curl would do something the import does not, so
  // `wirepad send` refuses the command with this note rather than send other bytes.
  bool info = false;
};

struct CurlImport {
  Experiment experiment;
  std::vector<ImportNote> ignored;
  std::size_t offset = 0;  // where the command starts in the pasted text (its `curl` word)
  Headers custom_headers;  // the -H headers sent, in order (arrange_headers_as_curl)
  // --anyauth chose the Digest auth: curl sends the first request whole, body and all, since it
  // does not know yet that credentials are wanted (AuthFlowInputs::first_request_whole).
  bool anyauth = false;
  // With CurlImportOptions::sending: the headers curl would add that the command removes
  // (User-Agent, Accept), for arrange_headers_as_curl.
  std::vector<std::string> removed_headers;
  // A body goes out (-d, --json, -F, -T; not -G's query): curl then states its Content-Length,
  // 0 for -d '' too; without one (-X PUT alone) it sends none.
  bool body_given = false;
  // With CurlImportOptions::sending: -F with the user's multipart Content-Type holding a
  // boundary, as typed. curl appends its own boundary to it and frames the parts with its own;
  // arrange_headers_as_curl writes it so (the request's own header then lacks the user's).
  std::string multipart_type_as_typed;
};

// Errors: invalid_request with the character position: shell syntax (unclosed quote, $VAR,
// pipes), a command that is not curl, an option curl does not know, an option missing its
// value, no URL, or options curl itself refuses together (-d with -F, -I with -d).
// A text with several commands imports the first, and notes each other one.
Result<CurlImport> import_curl(std::string_view command);

// Every curl command of a pasted text, in order: commands are separated by newlines (not
// escaped by a trailing '\' or '^') and by ';', '&&' and '||'. Blank lines and # comments
// are skipped. The first command that fails is the error (positions are in `text`).
Result<std::vector<CurlImport>> import_curl_commands(std::string_view text);

// [argv] ----------------------------------------------------------------------------------

// One option of a curl command line as curl reads it: short letters and bundles (-sSL, -XPOST)
// expanded to long names, the value taken from the next argument or glued to the letter.
struct CurlOption {
  std::string name;   // the long name ("--data" for -d, "--no-location"); "" for a URL
  std::string value;  // the option's value, or the URL; "" for a flag
  std::string shown;  // as typed: "-d", "--data", "-L" (from -sSL)
  std::size_t at = 0;  // where: the offset in the command text, or the argument's index
  bool own = false;    // an option of the caller's (CurlArgvOwn), not curl's
};

// The caller's own options read beside curl's (`wirepad send --timeout 5`): for the argument
// at `index`, 0 when it is not one, 1 for a flag, 2 for an option with a value (the next
// argument). Asked first, for every argument that starts with "--"; may look at the next one
// (Wirepad's --json is its output flag unless a JSON value follows).
using CurlArgvOwn = std::function<int(const std::vector<std::string>& args, std::size_t index)>;

// The arguments after the program name. Errors (invalid_request, naming the argument and its
// index): an option curl does not know, an option missing its value.
Result<std::vector<CurlOption>> read_curl_argv(const std::vector<std::string>& args, const CurlArgvOwn& own = {});

// Reads a file as curl reads it when the command runs ("-" is standard input); a sentence on
// failure. Given to the importer, it reads what curl reads at once (-d @file, --data-urlencode
// name@file, -H @file, -F 'name=<file', --url-query @file, -T file) so the request holds the
// bytes and sends what curl sends; -F name=@file parts stay paths (files_to_read).
using CurlFileReader = std::function<Result<std::string>(const std::string& path)>;

struct CurlImportOptions {
  CurlFileReader read_file;  // empty: files stay paths, and what cannot is noted
  // true: the request is sent now, as curl would send it (`wirepad send`), not kept as an
  // experiment. There are no {{variables}}: braces in --url-query and -G values are escaped as
  // curl escapes them (%7b%7d). -H 'Accept:', -H 'User-Agent:' and -A '' remove those headers
  // (CurlImport::removed_headers, for arrange_headers_as_curl) instead of being noted.
  bool sending = false;
};

// The request the options make, as import_curl makes it (options with `own` set are skipped).
// `end` is where a "no URL" error points.
Result<CurlImport> import_curl_options(const std::vector<CurlOption>& options, const CurlImportOptions& settings = {},
                                       std::size_t end = 0);
// read_curl_argv, then import_curl_options.
Result<CurlImport> import_curl_argv(const std::vector<std::string>& args, const CurlImportOptions& settings = {});

// The headers of a request made from a curl command line, in the order curl 7.88 writes them
// (checked at a capturing server): Host, Authorization, Range/Content-Range, User-Agent,
// Accept, Accept-Encoding, Referer, Cookie, the -H headers in their order, then the body's
// Content-Length and Content-Type (--json: its Content-Type and Accept, then the length),
// Expect. `import` says which were -H headers (custom_headers), which the command removed
// (removed_headers) and whether a body goes out (body_given). User-Agent (kUserAgent), Accept
// and Content-Length are written out where curl writes them: the request goes out with
// HttpRequest::add_default_headers false, so the serializer adds nothing but Host.
Headers arrange_headers_as_curl(const HttpRequest& request, const CurlImport& import);

// A Content-Type without its boundary parameter ("multipart/form-data; boundary=X" ->
// "multipart/form-data"), or nullopt when it has none. RFC 2046 §5.1.1: a boundary holds no ';'.
std::optional<std::string> without_boundary_parameter(std::string_view content_type);

// The Accept-Encoding that curl 7.88 with zlib, brotli and zstd sends for --compressed.
inline constexpr const char* kCurlCompressedEncodings = "deflate, gzip, br, zstd";

}  // namespace wirepad
