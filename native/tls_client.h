// native: the client side of TLS that the POSIX transport and the browser relay share, so both
// builds send the same SNI, check the same names, report the same facts and explain a refused
// certificate in the same words. OpenSSL only; no sockets here.
// Depends on: shared/transport.h, shared/error.h, OpenSSL.
#pragma once
#include <openssl/ssl.h>

#include <string>
#include <vector>
#include <string_view>

#include "shared/error.h"
#include "shared/transport.h"

namespace wirepad::native {

// Client defaults for a context: TLS 1.2 or newer, ALPN http/1.1, the system CAs (unless
// `trust_system_cas` is false: a context for connections that verify nothing).
void configure_client_context(SSL_CTX* ctx, bool trust_system_cas = true);

// Adds the PEM certificates in `path` to the CAs `ctx` trusts (an internal CA, a test CA).
// Returns "" or a sentence naming the file and what is wrong with it.
std::string add_trusted_ca_file(SSL_CTX* ctx, const std::string& path);

// Before the handshake: SNI for a host name (never for an address literal, RFC 6066 §3) and,
// when verifying, the name or address the certificate must carry (RFC 6125); the ALPN offer
// (RFC 7301), most wanted first, when it is not the context's "http/1.1".
void prepare_client_ssl(SSL* ssl, const std::string& host, bool verify, const std::vector<std::string>& alpn = {});

// After the handshake: version, cipher, ALPN, SNI and the chain, leaf first.
TlsFacts tls_facts(SSL* ssl, const std::string& host, bool verified);

// After a failed handshake: a certificate_rejected error naming the reason (expired, not yet
// valid, self-signed, self-signed root in the chain, hostname mismatch with the names the
// certificate has, unknown CA), or an empty Error when verification was not what failed.
// `how_to_accept` ends the sentence: how this front end turns verification off.
Error certificate_error(SSL* ssl, const std::string& host, std::string_view how_to_accept);

// A handshake that failed for another reason, from OpenSSL's packed error code
// (ERR_peek_error(), or an Asio SSL error's value): a clause naming the likely cause, with
// OpenSSL's own text, e.g. "the server refused the handshake with a TLS alert (handshake
// failure): ...". `err` 0 gives "the server closed the connection during the handshake".
std::string handshake_failure_reason(unsigned long err);

}  // namespace wirepad::native
