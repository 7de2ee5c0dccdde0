// ui: the workspace as the front end sees it: a folder of files addressed by relative,
// '/'-separated paths. posix/workspace_store.* implements it over a real folder, for both
// builds: the desktop's on disk, the browser's on Emscripten's IDBFS, which keeps the folder
// in IndexedDB. The front end never touches files any other way, and only
// from draw_app's "act on the intent" step, never inside a panel's draw call.
// Depends on: shared/error.h only.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "shared/error.h"

namespace wirepad::ui {

class WorkspaceStore {
 public:
  virtual ~WorkspaceStore() = default;
  // Where it is, for the user ("/home/ada/wirepad", "browser storage (IndexedDB)").
  virtual std::string location() const = 0;
  // Files under `folder` ("" for the root), recursively, sorted, as paths from the root.
  // Hidden entries (".git", ".wirepad", temp files) are skipped unless `folder` is inside one.
  virtual std::vector<std::string> list(const std::string& folder) = 0;
  // Errors: io_error naming the path and why.
  virtual Result<std::string> read(const std::string& path) = 0;
  // At most the first `max_bytes` of the file (the history list reads records' summaries).
  virtual Result<std::string> read_prefix(const std::string& path, std::size_t max_bytes) {
    Result<std::string> text = read(path);
    if (text && text.value().size() > max_bytes) text.value().resize(max_bytes);
    return text;
  }
  // Atomic: a crash at any moment leaves the old file or the new one, never half of one.
  // Creates missing folders.
  virtual Error write(const std::string& path, const std::string& text) = 0;
  virtual Error remove(const std::string& path) = 0;
  // True when a listed file (experiments, environments) changed since the previous call:
  // external edits. Cheap enough to call once a second.
  virtual bool poll_changes() = 0;
  // Wall-clock seconds, to stamp history entries (the core has no clock).
  virtual std::int64_t unix_time() const = 0;
};

}  // namespace wirepad::ui
