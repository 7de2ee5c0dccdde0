// wirepad core: a curl command line (as browsers' "Copy as cURL" write it, bash or Windows
// cmd quoting) -> an Experiment whose structured request (RequestSpec: auth kind, urlencoded
// rows, multipart parts, file bodies, proxy) sends what curl would send. Files (-d @file,
// -F f=@file, -T file) stay paths, read when sending relative to the experiment file. What
// curl would do that an experiment cannot hold is listed in `ignored`, one sentence each,
// never dropped silently; an option curl does not know is an error. See docs/import-export.md.
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
  std::size_t offset = 0;  // where the command starts in the pasted text (its `curl` word)
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

// The Accept-Encoding that curl 7.88 with zlib, brotli and zstd sends for --compressed.
inline constexpr const char* kCurlCompressedEncodings = "deflate, gzip, br, zstd";

}  // namespace wirepad
