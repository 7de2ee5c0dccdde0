// wirepad core: a curl command line (as browsers' "Copy as cURL" write it, bash or Windows
// cmd quoting) -> an Experiment that sends the request curl would send. What curl would do
// that an experiment cannot hold (read files, follow redirects, print differently, ...) is
// listed in `ignored`, one sentence each, never dropped silently. See docs/import-export.md.
// Depends on: experiment.h, shell_words.h.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "experiment.h"

namespace wirepad {

struct ImportNote {
  std::string what;      // the option or word as typed: "-L", "--output", "@body.json"
  std::string sentence;  // why it is not in the experiment and what to do about it
  std::size_t offset = 0;  // where it is in the command text
};

struct CurlImport {
  Experiment experiment;
  std::vector<ImportNote> ignored;
};

// Errors: invalid_request with the character position: shell syntax (unclosed quote, $VAR,
// pipes), a command that is not curl, an option missing its value, no URL, or options curl
// itself refuses together (-d with -F, -I with -d).
Result<CurlImport> import_curl(std::string_view command);

// The Accept-Encoding that curl 7.88 with zlib, brotli and zstd sends for --compressed.
inline constexpr const char* kCurlCompressedEncodings = "deflate, gzip, br, zstd";

}  // namespace wirepad
