// native: a resolved request sent from the command line with the round trips its auth needs
// (shared/auth_flow.h): Digest's challenge, SigV4's signature, an OAuth 2.0 token (client
// credentials, refresh, or the authorization code through the browser and a loopback
// redirect, native/oauth_loopback.h). `wirepad run` and `wirepad send` both end here.
#pragma once
#include "native/cli_http.h"
#include <optional>

#include "shared/auth_flow.h"
#include "shared/environment.h"
#include "shared/request_resolve.h"

namespace wirepad::native {

struct CliAuthOptions {
  int authorize_timeout_ms = 300 * 1000;  // how long to wait for the browser's redirect
  // Where a fetched OAuth 2.0 token is kept (oauth2_token_variables); null: used for this run only.
  // The stored refresh token is read from it too.
  Environment* environment = nullptr;
  // The variables that keep the token, named from the request as written (its access token
  // field is "{{name}}" there, and empty once resolved without a usable token); unset: named
  // from the resolved settings.
  std::optional<OAuth2TokenVariables> token_names;
  bool first_request_whole = false;  // AuthFlowInputs::first_request_whole (send --anyauth)
};

// `bytes` random bytes as hex (Digest's cnonce, PKCE's verifier, the state), from the OS's
// source (std::random_device reads /dev/urandom).
std::string random_hex(int bytes);

// Sends `resolved` and what its auth needs, each exchange printed as perform_and_print prints
// one (a Digest 401 as its head, as curl -i --digest does; a token request on stderr with -v,
// its token never printed). Exit status as perform_and_print's: 0 for the request's response,
// 1 when a round trip failed or the server refused the credentials (a sentence says which),
// 2 for settings that cannot be sent.
int perform_with_auth(const ResolvedRequest& resolved, const ExchangeOptions& options, const HttpPrintOptions& print,
                      const CliAuthOptions& auth = {});

}  // namespace wirepad::native
