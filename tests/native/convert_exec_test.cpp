// Import and export checked against the real programs, on loopback:
//  - curl import: curl itself runs the command against a capture server; Wirepad sends the
//    imported experiment to the same server; the two requests must match (header order and
//    User-Agent aside).
//  - code export: each generator's output is executed (bash + curl, python3, node, g++ with
//    cpp-httplib) against the capture server and must send the request Wirepad sends.
//  - HAR, .http and Postman imports: each imported request is sent by Wirepad and by curl
//    running the equivalent command (as Postman's and the REST clients' "copy as curl"
//    write it); a HAR recorded by `export --to har --send` replays to the same bytes.
//  - the CLI commands (import, export, link, open) through a small harness binary.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <tuple>

#include "../core/convert_samples.h"
#include "child_process.h"
#include "native/posix_transport.h"
#include "shared/code_export.h"
#include "shared/environment.h"
#include "shared/curl_import.h"
#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/postman_import.h"
#include "shared/request_resolve.h"
#include "shared/share_link.h"
#include "shared/shell_words.h"

using namespace wirepad;
using wirepad::test::run_command;

namespace {

// [SECTION] capture server -----------------------------------------------------------------

// Records the bytes of each request (head + Content-Length or chunked body) and answers 200.
class CaptureServer {
 public:
  CaptureServer() {
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
    thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // The next captured request, waiting up to `seconds`; "" if none came.
  std::string next(double seconds = 20) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return !requests_.empty(); })) return "";
    std::string r = requests_.front();
    requests_.erase(requests_.begin());
    return r;
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.clear();
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      std::string bytes = read_request(c);
      const char* answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
      ::send(c, answer, std::strlen(answer), MSG_NOSIGNAL);
      ::shutdown(c, SHUT_WR);
      char drain[256];
      pollfd q{c, POLLIN, 0};
      while (::poll(&q, 1, 200) > 0 && ::recv(c, drain, sizeof drain, 0) > 0) {
      }
      ::close(c);
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(std::move(bytes));
      changed_.notify_all();
    }
  }
  static std::string read_request(int c) {
    std::string data;
    std::size_t want = std::string::npos;
    std::size_t chunked_from = std::string::npos;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (want == std::string::npos) {
        std::size_t end = data.find("\r\n\r\n");
        if (end != std::string::npos) {
          std::size_t length = 0;
          std::string head = data.substr(0, end);
          std::string lower = head;
          std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
          std::size_t cl = lower.find("\r\ncontent-length:");
          if (cl != std::string::npos) length = std::stoul(head.substr(cl + 17));
          want = end + 4 + length;
          // A chunked body (one chunk, as Wirepad and curl send a body they hold) ends with
          // the last chunk: read to it.
          if (lower.find("\r\ntransfer-encoding: chunked") != std::string::npos) chunked_from = end + 4;
        }
      }
      if (chunked_from != std::string::npos) {
        std::string_view body = std::string_view(data).substr(chunked_from);
        if (body == "0\r\n\r\n" || (body.size() >= 7 && body.substr(body.size() - 7) == "\r\n0\r\n\r\n")) break;
      } else if (want != std::string::npos && data.size() >= want) {
        break;
      }
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[65536];
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      data.append(buf, std::size_t(n));
    }
    return data;
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> requests_;
};

// [SECTION] comparing requests -------------------------------------------------------------

struct Parsed {
  std::string request_line;
  Headers headers;
  std::string body;
};

Parsed parse(const std::string& bytes) {
  Parsed p;
  std::size_t end = bytes.find("\r\n\r\n");
  std::string head = bytes.substr(0, end);
  p.body = end == std::string::npos ? "" : bytes.substr(end + 4);
  std::size_t line_end = head.find("\r\n");
  p.request_line = head.substr(0, line_end);
  std::size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    std::size_t next = head.find("\r\n", at);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(at, next - at);
    std::size_t colon = line.find(':');
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    p.headers.push_back({line.substr(0, colon), value});
    at = next + 2;
  }
  return p;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

// "Name: value" lines, names lower-cased, sorted, without the names in `aside`.
std::vector<std::string> comparable(const Headers& headers, const std::vector<std::string>& aside) {
  std::vector<std::string> out;
  for (const Header& h : headers) {
    if (std::find(aside.begin(), aside.end(), lower(h.name)) != aside.end()) continue;
    out.push_back(lower(h.name) + ": " + h.value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void check_same_request(const std::string& expected_bytes, const std::string& actual_bytes,
                        const std::vector<std::string>& aside) {
  Parsed expected = parse(expected_bytes), actual = parse(actual_bytes);
  CHECK(actual.request_line == expected.request_line);
  CHECK(comparable(actual.headers, aside) == comparable(expected.headers, aside));
  CHECK(actual.body == expected.body);
}

std::string send_with_wirepad(const Experiment& e, CaptureServer& server) {
  Result<HttpExchange> exchange = HttpExchange::create(flatten_request(e.request), e.options);
  REQUIRE(exchange.ok());
  ExchangeLog log = native::perform_blocking(std::move(exchange).value());
  CHECK(log.response.status == 200);
  return server.next();
}

std::string temp_dir() {
  char path[] = "/tmp/wirepad-convert-XXXXXX";
  REQUIRE(::mkdtemp(path) != nullptr);
  return path;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

std::string multipart_boundary(const std::string& request_bytes) {
  std::size_t at = request_bytes.find("boundary=");
  if (at == std::string::npos) return "";
  std::size_t end = request_bytes.find("\r\n", at);
  return request_bytes.substr(at + 9, end - at - 9);
}

}  // namespace

// [SECTION] curl import vs curl itself -----------------------------------------------------

TEST_CASE("an imported curl command sends what curl sends", "[convert][curl]") {
  CaptureServer server;
  std::string o = server.origin();
  std::vector<std::string> commands = {
      "curl " + o + "/plain",
      "curl '" + o + "/q?a=1&b=two' -H 'X-One: 1' -H 'X-Two:   spaced  value' -H 'X-Empty;'",
      "curl " + o + "/form -d 'a=1' -d 'b=2' --data-raw '@raw' --data-binary $'line\\nnext'",
      "curl " + o + "/json -H 'Content-Type: application/json' --data-raw '{\"k\":\"it'\\''s\"}'",
      "curl " + o + "/enc --data-urlencode 'q=a b&c' --data-urlencode '=caf\xc3\xa9' --data-urlencode plain",
      "curl -G " + o + "/search -d q=wire -d n=2",
      "curl -X PUT " + o + "/put -d ''",
      "curl -X DELETE " + o + "/del -H 'Accept: application/json'",
      "curl -I " + o + "/head",
      "curl -u 'alice:s3cret' -b 'a=1' -b 'b=2' -e " + o + "/from -A 'agent/2' --compressed " + o + "/auth",
      "curl 'http://bob:pw@127.0.0.1:" + std::to_string(server.port()) + "/userinfo'",
      "curl -F a=b -F 'f=x;type=text/plain' -F 'g=y;filename=n.txt' -F 'h=z;filename=data.bin' " + o + "/multi",
      "curl -X PATCH " + o + "/patch -H 'Content-Type:' --data-raw 'no type'",
      "curl ^\"" + o + "/cmd?x=1^&y=2^\" ^\n  -H ^\"X-Q: ^\\^\"quoted^\\^\"^\" ^\n  --data-raw ^\"^{^\\^\"a^\\^\":1^}^\"",
  };
  for (const std::string& command : commands) {
    CAPTURE(command);
    Result<CurlImport> imported = import_curl(command);
    REQUIRE(imported.ok());
    // curl runs the bash form; the cmd form is checked against its bash twin's request.
    std::string runnable = command;
    if (guess_shell_dialect(command) == ShellDialect::cmd) {
      runnable = "curl '" + o + "/cmd?x=1&y=2' -H 'X-Q: \"quoted\"' --data-raw '{\"a\":1}'";
    }
    test::RunResult ran = run_command({"bash", "-c", runnable + " -s -o /dev/null --max-time 10"});
    REQUIRE(ran.status == 0);
    std::string by_curl = server.next();
    REQUIRE_FALSE(by_curl.empty());
    std::string by_wirepad = send_with_wirepad(imported->experiment, server);
    REQUIRE_FALSE(by_wirepad.empty());
    // A multipart boundary is random in curl and derived from the content in Wirepad.
    if (std::string b = multipart_boundary(by_curl); !b.empty()) {
      by_curl = replace_all(by_curl, b, multipart_boundary(by_wirepad));
    }
    CAPTURE(by_curl, by_wirepad);
    check_same_request(by_curl, by_wirepad, {"user-agent"});
  }
}

// [SECTION] generated code vs Wirepad ------------------------------------------------------

namespace {

struct Runner {
  ExportFormat format;
  std::vector<std::string> aside;  // header names (lower case) the library adds or sends its own way
};

// Runs generated code; returns false (with output in `log`) when it did not run.
bool run_generated(ExportFormat format, const std::string& code, const std::string& dir, std::string& log) {
  std::string base = dir + "/request";
  std::vector<std::string> argv;
  switch (format) {
    case ExportFormat::curl:
      // The export is one command; flags to print only the status go on its last line.
      write_file(base + ".sh", code.substr(0, code.size() - 1) + " -s -o /dev/null -w '%{http_code}\\n'\n");
      argv = {"bash", base + ".sh"};
      break;
    case ExportFormat::python_socket:
    case ExportFormat::python_http_client:
    case ExportFormat::python_requests:
      write_file(base + ".py", code);
      argv = {"python3", base + ".py"};
      break;
    case ExportFormat::js_fetch:
      write_file(base + ".js", code);
      argv = {"node", base + ".js"};
      break;
    case ExportFormat::cpp_httplib: {
      write_file(base + ".cpp", code);
      test::RunResult built = run_command(
          {"bash", "-c", "g++ -std=c++17 -O0 -o " + base + " " + base + ".cpp $(pkg-config --cflags --libs cpp-httplib)"});
      if (built.status != 0) {
        log = built.err;
        return false;
      }
      argv = {base};
      break;
    }
  }
  test::RunResult ran = run_command(argv);
  log = ran.out + ran.err;
  return ran.status == 0;
}

}  // namespace

TEST_CASE("every code generator's output sends the request Wirepad sends", "[convert][exec]") {
  CaptureServer server;
  std::string dir = temp_dir();
  std::vector<Runner> runners = {
      {ExportFormat::python_socket, {}},
      {ExportFormat::python_http_client, {}},
      {ExportFormat::python_requests, {}},
      {ExportFormat::curl, {"user-agent"}},
      // fetch (undici) adds these and may not be told otherwise, and drops Cookie (a
      // forbidden header name in the Fetch standard).
      {ExportFormat::js_fetch, {"connection", "accept-language", "sec-fetch-mode", "accept-encoding", "cookie"}},
      {ExportFormat::cpp_httplib, {}},
  };
  auto format = GENERATE(range(0, 6));
  const Runner& runner = runners[std::size_t(format)];
  CAPTURE(to_string(runner.format));
  for (const Experiment& e : test::convert_samples(server.origin())) {
    CAPTURE(e.name);
    if (runner.format == ExportFormat::js_fetch && e.request.method == "GET" && !e.request.body.empty()) continue;
    server.clear();
    std::string by_wirepad = send_with_wirepad(e, server);
    REQUIRE_FALSE(by_wirepad.empty());
    Result<std::string> code = export_code(e, runner.format);
    REQUIRE(code.ok());
    std::string log;
    bool ran = run_generated(runner.format, code.value(), dir, log);
    CAPTURE(code.value(), log);
    REQUIRE(ran);
    std::string by_code = server.next();
    REQUIRE_FALSE(by_code.empty());
    CAPTURE(by_wirepad, by_code);
    std::vector<std::string> aside = runner.aside;
    // cpp-httplib gives a body without Content-Type a "text/plain" one; it cannot be told not to.
    if (runner.format == ExportFormat::cpp_httplib && !e.request.body.empty() &&
        !find_header(e.request.headers, "Content-Type")) {
      aside.push_back("content-type");
    }
    if (runner.format == ExportFormat::python_socket || runner.format == ExportFormat::python_http_client) {
      // Byte for byte, header order included; an empty value's "Name: " is "Name:" (RFC 9112 §5:
      // the same field; http.client writes the space, Wirepad curl's bytes without it).
      std::string same = by_code;
      for (std::size_t at; (at = same.find(": \r\n")) != std::string::npos;) same.erase(at + 1, 1);
      CHECK(same == by_wirepad);
    } else if (runner.format == ExportFormat::python_requests || runner.format == ExportFormat::js_fetch) {
      // One value per name: repeated headers arrive joined (RFC 9110 §5.3).
      Parsed expected = parse(by_wirepad);
      Headers joined;
      for (const Header& h : expected.headers) {
        bool merged = false;
        for (Header& j : joined) {
          if (lower(j.name) == lower(h.name)) j.value += ", " + h.value, merged = true;
        }
        if (!merged) joined.push_back(h);
      }
      Parsed actual = parse(by_code);
      CHECK(actual.request_line == expected.request_line);
      CHECK(comparable(actual.headers, aside) == comparable(joined, aside));
      CHECK(actual.body == expected.body);
    } else {
      check_same_request(by_wirepad, by_code, aside);
    }
    // The program printed the response it got.
    CHECK_THAT(log, Catch::Contains("200"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("a chunked request body: curl and the Python exports send Wirepad's bytes, the others say they cannot",
          "[convert][exec]") {
  CaptureServer server;
  std::string dir = temp_dir();
  Experiment e;
  e.name = "chunked upload";
  e.request = HttpRequest{"POST", server.origin() + "/up", {{"Transfer-Encoding", "chunked"}, {"Content-Type", "text/plain"}},
                          "hello, chunks"};
  std::string by_wirepad = send_with_wirepad(e, server);
  REQUIRE_THAT(by_wirepad, Catch::EndsWith("\r\n\r\nd\r\nhello, chunks\r\n0\r\n\r\n"));
  for (ExportFormat format : {ExportFormat::curl, ExportFormat::python_socket, ExportFormat::python_http_client}) {
    CAPTURE(to_string(format));
    Result<std::string> code = export_code(e, format);
    REQUIRE(code.ok());
    std::string log;
    REQUIRE(run_generated(format, code.value(), dir, log));
    std::string by_code = server.next();
    CAPTURE(code.value(), by_code);
    if (format == ExportFormat::curl) check_same_request(by_wirepad, by_code, {"user-agent"});
    else CHECK(by_code == by_wirepad);  // http.client used to send the body raw after the chunked header
  }
  // These libraries frame a body they are given themselves (Content-Length): an export that
  // claimed chunked would not send what Wirepad sends, so it is refused, naming what works.
  for (ExportFormat format : {ExportFormat::python_requests, ExportFormat::js_fetch, ExportFormat::cpp_httplib}) {
    CAPTURE(to_string(format));
    Result<std::string> code = export_code(e, format);
    REQUIRE_FALSE(code.ok());
    CHECK_THAT(code.error().message, Catch::Contains("Transfer-Encoding: chunked") && Catch::Contains("python-http-client"));
  }
  std::filesystem::remove_all(dir);
}

// [SECTION] the CLI ------------------------------------------------------------------------

TEST_CASE("wirepad import, export, link and open", "[convert][cli]") {
  const std::string cli = WIREPAD_CONVERT_CLI;
  std::string dir = temp_dir();
  std::string file = dir + "/imported.json";

  test::RunResult imported = run_command(
      {cli, "import", "curl", "curl -L --retry 3 -H 'Authorization: Bearer s3' --data-raw 'x=1' http://127.0.0.1:9/p", "-o", file});
  CHECK(imported.status == 0);
  CHECK_THAT(imported.err, Catch::Contains("ignored --retry"));
  Result<Experiment> e = parse_experiment(read_file(file));
  REQUIRE(e.ok());
  CHECK(e->request.method == "POST");
  CHECK(e->request.body_kind == BodyKind::urlencoded);  // name=value data is the form table
  CHECK(e->request.form == std::vector<FormField>{{"x", "1", true}});

  test::RunResult exported = run_command({cli, "export", "--to", "python-requests", file});
  CHECK(exported.status == 0);
  CHECK_THAT(exported.out, Catch::Contains("import requests"));

  test::RunResult link = run_command({cli, "link", file});
  CHECK(link.status == 0);
  CHECK_THAT(link.err, Catch::Contains("left out the value of the Authorization header"));
  std::string url = link.out.substr(0, link.out.find('\n'));
  CHECK(url.rfind("http://127.0.0.1:7070/#x=1.", 0) == 0);

  test::RunResult opened = run_command({cli, "open", url});
  CHECK(opened.status == 0);
  CHECK_THAT(opened.err, Catch::Contains("POST http://127.0.0.1:9/p (not sent"));
  Result<Experiment> back = parse_experiment(opened.out);
  REQUIRE(back.ok());
  CHECK(find_header(back->request.headers, "Authorization")->value.empty());

  test::RunResult with_secrets = run_command({cli, "link", file, "--include-secrets"});
  Result<Experiment> secret = open_share_link(with_secrets.out.substr(0, with_secrets.out.find('\n')));
  REQUIRE(secret.ok());
  CHECK(secret.value() == e.value());

  test::RunResult cut = run_command({cli, "open", url.substr(0, url.size() - 5)});
  CHECK(cut.status == 2);
  CHECK_THAT(cut.err, Catch::Contains("cut"));
  CHECK_THAT(cut.err, Catch::Contains("^"));

  test::RunResult bad = run_command({cli, "import", "curl", "curl 'http://x/"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("never closed (position 5)"));

  test::RunResult unknown = run_command({cli, "export", "--to", "cobol", file});
  CHECK(unknown.status == 2);
  std::filesystem::remove_all(dir);
}

// [SECTION] HAR, .http and Postman imports vs curl ------------------------------------------

namespace {

// Sends each imported request with Wirepad and runs the matching curl command; the server
// must receive the same request (User-Agent and multipart boundary aside).
void check_against_curl(const std::vector<ImportedRequest>& requests, const std::vector<std::string>& curl_commands,
                        CaptureServer& server) {
  REQUIRE(requests.size() == curl_commands.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    CAPTURE(requests[i].experiment.name, curl_commands[i]);
    server.clear();
    test::RunResult ran = run_command({"bash", "-c", curl_commands[i] + " -s -o /dev/null --max-time 10"});
    REQUIRE(ran.status == 0);
    std::string by_curl = server.next();
    REQUIRE_FALSE(by_curl.empty());
    std::string by_wirepad = send_with_wirepad(requests[i].experiment, server);
    REQUIRE_FALSE(by_wirepad.empty());
    if (std::string b = multipart_boundary(by_curl); !b.empty()) {
      by_curl = replace_all(by_curl, b, multipart_boundary(by_wirepad));
    }
    CAPTURE(by_curl, by_wirepad);
    check_same_request(by_curl, by_wirepad, {"user-agent"});
  }
}

}  // namespace

TEST_CASE("imported .http requests send what curl sends for them", "[convert][http_file]") {
  CaptureServer server;
  std::string o = server.origin();
  std::string file =
      "@base = " + o + "\n"
      "### get with query continuation\n"
      "GET {{base}}/search\n"
      "    ?q=wire\n"
      "    &n=2\n"
      "Accept: application/json\n"
      "\n"
      "### json\n"
      "POST {{base}}/items HTTP/1.1\n"
      "Content-Type: application/json\n"
      "X-Token: abc\n"
      "\n"
      "{\n  \"name\": \"ada\"\n}\n"
      "\n"
      "### form\n"
      "PUT {{base}}/form\n"
      "Content-Type: application/x-www-form-urlencoded\n"
      "\n"
      "a=1&b=two\n"
      "###\n"
      "DELETE {{base}}/items/7\n";
  Result<ImportBatch> b = import_http_file(file);
  REQUIRE(b.ok());
  check_against_curl(b->requests,
                     {"curl '" + o + "/search?q=wire&n=2' -H 'Accept: application/json'",
                      "curl '" + o + "/items' -H 'Content-Type: application/json' -H 'X-Token: abc' --data-raw $'{\\n  \"name\": \"ada\"\\n}'",
                      "curl -X PUT '" + o + "/form' -H 'Content-Type: application/x-www-form-urlencoded' --data-raw 'a=1&b=two'",
                      "curl -X DELETE '" + o + "/items/7'"},
                     server);
}

TEST_CASE("imported Postman requests send what curl sends for them", "[convert][postman]") {
  CaptureServer server;
  std::string o = server.origin();
  std::string collection = R"({
    "info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
    "auth": {"type": "basic", "basic": [{"key": "username", "value": "ada"}, {"key": "password", "value": "s3cret"}]},
    "item": [
      {"name": "folder", "item": [
        {"name": "raw json", "request": {"method": "POST", "url": ")" + o + R"(/raw?x=1",
          "header": [{"key": "X-A", "value": "1"}, {"key": "X-Off", "value": "0", "disabled": true}],
          "body": {"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}}}}
      ]},
      {"name": "urlencoded", "request": {"method": "POST",
        "url": {"protocol": "http", "host": ["127", "0", "0", "1"], "port": ")" + std::to_string(server.port()) + R"(", "path": ["form"]},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "t0k"}]},
        "body": {"mode": "urlencoded", "urlencoded": [{"key": "q", "value": "a b&c"}, {"key": "n", "value": "2"}]}}},
      {"name": "multipart", "request": {"method": "POST", "url": ")" + o + R"(/multi", "auth": {"type": "noauth"},
        "body": {"mode": "formdata", "formdata": [{"key": "a", "value": "b", "type": "text"}, {"key": "c", "value": "d e", "type": "text"}]}}},
      {"name": "graphql", "request": {"method": "POST", "url": ")" + o + R"(/graphql", "auth": {"type": "noauth"},
        "body": {"mode": "graphql", "graphql": {"query": "{ me { id } }", "variables": ""}}}}
    ]})";
  Result<ImportBatch> b = import_postman(collection);
  REQUIRE(b.ok());
  check_against_curl(
      b->requests,
      {"curl '" + o + "/raw?x=1' -u ada:s3cret -H 'X-A: 1' -H 'Content-Type: application/json' --data-raw '{\"a\": 1}'",
       "curl '" + o + "/form' -H 'Authorization: Bearer t0k' --data-urlencode 'q=a b&c' --data-urlencode n=2",
       // curl's multipart parts carry no Content-Type for text fields either.
       "curl '" + o + "/multi' -F a=b -F 'c=d e'",
       "curl '" + o + "/graphql' -H 'Content-Type: application/json' --data-raw '{\"query\":\"{ me { id } }\"}'"},
      server);
}

TEST_CASE("export --to har --send records exchanges that import and replay to the same bytes", "[convert][har]") {
  CaptureServer server;
  const std::string cli = WIREPAD_CONVERT_CLI;
  std::string dir = temp_dir();
  std::vector<std::string> files;
  for (const Experiment& e : test::convert_samples(server.origin())) {
    files.push_back(dir + "/" + std::to_string(files.size()) + ".json");
    write_file(files.back(), serialize_experiment(e));
  }
  std::vector<std::string> argv = {cli, "export", "--to", "har", "--send"};
  argv.insert(argv.end(), files.begin(), files.end());
  using namespace std::chrono;
  const std::int64_t before = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  test::RunResult recorded = run_command(argv);
  const std::int64_t after = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  REQUIRE(recorded.status == 0);
  // Each entry's startedDateTime is when that request was sent, read by Python's json and
  // datetime (ISO 8601 with milliseconds and Z): within the run, in order, each one after the
  // previous exchange's time (1 ms of slack: the wall and monotonic clocks are read apart).
  write_file(dir + "/recorded.har", recorded.out);
  test::RunResult starts = run_command({"python3", "-c", R"(
import datetime, json, re, sys
entries = json.load(open(sys.argv[1]))["log"]["entries"]
epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
for e in entries:
    text = e["startedDateTime"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", text), text
    print((datetime.datetime.fromisoformat(text) - epoch) // datetime.timedelta(milliseconds=1), e["time"])
)", dir + "/recorded.har"});
  REQUIRE(starts.status == 0);
  std::istringstream lines(starts.out);
  std::int64_t started = 0, previous_end = before;
  double time_ms = 0;
  std::size_t seen = 0;
  while (lines >> started >> time_ms) {
    CAPTURE(seen, started, time_ms, before, after);
    CHECK(started >= previous_end - 1);
    CHECK(started + std::int64_t(time_ms) <= after + 1);
    previous_end = started + std::int64_t(time_ms);
    ++seen;
  }
  CHECK(seen == files.size());
  std::vector<std::string> first;
  for (std::size_t i = 0; i < files.size(); ++i) first.push_back(server.next());
  Result<ImportBatch> b = import_har(recorded.out);
  REQUIRE(b.ok());
  REQUIRE(b->requests.size() == files.size());
  CHECK_THAT(recorded.out, Catch::Contains("\"status\": 200"));
  CHECK_THAT(recorded.out, Catch::Contains("\"text\": \"ok\\n\""));
  for (std::size_t i = 0; i < files.size(); ++i) {
    CAPTURE(b->requests[i].experiment.name);
    std::string replayed = send_with_wirepad(b->requests[i].experiment, server);
    CHECK(replayed == first[i]);  // byte for byte: the HAR holds the headers as sent
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("wirepad import FILE: formats, folders, notes, file bodies, errors", "[convert][cli]") {
  const std::string cli = WIREPAD_CONVERT_CLI;
  std::string dir = temp_dir();
  const std::string data = std::string(WIREPAD_TEST_DATA) + "/imports/";

  test::RunResult postman = run_command({cli, "import", data + "collection.postman_collection.json", "-o", dir + "/pm"});
  CHECK(postman.status == 0);
  CHECK_THAT(postman.err, Catch::Contains("5 requests from"));
  CHECK_THAT(postman.err, Catch::Contains("(postman)"));
  CHECK_THAT(postman.err, Catch::Contains("the 2 collection variables go to the environment \"Shop\""));
  Result<Experiment> admins = parse_experiment(read_file(dir + "/pm/users/admin/01-list-admins.json"));
  REQUIRE(admins.ok());
  CHECK(admins->request.url == "{{baseUrl}}/admins?page=2");
  CHECK(std::filesystem::exists(dir + "/pm/users/02-create-user.json"));
  CHECK(std::filesystem::exists(dir + "/pm/05-graphql.json"));

  test::RunResult har = run_command({cli, "import", "--from", "har", data + "chromium_h2.har", "-o", dir + "/har"});
  CHECK(har.status == 0);
  CHECK_THAT(har.err, !Catch::Contains("WebSocket"));  // a WebSocket experiment now, nothing left out
  Result<Experiment> ws = parse_experiment(read_file(dir + "/har/02-websocket-wss-api-example-test-live.json"));
  REQUIRE(ws.ok());
  CHECK(ws->kind == ExperimentKind::websocket);
  CHECK_THAT(har.err, Catch::Contains("not imported (log.entries[0], POST api.example.test/v1/items) :authority"));

  // A .http file whose body comes from a file next to it: a binary-file body naming it, read
  // when sent, its path relative to where the experiment is written.
  write_file(dir + "/payload.bin", "caf\xc3\xa9\nline 2\n");
  write_file(dir + "/one.http", "POST http://127.0.0.1:9/up\nContent-Type: application/octet-stream\n\n< ./payload.bin\n");
  test::RunResult http = run_command({cli, "import", dir + "/one.http", "-o", dir + "/one.json"});
  CHECK(http.status == 0);
  CHECK_THAT(http.err, Catch::Contains("the body of POST 127.0.0.1:9/up is the file " + dir + "/payload.bin (read when sent"));
  CHECK_THAT(http.err, !Catch::Contains("not imported"));
  Result<Experiment> one = parse_experiment(read_file(dir + "/one.json"));
  REQUIRE(one.ok());
  CHECK(one->request.body_kind == BodyKind::binary);
  CHECK(one->request.binary_file == "payload.bin");
  // Written into a folder elsewhere, the path leads back to the same file.
  std::filesystem::create_directories(dir + "/out/deep");
  test::RunResult deep = run_command({cli, "import", dir + "/one.http", "-o", dir + "/out/deep/one.json"});
  CHECK(deep.status == 0);
  Result<Experiment> deep_one = parse_experiment(read_file(dir + "/out/deep/one.json"));
  REQUIRE(deep_one.ok());
  CHECK(deep_one->request.binary_file == "../../payload.bin");

  // Several requests need a folder.
  test::RunResult no_dir = run_command({cli, "import", data + "chromium_h2.har"});
  CHECK(no_dir.status == 2);
  CHECK_THAT(no_dir.err, Catch::Contains("4 requests: give a folder"));

  // Errors name the place, with a caret under it.
  write_file(dir + "/bad.http", "GET http://h/\nAccept application/json\n");
  test::RunResult bad = run_command({cli, "import", dir + "/bad.http"});
  CHECK(bad.status == 2);
  // The format was guessed, so the message does not name it as if it were the cause.
  CHECK_THAT(bad.err, Catch::Contains("bad.http: line 2, column 1: a header is written 'Name: value'"));
  test::RunResult bad_from = run_command({cli, "import", "--from", "http", dir + "/bad.http"});
  CHECK_THAT(bad_from.err, Catch::Contains("bad.http as http: line 2, column 1"));
  CHECK_THAT(bad.err, Catch::Contains("  Accept application/json\n  ^"));
  write_file(dir + "/bad.har", "{\"log\": {\"entries\": [{\"request\": {\"method\": \"GET\"}}]}}");
  test::RunResult bad_har = run_command({cli, "import", dir + "/bad.har"});
  CHECK(bad_har.status == 2);
  CHECK_THAT(bad_har.err, Catch::Contains("log.entries[0].request.url: missing"));

  // A curl command in a file, and the old form still work.
  write_file(dir + "/cmd.txt", "curl -X PUT http://127.0.0.1:9/x -d a=1");
  test::RunResult curl_file = run_command({cli, "import", dir + "/cmd.txt"});
  CHECK(curl_file.status == 0);
  CHECK_THAT(curl_file.out, Catch::Contains("\"method\": \"PUT\""));

  // Export back out: .http and HAR of the imported files.
  test::RunResult to_http = run_command({cli, "export", "--to", "http", dir + "/pm/05-graphql.json", dir + "/one.json"});
  CHECK(to_http.status == 0);
  CHECK_THAT(to_http.out, Catch::Contains("### GraphQL\n# @name GraphQL\nPOST http://127.0.0.1:8080/graphql HTTP/1.1\n"));
  // The binary-file body goes back out as `< file`, exactly (nothing said to be lost).
  CHECK_THAT(to_http.out, Catch::Contains("Content-Type: application/octet-stream\n\n< payload.bin\n"));
  CHECK_THAT(to_http.err, !Catch::Contains("127.0.0.1:9/up"));
  test::RunResult to_har = run_command({cli, "export", "--to", "har", dir + "/pm/05-graphql.json"});
  CHECK(to_har.status == 0);
  Result<ImportBatch> back = import_har(to_har.out);
  REQUIRE(back.ok());
  CHECK(back->requests[0].experiment.request.method == "POST");
  std::filesystem::remove_all(dir);
}

TEST_CASE("wirepad import of a Postman collection with variables creates a workspace environment, never over one",
          "[convert][cli][environment]") {
  const std::string cli = WIREPAD_CONVERT_CLI;
  std::string dir = temp_dir();
  // A collection exported by the Postman app (Insomnia's importer fixture, tests/data/third_party).
  const std::string collection =
      std::string(WIREPAD_TEST_DATA) + "/third_party/insomnia_postman_scripts_variables.postman_collection.json";
  write_file(dir + "/.wirepad-workspace", "");
  // The workspace has an environment already, with a secret: it stays as it was.
  write_file(dir + "/environments.json",
             "{\"wirepad_environments\": 1, \"environments\": [{\"name\": \"local\", \"variables\": "
             "[{\"name\": \"token\", \"secret\": true}]}]}\n");
  write_file(dir + "/environments.secrets.json", "{\"wirepad_secrets\": 1, \"environments\": {\"local\": {\"token\": \"abc\"}}}\n");
  Result<Environments> before = parse_environments(read_file(dir + "/environments.json"), read_file(dir + "/environments.secrets.json"));
  REQUIRE(before.ok());

  std::filesystem::create_directories(dir + "/imported");
  test::RunResult first = run_command({cli, "import", collection, "-o", dir + "/imported/one.json"});
  CAPTURE(first.err);
  REQUIRE(first.status == 0);
  CHECK_THAT(first.err, Catch::Contains("created the environment \"New Collection\" (dssx, bob) in " + dir + "/environments.json"));
  test::RunResult second = run_command({cli, "import", collection, "-o", dir + "/imported/two.json"});
  CAPTURE(second.err);
  REQUIRE(second.status == 0);
  CHECK_THAT(second.err, Catch::Contains("created the environment \"New Collection (2)\"") &&
                             Catch::Contains("(\"New Collection\" was taken)"));
  Result<Environments> after = parse_environments(read_file(dir + "/environments.json"), read_file(dir + "/environments.secrets.json"));
  REQUIRE(after.ok());
  REQUIRE(after->environments.size() == 3);
  CHECK(after->environments[0] == before->environments[0]);  // the secret value kept
  for (const char* name : {"New Collection", "New Collection (2)"}) {
    const Environment* e = after->find(name);
    REQUIRE(e);
    REQUIRE(e->variables.size() == 2);
    CHECK(e->variables[0] == Variable{"dssx", "{{env-var-in-global}}", false});
    CHECK(e->variables[1] == Variable{"bob", "something", false});
  }

  // Outside a workspace nothing is written, and the message says what and how.
  std::string elsewhere = temp_dir();
  test::RunResult outside = run_command({cli, "import", collection, "-o", elsewhere + "/one.json"});
  CHECK(outside.status == 0);
  CHECK_THAT(outside.err, Catch::Contains("the 2 collection variables (dssx, bob) were not written: " + elsewhere) &&
                              Catch::Contains("import with -o DIR into a workspace folder"));
  CHECK_FALSE(std::filesystem::exists(elsewhere + "/environments.json"));
  test::RunResult to_stdout = run_command({cli, "import", collection});
  CHECK(to_stdout.status == 0);
  CHECK_THAT(to_stdout.err, Catch::Contains("the request went to standard output"));
  std::filesystem::remove_all(dir);
  std::filesystem::remove_all(elsewhere);
}

TEST_CASE("wirepad import: BOM and UTF-16 files import, JSON of no format and deep JSON exit 2 saying why",
          "[convert][cli][encoding]") {
  const std::string cli = WIREPAD_CONVERT_CLI;
  std::string dir = temp_dir();
  const std::string http = "POST http://127.0.0.1:9/caf\xc3\xa9\nContent-Type: text/plain\n\nna\xc3\xafve\n";
  write_file(dir + "/plain.http", http);
  test::RunResult plain = run_command({cli, "import", dir + "/plain.http"});
  REQUIRE(plain.status == 0);

  // UTF-16LE as PowerShell's '>' writes it (BOM), BOM-less UTF-16BE, and UTF-8 with a BOM.
  auto utf16 = [](const std::string& ascii_or_latin, bool le, bool bom) {
    std::string out = bom ? (le ? "\xFF\xFE" : "\xFE\xFF") : "";
    // http's two non-ASCII characters (é, ï) are U+00E9 and U+00EF: one byte each in UTF-16.
    for (std::size_t i = 0; i < ascii_or_latin.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(ascii_or_latin[i]);
      unsigned u = c;
      if (c == 0xC3) u = 0xC0 | (static_cast<unsigned char>(ascii_or_latin[++i]) & 0x3F);
      out += le ? std::string{char(u), '\0'} : std::string{'\0', char(u)};
    }
    return out;
  };
  for (auto [name, bytes, said] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"le.http", utf16(http, true, true), "as UTF-16LE"},
           {"be.http", utf16(http, false, false), "as UTF-16BE"},
           {"bom.http", "\xEF\xBB\xBF" + http, "as UTF-8 with a byte order mark"}}) {
    CAPTURE(name);
    write_file(dir + "/" + name, bytes);
    test::RunResult r = run_command({cli, "import", dir + "/" + name});
    CHECK(r.status == 0);
    CHECK_THAT(r.err, Catch::Contains("read " + dir + "/" + name + " " + said));
    CHECK(r.out == plain.out);
  }
  write_file(dir + "/u32.http", std::string("\xFF\xFE\0\0G\0\0\0", 8));
  test::RunResult u32 = run_command({cli, "import", dir + "/u32.http"});
  CHECK(u32.status == 2);
  CHECK_THAT(u32.err, Catch::Contains("u32.http is UTF-32LE text; Wirepad reads UTF-8 and UTF-16"));

  // JSON that is no format: exit 2 and what was looked for, never an empty experiment.
  for (std::string name : {"foo.json", "foo.txt"}) {
    write_file(dir + "/" + name, "{\"foo\": 1}");
    test::RunResult foo = run_command({cli, "import", dir + "/" + name, "-o", dir + "/out.json"});
    CHECK(foo.status == 2);
    CHECK_THAT(foo.err, Catch::Contains("This JSON (an object with foo) is none of the formats Wirepad imports: a HAR "
                                        "file has log.entries, a Postman v2 collection has info and item"));
    CHECK_FALSE(std::filesystem::exists(dir + "/out.json"));
  }
  write_file(dir + "/old.json", R"({"id": "1", "name": "Old", "order": ["a"], "folders": [],
    "requests": [{"id": "a", "method": "GET", "url": "http://127.0.0.1:9/", "headers": ""}]})");
  auto small_start = std::chrono::steady_clock::now();
  test::RunResult v1 = run_command({cli, "import", dir + "/old.json"});
  // What starting the CLI and refusing a small file costs: seconds under AddressSanitizer on
  // a loaded machine, so the deep file's bound below is on top of it.
  const auto small_took = std::chrono::steady_clock::now() - small_start;
  CHECK(v1.status == 2);
  CHECK_THAT(v1.err, Catch::Contains("This is a Postman v1 collection") && Catch::Contains("Collection v2.1"));

  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  write_file(dir + "/deep.json", deep);
  auto start = std::chrono::steady_clock::now();
  test::RunResult d = run_command({cli, "import", dir + "/deep.json"});
  CHECK(std::chrono::steady_clock::now() - start < small_took + std::chrono::seconds(2));
  CHECK(d.status == 2);
  CHECK_THAT(d.err, Catch::Contains("nests arrays and objects more than 256 deep at line 1, column 257 (byte 256)"));

  // A .http request wirepad run would refuse is said at import.
  write_file(dir + "/rel.http", "GET /x\n\n###\nGET ftp://127.0.0.1/f\n");
  test::RunResult rel = run_command({cli, "import", dir + "/rel.http", "-o", dir + "/rel"});
  CHECK(rel.status == 0);
  CHECK_THAT(rel.err, Catch::Contains("/x: a path without a scheme and host, and no Host header"));
  CHECK_THAT(rel.err, Catch::Contains("ftp://127.0.0.1/f: wirepad run would refuse this request"));
  std::filesystem::remove_all(dir);
}
