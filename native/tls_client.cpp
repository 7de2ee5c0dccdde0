// native: shared TLS client helpers (see tls_client.h).
#include "native/tls_client.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>

namespace wirepad::native {
namespace {

std::string name_text(const X509_NAME* name) {  // RFC 4514 style: "CN=localhost,O=Example"
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string text(data, n > 0 ? size_t(n) : 0);
  BIO_free(bio);
  return text;
}

std::string oneline(const X509_NAME* name) {
  char buf[512] = {};
  X509_NAME_oneline(name, buf, sizeof buf);
  return buf;
}

std::string asn1_time_print(const ASN1_TIME* t) {  // "Nov 25 10:00:00 2026 GMT", as before
  BIO* bio = BIO_new(BIO_s_mem());
  ASN1_TIME_print(bio, t);
  char buf[64] = {};
  int n = BIO_read(bio, buf, sizeof buf - 1);
  BIO_free(bio);
  return n > 0 ? std::string(buf, size_t(n)) : std::string();
}

std::string asn1_time_iso(const ASN1_TIME* t) {  // "2026-11-25 10:00:00 UTC"
  std::tm tm{};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return "?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::vector<std::string> subject_alt_names(X509* cert) {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    auto ia5 = [](const ASN1_IA5STRING* s) {
      return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), size_t(ASN1_STRING_length(s)));
    };
    if (n->type == GEN_DNS) {
      out.push_back("DNS:" + ia5(n->d.dNSName));
    } else if (n->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = n->d.iPAddress;
      char text[INET6_ADDRSTRLEN] = {};
      int len = ASN1_STRING_length(ip);
      if (len == 4 || len == 16) {
        inet_ntop(len == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(ip), text, sizeof text);
        out.push_back(std::string("IP:") + text);
      }
    } else if (n->type == GEN_EMAIL) {
      out.push_back("email:" + ia5(n->d.rfc822Name));
    } else if (n->type == GEN_URI) {
      out.push_back("URI:" + ia5(n->d.uniformResourceIdentifier));
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string common_name(X509* cert) {
  X509_NAME* name = X509_get_subject_name(cert);
  int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (i < 0) return "";
  const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), size_t(ASN1_STRING_length(s)));
}

bool is_ip_literal(const std::string& host) {
  in6_addr ip6;
  in_addr ip4;
  return inet_pton(AF_INET, host.c_str(), &ip4) == 1 || inet_pton(AF_INET6, host.c_str(), &ip6) == 1;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string openssl_errors() {
  std::string text;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    text += (text.empty() ? "" : "; ") + std::string(buf);
  }
  return text;
}

}  // namespace

void configure_client_context(SSL_CTX* ctx, bool trust_system_cas) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (trust_system_cas) SSL_CTX_set_default_verify_paths(ctx);
  static const unsigned char alpn[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
  SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn);
}

std::string add_trusted_ca_file(SSL_CTX* ctx, const std::string& path) {
  ERR_clear_error();
  if (SSL_CTX_load_verify_locations(ctx, path.c_str(), nullptr) == 1) return "";
  std::string why = openssl_errors();
  return "cannot use the CA file '" + path + "': " +
         (why.find("No such file") != std::string::npos || why.find("system library") != std::string::npos
              ? "it cannot be read (does it exist?)"
              : "it holds no PEM certificate OpenSSL accepts (" + why + ")");
}

void prepare_client_ssl(SSL* ssl, const std::string& host, bool verify, const std::vector<std::string>& alpn) {
  if (!alpn.empty()) {
    std::string wire;  // each name behind its length byte
    for (const std::string& name : alpn) {
      if (name.empty() || name.size() > 255) continue;
      wire += char(name.size());
      wire += name;
    }
    SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.data()), unsigned(wire.size()));
  }
  bool literal = is_ip_literal(host);
  if (!literal) SSL_set_tlsext_host_name(ssl, host.c_str());
  SSL_set_verify(ssl, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  if (!verify) return;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (literal)
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  else
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
}

TlsFacts tls_facts(SSL* ssl, const std::string& host, bool verified) {
  TlsFacts facts;
  facts.version = SSL_get_version(ssl);
  facts.cipher = SSL_get_cipher_name(ssl);
  const unsigned char* alpn = nullptr;
  unsigned alpn_len = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
  facts.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  if (!is_ip_literal(host)) facts.server_name = host;
  facts.verified = verified;
  if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl)) {
    for (int i = 0; i < sk_X509_num(chain); ++i) {
      X509* cert = sk_X509_value(chain, i);
      facts.chain.push_back("subject " + oneline(X509_get_subject_name(cert)) + "; issuer " +
                            oneline(X509_get_issuer_name(cert)) + "; valid " + asn1_time_print(X509_get0_notBefore(cert)) +
                            " to " + asn1_time_print(X509_get0_notAfter(cert)));
      facts.certificates.push_back({name_text(X509_get_subject_name(cert)), name_text(X509_get_issuer_name(cert)),
                                    asn1_time_iso(X509_get0_notBefore(cert)), asn1_time_iso(X509_get0_notAfter(cert)),
                                    subject_alt_names(cert)});
    }
  }
  return facts;
}

std::string handshake_failure_reason(unsigned long err) {
  if (err == 0) return "the server closed the connection during the handshake";
  char buf[256];
  ERR_error_string_n(err, buf, sizeof buf);
  const std::string openssl = std::string(" (OpenSSL: ") + buf + ")";
  int reason = ERR_GET_REASON(err);
  if (ERR_GET_LIB(err) == ERR_LIB_SSL) {
    if (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG)
      return "the server did not answer in TLS: is it a plain http:// server on this port?" + openssl;
    if (reason == SSL_R_UNEXPECTED_EOF_WHILE_READING) return "the server closed the connection during the handshake" + openssl;
    if (reason == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION || reason == SSL_R_UNSUPPORTED_PROTOCOL)
      return "the server and Wirepad share no TLS version (Wirepad offers TLS 1.2 and 1.3)" + openssl;
    if (reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE)
      return "the server refused the handshake with a TLS alert (handshake failure): it accepts none of the "
             "versions or ciphers offered, or it wants a client certificate" + openssl;
    if (reason >= SSL_AD_REASON_OFFSET)  // any other alert the server sent (RFC 8446 §6)
      return "the server ended the handshake with a TLS alert" + openssl;
  }
  return std::string(buf);
}

Error certificate_error(SSL* ssl, const std::string& host, std::string_view how_to_accept) {
  long v = SSL_get_verify_result(ssl);
  if (v == X509_V_OK) return Error{};
  // After a refused handshake the session may hold no peer certificate, but the chain the
  // server sent (leaf first, on the client side) is still there.
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  X509* leaf = chain && sk_X509_num(chain) > 0 ? sk_X509_value(chain, 0) : SSL_get0_peer_certificate(ssl);
  const std::string who = "the certificate of " + host;
  const std::string tail = std::string(how_to_accept);
  // The first certificate of the chain for which `bad` holds, else the leaf.
  auto find_cert = [&](auto bad) -> X509* {
    for (int i = 0; chain && i < sk_X509_num(chain); ++i)
      if (bad(sk_X509_value(chain, i))) return sk_X509_value(chain, i);
    return leaf;
  };
  auto label = [&](X509* cert) {
    std::string cn = cert ? common_name(cert) : "";
    return cert == leaf ? who : "the certificate '" + (cn.empty() ? name_text(X509_get_subject_name(cert)) : cn) +
                                    "' in the chain of " + host;
  };
  std::string sentence;
  switch (v) {
    case X509_V_ERR_CERT_HAS_EXPIRED: {
      X509* c = find_cert([](X509* x) { return X509_cmp_current_time(X509_get0_notAfter(x)) < 0; });
      sentence = "Certificate expired: " + label(c) + " expired on " +
                 (c ? asn1_time_iso(X509_get0_notAfter(c)) : std::string("?")) + ".";
      break;
    }
    case X509_V_ERR_CERT_NOT_YET_VALID: {
      X509* c = find_cert([](X509* x) { return X509_cmp_current_time(X509_get0_notBefore(x)) > 0; });
      sentence = "Certificate not yet valid: " + label(c) + " is valid only from " +
                 (c ? asn1_time_iso(X509_get0_notBefore(c)) : std::string("?")) +
                 " (or this machine's clock is wrong).";
      break;
    }
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      sentence = "Self-signed certificate: " + who + " (" + (leaf ? name_text(X509_get_subject_name(leaf)) : "?") +
                 ") signed itself, and this machine does not trust it.";
      break;
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN: {
      X509* root = find_cert([](X509* x) { return X509_check_issued(x, x) == X509_V_OK; });
      sentence = "Self-signed certificate in the chain: " + host + " sent a chain that ends in the root '" +
                 (root ? name_text(X509_get_subject_name(root)) : "?") + "', which is not among the trusted CAs.";
      break;
    }
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      sentence = "Unknown CA: " + who + " was issued by '" +
                 (leaf ? name_text(X509_get_issuer_name(leaf)) : "?") +
                 "', a certificate authority this machine does not trust (an internal CA? give its certificate as "
                 "the CA file).";
      break;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: {
      std::vector<std::string> names = leaf ? subject_alt_names(leaf) : std::vector<std::string>{};
      std::string cn = leaf ? common_name(leaf) : "";
      sentence = "Hostname mismatch: " + who + " is not valid for '" + host + "'; it names " +
                 (names.empty() ? (cn.empty() ? std::string("no host at all") : "only CN=" + cn + " (and no subjectAltName)")
                                : joined(names)) +
                 ".";
      break;
    }
    default:
      sentence = "Certificate not accepted: " + who + " failed verification: " + X509_verify_cert_error_string(v) + ".";
  }
  return make_error(ErrorCode::certificate_rejected, sentence + tail);
}

}  // namespace wirepad::native
