// native: the command line. `wirepad` alone opens the desktop app (or serves the browser
// build when there is no display); subcommands: send, run, lab, serve.
#pragma once

namespace wirepad::native {

int run_cli(int argc, char** argv);

}  // namespace wirepad::native
