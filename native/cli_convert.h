// native: the CLI subcommands that convert experiments without sending anything:
//   wirepad import curl 'CURL COMMAND' [-o FILE]      curl command -> experiment JSON
//   wirepad export --to FORMAT FILE                   experiment -> code (curl, python-socket, ...)
//   wirepad link FILE [--include-secrets] [--base URL] experiment -> share link
//   wirepad open LINK [-o FILE]                        share link -> experiment (never sends)
// argv is the whole command line (argv[1] is the subcommand). Exit 0 on success, 2 for bad
// input (the message names the position), 1 when a file cannot be read or written.
#pragma once

namespace wirepad::native {

int run_convert_command(int argc, char** argv);

}  // namespace wirepad::native
