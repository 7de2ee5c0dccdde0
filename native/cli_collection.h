// native: a whole collection (a workspace folder of experiments) as one file to share:
//   wirepad collection export DIR [-o FILE] [--include-secrets]
//   wirepad collection import FILE DIR
// Export leaves out Authorization/Cookie values and URL passwords unless --include-secrets
// (environments and their secret file are never exported); import refuses paths that climb
// out of DIR and never overwrites an existing file. Format: docs/workspace.md.
// argv is the whole command line (argv[1] is "collection"). Exit 0, 2 for bad input, 1 for
// files that cannot be read or written.
#pragma once

namespace wirepad::native {

int run_collection_command(int argc, char** argv);

}  // namespace wirepad::native
