// HTTP proxies end to end: `wirepad send` through Debian's tinyproxy (started here on a free
// loopback port with a generated config), with and without Basic proxy authentication, to an
// http origin (absolute-form) and to an https origin through a CONNECT tunnel (TLS to the
// origin: its SNI and certificate). A capturing server acting as the proxy shows that
// `wirepad send -x` writes the same bytes as `curl -x` (User-Agent normalised; curl's
// non-standard Proxy-Connection line dropped, see docs/proxies.md). no_proxy and the
// environment variables are checked through the real binary.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <mutex>
#include <regex>
#include <thread>

#include "child_process.h"
#include "tls_test_pki.h"

using wirepad::test::ChildProcess;
using wirepad::test::run_command;
using wirepad::test::RunResult;
using wirepad::test::TestPki;

namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(std::uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// Debian's tinyproxy in the foreground (-d), with its own config in a temporary folder.
class Tinyproxy {
 public:
  explicit Tinyproxy(const std::string& basic_auth = "") {
    dir_ = std::filesystem::temp_directory_path() / ("wirepad-tinyproxy-" + std::to_string(::getpid()) + "-" +
                                                     std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    for (int attempt = 0; attempt < 3 && !ready_; ++attempt) {
      port_ = free_port();
      std::ofstream conf(dir_ / "tinyproxy.conf");
      conf << "Port " << port_ << "\nListen 127.0.0.1\nTimeout 20\nMaxClients 20\nLogLevel Connect\n"
           << "LogFile \"" << (dir_ / "log").string() << "\"\nPidFile \"" << (dir_ / "pid").string() << "\"\n"
           << "DisableViaHeader Yes\n";
      if (::geteuid() == 0) conf << "User root\nGroup root\n";  // it refuses to run as root otherwise
      if (!basic_auth.empty()) conf << "BasicAuth " << basic_auth << "\n";
      conf.close();
      process_ = std::make_unique<ChildProcess>(
          std::vector<std::string>{"tinyproxy", "-d", "-c", (dir_ / "tinyproxy.conf").string()}, true);
      for (int i = 0; i < 200 && !ready_; ++i) {
        ready_ = accepts(port_);
        if (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  }
  ~Tinyproxy() {
    process_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  bool ready() const { return ready_; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
  bool ready_ = false;
};

// An http origin that records the request line target and Host it saw.
class Origin {
 public:
  Origin() {
    server_.Get("/hello", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> guard(m_);
      host_ = req.get_header_value("Host");
      proxy_authorization_ = req.get_header_value("Proxy-Authorization");
      ++hits_;
      res.set_content("hello from the origin", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Origin() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path = "/hello") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int hits() {
    std::lock_guard<std::mutex> guard(m_);
    return hits_;
  }
  std::string host() {
    std::lock_guard<std::mutex> guard(m_);
    return host_;
  }
  std::string proxy_authorization() {
    std::lock_guard<std::mutex> guard(m_);
    return proxy_authorization_;
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex m_;
  std::string host_, proxy_authorization_;
  int hits_ = 0;
};

// An https origin presenting a certificate for localhost from a throwaway CA; records the SNI.
class TlsOrigin {
 public:
  explicit TlsOrigin(const wirepad::test::TestCert& leaf)
      : server_([this, leaf](SSL_CTX& ctx) {
          SSL_CTX_use_certificate(&ctx, leaf.cert);
          SSL_CTX_use_PrivateKey(&ctx, leaf.key);
          SSL_CTX_set_tlsext_servername_callback(&ctx, &TlsOrigin::on_servername);
          SSL_CTX_set_tlsext_servername_arg(&ctx, this);
          return true;
        }) {
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello over TLS", "text/plain"); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsOrigin() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string sni() {
    std::lock_guard<std::mutex> guard(m_);
    return sni_;
  }

 private:
  static int on_servername(SSL* ssl, int*, void* arg) {
    auto* self = static_cast<TlsOrigin*>(arg);
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    std::lock_guard<std::mutex> guard(self->m_);
    self->sni_ = name ? name : "(none)";
    return SSL_TLSEXT_ERR_OK;
  }
  std::mutex m_;
  std::string sni_;
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

// (Headers given with -H are left out: Wirepad places them before User-Agent and Accept,
// curl after; that order is the same with or without a proxy.)
// A "proxy" that records the head (and Content-Length body) of each request it gets and
// answers 200 to a plain request, 403 to CONNECT.
class CapturingProxy {
 public:
  CapturingProxy() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 8);
    thread_ = std::thread([this] { serve(); });
  }
  ~CapturingProxy() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> requests() {
    std::lock_guard<std::mutex> guard(m_);
    return requests_;
  }

 private:
  void serve() {
    while (!stop_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      timeval tv{5, 0};
      ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      std::string got;
      char buf[4096];
      std::size_t need = std::string::npos;
      for (;;) {
        std::size_t end = got.find("\r\n\r\n");
        if (end != std::string::npos && need == std::string::npos) {
          need = end + 4;
          std::smatch m;
          std::string head = got.substr(0, end);
          if (std::regex_search(head, m, std::regex("\r\nContent-Length: *([0-9]+)", std::regex::icase)))
            need += std::stoul(m[1]);
        }
        if (need != std::string::npos && got.size() >= need) break;
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, std::size_t(n));
      }
      {
        std::lock_guard<std::mutex> guard(m_);
        requests_.push_back(got);
      }
      std::string answer = got.rfind("CONNECT ", 0) == 0
                               ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                               : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      ::send(c, answer.data(), answer.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex m_;
  std::vector<std::string> requests_;
};

RunResult run_wirepad(std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  // env -i: the test's own environment must not choose a proxy; PATH for nothing else.
  std::vector<std::string> argv{"env", "-i"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(WIREPAD_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

// User-Agent normalised; curl's "Proxy-Connection: Keep-Alive" dropped (never standard, not sent).
std::string normalised(std::string bytes) {
  bytes = std::regex_replace(bytes, std::regex("\r\nUser-Agent: [^\r]*"), "\r\nUser-Agent: X");
  return std::regex_replace(bytes, std::regex("\r\nProxy-Connection: Keep-Alive"), "");
}

}  // namespace

TEST_CASE("wirepad send -x through tinyproxy to an http origin (absolute-form)", "[proxy]") {
  Tinyproxy proxy;
  REQUIRE(proxy.ready());
  Origin origin;
  RunResult r = run_wirepad({"send", "-v", "-x", proxy.url(), origin.url()});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("hello from the origin") != std::string::npos);
  CHECK(origin.hits() == 1);
  CHECK(origin.host() == "127.0.0.1:" + std::to_string(origin.port()));  // Host kept
  CHECK(r.err.find("> GET " + origin.url() + " HTTP/1.1") != std::string::npos);
  CHECK(r.err.find("connected to proxy 127.0.0.1:" + std::to_string(proxy.port())) != std::string::npos);
  CHECK(r.err.find("* via proxy " + proxy.url() + " (--proxy), absolute-form request") != std::string::npos);
}

TEST_CASE("tinyproxy with BasicAuth: 407 without credentials, through with -U or user:pw@", "[proxy]") {
  Tinyproxy proxy("alice s3cret");
  REQUIRE(proxy.ready());
  Origin origin;
  RunResult denied = run_wirepad({"send", "-x", proxy.url(), origin.url()});
  INFO(denied.err);
  CHECK(denied.status == 0);  // a response, as curl prints it
  CHECK(denied.out.rfind("HTTP/1.0 407", 0) == 0);
  CHECK(origin.hits() == 0);
  RunResult with_u = run_wirepad({"send", "-x", proxy.url(), "-U", "alice:s3cret", "--proxy-basic", origin.url()});
  INFO(with_u.err);
  CHECK(with_u.out.find("hello from the origin") != std::string::npos);
  RunResult in_url = run_wirepad({"send", "--proxy", "http://alice:s3cret@127.0.0.1:" + std::to_string(proxy.port()), origin.url()});
  CHECK(in_url.out.find("hello from the origin") != std::string::npos);
  CHECK(origin.hits() == 2);
  CHECK(origin.proxy_authorization().empty());  // the proxy consumed it (RFC 9110 §11.7.2)
}

TEST_CASE("https through tinyproxy: a CONNECT tunnel, then TLS with the origin's name and certificate", "[proxy]") {
  Tinyproxy proxy("alice s3cret");
  REQUIRE(proxy.ready());
  TestPki pki;
  TlsOrigin origin(pki.leaf("localhost", "localhost", "DNS:localhost,IP:127.0.0.1"));
  const std::string url = "https://localhost:" + std::to_string(origin.port()) + "/";
  const std::string authority = "localhost:" + std::to_string(origin.port());
  SECTION("with credentials: the tunnel is established and the origin's certificate verified") {
    RunResult r = run_wirepad({"send", "-v", "--cacert", pki.ca.cert_file, "-x", proxy.url(), "-U", "alice:s3cret", url});
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.out.find("hello over TLS") != std::string::npos);
    CHECK(origin.sni() == "localhost");  // SNI for the origin, not the proxy
    CHECK(r.err.find("proxy> CONNECT " + authority + " HTTP/1.1") != std::string::npos);
    CHECK(r.err.find("proxy> Proxy-Authorization: Basic YWxpY2U6czNjcmV0") != std::string::npos);
    CHECK(r.err.find("proxy< HTTP/1.0 200 Connection established") != std::string::npos);
    CHECK(r.err.find("tunnel to " + authority + " established") != std::string::npos);
    CHECK(r.err.find("> GET / HTTP/1.1") != std::string::npos);  // origin-form inside the tunnel
  }
  SECTION("without credentials: an error quoting the proxy's 407, with its bytes in the log") {
    RunResult r = run_wirepad({"send", "-v", "--cacert", pki.ca.cert_file, "-x", proxy.url(), url});
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(r.err.find("refused the tunnel to " + authority + " with \"HTTP/1.0 407 Proxy Authentication Required\"") !=
          std::string::npos);
    CHECK(r.err.find("proxy< HTTP/1.0 407 Proxy Authentication Required") != std::string::npos);
    CHECK(r.err.find("--proxy-user") != std::string::npos);
  }
  SECTION("the origin's certificate is checked: without its CA the handshake is refused") {
    RunResult r = run_wirepad({"send", "-x", proxy.url(), "-U", "alice:s3cret", url});
    CHECK(r.status == 1);
    CHECK(r.err.find("localhost") != std::string::npos);
    CHECK(r.err.find("certificate") != std::string::npos);
  }
}

TEST_CASE("wirepad send -x writes the same bytes as curl -x to the proxy", "[proxy][curl]") {
  CapturingProxy proxy;
  auto [label, extra] = GENERATE(table<std::string, std::vector<std::string>>({
      {"plain GET", {"http://example.test:8080/a/b?c=d"}},
      {"proxy credentials in the URL", {"-x", "", "http://example.test/"}},
      {"-U", {"-U", "alice:s3cret", "http://example.test/p"}},
      {"an IPv6 origin", {"http://[::1]:8080/v6"}},
      {"DELETE", {"-X", "DELETE", "http://example.test/item/1"}},
      {"CONNECT to an IPv6 origin", {"https://[2001:db8::1]:8443/"}},
      {"CONNECT for https", {"https://example.test:8443/secret"}},
      {"CONNECT with -U", {"-U", "alice:s3cret", "https://example.test/"}},
  }));
  CAPTURE(label);
  std::vector<std::string> args = extra;
  std::string proxy_url = proxy.url();
  if (args[0] == "-x") {  // credentials in the proxy URL
    proxy_url = "http://bob:pa%20ss@" + proxy_url.substr(7);
    args.erase(args.begin(), args.begin() + 2);
  }
  std::vector<std::string> curl{"curl", "-s", "-m", "5", "-x", proxy_url};
  curl.insert(curl.end(), args.begin(), args.end());
  run_command(curl);
  std::vector<std::string> ours{"send", "--timeout", "5", "-x", proxy_url};
  ours.insert(ours.end(), args.begin(), args.end());
  run_wirepad(ours);
  std::vector<std::string> got = proxy.requests();
  REQUIRE(got.size() == 2);
  CHECK(got[0].find("\r\nProxy-Connection: Keep-Alive\r\n") != std::string::npos);  // what curl adds
  CHECK(normalised(got[1]) == normalised(got[0]));
  CHECK(got[1].find("Proxy-Connection") == std::string::npos);
}

TEST_CASE("the proxy environment variables, read as curl reads them", "[proxy]") {
  CapturingProxy proxy;
  Origin origin;
  auto direct = [&](const std::vector<std::string>& env, const std::vector<std::string>& flags = {}) {
    int before = origin.hits();
    std::vector<std::string> args{"send", "--timeout", "5"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back(origin.url());
    RunResult r = run_wirepad(args, env);
    INFO(r.err);
    return origin.hits() == before + 1;
  };
  const std::string p = proxy.url();
  CHECK_FALSE(direct({"http_proxy=" + p}));
  CHECK(direct({"HTTP_PROXY=" + p}));  // ignored (httpoxy), as curl does
  CHECK_FALSE(direct({"all_proxy=" + p}));
  CHECK(direct({"https_proxy=" + p}));  // for https only
  CHECK(direct({"http_proxy=" + p, "no_proxy=127.0.0.1"}));
  CHECK(direct({"http_proxy=" + p, "NO_PROXY=127.0.0.0/8"}));
  CHECK(direct({"http_proxy=" + p, "no_proxy=*"}));
  CHECK_FALSE(direct({"http_proxy=" + p, "no_proxy=127.0.0.2"}));
  CHECK(direct({"http_proxy=" + p}, {"--noproxy", "127.0.0.1"}));
  CHECK_FALSE(direct({"no_proxy=127.0.0.1"}, {"--noproxy", "", "-x", p}));
  CHECK(direct({"http_proxy=" + p}, {"-x", ""}));
  CHECK(direct({"no_proxy=127.0.0.1"}, {"-x", p}));  // no_proxy applies to -x too
  CHECK(proxy.requests().size() == 4);
}

TEST_CASE("a proxy setting that cannot be used is an error naming it", "[proxy]") {
  RunResult socks = run_wirepad({"send", "-x", "socks5://127.0.0.1:9", "http://127.0.0.1:9/"});
  CHECK(socks.status != 0);
  CHECK(socks.err.find("SOCKS proxies are not supported") != std::string::npos);
  RunResult env = run_wirepad({"send", "http://127.0.0.1:9/"}, {"http_proxy=https://127.0.0.1:9"});
  CHECK(env.status != 0);
  CHECK(env.err.find("the proxy in http_proxy") != std::string::npos);
  RunResult missing = run_wirepad({"send", "http://127.0.0.1:9/", "-x"});
  CHECK(missing.status == 2);
}

// An experiment file whose request names its own proxy (request.proxy), run by `wirepad run`.
static std::string experiment_with_proxy(const std::string& url, const std::string& proxy_json) {
  auto file = std::filesystem::temp_directory_path() /
              ("wirepad-run-proxy-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".json");
  std::ofstream(file) << R"({"wirepad": 3, "kind": "http", "name": "through a proxy",
    "request": {"method": "GET", "url": ")" << url << R"(", "proxy": )" << proxy_json << "}}";
  return file.string();
}

TEST_CASE("wirepad run sends through the experiment's own proxy (request.proxy)", "[proxy]") {
  Tinyproxy proxy("alice s3cret");
  REQUIRE(proxy.ready());
  Origin origin;
  CapturingProxy elsewhere;  // what the environment names: used only when the request says so
  const std::string env_proxy = "http_proxy=" + elsewhere.url();
  // "url" with credentials: through tinyproxy, which wants them.
  RunResult r = run_wirepad({"run", "-v", experiment_with_proxy(origin.url(), R"({"mode": "url", "url": ")" + proxy.url() +
                                                                               R"(", "username": "alice", "password": "s3cret"})")},
                            {env_proxy});
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("hello from the origin") != std::string::npos);
  CHECK(r.err.find("* via proxy " + proxy.url() + " (--proxy), Basic auth as 'alice', absolute-form request") != std::string::npos);
  CHECK(origin.hits() == 1);
  // Without the credentials tinyproxy answers 407: the proxy really is in the way.
  RunResult denied = run_wirepad({"run", experiment_with_proxy(origin.url(), R"({"mode": "url", "url": ")" + proxy.url() + R"("})")});
  CHECK(denied.out.rfind("HTTP/1.0 407", 0) == 0);
  CHECK(origin.hits() == 1);
  // "none": direct, whatever http_proxy says.
  RunResult direct = run_wirepad({"run", experiment_with_proxy(origin.url(), R"({"mode": "none"})")}, {env_proxy});
  CHECK(direct.out.find("hello from the origin") != std::string::npos);
  CHECK(origin.hits() == 2);
  CHECK(elsewhere.requests().empty());
  // "system" with the request's no_proxy list: direct for 127.0.0.1 ...
  RunResult listed = run_wirepad({"run", experiment_with_proxy(origin.url(), R"({"mode": "system", "no_proxy": ["127.0.0.1"]})")},
                                 {env_proxy});
  CHECK(listed.out.find("hello from the origin") != std::string::npos);
  CHECK(origin.hits() == 3);
  // ... and "inherit" (the command line's default): the environment's proxy.
  RunResult inherited = run_wirepad({"run", experiment_with_proxy(origin.url(), R"({"mode": "inherit"})")}, {env_proxy});
  CHECK(inherited.status == 0);
  REQUIRE(elsewhere.requests().size() == 1);
  CHECK(elsewhere.requests()[0].rfind("GET " + origin.url() + " HTTP/1.1\r\n", 0) == 0);
  CHECK(origin.hits() == 3);
}
