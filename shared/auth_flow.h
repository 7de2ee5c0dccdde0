// wirepad core: the round trips an auth scheme needs at send time, as a sans-I/O state
// machine over the pipeline's result (request_resolve.h, ResolvedRequest::pending). The front
// ends (native/cli_auth.cpp, ui/auth_follow.cpp) send what it asks for, hand it each response,
// and show every round trip as its own exchange:
//
//   Digest (RFC 7616)   the request without credentials (a body-carrying method goes with
//                       Content-Length: 0 and no body, as curl --digest does), then on 401 the
//                       same request with Authorization; a second 401 is "refused"
//   SigV4               the request signed after its body was encoded (one round)
//   OAuth 2.0           a token request (client credentials, a refresh, or the authorization
//                       code after the browser's redirect), then the request with Bearer
//
// Time, the Digest cnonce, the PKCE verifier and the state are inputs (no clock or random
// source in here), so a test replays a peer's exact values. Tokens are kept by the caller in
// the active environment, as secret variables named by oauth2_token_variables().
// Depends on: request_resolve.h, digest_auth.h, sigv4.h, oauth2.h, exchange.h, environment.h.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "environment.h"
#include "exchange.h"
#include "oauth2.h"
#include "request_resolve.h"

namespace wirepad {

struct AuthFlowInputs {
  std::int64_t unix_time = 0;  // SigV4's X-Amz-Date; when a fetched token expires
  std::string cnonce;          // Digest client nonce (random, e.g. 16 bytes as hex)
  // OAuth 2.0 authorization code: PKCE verifier (43-128 chars) and state, both random; the
  // redirect URI the caller listens on (replaces the settings' redirect URI when not empty).
  std::string code_verifier;
  std::string state;
  std::string redirect_uri;
  std::string refresh_token;  // one kept from an earlier token: refreshed before a new grant
  // Digest: the first request goes whole, with its body (curl --anyauth, which does not know
  // yet that credentials are wanted), rather than as curl --digest's Content-Length: 0 probe;
  // a response other than 401 is then the request's.
  bool first_request_whole = false;
};

// Which round trip a request is, for labels in logs, the timeline and the history.
enum class AuthRound {
  request,        // the request itself (with its credentials, when it has any)
  digest_probe,   // Digest: the request without credentials, to get the challenge
  token,          // OAuth 2.0: the request to the token endpoint
};
std::string_view to_string(AuthRound round);

struct AuthStep {
  enum class Kind {
    send,       // send `request` and call after_response() with what came back
    authorize,  // open `authorization_url` in a browser; call after_redirect() with the redirect
    done,       // the last response was the request's: nothing more to do
    failed,     // `error` says why (the last response, if any, is still the one to show)
  };
  Kind kind = Kind::done;
  HttpRequest request;
  AuthRound round = AuthRound::request;
  std::string label;              // a sentence naming this round ("Digest: answering the challenge of realm ...")
  std::string authorization_url;  // authorize
  Error error;                    // failed
};

class AuthFlow {
 public:
  AuthFlow(ResolvedRequest resolved, AuthFlowInputs inputs);

  // The first step: the request (signed for SigV4), the Digest probe, a token request, or an
  // authorize step. A failure here means nothing was sent.
  AuthStep start();
  // The response to the last `send` step (a finished exchange; a failed one stops the flow).
  AuthStep after_response(const ExchangeLog& log);
  // After an authorize step: the URL (or target) the browser was redirected to.
  AuthStep after_redirect(std::string_view redirect);

  // A token this flow fetched (store it: store_oauth2_token), and when it was received.
  const std::optional<OAuth2Token>& fetched_token() const { return token_; }
  // What was decided along the way that is no error ("the server asked for no credentials").
  const std::vector<std::string>& notes() const { return notes_; }
  const ResolvedRequest& resolved() const { return resolved_; }

 private:
  AuthStep final_request(HttpRequest request);
  AuthStep grant_step();
  AuthStep fail(std::string message, ErrorCode code = ErrorCode::auth_rejected);
  AuthStep digest_answer(const ExchangeLog& log);

  ResolvedRequest resolved_;
  AuthFlowInputs inputs_;
  AuthRound last_ = AuthRound::request;
  bool refreshing_ = false;   // the token request in flight is a refresh
  bool answered_ = false;     // Digest: the credentials went out
  bool stale_retried_ = false;
  std::uint32_t nc_ = 0;
  std::string redirect_uri_;  // authorization code: the one sent (the exchange must repeat it)
  std::optional<OAuth2Token> token_;
  std::vector<std::string> notes_;
};

// [tokens in the environment] -----------------------------------------------------------------

// The secret variables that keep an OAuth 2.0 token. The access token field of the settings
// names the first when it is exactly one {{name}}; otherwise it is derived from the client ID
// ("oauth2.my-app.access_token"). The others are "<name>.refresh_token" and
// "<name>.expires_at" (Unix seconds; absent when the server gave no expires_in).
struct OAuth2TokenVariables {
  std::string access_token;
  std::string refresh_token;
  std::string expires_at;
};
OAuth2TokenVariables oauth2_token_variables(const OAuth2Auth& settings);
// The same for a request as written: its client ID's {{variables}} filled in from `environment`
// where it has them (the access token field must be read before resolving, which clears it).
OAuth2TokenVariables oauth2_token_variables(const RequestSpec& spec, const Environment* environment);

// What an environment holds for these variables.
struct StoredOAuth2Token {
  std::string access_token;
  std::string refresh_token;
  std::optional<std::int64_t> expires_at;
  bool usable(std::int64_t now) const;  // an access token, not expired (30 s of margin)
};
StoredOAuth2Token stored_oauth2_token(const Environment* environment, const OAuth2TokenVariables& names);

// Writes the token as secret variables (creating or replacing them). `now`: when it was received.
void store_oauth2_token(Environment& environment, const OAuth2TokenVariables& names, const OAuth2Token& token,
                        std::int64_t now);

// The request to resolve, with the stored token put in place: a usable token becomes the access
// token sent; an expired one or none leaves the access token empty (so the pipeline says a
// token must be fetched), and `refresh_token` gets the stored refresh token if there is one.
// A literal access token the user typed is left alone. Other auth kinds: `spec` unchanged.
RequestSpec with_stored_oauth2_token(RequestSpec spec, const Environment* environment, std::int64_t now,
                                     std::string* refresh_token);

}  // namespace wirepad
