// native: how the desktop learns where a running `wirepad serve` is, so share links made on
// the desktop open in that page and not in a guessed http://127.0.0.1:7070/. `serve` writes
// its URL and process id to a small file in the user's runtime folder while it runs; the
// desktop reads it when the Share dialog opens and believes it only while that process lives.
// Depends on: POSIX, nlohmann/json (in the .cpp).
#pragma once
#include <string>

namespace wirepad::native {

// $XDG_RUNTIME_DIR/wirepad/serve.json (a per-user tmpfs), else ~/.cache/wirepad/serve.json.
std::string serve_runtime_path();

// Written by `wirepad serve` once it listens; removed when it stops (if no later serve has
// written its own since).
class ServeRuntimeFile {
 public:
  explicit ServeRuntimeFile(const std::string& url);
  ~ServeRuntimeFile();
  ServeRuntimeFile(const ServeRuntimeFile&) = delete;
  ServeRuntimeFile& operator=(const ServeRuntimeFile&) = delete;

 private:
  std::string path_;
};

// The URL of the serve that wrote the file, "" when there is none or its process is gone.
std::string running_serve_url();

}  // namespace wirepad::native
