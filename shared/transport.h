// wirepad core: the one socket interface. The core never calls the OS; a Transport opens
// connections and reports what happens on them as events. Native: POSIX sockets + OpenSSL
// (native/posix_transport). Browser: a WebSocket per connection to the relay (web/).
// Depends on: error.h only.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad {

enum class Protocol { tcp, udp };
// Which addresses a name may resolve to: either (the resolver's order), or only one family.
enum class AddressFamily { any, ipv4, ipv6 };
std::string_view to_string(AddressFamily family);  // "any", "ipv4", "ipv6"

// An HTTPS request through an HTTP proxy: connect to the proxy, send `request` (a CONNECT built
// by the core, shared/proxy_hop.h), read its answer, then TLS to Endpoint::host inside the
// tunnel (SNI and certificate checks for the origin, not the proxy).
struct ProxyTunnel {
  std::string host;  // the proxy; "" = no tunnel
  std::uint16_t port = 0;
  std::string request;
  bool operator==(const ProxyTunnel&) const = default;
};

// What the proxy answered to CONNECT (ConnectionEvents::on_tunnel), kept for the log.
struct TunnelReport {
  std::string sent;      // the CONNECT request as written
  std::string received;  // the proxy's answer, up to the end of its head (or all that came)
  bool established = false;  // 2xx: the TLS handshake follows
};

struct Endpoint {
  Protocol protocol = Protocol::tcp;
  std::string host;  // name or literal address, IPv6 without brackets
  std::uint16_t port = 0;
  bool tls = false;
  bool verify_tls = true;
  // TLS only: the protocols offered in ALPN (RFC 7301), most wanted first; empty: "http/1.1".
  // The one the server chose comes back in TlsFacts::alpn.
  std::vector<std::string> alpn;
  std::string ca_file;  // extra trusted CA certificates (PEM file), native only; "" = system CAs only
  double connect_timeout = 10.0;  // seconds, covers name lookup + connect + TLS handshake
  AddressFamily family = AddressFamily::any;
  // The socket lab's "Create" step: stop after socket() (on_socket_created) and connect()
  // only on Connection::proceed(); the wait does not count against connect_timeout.
  // Transports that cannot (Transport::can_hold_before_connect) connect at once.
  bool hold_before_connect = false;
  // UDP only: SO_BROADCAST (the kernel refuses a broadcast address without it), and for a
  // multicast destination the hop limit and whether this host's own members get a copy.
  bool broadcast = false;
  int multicast_ttl = 1;
  bool multicast_loopback = true;
  // HTTP through a proxy: `host`/`port` are the proxy's and via_proxy is true (the browser's
  // relay refuses it); HTTPS: `tunnel` names the proxy and host/port stay the origin's.
  bool via_proxy = false;
  ProxyTunnel tunnel;
};

// One certificate the server presented, as a person reads it.
struct CertificateInfo {
  std::string subject;     // "CN=localhost,O=Example" (RFC 4514 order)
  std::string issuer;
  std::string not_before;  // "2026-11-25 10:03:13 UTC"
  std::string not_after;
  std::vector<std::string> sans;  // subjectAltName entries: "DNS:localhost", "IP:127.0.0.1"
};

struct TlsFacts {
  std::string version;  // "TLSv1.3"
  std::string cipher;
  std::string alpn;         // "" when the server chose none
  std::string server_name;  // the SNI sent; "" for an address literal (RFC 6066 names only)
  bool verified = false;    // the chain and the name were checked and accepted
  // True when the browser relay did the handshake: the relay, not the page, saw the plaintext.
  bool by_relay = false;
  std::vector<std::string> chain;            // one line per certificate: subject, issuer, validity
  std::vector<CertificateInfo> certificates;  // the same chain, leaf first, field by field
};

// What a relay measured on its side before it said "connected" (web/web_transport.cpp, from
// the relay's `connected` frame: docs/relay-protocol.md). Durations in seconds on the relay's
// clock, not moments: the page cannot see when each began.
struct RelayReport {
  double dns = 0;       // its name lookup (0 for an address literal: nothing to look up)
  double connect = 0;   // its TCP connect
  double tls = -1;      // its TLS handshake; -1 when there was none
};

// What a connection reports, in this order: [relay open,] resolved, connected, [secured,]
// [relay report,] then any number of data, then exactly one of closed / error. `now` is seconds on the transport's monotonic
// clock. After Connection::close() returns no event is delivered any more. TCP: `closed` means
// the peer finished sending (FIN); a transport may keep the sending half open after it, so an
// error from a later send can still follow.
class ConnectionEvents {
 public:
  virtual ~ConnectionEvents() = default;
  // Only through a relay (the browser build): the WebSocket to the relay is open, first of all;
  // then, right after on_connected (and on_secured), what the relay measured: those three were
  // stamped by counting the relay's durations back from its answer (`now` here).
  virtual void on_relay_open(double /*now*/) {}
  virtual void on_relay_report(const RelayReport& /*report*/, double /*now*/) {}
  virtual void on_resolved(const std::string& address, double now) = 0;  // "127.0.0.1:8080"
  // The socket exists (before connect): e.g. "socket(AF_INET, SOCK_STREAM)". Optional: the
  // browser's relay reports its socket only for a held endpoint ({"op":"create"}).
  virtual void on_socket_created(const std::string& /*call*/, double /*now*/) {}
  virtual void on_connected(double now) = 0;
  // Only for an Endpoint with a tunnel, between connected and secured: what the proxy answered.
  // Not established: an on_error follows.
  virtual void on_tunnel(const TunnelReport& /*report*/, double /*now*/) {}
  virtual void on_secured(const TlsFacts& facts, double now) = 0;
  virtual void on_data(std::string_view bytes, double now) = 0;
  virtual void on_closed(double now) = 0;  // the peer closed (EOF)
  virtual void on_error(const Error& error, double now) = 0;
  // Timers: the transport calls on_tick(now) no later than next_deadline() (seconds on the
  // same clock; a negative value means no deadline).
  virtual double next_deadline() const = 0;
  virtual void on_tick(double now) = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual void send(std::string_view bytes) = 0;  // queued; never blocks
  virtual void close() = 0;                       // idempotent; stops all further events
  // TCP half-close: the queued bytes leave, then a FIN (shutdown(SHUT_WR)); the peer reads
  // EOF and this side still receives. Returns false when this transport cannot do it.
  virtual bool shutdown_write() { return false; }
  // Ends the hold of an endpoint opened with hold_before_connect: connect() now.
  virtual void proceed() {}
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Starts connecting; events go to `events`, which must outlive the Connection.
  virtual std::unique_ptr<Connection> open(const Endpoint& endpoint, ConnectionEvents& events) = 0;
  virtual double now() const = 0;  // the clock events are stamped with
  // The wall clock: milliseconds since 1970-01-01 UTC, for when an exchange started (HAR's
  // startedDateTime). Not for durations (it may jump); 0 when the transport has none.
  virtual std::int64_t unix_ms() const { return 0; }
  // Whether open() honours Endpoint::hold_before_connect (native: socket(), then connect();
  // the browser: the relay's {"op":"create"}, then {"op":"connect"}).
  virtual bool can_hold_before_connect() const { return false; }
};

}  // namespace wirepad
