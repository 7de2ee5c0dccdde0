// wirepad core: HttpSession, the keep-alive connection pool, and PooledConnection, the event
// relay that lets a transport connection pass from one exchange to the next.
#include "http_session.h"

#include <algorithm>

#include "h2_client.h"

namespace wirepad {

// ---------------------------------------------------------------------------------------------
// PooledConnection

PooledConnection::~PooledConnection() {
  if (inner_) inner_->close();
}

void PooledConnection::send(std::string_view bytes) {
  if (inner_ && !dead_) inner_->send(bytes);
}

void PooledConnection::close() { die(); }

void PooledConnection::die() {
  dead_ = true;
  user_ = nullptr;
  if (inner_) inner_->close();  // no event after this
}

void PooledConnection::on_relay_open(double now) {
  if (user_) user_->on_relay_open(now);
}
void PooledConnection::on_relay_report(const RelayReport& report, double now) {
  if (user_) user_->on_relay_report(report, now);
}
void PooledConnection::on_resolved(const std::string& address, double now) {
  address_ = address;
  if (user_) user_->on_resolved(address, now);
}
void PooledConnection::on_connected(double now) {
  if (user_) user_->on_connected(now);
}
void PooledConnection::on_tunnel(const TunnelReport& report, double now) {
  if (user_) user_->on_tunnel(report, now);
}
void PooledConnection::on_secured(const TlsFacts& facts, double now) {
  tls_ = facts;
  if (user_) user_->on_secured(facts, now);
}
void PooledConnection::on_data(std::string_view bytes, double now) {
  if (user_) return user_->on_data(bytes, now);
  if (h2_ && !dead_) {
    // HTTP/2 between requests: a PING, SETTINGS or WINDOW_UPDATE is answered and the
    // connection stays; a GOAWAY or a broken frame ends its reuse.
    h2_->receive(bytes, 0);
    std::string answer = h2_->take_outgoing(0);
    if (!answer.empty() && inner_) inner_->send(answer);
    if (h2_->alive() && !h2_->goaway_received() && !h2_->error()) return;
  }
  die();  // bytes nobody asked for: the next response would start with them
}
void PooledConnection::on_closed(double now) {
  if (user_) return user_->on_closed(now);
  die();  // the server closed it while idle (its keep-alive timeout): detected, not reused
}
void PooledConnection::on_error(const Error& error, double now) {
  if (user_) return user_->on_error(error, now);
  die();
}
double PooledConnection::next_deadline() const {
  if (user_) return user_->next_deadline();
  if (dead_ || idle_since_ < 0 || session_.limits_.max_idle_seconds <= 0) return -1;
  return idle_since_ + session_.limits_.max_idle_seconds;
}
void PooledConnection::on_tick(double now) {
  if (user_) return user_->on_tick(now);
  if (next_deadline() >= 0 && now >= next_deadline()) die();  // idle too long: free the server's slot
}

// ---------------------------------------------------------------------------------------------
// HttpSession

HttpSession::HttpSession(Transport& transport, HttpSessionLimits limits) : transport_(transport), limits_(limits) {}

HttpSession::~HttpSession() { close_idle(); }

bool HttpSession::same_origin(const Endpoint& a, const Endpoint& b) {
  return a.protocol == b.protocol && a.host == b.host && a.port == b.port && a.tls == b.tls &&
         a.verify_tls == b.verify_tls && a.via_proxy == b.via_proxy && a.tunnel.host == b.tunnel.host &&
         a.tunnel.port == b.tunnel.port;
}

void HttpSession::prune() {
  idle_.erase(std::remove_if(idle_.begin(), idle_.end(), [](const auto& c) { return !c->usable(); }), idle_.end());
}

std::unique_ptr<PooledConnection> HttpSession::checkout(const Endpoint& endpoint, ConnectionEvents& user, ReuseFor reuse) {
  prune();
  // The most recently used one first: the least likely to have been closed by the server.
  for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
    if (!same_origin((*it)->endpoint_, endpoint)) continue;
    const bool h2 = (*it)->h2_ != nullptr;
    if ((reuse == ReuseFor::http1 && h2) || (reuse == ReuseFor::http2 && !h2)) continue;
    std::unique_ptr<PooledConnection> connection = std::move(*it);
    idle_.erase(std::next(it).base());
    connection->idle_since_ = -1;
    connection->attach(user);
    return connection;
  }
  return nullptr;
}

std::unique_ptr<PooledConnection> HttpSession::open(const Endpoint& endpoint, ConnectionEvents& user) {
  std::unique_ptr<PooledConnection> connection(new PooledConnection(*this, endpoint));
  connection->attach(user);
  connection->inner_ = transport_.open(endpoint, *connection);
  return connection;
}

void HttpSession::release(std::unique_ptr<PooledConnection> connection) {
  if (!connection || !connection->usable()) return;
  connection->user_ = nullptr;
  connection->idle_since_ = transport_.now();
  prune();
  std::size_t same = 0;
  for (const auto& c : idle_) same += same_origin(c->endpoint_, connection->endpoint_) ? 1 : 0;
  if (same >= limits_.max_idle_per_origin) {
    auto oldest = std::find_if(idle_.begin(), idle_.end(),
                               [&](const auto& c) { return same_origin(c->endpoint_, connection->endpoint_); });
    idle_.erase(oldest);
  }
  if (idle_.size() >= limits_.max_idle_total && !idle_.empty()) idle_.erase(idle_.begin());
  idle_.push_back(std::move(connection));
}

std::size_t HttpSession::idle_count() {
  prune();
  return idle_.size();
}

void HttpSession::close_idle() { idle_.clear(); }

}  // namespace wirepad
