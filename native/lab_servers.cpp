// native: the lab servers. The hello server is cpp-httplib; the echo servers are the plain
// socket loops a tutorial would write, with a stop pipe so they shut down promptly.
#include "native/lab_servers.h"

#include "native/chaos_server.h"
#include "native/lab_httpbin.h"
#include "native/lab_ws_echo.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <chrono>
#include <thread>

namespace wirepad::native {
namespace {

// A listening or datagram socket bound to bind:port (0 = any free port).
// Returns the fd or -1 with `why` set to a sentence.
int bind_socket(const std::string& bind, int port, int type, std::string& why, int& bound_port) {
  // IPv4 or IPv6 literal ("127.0.0.1", "::1"): the lab serves both loopbacks.
  sockaddr_storage storage{};
  socklen_t addr_len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, bind.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(port));
    addr_len = sizeof *v4;
  } else if (inet_pton(AF_INET6, bind.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(port));
    addr_len = sizeof *v6;
  } else {
    why = "'" + bind + "' is not an IPv4 or IPv6 address";
    return -1;
  }
  const int family = storage.ss_family;
  int fd = ::socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    why = std::string("cannot create a socket: ") + std::strerror(errno);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), addr_len) != 0) {
    why = errno == EADDRINUSE ? "port " + std::to_string(port) + " is in use"
                              : "cannot bind " + bind + ":" + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  if (type == SOCK_STREAM && ::listen(fd, 64) != 0) {
    why = std::string("cannot listen: ") + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof storage;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &len);
  bound_port = ntohs(family == AF_INET6 ? v6->sin6_port : v4->sin_port);
  return fd;
}

// Waits until fd is readable or the stop pipe fires. False means stop.
bool wait_readable(int fd, int stop_fd) {
  pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
  for (;;) {
    int n = ::poll(fds, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || (fds[1].revents & POLLIN)) return false;
    if (fds[0].revents) return true;
  }
}

// "127.0.0.1" or "[::1]": the host part of a URL (RFC 3986 §3.2.2).
std::string url_host(const std::string& address) {
  return address.find(':') != std::string::npos ? "[" + address + "]" : address;
}

}  // namespace

struct LabServers::Impl {
  ChaosServer chaos;
  LabWsEcho ws_echo;
  httplib::Server hello;
  std::thread hello_thread;
  std::atomic<bool> hello_returned{false};  // listen_after_bind() has returned
  std::atomic<bool> stopping{false};        // cuts /delay short (lab_httpbin.h)
  int stop_pipe[2] = {-1, -1};
  int tcp_fd = -1, udp_fd = -1;
  std::thread tcp_thread, udp_thread;
  std::mutex clients_mutex;
  std::list<std::thread> clients;

  Impl() { [[maybe_unused]] int rc = ::pipe2(stop_pipe, O_CLOEXEC); }
  ~Impl() {
    for (int fd : stop_pipe)
      if (fd >= 0) ::close(fd);
  }

  void run_tcp_echo() {
    while (wait_readable(tcp_fd, stop_pipe[0])) {
      int client = ::accept4(tcp_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      std::lock_guard<std::mutex> guard(clients_mutex);
      clients.emplace_back([this, client] {
        char buf[64 * 1024];
        while (wait_readable(client, stop_pipe[0])) {
          ssize_t n = ::recv(client, buf, sizeof buf, 0);
          if (n <= 0) break;
          for (ssize_t off = 0; off < n;) {
            ssize_t w = ::send(client, buf + off, size_t(n - off), MSG_NOSIGNAL);
            if (w <= 0) break;
            off += w;
          }
        }
        ::close(client);
      });
    }
  }

  void run_udp_echo() {
    char buf[65536];
    while (wait_readable(udp_fd, stop_pipe[0])) {
      sockaddr_storage from{};
      socklen_t len = sizeof from;
      ssize_t n = ::recvfrom(udp_fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n >= 0) ::sendto(udp_fd, buf, size_t(n), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  }
};

LabServers::LabServers() : impl_(std::make_unique<Impl>()) {}
LabServers::~LabServers() { stop(); }

LabStatus LabServers::start(const LabOptions& options) {
  LabStatus status;
  Impl& s = *impl_;

  // Hello, World!: the tutorial server. A tutorial's one-shot client does a single
  // recv(1024), so the whole response must leave in one segment: the socket is corked
  // (TCP_CORK, inherited from the listening socket on Linux) and the connection serves one
  // request (cpp-httplib then says "Connection: close" itself), so closing flushes headers
  // and body together.
  s.hello.set_socket_options([](socket_t sock) {
    int one = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    ::setsockopt(sock, IPPROTO_TCP, TCP_CORK, &one, sizeof one);
  });
  auto hello = [](const httplib::Request&, httplib::Response& res) {
    res.set_content("Hello, World!", "text/plain");
  };
  s.hello.Get("/", hello);
  // On the same port, everything a learner's request can come back from (docs/lab.md).
  add_httpbin_routes(s.hello, s.stopping);
  s.hello.set_keep_alive_max_count(1);
  int port = options.hello_port;
  if (port == 0) {
    port = s.hello.bind_to_any_port(options.bind.c_str());
  } else if (!s.hello.bind_to_port(options.bind.c_str(), port)) {
    port = -1;
  }
  if (port > 0) {
    status.hello_port = port;
    // bind_to_port already listens, so connections queue in the backlog until the thread runs.
    s.hello_thread = std::thread([&s] {
      s.hello.listen_after_bind();
      s.hello_returned = true;
    });
    // cpp-httplib's stop() does nothing until the server runs: without this wait, a stop()
    // right after start() would leave listen_after_bind() running forever (and join hang).
    for (int i = 0; i < 2000 && !s.hello.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    status.lines.push_back("hello     http://" + url_host(options.bind) + ":" + std::to_string(port) + "/");
  } else {
    status.lines.push_back("hello     not started: port " + std::to_string(options.hello_port) +
                           " is in use (choose another with --hello-port)");
  }

  std::string why;
  int bound = 0;
  s.tcp_fd = bind_socket(options.bind, options.tcp_echo_port, SOCK_STREAM, why, bound);
  if (s.tcp_fd >= 0) {
    status.tcp_echo_port = bound;
    s.tcp_thread = std::thread([&s] { s.run_tcp_echo(); });
    status.lines.push_back("tcp-echo  tcp://" + url_host(options.bind) + ":" + std::to_string(bound));
  } else {
    status.lines.push_back("tcp-echo  not started: " + why + " (choose another with --tcp-echo-port)");
  }
  s.udp_fd = bind_socket(options.bind, options.udp_echo_port, SOCK_DGRAM, why, bound);
  if (s.udp_fd >= 0) {
    status.udp_echo_port = bound;
    s.udp_thread = std::thread([&s] { s.run_udp_echo(); });
    status.lines.push_back("udp-echo  udp://" + url_host(options.bind) + ":" + std::to_string(bound));
  } else {
    status.lines.push_back("udp-echo  not started: " + why + " (choose another with --udp-echo-port)");
  }
  if (options.ws_echo_port >= 0) {
    if (s.ws_echo.start(options.bind, options.ws_echo_port, why)) {
      status.ws_echo_port = s.ws_echo.port();
      status.lines.push_back("ws-echo   ws://" + url_host(options.bind) + ":" + std::to_string(status.ws_echo_port) + "/");
    } else {
      status.lines.push_back("ws-echo   not started: " + why + " (choose another with --ws-echo-port)");
    }
  }
  if (options.chaos_port >= 0) {
    if (s.chaos.start(options.chaos_port, &why, options.bind)) {
      status.chaos_port = s.chaos.port();
      status.lines.push_back("chaos     http://" + url_host(options.bind) + ":" + std::to_string(status.chaos_port) + "/");
    } else {
      status.lines.push_back("chaos     not started: " + why + " (choose another with --chaos-port)");
    }
  }
  return status;
}

void LabServers::stop() {
  Impl& s = *impl_;
  s.stopping = true;
  s.chaos.stop();
  s.ws_echo.stop();
  if (s.hello_thread.joinable()) {
    // stop() does nothing until listen_after_bind() has started (is_running); on a loaded
    // machine that can take longer than start()'s wait, and a stop() that came too early left
    // the thread listening and this join hanging: a desktop that ignored SIGTERM in CI. So
    // stop until it has returned.
    while (!s.hello_returned) {
      s.hello.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    s.hello_thread.join();
  }
  char c = 1;
  [[maybe_unused]] auto n = ::write(s.stop_pipe[1], &c, 1);
  if (s.tcp_thread.joinable()) s.tcp_thread.join();
  if (s.udp_thread.joinable()) s.udp_thread.join();
  {
    std::lock_guard<std::mutex> guard(s.clients_mutex);
    for (auto& t : s.clients) t.join();
    s.clients.clear();
  }
  for (int* fd : {&s.tcp_fd, &s.udp_fd})
    if (*fd >= 0) {
      ::close(*fd);
      *fd = -1;
    }
}

}  // namespace wirepad::native
