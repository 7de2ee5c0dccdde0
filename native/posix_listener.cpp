// native: posix_listener.h.
#include "native/posix_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <algorithm>
#include <map>
#include <thread>
#include <vector>

namespace wirepad::native {
namespace {

double monotonic_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::string address_text(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (a.ss_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
  inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
  return "[" + std::string(host) + "]:" + std::to_string(ntohs(v6->sin6_port));
}

bool literal(const std::string& host, int port, sockaddr_storage& out, socklen_t& len) {
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(port));
    len = sizeof *v4;
    return true;
  }
  if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(port));
    len = sizeof *v6;
    return true;
  }
  return false;
}

Error os_error(const std::string& what) { return make_error(ErrorCode::io_error, what + ": " + std::strerror(errno)); }

ListenPeer new_peer(int id, const std::string& address) {
  ListenPeer p;
  p.id = id;
  p.address = address;
  return p;
}

constexpr std::size_t kMaxPeers = 64;                  // connections/peers shown; more are refused
constexpr std::size_t kMaxTranscriptBytes = 8u << 20;  // per peer; beyond it bytes are counted only

}  // namespace

struct PosixListener::State {
  std::mutex m;
  std::function<void()> wake;
  ListenLog log;
  double started = 0;
  int fd = -1;  // the listening / bound socket
  int family = AF_INET;
  int wake_pipe[2] = {-1, -1};
  bool stopping = false;
  std::thread worker;
  struct Peer {
    int fd = -1;  // TCP only
    sockaddr_storage addr{};
    socklen_t len = 0;
    bool close_requested = false;
  };
  std::map<int, Peer> peers;  // by ListenPeer::id
  int next_id = 1;

  double rel() const { return monotonic_seconds() - started; }
  void event(std::string text, bool error = false) {
    log.events.push_back({error ? TranscriptEntry::Kind::error : TranscriptEntry::Kind::event, rel(), {}, std::move(text)});
  }
  ListenPeer* peer_log(int id) {
    for (ListenPeer& p : log.peers)
      if (p.id == id) return &p;
    return nullptr;
  }
  void poke() {
    char c = 1;
    [[maybe_unused]] auto n = ::write(wake_pipe[1], &c, 1);
  }
  void notify() {
    if (wake) wake();
  }
  ~State() {
    for (int f : wake_pipe)
      if (f >= 0) ::close(f);
  }

  void received(ListenPeer& p, const char* data, std::size_t n) {
    p.bytes_received += n;
    if (p.bytes_received <= kMaxTranscriptBytes) p.transcript.push_back({TranscriptEntry::Kind::received, rel(), std::string(data, n), {}});
    else if (p.bytes_received - n <= kMaxTranscriptBytes)
      p.transcript.push_back({TranscriptEntry::Kind::event, rel(), {}, "more than 8 MiB arrived: further bytes are counted, not kept"});
  }

  // The worker: accept / receive until stopping. Takes the lock for every change.
  void run() {
    const bool udp = log.request.protocol == Protocol::udp;
    std::vector<char> buf(65536);
    for (;;) {
      std::vector<pollfd> fds;
      std::vector<int> ids;
      {
        std::lock_guard<std::mutex> guard(m);
        if (stopping) break;
        for (auto it = peers.begin(); it != peers.end();) {
          if (it->second.close_requested && it->second.fd >= 0) {
            ::close(it->second.fd);
            it->second.fd = -1;
            if (ListenPeer* p = peer_log(it->first)) {
              p->open = false;
              p->transcript.push_back({TranscriptEntry::Kind::event, rel(), {}, "closed by you"});
            }
          }
          ++it;
        }
        fds.push_back({wake_pipe[0], POLLIN, 0});
        ids.push_back(0);
        fds.push_back({fd, POLLIN, 0});
        ids.push_back(-1);
        for (auto& [id, peer] : peers)
          if (peer.fd >= 0) {
            ListenPeer* p = peer_log(id);
            if (p && !p->peer_finished) {
              fds.push_back({peer.fd, POLLIN, 0});
              ids.push_back(id);
            }
          }
      }
      int n = ::poll(fds.data(), fds.size(), 1000);
      if (n < 0 && errno != EINTR) break;
      if (n <= 0) continue;
      if (fds[0].revents & POLLIN) {
        char drain[64];
        [[maybe_unused]] auto r = ::read(wake_pipe[0], drain, sizeof drain);
      }
      bool changed = false;
      if (fds[1].revents & POLLIN) {
        sockaddr_storage from{};
        socklen_t from_len = sizeof from;
        if (udp) {
          ssize_t got = ::recvfrom(fd, buf.data(), buf.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&from), &from_len);
          if (got >= 0) {
            std::lock_guard<std::mutex> guard(m);
            std::string who = address_text(from);
            ListenPeer* p = nullptr;
            for (ListenPeer& candidate : log.peers)
              if (candidate.address == who) p = &candidate;
            if (!p && log.peers.size() < kMaxPeers) {
              int id = next_id++;
              peers[id] = Peer{-1, from, from_len, false};
              log.peers.push_back(new_peer(id, who));
              p = &log.peers.back();
              p->transcript.push_back({TranscriptEntry::Kind::event, rel(), {}, "first datagram from " + who});
            }
            if (p) {
              ++p->datagrams_received;
              received(*p, buf.data(), std::size_t(got));
            }
            changed = true;
          }
        } else {
          int c = ::accept4(fd, reinterpret_cast<sockaddr*>(&from), &from_len, SOCK_CLOEXEC | SOCK_NONBLOCK);
          if (c >= 0) {
            std::lock_guard<std::mutex> guard(m);
            std::string who = address_text(from);
            if (log.peers.size() >= kMaxPeers) {
              ::close(c);
              event("refused a connection from " + who + ": " + std::to_string(kMaxPeers) + " connections are shown at most; stop and listen again");
            } else {
              int id = next_id++;
              peers[id] = Peer{c, from, from_len, false};
              log.peers.push_back(new_peer(id, who));
              log.peers.back().transcript.push_back({TranscriptEntry::Kind::event, rel(), {}, "accepted a connection from " + who});
            }
            changed = true;
          }
        }
      }
      for (std::size_t i = 2; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        ssize_t got = ::recv(fds[i].fd, buf.data(), buf.size(), MSG_DONTWAIT);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        std::lock_guard<std::mutex> guard(m);
        ListenPeer* p = peer_log(ids[i]);
        if (!p) continue;
        changed = true;
        if (got > 0) {
          received(*p, buf.data(), std::size_t(got));
        } else if (got == 0) {
          p->peer_finished = true;
          p->transcript.push_back({TranscriptEntry::Kind::event, rel(), {}, "the peer finished sending (FIN); you can still reply, then close"});
          if (p->write_shut) peers[ids[i]].close_requested = true;
        } else {
          p->transcript.push_back({TranscriptEntry::Kind::error, rel(), {}, std::string("receive failed: ") + std::strerror(errno)});
          peers[ids[i]].close_requested = true;
        }
      }
      if (changed) notify();
    }
    std::lock_guard<std::mutex> guard(m);
    for (auto& [id, peer] : peers)
      if (peer.fd >= 0) {
        ::close(peer.fd);
        peer.fd = -1;
      }
    for (ListenPeer& p : log.peers)
      if (log.request.protocol == Protocol::tcp) p.open = false;
    if (fd >= 0) ::close(fd);
    fd = -1;
    log.listening = false;
    event("stopped listening");
  }
};

PosixListener::PosixListener(std::function<void()> wake) : st_(std::make_shared<State>()) { st_->wake = std::move(wake); }

PosixListener::~PosixListener() { stop(); }

void PosixListener::stop() {
  std::thread worker;
  {
    std::lock_guard<std::mutex> guard(st_->m);
    if (!st_->worker.joinable()) return;
    st_->stopping = true;
    st_->poke();
    worker = std::move(st_->worker);
  }
  worker.join();
}

Error PosixListener::start(const ListenRequest& request) {
  stop();
  auto st = std::make_shared<State>();
  st->wake = st_->wake;
  st->log.request = request;
  st->started = monotonic_seconds();
  const bool udp = request.protocol == Protocol::udp;
  const std::string where = (request.bind.find(':') != std::string::npos ? "[" + request.bind + "]" : request.bind) + ":" +
                            std::to_string(request.port);
  auto refuse = [&](Error e) {
    st->log.error = e;
    st->event(e.message, true);
    st_ = st;
    return e;
  };
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (!literal(request.bind, request.port, addr, len))
    return refuse(make_error(ErrorCode::invalid_request, "'" + request.bind + "' is not an address to listen on: use 0.0.0.0 (every IPv4 "
                                                         "address), :: (every IPv6 address) or one of this machine's addresses"));
  if (::pipe2(st->wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return refuse(os_error("cannot create a pipe"));
  st->family = addr.ss_family;
  st->fd = ::socket(addr.ss_family, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (st->fd < 0) return refuse(os_error("cannot create a socket"));
  int one = 1;
  ::setsockopt(st->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (udp && request.broadcast) ::setsockopt(st->fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);
  if (::bind(st->fd, reinterpret_cast<sockaddr*>(&addr), len) != 0) {
    int err = errno;
    ::close(st->fd);
    st->fd = -1;
    errno = err;
    std::string hint = err == EADDRINUSE    ? " (another program listens there: pick another port, or 0 for any free one)"
                       : err == EACCES       ? " (ports below 1024 need root: pick one above 1023)"
                       : err == EADDRNOTAVAIL ? " (that address is not one of this machine's)"
                                              : "";
    return refuse(make_error(ErrorCode::io_error, "cannot bind " + where + ": " + std::strerror(err) + hint));
  }
  if (!udp && ::listen(st->fd, 16) != 0) {
    Error e = os_error("cannot listen on " + where);
    ::close(st->fd);
    st->fd = -1;
    return refuse(e);
  }
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  ::getsockname(st->fd, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  st->log.bound = address_text(bound);
  st->log.listening = true;
  st->event(std::string(udp ? "UDP socket bound to " : "TCP listening on ") + st->log.bound +
            (udp ? ": every datagram sent here appears below, by sender" : ": every connection appears below"));
  st->worker = std::thread([raw = st.get()] { raw->run(); });
  std::lock_guard<std::mutex> guard(st->m);
  st_ = st;
  return {};
}

Error PosixListener::send(int id, std::string_view bytes) {
  std::lock_guard<std::mutex> guard(st_->m);
  auto it = st_->peers.find(id);
  ListenPeer* p = st_->peer_log(id);
  auto fail = [&](Error e) {
    st_->log.error = e;
    if (p) p->transcript.push_back({TranscriptEntry::Kind::error, st_->rel(), {}, e.message});
    return e;
  };
  if (it == st_->peers.end() || !p) return fail(make_error(ErrorCode::invalid_request, "no such connection"));
  if (!st_->log.listening) return fail(make_error(ErrorCode::invalid_request, "the listener was stopped; listen again"));
  ssize_t n;
  if (st_->log.request.protocol == Protocol::udp) {
    if (bytes.size() > kMaxUdpPayload)
      return fail(make_error(ErrorCode::invalid_request, std::to_string(bytes.size()) + " bytes do not fit in one UDP datagram (at most " +
                                                            std::to_string(kMaxUdpPayload) + ")"));
    n = ::sendto(st_->fd, bytes.data(), bytes.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&it->second.addr), it->second.len);
  } else {
    if (it->second.fd < 0 || !p->open) return fail(make_error(ErrorCode::invalid_request, "this connection is closed"));
    if (p->write_shut) return fail(make_error(ErrorCode::invalid_request, "this side already sent FIN (shutdown): it cannot send any more"));
    n = ::send(it->second.fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  }
  if (n < 0) return fail(make_error(errno == EPIPE || errno == ECONNRESET ? ErrorCode::connection_reset : ErrorCode::io_error,
                                    "sending to " + p->address + " failed: " + std::strerror(errno)));
  st_->log.error = {};
  p->bytes_sent += std::size_t(n);
  p->transcript.push_back({TranscriptEntry::Kind::sent, st_->rel(), std::string(bytes.substr(0, std::size_t(n))), {}});
  if (std::size_t(n) < bytes.size())
    return fail(make_error(ErrorCode::io_error, "only " + std::to_string(n) + " of " + std::to_string(bytes.size()) +
                                                    " bytes went out: the peer is not reading (its receive window is full)"));
  return {};
}

Error PosixListener::shutdown_write(int id) {
  std::lock_guard<std::mutex> guard(st_->m);
  auto it = st_->peers.find(id);
  ListenPeer* p = st_->peer_log(id);
  if (it == st_->peers.end() || !p || it->second.fd < 0 || st_->log.request.protocol != Protocol::tcp)
    return st_->log.error = make_error(ErrorCode::invalid_request, "half-close needs an open TCP connection");
  ::shutdown(it->second.fd, SHUT_WR);
  p->write_shut = true;
  p->transcript.push_back({TranscriptEntry::Kind::event, st_->rel(), {}, "sent FIN (shutdown write): the peer reads EOF"});
  if (p->peer_finished) it->second.close_requested = true;
  st_->poke();
  return {};
}

Error PosixListener::close_peer(int id) {
  std::lock_guard<std::mutex> guard(st_->m);
  auto it = st_->peers.find(id);
  if (it == st_->peers.end() || it->second.fd < 0) return st_->log.error = make_error(ErrorCode::invalid_request, "this connection is closed already");
  it->second.close_requested = true;
  st_->poke();
  return {};
}

namespace {

Error membership(int fd, int family, const std::string& group, const std::string& interface_name, bool join) {
  sockaddr_storage g{};
  socklen_t len = 0;
  if (!literal(group, 0, g, len) ||
      !(g.ss_family == AF_INET ? IN_MULTICAST(ntohl(reinterpret_cast<sockaddr_in*>(&g)->sin_addr.s_addr))
                               : IN6_IS_ADDR_MULTICAST(&reinterpret_cast<sockaddr_in6*>(&g)->sin6_addr)))
    return make_error(ErrorCode::invalid_request, "'" + group + "' is not a multicast group address (224.0.0.0/4 or ff00::/8)");
  if (g.ss_family != family)
    return make_error(ErrorCode::invalid_request, std::string("this socket is ") + (family == AF_INET ? "IPv4" : "IPv6") + "; listen on " +
                                                      (g.ss_family == AF_INET ? "0.0.0.0" : "::") + " to join " + group);
  unsigned ifindex = interface_name.empty() ? 0 : if_nametoindex(interface_name.c_str());
  if (!interface_name.empty() && ifindex == 0) return make_error(ErrorCode::invalid_request, "no network interface named '" + interface_name + "'");
  int rc;
  if (family == AF_INET) {
    ip_mreqn req{};
    req.imr_multiaddr = reinterpret_cast<sockaddr_in*>(&g)->sin_addr;
    req.imr_ifindex = int(ifindex);
    rc = ::setsockopt(fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &req, sizeof req);
  } else {
    ipv6_mreq req{};
    req.ipv6mr_multiaddr = reinterpret_cast<sockaddr_in6*>(&g)->sin6_addr;
    req.ipv6mr_interface = ifindex;
    rc = ::setsockopt(fd, IPPROTO_IPV6, join ? IPV6_JOIN_GROUP : IPV6_LEAVE_GROUP, &req, sizeof req);
  }
  if (rc != 0) {
    std::string hint = errno == ENODEV ? " (no interface with a multicast route: name one, or add a route for 224.0.0.0/4)" : "";
    return make_error(ErrorCode::io_error, std::string(join ? "cannot join " : "cannot leave ") + group + ": " + std::strerror(errno) + hint);
  }
  return {};
}

}  // namespace

Error PosixListener::join(const std::string& group, const std::string& interface_name) {
  std::lock_guard<std::mutex> guard(st_->m);
  if (st_->log.request.protocol != Protocol::udp || st_->fd < 0)
    return st_->log.error = make_error(ErrorCode::invalid_request, "join a group from a bound UDP socket: listen with UDP first");
  std::string name = group + (interface_name.empty() ? "" : " on " + interface_name);
  for (const std::string& g : st_->log.groups)
    if (g == name) return st_->log.error = make_error(ErrorCode::invalid_request, "already a member of " + name);
  if (Error e = membership(st_->fd, st_->family, group, interface_name, true)) {
    st_->event(e.message, true);
    return st_->log.error = e;
  }
  st_->log.groups.push_back(name);
  st_->event("joined multicast group " + name + ": datagrams sent to it now arrive here");
  st_->log.error = {};
  return {};
}

Error PosixListener::leave(const std::string& group, const std::string& interface_name) {
  std::lock_guard<std::mutex> guard(st_->m);
  std::string name = group + (interface_name.empty() ? "" : " on " + interface_name);
  auto& groups = st_->log.groups;
  auto it = std::find(groups.begin(), groups.end(), name);
  if (it == groups.end() || st_->fd < 0) return st_->log.error = make_error(ErrorCode::invalid_request, "not a member of " + name);
  if (Error e = membership(st_->fd, st_->family, group, interface_name, false)) return st_->log.error = e;
  groups.erase(it);
  st_->event("left multicast group " + name);
  st_->log.error = {};
  return {};
}

void PosixListener::with_log(const std::function<void(const ListenLog*)>& view) {
  std::lock_guard<std::mutex> guard(st_->m);
  view(st_->log.bound.empty() && st_->log.events.empty() ? nullptr : &st_->log);
}

}  // namespace wirepad::native
