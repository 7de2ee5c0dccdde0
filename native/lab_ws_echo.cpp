// native: lab_ws_echo.h. One io_context on one thread, a coroutine per connection: a lab
// serves a handful of learners and benchmarks, so no strands, no thread pool.
#include "native/lab_ws_echo.h"

#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <thread>

namespace wirepad::native {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using asio::awaitable;
using asio::use_awaitable;
using boost::system::error_code;
using tcp = asio::ip::tcp;

// The largest message echoed (after inflating): Wirepad's client accepts 64 MiB by default.
constexpr std::size_t kMaxMessage = 64u << 20;

awaitable<void> echo_connection(tcp::socket socket) {
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);  // a 100-byte echo must not wait for a delayed ACK
  websocket::stream<beast::tcp_stream> ws(std::move(socket));
  websocket::permessage_deflate deflate;
  deflate.server_enable = true;  // agreed only when the client offers it (RFC 7692)
  ws.set_option(deflate);
  // Handshake and close within 30 s; an idle client may stay (a learner typing).
  ws.set_option(websocket::stream_base::timeout{std::chrono::seconds(30), websocket::stream_base::none(), false});
  ws.read_message_max(kMaxMessage);
  // A message goes back as one frame, as it came in the common case (Beast would otherwise cut
  // it into frames of its write buffer's size, 4 KiB).
  ws.auto_fragment(false);
  co_await ws.async_accept(asio::redirect_error(use_awaitable, ec));
  if (ec) co_return;
  beast::flat_buffer buffer;
  for (;;) {
    // Pings are answered and a close is answered (same code) inside async_read, which then
    // ends with websocket::error::closed.
    co_await ws.async_read(buffer, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    ws.text(ws.got_text());
    co_await ws.async_write(buffer.data(), asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    buffer.consume(buffer.size());
  }
}

awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;  // the peer gave up before we accepted, or out of descriptors for now
    asio::co_spawn(acceptor.get_executor(), echo_connection(std::move(socket)), asio::detached);
  }
}

}  // namespace

struct LabWsEcho::Impl {
  std::unique_ptr<asio::io_context> io = std::make_unique<asio::io_context>(1);
  std::unique_ptr<tcp::acceptor> acceptor;
  std::thread thread;
  int port = 0;
};

LabWsEcho::LabWsEcho() : impl_(std::make_unique<Impl>()) {}
LabWsEcho::~LabWsEcho() { stop(); }

bool LabWsEcho::start(const std::string& bind, int port, std::string& why) {
  Impl& s = *impl_;
  if (!s.io || s.acceptor) {
    why = "the WebSocket echo starts once";
    return false;
  }
  error_code ec;
  asio::ip::address address = asio::ip::make_address(bind, ec);
  if (ec) {
    why = "'" + bind + "' is not an IPv4 or IPv6 address";
    return false;
  }
  tcp::endpoint endpoint(address, std::uint16_t(port));
  auto acceptor = std::make_unique<tcp::acceptor>(*s.io);
  acceptor->open(endpoint.protocol(), ec);
  if (!ec && address.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);  // the lab's other servers do the same
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (ec) {
    why = ec == asio::error::address_in_use ? "port " + std::to_string(port) + " is in use"
                                            : "cannot bind " + bind + ":" + std::to_string(port) + ": " + ec.message();
    return false;
  }
  acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    why = "cannot listen: " + ec.message();
    return false;
  }
  s.port = acceptor->local_endpoint().port();
  s.acceptor = std::move(acceptor);
  asio::co_spawn(*s.io, accept_loop(*s.acceptor), asio::detached);
  s.thread = std::thread([io = s.io.get()] { io->run(); });
  return true;
}

int LabWsEcho::port() const { return impl_->port; }

void LabWsEcho::stop() {
  Impl& s = *impl_;
  if (!s.io) return;
  s.io->stop();  // run() returns at once, whatever the connections are doing
  if (s.thread.joinable()) s.thread.join();
  s.acceptor.reset();
  // Destroying the io_context destroys each suspended connection coroutine and its socket.
  s.io.reset();
  s.port = 0;
}

}  // namespace wirepad::native
