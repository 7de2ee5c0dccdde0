// TLS on the desktop and the CLI against real TLS servers on loopback: cpp-httplib's
// SSLServer serving certificates from a throwaway PKI (tls_test_pki.h). Each verification
// failure must name its reason and the host; -k must still connect; the facts (version,
// cipher, ALPN, SNI, chain with SANs) must be the server's.
#include <openssl/ssl.h>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <mutex>
#include <thread>

#include "child_process.h"
#include "native/posix_transport.h"
#include "shared/exchange.h"
#include "tls_test_pki.h"

using namespace wirepad;
using wirepad::test::TestCert;
using wirepad::test::TestPki;

namespace {

const long kDay = TestPki::kDay;

// An HTTPS server on 127.0.0.1 presenting `leaf` (plus `extra` in the chain when given). It
// records the SNI each ClientHello carried and selects ALPN http/1.1 when offered.
class TlsServer {
 public:
  explicit TlsServer(const TestCert& leaf, const TestCert* extra = nullptr)
      : server_([this, leaf, extra](SSL_CTX& ctx) {
          SSL_CTX_use_certificate(&ctx, leaf.cert);
          SSL_CTX_use_PrivateKey(&ctx, leaf.key);
          if (extra) {
            X509_up_ref(extra->cert);
            SSL_CTX_add_extra_chain_cert(&ctx, extra->cert);
          }
          SSL_CTX_set_tlsext_servername_callback(&ctx, &TlsServer::on_servername);
          SSL_CTX_set_tlsext_servername_arg(&ctx, this);
          SSL_CTX_set_alpn_select_cb(&ctx, &TlsServer::on_alpn, nullptr);
          return true;
        }) {
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello over TLS", "text/plain"); });
    // The client loads the system CAs between connecting and its ClientHello: seconds under
    // AddressSanitizer on a loaded machine, longer than httplib's 5 s handshake timeout.
    server_.set_read_timeout(60, 0);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url(const std::string& host) const { return "https://" + host + ":" + std::to_string(port_) + "/"; }
  // The SNI of the last ClientHello; "(none)" when it had none, "" before any.
  std::string last_sni() {
    std::lock_guard<std::mutex> guard(m_);
    return sni_;
  }

 private:
  static int on_servername(SSL* ssl, int*, void* arg) {
    auto* self = static_cast<TlsServer*>(arg);
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    std::lock_guard<std::mutex> guard(self->m_);
    self->sni_ = name ? name : "(none)";
    return SSL_TLSEXT_ERR_OK;
  }
  static int on_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned inlen, void*) {
    static const unsigned char mine[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    unsigned char* selected = nullptr;
    if (SSL_select_next_proto(&selected, outlen, mine, sizeof mine, in, inlen) != OPENSSL_NPN_NEGOTIATED)
      return SSL_TLSEXT_ERR_NOACK;
    *out = selected;
    return SSL_TLSEXT_ERR_OK;
  }

  std::mutex m_;
  std::string sni_;
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

ExchangeLog get(const std::string& url, const ExchangeOptions& options) {
  HttpRequest request;
  request.url = url;
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange.ok());
  return native::perform_blocking(std::move(exchange).value());
}

ExchangeOptions quick(const std::string& ca_file = "") {
  ExchangeOptions o;
  o.connect_timeout = o.first_byte_timeout = o.idle_timeout = 5;
  o.total_timeout = 10;
  o.ca_file = ca_file;
  return o;
}

}  // namespace

TEST_CASE("TLS: a certificate from a trusted CA file is verified, and the facts are the server's", "[tls][integration]") {
  TestPki pki;
  TestCert good = pki.leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1");
  TlsServer server(good);

  ExchangeLog log = get(server.url("localhost"), quick(pki.ca.cert_file));
  CAPTURE(log.error.message);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.response.status == 200);
  CHECK(log.body() == "hello over TLS");
  REQUIRE(log.tls);
  const TlsFacts& t = *log.tls;
  CHECK(t.version == "TLSv1.3");
  CHECK(t.cipher.rfind("TLS_", 0) == 0);  // a TLS 1.3 suite, e.g. TLS_AES_256_GCM_SHA384
  CHECK(t.alpn == "http/1.1");
  CHECK(t.server_name == "localhost");
  CHECK(server.last_sni() == "localhost");  // the SNI reached the server
  CHECK(t.verified);
  CHECK_FALSE(t.by_relay);
  REQUIRE(t.certificates.size() == 1);
  const CertificateInfo& c = t.certificates[0];
  CHECK(c.subject == "CN=localhost,O=Wirepad tests");
  CHECK(c.issuer == "CN=Wirepad Test CA,O=Wirepad tests");
  CHECK(c.sans == std::vector<std::string>{"DNS:localhost", "IP:127.0.0.1"});
  CHECK_THAT(c.not_before, Catch::Matches(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)"));
  CHECK_THAT(c.not_after, Catch::Matches(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)"));
  CHECK(c.not_before < c.not_after);
  REQUIRE(t.chain.size() == 1);
  CHECK_THAT(t.chain[0], Catch::Contains("issuer /O=Wirepad tests/CN=Wirepad Test CA"));

  // By address: verified against the IP SAN, and no SNI (RFC 6066 allows names only).
  ExchangeLog by_ip = get(server.url("127.0.0.1"), quick(pki.ca.cert_file));
  CAPTURE(by_ip.error.message);
  REQUIRE(by_ip.phase == Phase::done);
  CHECK(by_ip.tls->server_name.empty());
  CHECK(server.last_sni() == "(none)");
}

TEST_CASE("TLS: each refused certificate names its reason and the host", "[tls][integration]") {
  struct Case {
    const char* what;
    const char* host;
    bool trust_ca;
    const char* expect1;
    const char* expect2;
  };
  TestPki pki;
  auto row = GENERATE(as<int>{}, 0, 1, 2, 3, 4, 5, 6);
  TestCert expired = pki.leaf("expired", "localhost", "DNS:localhost", -30 * kDay, -kDay);
  TestCert future = pki.leaf("future", "localhost", "DNS:localhost", kDay, 30 * kDay);
  TestCert other = pki.leaf("other", "other.example", "DNS:other.example,DNS:www.other.example");
  TestCert named = pki.leaf("named", "localhost", "DNS:localhost");
  TestCert self = pki.leaf("self", "localhost", "DNS:localhost", -kDay, 30 * kDay, /*self_signed=*/true);
  const Case cases[] = {
      {"expired", "localhost", true, "Certificate expired: the certificate of localhost expired on ", " UTC."},
      {"not yet valid", "localhost", true, "Certificate not yet valid: the certificate of localhost is valid only from ", "clock"},
      {"wrong host", "localhost", true, "Hostname mismatch: the certificate of localhost is not valid for 'localhost'",
       "it names DNS:other.example, DNS:www.other.example."},
      {"wrong address", "127.0.0.1", true, "Hostname mismatch: the certificate of 127.0.0.1 is not valid for '127.0.0.1'",
       "it names DNS:localhost."},
      {"self-signed", "localhost", true, "Self-signed certificate: the certificate of localhost (CN=localhost,O=Wirepad tests)",
       "does not trust it"},
      {"self-signed root in the chain", "localhost", false,
       "Self-signed certificate in the chain: localhost sent a chain that ends in the root 'CN=Wirepad Test CA,O=Wirepad tests'",
       "not among the trusted CAs"},
      {"unknown CA", "localhost", false,
       "Unknown CA: the certificate of localhost was issued by 'CN=Wirepad Test CA,O=Wirepad tests'", "CA file"},
  };
  const Case& c = cases[row];
  const TestCert* leaf[] = {&expired, &future, &other, &named, &self, &named, &named};
  const TestCert* extra = row == 5 ? &pki.ca : nullptr;  // the server sends its root along
  TlsServer server(*leaf[row], extra);
  CAPTURE(c.what);

  ExchangeLog log = get(server.url(c.host), quick(c.trust_ca ? pki.ca.cert_file : ""));
  CAPTURE(log.error.message);
  REQUIRE(log.phase == Phase::failed);
  CHECK(log.error.code == ErrorCode::certificate_rejected);
  CHECK_THAT(log.error.message, Catch::StartsWith(c.expect1));
  CHECK_THAT(log.error.message, Catch::Contains(c.expect2));
  CHECK_THAT(log.error.message, Catch::Contains("-k/--insecure"));
  CHECK_FALSE(log.tls);
  CHECK(log.bytes_sent.empty());  // nothing was sent to a server we could not verify

  // The insecure switch connects anyway and says the certificate was not verified.
  ExchangeOptions insecure = quick();
  insecure.verify_tls = false;
  ExchangeLog anyway = get(server.url(c.host), insecure);
  CAPTURE(anyway.error.message);
  REQUIRE(anyway.phase == Phase::done);
  CHECK(anyway.response.status == 200);
  REQUIRE(anyway.tls);
  CHECK_FALSE(anyway.tls->verified);
  CHECK(anyway.tls->certificates.size() == (extra ? 2u : 1u));
}

TEST_CASE("TLS: a CA file that cannot be used is named", "[tls][integration]") {
  TestPki pki;
  TestCert good = pki.leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1");
  TlsServer server(good);
  ExchangeLog missing = get(server.url("127.0.0.1"), quick("/nonexistent/ca.pem"));
  CHECK(missing.error.code == ErrorCode::tls_failed);
  CHECK_THAT(missing.error.message, Catch::Contains("cannot use the CA file '/nonexistent/ca.pem': it cannot be read"));
  ExchangeLog not_pem = get(server.url("127.0.0.1"), quick(good.key_file));  // a key, not a certificate
  CHECK(not_pem.error.code == ErrorCode::tls_failed);
  CHECK_THAT(not_pem.error.message, Catch::Contains("cannot use the CA file '" + good.key_file + "'"));
}

TEST_CASE("TLS: a plain http server on an https:// URL is named as such", "[tls][integration]") {
  httplib::Server plain;
  plain.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_content("plain", "text/plain"); });
  int port = plain.bind_to_any_port("127.0.0.1");
  std::thread t([&] { plain.listen_after_bind(); });
  while (!plain.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ExchangeLog log = get("https://127.0.0.1:" + std::to_string(port) + "/", quick());
  plain.stop();
  t.join();
  CHECK(log.error.code == ErrorCode::tls_failed);
  CHECK_THAT(log.error.message, Catch::Contains("the server did not answer in TLS: is it a plain http:// server on this port?"));
}

TEST_CASE("wirepad send: --cacert verifies, -v prints the session and the chain, -k skips", "[tls][cli]") {
  TestPki pki;
  TestCert good = pki.leaf("good", "localhost", "DNS:localhost,IP:127.0.0.1");
  TestCert expired = pki.leaf("expired", "localhost", "DNS:localhost,IP:127.0.0.1", -30 * kDay, -kDay);
  TlsServer server(good);
  TlsServer old(expired);

  auto ok = test::run_command({WIREPAD_BINARY, "send", "-v", "--cacert", pki.ca.cert_file, server.url("localhost")});
  CAPTURE(ok.err);
  CHECK(ok.status == 0);
  CHECK_THAT(ok.out, Catch::EndsWith("hello over TLS"));
  CHECK_THAT(ok.err, Catch::Contains("* TLS TLSv1.3, cipher TLS_"));
  CHECK_THAT(ok.err, Catch::Contains(", ALPN http/1.1\n"));
  CHECK_THAT(ok.err, Catch::Contains("* SNI localhost\n"));
  CHECK_THAT(ok.err, Catch::Contains("* certificate verified: chain and host name accepted\n"));
  CHECK_THAT(ok.err, Catch::Contains("* certificate 0 (server): subject CN=localhost,O=Wirepad tests\n"));
  CHECK_THAT(ok.err, Catch::Contains("*   issuer  CN=Wirepad Test CA,O=Wirepad tests\n"));
  CHECK_THAT(ok.err, Catch::Contains("*   names   DNS:localhost IP:127.0.0.1\n"));

  auto refused = test::run_command({WIREPAD_BINARY, "send", "--cacert", pki.ca.cert_file, old.url("localhost")});
  CHECK(refused.status == 1);
  CHECK_THAT(refused.err, Catch::StartsWith("wirepad: certificate_rejected: Certificate expired: the certificate of localhost"));

  auto insecure = test::run_command({WIREPAD_BINARY, "send", "-k", "-v", old.url("localhost")});
  CHECK(insecure.status == 0);
  CHECK_THAT(insecure.err, Catch::Contains("* certificate NOT verified (--insecure)"));
}
