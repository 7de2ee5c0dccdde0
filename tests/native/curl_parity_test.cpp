// `wirepad send` against real curl on the same loopback server: the request bytes each one
// sends for the same flags (curl is the reference), the response as each prints it (curl -i),
// and the rough edges around them (.localhost names, limit messages in the CLI's words,
// options anywhere on the socket command line).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "child_process.h"

using wirepad::test::run_command;

namespace {

const std::string kWirepad = WIREPAD_BINARY;

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A loopback server that keeps the bytes of each request it reads (the head, then the body as
// Content-Length or chunked framing says, or what came within a second) and answers with
// `answer`. Reading the framing is the point: a request whose framing lies never completes.
class CaptureServer {
 public:
  explicit CaptureServer(std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      : answer_(std::move(answer)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~CaptureServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int port() const { return port_; }
  // The last request read, and whether its framing completed it.
  std::string last() {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.empty() ? std::string() : requests_.back();
  }
  bool last_complete() {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_complete_;
  }

 private:
  void serve() {
    while (!stop_) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) return;
      timeval tv{1, 0};
      ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      std::string got;
      bool complete = false;
      char buf[65536];
      for (;;) {
        if ((complete = framed(got))) break;
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, std::size_t(n));
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(got);
        last_complete_ = complete;
      }
      [[maybe_unused]] auto sent = ::send(c, answer_.data(), answer_.size(), MSG_NOSIGNAL);
      ::shutdown(c, SHUT_WR);
      ::close(c);
    }
  }
  // RFC 9112 §6.3: chunked, else Content-Length, else no body.
  static bool framed(const std::string& bytes) {
    std::size_t end = bytes.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const std::string head = lower(bytes.substr(0, end));
    const std::string body = bytes.substr(end + 4);
    if (head.find("\r\ntransfer-encoding: chunked") != std::string::npos) {
      // Walk the chunks: size line, data, CRLF; the last chunk has size 0.
      std::size_t at = 0;
      for (;;) {
        std::size_t line_end = body.find("\r\n", at);
        if (line_end == std::string::npos) return false;
        // Kept in a variable: `stop` points into it (into a temporary, it dangled: ASan's
        // stack-use-after-scope).
        const std::string size_line = body.substr(at, line_end - at);
        char* stop = nullptr;
        unsigned long size = std::strtoul(size_line.c_str(), &stop, 16);
        if (stop == nullptr || *stop != '\0') return true;  // not a chunk size: complete as far as we can tell
        if (size == 0) return body.find("\r\n\r\n", line_end) != std::string::npos || body.compare(line_end, 4, "\r\n\r\n") == 0;
        at = line_end + 2 + size + 2;
        if (at > body.size()) return false;
      }
    }
    std::size_t cl = head.find("\r\ncontent-length: ");
    if (cl == std::string::npos) return true;
    return body.size() >= std::stoul(head.substr(cl + 18));
  }

  std::string answer_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
  bool last_complete_ = false;
};

// A request split into what curl and Wirepad must agree on: the request line, the header
// fields (lower-case names, in any order; User-Agent left out: each names itself; Cookie's
// pairs, since curl joins them with ";" and RFC 6265 §5.4 with "; "), the body bytes.
struct Seen {
  std::string request_line;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string body;
};

Seen split(const std::string& bytes) {
  Seen s;
  std::size_t end = bytes.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  std::string head = bytes.substr(0, end + 2);
  s.body = bytes.substr(end + 4);
  std::size_t at = head.find("\r\n");
  s.request_line = head.substr(0, at);
  at += 2;
  while (at < head.size()) {
    std::size_t line_end = head.find("\r\n", at);
    std::string line = head.substr(at, line_end - at);
    at = line_end + 2;
    std::size_t colon = line.find(':');
    std::string name = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (name == "user-agent") continue;
    if (name == "cookie") {
      std::size_t from = 0;
      while (from <= value.size()) {
        std::size_t semi = value.find(';', from);
        std::string pair = value.substr(from, semi == std::string::npos ? std::string::npos : semi - from);
        pair.erase(0, pair.find_first_not_of(' '));
        s.fields.push_back({"cookie", pair});
        if (semi == std::string::npos) break;
        from = semi + 1;
      }
      continue;
    }
    s.fields.push_back({name, value});
  }
  std::sort(s.fields.begin(), s.fields.end());
  return s;
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-parity-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("send and curl send the same request for the same flags", "[cli][curl]") {
  auto dir = temp_dir("data");
  std::ofstream(dir / "lines.txt", std::ios::binary) << "a=1\r\nb=2\n";
  const std::string file = (dir / "lines.txt").string();
  using Flags = std::vector<std::string>;
  auto flags = GENERATE_COPY(values<Flags>({
      {"-H", "Transfer-Encoding: chunked", "-d", "hello"},  // chunk-encoded, not sent raw
      {"-H", "Transfer-Encoding: chunked", "-d", ""},
      {"-H", "Transfer-Encoding: chunked", "--data-binary", std::string(5000, 'z')},
      {"-H", "Host: one", "-H", "Host: two"},  // the first Host only
      {"-b", "a=1", "-b", "b=2"},              // one Cookie header
      {"-d", "x=1"},                           // a form, as curl says
      {"--data-binary", "x=1"},
      {"--data-raw", "@x"},
      {"-d", "a", "-d", "b"},  // joined with '&'
      {"-d", "@" + file},      // the file without CR and LF
      {"--data-binary", "@" + file},
      {"-H", "Content-Type: text/plain", "-d", "abc"},
      {"-X", "PUT", "-d", "abc"},
      {"-H", "Content-Type:", "-d", "abc"},  // curl's way to leave a header out
      {"-H", "X-Empty;"},                    // and to send one empty
  }));
  CAPTURE(flags);
  CaptureServer server;
  Flags curl{"curl", "-s", "-o", "/dev/null"};
  curl.insert(curl.end(), flags.begin(), flags.end());
  curl.push_back(server.url("/p"));
  REQUIRE(run_command(curl).status == 0);
  REQUIRE(server.last_complete());
  const std::string by_curl = server.last();

  Flags send{kWirepad, "send", "--max-time", "5"};
  send.insert(send.end(), flags.begin(), flags.end());
  send.push_back(server.url("/p"));
  auto r = run_command(send);
  CAPTURE(by_curl, server.last(), r.err);
  CHECK(r.status == 0);
  CHECK(server.last_complete());  // the framing ended the request (chunked used to hang)
  Seen a = split(by_curl), b = split(server.last());
  CHECK(b.request_line == a.request_line);
  CHECK(b.fields == a.fields);
  CHECK(b.body == a.body);
}

TEST_CASE("a second Host is named in -v, and several -b files are refused", "[cli][curl]") {
  CaptureServer server;
  auto r = run_command({kWirepad, "send", "-v", "-H", "Host: one", "-H", "Host: two", server.url()});
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("(Host: two) was not sent"));
  // -H 'Accept:' removes Accept, as with curl (send writes curl's headers itself).
  auto removed = run_command({kWirepad, "send", "-H", "Accept:", server.url()});
  CHECK(removed.status == 0);
  CHECK(removed.err.empty());
  auto two_jars = run_command({kWirepad, "send", "-b", "one.json", "-b", "two.json", server.url()});
  CHECK(two_jars.status == 2);
  CHECK_THAT(two_jars.err, Catch::Contains("'one.json' and 'two.json'"));
}

TEST_CASE("chunked trailers are printed after the body as curl -i prints them, and are in --json", "[cli][curl]") {
  CaptureServer server(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum, X-Other\r\nConnection: close\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc123\r\nX-Other: two\r\n\r\n");
  auto curl = run_command({"curl", "-si", server.url()});
  REQUIRE(curl.status == 0);
  auto send = run_command({kWirepad, "send", server.url()});
  CHECK(send.status == 0);
  CHECK(send.out == curl.out);  // byte for byte
  CHECK_THAT(send.out, Catch::EndsWith("hello worldX-Checksum: abc123\r\nX-Other: two\r\n"));
  auto json = run_command({kWirepad, "send", "--json", server.url()});
  CHECK_THAT(json.out, Catch::Contains(R"("trailers":[{"name":"X-Checksum","value":"abc123"},{"name":"X-Other","value":"two"}])"));
}

TEST_CASE("names under .localhost reach loopback without DNS (RFC 6761)", "[cli][curl]") {
  CaptureServer server;
  for (std::string host : {"localhost", "app.localhost", "a.b.LocalHost"}) {
    CAPTURE(host);
    auto r = run_command({kWirepad, "send", "-v", "http://" + host + ":" + std::to_string(server.port()) + "/"});
    CHECK(r.status == 0);
    CHECK(r.out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK_THAT(server.last(), Catch::Contains("\r\nHost: " + lower(host) + ":" + std::to_string(server.port()) + "\r\n"));
  }
}

TEST_CASE("limit errors name the CLI's flags, never a setting of the app or a C++ name", "[cli]") {
  // A server that accepts and never answers.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(fd, 4);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/";
  auto slow = run_command({kWirepad, "send", "-m", "0.5", url});
  CHECK(slow.status == 1);
  CHECK_THAT(slow.err, Catch::Contains("(the total timeout)") && Catch::Contains("--max-time SECONDS"));
  auto first_byte = run_command({kWirepad, "send", "--timeout", "0.5", url});
  CHECK_THAT(first_byte.err, Catch::Contains("--max-time SECONDS"));
  for (const auto* r : {&slow, &first_byte}) {
    CHECK_THAT(r->err, !Catch::Contains("request options") && !Catch::Contains("_timeout in") && !Catch::Contains("::"));
  }

  auto dir = temp_dir("limits");
  auto file = dir / "slow.json";
  std::ofstream(file) << R"({"wirepad": 1, "kind": "http", "name": "slow",
    "request": {"method": "GET", "url": ")" << url << R"(", "headers": [], "body": ""},
    "options": {"total_timeout": 0.5}})";
  auto run = run_command({kWirepad, "run", file.string()});
  CHECK_THAT(run.err, Catch::Contains("Raise options.total_timeout in " + file.string()));
  ::close(fd);

  auto bad_url = run_command({kWirepad, "send", "http:/127.0.0.1/"});
  CHECK(bad_url.status == 2);
  CHECK_THAT(bad_url.err, Catch::Contains("one '/' is missing"));
  CHECK_THAT(bad_url.err, !Catch::Contains("port"));
}

TEST_CASE("socket options work anywhere on the line, and twice is an error", "[cli][socket]") {
  CaptureServer server("nothing you expect");
  const std::string port = std::to_string(server.port());
  {
    // A peer that accepts (the kernel's backlog) and never says anything.
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 4);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    // --timeout after the steps applies to them (it used to be ignored: the expect waited 5 s).
    auto late = run_command({kWirepad, "socket", "127.0.0.1", std::to_string(ntohs(a.sin_port)), "--send", "hi",
                             "--expect", "never", "--timeout", "0.3"});
    ::close(fd);
    CAPTURE(late.out, late.err);
    CHECK(late.status == 1);
    CHECK_THAT(late.err, Catch::Contains("idle_timeout") && Catch::Contains("within 0.30 s") &&
                             Catch::Contains("--timeout SECONDS waits longer"));
    // When it gave up, by the timeline's own clock (the process's start-up is not in it: that
    // took seconds under AddressSanitizer on a loaded machine).
    std::size_t failed = late.out.find(" ms  ! idle_timeout");
    REQUIRE(failed != std::string::npos);
    std::size_t line = late.out.rfind('\n', failed);
    const double gave_up_ms = std::stod(late.out.substr(line == std::string::npos ? 0 : line + 1));
    CHECK(gave_up_ms >= 300);
    CHECK(gave_up_ms < 3000);
  }
  auto hex_late = run_command({kWirepad, "socket", "127.0.0.1", port, "--send", "6869", "--hex", "--timeout", "0.3"});
  CHECK(hex_late.status == 0);
  CHECK_THAT(hex_late.out, Catch::Contains("> hi"));
  auto twice = run_command({kWirepad, "socket", "--timeout", "1", "127.0.0.1", port, "--timeout", "2"});
  CHECK(twice.status == 2);
  CHECK_THAT(twice.err, Catch::Contains("--timeout is given twice"));
  auto bad = run_command({kWirepad, "udp-send", "127.0.0.1", "9", "x", "--ttl"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("--ttl takes a hop count"));
  auto bad_count = run_command({kWirepad, "listen", "--count", "many", "0"});
  CHECK(bad_count.status == 2);
  CHECK_THAT(bad_count.err, Catch::Contains("--count takes a whole number"));
}

TEST_CASE("a curl option send cannot honour is an error naming it, and nothing is sent", "[cli][curl]") {
  CaptureServer server;
  using Flags = std::vector<std::string>;
  auto [flags, named] = GENERATE(table<Flags, std::string>({
      {{"--http3"}, "--http3"},
      {{"--http1.0"}, "--http1.0"},
      {{"--ntlm", "-u", "a:b"}, "--ntlm"},
      {{"--negotiate", "-u", ":"}, "--negotiate"},
      {{"--ftp-pasv"}, "--ftp-pasv"},
      {{"-w", "%{http_code}"}, "-w"},
      {{"--retry", "3"}, "--retry"},
      {{"-f"}, "-f"},
      {{"--location-trusted"}, "--location-trusted"},
      {{"-x", "socks5://127.0.0.1:9"}, "SOCKS proxies are not supported"},
      {{"-F", "a=b;headers=X-A: 1"}, ";headers="},
      {{"-u", "nopassword"}, "-u"},
      {{"-e", "http://r/;auto"}, ";auto"},
      {{"-T", "-"}, "-T -"},
      {{"--next"}, "--next"},
      {{"--bogus-option"}, "'--bogus-option' is not a curl option"},
      {{"-j"}, "-j"},
  }));
  CAPTURE(flags);
  Flags send{kWirepad, "send"};
  send.insert(send.end(), flags.begin(), flags.end());
  send.push_back(server.url("/never"));
  auto r = run_command(send);
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains(named));
  CHECK(server.last().empty());  // refused before anything was sent
}

TEST_CASE("send --json is curl's JSON body when a JSON value follows, else the exchange as JSON", "[cli][curl]") {
  CaptureServer server;
  auto body = run_command({kWirepad, "send", "--json", "{\"a\":1}", server.url("/j")});
  CHECK(body.status == 0);
  CHECK_THAT(server.last(), Catch::EndsWith("\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                                            "Content-Length: 7\r\n\r\n{\"a\":1}"));
  CHECK(body.out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);  // printed like curl -i
  auto output = run_command({kWirepad, "send", "--json", server.url("/o")});
  CHECK(output.status == 0);
  CHECK_THAT(output.out, Catch::StartsWith("{") && Catch::Contains("\"status\":200"));
  CHECK(server.last().rfind("GET /o HTTP/1.1\r\n", 0) == 0);
  auto both = run_command({kWirepad, "send", "--json", "--json", "[1]", server.url("/b")});
  CHECK_THAT(both.out, Catch::StartsWith("{"));
  CHECK_THAT(server.last(), Catch::EndsWith("\r\n\r\n[1]"));
}

TEST_CASE("send's -H headers go after curl's User-Agent and Accept, as curl writes them", "[cli][curl]") {
  CaptureServer server;
  const std::vector<std::string> flags{"-A", "agent/1", "-H", "X-One: 1", "-e", "http://ref/", "-b", "k=v", "-u", "u:p",
                                       "-r", "0-9", "-H", "Accept: text/plain"};
  std::vector<std::string> curl{"curl", "-s", "-o", "/dev/null"}, send{kWirepad, "send"};
  curl.insert(curl.end(), flags.begin(), flags.end());
  send.insert(send.end(), flags.begin(), flags.end());
  curl.push_back(server.url("/order"));
  send.push_back(server.url("/order"));
  REQUIRE(run_command(curl).status == 0);
  const std::string by_curl = server.last();
  REQUIRE(run_command(send).status == 0);
  CHECK(server.last() == by_curl);  // byte for byte: same headers, same order
  CHECK_THAT(by_curl, Catch::Contains("User-Agent: agent/1\r\nReferer: http://ref/\r\nCookie: k=v\r\nX-One: 1\r\nAccept: text/plain\r\n"));
}
