// tests: a harness that runs only the convert subcommands (import, export, link, open), so
// their tests do not depend on how native/cli.cpp dispatches.
#include "native/cli_convert.h"

int main(int argc, char** argv) { return wirepad::native::run_convert_command(argc, argv); }
