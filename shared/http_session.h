// wirepad core: keep-alive connection reuse. An HttpSession owns the connections that earlier
// exchanges left open and idle, one list per origin (scheme, host, port, TLS verification),
// and hands one to the next HttpCall for the same origin, as curl's connection cache does.
// Sans-I/O like the rest of the core: connections come from the Transport, time from its
// clock. Not thread-safe: call it where HttpCall is called (native: under the transport lock).
// Depends on: transport.h.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "transport.h"

namespace wirepad {

class HttpSession;
class H2Client;  // h2_client.h

// One transport connection that can outlive the exchange that opened it. The transport
// delivers its events here (they are bound at open()); they are forwarded to the exchange
// using it, or, while it sits idle in the pool, watched: anything but silence (the server
// closed it, sent stray bytes, failed) makes it unusable.
class PooledConnection final : public Connection, private ConnectionEvents {
 public:
  ~PooledConnection() override;
  void send(std::string_view bytes) override;
  void close() override;

  const std::string& address() const { return address_; }   // "127.0.0.1:8080"
  const std::optional<TlsFacts>& tls() const { return tls_; }
  bool usable() const { return !dead_; }
  void attach(ConnectionEvents& user) { user_ = &user; }
  // HTTP/2: the session (HPACK tables, stream ids, windows) travels with the connection. While
  // idle it still answers what the server sends (PING, SETTINGS); a GOAWAY ends its reuse.
  const std::shared_ptr<H2Client>& h2() const { return h2_; }
  void keep_h2(std::shared_ptr<H2Client> h2) { h2_ = std::move(h2); }

 private:
  friend class HttpSession;
  PooledConnection(HttpSession& session, Endpoint endpoint) : session_(session), endpoint_(std::move(endpoint)) {}
  void on_relay_open(double now) override;
  void on_relay_report(const RelayReport& report, double now) override;
  void on_resolved(const std::string& address, double now) override;
  void on_connected(double now) override;
  void on_tunnel(const TunnelReport& report, double now) override;
  void on_secured(const TlsFacts& facts, double now) override;
  void on_data(std::string_view bytes, double now) override;
  void on_closed(double now) override;
  void on_error(const Error& error, double now) override;
  double next_deadline() const override;
  void on_tick(double now) override;
  void die();  // closes the transport connection; the session drops it at its next visit

  HttpSession& session_;
  Endpoint endpoint_;
  std::unique_ptr<Connection> inner_;
  ConnectionEvents* user_ = nullptr;  // null while idle in the pool
  std::string address_;
  std::optional<TlsFacts> tls_;
  bool dead_ = false;
  double idle_since_ = -1;
  std::shared_ptr<H2Client> h2_;
};

// Which idle connections a request can take: an HTTP/1.1 request never takes an HTTP/2 one,
// a request with prior knowledge only takes HTTP/2 ones, and one that offers h2 in ALPN takes
// either (the server chose for that connection already).
enum class ReuseFor { http1, http2, http1_or_2 };

struct HttpSessionLimits {
  std::size_t max_idle_per_origin = 4;
  std::size_t max_idle_total = 16;
  double max_idle_seconds = 60;  // an idle connection older than this is closed (curl: 118 s)
};

class HttpSession {
 public:
  explicit HttpSession(Transport& transport, HttpSessionLimits limits = {});
  ~HttpSession();  // closes idle connections (native: destroy it under the transport lock)
  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  Transport& transport() { return transport_; }
  // An idle, still usable connection to the endpoint's origin, attached to `user`; or null.
  std::unique_ptr<PooledConnection> checkout(const Endpoint& endpoint, ConnectionEvents& user,
                                             ReuseFor reuse = ReuseFor::http1);
  // A new connection, attached to `user` (events may reach `user` before this returns).
  std::unique_ptr<PooledConnection> open(const Endpoint& endpoint, ConnectionEvents& user);
  // Takes back a connection whose exchange ended cleanly; it waits for the next checkout.
  void release(std::unique_ptr<PooledConnection> connection);
  std::size_t idle_count();
  void close_idle();  // closes every idle connection now

 private:
  friend class PooledConnection;  // reads limits_
  void prune();
  static bool same_origin(const Endpoint& a, const Endpoint& b);
  Transport& transport_;
  HttpSessionLimits limits_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;  // oldest first
};

}  // namespace wirepad
