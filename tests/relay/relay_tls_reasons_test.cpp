// tests/relay: the relay verifies TLS as the desktop does (native/tls_client): the same
// reasons in the same words, the same structured facts in `connected`, a CA file given to
// `wirepad serve --cacert`, and the address policy still applied before any handshake.
// Peers are Asio TLS servers on 127.0.0.1 presenting certificates from a throwaway PKI.
#include <boost/asio/ssl.hpp>

#include "../native/tls_test_pki.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;
using wirepad::test::TestCert;
using wirepad::test::TestPki;
namespace ssl = boost::asio::ssl;

namespace {

// Accepts TLS connections until destroyed, answering each with "hi" after the handshake;
// records whether any handshake was attempted and the SNI it carried.
class TlsPeer {
 public:
  explicit TlsPeer(const TestCert& leaf)
      : context_(ssl::context::tls_server), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    context_.use_certificate_file(leaf.cert_file, ssl::context::pem);
    context_.use_private_key_file(leaf.key_file, ssl::context::pem);
    SSL_CTX_set_alpn_select_cb(context_.native_handle(), &TlsPeer::on_alpn, nullptr);
    thread_ = std::thread([this] {
      for (;;) {
        beast::error_code ec;
        tcp::socket s(io_);
        acceptor_.accept(s, ec);
        if (ec) return;
        set_receive_timeout(s.native_handle(), 10);
        ssl::stream<tcp::socket&> tls(s, context_);
        tls.handshake(ssl::stream_base::server, ec);
        const char* name = SSL_get_servername(tls.native_handle(), TLSEXT_NAMETYPE_host_name);
        {
          std::lock_guard<std::mutex> guard(m_);
          ++accepted_;
          sni_ = name ? name : "(none)";
        }
        if (!ec) asio::write(tls, asio::buffer(std::string("hi")), ec);
        if (!ec) tls.shutdown(ec);
      }
    });
  }
  ~TlsPeer() {
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int accepted() {
    std::lock_guard<std::mutex> guard(m_);
    return accepted_;
  }
  std::string sni() {
    std::lock_guard<std::mutex> guard(m_);
    return sni_;
  }

 private:
  static int on_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned inlen, void*) {
    static const unsigned char mine[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, mine, sizeof mine, in, inlen) != OPENSSL_NPN_NEGOTIATED)
      return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }
  asio::io_context io_;
  ssl::context context_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex m_;
  int accepted_ = 0;
  std::string sni_;
};

json connect_tls(PageClient& page, const std::string& host, std::uint16_t port, bool verify = true) {
  page.send_json({{"op", "connect"}, {"proto", "tcp"}, {"host", host}, {"port", port}, {"tls", true},
                  {"tls_verify", verify}, {"connect_timeout_ms", 5000}});
  return page.read_json();
}

ServeOptions trusting(const TestPki& pki) {
  ServeOptions o;
  o.tls_ca_file = pki.ca.cert_file;
  return o;
}

}  // namespace

TEST_CASE("relay tls: verified with the CA given to serve, and structured facts reach the page", "[relay][tls]") {
  TestPki pki;
  TestCert good = pki.leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1");
  TlsPeer peer(good);
  RunningServe serve(trusting(pki));
  PageClient page(serve);
  json reply = connect_tls(page, "localhost", peer.port());
  INFO(reply.dump());
  REQUIRE(reply["op"] == "connected");
  const json& t = reply["tls"];
  CHECK(t["version"] == "TLSv1.3");
  CHECK(t["alpn"] == "http/1.1");
  CHECK(t["server_name"] == "localhost");
  CHECK(t["verified"] == true);
  REQUIRE(t["certificates"].size() == 1);
  CHECK(t["certificates"][0]["subject"] == "CN=localhost,O=Wirepad tests");
  CHECK(t["certificates"][0]["issuer"] == "CN=Wirepad Test CA,O=Wirepad tests");
  CHECK(t["certificates"][0]["sans"] == json::array({"DNS:localhost", "IP:127.0.0.1"}));
  CHECK(t["certificates"][0]["not_after"].get<std::string>().size() == std::string("2026-11-25 10:03:13 UTC").size());
  CHECK(page.read_bytes(2) == "hi");  // the peer records the SNI before it writes
  CHECK(peer.sni() == "localhost");
}

TEST_CASE("relay tls: refused certificates name the reason, as on the desktop", "[relay][tls]") {
  TestPki pki;
  const long day = TestPki::kDay;
  TestCert expired = pki.leaf("expired", "localhost", "DNS:localhost", -30 * day, -day);
  TestCert other = pki.leaf("other", "other.example", "DNS:other.example");
  TestCert good = pki.leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1");

  SECTION("expired") {
    TlsPeer peer(expired);
    RunningServe serve(trusting(pki));
    PageClient page(serve);
    json reply = connect_tls(page, "localhost", peer.port());
    INFO(reply.dump());
    CHECK(reply["code"] == "certificate_rejected");
    CHECK(reply["message"].get<std::string>().rfind("Certificate expired: the certificate of localhost expired on ", 0) == 0);
    CHECK(reply["message"].get<std::string>().find("\"tls_verify\":false") != std::string::npos);
    CHECK(page.read().closed);
  }
  SECTION("hostname mismatch") {
    TlsPeer peer(other);
    RunningServe serve(trusting(pki));
    PageClient page(serve);
    json reply = connect_tls(page, "localhost", peer.port());
    INFO(reply.dump());
    CHECK(reply["code"] == "certificate_rejected");
    CHECK(reply["message"].get<std::string>().rfind(
              "Hostname mismatch: the certificate of localhost is not valid for 'localhost'; it names DNS:other.example.", 0) == 0);
  }
  SECTION("unknown CA when serve was not given it; tls_verify false still connects") {
    TlsPeer peer(good);
    RunningServe serve(ServeOptions{});
    PageClient page(serve);
    json reply = connect_tls(page, "127.0.0.1", peer.port());
    INFO(reply.dump());
    CHECK(reply["code"] == "certificate_rejected");
    CHECK(reply["message"].get<std::string>().rfind(
              "Unknown CA: the certificate of 127.0.0.1 was issued by 'CN=Wirepad Test CA,O=Wirepad tests'", 0) == 0);
    PageClient again(serve);
    json anyway = connect_tls(again, "127.0.0.1", peer.port(), false);
    INFO(anyway.dump());
    REQUIRE(anyway["op"] == "connected");
    CHECK(anyway["tls"]["verified"] == false);
    CHECK(anyway["tls"]["server_name"] == "");  // no SNI for an address literal
    CHECK(again.read_bytes(2) == "hi");
    CHECK(peer.sni() == "(none)");
  }
}

TEST_CASE("relay tls: the address policy applies before any handshake", "[relay][tls]") {
  TestPki pki;
  TestCert good = pki.leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1");
  TlsPeer peer(good);
  ServeOptions options = trusting(pki);
  options.policy.deny_ports.push_back({peer.port(), peer.port()});
  RunningServe serve(options);
  PageClient page(serve);
  json reply = connect_tls(page, "127.0.0.1", peer.port());
  INFO(reply.dump());
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"].get<std::string>().find("refuses port " + std::to_string(peer.port())) != std::string::npos);
  CHECK(peer.accepted() == 0);
}

TEST_CASE("relay tls: serve refuses to start with a CA file it cannot use", "[relay][tls]") {
  ServeOptions o;
  o.port = 0;
  o.tls_ca_file = "/nonexistent/ca.pem";
  TempDir dir;
  o.pairings_file = (dir.path / "pairings.json").string();
  wirepad::native::ServeServer server(o);
  CHECK(server.start() == "cannot use the CA file '/nonexistent/ca.pem': it cannot be read (does it exist?)");
}
