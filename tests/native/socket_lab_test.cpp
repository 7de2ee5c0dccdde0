// Integration: the socket lab's harder cases over the real POSIX transport, each against a
// real peer on loopback (or in a network namespace): the address family choice, half-close
// both ways, a reset in the middle of a stream, a connect timeout, an unreachable network,
// an oversized datagram; and the PosixListener with sessions connecting to it, TCP and UDP,
// multicast included. Every failure must be a clear sentence and keep the transcript.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <thread>

#include "child_process.h"
#include "native/lab_servers.h"
#include "native/posix_listener.h"
#include "native/posix_transport.h"
#include "shared/socket_session.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

SocketStep step(StepKind kind, std::string bytes = {}, double seconds = 3, bool regex = false) {
  return SocketStep{kind, std::move(bytes), seconds, regex};
}

// Runs the steps to the end (or until the session idles open after them).
SocketLog run(Endpoint endpoint, std::vector<SocketStep> steps, double wait_seconds = 10) {
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

Endpoint endpoint(Protocol protocol, std::string host, int port, AddressFamily family = AddressFamily::any) {
  Endpoint e;
  e.protocol = protocol;
  e.host = std::move(host);
  e.port = std::uint16_t(port);
  e.family = family;
  e.connect_timeout = 3;
  return e;
}

std::string received(const std::vector<TranscriptEntry>& transcript) {
  std::string all;
  for (const auto& e : transcript)
    if (e.kind == TranscriptEntry::Kind::received) all += e.bytes;
  return all;
}

// A TCP listener on 127.0.0.1 and an ephemeral port; `serve` runs on a thread with the accepted fd.
struct OneShotServer {
  int listener = -1;
  int port = 0;
  std::thread thread;
  explicit OneShotServer(std::function<void(int)> serve, int backlog = 1) {
    listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(listener, backlog) == 0);
    socklen_t len = sizeof a;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    if (serve)
      thread = std::thread([this, serve] {
        int c = ::accept(listener, nullptr, nullptr);
        if (c >= 0) serve(c);
      });
  }
  void join() {
    if (thread.joinable()) thread.join();
  }
  ~OneShotServer() {
    ::shutdown(listener, SHUT_RDWR);
    join();
    ::close(listener);
  }
};

std::string read_until_eof(int fd) {
  std::string got;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) got.append(buf, size_t(n));
  return got;
}

}  // namespace

TEST_CASE("the address family: IPv4 only, IPv6 only, or either, against one dual-stack listener", "[socket][family][integration]") {
  PosixListener listener;
  ListenRequest request;
  request.bind = "::";  // dual-stack: accepts IPv4 (as ::ffff:a.b.c.d) and IPv6
  Error e = listener.start(request);
  if (e) {
    WARN("no IPv6 here: " << e.message);
    return;
  }
  int port = 0;
  listener.with_log([&](const ListenLog* log) { port = std::stoi(log->bound.substr(log->bound.rfind(':') + 1)); });

  SocketLog v4 = run(endpoint(Protocol::tcp, "localhost", port, AddressFamily::ipv4), {step(StepKind::connect), step(StepKind::close)});
  CAPTURE(v4.error.message);
  CHECK(v4.remote_address == "127.0.0.1:" + std::to_string(port));
  CHECK(v4.state == SocketState::closed);

  SocketLog v6 = run(endpoint(Protocol::tcp, "::1", port, AddressFamily::ipv6), {step(StepKind::connect), step(StepKind::close)});
  CAPTURE(v6.error.message);
  CHECK(v6.remote_address == "[::1]:" + std::to_string(port));
  // The transcript shows the socket() call before the connect: the family is visible.
  bool created_v6 = false, created_v4 = false;
  for (const auto& entry : v6.transcript) created_v6 = created_v6 || entry.text.rfind("created the socket: socket(AF_INET6, SOCK_STREAM) for [::1]:", 0) == 0;
  for (const auto& entry : v4.transcript) created_v4 = created_v4 || entry.text.rfind("created the socket: socket(AF_INET, SOCK_STREAM) for 127.0.0.1:", 0) == 0;
  CHECK(created_v6);
  CHECK(created_v4);

  // An IPv6 literal asked for as IPv4: refused by name, saying what to do.
  SocketLog wrong = run(endpoint(Protocol::tcp, "::1", port, AddressFamily::ipv4), {step(StepKind::connect)});
  CHECK(wrong.state == SocketState::failed);
  CHECK(wrong.error.code == ErrorCode::dns_failed);
  CHECK_THAT(wrong.error.message, Catch::Contains("'::1' has no IPv4 address"));
  CHECK_THAT(wrong.error.message, Catch::Contains("ask for the other address family"));

  // Both sessions showed up at the listener, each as its own connection. The listener
  // accepts on its own thread: the clients may have closed before it logged them.
  std::size_t peers = 0;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
       peers < 2 && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(5)))
    listener.with_log([&](const ListenLog* log) { peers = log->peers.size(); });
  listener.with_log([&](const ListenLog* log) {
    REQUIRE(log->peers.size() >= 2);
    CHECK(log->peers[0].address.find("127.0.0.1") != std::string::npos);
    CHECK(log->peers[1].address.find("[::1]") == 0);
  });
}

TEST_CASE("UDP over IPv6 loopback to the lab echo server", "[socket][udp][ipv6][integration]") {
  LabServers lab;
  LabOptions o;
  o.bind = "::1";
  o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
  LabStatus status = lab.start(o);
  if (status.udp_echo_port <= 0) {
    WARN("no IPv6 loopback here");
    return;
  }
  SocketLog log = run(endpoint(Protocol::udp, "::1", status.udp_echo_port, AddressFamily::ipv6),
                      {step(StepKind::connect), step(StepKind::send, "one"), step(StepKind::send, "two"), step(StepKind::expect, "two"),
                       step(StepKind::close)});
  CAPTURE(log.error.message);
  CHECK(log.state == SocketState::closed);
  CHECK(log.datagrams_received == 2);  // two sends stayed two datagrams
  CHECK(received(log.transcript) == "onetwo");
}

TEST_CASE("half-close: our FIN reaches the lab echo server, its echo still arrives", "[socket][shutdown][integration]") {
  LabServers lab;
  LabOptions o;
  o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
  LabStatus status = lab.start(o);
  REQUIRE(status.tcp_echo_port > 0);
  SocketLog log = run(endpoint(Protocol::tcp, "127.0.0.1", status.tcp_echo_port),
                      {step(StepKind::connect), step(StepKind::send, "abc"), step(StepKind::shutdown), step(StepKind::expect, "abc"),
                       step(StepKind::close)});
  CAPTURE(log.error.message);
  CHECK_FALSE(log.error);
  CHECK(log.write_shut);
  CHECK(received(log.transcript) == "abc");
}

TEST_CASE("the peer half-closes: we read its FIN and can still send, and it reads that", "[socket][shutdown][integration]") {
  std::string server_got;
  OneShotServer server([&](int c) {
    ::send(c, "bye", 3, 0);
    ::shutdown(c, SHUT_WR);  // FIN, but keep reading
    server_got = read_until_eof(c);
    ::close(c);
  });
  SocketLog log = run(endpoint(Protocol::tcp, "127.0.0.1", server.port),
                      {step(StepKind::connect), step(StepKind::expect, "bye"), step(StepKind::sleep, {}, 0.3),
                       step(StepKind::send, "still here"), step(StepKind::close)});
  server.join();  // the server has read until our close
  CAPTURE(log.error.message);
  CHECK_FALSE(log.error);
  CHECK(log.peer_finished);
  CHECK(server_got == "still here");
  bool noted = false;
  for (const auto& e : log.transcript) noted = noted || e.text.find("the peer finished sending (FIN)") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("a reset in the middle of a stream fails the waiting step, and the transcript keeps what came first", "[socket][reset][integration]") {
  OneShotServer server([](int c) {
    ::send(c, "partial", 7, 0);
    char buf[16];
    ::recv(c, buf, sizeof buf, 0);  // the client's "ack": it has read "partial"
    linger hard{1, 0};              // SO_LINGER 0: close() sends RST instead of FIN
    ::setsockopt(c, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(c);
  });
  SocketLog log = run(endpoint(Protocol::tcp, "127.0.0.1", server.port),
                      {step(StepKind::connect), step(StepKind::expect, "partial"), step(StepKind::send, "ack"), step(StepKind::receive, {}, 5)});
  CHECK(log.state == SocketState::failed);
  CHECK(log.error.code == ErrorCode::connection_reset);
  CHECK_THAT(log.error.message, Catch::StartsWith("step 4 (receive): the connection to 127.0.0.1:"));
  CHECK_THAT(log.error.message, Catch::Contains("was reset by the peer"));
  CHECK(received(log.transcript) == "partial");
  REQUIRE(log.steps.size() == 4);
  CHECK_FALSE(log.steps[3].ok);
}

TEST_CASE("a connect that gets no answer times out with the time it waited", "[socket][timeout][integration]") {
  // A listener never accepting, its backlog filled by one connection: the kernel drops
  // further SYNs, so the next connect waits for an answer that never comes.
  OneShotServer server(nullptr, 0);
  int filler = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(std::uint16_t(server.port));
  REQUIRE(::connect(filler, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  int filler2 = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ::connect(filler2, reinterpret_cast<sockaddr*>(&a), sizeof a);
  Endpoint e = endpoint(Protocol::tcp, "127.0.0.1", server.port);
  e.connect_timeout = 1;
  SocketLog log = run(e, {step(StepKind::connect), step(StepKind::send, "x")});
  ::close(filler);
  ::close(filler2);
  CHECK(log.state == SocketState::failed);
  CHECK(log.error.code == ErrorCode::connect_timeout);
  CHECK_THAT(log.error.message, Catch::Contains("step 1 (connect): connecting to 127.0.0.1:"));
  CHECK_THAT(log.error.message, Catch::Contains("timed out after 1 s"));
}

TEST_CASE("an unreachable network, inside a namespace with no route", "[socket][unreachable][netns]") {
  using wirepad::test::run_command;
  auto probe = run_command({"unshare", "--net", "true"});
  if (probe.status != 0) {
    WARN("cannot create a network namespace here (needs root): " << probe.err);
    return;
  }
  // A fresh namespace has only a loopback that is down: no route to any address.
  auto r = run_command({"unshare", "--net", WIREPAD_BINARY, "socket", "10.1.2.3", "80", "--send", "x"});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("step 1 (connect): 10.1.2.3:80 is unreachable (Network is unreachable)"));
  CHECK_THAT(r.out, Catch::Contains("# 1. create a TCP socket and connect to 10.1.2.3:80"));  // the transcript is printed all the same
}

TEST_CASE("an oversized datagram is refused before sending, saying the limit", "[socket][udp][integration]") {
  using wirepad::test::run_command;
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-big-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "big.bin", std::ios::binary) << std::string(70000, 'x');
  auto r = run_command({WIREPAD_BINARY, "socket", "--udp", "127.0.0.1", "9", "--send-file", (dir / "big.bin").string()});
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Catch::Contains("70000 bytes do not fit in one UDP datagram (at most 65507 bytes"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the listener: a transcript per TCP connection, replies to the chosen one, half-close and close", "[socket][listen][integration]") {
  auto wakes = std::make_shared<std::atomic<int>>(0);
  PosixListener listener([wakes] { ++*wakes; });
  ListenRequest request;
  request.bind = "127.0.0.1";
  REQUIRE_FALSE(listener.start(request));
  int port = 0;
  listener.with_log([&](const ListenLog* log) {
    REQUIRE(log->listening);
    port = std::stoi(log->bound.substr(log->bound.rfind(':') + 1));
  });
  // Two clients, by hand so the test decides the order.
  auto client = [&] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    return fd;
  };
  int one = client();
  ::send(one, "from one", 8, 0);
  int two = client();
  ::send(two, "from two", 8, 0);
  auto wait_for = [&](auto predicate) {
    for (int i = 0; i < 300; ++i) {
      bool ok = false;
      listener.with_log([&](const ListenLog* log) { ok = predicate(*log); });
      if (ok) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  REQUIRE(wait_for([](const ListenLog& log) {
    return log.peers.size() == 2 && log.peers[0].bytes_received == 8 && log.peers[1].bytes_received == 8;
  }));
  int id_two = 0;
  listener.with_log([&](const ListenLog* log) {
    CHECK(received(log->peers[0].transcript) == "from one");
    CHECK(received(log->peers[1].transcript) == "from two");
    id_two = log->peers[1].id;
  });
  CHECK_FALSE(listener.send(id_two, "hello two"));
  CHECK_FALSE(listener.shutdown_write(id_two));
  CHECK(read_until_eof(two) == "hello two");  // the reply, then our FIN
  CHECK(listener.send(id_two, "more").message.find("cannot send any more") != std::string::npos);
  ::close(two);
  REQUIRE(wait_for([&](const ListenLog& log) { return !log.peers[1].open; }));
  ::shutdown(one, SHUT_WR);
  REQUIRE(wait_for([](const ListenLog& log) { return log.peers[0].peer_finished; }));
  CHECK(wakes->load() > 0);
  listener.stop();
  listener.with_log([](const ListenLog* log) { CHECK_FALSE(log->listening); });
  ::close(one);

  // A port in use: the reason and what to do.
  OneShotServer busy(nullptr);
  request.port = std::uint16_t(busy.port);
  Error in_use = listener.start(request);
  CHECK_THAT(in_use.message, Catch::Contains("Address already in use (another program listens there"));
}

TEST_CASE("the UDP listener: a session's datagrams arrive by sender, a reply goes back to it", "[socket][listen][udp][integration]") {
  PosixListener listener;
  ListenRequest request;
  request.protocol = Protocol::udp;
  request.bind = "127.0.0.1";
  REQUIRE_FALSE(listener.start(request));
  int port = 0;
  listener.with_log([&](const ListenLog* log) { port = std::stoi(log->bound.substr(log->bound.rfind(':') + 1)); });
  // The session sends, then expects the reply the listener sends once it has heard it.
  std::thread replier([&] {
    for (int i = 0; i < 300; ++i) {
      int id = 0;
      listener.with_log([&](const ListenLog* log) {
        if (!log->peers.empty()) id = log->peers[0].id;
      });
      if (id) {
        listener.send(id, "pong");
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  SocketLog log = run(endpoint(Protocol::udp, "127.0.0.1", port),
                      {step(StepKind::connect), step(StepKind::send, "ping"), step(StepKind::expect, "pong"), step(StepKind::close)});
  replier.join();
  CAPTURE(log.error.message);
  CHECK_FALSE(log.error);
  listener.with_log([](const ListenLog* log) {
    REQUIRE(log->peers.size() == 1);
    CHECK(log->peers[0].datagrams_received == 1);
    CHECK(received(log->peers[0].transcript) == "ping");
    CHECK(log->peers[0].bytes_sent == 4);
  });
  CHECK(listener.send(1, std::string(65508, 'x')).message.find("do not fit in one UDP datagram") != std::string::npos);
}

TEST_CASE("multicast: a listener joins a group, a session sends to it, leave stops it", "[socket][listen][multicast][integration]") {
  PosixListener listener;
  ListenRequest request;
  request.protocol = Protocol::udp;
  REQUIRE_FALSE(listener.start(request));
  int port = 0;
  listener.with_log([&](const ListenLog* log) { port = std::stoi(log->bound.substr(log->bound.rfind(':') + 1)); });
  Error joined = listener.join("239.255.77.1", "");
  if (joined) {
    WARN("no multicast route on this host: " << joined.message);
    return;
  }
  CHECK(listener.join("10.0.0.1", "").message == "'10.0.0.1' is not a multicast group address (224.0.0.0/4 or ff00::/8)");
  CHECK(listener.join("ff02::1", "").message.find("this socket is IPv4") == 0);
  Endpoint e = endpoint(Protocol::udp, "239.255.77.1", port);
  e.multicast_loopback = true;  // the member is on this host
  SocketLog sent = run(e, {step(StepKind::connect), step(StepKind::send, "to the group"), step(StepKind::sleep, {}, 0.3), step(StepKind::close)});
  CAPTURE(sent.error.message);
  CHECK_FALSE(sent.error);
  bool heard = false;
  for (int i = 0; i < 100 && !heard; ++i) {
    listener.with_log([&](const ListenLog* log) { heard = !log->peers.empty() && received(log->peers[0].transcript) == "to the group"; });
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(heard);
  CHECK_FALSE(listener.leave("239.255.77.1", ""));
  listener.with_log([](const ListenLog* log) { CHECK(log->groups.empty()); });
  CHECK(listener.leave("239.255.77.1", "").message == "not a member of 239.255.77.1");
}

TEST_CASE("wirepad run replays a saved script with the new steps, its exit status and stderr name the failing step", "[socket][cli]") {
  using wirepad::test::run_command;
  LabServers lab;
  LabOptions o;
  o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
  LabStatus status = lab.start(o);
  REQUIRE(status.tcp_echo_port > 0);
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-run-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const std::string& steps) {
    auto file = dir / name;
    std::ofstream(file) << R"({"wirepad": 1, "kind": "socket", "name": ")" << name << R"(",
      "socket": {"protocol": "tcp", "host": "127.0.0.1", "port": )"
                        << status.tcp_echo_port << R"(, "family": "ipv4", "steps": )" << steps << "}}";
    return file.string();
  };
  auto ok = run_command({WIREPAD_BINARY, "run", write("ok.json", R"([{"connect": true}, {"send": "id=42\r\n"},
      {"expect_regex": "id=[0-9]+", "timeout": 2}, {"send": "x"}, {"receive": true, "timeout": 2}, {"shutdown": true}, {"close": true}])")});
  CAPTURE(ok.err);
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Catch::Contains("# 3. expect a match for /id=[0-9]+/ within 2 s"));
  CHECK_THAT(ok.out, Catch::Contains("* matched \"id=42\""));
  CHECK_THAT(ok.out, Catch::Contains("* sent FIN: the peer reads EOF; this side still receives"));

  auto missed = run_command({WIREPAD_BINARY, "run", write("missed.json", R"([{"connect": true}, {"send": "abc"},
      {"expect_regex": "^x", "timeout": 0.3}, {"close": true}])")});
  CHECK(missed.status == 1);
  CHECK_THAT(missed.err, Catch::Contains("idle_timeout: step 3 (expect \"^x\"): nothing matching arrived within 0.30 s; unmatched bytes: \"abc\""));
  CHECK_THAT(missed.out, Catch::Contains("< abc  (3 B)"));  // the transcript is kept

  auto bad = run_command({WIREPAD_BINARY, "run", write("bad.json", R"([{"connect": true}, {"expect_regex": "(", "timeout": 1}])")});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("socket.steps: step 2 (expect): /(/ is not a regular expression: missing closing parenthesis"));

  // (x|y)+$ over a 1 MiB echo: a match, or the step fails saying why; never a crash (std::regex
  // overflowed the stack on it from ~20 kB).
  auto mib = run_command({WIREPAD_BINARY, "run", write("mib.json", R"([{"connect": true}, {"send": ")" +
      std::string(1u << 20, 'x') + R"("}, {"expect_regex": "(x|y)+$", "timeout": 10}, {"close": true}])")});
  CAPTURE(mib.err.substr(0, 400));
  CHECK((mib.status == 0 || mib.status == 1));
  if (mib.status == 1) CHECK_THAT(mib.err, Catch::Contains("needs more backtracking"));

  // The family from the command line: ::1 is no IPv4 address.
  auto v4 = run_command({WIREPAD_BINARY, "socket", "-4", "::1", std::to_string(status.tcp_echo_port), "--send", "x"});
  CHECK(v4.status == 1);
  CHECK_THAT(v4.err, Catch::Contains("'::1' has no IPv4 address"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the CLI's last send is not lost when the process exits right after close", "[socket][cli]") {
  using wirepad::test::run_command;
  // UDP: ten runs of connect, send, close; every datagram must arrive.
  int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(udp, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(udp, reinterpret_cast<sockaddr*>(&a), &len);
  const std::string udp_port = std::to_string(ntohs(a.sin_port));
  for (int i = 0; i < 10; ++i) CHECK(run_command({WIREPAD_BINARY, "socket", "--udp", "127.0.0.1", udp_port, "--send", "d"}).status == 0);
  timeval quick{0, 200000};
  ::setsockopt(udp, SOL_SOCKET, SO_RCVTIMEO, &quick, sizeof quick);
  int datagrams = 0;
  char buf[16];
  while (::recv(udp, buf, sizeof buf, 0) > 0) ++datagrams;
  ::close(udp);
  CHECK(datagrams == 10);

  // TCP: 16 MiB from a file, more than the socket buffers hold, to a peer that starts
  // reading late; then close. The peer must read every byte before EOF, so the process
  // must wait for its connection's thread to flush them.
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-flush-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string big(16 << 20, 'z');
  std::ofstream(dir / "big.bin", std::ios::binary) << big;
  std::string got;
  OneShotServer server([&](int c) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    got = read_until_eof(c);
    ::close(c);
  });
  auto r = run_command({WIREPAD_BINARY, "socket", "--json", "127.0.0.1", std::to_string(server.port), "--send-file", (dir / "big.bin").string()});
  server.join();
  CHECK(r.status == 0);
  CHECK(got.size() == big.size());
  std::filesystem::remove_all(dir);
}
