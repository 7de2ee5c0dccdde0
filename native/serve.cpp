// native: `wirepad serve` (see serve.h): one Asio thread runs an HTTP/1.1 server that serves
// the browser build from web_root and hands WebSocket upgrades at /relay to the relay
// (relay_session.cpp). Every request passes the Host check first (DNS rebinding defence);
// upgrades also need this server's Origin and the per-run token.
#include "native/serve.h"

// GCC 12 warns -Wmismatched-new-delete where a coroutine frame is freed: Asio's
// awaitable_frame_base pairs its own operator new and operator delete, so it is a false alarm.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <openssl/rand.h>
#include <openssl/ssl.h>

#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "native/relay_http_rules.h"
#include "native/relay_session.h"

namespace wirepad::native {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using asio::awaitable;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Response = http::response<http::string_body>;

constexpr int kExtraPorts = 20;

std::string random_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes);
    if (!urandom) std::abort();  // no CSPRNG at all: serving with a guessable token is worse
  }
  static const char hex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char b : bytes) {
    token += hex[b >> 4];
    token += hex[b & 15];
  }
  return token;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return out.str();
}

}  // namespace

struct ServeServer::Impl {
  ServeOptions options;
  std::string token;
  std::uint16_t port = 0;
  std::string bind_address;  // as bound, e.g. "127.0.0.1" or "::1"
  std::string csp;
  RelaySettings relay;
  std::shared_ptr<std::atomic<int>> live_relays = std::make_shared<std::atomic<int>>(0);
  std::mutex log_mutex;

  // Declared last: destroyed first, while everything their handlers use is still alive.
  std::unique_ptr<asio::io_context> io;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;

  void log(const std::string& line) {
    if (options.log) return options.log(line);
    std::lock_guard<std::mutex> lock(log_mutex);
    std::cerr << line << "\n";
  }

  std::string bind_and_listen();
  awaitable<void> accept_loop();
  awaitable<void> serve_connection(tcp::socket socket);
  Response respond(const http::request<http::string_body>& req);
  Response plain(const http::request<http::string_body>& req, http::status status, std::string sentence);
  std::optional<Response> check_upgrade(const http::request<http::string_body>& req, std::string& why);
  void add_common_headers(Response& res);
};

void ServeServer::Impl::add_common_headers(Response& res) {
  res.set(http::field::server, "wirepad");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", csp);
  res.set("Referrer-Policy", "no-referrer");
  res.set("Cross-Origin-Resource-Policy", "same-origin");  // other sites may not embed our files
}

Response ServeServer::Impl::plain(const http::request<http::string_body>& req, http::status status, std::string sentence) {
  Response res{status, req.version()};
  add_common_headers(res);
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.body() = std::move(sentence) + "\n";
  res.prepare_payload();
  if (req.method() == http::verb::head) {
    auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

Response ServeServer::Impl::respond(const http::request<http::string_body>& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    // RFC 9110 15.5.6: 405 must list the methods the resource supports.
    Response res = plain(req, http::status::method_not_allowed, "Only GET and HEAD are served here.");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  std::string target(req.target());
  if (target_path(target) == "/relay")
    return plain(req, http::status::upgrade_required,
                 "/relay is the relay: open a WebSocket to it from the page this server serves.");
  auto relative = web_path_for_target(target);
  if (!relative) return plain(req, http::status::bad_request, relative.error().message);

  fs::path root = options.web_root.empty() ? fs::path() : fs::path(options.web_root);
  std::error_code fs_error;
  if (root.empty() || !fs::is_regular_file(root / "index.html", fs_error))
    return plain(req, http::status::not_found,
                 "The web build is missing: no index.html in '" + options.web_root +
                     "'. Build it with scripts/run.sh (or scripts/build.sh web), or point --web-root at a folder "
                     "that holds index.html, wirepad_web.js and wirepad_web.wasm.");
  fs::path file = root / *relative;
  // web_path_for_target refused "..", so the path is under root lexically; a symlink could
  // still point out of it, so compare the resolved paths too.
  fs::path real_root = fs::weakly_canonical(root, fs_error);
  fs::path real_file = fs::weakly_canonical(file, fs_error);
  auto [root_end, ignored_it] = std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
  if (fs_error || root_end != real_root.end() || !fs::is_regular_file(real_file, fs_error))
    return plain(req, http::status::not_found,
                 "No file '/" + *relative + "' here; the app is at " + server_url(bind_address, port) + ".");
  auto body = read_file(real_file);
  if (!body) return plain(req, http::status::internal_server_error, "Could not read '/" + *relative + "' from the web root.");

  bool is_index = *relative == "index.html";
  Response res{http::status::ok, req.version()};
  add_common_headers(res);
  res.set(http::field::content_type, content_type_for(*relative));
  // index.html carries the per-run token: never cache it. The rest may be revalidated.
  res.set(http::field::cache_control, is_index ? "no-store" : "no-cache");
  if (is_index) {
    // The page learns its relay token and where the lab's hello server runs (its example).
    *body = substitute_token(std::move(*body), token);
    *body = substitute_placeholder(std::move(*body), "%WIREPAD_HELLO_PORT%", std::to_string(options.hello_port));
  }
  res.body() = std::move(*body);
  res.prepare_payload();
  if (req.method() == http::verb::head) {
    auto length = res.body().size();
    res.body().clear();
    res.content_length(length);
  }
  return res;
}

// Refusal of a WebSocket upgrade as an ordinary HTTP response (before any 101), or nullopt.
std::optional<Response> ServeServer::Impl::check_upgrade(const http::request<http::string_body>& req, std::string& why) {
  auto refuse = [&](http::status status, std::string sentence) {
    why = sentence;
    Response res = plain(req, status, std::move(sentence));
    res.keep_alive(false);
    return std::optional<Response>(std::move(res));
  };
  std::string target(req.target());
  if (target_path(target) != "/relay") return refuse(http::status::not_found, "WebSockets are accepted at /relay only.");
  std::string origin(req[http::field::origin]);
  std::string here = "http://127.0.0.1:" + std::to_string(port);
  if (origin.empty())
    return refuse(http::status::forbidden, "The upgrade has no Origin header; only the page served at " + here + "/ may use the relay.");
  if (!origin_is_this_server(origin, port, bind_address))
    return refuse(http::status::forbidden,
                  "Origin '" + origin + "' may not use this relay; only the page served at " + here + "/ may.");
  auto given = query_parameter(target, "token");
  if (!given || given->empty())
    return refuse(http::status::unauthorized, "The relay needs ?token=...; reload the page served at " + here + "/ to get it.");
  if (!constant_time_equal(*given, token))
    return refuse(http::status::unauthorized,
                  "The relay token is wrong (this server restarted?); reload the page served at " + here + "/.");
  int max = options.max_relay_connections;
  if (max > 0 && live_relays->load() >= max)
    return refuse(http::status::service_unavailable,
                  "The relay already carries " + std::to_string(max) + " connections; close some and retry.");
  return std::nullopt;
}

awaitable<void> ServeServer::Impl::serve_connection(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  error_code ec;
  while (true) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(64 * 1024);
    stream.expires_after(std::chrono::seconds(30));
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) break;  // closed, timed out or not HTTP: nothing useful to answer
    http::request<http::string_body>& req = parser.get();

    // Every request: Host must name this server (RFC 9112 3.2 requires Host in HTTP/1.1).
    std::string host(req[http::field::host]);
    if (!host_is_this_server(host, port, bind_address)) {
      std::string url = server_url(bind_address, port);
      std::string sentence = host.empty() ? "The request has no Host header; open " + url + " instead"
                                          : "Host '" + host + "' is not this relay; open " + url + " instead";
      if (websocket::is_upgrade(req)) log("relay: refused upgrade from Origin '" + std::string(req[http::field::origin]) + "': " + sentence);
      Response res = plain(req, http::status::forbidden, sentence);
      res.keep_alive(false);
      co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
      break;
    }

    if (websocket::is_upgrade(req)) {
      std::string why;
      if (auto refusal = check_upgrade(req, why)) {
        log("relay: refused upgrade from Origin '" + std::string(req[http::field::origin]) + "': " + why);
        co_await http::async_write(stream, *refusal, asio::redirect_error(use_awaitable, ec));
        break;
      }
      live_relays->fetch_add(1);
      std::shared_ptr<void> slot(nullptr, [live = live_relays](void*) { live->fetch_sub(1); });
      std::string origin(req[http::field::origin]);
      co_await run_relay(RelayWebSocket(std::move(stream)), parser.release(), std::move(origin), relay, std::move(slot));
      co_return;
    }

    Response res = respond(req);
    res.keep_alive(req.keep_alive() && res.keep_alive());
    co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    if (ec || res.need_eof()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

awaitable<void> ServeServer::Impl::accept_loop() {
  while (true) {
    error_code ec;
    tcp::socket socket = co_await acceptor->async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
    if (ec) continue;  // e.g. too many open files: keep serving the connections we have
    asio::co_spawn(acceptor->get_executor(), serve_connection(std::move(socket)), asio::detached);
  }
}

std::string ServeServer::Impl::bind_and_listen() {
  error_code ec;
  auto address = asio::ip::make_address(options.bind, ec);
  if (ec) return "'" + options.bind + "' is not an IP address to listen on; use 127.0.0.1 or ::1";
  int tries = (options.try_next_ports && options.port != 0) ? kExtraPorts + 1 : 1;
  for (int i = 0; i < tries && int(options.port) + i <= 65535; ++i) {
    auto candidate = std::uint16_t(options.port + i);
    auto a = std::make_unique<tcp::acceptor>(*io);
    tcp::endpoint endpoint(address, candidate);
    a->open(endpoint.protocol(), ec);
    if (!ec) a->set_option(asio::socket_base::reuse_address(true), ec);  // restart while old sockets are in TIME_WAIT
    if (!ec) a->bind(endpoint, ec);
    if (ec == asio::error::address_in_use) continue;
    if (!ec) a->listen(asio::socket_base::max_listen_connections, ec);
    if (ec == asio::error::address_in_use) continue;
    if (ec == asio::error::access_denied)
      return "port " + std::to_string(candidate) + " needs privileges; choose a port above 1023 with --port";
    if (ec == boost::system::errc::address_not_available)
      return "cannot listen on " + options.bind + ": no interface of this machine has that address";
    if (ec) return "cannot listen on " + options.bind + " port " + std::to_string(candidate) + ": " + ec.message();
    acceptor = std::move(a);
    port = acceptor->local_endpoint().port();
    bind_address = address.to_string();
    return "";
  }
  if (tries == 1) return "port " + std::to_string(options.port) + " is in use; choose another with --port";
  return "ports " + std::to_string(options.port) + "-" + std::to_string(options.port + tries - 1) +
         " are all in use; choose another with --port";
}

ServeServer::ServeServer(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->token = impl_->options.token.empty() ? random_token() : impl_->options.token;
}

ServeServer::~ServeServer() { stop(); }

std::string ServeServer::start() {
  if (impl_->io) return "the server is already running";
  impl_->io = std::make_unique<asio::io_context>(1);
  std::string why = impl_->bind_and_listen();
  if (!why.empty()) {
    impl_->io.reset();
    return why;
  }
  Impl& s = *impl_;
  s.csp = content_security_policy(s.port);
  s.relay.policy.allow_private = s.options.allow_private;
  s.relay.connect_timeout = s.options.connect_timeout;
  s.relay.idle_timeout = s.options.idle_timeout;
  s.relay.tls_context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  s.relay.tls_context->set_default_verify_paths();
  // As the native transport does: TLS 1.2 or newer, and offer ALPN http/1.1.
  SSL_CTX* ctx = s.relay.tls_context->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  static const unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn);
  s.relay.log = [impl = impl_.get()](const std::string& line) { impl->log(line); };
  asio::co_spawn(*s.io, s.accept_loop(), asio::detached);
  s.threads.emplace_back([io = s.io.get()] { io->run(); });
  return "";
}

void ServeServer::stop() {
  if (!impl_ || !impl_->io) return;
  impl_->io->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  impl_->acceptor.reset();
  // Destroying the io_context destroys every suspended connection coroutine, which closes its
  // sockets: pages see their WebSockets drop, targets see a close.
  impl_->io.reset();
}

std::uint16_t ServeServer::port() const { return impl_->port; }
const std::string& ServeServer::token() const { return impl_->token; }
std::string ServeServer::url() const { return server_url(impl_->bind_address, impl_->port); }

}  // namespace wirepad::native
