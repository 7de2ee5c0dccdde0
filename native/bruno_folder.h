// native: reads a Bruno collection folder (bruno.json, *.bru in sub-folders, environments/*.bru)
// for shared/bruno_import.h, which does no I/O. Used by `wirepad import FOLDER` and `wirepad
// test FOLDER`.
#pragma once
#include <string>

#include "shared/bruno_import.h"

namespace wirepad::native {

// True when `folder` holds a bruno.json (a Bruno collection).
bool is_bruno_folder(const std::string& folder);
// Errors name the file that could not be read or parsed.
Result<ImportBatch> import_bruno_folder(const std::string& folder);

}  // namespace wirepad::native
