// native: one relay connection (see relay_session.h, docs/relay-protocol.md).
//
// [SECTION] Shape of a connection
// Everything runs on one io_context thread, so no strands are needed. run() owns the
// connection's life: handshake, connect request, resolve + policy, [create and hold until the
// page's {"op":"connect"},] connect, then it spawns
// pump_up (WebSocket -> target) and itself runs pump_down (target -> WebSocket). pump_down is
// the only code that writes the final frame ("closed" or "error") and closes the WebSocket, so
// two writers never race; other parts ask it to finish by setting pending_error_ and closing
// the target socket. A deadline watcher enforces the first-message, DNS, hold and idle timeouts.
// While a socket is held, run() waits in a read for the page's connect; the hold timeout's final
// frame is written beside that read (Beast allows one read and one write at once).
#include "native/relay_session.h"

#include <ifaddrs.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>
#include <openssl/x509.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstring>
#include <optional>
#include <sstream>
#include <type_traits>
#include <vector>

#include "native/relay_protocol.h"
#include "native/tls_client.h"

namespace wirepad::native {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

// Bytes per BINARY frame to the page, at most: one read from the target, whatever it had. Larger
// reads mean fewer messages for the page to take (each one a task on its main thread).
constexpr std::size_t kReadChunk = 256 * 1024;
constexpr std::size_t kMaxUdpPayload = 65507;           // 65535 - 8 (UDP) - 20 (IPv4)
// After the relay decides to end a connected relay (idle, lifetime, revoked), how long the page
// has to take the final frame. A page that stopped reading would keep that write, or an earlier
// one, blocked for ever and its slot with it: then its TCP connection is dropped.
constexpr auto kFinalFrameGrace = std::chrono::seconds(2);

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

IpAddress to_ip_address(const asio::ip::address& a) {
  if (a.is_v4()) return IpAddress::v4(a.to_v4().to_bytes());
  auto b = a.to_v6().to_bytes();
  std::array<std::uint8_t, 16> bytes{};
  std::copy(b.begin(), b.end(), bytes.begin());
  return IpAddress::v6(bytes);
}

asio::ip::address to_asio_address(const IpAddress& a) {
  if (!a.is_v6) return asio::ip::address_v4(asio::ip::address_v4::bytes_type{a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]});
  asio::ip::address_v6::bytes_type b{};
  std::copy(a.bytes.begin(), a.bytes.end(), b.begin());
  return asio::ip::address_v6(b);
}

// This machine's addresses on its interfaces (getifaddrs), read at each connect: they change
// (DHCP, VPNs). Loopback is classified by range and need not be listed.
std::vector<IpAddress> this_machine_addresses() {
  std::vector<IpAddress> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    if (i->ifa_addr->sa_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      std::array<std::uint8_t, 4> b{};
      std::memcpy(b.data(), &a->sin_addr, 4);
      out.push_back(IpAddress::v4(b));
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      std::array<std::uint8_t, 16> b{};
      std::memcpy(b.data(), &a->sin6_addr, 16);
      out.push_back(IpAddress::v6(b));
    }
  }
  ::freeifaddrs(list);
  return out;
}

template <class Endpoint>
std::string show(const Endpoint& ep) {
  std::string host = format_ip_address(to_ip_address(ep.address()));
  if (ep.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(ep.port());
}

std::string format_seconds(double s) {
  std::ostringstream out;
  out << s << " s";
  return out.str();
}

// What a failed connect means to a person, with the ErrorCode the page switches on.
Error connect_error(const error_code& ec, const std::string& where, double timeout_s) {
  if (ec == beast::error::timeout)
    return make_error(ErrorCode::connect_timeout, "Connecting to " + where + " timed out after " + format_seconds(timeout_s) + ".");
  if (ec == asio::error::connection_refused)
    return make_error(ErrorCode::connect_refused, where + " refused the connection: nothing is listening on that port.");
  if (ec == asio::error::host_unreachable || ec == asio::error::network_unreachable)
    return make_error(ErrorCode::host_unreachable, where + " cannot be reached from this machine (" + ec.message() + ").");
  return make_error(ErrorCode::io_error, "Connecting to " + where + " failed: " + ec.message() + ".");
}

Error transfer_error(const error_code& ec, const std::string& where) {
  if (ec == asio::error::connection_reset)
    return make_error(ErrorCode::connection_reset, where + " reset the connection.");
  if (ec == asio::error::connection_refused)
    return make_error(ErrorCode::connect_refused, where + " answered that nothing is listening there (ICMP port unreachable).");
  return make_error(ErrorCode::io_error, "The connection to " + where + " failed: " + ec.message() + ".");
}

class RelayConnection : public std::enable_shared_from_this<RelayConnection> {
 public:
  RelayConnection(RelayWebSocket ws, std::string origin, RelaySettings settings, std::shared_ptr<void> slot)
      : ws_(std::move(ws)),
        origin_(std::move(origin)),
        settings_(std::move(settings)),
        slot_(std::move(slot)),
        deadline_timer_(ws_.get_executor()),
        lifetime_timer_(ws_.get_executor()),
        grace_timer_(ws_.get_executor()) {}

  ~RelayConnection() {
    if (!settings_.log) return;
    std::ostringstream line;
    line << "relay: origin=" << (origin_.empty() ? "-" : origin_) << " target=" << (target_.empty() ? "-" : target_)
         << " address=" << (address_.empty() ? "-" : address_) << " up=" << up_ << "B down=" << down_
         << "B duration=" << std::chrono::duration<double>(Clock::now() - started_).count() << "s: " << outcome_;
    settings_.log(line.str());
  }

  awaitable<void> run(UpgradeRequest upgrade) {
    auto self = shared_from_this();
    error_code ec;
    // The WebSocket manages its own timeouts from here on; the HTTP read timeout must go.
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout{std::chrono::seconds(10), websocket::stream_base::none(), false});
    // Beast's own limit fails the read and closes with 1009 before we could say why, so it is
    // only a backstop; read_message() enforces max_frame and sends an `error` frame first.
    ws_.read_message_max(0);
    // One frame per message, one write per frame: Beast's default cuts each message into 4 KiB
    // frames, each its own write (16 system calls for one 64 KiB read from the target).
    ws_.auto_fragment(false);
    co_await ws_.async_accept(upgrade, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      outcome_ = "WebSocket handshake failed: " + ec.message();
      co_return;
    }
    if (settings_.admission) {
      co_await fail(settings_.admission);
      co_return;
    }
    if (settings_.stop) {
      settings_.stop->stop = [weak = weak_from_this()](const Error& why) {
        if (auto self = weak.lock()) self->stop_from_outside(why);
      };
    }
    asio::co_spawn(ws_.get_executor(), watch_deadlines(self), asio::detached);

    beast::flat_buffer first;
    set_deadline(seconds(settings_.first_message_timeout), [this] {
      outcome_ = "no connect request within " + format_seconds(settings_.first_message_timeout);
      beast::get_lowest_layer(ws_).close();
    });
    bool too_big = co_await read_message(first, ec);
    clear_deadline();
    if (too_big) {
      co_await fail(frame_too_big_error());
      co_return finish();
    }
    if (ec) {
      if (outcome_.rfind("no connect", 0) != 0 && !page_dropped_) outcome_ = "page left before the connect request (" + ec.message() + ")";
      co_return finish();
    }
    if (!ws_.got_text()) {
      co_await fail(make_error(ErrorCode::relay_refused,
                               "The first message must be a text frame holding the connect request (JSON), not binary data."));
      co_return finish();
    }
    auto request = parse_connect_request(beast::buffers_to_string(first.data()));
    if (!request) {
      co_await fail(request.error());
      co_return finish();
    }
    request_ = std::move(*request);
    target_ = std::string(request_.proto == RelayProto::udp ? "udp " : request_.tls ? "tls " : "tcp ") +
              (request_.host.find(':') != std::string::npos ? "[" + request_.host + "]" : request_.host) + ":" +
              std::to_string(request_.port);
    double cap = settings_.connect_timeout;
    connect_timeout_ = request_.connect_timeout_ms ? std::min(cap, *request_.connect_timeout_ms / 1000.0) : cap;
    connect_deadline_ = Clock::now() + seconds(connect_timeout_);
    // Ports and host names first: a refused name is never even looked up.
    if (Error refusal = check_target(settings_.policy, target_request())) {
      co_await fail(refusal);
      co_return finish();
    }

    if (request_.proto == RelayProto::udp) {
      co_await relay_udp(self);
    } else {
      co_await relay_tcp(self);
    }
    finish();
  }

 private:
  // [SECTION] Deadlines
  void set_deadline(Clock::duration d, std::function<void()> action) {
    deadline_ = Clock::now() + d;
    idle_phase_ = false;
    on_deadline_ = std::move(action);
    deadline_timer_.cancel();  // wake the watcher so it re-arms
  }
  void set_idle_deadline(std::function<void()> action) {
    idle_phase_ = true;
    last_activity_ = Clock::now();
    on_deadline_ = std::move(action);
    deadline_timer_.cancel();
  }
  void clear_deadline() { on_deadline_ = nullptr; }
  void touch() { last_activity_ = Clock::now(); }
  void finish() {
    finished_ = true;
    on_deadline_ = nullptr;
    deadline_timer_.cancel();
    lifetime_timer_.cancel();
    grace_timer_.cancel();
  }

  // [SECTION] Ending from outside the connection's own flow
  // A connected relay ends through pump_down, which sends `why` as the final frame; the target
  // is closed so that its read returns. If the page does not take the final frame (or an earlier
  // one) within kFinalFrameGrace, its TCP connection is dropped, which frees the slot.
  void end_connection(Error why) {
    if (finished_) return;
    if (!pending_error_) pending_error_ = std::move(why);
    close_target();
    arm_grace();
  }

  void arm_grace() {
    if (grace_armed_) return;
    grace_armed_ = true;
    grace_timer_.expires_after(kFinalFrameGrace);
    grace_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (ec || self->finished_) return;
      self->drop_page("the page did not take the final frame");
    });
  }

  void drop_page(const std::string& why) {
    outcome_ = std::string(to_string(pending_error_.code)) + ": " + pending_error_.message + " (" + why +
               "; the relay dropped its connection)";
    page_dropped_ = true;
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    close_target();
  }

  // The server's way in (RelayStop): before `connected` nothing is being relayed yet, so the
  // WebSocket just closes; after it, as end_connection.
  void stop_from_outside(const Error& why) {
    if (finished_) return;
    if (!connected_) {
      if (!pending_error_) pending_error_ = why;
      drop_page("stopped before it connected");
      return;
    }
    end_connection(why);
  }

  TargetRequest target_request() const {
    return TargetRequest{request_.host, request_.port, request_.proto == RelayProto::udp};
  }

  // [SECTION] Limits
  // One whole message from the page, at most max_frame bytes, and at most kMaxControlMessage
  // when it is a TEXT frame (a control message: its JSON is parsed, so it is kept small). Returns
  // true (and leaves the rest of the message unread) when it is bigger. The first read takes
  // no more than a control message may have: the frame's type is known only after it.
  awaitable<bool> read_message(beast::flat_buffer& buffer, error_code& ec) {
    std::size_t limit = settings_.max_frame;
    bool first = true;
    do {
      if (!first && ws_.got_text()) limit = limit > 0 ? std::min(limit, kMaxControlMessage) : kMaxControlMessage;
      std::size_t room = limit > 0 ? limit + 1 - std::min(limit + 1, buffer.size()) : 64 * 1024;
      if (first) room = std::min(room, kMaxControlMessage + 1);
      first = false;
      co_await ws_.async_read_some(buffer, std::max<std::size_t>(room, 1), asio::redirect_error(use_awaitable, ec));
      if (ec) co_return false;
      if (ws_.got_text() && buffer.size() > kMaxControlMessage) co_return true;
      if (limit > 0 && buffer.size() > limit) co_return true;
    } while (!ws_.is_message_done());
    co_return false;
  }

  // Why read_message refused a message: a control message over its own limit, or any message
  // over --max-frame.
  Error frame_too_big_error() const {
    if (ws_.got_text() && (settings_.max_frame == 0 || settings_.max_frame > kMaxControlMessage)) return control_message_too_big();
    return make_error(ErrorCode::relay_refused, "A message from the page had more than " + std::to_string(settings_.max_frame) +
                                                    " bytes, the relay's limit (--max-frame); the relay closed the connection.");
  }

  // True (and pending_error_ set) when moving `more` bytes would pass max_bytes.
  bool over_byte_limit(std::size_t more) {
    if (settings_.max_bytes == 0 || up_ + down_ + more <= settings_.max_bytes) return false;
    if (!pending_error_)
      pending_error_ = make_error(ErrorCode::relay_refused, "This connection reached the relay's limit of " +
                                                                std::to_string(settings_.max_bytes) +
                                                                " bytes (sent and received together, --max-bytes); the relay closed it.");
    return true;
  }

  // Started at `connected`: the connection may live max_lifetime seconds, busy or not.
  void start_lifetime() {
    if (settings_.max_lifetime <= 0) return;
    lifetime_timer_.expires_after(seconds(settings_.max_lifetime));
    lifetime_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
      if (ec || self->finished_) return;
      // Also while the final frame is on its way: a page that does not read it keeps no slot.
      self->end_connection(make_error(ErrorCode::total_timeout, "This connection reached the relay's lifetime limit of " +
                                                                    format_seconds(self->settings_.max_lifetime) +
                                                                    " (--max-lifetime); the relay closed it."));
    });
  }

  Clock::time_point due() const {
    if (!on_deadline_) return Clock::now() + std::chrono::hours(24);
    return idle_phase_ ? last_activity_ + seconds(settings_.idle_timeout) : deadline_;
  }

  // Activity only moves last_activity_; the timer is re-armed lazily when it fires early.
  awaitable<void> watch_deadlines(std::shared_ptr<RelayConnection> self) {
    (void)self;  // held so the connection outlives this coroutine
    error_code ec;
    while (!finished_) {
      deadline_timer_.expires_at(due());
      co_await deadline_timer_.async_wait(asio::redirect_error(use_awaitable, ec));
      if (finished_) break;
      if (on_deadline_ && Clock::now() >= due()) {
        auto action = std::exchange(on_deadline_, nullptr);
        action();
      }
    }
  }

  // [SECTION] Replies to the page
  awaitable<void> send_text(const std::string& text) {
    error_code ec;
    ws_.text(true);
    co_await ws_.async_write(asio::buffer(text), asio::redirect_error(use_awaitable, ec));
  }

  awaitable<void> close_websocket() {
    error_code ec;
    co_await ws_.async_close(websocket::close_code::normal, asio::redirect_error(use_awaitable, ec));
  }

  // Before "connected": reply with the error and close.
  awaitable<void> fail(const Error& error) {
    if (page_dropped_) co_return;  // stopped from outside: the page is gone already
    outcome_ = std::string(to_string(error.code)) + ": " + error.message;
    co_await send_text(error_message(error));
    co_await close_websocket();
  }

  // [SECTION] Resolve and check
  template <class Protocol>
  awaitable<std::vector<typename Protocol::endpoint>> resolve_checked(Error& error, double& dns_ms) {
    using Endpoint = typename Protocol::endpoint;
    std::vector<Endpoint> candidates, allowed;
    auto started = Clock::now();
    if (auto literal = parse_ip_address(request_.host)) {
      candidates.emplace_back(to_asio_address(*literal), request_.port);
    } else {
      typename Protocol::resolver resolver(ws_.get_executor());
      bool timed_out = false;
      set_deadline(connect_deadline_ - Clock::now(), [&resolver, &timed_out] {
        timed_out = true;
        resolver.cancel();
      });
      error_code ec;
      auto results = co_await resolver.async_resolve(request_.host, std::to_string(request_.port),
                                                     Protocol::resolver::numeric_service,
                                                     asio::redirect_error(use_awaitable, ec));
      clear_deadline();
      dns_ms = ms_since(started);
      if (timed_out) {
        error = make_error(ErrorCode::dns_failed, "Looking up '" + request_.host + "' timed out after " +
                                                      format_seconds(connect_timeout_) + ".");
        co_return allowed;
      }
      if (ec || results.empty()) {
        error = make_error(ErrorCode::dns_failed, "The name '" + request_.host + "' does not resolve (" +
                                                      (ec ? ec.message() : std::string("no addresses")) + ").");
        co_return allowed;
      }
      for (const auto& entry : results) candidates.push_back(entry.endpoint());
    }
    // Check every address the name resolved to and connect only to a checked one: the
    // address checked is the address used, so a second DNS answer cannot slip past.
    AddressPolicy policy = settings_.policy;
    policy.this_machine = this_machine_addresses();
    Error first_refusal;
    for (const auto& ep : candidates) {
      Error refusal = check_resolved_address(policy, target_request(), to_ip_address(ep.address()));
      if (!refusal) {
        allowed.push_back(ep);
      } else if (!first_refusal) {
        first_refusal = refusal;
      }
    }
    if (allowed.empty()) {
      error = first_refusal;
      if (candidates.size() > 1 || !parse_ip_address(request_.host))
        error.message = "'" + request_.host + "' resolves only to addresses the relay refuses. " + error.message;
    }
    co_return allowed;
  }

  // [SECTION] Create and hold ({"op":"create"})
  // The socket is made for the first checked address but not connected; `created` tells the page
  // (the address, the relay's name lookup, the call); then the page's next message must be
  // exactly {"op":"connect"}. True when it came: the connect deadline starts again then, as with
  // the desktop's Create. False: the connection ended (its final frame, if any, is sent).
  template <class Socket, class Endpoint>
  awaitable<bool> create_and_hold(Socket& socket, const Endpoint& ep, double dns_ms) {
    error_code ec;
    socket.open(ep.protocol(), ec);
    address_ = show(ep);
    if (ec) {
      co_await fail(make_error(ErrorCode::io_error, "Creating a socket for " + address_ + " failed: " + ec.message() + "."));
      co_return false;
    }
    constexpr bool is_udp = std::is_same_v<Endpoint, udp::endpoint>;
    std::string call = std::string("socket(") + (ep.address().is_v6() ? "AF_INET6" : "AF_INET") + ", " +
                       (is_udp ? "SOCK_DGRAM" : "SOCK_STREAM") + ")";
    outcome_ = "created, never connected (the page closed the WebSocket while the socket was held)";
    if (settings_.hold_timeout > 0) set_deadline(seconds(settings_.hold_timeout), [this] { hold_expired(); });
    // Built before the co_await: GCC 12 destroys an aggregate temporary inside a co_await
    // expression twice (a crash in free()).
    CreatedReport report{address_, dns_ms, call, settings_.hold_timeout};
    const std::string created = created_message(report);
    sending_created_ = true;
    co_await send_text(created);
    sending_created_ = false;
    beast::flat_buffer next;
    bool too_big = co_await read_message(next, ec);
    clear_deadline();
    if (hold_expired_ || page_dropped_) co_return false;  // the final frame is sent, or the page is gone
    Error refusal;
    if (too_big) {
      refusal = frame_too_big_error();
    } else if (ec) {
      close_target();  // the page closed the WebSocket: the held socket goes with it
      co_return false;
    } else if (!ws_.got_text()) {
      refusal = make_error(ErrorCode::relay_refused, "Binary data came after \"created\", before \"connect\": the socket is not "
                                                     "connected yet; send {\"op\":\"connect\"} first.");
    } else {
      refusal = check_connect_after_create(beast::buffers_to_string(next.data()));
    }
    if (refusal) {
      close_target();
      co_await fail(refusal);
      co_return false;
    }
    connect_deadline_ = Clock::now() + seconds(connect_timeout_);
    co_return true;
  }

  // The hold timeout: the page gets an `error` and the WebSocket closes; the held socket closes now.
  void hold_expired() {
    hold_expired_ = true;
    pending_error_ = make_error(ErrorCode::idle_timeout,
                                "The socket was created and held for " + format_seconds(settings_.hold_timeout) +
                                    " without {\"op\":\"connect\"}, the relay's hold timeout (--hold-timeout); the relay closed it.");
    outcome_ = std::string(to_string(pending_error_.code)) + ": " + pending_error_.message;
    close_target();
    if (sending_created_) {  // the page never took `created`: a second write must not start beside it
      drop_page("the page did not take the created frame");
      return;
    }
    arm_grace();  // a page that does not take the frame keeps no slot
    asio::co_spawn(ws_.get_executor(), send_final_while_held(shared_from_this(), pending_error_), asio::detached);
  }

  awaitable<void> send_final_while_held(std::shared_ptr<RelayConnection> self, Error why) {
    (void)self;  // held so the connection outlives this coroutine
    co_await send_text(error_message(why));
    co_await close_websocket();
  }

  // [SECTION] TCP (and TLS)
  awaitable<void> relay_tcp(std::shared_ptr<RelayConnection> self) {
    ConnectedReport report;
    Error error;
    auto endpoints = co_await resolve_checked<tcp>(error, report.dns_ms);
    if (page_dropped_) co_return;  // stopped from outside meanwhile
    if (error) co_return co_await fail(error);
    if (request_.create) {  // the first address's socket, made now and connected below
      tcp_.emplace(ws_.get_executor());
      if (!co_await create_and_hold(tcp_->socket(), endpoints.front(), report.dns_ms)) co_return;
    }

    auto connect_started = Clock::now();
    error_code ec;
    bool use_held = request_.create;
    for (const auto& ep : endpoints) {
      if (!use_held) tcp_.emplace(ws_.get_executor());
      use_held = false;
      tcp_->expires_at(connect_deadline_);
      co_await tcp_->async_connect(ep, asio::redirect_error(use_awaitable, ec));
      address_ = show(ep);
      if (!ec) break;
      error = connect_error(ec, address_, connect_timeout_);
      if (ec == beast::error::timeout) break;  // the deadline covers all attempts
    }
    if (page_dropped_) co_return;
    if (ec) co_return co_await fail(error);
    error = Error{};
    tcp_->expires_never();
    tcp_->socket().set_option(tcp::no_delay(true));  // the page decides how to batch its bytes
    report.connect_ms = ms_since(connect_started);
    report.address = address_;

    if (!request_.tls) {
      co_await send_text(connected_message(report));
      outcome_ = "connected";
      connected_ = true;
      co_await relay_stream(self, *tcp_);
      co_return;
    }

    auto tls_started = Clock::now();
    tls_.emplace(std::move(*tcp_), *settings_.tls_context);
    tcp_.reset();
    // SNI for names only; the name or address the certificate must carry (native/tls_client).
    prepare_client_ssl(tls_->native_handle(), request_.host, request_.tls_verify, request_.alpn);
    beast::get_lowest_layer(*tls_).expires_at(connect_deadline_);
    co_await tls_->async_handshake(asio::ssl::stream_base::client, asio::redirect_error(use_awaitable, ec));
    beast::get_lowest_layer(*tls_).expires_never();
    if (page_dropped_) co_return;
    if (ec) {
      if (ec == beast::error::timeout)
        co_return co_await fail(make_error(ErrorCode::connect_timeout, "The TLS handshake with " + address_ +
                                                                           " timed out after " + format_seconds(connect_timeout_) + "."));
      if (Error rejected = certificate_error(tls_->native_handle(), request_.host,
                                             " To connect anyway, untick 'verify TLS certificates' (sends "
                                             "\"tls_verify\":false) only if you trust this server."))
        co_return co_await fail(rejected);
      unsigned long openssl_error = ec.category() == asio::error::get_ssl_category() ? static_cast<unsigned long>(ec.value()) : 0;
      std::string why = openssl_error ? handshake_failure_reason(openssl_error)
                        : ec == asio::error::eof || ec == asio::ssl::error::stream_truncated
                            ? handshake_failure_reason(0)
                            : ec.message();
      co_return co_await fail(make_error(ErrorCode::tls_failed, "The TLS handshake with " + address_ + " failed: " + why + "."));
    }
    report.tls_ms = ms_since(tls_started);
    report.tls = tls_facts(tls_->native_handle(), request_.host, request_.tls_verify);
    co_await send_text(connected_message(report));
    outcome_ = "connected";
    connected_ = true;
    co_await relay_stream(self, *tls_);
  }

  beast::tcp_stream* target_tcp() {
    if (tcp_) return &*tcp_;
    if (tls_) return &beast::get_lowest_layer(*tls_);
    return nullptr;
  }

  void close_target() {
    error_code ec;
    if (auto* s = target_tcp()) s->socket().close(ec);
    if (udp_) udp_->close(ec);
  }

  void idle_action() {
    pending_error_ = make_error(ErrorCode::idle_timeout, "No bytes moved in either direction for " +
                                                             format_seconds(settings_.idle_timeout) + "; the relay closed the connection.");
    end_connection(pending_error_);
  }

  template <class Stream>
  awaitable<void> relay_stream(std::shared_ptr<RelayConnection> self, Stream& stream) {
    set_idle_deadline([this] { idle_action(); });
    start_lifetime();
    asio::co_spawn(ws_.get_executor(), pump_up(self, stream), asio::detached);
    co_await pump_down(stream);
  }

  // Page -> target: each BINARY frame's bytes, in order.
  template <class Stream>
  awaitable<void> pump_up(std::shared_ptr<RelayConnection> self, Stream& stream) {
    (void)self;  // held so the connection outlives this coroutine
    beast::flat_buffer buffer;
    error_code ec;
    while (true) {
      buffer.clear();
      bool too_big = co_await read_message(buffer, ec);
      if (too_big) {
        if (!pending_error_) pending_error_ = frame_too_big_error();
        close_target();
        co_return;
      }
      if (ec) {
        if (!closing_) {  // the page closed (or lost, or was dropped from) the WebSocket: close the target too
          if (!page_dropped_) outcome_ = "page closed the WebSocket";
          page_closed_ = true;
          close_target();
        }
        co_return;
      }
      touch();
      if (ws_.got_text()) {
        if (is_shutdown_request(beast::buffers_to_string(buffer.data()))) {
          error_code ignored;
          target_tcp()->socket().shutdown(tcp::socket::shutdown_send, ignored);  // FIN: the peer reads EOF
          continue;
        }
        pending_error_ = refuse_text_after_connected(beast::buffers_to_string(buffer.data()), /*udp=*/false);
        close_target();
        co_return;
      }
      if (over_byte_limit(buffer.size())) {
        close_target();
        co_return;
      }
      up_ += buffer.size();
      co_await asio::async_write(stream, buffer.data(), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (!closing_ && !pending_error_) pending_error_ = transfer_error(ec, address_);
        close_target();
        co_return;
      }
      touch();
    }
  }

  // Target -> page: up to kReadChunk bytes per BINARY frame; then the final frame and the close.
  template <class Stream>
  awaitable<void> pump_down(Stream& stream) {
    std::vector<char> chunk(kReadChunk);
    error_code ec;
    while (true) {
      std::size_t n = co_await stream.async_read_some(asio::buffer(chunk), asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      touch();
      if (over_byte_limit(n)) break;
      down_ += n;
      ws_.binary(true);
      error_code wec;
      co_await ws_.async_write(asio::buffer(chunk.data(), n), asio::redirect_error(use_awaitable, wec));
      if (wec) {  // the page is gone (or was dropped, drop_page); pump_up sees it too
        if (!page_closed_ && !page_dropped_) outcome_ = "page connection lost (" + wec.message() + ")";
        page_closed_ = true;
        close_target();
        co_return;
      }
      touch();
    }
    co_await finish_down(ec);
  }

  awaitable<void> finish_down(const error_code& ec) {
    if (page_closed_ || page_dropped_) co_return;  // nothing to tell: the page is gone
    closing_ = true;
    clear_deadline();
    // A TLS peer that closes without close_notify (most HTTPS servers) is an ordinary close.
    bool peer_closed = ec == asio::error::eof || ec == asio::ssl::error::stream_truncated;
    if (pending_error_) {
      outcome_ = std::string(to_string(pending_error_.code)) + ": " + pending_error_.message;
      co_await send_text(error_message(pending_error_));
    } else if (peer_closed) {
      outcome_ = "closed by the peer";
      co_await send_text(closed_message());
    } else {
      Error e = transfer_error(ec, address_);
      outcome_ = std::string(to_string(e.code)) + ": " + e.message;
      co_await send_text(error_message(e));
    }
    close_target();
    co_await close_websocket();
  }

  // [SECTION] UDP: one datagram per BINARY frame each way
  awaitable<void> relay_udp(std::shared_ptr<RelayConnection> self) {
    ConnectedReport report;
    Error error;
    auto endpoints = co_await resolve_checked<udp>(error, report.dns_ms);
    if (page_dropped_) co_return;  // stopped from outside meanwhile
    if (error) co_return co_await fail(error);
    const auto& ep = endpoints.front();  // UDP "connect" only fixes the peer; no handshake to retry
    udp_.emplace(ws_.get_executor());
    if (request_.create && !co_await create_and_hold(*udp_, ep, report.dns_ms)) co_return;
    auto connect_started = Clock::now();
    error_code ec;
    if (!udp_->is_open()) udp_->open(ep.protocol(), ec);
    // Without SO_BROADCAST the kernel refuses to send to a broadcast address (EACCES), also to
    // a subnet's directed broadcast the policy cannot recognise from the address alone.
    if (!ec && settings_.policy.allow_broadcast) udp_->set_option(asio::socket_base::broadcast(true), ec);
    if (!ec) udp_->connect(ep, ec);
    address_ = show(ep);
    if (ec) co_return co_await fail(connect_error(ec, address_, connect_timeout_));
    report.connect_ms = ms_since(connect_started);
    report.address = address_;
    co_await send_text(connected_message(report));
    outcome_ = "connected";
    connected_ = true;
    set_idle_deadline([this] { idle_action(); });
    start_lifetime();
    asio::co_spawn(ws_.get_executor(), pump_udp_up(self), asio::detached);

    std::vector<char> datagram(kMaxUdpPayload + 1);
    while (true) {
      std::size_t n = co_await udp_->async_receive(asio::buffer(datagram), asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      touch();
      if (over_byte_limit(n)) break;
      down_ += n;
      ws_.binary(true);
      error_code wec;
      co_await ws_.async_write(asio::buffer(datagram.data(), n), asio::redirect_error(use_awaitable, wec));
      if (wec) {
        page_closed_ = true;
        close_target();
        co_return;
      }
    }
    co_await finish_down(ec);
  }

  awaitable<void> pump_udp_up(std::shared_ptr<RelayConnection> self) {
    (void)self;  // held so the connection outlives this coroutine
    beast::flat_buffer buffer;
    error_code ec;
    while (true) {
      buffer.clear();
      bool too_big = co_await read_message(buffer, ec);
      if (too_big) {
        if (!pending_error_) pending_error_ = frame_too_big_error();
        close_target();
        co_return;
      }
      if (ec) {
        if (!closing_) {
          if (!page_dropped_) outcome_ = "page closed the WebSocket";
          page_closed_ = true;
          close_target();
        }
        co_return;
      }
      touch();
      if (ws_.got_text() || buffer.size() > kMaxUdpPayload) {
        pending_error_ = ws_.got_text() ? refuse_text_after_connected(beast::buffers_to_string(buffer.data()), /*udp=*/true)
                                        : make_error(ErrorCode::relay_refused, "A UDP datagram carries at most 65507 bytes; this frame had " +
                                                                                   std::to_string(buffer.size()) + ".");
        close_target();
        co_return;
      }
      if (over_byte_limit(buffer.size())) {
        close_target();
        co_return;
      }
      up_ += buffer.size();
      co_await udp_->async_send(buffer.data(), asio::redirect_error(use_awaitable, ec));
      if (ec) {
        if (!closing_ && !pending_error_) pending_error_ = transfer_error(ec, address_);
        close_target();
        co_return;
      }
    }
  }

  RelayWebSocket ws_;
  std::string origin_;
  RelaySettings settings_;
  std::shared_ptr<void> slot_;
  ConnectRequest request_;
  double connect_timeout_ = 10;
  Clock::time_point connect_deadline_;

  std::optional<beast::tcp_stream> tcp_;
  std::optional<asio::ssl::stream<beast::tcp_stream>> tls_;
  std::optional<udp::socket> udp_;

  asio::steady_timer deadline_timer_;
  asio::steady_timer lifetime_timer_;
  asio::steady_timer grace_timer_;  // end_connection: the page's time to take the final frame
  bool grace_armed_ = false;
  bool connected_ = false;     // `connected` was sent: bytes are being relayed
  bool hold_expired_ = false;  // a created socket waited longer than hold_timeout
  bool sending_created_ = false;  // the `created` frame is being written
  bool page_dropped_ = false;  // drop_page closed the page's TCP connection
  Clock::time_point deadline_;
  Clock::time_point last_activity_ = Clock::now();
  bool idle_phase_ = false;
  std::function<void()> on_deadline_;
  bool finished_ = false;
  bool closing_ = false;      // pump_down is sending the final frame
  bool page_closed_ = false;  // the page's side ended first
  Error pending_error_;       // to report in the final frame

  // For the log line.
  Clock::time_point started_ = Clock::now();
  std::string target_, address_;
  std::string outcome_ = "ended before the connect request";
  std::uint64_t up_ = 0, down_ = 0;
};

}  // namespace

awaitable<void> run_relay(RelayWebSocket ws, UpgradeRequest upgrade, std::string origin, RelaySettings settings,
                          std::shared_ptr<void> slot) {
  auto connection = std::make_shared<RelayConnection>(std::move(ws), std::move(origin), std::move(settings), std::move(slot));
  co_await connection->run(std::move(upgrade));
}

}  // namespace wirepad::native
