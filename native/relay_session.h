// native: one relay connection of `wirepad serve`: accepts the page's WebSocket, reads the
// connect request, resolves and checks the target against the address policy, connects
// (TCP, TCP+TLS or UDP) and then carries bytes both ways until either side closes.
// The protocol is described in docs/relay-protocol.md.
// Depends on: Boost.Beast/Asio (C++20 coroutines), OpenSSL, shared/address_policy.h.
#pragma once
#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "shared/address_policy.h"

namespace wirepad::native {

using RelayWebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;
using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Lets the server end a live connection from outside (a revoked pairing). The connection sets
// `stop` while it runs; call it on the connection's io_context thread. The page gets `why` as an
// `error` frame when it is connected, else its WebSocket just closes.
struct RelayStop {
  std::function<void(const Error& why)> stop;
};

struct RelaySettings {
  AddressPolicy policy;
  double connect_timeout = 10;        // seconds: cap on DNS + connect + TLS handshake
  double idle_timeout = 300;          // seconds without a byte either way
  double hold_timeout = 120;          // seconds a created socket waits for `connect`; 0 = for ever
  double first_message_timeout = 10;  // seconds from the upgrade to the connect request
  double max_lifetime = 0;            // seconds after `connected`; 0 = no limit
  std::uint64_t max_bytes = 0;        // up + down per connection; 0 = no limit
  std::size_t max_frame = 16 * 1024 * 1024;  // bytes in one message from the page
  // Set when a counted limit (connections in total or per page) refuses this connection: the
  // upgrade completes only so that the page can read this error, and then it closes.
  Error admission;
  std::shared_ptr<RelayStop> stop;                         // optional: see RelayStop
  std::shared_ptr<boost::asio::ssl::context> tls_context;  // client side, CA paths loaded
  std::function<void(const std::string&)> log;             // one line per connection
};

// Completes the WebSocket upgrade for `upgrade` (already checked for Host, Origin and token)
// and runs the relay connection to its end. `slot` is released when the connection ends
// (the server counts live connections with it).
boost::asio::awaitable<void> run_relay(RelayWebSocket ws, UpgradeRequest upgrade, std::string origin,
                                       RelaySettings settings, std::shared_ptr<void> slot);

}  // namespace wirepad::native
