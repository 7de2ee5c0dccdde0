// Integration: SocketSession over the real POSIX transport against the lab's TCP and UDP echo
// servers and its hello server, on IPv4 and IPv6 loopback.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "native/lab_servers.h"
#include "native/posix_transport.h"
#include "shared/socket_session.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

SocketLog run_script(Protocol protocol, const std::string& host, int port, std::vector<SocketStep> steps,
                     double wait_seconds = 10) {
  Endpoint endpoint;
  endpoint.protocol = protocol;
  endpoint.host = host;
  endpoint.port = std::uint16_t(port);
  endpoint.connect_timeout = 3;
  auto session = SocketSession::create(endpoint, std::move(steps));
  REQUIRE(session);
  auto lock = std::make_shared<std::mutex>();
  auto cv = std::make_shared<std::condition_variable>();
  PosixTransport transport(lock, [cv] { cv->notify_all(); });
  std::unique_lock<std::mutex> guard(*lock);
  SocketCall call(transport, std::move(session.value()));
  call.start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  while (!(call.finished() || (call.log().idle_between_steps() && call.log().state == SocketState::open)) &&
         std::chrono::steady_clock::now() < deadline)
    cv->wait_for(guard, std::chrono::milliseconds(20));
  return call.log();
}

LabOptions any_ports(const std::string& bind = "127.0.0.1") {
  LabOptions o;
  o.bind = bind;
  o.hello_port = 0;
  o.tcp_echo_port = 0;
  o.udp_echo_port = 0;
  return o;
}

SocketStep step(StepKind kind, std::string bytes = {}, double seconds = 3) { return SocketStep{kind, std::move(bytes), seconds}; }

std::string received(const SocketLog& log) {
  std::string all;
  for (const auto& e : log.transcript)
    if (e.kind == TranscriptEntry::Kind::received) all += e.bytes;
  return all;
}

}  // namespace

TEST_CASE("a TCP script talks to the lab echo server", "[socket][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.tcp_echo_port > 0);
  SocketLog log = run_script(Protocol::tcp, "127.0.0.1", status.tcp_echo_port,
                             {step(StepKind::connect), step(StepKind::send, "hello\r\n"), step(StepKind::expect, "hello\r\n"),
                              step(StepKind::send, std::string("\0\xff", 2)), step(StepKind::expect, std::string("\0\xff", 2)),
                              step(StepKind::close)});
  CAPTURE(log.error.message);
  CHECK(log.state == SocketState::closed);
  CHECK_FALSE(log.error);
  CHECK(log.steps_done == 6);
  CHECK(received(log) == std::string("hello\r\n\0\xff", 9));
  CHECK(log.remote_address == "127.0.0.1:" + std::to_string(status.tcp_echo_port));
}

TEST_CASE("the tutorial's TCP client: GET on the hello server, expect Hello", "[socket][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  SocketLog log = run_script(Protocol::tcp, "127.0.0.1", status.hello_port,
                             {step(StepKind::connect), step(StepKind::send, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
                              step(StepKind::expect, "Hello, World!"), step(StepKind::close)});
  CAPTURE(log.error.message);
  CHECK(log.state == SocketState::closed);
  CHECK(received(log).rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
}

TEST_CASE("UDP datagrams go to the lab echo server and come back one by one", "[socket][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.udp_echo_port > 0);
  SocketLog log = run_script(Protocol::udp, "127.0.0.1", status.udp_echo_port,
                             {step(StepKind::connect), step(StepKind::send, "one"), step(StepKind::expect, "one"),
                              step(StepKind::send, "two"), step(StepKind::expect, "two"), step(StepKind::close)});
  CAPTURE(log.error.message);
  CHECK(log.state == SocketState::closed);
  CHECK(log.datagrams_received == 2);
}

TEST_CASE("IPv6 loopback works the same", "[socket][integration][ipv6]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports("::1"));
  if (status.tcp_echo_port <= 0) {
    WARN("no IPv6 loopback here: " << (status.lines.empty() ? "" : status.lines[0]));
    return;
  }
  SocketLog log = run_script(Protocol::tcp, "::1", status.tcp_echo_port,
                             {step(StepKind::connect), step(StepKind::send, "v6"), step(StepKind::expect, "v6"), step(StepKind::close)});
  CAPTURE(log.error.message);
  CHECK(log.state == SocketState::closed);
  CHECK(log.remote_address.find("::1") != std::string::npos);
}

TEST_CASE("a refused connection fails the connect step with the reason", "[socket][integration]") {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  SocketLog log = run_script(Protocol::tcp, "127.0.0.1", ntohs(a.sin_port), {step(StepKind::connect), step(StepKind::send, "x")});
  CHECK(log.state == SocketState::failed);
  CHECK(log.error.code == ErrorCode::connect_refused);
  CHECK(log.error.message.rfind("step 1 (connect): ", 0) == 0);
}

TEST_CASE("send then close delivers the bytes before the FIN", "[socket][integration]") {
  // A listener that reads everything until EOF and reports it.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(listener, 1) == 0);
  socklen_t len = sizeof a;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
  std::string got;
  std::thread reader([&] {
    int c = ::accept(listener, nullptr, nullptr);
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(c, buf, sizeof buf, 0)) > 0) got.append(buf, size_t(n));
    ::close(c);
  });
  std::string big(1 << 20, 'x');  // more than the socket buffers hold at once
  SocketLog log = run_script(Protocol::tcp, "127.0.0.1", ntohs(a.sin_port), {step(StepKind::connect), step(StepKind::send, big), step(StepKind::close)});
  reader.join();
  ::close(listener);
  CHECK(log.state == SocketState::closed);
  CHECK(got.size() == big.size());
}

// The binary, as a user runs it.
#include <filesystem>
#include <fstream>

#include "child_process.h"

TEST_CASE("wirepad socket runs a conversation from flags, and a socket experiment file", "[socket][cli]") {
  using wirepad::test::run_command;
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.tcp_echo_port > 0);
  const std::string port = std::to_string(status.tcp_echo_port);

  auto ok = run_command({WIREPAD_BINARY, "socket", "127.0.0.1", port, "--send", "hi\\r\\n", "--expect", "hi"});
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Catch::Contains("> hi\\r\\n  (4 B)"));
  CHECK_THAT(ok.out, Catch::Contains("< hi\\r\\n  (4 B)"));

  auto missed = run_command({WIREPAD_BINARY, "socket", "--timeout", "0.3", "127.0.0.1", port, "--send", "a", "--expect", "b"});
  CHECK(missed.status == 1);
  CHECK_THAT(missed.err, Catch::Contains("step 3 (expect \"b\"): nothing matching arrived within 0.30 s"));

  auto usage = run_command({WIREPAD_BINARY, "socket", "127.0.0.1", port, "--send", "\\q"});
  CHECK(usage.status == 2);
  CHECK_THAT(usage.err, Catch::Contains("unknown escape '\\q' at position 0"));

  // The same conversation saved as an experiment, bytes that are not text as hex.
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-socket-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto file = dir / "echo.json";
  std::ofstream(file) << R"({"wirepad": 1, "kind": "socket", "name": "echo",
    "socket": {"protocol": "tcp", "host": "127.0.0.1", "port": )" << port << R"(,
      "steps": [{"connect": true}, {"send_hex": "00 ff 0d 0a"}, {"expect_hex": "00ff", "timeout": 2}, {"close": true}]}})";
  auto run = run_command({WIREPAD_BINARY, "run", "--json", file.string()});
  CHECK(run.status == 0);
  CHECK_THAT(run.out, Catch::Contains("\"state\":\"closed\""));
  CHECK_THAT(run.out, Catch::Contains("\"bytes_received\":4"));
  std::filesystem::remove_all(dir);
}
