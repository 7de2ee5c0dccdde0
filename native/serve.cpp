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

#include <fcntl.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/websocket.hpp>
#include <filesystem>
#include <cctype>
#include <cstdio>
#include <cstring>
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
#include "native/relay_protocol.h"
#include "native/relay_session.h"
#include "shared/json_input.h"

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

// Files served to pages (the web build, the fallback fonts), read once and shared by every
// response: the wasm and the CJK font are megabytes, and reading and copying them per request
// on the server's only thread stalled every page (20 requests for the CJK font) and held a copy
// per request. A file is read again when its inode, size or mtime change (a rebuilt web build).
// Used on the io thread only.
class FileCache {
 public:
  std::shared_ptr<const std::string> get(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return nullptr;
    Entry& e = entries_[path.string()];
    if (!e.data || e.ino != st.st_ino || e.dev != st.st_dev || e.size != st.st_size || e.mtime_s != st.st_mtim.tv_sec ||
        e.mtime_ns != st.st_mtim.tv_nsec) {
      auto text = read_file(path);
      if (!text) {
        entries_.erase(path.string());
        return nullptr;
      }
      e = Entry{st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                std::make_shared<const std::string>(std::move(*text))};
    }
    return e.data;
  }

 private:
  struct Entry {
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
    time_t mtime_s = 0;
    long mtime_ns = 0;
    std::shared_ptr<const std::string> data;
  };
  std::map<std::string, Entry> entries_;
};

// Who is on the other end of a connection, from the socket (getpeername, getsockname), never
// from a header: only a loopback peer is this machine, and only this machine's pages get the
// per-run token. Everyone else (a --bind 0.0.0.0 relay's network) pairs.
struct Peer {
  bool local = false;         // the peer address is loopback
  std::string address;        // the peer's address, for sentences
  std::string local_address;  // the address the connection arrived at ("192.0.2.2")
};

asio::ip::address unmapped(const asio::ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a;
}

Peer peer_of(const tcp::socket& socket) {
  Peer peer;
  error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (!ec) {
    auto a = unmapped(remote.address());
    peer.local = a.is_loopback();
    peer.address = a.to_string();
  }
  auto here = socket.local_endpoint(ec);
  if (!ec) peer.local_address = unmapped(here.address()).to_string();
  return peer;
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
  int log_fd = -1;  // --log FILE, created 0600: it carries every new pairing code
  std::vector<std::string> listening;
  FileCache files;
  // Live connections of paired pages, by id, so that a revoked pairing closes them at once
  // (watch_pairings). Guarded by live_mutex, like the counts.
  struct PairedConnection {
    std::string origin, token;
    std::shared_ptr<RelayStop> stop;
  };
  std::shared_ptr<std::map<std::uint64_t, PairedConnection>> live_paired =
      std::make_shared<std::map<std::uint64_t, PairedConnection>>();
  std::uint64_t next_connection_id = 0;

  // Declared last: destroyed first, while everything their handlers use is still alive.
  std::unique_ptr<asio::io_context> io;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;

  void log(const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    if (log_fd >= 0) {
      std::time_t t = std::time(nullptr);
      char stamp[32];
      std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z", std::localtime(&t));
      std::string text = std::string(stamp) + " " + line + "\n";
      (void)!::write(log_fd, text.data(), text.size());  // O_APPEND: one write per line
    }
    if (options.log) return options.log(line);
    std::cerr << line << "\n";
  }

  std::string open_log_file();
  std::string bind_and_listen();
  awaitable<void> accept_loop(tcp::acceptor& acceptor);
  awaitable<void> watch_pairings();
  Response pair(const http::request<http::string_body>& req, const Peer& peer);
  std::string page_key_or_refusal(const std::string& origin, const std::string& target, const Peer& peer, http::status& status,
                                  std::string& why);
  awaitable<void> serve_connection(tcp::socket socket);
  // A file's bytes come back in `file` (shared, never copied); sentences in the Response body.
  Response respond(const http::request<http::string_body>& req, const Peer& peer, std::shared_ptr<const std::string>& file_body);
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

Response ServeServer::Impl::respond(const http::request<http::string_body>& req, const Peer& peer,
                                    std::shared_ptr<const std::string>& file_body) {
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
    file_body = files.get(served.file);
    if (!file_body)
      return plain(req, http::status::not_found,
                   std::string("No ") + served.what + " font on this machine: install " + served.package + " (" +
                       served.file + ").");
    Response res{http::status::ok, req.version()};
    add_common_headers(res);
    res.set(http::field::content_type, "font/ttf");
    res.set(http::field::cache_control, "max-age=86400");
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
  bool is_index = *relative == "index.html";
  // Another machine (a --bind 0.0.0.0 relay) is never handed the per-run token: its copy of the
  // page pairs, and it must know which relay to pair with (web/index.html reads ?relay=).
  if (is_index && !peer.local && !query_parameter(target, "relay")) {
    std::string host(req[http::field::host]);  // passed host_is_this_server: an address literal of ours
    Response res = plain(req, http::status::see_other,
                         "Pages opened from another machine pair with this relay; continue at /?relay=" + host + ".");
    res.set(http::field::location, "/?relay=" + host);
    return res;
  }
  auto body = files.get(real_file);
  if (!body) return plain(req, http::status::internal_server_error, "Could not read '/" + *relative + "' from the web root.");

  Response res{http::status::ok, req.version()};
  add_common_headers(res);
  res.set(http::field::content_type, content_type_for(*relative));
  // index.html carries the per-run token: never cache it. The rest may be revalidated.
  res.set(http::field::cache_control, is_index ? "no-store" : "no-cache");
  if (!is_index) {
    file_body = std::move(body);
    return res;
  }
  // The page learns its relay token (this machine only) and where the lab's hello server runs
  // (its example). A page without the token asks for the pairing code (web/index.html).
  std::string page = peer.local ? substitute_token(*body, token) : *body;
  res.body() = substitute_placeholder(std::move(page), "%WIREPAD_HELLO_PORT%", std::to_string(options.hello_port));
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
std::string ServeServer::Impl::page_key_or_refusal(const std::string& origin, const std::string& target, const Peer& peer,
                                                   http::status& status, std::string& why) {
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
  // The per-run token is for this machine's pages only: another machine cannot use it, even
  // when it learnt it, whatever Origin and Host it writes (curl writes any).
  if (!peer.local && given && constant_time_equal(*given, token))
    return refuse(http::status::forbidden,
                  "The relay's per-run token works only for pages opened on this machine, and this connection comes from " +
                      peer.address + "; pair the page instead: open it from this relay's address and enter the one-time "
                      "pairing code `wirepad serve` printed.");
  if (peer.local && origin_is_this_server(origin, port, bind_address)) {
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
Response ServeServer::Impl::pair(const http::request<http::string_body>& req, const Peer& peer) {
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
  // This server's own page needs no pairing on this machine; from another machine it pairs too.
  if (peer.local && origin_is_this_server(origin, port, bind_address))
    return sentence(http::status::bad_request, "The page served at " + here + " needs no pairing: it gets its token from the page.");
  if (!origin_can_pair(origin))
    return sentence(http::status::forbidden, "Origin '" + origin + "' cannot pair: serve the page over http:// "
                                             "(python3 -m http.server, say) and open it from there.");
  // The body is JSON ({"code":...} or {"token":...}) or the bare value as text/plain, which a
  // page can send without a preflight.
  std::string value = req.body();
  // Bounded before parsing, as the relay's control messages are (relay_protocol.h): a body of
  // nested arrays is just a wrong code.
  nlohmann::json j = json_nesting_depth(value, kMaxControlNesting) > kMaxControlNesting
                         ? nlohmann::json()
                         : json_input::parse_whole<nlohmann::json>(value);
  const char* key = check ? "token" : "code";
  if (j.is_object() && j.contains(key) && j[key].is_string()) value = j[key].get<std::string>();
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);

  if (check) {
    http::status status = http::status::ok;
    std::string why;
    std::string page = page_key_or_refusal(origin, "/relay?token=" + value, peer, status, why);
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
  const Peer peer = peer_of(socket);
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
    if (!host_is_this_server(host, port, bind_address, peer.local_address)) {
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
        page = page_key_or_refusal(origin, target, peer, status, why);
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
          // A paired page's connections are watched: revoking its pairing ends them (watch_pairings).
          std::uint64_t id = 0;
          if (page == origin && !(peer.local && origin_is_this_server(origin, port, bind_address))) {
            id = ++next_connection_id;
            settings.stop = std::make_shared<RelayStop>();
            (*live_paired)[id] = PairedConnection{origin, query_parameter(target, "token").value_or(""), settings.stop};
          }
          slot = std::shared_ptr<void>(nullptr, [live = live_relays, per = live_per_page, paired = live_paired, mutex = live_mutex,
                                                 page, id](void*) {
            std::lock_guard<std::mutex> lock(*mutex);
            live->fetch_sub(1);
            if (--(*per)[page] <= 0) per->erase(page);
            if (id) paired->erase(id);
          });
        }
      }
      co_await run_relay(RelayWebSocket(std::move(stream)), parser.release(), std::move(origin), std::move(settings), std::move(slot));
      co_return;
    }

    std::string_view path = target_path(req.target());
    std::shared_ptr<const std::string> file;  // kept alive here until written
    Response res = (path == "/pair" || path == "/pair/check") ? pair(req, peer) : respond(req, peer, file);
    res.keep_alive(req.keep_alive() && res.keep_alive());
    if (file) {
      // The cached bytes themselves, not a copy: twenty pages loading the wasm share one.
      http::response<http::span_body<const char>> out(std::move(res.base()));
      bool head = req.method() == http::verb::head;
      out.body() = head ? beast::span<const char>() : beast::span<const char>(file->data(), file->size());
      out.content_length(file->size());
      co_await http::async_write(stream, out, asio::redirect_error(use_awaitable, ec));
      if (ec || out.need_eof()) break;
      continue;
    }
    co_await http::async_write(stream, res, asio::redirect_error(use_awaitable, ec));
    if (ec || res.need_eof()) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

awaitable<void> ServeServer::Impl::accept_loop(tcp::acceptor& acceptor) {
  asio::steady_timer pause(acceptor.get_executor());
  auto backoff = std::chrono::milliseconds(0);
  while (true) {
    error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
        ec == asio::error::no_buffer_space || ec == asio::error::no_memory) {
      // Out of file descriptors (EMFILE, ENFILE) or kernel memory: the waiting connection stays
      // in the backlog and the listener stays readable, so accepting again at once would spin
      // at 100 % CPU. Wait, longer each time (up to 1 s), until a connection ends and frees one.
      if (backoff.count() == 0)
        log("relay: cannot accept connections (" + ec.message() + "); waiting until connections close (raise `ulimit -n`?)");
      backoff = std::min(std::chrono::milliseconds(1000), std::max(std::chrono::milliseconds(10), backoff * 2));
      pause.expires_after(backoff);
      co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    if (ec) continue;  // the peer gave up before we accepted (ECONNABORTED): nothing to serve
    if (backoff.count() != 0) log("relay: accepting connections again");
    backoff = std::chrono::milliseconds(0);
    // No Nagle: the relay's small frames (`connected`, a short response, `closed`) would wait
    // for the page's delayed ACK (40 ms on Linux) whenever an earlier one was still unacknowledged.
    socket.set_option(tcp::no_delay(true), ec);
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

// Every 200 ms while a paired page has connections open: when the pairings file changed (another
// process revoked a pairing: `wirepad relay pairings --revoke`), each such connection whose
// pairing no longer holds is ended, with an error frame that says why. The file is what a
// revocation changes, so its identity, size and mtime are compared before anything is parsed.
awaitable<void> ServeServer::Impl::watch_pairings() {
  asio::steady_timer tick(*io);
  struct Stamp {
    ino_t ino = 0;
    off_t size = -1;
    time_t s = 0;
    long ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  auto stamp_now = [&] {
    struct stat st {};
    if (::stat(pairings->path().c_str(), &st) != 0) return Stamp{};
    return Stamp{st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec};
  };
  Stamp seen = stamp_now();
  while (true) {
    tick.expires_after(std::chrono::milliseconds(200));
    error_code ec;
    co_await tick.async_wait(asio::redirect_error(use_awaitable, ec));
    if (ec) co_return;
    std::vector<PairedConnection> watched;
    {
      std::lock_guard<std::mutex> lock(*live_mutex);
      for (const auto& [id, c] : *live_paired) watched.push_back(c);
    }
    if (watched.empty()) {
      seen = stamp_now();
      continue;
    }
    Stamp now = stamp_now();
    if (now == seen) continue;
    bool all_seen = true;  // a connection still in its handshake is looked at again next time
    for (const auto& c : watched) {
      PairingVerdict verdict = pairings->check(c.origin, c.token);
      if (verdict == PairingVerdict::accepted) continue;
      if (!c.stop->stop) {
        all_seen = false;
        continue;
      }
      std::string why = verdict == PairingVerdict::revoked
                            ? "The pairing of Origin '" + c.origin + "' was revoked (wirepad relay pairings --revoke); the relay closed "
                              "this connection."
                            : "The pairing of Origin '" + c.origin + "' no longer holds (the pairings file '" + pairings->path() +
                                  "' changed); the relay closed this connection.";
      c.stop->stop(make_error(ErrorCode::relay_refused, why));
    }
    if (all_seen) seen = now;
  }
}

// --log FILE: created 0600, since it receives every new pairing code ("pairing code is now ...")
// and any local process that reads one can pair. An existing file keeps its mode (the user chose
// it), but a file others can read is called out.
std::string ServeServer::Impl::open_log_file() {
  const std::string& path = options.log_file;
  log_fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (log_fd < 0) return "cannot append to the log file '" + path + "': " + std::strerror(errno);
  struct stat st {};
  if (::fstat(log_fd, &st) == 0 && (st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", unsigned(st.st_mode & 0777));
    log("relay: WARNING: the log file '" + path + "' can be read by other users (mode " + mode +
        ") and receives every new pairing code; `chmod 600 '" + path + "'`");
  }
  return "";
}

std::string listen_warning(const std::string& bind) {
  if (bind.empty()) return "";
  error_code ec;
  auto address = asio::ip::make_address(bind, ec);
  if (!ec && address.is_loopback()) return "";
  return "WARNING: listening on " + bind + " lets other machines reach the page and the relay; they never get the per-run "
         "token (only this machine's loopback connections do) and must pair with the one-time code, but anyone who sees the "
         "traffic (plain HTTP) sees their pairing tokens. Use this only on a network you trust.";
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
    if (std::string problem = s.open_log_file(); !problem.empty()) {
      s.acceptors.clear();
      s.io.reset();
      return problem;
    }
  }
  if (std::string warning = listen_warning(s.options.bind); !warning.empty()) s.log("relay: " + warning);
  s.csp = content_security_policy(s.port);
  s.relay.policy = s.options.policy;
  if (s.options.allow_private) s.relay.policy.allow_private = true;
  // The relay never connects to itself (shared/address_policy.h, relay_listens).
  for (const auto& a : s.acceptors) {
    auto ep = a->local_endpoint();
    IpAddress address;
    if (ep.address().is_v4()) {
      address = IpAddress::v4(ep.address().to_v4().to_bytes());
    } else {
      auto b = ep.address().to_v6().to_bytes();
      std::array<std::uint8_t, 16> bytes{};
      std::copy(b.begin(), b.end(), bytes.begin());
      address = IpAddress::v6(bytes);
    }
    s.relay.policy.relay_listens.push_back(ListeningAddress{address, ep.port()});
  }
  s.relay.connect_timeout = s.options.connect_timeout;
  s.relay.idle_timeout = s.options.idle_timeout;
  s.relay.hold_timeout = s.options.hold_timeout;
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
  asio::co_spawn(*s.io, s.watch_pairings(), asio::detached);
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
  if (impl_->log_fd >= 0) ::close(impl_->log_fd);
  impl_->log_fd = -1;
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
