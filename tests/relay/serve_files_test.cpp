// tests/relay: what `wirepad serve` does with files and file descriptors. The log file (it carries
// every new pairing code) is created 0600; the pairings file 0600 without touching a folder
// Wirepad did not create; big files (the wasm, the CJK font) are read once and shared, not read
// and copied on the server thread per request; running out of file descriptors does not make the
// accept loop spin; `wirepad serve --help` (and every other subcommand's) prints its usage.
#include <sys/resource.h>

#include <iostream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <cstdio>

#include "native/relay_pairing.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;

namespace {

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";
  return o;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

double rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* p = ::popen(("timeout 20 " + command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

TEST_CASE("serve: the log file is created readable by its owner only", "[relay][log][files]") {
  TempDir dir;
  ::chmod(dir.path.c_str(), 0755);
  mode_t old = ::umask(022);
  ServeOptions o = relay_options();
  o.log_file = (dir.path / "relay.log").string();
  {
    RunningServe serve(o);
    auto res = http_post(serve.port(), "/pair", serve.host(), "http://127.0.0.1:8000", serve.server->pairing_code());
    CHECK(res.result_int() == 200);
    serve.wait_for_log_containing("pairing code is now");
  }
  ::umask(old);
  CHECK(mode_of(o.log_file) == 0600);
  std::ifstream in(o.log_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("pairing code is now") != std::string::npos);  // why it must stay private
}

TEST_CASE("pairings: the file is 0600 and only folders Wirepad created are made 0700", "[relay][pairing][files]") {
  TempDir dir;
  ::chmod(dir.path.c_str(), 0755);  // a folder of the user's (the home folder, /tmp): left alone
  mode_t old = ::umask(022);
  SECTION("in an existing folder") {
    wirepad::native::PairingStore store((dir.path / "pairings.json").string());
    REQUIRE(store.add("http://127.0.0.1:8000").ok());
    CHECK(mode_of(dir.path) == 0755);
    CHECK(mode_of(dir.path / "pairings.json") == 0600);
    REQUIRE(store.revoke("all").ok());  // rewriting keeps it so
    CHECK(mode_of(dir.path) == 0755);
    CHECK(mode_of(dir.path / "pairings.json") == 0600);
    // No temporary file is left behind.
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path)) entries += e.is_regular_file() ? 1 : 0;
    CHECK(entries == 1);
  }
  SECTION("in folders it creates") {
    wirepad::native::PairingStore store((dir.path / "config" / "wirepad" / "pairings.json").string());
    REQUIRE(store.add("http://127.0.0.1:8000").ok());
    CHECK(mode_of(dir.path) == 0755);
    CHECK(mode_of(dir.path / "config") == 0700);
    CHECK(mode_of(dir.path / "config" / "wirepad") == 0700);
    CHECK(mode_of(dir.path / "config" / "wirepad" / "pairings.json") == 0600);
  }
  ::umask(old);
}

TEST_CASE("serve: twenty requests for a big file neither stall the server nor copy the file each", "[relay][http][files]") {
  TempWebRoot web;
  write_file(web.root / "big.wasm", random_bytes(24 * 1024 * 1024, 7));
  ServeOptions o;
  o.web_root = web.root.string();
  RunningServe serve(o);
  double rss_before = rss_mib();
  // Twenty pages ask for it and read nothing yet (a slow network).
  asio::io_context io;
  std::vector<std::unique_ptr<tcp::socket>> slow;
  for (int i = 0; i < 20; ++i) {
    auto s = std::make_unique<tcp::socket>(io);
    s->connect({asio::ip::make_address("127.0.0.1"), serve.port()});
    std::string req = "GET /big.wasm HTTP/1.1\r\nHost: " + serve.host() + "\r\n\r\n";
    asio::write(*s, asio::buffer(req));
    slow.push_back(std::move(s));
  }
  double worst_ms = 0;
  for (int i = 0; i < 30; ++i) {
    auto t = std::chrono::steady_clock::now();
    auto res = http_get(serve.port(), "/app.js", serve.host());
    CHECK(res.result_int() == 200);
    worst_ms = std::max(worst_ms, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  double grown = rss_mib() - rss_before;
  std::cout << "20 slow requests for a 24 MiB file: worst latency of another request " << worst_ms << " ms, RSS grew " << grown
            << " MiB\n";
  CHECK(grown < 120);  // one shared copy (24 MiB), not twenty (480 MiB)
  // Every one of them gets the whole file, byte for byte.
  std::string expected = random_bytes(24 * 1024 * 1024, 7);
  for (int i : {0, 19}) {
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(*slow[std::size_t(i)], buffer, parser);
    CHECK(parser.get().result_int() == 200);
    CHECK(parser.get().body() == expected);
  }
  // A file that changes is read again.
  write_file(web.root / "app.js", "console.log('changed, and longer');\n");
  CHECK(http_get(serve.port(), "/app.js", serve.host()).body() == "console.log('changed, and longer');\n");
}

TEST_CASE("serve: out of file descriptors the accept loop waits instead of spinning and recovers",
          "[relay][http][files]") {
  int report[2];
  REQUIRE(::pipe(report) == 0);
  int go[2];
  REQUIRE(::pipe(go) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(report[0]);
    ::close(go[1]);
    // A child with a small descriptor table, filled up after the server started.
    rlimit lim{64, 64};
    ::setrlimit(RLIMIT_NOFILE, &lim);
    TempWebRoot web;
    ServeOptions o;
    o.port = 0;
    o.web_root = web.root.string();
    o.pairings_file = (web.base / "pairings.json").string();
    o.log = [](const std::string&) {};
    wirepad::native::ServeServer server(o);
    std::string why = server.start();
    std::vector<int> filler;
    for (int fd; (fd = ::dup(0)) >= 0;) filler.push_back(fd);
    std::string line = why.empty() ? std::to_string(server.port()) + "\n" : "error " + why + "\n";
    (void)!::write(report[1], line.data(), line.size());
    char c;
    (void)!::read(go[0], &c, 1);  // the parent connected: a connection waits that cannot be accepted
    timespec a{}, b{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double cpu = double(b.tv_sec - a.tv_sec) + double(b.tv_nsec - a.tv_nsec) / 1e9;
    for (int fd : filler) ::close(fd);  // descriptors free again: the waiting page is served
    std::string cpu_line = std::to_string(cpu) + "\n";
    (void)!::write(report[1], cpu_line.data(), cpu_line.size());
    (void)!::read(go[0], &c, 1);
    server.stop();
    std::error_code ec;
    fs::remove_all(web.base, ec);
    ::_exit(0);
  }
  ::close(report[1]);
  ::close(go[0]);
  auto read_line = [&] {
    std::string s;
    char c;
    while (::read(report[0], &c, 1) == 1 && c != '\n') s += c;
    return s;
  };
  std::string port_line = read_line();
  INFO(port_line);
  REQUIRE(port_line.rfind("error", 0) != 0);
  auto port = std::uint16_t(std::stoi(port_line));
  std::promise<http::response<http::string_body>> got;
  std::thread client([&] {
    try {
      got.set_value(http_get(port, "/app.js", "127.0.0.1:" + std::to_string(port)));
    } catch (...) {
      got.set_exception(std::current_exception());
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  (void)!::write(go[1], "g", 1);
  double cpu = std::stod(read_line());
  std::cout << "accept loop with no descriptors left: " << cpu << " s of CPU in 1.5 s\n";
  CHECK(cpu < 0.15);  // spinning took 0.5-1.5 s of it (as much CPU as it got)
  auto future = got.get_future();
  bool answered = future.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  CHECK(answered);
  if (answered) CHECK(future.get().body() == "console.log('hi');\n");
  (void)!::write(go[1], "g", 1);
  client.join();
  ::close(go[1]);
  ::close(report[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
}

TEST_CASE("cli: every subcommand's --help prints its usage", "[relay][cli]") {
  for (std::string command : {"serve", "relay", "lab", "send", "run", "socket", "listen", "udp-send", "layers", "import",
                                     "export", "link", "open", "collection", "desktop"}) {
    CommandResult r = run_command(std::string(WIREPAD_BINARY) + " " + command + " --help");
    INFO(command << ": " << r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("usage:") != std::string::npos);
    CHECK((r.output.find("wirepad " + command) != std::string::npos || r.output.find("wirepad [" + command + "]") != std::string::npos));
    CHECK(r.output.find("unknown option") == std::string::npos);
  }
  CommandResult late = run_command(std::string(WIREPAD_BINARY) + " serve --port 0 --help");
  CHECK(late.status == 0);
  CHECK(late.output.find("wirepad serve [--port N]") != std::string::npos);
  CommandResult help = run_command(std::string(WIREPAD_BINARY) + " help serve");
  CHECK(help.output.find("wirepad serve [--port N]") != std::string::npos);
}
