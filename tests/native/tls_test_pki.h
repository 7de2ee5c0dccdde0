// tests: a throwaway PKI made with the OpenSSL API for one test run: a CA and leaf
// certificates with chosen names and validity (expired, not yet valid, wrong host,
// self-signed), written as PEM files in a temporary folder. The API, not the openssl command,
// because `openssl x509` 3.0 cannot back-date a certificate.
#pragma once
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace wirepad::test {

struct TestCert {
  std::string cert_file, key_file;  // PEM
  X509* cert = nullptr;             // owned by the TestPki
  EVP_PKEY* key = nullptr;
};

class TestPki {
 public:
  static constexpr long kDay = 24 * 3600;

  TestPki() {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("wirepad-pki-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    ca = make("ca", "Wirepad Test CA", "", -kDay, 30 * kDay, true, nullptr);
  }
  ~TestPki() {
    for (EVP_PKEY* k : keys_) EVP_PKEY_free(k);
    for (X509* c : certs_) X509_free(c);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;

  // A leaf signed by the CA (or by itself when self_signed), valid from now+from to now+until
  // seconds, with subjectAltName `sans` ("DNS:localhost,IP:127.0.0.1", or "" for none).
  TestCert leaf(const std::string& name, const std::string& cn, const std::string& sans, long from = -kDay,
                long until = 30 * kDay, bool self_signed = false) {
    return make(name, cn, sans, from, until, false, self_signed ? nullptr : &ca);
  }

  TestCert ca;

 private:
  TestCert make(const std::string& name, const std::string& cn, const std::string& sans, long from, long until,
                bool is_ca, const TestCert* issuer) {
    TestCert out;
    out.key = EVP_EC_gen("P-256");
    keys_.push_back(out.key);
    X509* x = X509_new();
    certs_.push_back(x);
    out.cert = x;
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), long(certs_.size()) + 1000);
    X509_gmtime_adj(X509_getm_notBefore(x), from);
    X509_gmtime_adj(X509_getm_notAfter(x), until);
    X509_set_pubkey(x, out.key);
    X509_NAME* subject = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Wirepad tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer->cert) : subject);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer ? issuer->cert : x, x, nullptr, nullptr, 0);
    auto add = [&](int nid, const std::string& value) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
      if (!ext) throw std::runtime_error("bad test certificate extension " + value);
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    };
    add(NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "CA:FALSE");
    if (is_ca) add(NID_key_usage, "critical,keyCertSign,cRLSign");
    add(NID_subject_key_identifier, "hash");
    if (!sans.empty()) add(NID_subject_alt_name, sans);
    X509_sign(x, issuer ? issuer->key : out.key, EVP_sha256());
    out.cert_file = (dir_ / (name + ".pem")).string();
    out.key_file = (dir_ / (name + ".key")).string();
    FILE* f = std::fopen(out.cert_file.c_str(), "w");
    PEM_write_X509(f, x);
    std::fclose(f);
    f = std::fopen(out.key_file.c_str(), "w");
    PEM_write_PrivateKey(f, out.key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    return out;
  }

  std::filesystem::path dir_;
  std::vector<EVP_PKEY*> keys_;
  std::vector<X509*> certs_;
};

}  // namespace wirepad::test
