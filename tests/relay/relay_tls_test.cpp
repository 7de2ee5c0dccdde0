// tests/relay: TLS through the relay ("tls":true). The peer is an Asio TLS server on
// 127.0.0.1 with a self-signed certificate made by the openssl command for this run.
#include <boost/asio/ssl.hpp>
#include <cstdlib>

#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;
namespace ssl = boost::asio::ssl;

namespace {

struct SelfSignedCert {
  TempWebRoot dir;  // reused as a temp folder
  fs::path key = dir.base / "key.pem";
  fs::path cert = dir.base / "cert.pem";
  SelfSignedCert() {
    std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost"
                      " -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
                      key.string() + "' -out '" + cert.string() + "' 2>/dev/null";
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
};

// Accepts one TLS connection, then runs `script` on it.
class OneShotTlsServer {
 public:
  OneShotTlsServer(const SelfSignedCert& cert, std::function<void(ssl::stream<tcp::socket&>&)> script)
      : context_(ssl::context::tls_server), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    context_.use_certificate_chain_file(cert.cert.string());
    context_.use_private_key_file(cert.key.string(), ssl::context::pem);
    thread_ = std::thread([this, script] {
      beast::error_code ec;
      tcp::socket s(io_);
      acceptor_.accept(s, ec);
      if (ec) return;
      set_receive_timeout(s.native_handle(), 10);
      ssl::stream<tcp::socket&> tls(s, context_);
      tls.handshake(ssl::stream_base::server, ec);
      handshake_error = ec;
      if (!ec) script(tls);
    });
  }
  ~OneShotTlsServer() {
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  beast::error_code handshake_error;

 private:
  asio::io_context io_;
  ssl::context context_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

json connect_tls(PageClient& page, const std::string& host, std::uint16_t port, bool verify) {
  page.send_json({{"op", "connect"}, {"proto", "tcp"}, {"host", host}, {"port", port}, {"tls", true}, {"tls_verify", verify}});
  return page.read_json();
}

}  // namespace

TEST_CASE("relay tls: a self-signed certificate is refused when verifying", "[relay][tls]") {
  SelfSignedCert cert;
  OneShotTlsServer server(cert, [](ssl::stream<tcp::socket&>&) {});
  RunningServe serve(ServeOptions{});
  PageClient page(serve);
  json reply = connect_tls(page, "localhost", server.port(), true);
  INFO(reply.dump());
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "certificate_rejected");
  std::string message = reply["message"];
  CHECK(message.find("Self-signed certificate: the certificate of localhost") == 0);
  CHECK(message.find("tls_verify") != std::string::npos);
  CHECK(page.read().closed);
}

TEST_CASE("relay tls: with tls_verify false the bytes travel encrypted and come back", "[relay][tls]") {
  SelfSignedCert cert;
  std::promise<std::string> sni;
  auto sni_future = sni.get_future();
  OneShotTlsServer server(cert, [&sni](ssl::stream<tcp::socket&>& tls) {
    const char* name = SSL_get_servername(tls.native_handle(), TLSEXT_NAMETYPE_host_name);
    sni.set_value(name ? name : "");
    char buf[4096];
    beast::error_code ec;
    std::size_t n = tls.read_some(asio::buffer(buf), ec);
    if (ec) return;
    asio::write(tls, asio::buffer(buf, n), ec);
    asio::write(tls, asio::buffer(std::string(" bye")), ec);
    tls.shutdown(ec);  // close_notify, then the socket closes
  });
  RunningServe serve(ServeOptions{});
  PageClient page(serve);
  json reply = connect_tls(page, "localhost", server.port(), false);
  INFO(reply.dump());
  REQUIRE(reply["op"] == "connected");
  CHECK(reply["tls"]["version"].get<std::string>().rfind("TLSv1.", 0) == 0);
  CHECK_FALSE(reply["tls"]["cipher"].get<std::string>().empty());
  CHECK(reply["tls_ms"] > 0.0);
  REQUIRE(reply["tls"]["chain"].size() == 1);
  CHECK(reply["tls"]["chain"][0].get<std::string>().find("subject /CN=localhost; issuer /CN=localhost; valid ") == 0);
  CHECK(reply["tls"]["alpn"] == "");  // the test server selects no protocol
  REQUIRE(sni_future.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(sni_future.get() == "localhost");  // SNI carries the name the page asked for

  page.send_binary("secret hello");
  CHECK(page.read_bytes(16) == "secret hello bye");
  CHECK(page.read_json()["op"] == "closed");
  CHECK(page.read().closed);
  std::string line = serve.wait_for_log_containing("target=tls localhost:");
  CHECK(line.find("up=12B down=16B") != std::string::npos);
}
