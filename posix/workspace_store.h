// posix: the workspace as a real folder (ui::WorkspaceStore). POSIX calls only, so both builds
// compile this file: the desktop and the CLI over the OS, the browser over Emscripten's file
// system (web/ mounts IDBFS, which keeps the folder in IndexedDB).
// Saves are atomic: a temporary file in the same folder, write, fsync, rename over the
// target, fsync the folder. Layout and marker: docs/workspace.md.
// Depends on: ui/workspace_store.h, POSIX.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "shared/error.h"
#include "ui/workspace_store.h"

namespace wirepad::posix {

// The file that marks a folder as a Wirepad workspace (committed with it).
inline constexpr const char* kWorkspaceMarker = ".wirepad-workspace";
// What `.gitignore` says in a new workspace: secret values and local state stay local.
inline constexpr const char* kWorkspaceGitignore =
    "# Wirepad: secret variable values and local state (history, chosen environment) stay on this machine.\n"
    "environments.secrets.json\n"
    ".wirepad/\n";

class FileWorkspaceStore final : public ui::WorkspaceStore {
 public:
  // Opens `root`, creating it (with the marker and .gitignore) when it is missing or empty
  // of a marker. Errors: io_error naming the folder and why.
  static Result<std::unique_ptr<FileWorkspaceStore>> open(const std::string& root);

  std::string location() const override { return root_; }
  std::vector<std::string> list(const std::string& folder) override;
  Result<std::string> read(const std::string& path) override;
  Result<std::string> read_prefix(const std::string& path, std::size_t max_bytes) override;
  Error write(const std::string& path, const std::string& text) override;
  Error remove(const std::string& path) override;
  bool poll_changes() override;
  std::int64_t unix_time() const override;

  // Called after each successful write or remove (the browser syncs IDBFS to IndexedDB).
  void set_after_change(std::function<void()> hook) { after_change_ = std::move(hook); }

 private:
  explicit FileWorkspaceStore(std::string root) : root_(std::move(root)) {}
  std::string full(const std::string& path) const { return root_ + "/" + path; }
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> snapshot();  // path -> (mtime ns, size)

  std::string root_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> seen_;
  bool polled_ = false;
  std::function<void()> after_change_;
};

// Which folder the desktop opens: `requested` when given; else the current directory when it
// holds the marker; else ~/wirepad.
std::string choose_workspace_folder(const std::string& requested);

}  // namespace wirepad::posix
