// Integration: the core's HttpExchange over the real POSIX transport, against the lab
// servers and against Python's http.server (a peer nobody here wrote), all on loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "child_process.h"
#include "native/lab_servers.h"
#include "native/posix_transport.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

LabOptions any_ports() {
  LabOptions o;
  o.hello_port = 0;
  o.tcp_echo_port = 0;
  o.udp_echo_port = 0;
  return o;
}

ExchangeLog get(const std::string& url, ExchangeOptions options = {}, std::string method = "GET") {
  HttpRequest request;
  request.method = method;
  request.url = url;
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange.ok());
  return perform_blocking(std::move(exchange).value());
}

int connect_loopback(int port, int type = SOCK_STREAM) {
  int fd = ::socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

// A port on which nothing listens: bound, then closed.
int closed_port() {
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

}  // namespace

TEST_CASE("the lab hello server answers the way the tutorial says", "[lab][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);

  ExchangeLog log = get("http://127.0.0.1:" + std::to_string(status.hello_port) + "/");
  REQUIRE(log.phase == Phase::done);
  CHECK(log.response.status == 200);
  CHECK(log.body() == "Hello, World!");
  auto type = find_header(log.response.headers, "content-type");
  REQUIRE(type);
  CHECK(type->value == "text/plain");
  int connection_headers = 0;
  for (FieldView h : log.response.headers) connection_headers += iequals(h.name, "Connection");
  CHECK(connection_headers == 1);  // "Connection: close", once
  CHECK(log.bytes_sent.rfind("GET / HTTP/1.1\r\n", 0) == 0);
  CHECK(log.remote_address == "127.0.0.1:" + std::to_string(status.hello_port));
  // curl's phases are cumulative and ordered.
  const Timings& t = log.timings;
  CHECK(t.namelookup >= 0);
  CHECK(t.connect >= t.namelookup);
  CHECK(t.appconnect == 0);  // plain http: no TLS handshake, reported as 0 like curl
  CHECK(t.pretransfer >= t.connect);
  CHECK(t.starttransfer >= t.pretransfer);
  CHECK(t.total >= t.starttransfer);
}

TEST_CASE("a tutorial's one-shot client gets the whole response in a single recv", "[lab][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  // connect, send a GET, one recv(1024), close: repeated, since a split write is a race.
  for (int i = 0; i < 50; ++i) {
    int fd = connect_loopback(status.hello_port);
    const char request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    REQUIRE(::send(fd, request, sizeof request - 1, 0) == ssize_t(sizeof request - 1));
    char buf[1024];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    ::close(fd);
    REQUIRE(n > 0);
    std::string response(buf, size_t(n));
    CAPTURE(i, response);
    REQUIRE(response.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    REQUIRE(response.size() >= 13);
    REQUIRE(response.substr(response.size() - 13) == "Hello, World!");
  }
}

TEST_CASE("the lab echo servers echo TCP streams and UDP datagrams", "[lab][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.tcp_echo_port > 0);
  REQUIRE(status.udp_echo_port > 0);

  int tcp = connect_loopback(status.tcp_echo_port);
  std::string sent(200000, '\0');
  for (size_t i = 0; i < sent.size(); ++i) sent[i] = char(i * 7);
  std::thread writer([&] { ::send(tcp, sent.data(), sent.size(), 0); ::shutdown(tcp, SHUT_WR); });
  std::string received;
  char buf[65536];
  ssize_t n;
  while ((n = ::recv(tcp, buf, sizeof buf, 0)) > 0) received.append(buf, size_t(n));
  writer.join();
  ::close(tcp);
  CHECK(received == sent);

  int udp = connect_loopback(status.udp_echo_port, SOCK_DGRAM);
  REQUIRE(::send(udp, "ping", 4, 0) == 4);
  timeval tv{2, 0};
  ::setsockopt(udp, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  n = ::recv(udp, buf, sizeof buf, 0);
  ::close(udp);
  REQUIRE(n == 4);
  CHECK(std::string(buf, 4) == "ping");
}

TEST_CASE("a port already taken is reported, not fatal", "[lab][integration]") {
  LabServers first;
  LabStatus a = first.start(any_ports());
  REQUIRE(a.hello_port > 0);
  LabOptions same = any_ports();
  same.hello_port = a.hello_port;
  LabServers second;
  LabStatus b = second.start(same);
  CHECK(b.hello_port == 0);
  CHECK(b.tcp_echo_port > 0);
  bool reported = false;
  for (const auto& line : b.lines) reported |= line.find("is in use") != std::string::npos;
  CHECK(reported);
}

TEST_CASE("Python's http.server: files, HEAD, 404", "[integration][python]") {
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-py-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string content;
  for (int i = 0; i < 100000; ++i) content += char('a' + i % 26);
  std::ofstream(dir / "letters.txt", std::ios::binary) << content;

  test::ChildProcess server({"python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir.string()});
  REQUIRE(server.started());
  auto line = server.wait_for_line("Serving HTTP");
  REQUIRE(line);
  // "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
  auto at = line->find(" port ");
  REQUIRE(at != std::string::npos);
  std::string port = std::to_string(std::stoi(line->substr(at + 6)));
  std::string base = "http://127.0.0.1:" + port;

  ExchangeLog file = get(base + "/letters.txt");
  REQUIRE(file.phase == Phase::done);
  CHECK(file.response.status == 200);
  CHECK(file.body() == content);

  ExchangeLog head = get(base + "/letters.txt", {}, "HEAD");
  REQUIRE(head.phase == Phase::done);
  CHECK(head.response.status == 200);
  CHECK(head.body().empty());
  auto length = find_header(head.response.headers, "Content-Length");
  REQUIRE(length);
  CHECK(length->value == std::to_string(content.size()));

  ExchangeLog missing = get(base + "/nope");
  REQUIRE(missing.phase == Phase::done);
  CHECK(missing.response.status == 404);
  std::filesystem::remove_all(dir);
}

TEST_CASE("transport failures are errors with a sentence, not HTTP statuses", "[integration][errors]") {
  SECTION("connection refused") {
    ExchangeLog log = get("http://127.0.0.1:" + std::to_string(closed_port()) + "/");
    CHECK(log.phase == Phase::failed);
    CHECK(log.error.code == ErrorCode::connect_refused);
    CHECK_THAT(log.error.message, Catch::Contains("refused"));
  }
  SECTION("unknown host name") {
    ExchangeLog log = get("http://no-such-host.invalid/");
    CHECK(log.phase == Phase::failed);
    CHECK(log.error.code == ErrorCode::dns_failed);
    CHECK_THAT(log.error.message, Catch::Contains("no-such-host.invalid"));
  }
  SECTION("a server that accepts and never answers hits the first-byte timeout") {
    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(listener, 4);  // the kernel completes the handshake; nobody ever reads
    socklen_t len = sizeof a;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
    ExchangeOptions options;
    options.first_byte_timeout = 0.3;
    ExchangeLog log = get("http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/", options);
    ::close(listener);
    CHECK(log.phase == Phase::failed);
    CHECK(log.error.code == ErrorCode::first_byte_timeout);
    CHECK(log.timings.pretransfer >= 0);
  }
}

TEST_CASE("an exchange in flight can be cancelled and keeps what it received", "[integration][errors]") {
  // A server that sends the head and part of the body, then stalls.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(listener, 4);
  socklen_t len = sizeof a;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
  std::thread server([listener] {
    int c = ::accept(listener, nullptr, nullptr);
    char buf[4096];
    [[maybe_unused]] auto r = ::recv(c, buf, sizeof buf, 0);
    const char partial[] = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part";
    ::send(c, partial, sizeof partial - 1, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ::close(c);
  });
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/";
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  volatile bool cancel = false;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    cancel = true;
  });
  ExchangeLog log = perform_blocking(std::move(exchange).value(), &cancel);
  canceller.join();
  server.join();
  ::close(listener);
  CHECK(log.phase == Phase::cancelled);
  CHECK(log.error.code == ErrorCode::cancelled);
  CHECK(log.has_response_head);
  CHECK(log.body() == "first part");
  CHECK_THAT(log.bytes_received, Catch::EndsWith("first part"));
}
