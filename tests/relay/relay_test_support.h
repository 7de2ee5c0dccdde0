// tests/relay: real peers for the relay tests, all on 127.0.0.1 with ephemeral ports: a temp
// web root, a running ServeServer that records its log lines, a raw HTTP client, a Beast
// WebSocket client that plays the page, and TCP/UDP servers the relay connects to.
#pragma once
#include <sys/socket.h>
#include <sys/time.h>

#include <utility>  // before Asio: boost 1.74 awaitable.hpp uses std::exchange without it

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "native/serve.h"

namespace relay_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
using nlohmann::json;

inline void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

// A web root in a fresh temp folder, with a secret file next to it (outside it) so traversal
// tests can check the secret never comes back.
struct TempWebRoot {
  fs::path base;
  fs::path root;
  static constexpr const char* index_html =
      "<!doctype html><script>var t='%WIREPAD_RELAY_TOKEN%';var u='%WIREPAD_RELAY_TOKEN%';</script>";
  TempWebRoot() {
    std::string tmpl = (fs::temp_directory_path() / "wirepad-relay-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    base = tmpl;
    root = base / "web";
    fs::create_directories(root / "sub");
    write_file(root / "index.html", index_html);
    write_file(root / "app.js", "console.log('hi');\n");
    write_file(root / "app.wasm", std::string("\0asm\1\0\0\0", 8));
    write_file(root / "style.css", "body{}");
    write_file(root / "sub" / "data.json", "{\"a\":1}");
    write_file(base / "secret.txt", "TOP-SECRET");
  }
  ~TempWebRoot() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
};

// A fresh temp folder, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "wirepad-relay-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A ServeServer on an ephemeral loopback port that keeps its log lines. Its pairings live in a
// temp folder (never the user's ~/.config/wirepad) unless the options name a file.
struct RunningServe {
  std::mutex mutex;
  std::vector<std::string> lines;
  TempDir dir;
  std::string pairings_file;
  std::unique_ptr<wirepad::native::ServeServer> server;

  explicit RunningServe(wirepad::native::ServeOptions options) {
    options.port = 0;
    if (options.pairings_file.empty()) options.pairings_file = (dir.path / "pairings.json").string();
    pairings_file = options.pairings_file;
    options.log = [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(mutex);
      lines.push_back(line);
    };
    server = std::make_unique<wirepad::native::ServeServer>(std::move(options));
    std::string why = server->start();
    REQUIRE(why == "");
    REQUIRE(server->port() != 0);
  }
  std::uint16_t port() const { return server->port(); }
  std::string token() const { return server->token(); }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port()); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port()); }
  std::vector<std::string> log() {
    std::lock_guard<std::mutex> lock(mutex);
    return lines;
  }
  // The relay writes its line when a connection ends, a moment after the page sees the end.
  std::string wait_for_log_containing(const std::string& needle) {
    for (int i = 0; i < 200; ++i) {
      for (const auto& l : log()) {
        if (l.find(needle) != std::string::npos) return l;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "";
  }
};

inline void set_receive_timeout(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

// One HTTP request on a fresh connection, with exactly the headers given (Host included).
inline http::response<http::string_body> http_request(std::uint16_t port, http::verb method, const std::string& target,
                                                      const std::vector<std::pair<std::string, std::string>>& headers) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  set_receive_timeout(socket.native_handle(), 10);
  http::request<http::empty_body> req{method, target, 11};
  for (const auto& [name, value] : headers) req.set(name, value);
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024 * 1024);
  if (method == http::verb::head) parser.skip(true);  // RFC 9112 6.3: a HEAD response has no body
  http::read(socket, buffer, parser);
  return parser.release();
}

// A POST with a text body, as a page's fetch() sends it (Origin set unless empty).
inline http::response<http::string_body> http_post(std::uint16_t port, const std::string& target, const std::string& host,
                                                   const std::string& origin, const std::string& body) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  set_receive_timeout(socket.native_handle(), 10);
  http::request<http::string_body> req{http::verb::post, target, 11};
  req.set(http::field::host, host);
  if (!origin.empty()) req.set(http::field::origin, origin);
  req.set(http::field::content_type, "text/plain;charset=UTF-8");
  req.body() = body;
  req.prepare_payload();
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  return res;
}

inline http::response<http::string_body> http_get(std::uint16_t port, const std::string& target, const std::string& host) {
  return http_request(port, http::verb::get, target, {{"Host", host}});
}

// A WebSocket upgrade request whose refusal we want to read as plain HTTP.
inline http::response<http::string_body> upgrade_request(std::uint16_t port, const std::string& target, const std::string& host,
                                                         const std::string& origin) {
  std::vector<std::pair<std::string, std::string>> h{{"Host", host},
                                                     {"Connection", "Upgrade"},
                                                     {"Upgrade", "websocket"},
                                                     {"Sec-WebSocket-Version", "13"},
                                                     {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  if (!origin.empty()) h.emplace_back("Origin", origin);
  return http_request(port, http::verb::get, target, h);
}

struct Frame {
  bool text = false;
  bool closed = false;  // the relay closed the WebSocket (no frame)
  std::string data;
};

// The page: a WebSocket client that speaks the relay protocol.
struct PageClient {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};

  PageClient(RunningServe& serve) : PageClient(serve.port(), serve.token(), serve.origin()) {}
  PageClient(std::uint16_t port, const std::string& token, const std::string& origin) {
    ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    set_receive_timeout(ws.next_layer().native_handle(), 10);
    ws.set_option(websocket::stream_base::decorator(
        [origin](websocket::request_type& req) { req.set(http::field::origin, origin); }));
    ws.read_message_max(64 * 1024 * 1024);
    ws.handshake("127.0.0.1:" + std::to_string(port), "/relay?token=" + token);
  }
  void send_text(const std::string& s) {
    ws.text(true);
    ws.write(asio::buffer(s));
  }
  void send_binary(const std::string& s) {
    ws.binary(true);
    ws.write(asio::buffer(s));
  }
  void send_json(const json& j) { send_text(j.dump()); }
  Frame read() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws.read(buffer, ec);
    Frame f;
    if (ec == websocket::error::closed) {
      f.closed = true;
      return f;
    }
    if (ec) throw beast::system_error(ec);
    f.text = ws.got_text();
    f.data = beast::buffers_to_string(buffer.data());
    return f;
  }
  json read_json() {
    Frame f = read();
    INFO("frame: " << f.data);
    REQUIRE_FALSE(f.closed);
    REQUIRE(f.text);
    return json::parse(f.data);
  }
  json connect(const std::string& host, int port, const std::string& proto = "tcp") {
    send_json({{"op", "connect"}, {"proto", proto}, {"host", host}, {"port", port}, {"tls", false}, {"connect_timeout_ms", 5000}});
    return read_json();
  }
  // Reads binary frames until `count` bytes came back.
  std::string read_bytes(std::size_t count) {
    std::string got;
    while (got.size() < count) {
      Frame f = read();
      REQUIRE_FALSE(f.closed);
      INFO("unexpected text frame: " << f.data);
      REQUIRE_FALSE(f.text);
      got += f.data;
    }
    return got;
  }
};

// TCP echo server on 127.0.0.1, any number of connections, on its own io thread.
class TcpEchoServer {
 public:
  TcpEchoServer() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TcpEchoServer() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  struct Connection : std::enable_shared_from_this<Connection> {
    tcp::socket socket;
    std::vector<char> buffer = std::vector<char>(32 * 1024);
    explicit Connection(tcp::socket s) : socket(std::move(s)) {}
    void read() {
      socket.async_read_some(asio::buffer(buffer), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
        if (ec) {
          self->socket.shutdown(tcp::socket::shutdown_send, ec);
          return;
        }
        asio::async_write(self->socket, asio::buffer(self->buffer.data(), n),
                          [self](beast::error_code ec, std::size_t) {
                            if (!ec) self->read();
                          });
      });
    }
  };
  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      std::make_shared<Connection>(std::move(s))->read();
      accept();
    });
  }
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

// Accepts one connection and runs `script` on it in a thread (blocking socket calls).
class OneShotTcpServer {
 public:
  explicit OneShotTcpServer(std::function<void(tcp::socket&)> script)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this, script] {
      beast::error_code ec;
      tcp::socket s(io_);
      acceptor_.accept(s, ec);
      if (ec) return;
      set_receive_timeout(s.native_handle(), 10);
      script(s);
    });
  }
  ~OneShotTcpServer() {
    // Wakes a blocked accept() when the test failed before connecting (Linux semantics).
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

// Reads until EOF (or error); returns what came and whether it was a clean EOF.
inline std::pair<std::string, bool> read_until_eof(tcp::socket& s) {
  std::string got;
  char buf[4096];
  while (true) {
    beast::error_code ec;
    std::size_t n = s.read_some(asio::buffer(buf), ec);
    got.append(buf, n);
    if (ec) return {got, ec == asio::error::eof};
  }
}

// UDP echo server on 127.0.0.1.
class UdpEchoServer {
 public:
  UdpEchoServer() : socket_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    receive();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~UdpEchoServer() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return socket_.local_endpoint().port(); }

 private:
  void receive() {
    socket_.async_receive_from(asio::buffer(buffer_), peer_, [this](beast::error_code ec, std::size_t n) {
      if (ec) return;
      beast::error_code ignored;
      socket_.send_to(asio::buffer(buffer_.data(), n), peer_, 0, ignored);
      receive();
    });
  }
  asio::io_context io_;
  udp::socket socket_;
  udp::endpoint peer_;
  std::array<char, 65536> buffer_{};
  std::thread thread_;
};

// A loopback port with nothing listening (bound, noted, closed).
inline std::uint16_t closed_port() {
  asio::io_context io;
  tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

inline std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = char(rng() & 0xff);
  return s;
}

}  // namespace relay_test
