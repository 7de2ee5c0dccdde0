// wirepad core: HTTP Digest access authentication (RFC 7616), client side, sans-I/O.
// The round trip: send the request without credentials; on 401 (or 407 from a proxy) pick the
// strongest Digest challenge Wirepad can answer (select_digest_challenge), then send the request
// again with the header digest_authorization() computes. Credentials are never sent before a
// challenge. The caller supplies cnonce and nc (no clock or random source in here), so the
// same inputs always give the same header, and a test can replay a peer's values.
// Supported: MD5, MD5-sess, SHA-256, SHA-256-sess; qop=auth, qop=auth-int, no qop (RFC 2069
// servers); userhash (§3.4.4); opaque echoed; non-ASCII usernames as username* (§3.4.4).
// Not supported: SHA-512-256 (the crypto library lacks SHA-512/256): such a challenge is
// skipped, and when it is the only one, the error says so.
// Depends on: auth_challenge.h, crypto_hash.h, error.h.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "auth_challenge.h"
#include "error.h"

namespace wirepad {

enum class DigestAlgorithm { md5, md5_sess, sha256, sha256_sess };
// The name as written in the algorithm parameter ("MD5", "SHA-256-sess").
std::string_view to_string(DigestAlgorithm algorithm);

enum class DigestQop { none, auth, auth_int };

struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::string opaque;         // echoed unchanged when present
  bool has_opaque = false;
  std::string domain;         // space-separated URIs the credentials apply to (§3.3), informational
  bool stale = false;         // true: the nonce expired, retry with the same credentials (§3.3)
  DigestAlgorithm algorithm = DigestAlgorithm::md5;
  bool algorithm_given = false;  // the challenge named it (then the answer names it too)
  DigestQop qop = DigestQop::none;  // the one Wirepad will use among those offered
  bool userhash = false;      // the server wants the username hashed (§3.4.4)
  bool for_proxy = false;     // from Proxy-Authenticate: answer in Proxy-Authorization
};

// Picks, among the challenges of a 401's WWW-Authenticate fields (or a 407's
// Proxy-Authenticate fields with `for_proxy`), the Digest challenge to answer: SHA-256 before
// SHA-256-sess before MD5 before MD5-sess, the server's order among equals; qop auth before
// auth-int. Errors (malformed_response), each a sentence naming the reason: a field that does
// not parse (with its byte position), no Digest challenge at all (naming the schemes offered),
// a Digest challenge without realm or nonce, only algorithms or qops Wirepad cannot compute
// (naming them).
Result<DigestChallenge> select_digest_challenge(const std::vector<std::string>& field_values, bool for_proxy = false);
// The same over challenges already parsed.
Result<DigestChallenge> select_digest_challenge(const std::vector<AuthChallenge>& challenges, bool for_proxy = false);

struct DigestCredentials {
  std::string username;
  std::string password;
};

struct DigestRequest {
  std::string_view method;      // "GET"
  std::string_view uri;         // the request-target as sent: "/path?q" (absolute-form through a proxy)
  std::string_view body;        // hashed only for qop=auth-int
  std::string_view cnonce;      // client nonce, chosen by the caller (e.g. 16 random bytes as hex)
  std::uint32_t nc = 1;         // how many times this nonce was used, including this request
};

struct AuthHeader {
  std::string name;   // "Authorization" or "Proxy-Authorization"
  std::string value;  // "Digest username=\"...\", ..."
  bool operator==(const AuthHeader&) const = default;
};

// The credentials header answering `challenge` for `request` (RFC 7616 §3.4). Errors
// (invalid_request): an empty cnonce with a qop, a cnonce or uri with a '"' or a control
// character, a username with a control character (no encoding can carry it).
Result<AuthHeader> digest_authorization(const DigestChallenge& challenge, const DigestCredentials& credentials,
                                        const DigestRequest& request);

// The "response" parameter alone (RFC 7616 §3.4.1), for tests and for showing the steps.
std::string digest_response(const DigestChallenge& challenge, const DigestCredentials& credentials,
                            const DigestRequest& request);

}  // namespace wirepad
