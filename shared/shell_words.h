// wirepad core: splits a pasted command line into words the way the shell that would run it
// does, so "Copy as cURL" text from a browser can be imported. Two dialects:
//  - bash: whitespace separates words; '...' is literal; "..." keeps \" \\ \$ \` and joins
//    lines; $'...' is ANSI-C quoting (\n, \xHH, \u1234, ...); a backslash outside quotes takes
//    the next character literally and "\<newline>" continues the line. Expansions ($VAR,
//    $(...), `...`), pipes, redirections and command separators are refused with their
//    position: Wirepad cannot run them, and guessing would import a different request.
//  - cmd (Windows): two stages, as on Windows. cmd.exe first: ^ escapes the next character
//    and "^<newline>" continues the line; outside "..." the characters & | < > end the
//    command. Then the C runtime's argument rules (CommandLineToArgvW): "..." groups, \"
//    is a literal quote, 2n backslashes before a quote are n backslashes. This is what
//    Chromium's "Copy as cURL (cmd)" writes: ^"https://example.com/^" ^ ...
// Errors: invalid_request with the character position in the original text.
// Depends on: error.h only.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad {

enum class ShellDialect { bash, cmd };

struct ShellWord {
  std::string text;
  std::size_t offset = 0;  // where the word starts in the original text
  bool operator==(const ShellWord&) const = default;
};

Result<std::vector<ShellWord>> split_shell_words(std::string_view line, ShellDialect dialect);

// cmd when the text carries cmd's marks (^" quoting or a line ending in ^), else bash.
ShellDialect guess_shell_dialect(std::string_view line);

// One word quoted for bash so that split_shell_words(.., bash) gives it back unchanged:
// bare when it is only safe characters, '...' when printable, $'...' when it holds control
// bytes or invalid UTF-8.
std::string quote_for_bash(std::string_view word);

}  // namespace wirepad
