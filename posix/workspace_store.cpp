// posix: FileWorkspaceStore (see workspace_store.h).
#include "posix/workspace_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "shared/share_content.h"

namespace wirepad::posix {
namespace {

Error io_error(const std::string& what, const std::string& path, int err) {
  return make_error(ErrorCode::io_error, "cannot " + what + " " + path + ": " + std::strerror(err));
}

bool is_dir(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

// mkdir -p
Error make_folders(const std::string& path) {
  std::size_t pos = 1;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    std::string part = path.substr(0, slash);
    if (!part.empty() && ::mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return io_error("create the folder", part, errno);
    pos = slash + 1;
  }
  return {};
}

Error write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_error("write", path, n < 0 ? errno : EIO);
    done += std::size_t(n);
  }
  return {};
}

void fsync_folder(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // makes the rename itself durable (a power cut, not only a crash)
  ::close(fd);
}

void walk(const std::string& root, const std::string& relative, bool include_hidden, std::vector<std::string>& out) {
  std::string folder = relative.empty() ? root : root + "/" + relative;
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (name[0] == '.' && !include_hidden) continue;  // .git, .wirepad, .name.tmp-*
    if (name.find(".tmp-") != std::string::npos) continue;
    std::string path = relative.empty() ? name : relative + "/" + name;
    struct stat st{};
    if (::lstat((root + "/" + path).c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) walk(root, path, include_hidden, out);  // symlinked folders are not followed: no loops
    else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) out.push_back(path);
  }
  ::closedir(dir);
}

std::atomic<unsigned> g_temp_counter{0};

// Temporary files a killed process left behind (".name.tmp-PID-N" whose PID is gone) are
// half-written saves, never experiments: remove them when the workspace opens.
void remove_stale_temp_files(const std::string& root, const std::string& relative) {
  std::string folder = relative.empty() ? root : root + "/" + relative;
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return;
  std::vector<std::string> subfolders, stale;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == ".." || name == ".git") continue;
    std::string path = folder + "/" + name;
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      subfolders.push_back(relative.empty() ? name : relative + "/" + name);
      continue;
    }
    std::size_t tmp = name.rfind(".tmp-");
    if (name[0] != '.' || tmp == std::string::npos) continue;
    long pid = std::strtol(name.c_str() + tmp + 5, nullptr, 10);
    if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) stale.push_back(path);
  }
  ::closedir(dir);
  for (const std::string& path : stale) ::unlink(path.c_str());
  for (const std::string& sub : subfolders) remove_stale_temp_files(root, sub);
}

}  // namespace

Result<std::unique_ptr<FileWorkspaceStore>> FileWorkspaceStore::open(const std::string& requested) {
  std::string root = requested;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root.empty()) return make_error(ErrorCode::io_error, "no workspace folder given");
  if (exists(root) && !is_dir(root)) return make_error(ErrorCode::io_error, "cannot open the workspace " + root + ": it is a file, not a folder");
  if (Error e = make_folders(root)) return e;
  std::unique_ptr<FileWorkspaceStore> store(new FileWorkspaceStore(root));
  if (!exists(root + "/" + kWorkspaceMarker)) {
    // A new workspace: the marker, and a .gitignore that keeps secrets out of git (appended
    // to one that is already there).
    if (Error e = store->write(kWorkspaceMarker, "{\n  \"wirepad_workspace\": 1\n}\n")) return e;
    std::string gitignore;
    if (Result<std::string> old = store->read(".gitignore")) gitignore = old.value();
    if (gitignore.find("environments.secrets.json") == std::string::npos) {
      if (!gitignore.empty() && gitignore.back() != '\n') gitignore += '\n';
      if (Error e = store->write(".gitignore", gitignore + kWorkspaceGitignore)) return e;
    }
  }
  remove_stale_temp_files(root, "");
  return store;
}

std::vector<std::string> FileWorkspaceStore::list(const std::string& folder) {
  std::vector<std::string> out;
  bool hidden = !folder.empty() && (folder[0] == '.' || folder.find("/.") != std::string::npos);
  walk(root_, folder, hidden, out);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> FileWorkspaceStore::read(const std::string& path) { return read_prefix(path, std::string::npos); }

Result<std::string> FileWorkspaceStore::read_prefix(const std::string& path, std::size_t max_bytes) {
  if (!is_safe_relative_path(path)) return make_error(ErrorCode::io_error, "not a path inside the workspace: " + path);
  std::string file = full(path);
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("read", file, errno);
  std::string text;
  char buffer[65536];
  while (text.size() < max_bytes) {
    ssize_t n = ::read(fd, buffer, std::min(sizeof buffer, max_bytes - text.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return io_error("read", file, err);
    }
    if (n == 0) break;
    text.append(buffer, std::size_t(n));
  }
  ::close(fd);
  return text;
}

Error FileWorkspaceStore::write(const std::string& path, const std::string& text) {
  if (!is_safe_relative_path(path)) return make_error(ErrorCode::io_error, "not a path inside the workspace: " + path);
  std::string file = full(path);
  std::size_t slash = file.rfind('/');
  std::string folder = file.substr(0, slash);
  if (Error e = make_folders(folder)) return e;
  // The temporary file sits in the same folder (rename is atomic only within one file
  // system) and starts with '.', so listings skip it.
  std::string temp = folder + "/." + file.substr(slash + 1) + ".tmp-" + std::to_string(::getpid()) + "-" +
                     std::to_string(g_temp_counter++);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("write", file, errno);
  Error error = write_all(fd, text, file);
  if (!error && ::fsync(fd) != 0) error = io_error("write (fsync)", file, errno);
  if (::close(fd) != 0 && !error) error = io_error("write (close)", file, errno);
  if (!error && ::rename(temp.c_str(), file.c_str()) != 0) error = io_error("replace", file, errno);
  if (error) {
    ::unlink(temp.c_str());
    return error;
  }
  fsync_folder(folder);
  if (after_change_) after_change_();
  return {};
}

Error FileWorkspaceStore::remove(const std::string& path) {
  if (!is_safe_relative_path(path)) return make_error(ErrorCode::io_error, "not a path inside the workspace: " + path);
  std::string file = full(path);
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) return io_error("remove", file, errno);
  fsync_folder(file.substr(0, file.rfind('/')));
  if (after_change_) after_change_();
  return {};
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> FileWorkspaceStore::snapshot() {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
  std::vector<std::string> files;
  walk(root_, "", false, files);
  for (const std::string& path : files) {
    struct stat st{};
    if (::stat(full(path).c_str(), &st) != 0) continue;
    out[path] = {std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec, std::int64_t(st.st_size)};
  }
  return out;
}

bool FileWorkspaceStore::poll_changes() {
  auto now = snapshot();
  bool changed = polled_ && now != seen_;
  seen_ = std::move(now);
  polled_ = true;
  return changed;
}

std::int64_t FileWorkspaceStore::unix_time() const { return std::int64_t(std::time(nullptr)); }

std::string choose_workspace_folder(const std::string& requested) {
  if (!requested.empty()) return requested;
  char cwd[4096];
  if (::getcwd(cwd, sizeof cwd) && exists(std::string(cwd) + "/" + kWorkspaceMarker)) return cwd;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/wirepad";
}

}  // namespace wirepad::posix
