// native: the chaos lab server. Each behaviour is a short function that writes exactly the
// bytes (and does exactly the socket tricks) its description promises.
//
// [SECTION] Peer: one accepted connection, with sends and pauses that give up on stop()
// [SECTION] Behaviours: the table GET / lists
// [SECTION] ChaosServer: listeners, the accept loop, a thread per connection
#include "native/chaos_server.h"
#include "native/chaos_h2.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>

namespace wirepad::native {
namespace {

// =============================================================================================
// [SECTION] Peer

class Peer {
 public:
  Peer(int fd, int stop_fd, int port, int slow_port) : fd_(fd), stop_fd_(stop_fd), port_(port), slow_port_(slow_port) {}
  ~Peer() {
    if (fd_ >= 0) ::close(fd_);
  }
  int port() const { return port_; }
  int slow_accept_port() const { return slow_port_; }

  // Sends everything; false once the client is gone or the server stops.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      if (!wait(POLLOUT, -1)) return false;
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return false;
      }
      bytes.remove_prefix(std::size_t(n));
    }
    return true;
  }
  // Sleeps; false when the server stops meanwhile.
  bool pause(int milliseconds) {
    pollfd p{stop_fd_, POLLIN, 0};
    return ::poll(&p, 1, milliseconds) == 0;
  }
  // Waits until the client closes its side (or the server stops), discarding what it sends.
  void wait_for_client_close() {
    char buf[4096];
    while (wait(POLLIN, -1)) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return;
    }
  }
  // Closes with an RST instead of a FIN: SO_LINGER with a zero timeout (RFC 9293 §3.10.7.1
  // calls this an abort), the way a crashing server or a middlebox ends a connection.
  void reset() {
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd_);
    fd_ = -1;
  }
  // Reads the request head (up to the blank line). Returns the request target, "" when the
  // client sent nothing usable; sets `tls` when the first byte is a TLS handshake record.
  std::string read_request_target(bool& tls) {
    std::string& head = received_;
    char buf[4096];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (head.size() < 64 * 1024) {
      int left = int(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
      if (left <= 0 || !wait(POLLIN, left)) return {};
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return {};
      head.append(buf, std::size_t(n));
      if (head[0] == '\x16') {  // TLS record type 22, handshake (RFC 8446 §5.1): a ClientHello
        tls = true;
        return {};
      }
      if (head.find("\r\n\r\n") != std::string::npos || head.find("\n\n") != std::string::npos) break;
    }
    // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
    std::size_t sp = head.find(' ');
    if (sp == std::string::npos) return {};
    std::size_t end = head.find_first_of(" \r\n", sp + 1);
    if (end == std::string::npos) return {};
    return head.substr(sp + 1, end - sp - 1);
  }

  // Everything read_request_target read (an HTTP/2 client's preface and first frames too).
  const std::string& received() const { return received_; }
  // What arrives within `timeout_ms`; "" when the client closed, the time passed or the server stops.
  std::string receive_some(int timeout_ms) {
    char buf[16384];
    for (;;) {
      if (!wait(POLLIN, timeout_ms)) return {};
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return {};
      return std::string(buf, std::size_t(n));
    }
  }

 private:
  // Waits for `events` on the connection; false on stop, timeout or a hang-up while writing.
  bool wait(short events, int timeout_ms) {
    pollfd fds[2] = {{fd_, events, 0}, {stop_fd_, POLLIN, 0}};
    for (;;) {
      int n = ::poll(fds, 2, timeout_ms);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || fds[1].revents) return false;
      if (events == POLLOUT && (fds[0].revents & (POLLERR | POLLHUP))) return false;
      return true;
    }
  }
  std::string received_;
  int fd_;
  int stop_fd_;
  int port_;
  int slow_port_;
};

// =============================================================================================
// [SECTION] Behaviours

const std::string kBody = "The chaos lab says hello.\n";

void ok(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(kBody.size()) +
         "\r\nConnection: close\r\n\r\n" + kBody);
}

void truncated_chunk(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
         "100\r\nonly forty bytes of a 256-byte chunk....");
}

void bad_chunk_size(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
}

void negative_content_length(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Length: -5\r\nConnection: close\r\n\r\nhello");
}

void huge_content_length(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\nConnection: close\r\n\r\nhello");
}

void cl_and_te(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
         "5\r\nhello\r\n0\r\n\r\n");
}

void two_content_lengths(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\nConnection: close\r\n\r\nhello, ");
}

void header_over_64k(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\nContent-Length: 0\r\n\r\n");
}

void ten_thousand_headers(Peer& p) {
  std::string out = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 10000; ++i) out += "X-" + std::to_string(i) + ": 1\r\n";
  out += "Content-Length: 0\r\n\r\n";
  p.send(out);
}

void bare_lf(Peer& p) { p.send("HTTP/1.1 200 OK\nContent-Length: 5\nConnection: close\n\nhello"); }

void no_reason_phrase(Peer& p) { p.send("HTTP/1.1 200\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"); }

void http09(Peer& p) { p.send("<html><body>An HTTP/0.9 reply: no status line, no headers.</body></html>\n"); }

void invalid_status(Peer& p) { p.send("HTTP/1.1 2OO OK\r\nContent-Length: 5\r\n\r\nhello"); }

void interim_flood(Peer& p) {
  const std::string interim = "HTTP/1.1 102 Processing\r\n\r\n";
  std::string burst;
  for (int i = 0; i < 256; ++i) burst += interim;
  while (p.send(burst)) {
  }
}

void interim_then_ok(Peer& p) {
  p.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
         "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
}

void reset_mid_body(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + std::string(100, 'x'));
  // Let the client read the first part before the RST arrives: on Linux an RST makes the
  // receiver's pending data unreadable.
  if (p.pause(300)) p.reset();
}

void close_before_headers(Peer&) {}  // the Peer closes the connection on return

void close_mid_headers(Peer& p) { p.send("HTTP/1.1 200 OK\r\nContent-Ty"); }

void truncated_body(Peer& p) { p.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten.."); }

void never_ending_body(Peer& p) {
  if (!p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) return;
  // 16 KiB every 10 ms (1.6 MB/s): endless, but gentle on the client's memory.
  std::string chunk = "4000\r\n" + std::string(0x4000, 'z') + "\r\n";
  while (p.send(chunk) && p.pause(10)) {
  }
}

void trickle(Peer& p) {
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\none byte per second, forty of them......";
  for (char c : response)
    if (!p.send(std::string_view(&c, 1)) || !p.pause(1000)) return;
}

void stall_mid_body(Peer& p) {
  if (p.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes.")) p.wait_for_client_close();
}

void no_response(Peer& p) { p.wait_for_client_close(); }

void gzip_that_lies(Peer& p) {
  const std::string body = "this is plain text, not gzip";
  p.send("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body);
}

void garbage(Peer& p) {
  std::string bytes(512, '\0');
  std::uint32_t x = 2463534242u;  // xorshift32, fixed seed: the same garbage every time
  for (char& c : bytes) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = char(x & 0xff);
  }
  bytes[0] = '\x8f';  // never 'H', never a TLS record type
  p.send(bytes);
}

// A TLS alert record: fatal handshake_failure (RFC 8446 §6, alert 40), in a TLS 1.0 record.
const std::string kTlsHandshakeFailure("\x15\x03\x01\x00\x02\x02\x28", 7);

void tls_alert(Peer& p) { p.send(kTlsHandshakeFailure); }

void tls_handshake_failure(Peer& p) {
  // Over plain HTTP this path only explains itself; the behaviour is what any ClientHello gets.
  const std::string body = "Use https:// for this path: the chaos server answers every TLS ClientHello with a "
                           "handshake_failure alert.\n";
  p.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body);
}

void slow_accept(Peer& p) {
  const std::string body = "Connect to http://127.0.0.1:" + std::to_string(p.slow_accept_port()) +
                           "/ instead: that listener's accept queue is full and it never accepts, so connecting "
                           "to it times out.\n";
  p.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body);
}

void chunk_extension_bomb(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=" + std::string(8 * 1024, 'e') +
         "\r\nhello\r\n0\r\n\r\n");
}

void huge_chunk_size(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n0\r\n\r\n");
}

void chunk_overrun(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n");
}

void obs_fold(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nX-Folded: first part\r\n  second part\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
}

void bare_cr(Peer& p) { p.send("HTTP/1.1 200 OK\r\nX-Cr: a\rb\r\nContent-Length: 2\r\n\r\nok"); }

void nul_in_header(Peer& p) {
  static const char response[] = "HTTP/1.1 200 OK\r\nX-Nul: a\0b\r\nContent-Length: 2\r\n\r\nok";
  p.send(std::string_view(response, sizeof response - 1));
}

void space_before_colon(Peer& p) { p.send("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok"); }

void http2_reply(Peer& p) { p.send("HTTP/2 200\r\ncontent-length: 2\r\n\r\nok"); }

void no_framing(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nno Content-Length, no chunks: the body ends when the "
         "connection does.\n");
}

void body_after_204(Peer& p) {
  p.send("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
}

void unknown_transfer_coding(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\nnot really gzip either");
}

void trailers_over_64k(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Trailer: " +
         std::string(70 * 1024, 't') + "\r\n\r\n");
}

void content_length_too_short(Peer& p) {
  p.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabcdef");
}

struct Entry {
  ChaosBehaviour behaviour;
  void (*run)(Peer&);
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> table = {
      {{"/ok", "a well-formed 200 with Content-Length: the control experiment"}, ok},
      {{"/truncated-chunk", "chunked; a 256-byte chunk stops after 40 bytes and the connection closes"}, truncated_chunk},
      {{"/bad-chunk-size", "chunked; the chunk size line is 'zz', not hexadecimal"}, bad_chunk_size},
      {{"/negative-content-length", "Content-Length: -5"}, negative_content_length},
      {{"/huge-content-length", "Content-Length: 99999999999999999999999 (more than 64 bits)"}, huge_content_length},
      {{"/cl-and-te", "both Content-Length: 3 and Transfer-Encoding: chunked (a request smuggling pattern)"}, cl_and_te},
      {{"/two-content-lengths", "Content-Length: 5 and Content-Length: 7 in the same response"}, two_content_lengths},
      {{"/header-over-64k", "one header field of 70 KiB"}, header_over_64k},
      {{"/ten-thousand-headers", "10 000 header fields"}, ten_thousand_headers},
      {{"/bare-lf", "every line ends with LF instead of CRLF"}, bare_lf},
      {{"/no-reason-phrase", "status line 'HTTP/1.1 200' with no space and no reason phrase"}, no_reason_phrase},
      {{"/http09", "an HTTP/0.9 reply: the body alone, no status line, no headers"}, http09},
      {{"/invalid-status", "status line 'HTTP/1.1 2OO OK' (letters O, not zeros)"}, invalid_status},
      {{"/interim-flood", "'102 Processing' interim responses, without end"}, interim_flood},
      {{"/interim-then-ok", "100 Continue, then 103 Early Hints, then 200"}, interim_then_ok},
      {{"/reset-mid-body", "100 of 1000 body bytes, then a TCP reset (SO_LINGER 0)"}, reset_mid_body},
      {{"/close-before-headers", "reads the request and closes without a byte"}, close_before_headers},
      {{"/close-mid-headers", "closes in the middle of a header line"}, close_mid_headers},
      {{"/truncated-body", "Content-Length: 100, sends 10 bytes and closes"}, truncated_body},
      {{"/never-ending-body", "a chunked body that never ends (16 KiB every 10 ms)"}, never_ending_body},
      {{"/trickle", "the whole response at 1 byte per second"}, trickle},
      {{"/stall-mid-body", "10 of 100 body bytes, then silence with the connection open"}, stall_mid_body},
      {{"/no-response", "reads the request and never answers"}, no_response},
      {{"/gzip-that-lies", "Content-Encoding: gzip over a plain-text body"}, gzip_that_lies},
      {{"/garbage", "512 bytes of binary noise instead of a response"}, garbage},
      {{"/tls-alert", "answers plain HTTP with a TLS handshake_failure alert record"}, tls_alert},
      {{"/tls-handshake-failure", "over https://, any ClientHello gets a handshake_failure alert"},
       tls_handshake_failure},
      {{"/slow-accept", "names a second port whose full accept queue makes connect() time out"}, slow_accept},
      {{"/chunk-extension-bomb", "a chunk size line with 8 KiB of chunk extensions"}, chunk_extension_bomb},
      {{"/huge-chunk-size", "chunk size ffffffffffffffffff (more than 64 bits)"}, huge_chunk_size},
      {{"/chunk-overrun", "a chunk of size 3 carrying 5 bytes"}, chunk_overrun},
      {{"/obs-fold", "a header value folded onto a second line (obsolete line folding)"}, obs_fold},
      {{"/bare-cr", "a carriage return alone inside a header value"}, bare_cr},
      {{"/nul-in-header", "a NUL byte inside a header value"}, nul_in_header},
      {{"/space-before-colon", "'Content-Length : 2' (whitespace before the colon)"}, space_before_colon},
      {{"/http2-reply", "status line 'HTTP/2 200' on an HTTP/1.1 connection"}, http2_reply},
      {{"/no-framing", "neither Content-Length nor chunked: the body ends at close"}, no_framing},
      {{"/body-after-204", "204 No Content followed by 5 body bytes anyway"}, body_after_204},
      {{"/unknown-transfer-coding", "Transfer-Encoding: gzip (not chunked): read until close"}, unknown_transfer_coding},
      {{"/trailers-over-64k", "chunked, with a 70 KiB trailer field"}, trailers_over_64k},
      {{"/content-length-too-short", "Content-Length: 3 followed by 6 bytes"}, content_length_too_short},
  };
  return table;
}

std::string index_text(const Peer& p) {
  std::string body = "Wirepad chaos lab: a server that misbehaves on purpose. Each path below does one thing wrong.\n"
                     "The /h2/ paths speak HTTP/2 to a client with prior knowledge (wirepad send --http2-prior-knowledge).\n\n";
  std::size_t width = 0;
  for (const ChaosBehaviour& b : chaos_behaviours()) width = std::max(width, b.path.size());
  for (const ChaosBehaviour& b : chaos_behaviours())
    body += "  " + std::string(b.path) + std::string(width + 2 - b.path.size(), ' ') + std::string(b.description) + "\n";
  body += "\nslow-accept port: " + std::to_string(p.slow_accept_port()) + "\n";
  return body;
}

void index_page(Peer& p) {
  const std::string body = index_text(p);
  p.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body);
}

void not_found(Peer& p, const std::string& target) {
  const std::string body = "No chaos behaviour at '" + target + "'; GET / lists them.\n";
  p.send("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body);
}

void serve(Peer& p) {
  bool tls = false;
  std::string target = p.read_request_target(tls);
  if (tls) {
    p.send(kTlsHandshakeFailure);
    return;
  }
  if (target.empty()) return;
  if (starts_h2_preface(p.received())) {  // "PRI * HTTP/2.0": prior knowledge (chaos_h2.h)
    H2ChaosConnection connection{[&p](std::string_view bytes) { return p.send(bytes); },
                                 [&p] { return p.receive_some(10000); }, [&p] { p.wait_for_client_close(); }};
    return serve_h2_chaos(connection, p.received(), index_text(p));
  }
  std::string path = target.substr(0, target.find('?'));
  if (path == "/") return index_page(p);
  for (const Entry& e : entries())
    if (e.behaviour.path == path) return e.run(p);
  not_found(p, target);
}

// A listening socket on bind:port with `backlog`; -1 and `why` on failure.
int listen_on(const std::string& bind, int port, int backlog, std::string& why, int& bound) {
  sockaddr_storage storage{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, bind.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(std::uint16_t(port));
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, bind.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(std::uint16_t(port));
    len = sizeof *v6;
  } else {
    why = "'" + bind + "' is not an IPv4 or IPv6 address";
    return -1;
  }
  int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    why = std::string("cannot create a socket: ") + std::strerror(errno);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), len) != 0 || ::listen(fd, backlog) != 0) {
    why = errno == EADDRINUSE ? "port " + std::to_string(port) + " is in use"
                              : "cannot listen on " + bind + ":" + std::to_string(port) + ": " + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  socklen_t got = sizeof storage;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &got);
  bound = ntohs(storage.ss_family == AF_INET6 ? v6->sin6_port : v4->sin_port);
  return fd;
}

}  // namespace

const std::vector<ChaosBehaviour>& chaos_behaviours() {
  static const std::vector<ChaosBehaviour> list = [] {
    std::vector<ChaosBehaviour> out;
    for (const Entry& e : entries()) out.push_back(e.behaviour);
    for (const ChaosBehaviour& b : h2_chaos_behaviours()) out.push_back(b);
    return out;
  }();
  return list;
}

// =============================================================================================
// [SECTION] ChaosServer

struct ChaosServer::Impl {
  int listen_fd = -1;
  int slow_fd = -1;
  std::vector<int> slow_fillers;  // connections that keep the slow listener's queue full
  int port = 0;
  int slow_port = 0;
  int stop_pipe[2] = {-1, -1};
  std::thread accept_thread;
  struct Connection {
    std::thread thread;
    std::atomic<bool> finished{false};
  };
  std::mutex connections_mutex;
  std::list<Connection> connections;

  void reap_finished() {
    std::lock_guard<std::mutex> guard(connections_mutex);
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->finished) {
        it->thread.join();
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  void accept_loop() {
    for (;;) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {stop_pipe[0], POLLIN, 0}};
      int n = ::poll(fds, 2, -1);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 || fds[1].revents) return;
      int client = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      reap_finished();
      std::lock_guard<std::mutex> guard(connections_mutex);
      Connection& c = connections.emplace_back();
      c.thread = std::thread([this, client, &c] {
        {
          Peer peer(client, stop_pipe[0], port, slow_port);
          serve(peer);
        }
        c.finished = true;
      });
    }
  }

  // Linux drops a SYN while a listener's accept queue is full (backlog 0 holds one
  // connection), so after one filler connection every further connect() times out.
  bool open_slow_listener(const std::string& bind) {
    std::string why;
    slow_fd = listen_on(bind, 0, 0, why, slow_port);
    if (slow_fd < 0) return false;
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ::getsockname(slow_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    int filler = ::socket(addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (filler >= 0 && ::connect(filler, reinterpret_cast<sockaddr*>(&addr), len) == 0) {
      slow_fillers.push_back(filler);
      return true;
    }
    if (filler >= 0) ::close(filler);
    return false;
  }
};

ChaosServer::ChaosServer() : impl_(std::make_unique<Impl>()) {}
ChaosServer::~ChaosServer() { stop(); }

bool ChaosServer::start(int port, std::string* why, const std::string& bind) {
  stop();
  Impl& s = *impl_;
  std::string reason;
  s.listen_fd = listen_on(bind, port, 128, reason, s.port);
  if (s.listen_fd < 0) {
    if (why) *why = reason;
    s.port = 0;
    return false;
  }
  if (::pipe2(s.stop_pipe, O_CLOEXEC) != 0) {
    if (why) *why = std::string("cannot create a pipe: ") + std::strerror(errno);
    ::close(s.listen_fd);
    s.listen_fd = -1;
    s.port = 0;
    return false;
  }
  if (!s.open_slow_listener(bind)) s.slow_port = 0;
  s.accept_thread = std::thread([&s] { s.accept_loop(); });
  return true;
}

int ChaosServer::port() const { return impl_->port; }
int ChaosServer::slow_accept_port() const { return impl_->slow_port; }

void ChaosServer::stop() {
  Impl& s = *impl_;
  if (s.stop_pipe[1] >= 0) {
    char c = 1;
    [[maybe_unused]] auto n = ::write(s.stop_pipe[1], &c, 1);
  }
  if (s.accept_thread.joinable()) s.accept_thread.join();
  {
    std::lock_guard<std::mutex> guard(s.connections_mutex);
    for (auto& c : s.connections) c.thread.join();
    s.connections.clear();
  }
  for (int fd : s.slow_fillers) ::close(fd);
  s.slow_fillers.clear();
  for (int* fd : {&s.listen_fd, &s.slow_fd, &s.stop_pipe[0], &s.stop_pipe[1]}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
  s.port = 0;
  s.slow_port = 0;
}

}  // namespace wirepad::native
