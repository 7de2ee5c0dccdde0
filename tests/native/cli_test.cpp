// End to end: the `wirepad` binary's send/run/lab commands as a user runs them, against the
// lab servers and a TLS server from OpenSSL (`openssl s_server`), on loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "child_process.h"
#include "native/lab_servers.h"

using wirepad::test::ChildProcess;
using wirepad::test::run_command;

namespace {

const std::string kWirepad = WIREPAD_BINARY;

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

struct Lab {
  wirepad::native::LabServers servers;
  wirepad::native::LabStatus status;
  Lab() {
    wirepad::native::LabOptions o;
    o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
    status = servers.start(o);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(status.hello_port) + "/"; }
};

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("wirepad send prints the response like curl -i", "[cli]") {
  Lab lab;
  auto r = run_command({kWirepad, "send", lab.url()});
  CHECK(r.status == 0);
  CHECK(r.out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK_THAT(r.out, Catch::Contains("Content-Type: text/plain\r\n") || Catch::Contains("Content-type: text/plain\r\n"));
  CHECK_THAT(r.out, Catch::EndsWith("\r\n\r\nHello, World!"));
  CHECK(r.err.empty());
}

TEST_CASE("wirepad send -v shows the bytes sent and curl's timing names", "[cli]") {
  Lab lab;
  auto r = run_command({kWirepad, "send", "-v", "-H", "X-Lesson: one", lab.url()});
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Catch::Contains("> GET / HTTP/1.1"));
  CHECK_THAT(r.err, Catch::Contains("> X-Lesson: one"));
  for (const char* name : {"time_namelookup", "time_connect", "time_appconnect", "time_pretransfer",
                           "time_starttransfer", "time_total"})
    CHECK_THAT(r.err, Catch::Contains(name));
}

TEST_CASE("wirepad send -d posts the body with its length", "[cli]") {
  // The TCP echo server sends our request back, so the "response" parse fails, but -v shows
  // exactly what went out. Use the JSON output to read bytes_sent.
  Lab lab;
  auto r = run_command({kWirepad, "send", "--json", "--timeout", "2", "-d", "a=1&b=2",
                        "http://127.0.0.1:" + std::to_string(lab.status.tcp_echo_port) + "/form"});
  CHECK_THAT(r.out, Catch::Contains("POST /form HTTP/1.1\\r\\n"));
  // curl's order: the length, then the body's type (tests/native/curl_parity_test.cpp).
  CHECK_THAT(r.out, Catch::Contains("Content-Length: 7\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\n\\r\\na=1&b=2"));
}

TEST_CASE("wirepad send: network and usage errors exit non-zero with one line", "[cli]") {
  auto refused = run_command({kWirepad, "send", "http://127.0.0.1:" + std::to_string(free_port()) + "/"});
  CHECK(refused.status == 1);
  CHECK_THAT(refused.err, Catch::StartsWith("wirepad: connect_refused: "));
  CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);

  auto no_url = run_command({kWirepad, "send"});
  CHECK(no_url.status == 2);
  CHECK_THAT(no_url.err, Catch::Contains("needs a URL"));

  auto bad_header = run_command({kWirepad, "send", "-H", "NoColon", "http://127.0.0.1:1/"});
  CHECK(bad_header.status == 2);
  CHECK_THAT(bad_header.err, Catch::Contains("NoColon"));

  auto bad_url = run_command({kWirepad, "send", "http://127.0.0.1:99999/"});
  CHECK(bad_url.status == 2);
  CHECK_THAT(bad_url.err, Catch::Contains("port"));
}

TEST_CASE("wirepad run executes an experiment file", "[cli]") {
  Lab lab;
  auto dir = temp_dir("run");
  auto file = dir / "hello.json";
  std::ofstream(file) << R"({"wirepad": 1, "kind": "http", "name": "hello",
    "request": {"method": "GET", "url": ")" << lab.url() << R"(", "headers": [], "body": ""}})";
  auto r = run_command({kWirepad, "run", file.string()});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::EndsWith("Hello, World!"));

  std::ofstream(dir / "broken.json") << R"({"wirepad": 1, "request": {"method": )";
  auto broken = run_command({kWirepad, "run", (dir / "broken.json").string()});
  CHECK(broken.status == 2);
  CHECK_THAT(broken.err, Catch::Contains("broken.json"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("wirepad lab prints its ports and serves", "[cli][lab]") {
  ChildProcess lab({kWirepad, "lab", "--hello-port", "0", "--tcp-echo-port", "0", "--udp-echo-port", "0"});
  auto line = lab.wait_for_line("hello");
  REQUIRE(line);
  auto at = line->find("http://");
  REQUIRE(at != std::string::npos);
  auto r = run_command({kWirepad, "send", line->substr(at)});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::EndsWith("Hello, World!"));
}

TEST_CASE("TLS: verification on by default, with the reason, and -k shows the session", "[cli][tls]") {
  auto dir = temp_dir("tls");
  auto key = (dir / "key.pem").string(), cert = (dir / "cert.pem").string();
  auto gen = run_command({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                          "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"});
  REQUIRE(gen.status == 0);
  int port = free_port();
  ChildProcess server({"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-key", key, "-cert",
                       cert, "-www", "-quiet"}, true);
  REQUIRE(server.started());
  std::string url = "https://127.0.0.1:" + std::to_string(port) + "/";
  // s_server needs a moment to listen; retry while refused.
  wirepad::test::RunResult insecure;
  for (int i = 0; i < 50; ++i) {
    insecure = run_command({kWirepad, "send", "-k", "-v", url});
    if (insecure.err.find("connect_refused") == std::string::npos) break;
    ::usleep(100000);
  }
  CHECK(insecure.status == 0);
  CHECK(insecure.out.rfind("HTTP/1.0 200 ok", 0) == 0);
  CHECK_THAT(insecure.err, Catch::Contains("* TLS TLSv1.3"));
  CHECK_THAT(insecure.err, Catch::Contains("CN = localhost") || Catch::Contains("CN=localhost"));

  auto verified = run_command({kWirepad, "send", url});
  CHECK(verified.status == 1);
  CHECK_THAT(verified.err, Catch::StartsWith("wirepad: certificate_rejected: Self-signed certificate: "));
  CHECK_THAT(verified.err, Catch::Contains("(CN=localhost) signed itself, and this machine does not trust it"));
  std::filesystem::remove_all(dir);
}
