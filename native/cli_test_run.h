// native: `wirepad test PATH... [--env NAME] [--data FILE] [--bail] [--reporter
// junit|tap|json|html] [--out FILE]` (docs/assertions.md): runs experiment files, folders of
// them and collection files in order, with their assertions and captures, through the
// sans-I/O run of shared/test_run.h, and writes a report.
// argv is the whole command line (argv[1] is "test"). Exit 0 when every request passed (or
// was skipped), 1 when an assertion or capture failed or a request got no response, 2 for bad
// input (an option, a file that is not an experiment, an unknown environment, bad data rows).
#pragma once

namespace wirepad::native {

int run_test_command(int argc, char** argv);

}  // namespace wirepad::native
