// native: `wirepad send -v` TLS lines (see cli_tls.h).
#include "native/cli_tls.h"

namespace wirepad::native {

void print_tls_facts(std::ostream& out, const TlsFacts& facts) {
  out << "* TLS " << facts.version << ", cipher " << facts.cipher << ", ALPN "
      << (facts.alpn.empty() ? "none (the server chose no protocol)" : facts.alpn) << "\n";
  out << "* SNI " << (facts.server_name.empty() ? "not sent (an address literal has none)" : facts.server_name) << "\n";
  out << "* certificate " << (facts.verified ? "verified: chain and host name accepted"
                                             : "NOT verified (--insecure): anyone could be on the other end")
      << "\n";
  if (facts.by_relay) out << "* TLS was done by the relay on this machine: the relay saw the plaintext\n";
  for (std::size_t i = 0; i < facts.certificates.size(); ++i) {
    const CertificateInfo& c = facts.certificates[i];
    out << "* certificate " << i << (i == 0 ? " (server)" : "") << ": subject " << c.subject << "\n";
    out << "*   issuer  " << c.issuer << "\n";
    out << "*   valid   " << c.not_before << " to " << c.not_after << "\n";
    if (!c.sans.empty()) {
      out << "*   names  ";
      for (const auto& san : c.sans) out << " " << san;
      out << "\n";
    }
  }
}

}  // namespace wirepad::native
