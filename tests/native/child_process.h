// tests: a child process with its stdout readable line by line, killed when the object dies.
// Used to run third-party peers (python3 -m http.server, openssl s_server) and the wirepad CLI.
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace wirepad::test {

class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv, bool merge_stderr = false) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    if (merge_stderr) posix_spawn_file_actions_adddup2(&actions, out[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    out_ = out[0];
  }
  ~ChildProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }
  bool started() const { return pid_ > 0; }
  // Sends `sig` (SIGINT: what Ctrl-C sends) to the process.
  void signal(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  // Reads stdout until a line contains `needle`, or the timeout passes. Returns that line.
  std::optional<std::string> wait_for_line(const std::string& needle, double timeout_s = 10) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
      size_t nl;
      while ((nl = buffer_.find('\n')) != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        seen_ += line + "\n";
        if (line.find(needle) != std::string::npos) return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, int(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffer_.append(buf, size_t(n));
    }
  }
  const std::string& seen() const { return seen_; }
  // Reads the output to its end, then waits for the process: its exit status. seen() then
  // holds every line read, and rest() what came after the last line wait_for_line returned.
  int wait_exit(double timeout_s = 30) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, int(left.count())) <= 0) break;
      char buf[4096];
      ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) break;
      buffer_.append(buf, size_t(n));
    }
    if (pid_ <= 0) return -1;
    int wstatus = 0;
    if (::waitpid(pid_, &wstatus, WNOHANG) == 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, &wstatus, 0);
    }
    pid_ = -1;
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  }
  const std::string& rest() const { return buffer_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_, seen_;
};

// Runs a command to completion; returns exit status, stdout and stderr.
struct RunResult {
  int status = -1;
  std::string out, err;
};

inline RunResult run_command(const std::vector<std::string>& argv) {
  RunResult result;
  char out_path[] = "/tmp/wirepad-test-out-XXXXXX";
  char err_path[] = "/tmp/wirepad-test-err-XXXXXX";
  int out = ::mkstemp(out_path), err = ::mkstemp(err_path);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out, 1);
  posix_spawn_file_actions_adddup2(&actions, err, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) == 0) {
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  }
  posix_spawn_file_actions_destroy(&actions);
  auto slurp = [](int fd) {
    std::string s;
    ::lseek(fd, 0, SEEK_SET);
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
    ::close(fd);
    return s;
  };
  result.out = slurp(out);
  result.err = slurp(err);
  ::unlink(out_path);
  ::unlink(err_path);
  return result;
}

}  // namespace wirepad::test
