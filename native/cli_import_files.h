// native: `wirepad import FILE [--from FORMAT] [-o PATH]` (HAR, .http, Postman, curl,
// experiment -> experiment files) and `wirepad export --to har|http FILE...`. The
// conversions are in shared/ (import_any, har, http_file); this file reads and writes files,
// resolves `< ./file` bodies of .http files, and for `export --to har --send` sends.
#pragma once
#include <string>
#include <vector>

#include "native/cli_args.h"

namespace wirepad::native {

int import_files(Args& args);
int export_files(const std::string& to, const std::vector<std::string>& files, bool send);

}  // namespace wirepad::native
