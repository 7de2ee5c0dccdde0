// native: Transport over POSIX sockets and OpenSSL. One detached worker thread per
// connection: name lookup (on a helper thread, since getaddrinfo cannot be interrupted),
// non-blocking connect, optional TLS handshake, then a poll loop moving bytes. Everything the
// worker learns is delivered under the shared lock, and only while the connection is open.
#include "native/posix_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <map>
#include <thread>

#include "native/tls_client.h"
#include "shared/exchange.h"
#include "shared/localhost_names.h"
#include "shared/proxy_hop.h"

namespace wirepad::native {
namespace {

// Inline mode: stamps each send(), so the caller knows which connection waits for an answer.
std::atomic<std::uint64_t> inline_clock{0};

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string format_address(const sockaddr* sa) {
  char text[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET6) {
    auto* a = reinterpret_cast<const sockaddr_in6*>(sa);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(a->sin6_port));
  }
  auto* a = reinterpret_cast<const sockaddr_in*>(sa);
  inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(a->sin_port));
}

// Maps a connect/read/write errno to the error a person should see.
Error socket_error(int err, const std::string& what, const std::string& address) {
  const std::string detail = std::string(std::strerror(err));
  switch (err) {
    case ECONNREFUSED:
      return make_error(ErrorCode::connect_refused,
                        "connection refused by " + address + ": nothing is listening on that port");
    case ETIMEDOUT:
      return make_error(ErrorCode::connect_timeout, what + " " + address + " timed out (" + detail + ")");
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EADDRNOTAVAIL:
      return make_error(ErrorCode::host_unreachable, address + " is unreachable (" + detail + ")");
    case ECONNRESET:
    case EPIPE:
      return make_error(ErrorCode::connection_reset, "the connection to " + address + " was reset by the peer (" + detail + ")");
    default:
      return make_error(ErrorCode::io_error, what + " " + address + " failed: " + detail);
  }
}

// One process-wide client context (verification is set per connection).
SSL_CTX* shared_tls_context() {
  static SSL_CTX* context = [] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    configure_client_context(ctx);
    return ctx;
  }();
  return context;
}

// For connections that verify nothing (-k): the system's CA bundle is never read, which saves
// every `wirepad send -k` the 20-25 ms of parsing it.
SSL_CTX* unverified_tls_context() {
  static SSL_CTX* context = [] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    configure_client_context(ctx, false);
    return ctx;
  }();
  return context;
}

// A context that also trusts `ca_file`, kept per file version (path, size, mtime): loading the
// system CAs again for every connection would cost each handshake a noticeable pause, and an
// edited file must still be read again. Contexts live until the process exits: the map is
// never destroyed, so they stay reachable to the end (a destroyed map left them for
// LeakSanitizer to report as leaks, and SSL_CTX_free at exit could run after OpenSSL's cleanup).
Result<SSL_CTX*> tls_context_with_ca_file(const std::string& ca_file) {
  struct stat st {};
  if (::stat(ca_file.c_str(), &st) != 0)
    return make_error(ErrorCode::tls_failed, "cannot use the CA file '" + ca_file + "': it cannot be read (" +
                                                 std::strerror(errno) + ")");
  std::string key = ca_file + "|" + std::to_string(st.st_size) + "|" + std::to_string(st.st_mtim.tv_sec) + "." +
                    std::to_string(st.st_mtim.tv_nsec);
  static std::mutex m;
  static std::map<std::string, SSL_CTX*>& contexts = *new std::map<std::string, SSL_CTX*>;
  std::lock_guard<std::mutex> guard(m);
  if (auto it = contexts.find(key); it != contexts.end()) return it->second;
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  configure_client_context(ctx);
  if (std::string problem = add_trusted_ca_file(ctx, ca_file); !problem.empty()) {
    SSL_CTX_free(ctx);
    return make_error(ErrorCode::tls_failed, problem);
  }
  contexts[key] = ctx;
  return ctx;
}

std::string tls_error_text() {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!text.empty()) text += "; ";
    text += buf;
  }
  return text.empty() ? "the handshake failed" : text;
}

// State shared by the Connection handle, the worker thread and the resolver thread.
struct ConnectionState {
  std::shared_ptr<std::mutex> lock;
  std::function<void()> wake;
  Endpoint endpoint;
  ConnectionEvents* events = nullptr;  // guarded by lock; null once closed
  std::string outbox;                  // guarded by lock
  // guarded by lock: the plain-TCP socket while the worker idles in poll with nothing to
  // write, so send() can write the request itself instead of waking the worker (one thread
  // hand-off less per request; see docs/benchmarks.md). Inline mode too: the bytes leave at
  // once instead of being copied into the outbox and then into the worker's pending bytes
  // (a 64 KiB WebSocket message twice). -1 otherwise.
  int direct_fd = -1;
  std::vector<std::string> datagrams;  // guarded by lock; UDP: one entry per send()
  bool shutdown_requested = false;     // guarded by lock; TCP half-close after the outbox
  bool proceed = false;                // guarded by lock; ends a hold_before_connect
  int wake_pipe[2] = {-1, -1};         // worker polls [0]; close() writes [1]
  // Inline mode (PosixTransport::Mode::inline_poll): the worker runs on the caller's thread,
  // step by step; send() only queues (no wake-up needed), and `on_wait` (called without the
  // lock while the worker waits, at least every 50 ms) lets the caller cancel.
  bool inline_mode = false;
  std::uint64_t last_used = 0;  // guarded by lock; inline: which connection to drive
  const std::function<void()>* on_wait = nullptr;  // the transport's hook (it outlives the driving)

  ~ConnectionState() {
    for (int fd : wake_pipe)
      if (fd >= 0) ::close(fd);
  }
  void poke() const {
    char c = 1;
    [[maybe_unused]] auto n = ::write(wake_pipe[1], &c, 1);
  }
};

struct ResolveResult {
  std::mutex m;
  bool done = false;
  int status = 0;
  addrinfo* list = nullptr;
  int pipe_fd[2] = {-1, -1};
  ~ResolveResult() {
    if (list) freeaddrinfo(list);
    for (int fd : pipe_fd)
      if (fd >= 0) ::close(fd);
  }
};

class Worker {
 public:
  explicit Worker(std::shared_ptr<ConnectionState> state) : st_(std::move(state)) {}

  void run() {
    if (setup()) pump();
    finish();
  }

  // Name lookup, connect, TLS handshake (blocking, bounded by connect_timeout). False when the
  // connection ended (event delivered) or was closed.
  bool setup() {
    started_ = monotonic_seconds();
    deadline_ = started_ + st_->endpoint.connect_timeout;
    return resolve() && connect_any() && tunnel() && (!st_->endpoint.tls || handshake());
  }

  void finish() {
    {
      std::lock_guard<std::mutex> guard(*st_->lock);
      st_->direct_fd = -1;  // from here on send() must not touch the socket we close
    }
    if (ssl_) SSL_free(ssl_);
    ssl_ = nullptr;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Inline mode, for a connection nobody is waiting on: a zero-timeout look (the server closed
  // it, sent stray bytes, or the pool's idle timer ran out). False once it is over.
  bool check_idle() {
    {
      std::lock_guard<std::mutex> guard(*st_->lock);
      if (!st_->events) return false;
      double now = monotonic_seconds(), next = st_->events->next_deadline();
      if (next >= 0 && now >= next) st_->events->on_tick(now);
      if (!st_->events) return false;
    }
    if (eof_) return true;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) > 0 && p.revents) return read_some() && open_still();
    return true;
  }

  void pump() {
    in_pump_ = true;
    while (pump_step()) {
    }
  }

 private:
  // Delivers an event if the connection is still open. Returns false once it was closed.
  template <class F>
  bool deliver(F&& f) {
    {
      std::lock_guard<std::mutex> guard(*st_->lock);
      if (!st_->events) return false;
      f(*st_->events);
    }
    if (st_->wake) st_->wake();
    return true;
  }
  bool open_still() {
    std::lock_guard<std::mutex> guard(*st_->lock);
    return st_->events != nullptr;
  }
  bool fail(const Error& e) {
    deliver([&](ConnectionEvents& ev) { ev.on_error(e, monotonic_seconds()); });
    return false;
  }

  // Waits for `fd` (may be -1) to become ready for `events`, while serving the wake pipe and
  // the exchange's timers. Returns the revents of fd, 0 on our own deadline, -1 when closed.
  // With `return_on_wake`, a poke (new bytes to send, close) returns 0 too, so the caller
  // picks up the outbox at once instead of when the socket next becomes readable.
  int wait(int fd, short events, double own_deadline, bool return_on_wake = false) {
    for (;;) {
      double now = monotonic_seconds();
      double next = -1;
      {
        std::lock_guard<std::mutex> guard(*st_->lock);
        if (!st_->events) return -1;
        st_->direct_fd = in_pump_ && pending_.empty() && !ssl_ && !shut_wanted_ &&
                                 st_->outbox.empty() && st_->endpoint.protocol == Protocol::tcp ? fd_ : -1;
        next = st_->events->next_deadline();
        if (next >= 0 && now >= next) {
          st_->events->on_tick(now);
          if (!st_->events) return -1;
          next = st_->events->next_deadline();
        }
      }
      if (own_deadline >= 0 && now >= own_deadline) return 0;
      double until = own_deadline;
      if (next >= 0 && (until < 0 || next < until)) until = next;
      int timeout_ms = until < 0 ? 1000 : int(std::ceil(std::max(0.0, until - now) * 1000));
      timeout_ms = std::min(timeout_ms, st_->inline_mode ? 50 : 1000);
      pollfd fds[2] = {{st_->wake_pipe[0], POLLIN, 0}, {fd, events, 0}};
      int n = ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
      if (n < 0 && errno != EINTR) return -1;
      if (st_->inline_mode && n <= 0) {
        // The caller's thread is ours: let it look at its cancel flag, and in the pump give
        // the round back (the caller checks whether its exchange is done).
        if (st_->on_wait && *st_->on_wait) (*st_->on_wait)();
        if (in_pump_) return open_still() ? 0 : -1;
        continue;
      }
      bool woken = false;
      if (fds[0].revents & POLLIN) {
        char buf[64];
        [[maybe_unused]] auto r = ::read(st_->wake_pipe[0], buf, sizeof buf);
        woken = true;
      }
      if (fd >= 0 && fds[1].revents) return fds[1].revents;
      if (woken && return_on_wake) return 0;
    }
  }

  bool resolve() {
    // Through a CONNECT tunnel the socket goes to the proxy; the origin's name is the proxy's to resolve.
    const ProxyTunnel& via = st_->endpoint.tunnel;
    std::string host = via.host.empty() ? st_->endpoint.host : via.host;
    std::string port = std::to_string(via.host.empty() ? st_->endpoint.port : via.port);
    bool udp = st_->endpoint.protocol == Protocol::udp;
    AddressFamily family = st_->endpoint.family;
    // An address literal, or a name that is loopback by definition (RFC 6761 §6.3): no DNS, so
    // no lookup thread either (a thread costs more than the whole lookup of a literal).
    std::vector<std::string> literals;
    if (is_localhost_name(host)) literals = localhost_addresses(family);
    else if (is_address_literal(host)) literals = {host};
    if (!literals.empty()) return resolve_literals(host, literals, port, udp);
    auto result = std::make_shared<ResolveResult>();
    if (::pipe2(result->pipe_fd, O_CLOEXEC) != 0) return fail(socket_error(errno, "name lookup of", st_->endpoint.host));
    // Detached: getaddrinfo cannot be interrupted; if we give up first, it finishes alone.
    std::thread([result, host, port, udp, family] {
      addrinfo hints{};
      hints.ai_family = family == AddressFamily::ipv4 ? AF_INET : family == AddressFamily::ipv6 ? AF_INET6 : AF_UNSPEC;
      hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
      // AI_ADDRCONFIG hides ::1 on a host whose only IPv6 address is loopback: only for "either".
      hints.ai_flags = family == AddressFamily::any ? AI_ADDRCONFIG : 0;
      addrinfo* list = nullptr;
      int status = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list);
      std::lock_guard<std::mutex> guard(result->m);
      result->status = status;
      result->list = list;
      result->done = true;
      char c = 1;
      [[maybe_unused]] auto n = ::write(result->pipe_fd[1], &c, 1);
    }).detach();
    int r = wait(result->pipe_fd[0], POLLIN, deadline_);
    if (r < 0) return false;
    std::lock_guard<std::mutex> guard(result->m);
    if (!result->done)
      return fail(make_error(ErrorCode::connect_timeout, "name lookup of " + host + " did not finish within " +
                                                             std::to_string(int(st_->endpoint.connect_timeout)) + " s"));
    return take_addresses(host, result->status, result->list);
  }

  static bool is_address_literal(const std::string& host) {
    unsigned char buf[sizeof(in6_addr)];
    return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
  }

  // Literals (an address, or localhost's): getaddrinfo with AI_NUMERICHOST answers at once,
  // on this thread, and never asks DNS.
  bool resolve_literals(const std::string& host, const std::vector<std::string>& literals, const std::string& port,
                        bool udp) {
    int status = 0;
    std::vector<addrinfo*> lists;
    for (const std::string& literal : literals) {
      addrinfo hints{};
      const AddressFamily family = st_->endpoint.family;
      hints.ai_family = family == AddressFamily::ipv4 ? AF_INET : family == AddressFamily::ipv6 ? AF_INET6 : AF_UNSPEC;
      hints.ai_socktype = udp ? SOCK_DGRAM : SOCK_STREAM;
      hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
      addrinfo* list = nullptr;
      status = ::getaddrinfo(literal.c_str(), port.c_str(), &hints, &list);
      if (status != 0 || !list) continue;
      lists.push_back(list);
      for (addrinfo* ai = list; ai; ai = ai->ai_next) {
        sockaddr_storage ss{};
        std::memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
        addresses_.push_back({ss, ai->ai_addrlen, ai->ai_family, ai->ai_socktype, ai->ai_protocol});
      }
    }
    for (addrinfo* list : lists) freeaddrinfo(list);
    if (!addresses_.empty()) return resolved();
    return take_addresses(host, status == 0 ? EAI_NONAME : status, nullptr);
  }

  // The lookup's answer: the addresses to try, or why there are none.
  bool take_addresses(const std::string& host, int status, addrinfo* list) {
    if (st_->endpoint.family != AddressFamily::any &&
        (status == EAI_ADDRFAMILY || status == EAI_NONAME || status == EAI_NODATA || status == EAI_FAMILY))
      return fail(make_error(ErrorCode::dns_failed, "'" + host + "' has no " +
                                                        (st_->endpoint.family == AddressFamily::ipv4 ? "IPv4" : "IPv6") +
                                                        " address (" + gai_strerror(status) + "); ask for the other address family, or either"));
    if (status != 0 || !list)
      return fail(make_error(ErrorCode::dns_failed, "could not resolve host name '" + host + "': " + gai_strerror(status)));
    for (addrinfo* ai = list; ai; ai = ai->ai_next) {
      sockaddr_storage ss{};
      std::memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
      addresses_.push_back({ss, ai->ai_addrlen, ai->ai_family, ai->ai_socktype, ai->ai_protocol});
    }
    return resolved();
  }

  bool resolved() {
    std::string first = format_address(reinterpret_cast<sockaddr*>(&addresses_.front().addr));
    return deliver([&](ConnectionEvents& ev) { ev.on_resolved(first, monotonic_seconds()); });
  }

  // Endpoint::hold_before_connect: the socket exists, connect() waits for proceed() (the
  // learner's Connect button). The connect timeout starts again when it comes. Only the
  // first socket waits: a second address is tried at once, as without the hold.
  bool hold_until_proceed() {
    if (!st_->endpoint.hold_before_connect || held_) return true;
    held_ = true;
    for (;;) {
      {
        std::lock_guard<std::mutex> guard(*st_->lock);
        if (!st_->events) return false;
        if (st_->proceed) break;
      }
      if (wait(-1, 0, -1, /*return_on_wake=*/true) < 0) return false;
    }
    deadline_ = monotonic_seconds() + st_->endpoint.connect_timeout;
    return true;
  }

  bool connect_any() {
    Error last;
    for (auto& a : addresses_) {
      std::string text = format_address(reinterpret_cast<sockaddr*>(&a.addr));
      int fd = ::socket(a.family, a.socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a.protocol);
      if (fd < 0) {
        last = socket_error(errno, "creating a socket for", text);
        continue;
      }
      {
        std::string call = std::string("socket(") + (a.family == AF_INET6 ? "AF_INET6" : "AF_INET") + ", " +
                           (a.socktype == SOCK_STREAM ? "SOCK_STREAM" : "SOCK_DGRAM") + ") for " + text;
        if (!deliver([&](ConnectionEvents& ev) { ev.on_socket_created(call, monotonic_seconds()); })) {
          ::close(fd);
          return false;
        }
      }
      if (!hold_until_proceed()) {
        ::close(fd);
        return false;
      }
      if (a.socktype == SOCK_STREAM) {
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // we write whole requests
      } else {
        set_udp_options(fd, a.family);
      }
      int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&a.addr), a.len);
      if (rc != 0 && errno != EINPROGRESS) {
        last = errno == EACCES && a.socktype == SOCK_DGRAM
                   ? make_error(ErrorCode::io_error, text + " is a broadcast address: turn on the broadcast option (SO_BROADCAST) "
                                                           "to send there (the kernel refused: " + std::strerror(errno) + ")")
                   : socket_error(errno, "connecting to", text);
        ::close(fd);
        continue;
      }
      if (rc != 0) {
        int r = wait(fd, POLLOUT, deadline_);
        if (r < 0) {
          ::close(fd);
          return false;
        }
        if (r == 0) {
          ::close(fd);
          return fail(make_error(ErrorCode::connect_timeout,
                                 "connecting to " + text + " timed out after " +
                                     std::to_string(int(st_->endpoint.connect_timeout)) + " s"));
        }
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
          last = socket_error(err, "connecting to", text);
          ::close(fd);
          continue;
        }
      }
      fd_ = fd;
      address_ = text;
      return deliver([&](ConnectionEvents& ev) { ev.on_connected(monotonic_seconds()); });
    }
    return fail(last ? last : make_error(ErrorCode::io_error, "no address to connect to"));
  }

  // HTTPS through an HTTP proxy: CONNECT host:port, then the proxy's answer up to its blank line
  // (read with MSG_PEEK so not one byte of the tunnel is taken), all within the connect timeout.
  // The bytes both ways go to on_tunnel for the log; a refusal is an error quoting the status.
  bool tunnel() {
    const ProxyTunnel& via = st_->endpoint.tunnel;
    if (via.host.empty()) return true;
    const std::string& host = st_->endpoint.host;
    const std::string origin = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                               std::to_string(st_->endpoint.port);
    TunnelReport report;
    report.sent = via.request;
    std::size_t sent = 0;
    while (sent < via.request.size()) {
      ssize_t n = ::send(fd_, via.request.data() + sent, via.request.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        int r = wait(fd_, POLLOUT, deadline_);
        if (r < 0) return false;
        if (r == 0) return fail(make_error(ErrorCode::connect_timeout, "sending CONNECT to the proxy " + address_ + " timed out"));
        continue;
      }
      if (n < 0) return fail(socket_error(errno, "writing CONNECT to the proxy", address_));
      sent += std::size_t(n);
    }
    auto report_and_fail = [&](const Error& e) {
      if (!deliver([&](ConnectionEvents& ev) { ev.on_tunnel(report, monotonic_seconds()); })) return false;
      return fail(e);
    };
    char buf[4096];
    for (;;) {
      int r = wait(fd_, POLLIN, deadline_);
      if (r < 0) return false;
      if (r == 0)
        return report_and_fail(make_error(ErrorCode::connect_timeout,
                                          "the proxy " + address_ + " did not answer CONNECT " + origin + " within " +
                                              std::to_string(int(st_->endpoint.connect_timeout)) + " s"));
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_PEEK);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
      if (n < 0) return report_and_fail(socket_error(errno, "reading the answer to CONNECT from the proxy", address_));
      if (n == 0) return report_and_fail(connect_reply_cut_short(report.received, address_, origin));
      std::string seen = report.received + std::string(buf, std::size_t(n));
      ConnectReply reply = read_connect_reply(seen, address_, origin);
      // Take only the proxy's head off the socket; what follows it is the tunnel's.
      std::size_t take = reply.state == ConnectReply::State::need_more ? std::size_t(n) : reply.head_size - report.received.size();
      if (reply.state == ConnectReply::State::failed && reply.head_size == 0) take = std::size_t(n);
      ssize_t got = ::recv(fd_, buf, take, 0);
      if (got > 0) report.received.append(buf, std::size_t(got));
      if (reply.state == ConnectReply::State::need_more) continue;
      if (reply.state == ConnectReply::State::failed) return report_and_fail(reply.error);
      report.established = true;
      // From here on the peer is the origin: errors (TLS, reads) name it, and the hop.
      address_ = origin + " (through the proxy " + address_ + ")";
      return deliver([&](ConnectionEvents& ev) { ev.on_tunnel(report, monotonic_seconds()); });
    }
  }

  // SO_BROADCAST, and the multicast hop limit and loopback the endpoint asks for.
  void set_udp_options(int fd, int family) {
    const Endpoint& ep = st_->endpoint;
    int one = 1;
    if (ep.broadcast) ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
    int ttl = ep.multicast_ttl, loop = ep.multicast_loopback ? 1 : 0;
    if (family == AF_INET) {
      unsigned char t = static_cast<unsigned char>(ttl), l = static_cast<unsigned char>(loop);
      ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, sizeof t);
      ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &l, sizeof l);
    } else {
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof ttl);
      ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop);
    }
  }

  bool handshake() {
    const Endpoint& ep = st_->endpoint;
    SSL_CTX* ctx = ep.verify_tls ? shared_tls_context() : unverified_tls_context();
    if (ep.verify_tls && !ep.ca_file.empty()) {
      auto with_ca = tls_context_with_ca_file(ep.ca_file);
      if (!with_ca)
        return fail(make_error(ErrorCode::tls_failed, "Before the TLS handshake with " + ep.host + ": " +
                                                          with_ca.error().message + "."));
      ctx = *with_ca;
    }
    ssl_ = SSL_new(ctx);
    SSL_set_fd(ssl_, fd_);
    prepare_client_ssl(ssl_, ep.host, ep.verify_tls, ep.alpn);
    for (;;) {
      ERR_clear_error();
      int rc = SSL_connect(ssl_);
      if (rc == 1) break;
      int err = SSL_get_error(ssl_, rc);
      if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        int r = wait(fd_, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline_);
        if (r < 0) return false;
        if (r == 0)
          return fail(make_error(ErrorCode::connect_timeout, "the TLS handshake with " + address_ + " timed out"));
        continue;
      }
      if (Error rejected = certificate_error(ssl_, ep.host,
                                             " To connect anyway, turn verification off (-k/--insecure, or untick "
                                             "'verify TLS certificates') only if you trust this server."))
        return fail(rejected);
      return fail(make_error(ErrorCode::tls_failed, "TLS handshake with " + address_ + " failed: " + handshake_failure_reason(ERR_peek_error())));
    }
    TlsFacts facts = tls_facts(ssl_, ep.host, ep.verify_tls);
    return deliver([&](ConnectionEvents& ev) { ev.on_secured(facts, monotonic_seconds()); });
  }

  // Reads what is available. Returns false when the connection ended (event delivered).
  // `block_ms` > 0 (plain TCP, the socket made blocking by inline_wait_readable): the first
  // recv waits up to that long for bytes, in place of a poll before it; none came: true.
  bool read_some(int block_ms = 0) {
    char buf[64 * 1024];
    for (int round = 0; round < 16; ++round) {  // bounded, so writes and timers get a turn
      ssize_t n;
      if (ssl_) {
        ERR_clear_error();
        int rc = SSL_read(ssl_, buf, sizeof buf);
        if (rc <= 0) {
          int err = SSL_get_error(ssl_, rc);
          if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return true;
          if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0) ||
              (err == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING)) {
            deliver([&](ConnectionEvents& ev) { ev.on_closed(monotonic_seconds()); });
            return false;
          }
          if (err == SSL_ERROR_SYSCALL && errno != 0) return fail(socket_error(errno, "reading from", address_));
          return fail(make_error(ErrorCode::tls_failed, "TLS error while reading from " + address_ + ": " + tls_error_text()));
        }
        n = rc;
      } else {
        const bool block = round == 0 && block_ms > 0;
        if (block && block_ms != receive_timeout_ms_) {
          timeval tv{block_ms / 1000, (block_ms % 1000) * 1000};
          if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0) {
            // Without a timeout a blocking recv could outwait the timers: poll from now on
            // (every other recv and send says MSG_DONTWAIT, so the socket may stay blocking).
            no_blocking_ = true;
            return true;
          }
          receive_timeout_ms_ = block_ms;
        }
        n = ::recv(fd_, buf, sizeof buf, block ? 0 : MSG_DONTWAIT);
        if (n < 0) {
          if (block && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            // Nothing within the wait: the caller's turn (its cancel flag), as after a poll.
            if (st_->on_wait && *st_->on_wait) (*st_->on_wait)();
            return open_still();
          }
          if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return true;
          return fail(socket_error(errno, "reading from", address_));
        }
        if (n == 0) {
          deliver([&](ConnectionEvents& ev) { ev.on_closed(monotonic_seconds()); });
          // The peer's FIN closes its half only: keep writing until close() (TCP half-close).
          eof_ = st_->endpoint.protocol == Protocol::tcp && open_still();
          return eof_;
        }
      }
      std::string_view bytes(buf, size_t(n));
      if (!deliver([&](ConnectionEvents& ev) { ev.on_data(bytes, monotonic_seconds()); })) return false;
      // A short read emptied the socket: asking again would only meet EAGAIN, one system call
      // more per message (a third of a small WebSocket round trip's). poll says when more comes.
      // (TLS may still hold decrypted bytes: pump_step looks at SSL_pending.)
      if (!ssl_ && std::size_t(n) < sizeof buf) break;
    }
    return true;
  }

  // Writes pending bytes. Returns false on a write error (event delivered).
  bool write_some() {
    while (!datagrams_.empty()) {  // UDP: each send() is one datagram, never merged or split
      const std::string& d = datagrams_.front();
      if (::send(fd_, d.data(), d.size(), MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return true;
        if (errno == EMSGSIZE)
          return fail(make_error(ErrorCode::io_error, "a datagram of " + std::to_string(d.size()) + " bytes is too large to send to " +
                                                          address_ + " (Message too long)"));
        return fail(socket_error(errno, "sending a datagram to", address_));
      }
      datagrams_.erase(datagrams_.begin());
    }
    while (!pending_.empty()) {
      ssize_t n;
      if (ssl_) {
        ERR_clear_error();
        int rc = SSL_write(ssl_, pending_.data(), int(std::min<size_t>(pending_.size(), 1 << 20)));
        if (rc <= 0) {
          int err = SSL_get_error(ssl_, rc);
          if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) return true;
          return fail(make_error(ErrorCode::tls_failed, "TLS error while writing to " + address_ + ": " + tls_error_text()));
        }
        n = rc;
      } else {
        n = ::send(fd_, pending_.data(), pending_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
          if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return true;
          return fail(socket_error(errno, "writing to", address_));
        }
      }
      pending_.erase(0, size_t(n));
    }
    return true;
  }

  // One round of the pump: write what is queued, wait (inline: at most 50 ms), read. False
  // when the connection is over.
 public:
  bool pump_step() {
    in_pump_ = true;
    {
      bool closing = false;
      {
        std::lock_guard<std::mutex> guard(*st_->lock);
        // The worker is about to write: send() must queue behind it. With nothing queued the
        // socket stays open to send(), so a request written right after the last response
        // (the keep-alive case) need not wake this thread.
        if (!st_->outbox.empty()) st_->direct_fd = -1;
        closing = st_->events == nullptr;
        if (pending_.empty()) pending_.swap(st_->outbox);  // no copy of a large write
        else pending_ += st_->outbox;
        st_->outbox.clear();
        for (std::string& d : st_->datagrams) datagrams_.push_back(std::move(d));
        st_->datagrams.clear();
        if (st_->shutdown_requested) shut_wanted_ = true;
      }
      if (closing) {
        flush_before_close();
        return false;
      }
      if (!write_some()) return false;
      if (shut_wanted_ && !shut_done_ && pending_.empty()) {
        ::shutdown(fd_, SHUT_WR);  // FIN after every byte queued before the request
        shut_done_ = true;
      }
      if (eof_) {
        // Only writes are left (or nothing): wait for them, for new bytes to send, or close().
        int r = wait(pending_.empty() ? -1 : fd_, POLLOUT, -1, /*return_on_wake=*/true);
        if (r < 0 && open_still()) return false;
        return true;
      }
      // OpenSSL may hold decrypted bytes the socket no longer signals.
      if (ssl_ && SSL_pending(ssl_) > 0) return read_some();
      if (st_->inline_mode && !ssl_ && !no_blocking_ && st_->endpoint.protocol == Protocol::tcp && pending_.empty() &&
          datagrams_.empty() && !shut_wanted_)
        return inline_wait_readable();
      int r = wait(fd_, short(POLLIN | (pending_.empty() && datagrams_.empty() ? 0 : POLLOUT)), -1, /*return_on_wake=*/true);
      if (r < 0) {
        if (open_still()) return false;  // poll itself failed
        return true;                     // closed: the next round flushes what is queued, then ends
      }
      if (r & (POLLIN | POLLHUP | POLLERR)) return read_some();
      return true;
    }
  }

 private:
  // Inline mode, plain TCP, nothing to write: wait for bytes in recv itself (a blocking socket
  // with SO_RCVTIMEO) instead of poll and then recv: one system call per message instead of
  // two, which is most of what a 100-byte WebSocket round trip costs beyond the peer's
  // (docs/benchmarks.md). Timers are served as wait() serves them; the wait is at most 50 ms,
  // so the caller's hook still runs that often. Every other recv and send says MSG_DONTWAIT.
  bool inline_wait_readable() {
    double until = -1;
    {
      std::lock_guard<std::mutex> guard(*st_->lock);
      if (!st_->events) return true;  // closed: the next round flushes what is queued, then ends
      st_->direct_fd = fd_;           // send() may write at once: nothing of ours is queued
      const double now = monotonic_seconds();
      until = st_->events->next_deadline();
      if (until >= 0 && now >= until) {
        st_->events->on_tick(now);
        return true;  // the next round sees what the tick did (closed, queued bytes)
      }
      if (until >= 0) until -= now;
    }
    if (!blocking_) {
      const int flags = ::fcntl(fd_, F_GETFL);
      if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        no_blocking_ = true;  // poll as before
        return true;
      }
      blocking_ = true;
    }
    const int ms = until < 0 ? 50 : std::clamp(int(std::ceil(until * 1000)), 1, 50);
    return read_some(ms);
  }

  // close() after send() means "send this, then close", as a socket script's last steps say:
  // the queued bytes get up to 2 s to leave, then the FIN. No events any more either way.
  void flush_before_close() {
    const double give_up = monotonic_seconds() + 2.0;
    while (!pending_.empty() || !datagrams_.empty()) {
      if (!write_some()) return;
      if (pending_.empty() && datagrams_.empty()) break;
      double left = give_up - monotonic_seconds();
      if (left <= 0) return;
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, int(left * 1000) + 1) <= 0) return;
    }
    if (!ssl_ && fd_ >= 0) ::shutdown(fd_, SHUT_WR);
  }

  struct Address {
    sockaddr_storage addr;
    socklen_t len;
    int family, socktype, protocol;
  };
  std::shared_ptr<ConnectionState> st_;
  std::vector<Address> addresses_;
  std::string address_;
  std::string pending_;
  std::vector<std::string> datagrams_;
  bool eof_ = false;          // the peer sent FIN; we may still write
  bool shut_wanted_ = false;  // shutdown_write() was asked for
  bool shut_done_ = false;
  double started_ = 0, deadline_ = 0;
  bool held_ = false;  // hold_before_connect was honoured once
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool in_pump_ = false;
  bool blocking_ = false;        // inline_wait_readable cleared O_NONBLOCK
  bool no_blocking_ = false;     // ... and could not: poll as before
  int receive_timeout_ms_ = -1;  // the SO_RCVTIMEO last set
};

class PosixConnection final : public Connection {
 public:
  explicit PosixConnection(std::shared_ptr<ConnectionState> state) : st_(std::move(state)) {}
  ~PosixConnection() override {
    // Destroyed without close(): the owner must hold the lock here too.
    if (st_->events) {
      st_->events = nullptr;
      st_->poke();
    }
  }
  void send(std::string_view bytes) override {  // caller holds the lock
    if (!st_->events) return;
    if (st_->endpoint.protocol == Protocol::udp) {
      st_->datagrams.emplace_back(bytes);  // one datagram per send()
      st_->poke();
      return;
    }
    if (st_->direct_fd >= 0 && st_->outbox.empty() && !st_->shutdown_requested) {
      // Non-blocking write on the caller's thread; what does not fit (or an error, which the
      // worker then meets and reports) goes through the worker as usual.
      // Inline mode too: the worker runs on this thread and is not between its own writes.
      if (st_->inline_mode) st_->last_used = ++inline_clock;  // the caller drives this connection next
      ssize_t n = ::send(st_->direct_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n == static_cast<ssize_t>(bytes.size())) return;
      st_->direct_fd = -1;
      if (n > 0) bytes.remove_prefix(size_t(n));
    }
    st_->outbox.append(bytes);
    if (st_->inline_mode) {
      st_->last_used = ++inline_clock;  // the caller drives this connection next
      return;
    }
    st_->poke();
  }
  bool shutdown_write() override {  // caller holds the lock
    if (st_->endpoint.protocol != Protocol::tcp || st_->endpoint.tls) return false;
    if (!st_->events) return true;
    st_->shutdown_requested = true;
    st_->poke();
    return true;
  }
  void close() override {  // caller holds the lock
    st_->events = nullptr;
    st_->poke();
  }
  void proceed() override {  // caller holds the lock
    st_->proceed = true;
    st_->poke();
  }

 private:
  std::shared_ptr<ConnectionState> st_;
};

}  // namespace

// A connection of an inline-mode transport: its worker, run by whoever calls run_until().
struct PosixTransport::InlineConnection {
  std::shared_ptr<ConnectionState> state;
  Worker worker;
  bool set_up = false;
  explicit InlineConnection(std::shared_ptr<ConnectionState> st) : state(st), worker(std::move(st)) {}
};

PosixTransport::PosixTransport(std::shared_ptr<std::mutex> events_lock, std::function<void()> wake, Mode mode)
    : lock_(std::move(events_lock)), wake_(std::move(wake)), mode_(mode) {}

PosixTransport::~PosixTransport() {
  for (auto& c : inline_) c->worker.finish();  // the connections were closed by their owners
}

void PosixTransport::set_inline_wait_hook(std::function<void()> hook) { inline_wait_hook_ = std::move(hook); }

void PosixTransport::reap_inline(bool check_idle) {
  for (std::size_t i = 0; i < inline_.size();) {
    InlineConnection& c = *inline_[i];
    bool open;
    {
      std::lock_guard<std::mutex> guard(*lock_);
      open = c.state->events != nullptr;
    }
    if (open && check_idle && c.set_up) open = c.worker.check_idle();
    if (open) {
      ++i;
      continue;
    }
    if (c.set_up) {
      // Closed by its owner: what was queued still leaves ("send, then close"), as a worker
      // thread would do.
      while (c.worker.pump_step()) {
      }
    }
    c.worker.finish();
    inline_.erase(inline_.begin() + std::ptrdiff_t(i));
  }
}

void PosixTransport::check_idle_connections() {
  if (mode_ == Mode::inline_poll) reap_inline(/*check_idle=*/true);
}

void PosixTransport::run_until(const std::function<bool()>& done) {
  for (;;) {
    if (done()) return;
    reap_inline(/*check_idle=*/false);
    // The connection most recently opened or written to is the one an answer is due on.
    InlineConnection* next = nullptr;
    {
      std::lock_guard<std::mutex> guard(*lock_);
      for (auto& c : inline_)
        if (c->state->events && (!next || c->state->last_used > next->state->last_used)) next = c.get();
    }
    if (!next) return;  // nothing left to drive: the caller falls back to waiting
    if (!next->set_up) {
      next->set_up = true;
      if (!next->worker.setup()) {
        std::lock_guard<std::mutex> guard(*lock_);
        next->state->events = nullptr;  // failed (event delivered): nothing more to do on it
      }
      continue;
    }
    if (!next->worker.pump_step()) {
      std::lock_guard<std::mutex> guard(*lock_);
      next->state->events = nullptr;
    }
  }
}

std::unique_ptr<Connection> PosixTransport::open(const Endpoint& endpoint, ConnectionEvents& events) {
  auto st = std::make_shared<ConnectionState>();
  st->lock = lock_;
  st->wake = wake_;
  st->endpoint = endpoint;
  st->events = &events;
  if (::pipe2(st->wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    events.on_error(make_error(ErrorCode::io_error, std::string("cannot create a pipe: ") + std::strerror(errno)), now());
    st->events = nullptr;
    return std::make_unique<PosixConnection>(st);
  }
  if (mode_ == Mode::inline_poll) {
    st->inline_mode = true;
    st->on_wait = &inline_wait_hook_;
    st->last_used = ++inline_clock;
    inline_.push_back(std::make_unique<InlineConnection>(st));
    return std::make_unique<PosixConnection>(st);
  }
  ++*live_;
  std::thread([st, live = live_] {
    Worker(st).run();
    --*live;
  }).detach();
  return std::make_unique<PosixConnection>(st);
}

bool PosixTransport::wait_until_idle(double seconds) const {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (live_->load() > 0) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

double PosixTransport::now() const { return monotonic_seconds(); }

std::int64_t PosixTransport::unix_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ExchangeLog perform_blocking(HttpExchange exchange, const volatile bool* cancel_requested) {
  // Inline: the calling thread does the I/O itself (no worker thread, no hand-off).
  auto lock = std::make_shared<std::mutex>();
  PosixTransport transport(lock, {}, PosixTransport::Mode::inline_poll);
  std::unique_lock<std::mutex> guard(*lock);
  HttpCall call(transport, std::move(exchange));
  call.start();
  guard.unlock();
  auto check_cancel = [&] {
    std::lock_guard<std::mutex> hold(*lock);
    if (cancel_requested && *cancel_requested) call.cancel();
    return call.finished();
  };
  transport.set_inline_wait_hook([&] { check_cancel(); });
  transport.run_until(check_cancel);
  guard.lock();
  while (!call.finished()) {  // nothing left to drive (cannot happen unless cancelled): wait
    guard.unlock();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    guard.lock();
    if (cancel_requested && *cancel_requested) call.cancel();
  }
  return call.take_log();  // moved, not copied: a large response is held once
}

}  // namespace wirepad::native
