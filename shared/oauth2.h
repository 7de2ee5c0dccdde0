// wirepad core: OAuth 2.0 client requests and responses (RFC 6749) with PKCE (RFC 7636),
// sans-I/O: each function builds the HttpRequest to send or reads the response received; the
// caller does the I/O (and, for the authorization code flow, opens the browser and listens on
// the loopback redirect URI, RFC 8252 §7.3). The PKCE verifier and the state are given by the
// caller (no random source in here).
// Depends on: http_message.h, error.h, crypto_hash.h, base64.h, import_text.h.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "error.h"
#include "http_message.h"

namespace wirepad {

struct OAuth2Client {
  std::string client_id;
  std::string client_secret;  // empty: a public client (client_id sent in the body, no secret)
  // How a confidential client authenticates at the token endpoint (RFC 6749 §2.3.1): HTTP
  // Basic (which every server must support) or client_id/client_secret in the body.
  enum class Auth { basic, body } auth = Auth::basic;
};

// §4.4.2: grant_type=client_credentials [&scope=...], POSTed to the token endpoint with
// Content-Type application/x-www-form-urlencoded and Accept application/json.
HttpRequest oauth2_client_credentials_request(std::string_view token_url, const OAuth2Client& client,
                                              std::string_view scope);

// RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). Errors (invalid_request): a verifier
// that is not 43 to 128 characters of [A-Z a-z 0-9 - . _ ~] (§4.1), naming the first bad one.
Result<std::string> pkce_s256_challenge(std::string_view code_verifier);

struct OAuth2AuthorizationRequest {
  std::string authorization_url;  // the authorization endpoint; may already carry a query
  std::string client_id;
  std::string redirect_uri;       // e.g. http://127.0.0.1:PORT/callback (RFC 8252 §7.3); empty: omitted
  std::string scope;              // space-separated; empty: omitted
  std::string state;              // opaque value checked on the way back (§10.12)
  std::string code_verifier;      // PKCE; empty: no PKCE (not recommended)
};

// §4.1.1 with RFC 7636 §4.3: the URL to open in the browser (response_type=code, client_id,
// redirect_uri, scope, state, code_challenge, code_challenge_method=S256). Errors
// (invalid_request / invalid_url): an empty client_id or state, a bad verifier, an
// authorization URL that does not parse.
Result<std::string> oauth2_authorization_url(const OAuth2AuthorizationRequest& request);

// §4.1.2: reads the redirect the browser was sent to (a full URL, or just its target
// "/callback?code=..."). Returns the authorization code. Errors: auth_rejected when the server
// sent an error (§4.1.2.1; the message names the error code and its description) or when the
// state differs from `expected_state` (a forged redirect, §10.12); malformed_response when
// there is neither a code nor an error. An empty `expected_state` means none was sent (Wirepad
// always sends one), and then any state is accepted.
Result<std::string> oauth2_parse_redirect(std::string_view redirect, std::string_view expected_state);

// §4.1.3 with RFC 7636 §4.5: grant_type=authorization_code, code, redirect_uri (when the
// authorization request had one), code_verifier (when PKCE was used).
HttpRequest oauth2_authorization_code_request(std::string_view token_url, const OAuth2Client& client,
                                              std::string_view code, std::string_view redirect_uri,
                                              std::string_view code_verifier);

// §6: grant_type=refresh_token, refresh_token [, scope].
HttpRequest oauth2_refresh_request(std::string_view token_url, const OAuth2Client& client,
                                   std::string_view refresh_token, std::string_view scope);

struct OAuth2Token {
  std::string access_token;
  std::string token_type;                  // "Bearer" (compare case-insensitively, §5.1)
  std::optional<std::int64_t> expires_in;  // seconds from when the response was received
  std::string refresh_token;               // empty when none was issued
  std::string scope;                       // empty when the server did not say (then: as requested)
  bool operator==(const OAuth2Token&) const = default;
};

// §5.1 / §5.2: reads the token endpoint's answer. Errors: auth_rejected for an error response
// ("The token endpoint refused the request: invalid_grant (...)"), malformed_response for a
// body that is not a JSON object, a missing access_token or token_type, or a wrong type.
// expires_in given as a string of digits is accepted (several providers send it so).
Result<OAuth2Token> oauth2_parse_token_response(int status, std::string_view body);

// The header that presents an access token (RFC 6750 §2.1): Authorization: Bearer <token>.
Header oauth2_bearer_header(std::string_view access_token);

}  // namespace wirepad
