// native: udp_tools.h.
#include "native/udp_tools.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace wirepad::native {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string errno_text() { return std::strerror(errno); }

std::string address_text(const sockaddr_storage& a) {
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (a.ss_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    port = ntohs(v4->sin_port);
    return std::string(host) + ":" + std::to_string(port);
  }
  auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
  inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
  port = ntohs(v6->sin6_port);
  return "[" + std::string(host) + "]:" + std::to_string(port);
}

// A literal address (no name lookup: broadcast and multicast are about addresses).
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

bool is_multicast(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return IN_MULTICAST(ntohl(reinterpret_cast<const sockaddr_in*>(&a)->sin_addr.s_addr));
  return IN6_IS_ADDR_MULTICAST(&reinterpret_cast<const sockaddr_in6*>(&a)->sin6_addr);
}

}  // namespace

std::string udp_send(const UdpSendOptions& o) {
  sockaddr_storage to{};
  socklen_t len = 0;
  const std::string where = o.host + ":" + std::to_string(o.port);
  if (!literal(o.host, o.port, to, len)) return "'" + o.host + "' is not an IPv4 or IPv6 address";
  if (o.port < 1 || o.port > 65535) return "the port must be from 1 to 65535";
  Fd s{::socket(to.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return "cannot create a UDP socket: " + errno_text();
  int one = 1;
  if (o.broadcast && ::setsockopt(s.fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0)
    return "cannot enable SO_BROADCAST: " + errno_text();
  if (is_multicast(to)) {
    int ttl = o.ttl, loop = o.loopback ? 1 : 0;
    unsigned ifindex = o.interface_name.empty() ? 0 : if_nametoindex(o.interface_name.c_str());
    if (!o.interface_name.empty() && ifindex == 0) return "no network interface named '" + o.interface_name + "'";
    if (to.ss_family == AF_INET) {
      unsigned char t = static_cast<unsigned char>(ttl), l = static_cast<unsigned char>(loop);
      ::setsockopt(s.fd, IPPROTO_IP, IP_MULTICAST_TTL, &t, sizeof t);
      ::setsockopt(s.fd, IPPROTO_IP, IP_MULTICAST_LOOP, &l, sizeof l);
      if (ifindex) {
        ip_mreqn req{};
        req.imr_ifindex = int(ifindex);
        if (::setsockopt(s.fd, IPPROTO_IP, IP_MULTICAST_IF, &req, sizeof req) != 0)
          return "cannot send multicast from " + o.interface_name + ": " + errno_text();
      }
    } else {
      ::setsockopt(s.fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof ttl);
      ::setsockopt(s.fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof loop);
      if (ifindex && ::setsockopt(s.fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex) != 0)
        return "cannot send multicast from " + o.interface_name + ": " + errno_text();
    }
  }
  ssize_t n = ::sendto(s.fd, o.data.data(), o.data.size(), 0, reinterpret_cast<sockaddr*>(&to), len);
  if (n < 0) {
    if (errno == EACCES && !o.broadcast)
      return "sending to " + where + " needs --broadcast (the kernel refuses: " + errno_text() + ")";
    if (errno == EMSGSIZE) return "the datagram (" + std::to_string(o.data.size()) + " bytes) is too large to send";
    if (errno == ENETUNREACH) return "no route to " + where + " (network unreachable): is an interface up with a route there?";
    return "sending to " + where + " failed: " + errno_text();
  }
  return "";
}

std::string listen_and_report(const ListenOptions& o, const std::function<void(int port)>& ready,
                              const std::function<void(const Heard&)>& heard) {
  sockaddr_storage bind_addr{};
  socklen_t len = 0;
  if (!literal(o.bind, o.port, bind_addr, len)) return "'" + o.bind + "' is not an IPv4 or IPv6 address";
  sockaddr_storage group{};
  socklen_t group_len = 0;
  if (!o.group.empty() && (!literal(o.group, o.port, group, group_len) || !is_multicast(group)))
    return "'" + o.group + "' is not a multicast group address (224.0.0.0/4 or ff00::/8)";
  Fd s{::socket(bind_addr.ss_family, (o.udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return "cannot create a socket: " + errno_text();
  int one = 1;
  ::setsockopt(s.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(s.fd, reinterpret_cast<sockaddr*>(&bind_addr), len) != 0)
    return "cannot bind " + o.bind + ":" + std::to_string(o.port) + ": " + errno_text();
  if (!o.udp && ::listen(s.fd, 16) != 0) return "cannot listen: " + errno_text();
  if (!o.group.empty()) {
    unsigned ifindex = o.interface_name.empty() ? 0 : if_nametoindex(o.interface_name.c_str());
    if (!o.interface_name.empty() && ifindex == 0) return "no network interface named '" + o.interface_name + "'";
    int rc;
    if (group.ss_family == AF_INET) {
      ip_mreqn req{};
      req.imr_multiaddr = reinterpret_cast<sockaddr_in*>(&group)->sin_addr;
      req.imr_ifindex = int(ifindex);
      rc = ::setsockopt(s.fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &req, sizeof req);
    } else {
      ipv6_mreq req{};
      req.ipv6mr_multiaddr = reinterpret_cast<sockaddr_in6*>(&group)->sin6_addr;
      req.ipv6mr_interface = ifindex;
      rc = ::setsockopt(s.fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &req, sizeof req);
    }
    if (rc != 0) return "cannot join multicast group " + o.group + ": " + errno_text();
  }
  sockaddr_storage bound{};
  socklen_t bound_len = sizeof bound;
  ::getsockname(s.fd, reinterpret_cast<sockaddr*>(&bound), &bound_len);
  if (ready) ready(ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in*>(&bound)->sin_port
                                                    : reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port));

  using clock = std::chrono::steady_clock;
  int served = 0;
  auto deadline = clock::now() + std::chrono::duration<double>(o.timeout);
  while (served < o.count) {
    int left = int(std::chrono::duration<double, std::milli>(deadline - clock::now()).count());
    if (left <= 0) break;
    pollfd p{s.fd, POLLIN, 0};
    int r = ::poll(&p, 1, left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    if (o.udp) {
      char buf[65536];
      sockaddr_storage from{};
      socklen_t from_len = sizeof from;
      ssize_t n = ::recvfrom(s.fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
      if (n < 0) continue;
      heard({address_text(from), std::string(buf, size_t(n))});
      if (!o.reply.empty()) ::sendto(s.fd, o.reply.data(), o.reply.size(), 0, reinterpret_cast<sockaddr*>(&from), from_len);
    } else {
      sockaddr_storage from{};
      socklen_t from_len = sizeof from;
      Fd c{::accept4(s.fd, reinterpret_cast<sockaddr*>(&from), &from_len, SOCK_CLOEXEC)};
      if (c.fd < 0) continue;
      // One connection: read until EOF (or the timeout), replying after each read.
      std::string got;
      char buf[65536];
      for (;;) {
        int wait = int(std::chrono::duration<double, std::milli>(deadline - clock::now()).count());
        pollfd cp{c.fd, POLLIN, 0};
        if (wait <= 0 || ::poll(&cp, 1, wait) <= 0) break;
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, size_t(n));
        if (!o.reply.empty()) ::send(c.fd, o.reply.data(), o.reply.size(), MSG_NOSIGNAL);
      }
      heard({address_text(from), got});
    }
    ++served;
    deadline = clock::now() + std::chrono::duration<double>(o.timeout);
  }
  if (served < o.count)
    return std::to_string(served) + " of " + std::to_string(o.count) + (o.udp ? " datagrams" : " connections") +
           " arrived within " + std::to_string(int(o.timeout)) + " s";
  return "";
}

}  // namespace wirepad::native
