// tests/relay: the metadata address reached BY NAME. The relay resolves names with the real
// resolver (getaddrinfo, /etc/hosts first: "hosts: files dns"), so the test gives it an
// /etc/hosts where names point at 169.254.169.254: in a child process, inside a private mount
// namespace, a temp file is bind-mounted over /etc/hosts. Nothing outside the child sees it,
// and the relay's real resolution path is what the check sees. Where namespaces cannot be
// created the test says so and checks nothing (Catch2 v2 has no "skipped").
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "relay_test_support.h"

using namespace relay_test;

namespace {

constexpr int kCannotIsolate = 77;

bool write_text(const char* path, const std::string& text) {
  int fd = ::open(path, O_WRONLY);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
  ::close(fd);
  return ok;
}

// In the child: a private mount namespace with `hosts` over /etc/hosts. "" or why not.
std::string isolate_etc_hosts(const fs::path& hosts) {
  uid_t uid = ::getuid();
  gid_t gid = ::getgid();
  if (::unshare(CLONE_NEWNS) != 0) {
    // Not privileged: a user namespace gives the mount namespace its own root.
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) return std::string("unshare: ") + std::strerror(errno);
    write_text("/proc/self/setgroups", "deny");
    if (!write_text("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
        !write_text("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
      return "cannot map the user in a user namespace";
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return std::string("mount --make-rprivate /: ") + std::strerror(errno);
  if (::mount(hosts.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0)
    return std::string("mount --bind over /etc/hosts: ") + std::strerror(errno);
  return "";
}

// What the page saw for each name, as JSON: {"name": reply, ...} plus "log".
json run_scenario(std::uint16_t echo_port, const fs::path& dir) {
  json out = json::object();
  out["echo_port"] = echo_port;
  std::vector<std::string> lines;
  std::mutex m;
  wirepad::native::ServeOptions o;
  o.port = 0;
  o.web_root = "/nonexistent";
  o.pairings_file = (dir / "pairings.json").string();
  o.log = [&](const std::string& l) {
    std::lock_guard<std::mutex> lock(m);
    lines.push_back(l);
  };
  wirepad::native::ServeServer server(o);
  if (std::string why = server.start(); !why.empty()) return json{{"error", why}};
  for (const char* name : {"metadata.wirepad.test", "mixed.wirepad.test", "private.wirepad.test", "ecs.wirepad.test"}) {
    try {
      PageClient page(server.port(), server.token(), "http://127.0.0.1:" + std::to_string(server.port()));
      page.send_json({{"op", "connect"}, {"host", name}, {"port", echo_port}, {"connect_timeout_ms", 3000}});
      Frame f = page.read();
      out[name] = f.closed ? json("closed") : json::parse(f.data);
      if (out[name].value("op", "") == "connected") {
        page.send_binary("through the name");
        out[std::string(name) + " echo"] = page.read().data;
      }
    } catch (const std::exception& e) {
      out[name] = std::string("exception: ") + e.what();
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.stop();
  std::lock_guard<std::mutex> lock(m);
  out["log"] = lines;
  return out;
}

}  // namespace

TEST_CASE("relay: a name that resolves to the metadata address is refused (real resolver, /etc/hosts)", "[relay][policy][namespace]") {
  TempDir dir;
  fs::path hosts = dir.path / "hosts";
  write_file(hosts,
             "127.0.0.1 localhost\n"
             "169.254.169.254 metadata.wirepad.test\n"
             "169.254.169.254 mixed.wirepad.test\n"
             "127.0.0.1 mixed.wirepad.test\n"
             "10.1.2.3 private.wirepad.test\n"
             "169.254.170.2 ecs.wirepad.test\n");
  // The fork comes first, while this process has one thread: a child forked from a process
  // with others (an echo server's) may find a lock one of them held forever taken, and under
  // AddressSanitizer it did (the child hung in a futex). The child starts its own echo server.
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(pipefd[0]);
    std::string why = isolate_etc_hosts(hosts);
    std::string report = why;
    if (why.empty()) {
      TcpEchoServer echo;
      report = run_scenario(echo.port(), dir.path).dump();
    }
    (void)!::write(pipefd[1], report.data(), report.size());
    ::close(pipefd[1]);
    ::_exit(why.empty() ? 0 : kCannotIsolate);
  }
  ::close(pipefd[1]);
  std::string report;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) report.append(buf, std::size_t(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == kCannotIsolate) {
    WARN("SKIPPED: cannot create a mount namespace here (" << report << "); the metadata-by-name check did not run");
    return;
  }
  REQUIRE(WEXITSTATUS(status) == 0);
  INFO(report);
  json r = json::parse(report);
  REQUIRE_FALSE(r.contains("error"));

  // Only the metadata address: refused, with the name and the reason.
  json meta = r["metadata.wirepad.test"];
  CHECK(meta["op"] == "error");
  CHECK(meta["code"] == "relay_refused");
  CHECK(meta["message"] ==
        "'metadata.wirepad.test' resolves only to addresses the relay refuses. The relay refuses 169.254.169.254: it is a "
        "cloud metadata address, which hands out this machine's cloud credentials to whoever asks.");
  // Metadata and loopback: the relay connects to the address it checked, never the other one.
  json mixed = r["mixed.wirepad.test"];
  CHECK(mixed["op"] == "connected");
  CHECK(mixed["address"] == "127.0.0.1:" + std::to_string(r.value("echo_port", 0)));
  CHECK(r["mixed.wirepad.test echo"] == "through the name");
  // A private address by name needs the opt-in as much as a literal does.
  CHECK(r["private.wirepad.test"]["code"] == "relay_refused");
  CHECK(r["private.wirepad.test"]["message"].get<std::string>().find("The relay refuses 10.1.2.3: it is a private network address; "
                                                                      "restart with `wirepad serve --allow-private`") != std::string::npos);
  CHECK(r["ecs.wirepad.test"]["message"].get<std::string>().find("169.254.170.2: it is a cloud metadata address") != std::string::npos);
  // And the log says who asked, for what, and why it was refused, with no address connected.
  bool logged = false;
  for (const auto& line : r["log"]) {
    std::string l = line.get<std::string>();
    if (l.find("target=tcp metadata.wirepad.test:") != std::string::npos && l.find("address=- ") != std::string::npos &&
        l.find("relay_refused: 'metadata.wirepad.test' resolves only to addresses the relay refuses") != std::string::npos)
      logged = true;
  }
  CHECK(logged);
}
