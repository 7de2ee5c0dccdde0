// native: the datagram lessons socket tutorials end with: sending to a broadcast address,
// joining a multicast group, and a plain listener for TCP or UDP, so a learner can run both
// ends of an exchange. Desktop and CLI only: a browser cannot listen or broadcast (the relay
// refuses both unless a later relay option allows them).
// Depends on: POSIX sockets.
#pragma once
#include <functional>
#include <string>

namespace wirepad::native {

struct UdpSendOptions {
  std::string host;            // unicast, broadcast (e.g. 10.0.0.255, 255.255.255.255) or multicast
  int port = 0;
  std::string data;            // the datagram's bytes
  bool broadcast = false;      // SO_BROADCAST: required by the kernel to send to a broadcast address
  int ttl = 1;                 // multicast hops (IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS)
  bool loopback = true;        // multicast: deliver to listeners on this host too
  std::string interface_name;  // multicast: leave from this interface (e.g. "veth0"); empty = the route's
};

// Sends one datagram. Returns "" or a sentence saying what failed and why
// ("sending to 10.0.0.255:5000 needs --broadcast (the kernel refuses: Permission denied)").
std::string udp_send(const UdpSendOptions& options);

struct ListenOptions {
  bool udp = false;
  std::string bind = "0.0.0.0";  // "::" for IPv6
  int port = 0;
  std::string group;             // UDP: a multicast group to join (IPv4 or IPv6)
  std::string interface_name;    // the interface to join it on; empty = the kernel's choice
  std::string reply;             // bytes sent back to each datagram / after each TCP read
  int count = 1;                 // datagrams (UDP) or connections (TCP) to serve, then stop
  double timeout = 10;           // seconds without a new datagram/connection before giving up
};

struct Heard {
  std::string from;   // "10.0.0.2:40000"
  std::string bytes;  // a datagram, or what one TCP connection sent until EOF
};

// Listens until `count` datagrams/connections were served or `timeout` passed; calls `heard`
// for each (from the calling thread). `ready` is called once the socket listens, with the port.
// Returns "" when all `count` arrived, else a sentence ("2 of 3 datagrams within 5 s").
std::string listen_and_report(const ListenOptions& options, const std::function<void(int port)>& ready,
                              const std::function<void(const Heard&)>& heard);

}  // namespace wirepad::native
