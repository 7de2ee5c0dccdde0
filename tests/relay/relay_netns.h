// tests/relay: running a scenario in a child process with its own network namespace, where the
// test decides which addresses "this machine" has: loopback is up and each address in `extra`
// sits on lo under an alias label. A client bound to such an address is a peer the relay sees as
// that address (not loopback); a target there is this machine without being loopback. Nothing
// outside the child sees the namespace. Where namespaces cannot be created (no root and no user
// namespaces) the caller is told why, and the test says so and checks nothing.
#pragma once
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace relay_test {

// In the child: a private network namespace, lo up, `extra` IPv4 addresses on lo. "" or why not.
inline std::string isolate_network(const std::vector<std::string>& extra) {
  if (::unshare(CLONE_NEWNET) != 0) {
    uid_t uid = ::getuid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) return std::string("unshare: ") + std::strerror(errno);
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
  }
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) return "socket failed";
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) return std::string("SIOCGIFFLAGS: ") + std::strerror(errno);
  ifr.ifr_flags = short(ifr.ifr_flags | IFF_UP);
  if (::ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) return std::string("bringing lo up: ") + std::strerror(errno);
  for (std::size_t i = 0; i < extra.size(); ++i) {
    ifreq alias{};
    std::string label = "lo:" + std::to_string(i + 1);
    std::strncpy(alias.ifr_name, label.c_str(), IFNAMSIZ - 1);
    auto* sin = reinterpret_cast<sockaddr_in*>(&alias.ifr_addr);
    sin->sin_family = AF_INET;
    if (::inet_pton(AF_INET, extra[i].c_str(), &sin->sin_addr) != 1) return "not an IPv4 address: " + extra[i];
    if (::ioctl(fd, SIOCSIFADDR, &alias) != 0) return "adding " + extra[i] + ": " + std::strerror(errno);
  }
  ::close(fd);
  return "";
}

struct IsolatedRun {
  bool isolated = false;  // false: namespaces unavailable, `report` says why
  std::string report;     // what the scenario returned
};

// Forks; the child isolates itself and runs `scenario`, whose text comes back in `report`.
inline IsolatedRun run_isolated(const std::vector<std::string>& extra, const std::function<std::string()>& scenario) {
  constexpr int kCannotIsolate = 77;
  IsolatedRun run;
  int pipefd[2];
  if (::pipe(pipefd) != 0) return run;
  pid_t pid = ::fork();
  if (pid < 0) return run;
  if (pid == 0) {
    ::close(pipefd[0]);
    std::string why = isolate_network(extra);
    std::string report = why.empty() ? scenario() : why;
    (void)!::write(pipefd[1], report.data(), report.size());
    ::close(pipefd[1]);
    ::_exit(why.empty() ? 0 : kCannotIsolate);
  }
  ::close(pipefd[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) run.report.append(buf, std::size_t(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  run.isolated = !(WIFEXITED(status) && WEXITSTATUS(status) == kCannotIsolate);
  if (!WIFEXITED(status) || (run.isolated && WEXITSTATUS(status) != 0)) run.report = "the child failed: " + run.report;
  return run;
}

}  // namespace relay_test
