// native: `wirepad serve` (see serve.h): one Asio thread runs an HTTP/1.1 server that serves
// the browser build from web_root and hands WebSocket upgrades at /relay to the relay
// (relay_session.cpp). Every request passes the Host check first (DNS rebinding defence);
// upgrades also need this server's Origin and the per-run token, or a paired Origin and its
// pairing token (POST /pair trades the one-time code for one). docs/relay-security.md says
// what each check defends against.
#include "native/serve.h"
#include "native/tls_client.h"

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
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>
#include <cctype>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "native/relay_http_rules.h"
#include "native/relay_pairing.h"
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

// The fonts the page fetches (web/web_fonts.cpp): the main font as it starts, each fallback
// once it shows such text; the same files the desktop uses, from Debian's packages
// (scripts/setup.sh).
struct ServedFont {
  const char* url_path;
  const char* file;
  const char* package;
  const char* what;
};
constexpr ServedFont kServedFonts[] = {
    {"/fonts/cjk.ttf", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback", "CJK"},
    {"/fonts/hangul.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf", "fonts-nanum", "Korean"},
    {"/fonts/mono.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", "fonts-dejavu-core", "main"},
    {"/fonts/symbols.ttf", "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", "fonts-symbola", "symbol and emoji"},
};

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
  // Live relay connections per page (the per-run token's page, or a paired Origin).
  std::shared_ptr<std::map<std::string, int>> live_per_page = std::make_shared<std::map<std::string, int>>();
  std::shared_ptr<std::mutex> live_mutex = std::make_shared<std::mutex>();
  std::unique_ptr<PairingStore> pairings;
  std::unique_ptr<PairingCode> code;
  std::mutex log_mutex;
  std::ofstream log_file;
  std::vector<std::string> listening;

  // Declared last: destroyed first, while everything their handlers use is still alive.
  std::unique_ptr<asio::io_context> io;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;

  void log(const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    if (log_file.is_open()) {
      std::time_t t = std::time(nullptr);
      char stamp[32];
      std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", std::localtime(&t));
      log_file << stamp << " " << line << "\n" << std::flush;
    }
    if (options.log) return options.log(line);
    std::cerr << line << "\n";
  }

  std::string bind_and_listen();
  awaitable<void> accept_loop(tcp::acceptor& acceptor);
  Response pair(const http::request<http::string_body>& req);
  std::string page_key_or_refusal(const std::string& origin, const std::string& target, http::status& status, std::string& why);
  awaitable<void> serve_connection(tcp::socket socket);
  Response respond(const http::request<http::string_body>& req);
  Response plain(const http::request<http::string_body>& req, http::status status, std::string sentence);
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
  // The browser build's fonts (web/web_fonts.cpp): Debian's font files, never copied into
  // the web root.
  for (const ServedFont& served : kServedFonts) {
    if (target_path(target) != served.url_path) continue;
    auto font = read_file(served.file);
    if (!font)
      return plain(req, http::status::not_found,
                   std::string("No ") + served.what + " font on this machine: install " + served.package + " (" +
                       served.file + ").");
    Response res{http::status::ok, req.version()};
    add_common_headers(res);
    res.set(http::field::content_type, "font/ttf");
    res.set(http::field::cache_control, "max-age=86400");
    res.body() = std::move(*font);
    res.prepare_payload();
    if (req.method() == http::verb::head) {
      auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    return res;
  }
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

// Which page an upgrade comes from ("" with status and why set when it is refused): this
// server's own page (Origin is this server, per-run token) or a paired Origin (its token).
std::string ServeServer::Impl::page_key_or_refusal(const std::string& origin, const std::string& target, http::status& status,
                                                   std::string& why) {
  std::string here = server_url(bind_address, port);
  auto refuse = [&](http::status s, std::string sentence) {
    status = s;
    why = std::move(sentence);
    return std::string();
  };
  auto given = query_parameter(target, "token");
  if (origin.empty())
    return refuse(http::status::forbidden, "The upgrade has no Origin header; only the page served at " + here +
                                               " or a page paired with this relay may use it.");
  if (origin_is_this_server(origin, port, bind_address)) {
    if (!given || given->empty())
      return refuse(http::status::unauthorized, "The relay needs ?token=...; reload the page served at " + here + " to get it.");
    if (!constant_time_equal(*given, token))
      return refuse(http::status::unauthorized,
                    "The relay token is wrong (this server restarted?); reload the page served at " + here + ".");
    return "page " + here;
  }
  const std::string how = "pair it by opening that page and entering the one-time pairing code `wirepad serve` printed "
                          "(the page asks for it), or open " + here + " instead.";
  if (!origin_can_pair(origin))
    return refuse(http::status::forbidden, "Origin '" + origin + "' may not use this relay and cannot pair: serve the page over "
                                           "http:// (python3 -m http.server, say) and open it from there, or open " + here + ".");
  switch (pairings->check(origin, given.value_or(""))) {
    case PairingVerdict::accepted:
      return origin;
    case PairingVerdict::not_paired:
      return refuse(http::status::forbidden, "Origin '" + origin + "' is not paired with this relay; " + how);
    case PairingVerdict::revoked:
      return refuse(http::status::forbidden, "The pairing of Origin '" + origin +
                                                 "' was revoked (wirepad relay pairings --revoke); to use the relay again, " + how);
    case PairingVerdict::no_token:
      return refuse(http::status::unauthorized, "Origin '" + origin + "' is paired, but the upgrade has no ?token=...; the page keeps "
                                                "its pairing token in localStorage: if that was cleared, " + how);
    case PairingVerdict::wrong_token:
      return refuse(http::status::unauthorized, "The pairing token from Origin '" + origin + "' is wrong; " + how);
  }
  return refuse(http::status::forbidden, "Origin '" + origin + "' may not use this relay.");
}

// POST /pair {"code":"ABCD-EFGH"} -> {"origin":...,"token":...}; POST /pair/check
// {"token":...} -> {"paired":true} or the refusal the upgrade would get. Cross-origin by design,
// so these two answer CORS for the asking Origin (and nothing else on this server does).
Response ServeServer::Impl::pair(const http::request<http::string_body>& req) {
  std::string origin(req[http::field::origin]);
  bool check = target_path(req.target()) == "/pair/check";
  auto with_cors = [&](Response res) {
    if (origin_can_pair(origin)) {
      res.set(http::field::access_control_allow_origin, origin);
      res.set(http::field::vary, "Origin");
    }
    return res;
  };
  auto sentence = [&](http::status status, std::string text) { return with_cors(plain(req, status, std::move(text))); };
  if (req.method() == http::verb::options) {  // a CORS preflight (JSON bodies, Private Network Access)
    Response res{http::status::no_content, req.version()};  // no body: plain() would add a line
    add_common_headers(res);
    res.set(http::field::access_control_allow_methods, "POST");
    res.set(http::field::access_control_allow_headers, "Content-Type");
    res.set("Access-Control-Allow-Private-Network", "true");
    res.set(http::field::access_control_max_age, "600");
    return with_cors(std::move(res));
  }
  if (req.method() != http::verb::post) {
    Response res = sentence(http::status::method_not_allowed, "Pairing takes a POST with the code.");
    res.set(http::field::allow, "POST, OPTIONS");
    return res;
  }
  std::string here = server_url(bind_address, port);
  if (origin.empty())
    return sentence(http::status::forbidden, "Pairing needs the Origin header a browser sends; open the page that wants to pair.");
  if (origin_is_this_server(origin, port, bind_address))
    return sentence(http::status::bad_request, "The page served at " + here + " needs no pairing: it gets its token from the page.");
  if (!origin_can_pair(origin))
    return sentence(http::status::forbidden, "Origin '" + origin + "' cannot pair: serve the page over http:// "
                                             "(python3 -m http.server, say) and open it from there.");
  // The body is JSON ({"code":...} or {"token":...}) or the bare value as text/plain, which a
  // page can send without a preflight.
  std::string value = req.body();
  nlohmann::json j = nlohmann::json::parse(value, nullptr, false);
  const char* key = check ? "token" : "code";
  if (j.is_object() && j.contains(key) && j[key].is_string()) value = j[key].get<std::string>();
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);

  if (check) {
    http::status status = http::status::ok;
    std::string why;
    std::string page = page_key_or_refusal(origin, "/relay?token=" + value, status, why);
    if (page.empty()) return sentence(status, why);
    Response res = with_cors(plain(req, http::status::ok, ""));
    res.set(http::field::content_type, "application/json");
    res.body() = nlohmann::json{{"paired", true}, {"origin", origin}}.dump();
    res.prepare_payload();
    return res;
  }
  std::string before = code->current();
  bool accepted = code->redeem(value);
  std::string after = code->current();
  if (!accepted) {
    log("relay: refused pairing of Origin '" + origin + "': wrong code" +
        (after != before ? " (too many wrong codes: pairing code is now " + after + ")" : ""));
    return sentence(http::status::forbidden, "That pairing code is wrong or was used already; enter the code `wirepad serve` printed "
                                             "last (after " + std::to_string(PairingCode::kMaxWrongGuesses) +
                                             " wrong codes it prints a new one).");
  }
  auto paired = pairings->add(origin);
  if (!paired) return sentence(http::status::internal_server_error, paired.error().message);
  log("relay: paired Origin '" + origin + "' (saved in " + pairings->path() + "); pairing code is now " + after);
  Response res = with_cors(plain(req, http::status::ok, ""));
  res.set(http::field::content_type, "application/json");
  res.body() = nlohmann::json{{"origin", origin}, {"token", *paired}}.dump();
  res.prepare_payload();
  return res;
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
      std::string target(req.target());
      std::string origin(req[http::field::origin]);
      http::status status = http::status::ok;
      std::string why, page;
      if (target_path(target) != "/relay") {
        status = http::status::not_found;
        why = "WebSockets are accepted at /relay only.";
      } else {
        page = page_key_or_refusal(origin, target, status, why);
      }
      if (page.empty()) {
        log("relay: refused upgrade from Origin '" + origin + "': " + why);
        Response res = plain(req, status, why);
        res.keep_alive(false);
        co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
        break;
      }
      // Counted limits are answered after the upgrade, with an `error` frame the page can read
      // (a browser never shows a page why an upgrade was refused).
      RelaySettings settings = relay;
      std::shared_ptr<void> slot;
      {
        std::lock_guard<std::mutex> lock(*live_mutex);
        int total = options.max_relay_connections, per_page = options.max_connections_per_page;
        if (total > 0 && live_relays->load() >= total) {
          settings.admission = make_error(ErrorCode::relay_refused, "The relay already carries " + std::to_string(total) +
                                                                        " connections, its limit (--max-connections); close some and retry.");
        } else if (per_page > 0 && (*live_per_page)[page] >= per_page) {
          settings.admission = make_error(ErrorCode::relay_refused, "This page already has " + std::to_string(per_page) +
                                                                        " connections open through the relay, its limit per page "
                                                                        "(--max-connections-per-page); close some and retry.");
        } else {
          live_relays->fetch_add(1);
          ++(*live_per_page)[page];
          slot = std::shared_ptr<void>(nullptr, [live = live_relays, per = live_per_page, mutex = live_mutex, page](void*) {
            std::lock_guard<std::mutex> lock(*mutex);
            live->fetch_sub(1);
            if (--(*per)[page] <= 0) per->erase(page);
          });
        }
      }
      co_await run_relay(RelayWebSocket(std::move(stream)), parser.release(), std::move(origin), std::move(settings), std::move(slot));
      co_return;
    }

    std::string_view path = target_path(req.target());
    Response res = (path == "/pair" || path == "/pair/check") ? pair(req) : respond(req);
    res.keep_alive(req.keep_alive() && res.keep_alive());
    co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    if (ec || res.need_eof()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

awaitable<void> ServeServer::Impl::accept_loop(tcp::acceptor& acceptor) {
  while (true) {
    error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;  // e.g. too many open files: keep serving the connections we have
    asio::co_spawn(acceptor.get_executor(), serve_connection(std::move(socket)), asio::detached);
  }
}

std::string ServeServer::Impl::bind_and_listen() {
  error_code ec;
  // By default both loopback addresses: a browser may resolve "localhost" to either.
  bool loopback_pair = options.bind.empty();
  std::vector<asio::ip::address> addresses;
  if (loopback_pair) {
    addresses = {asio::ip::make_address("127.0.0.1"), asio::ip::make_address("::1")};
  } else {
    auto address = asio::ip::make_address(options.bind, ec);
    if (ec) return "'" + options.bind + "' is not an IP address to listen on; use 127.0.0.1 or ::1";
    addresses = {address};
  }
  auto open_one = [&](const asio::ip::address& address, std::uint16_t candidate, error_code& ec) {
    auto a = std::make_unique<tcp::acceptor>(*io);
    tcp::endpoint endpoint(address, candidate);
    a->open(endpoint.protocol(), ec);
    if (!ec && address.is_v6()) a->set_option(asio::ip::v6_only(true), ec);  // ::1 only, no mapped v4
    if (!ec) a->set_option(asio::socket_base::reuse_address(true), ec);  // restart while old sockets are in TIME_WAIT
    if (!ec) a->bind(endpoint, ec);
    if (!ec) a->listen(asio::socket_base::max_listen_connections, ec);
    return a;
  };
  int tries = (options.try_next_ports && options.port != 0) ? kExtraPorts + 1 : 1;
  for (int i = 0; i < tries && int(options.port) + i <= 65535; ++i) {
    auto candidate = std::uint16_t(options.port + i);
    auto first = open_one(addresses[0], candidate, ec);
    if (ec == asio::error::address_in_use) continue;
    if (ec == asio::error::access_denied)
      return "port " + std::to_string(candidate) + " needs privileges; choose a port above 1023 with --port";
    if (ec == boost::system::errc::address_not_available)
      return "cannot listen on " + addresses[0].to_string() + ": no interface of this machine has that address";
    if (ec) return "cannot listen on " + addresses[0].to_string() + " port " + std::to_string(candidate) + ": " + ec.message();
    std::uint16_t chosen = first->local_endpoint().port();
    std::vector<std::unique_ptr<tcp::acceptor>> opened;
    opened.push_back(std::move(first));
    bool retry = false;
    for (std::size_t k = 1; k < addresses.size(); ++k) {
      auto more = open_one(addresses[k], chosen, ec);
      if (ec == asio::error::address_in_use && tries > 1) {
        retry = true;  // ::1:PORT is taken by someone else: try the next port for both
        break;
      }
      if (ec) continue;  // no IPv6 on this machine: 127.0.0.1 alone
      opened.push_back(std::move(more));
    }
    if (retry) continue;
    acceptors = std::move(opened);
    port = chosen;
    bind_address = addresses[0].to_string();
    for (const auto& a : acceptors) {
      auto ep = a->local_endpoint();
      listening.push_back(ep.address().is_v6() ? "[" + ep.address().to_string() + "]:" + std::to_string(ep.port())
                                               : ep.address().to_string() + ":" + std::to_string(ep.port()));
    }
    return "";
  }
  if (tries == 1) return "port " + std::to_string(options.port) + " is in use; choose another with --port";
  return "ports " + std::to_string(options.port) + "-" + std::to_string(options.port + tries - 1) +
         " are all in use; choose another with --port";
}

std::string listen_warning(const std::string& bind) {
  if (bind.empty()) return "";
  error_code ec;
  auto address = asio::ip::make_address(bind, ec);
  if (!ec && address.is_loopback()) return "";
  return "WARNING: listening on " + bind + " lets other machines reach the page and the relay; they still need the token or a "
         "pairing, but anyone who sees the traffic (plain HTTP) sees those. Use this only on a network you trust.";
}

ServeServer::ServeServer(ServeOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->token = impl_->options.token.empty() ? random_hex_token() : impl_->options.token;
  impl_->pairings = std::make_unique<PairingStore>(impl_->options.pairings_file.empty() ? PairingStore::default_path()
                                                                                         : impl_->options.pairings_file);
  impl_->code = std::make_unique<PairingCode>(impl_->options.pairing_code);
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
  if (!s.options.log_file.empty()) {
    s.log_file.open(s.options.log_file, std::ios::app);
    if (!s.log_file) {
      s.acceptors.clear();
      s.io.reset();
      return "cannot append to the log file '" + s.options.log_file + "'";
    }
  }
  if (std::string warning = listen_warning(s.options.bind); !warning.empty()) s.log("relay: " + warning);
  s.csp = content_security_policy(s.port);
  s.relay.policy = s.options.policy;
  if (s.options.allow_private) s.relay.policy.allow_private = true;
  s.relay.connect_timeout = s.options.connect_timeout;
  s.relay.idle_timeout = s.options.idle_timeout;
  s.relay.max_lifetime = s.options.max_lifetime;
  s.relay.max_bytes = s.options.max_bytes_per_connection;
  s.relay.max_frame = s.options.max_frame;
  s.relay.tls_context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  // As the native transport does: TLS 1.2 or newer, ALPN http/1.1, system CAs (+ --cacert).
  configure_client_context(s.relay.tls_context->native_handle());
  if (!s.options.tls_ca_file.empty()) {
    if (std::string problem = add_trusted_ca_file(s.relay.tls_context->native_handle(), s.options.tls_ca_file);
        !problem.empty()) {
      s.acceptors.clear();
      s.io.reset();
      return problem;
    }
  }
  s.relay.log = [impl = impl_.get()](const std::string& line) { impl->log(line); };
  for (auto& a : s.acceptors) asio::co_spawn(*s.io, s.accept_loop(*a), asio::detached);
  s.threads.emplace_back([io = s.io.get()] { io->run(); });
  return "";
}

void ServeServer::stop() {
  if (!impl_ || !impl_->io) return;
  impl_->io->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  impl_->acceptors.clear();
  // Destroying the io_context destroys every suspended connection coroutine, which closes its
  // sockets: pages see their WebSockets drop, targets see a close.
  impl_->io.reset();
}

std::uint16_t ServeServer::port() const { return impl_->port; }
const std::string& ServeServer::token() const { return impl_->token; }
std::string ServeServer::url() const { return server_url(impl_->bind_address, impl_->port); }
std::string ServeServer::pairing_code() const { return impl_->code->current(); }
std::string ServeServer::listening() const {
  std::string out;
  for (const auto& l : impl_->listening) out += (out.empty() ? "" : " and ") + l;
  return out;
}

}  // namespace wirepad::native
