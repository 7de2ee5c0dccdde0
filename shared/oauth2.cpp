// wirepad core: OAuth 2.0 requests and responses (see oauth2.h). RFC 6749 and RFC 7636
// section numbers in the comments.
// Depends on: oauth2.h, base64.h, crypto_hash.h, import_text.h, url.h, text_util.h, nlohmann-json.
#include "oauth2.h"

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

#include "base64.h"
#include "crypto_hash.h"
#include "import_text.h"
#include "json_input.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// A token endpoint request: a form POST (§4.4.2, §4.1.3, §6) that asks for JSON back, with the
// client authenticated by HTTP Basic or in the body (§2.3.1).
HttpRequest token_request(std::string_view token_url, const OAuth2Client& client, Pairs form) {
  HttpRequest r;
  r.method = "POST";
  r.url = std::string(token_url);
  r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  r.headers.push_back({"Accept", "application/json"});
  if (client.client_secret.empty()) {
    // A public client identifies itself in the body (§4.1.3, §3.2.1).
    form.emplace_back("client_id", client.client_id);
  } else if (client.auth == OAuth2Client::Auth::basic) {
    // §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
    r.headers.push_back({"Authorization", "Basic " + encode_base64(form_urlencode_component(client.client_id) + ":" +
                                                                   form_urlencode_component(client.client_secret))});
  } else {
    form.emplace_back("client_id", client.client_id);
    form.emplace_back("client_secret", client.client_secret);
  }
  r.body = form_urlencode(form);
  return r;
}

bool is_unreserved(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

const std::string* find(const Pairs& pairs, std::string_view name) {
  for (const auto& [k, v] : pairs)
    if (k == name) return &v;
  return nullptr;
}

// "invalid_grant (The code has expired)" from an error and its optional description.
std::string describe_oauth_error(const std::string& code, const std::string* description, const std::string* uri) {
  std::string s = code;
  if (description != nullptr && !description->empty()) s += " (" + *description + ")";
  if (uri != nullptr && !uri->empty()) s += ", see " + *uri;
  return s;
}

}  // namespace

HttpRequest oauth2_client_credentials_request(std::string_view token_url, const OAuth2Client& client,
                                              std::string_view scope) {
  Pairs form = {{"grant_type", "client_credentials"}};
  if (!scope.empty()) form.emplace_back("scope", std::string(scope));
  return token_request(token_url, client, std::move(form));
}

Result<std::string> pkce_s256_challenge(std::string_view verifier) {
  if (verifier.size() < 43 || verifier.size() > 128)
    return make_error(ErrorCode::invalid_request, "A PKCE code verifier must be 43 to 128 characters long (RFC 7636 §4.1); this one has " +
                                                      std::to_string(verifier.size()) + ".");
  for (std::size_t i = 0; i < verifier.size(); ++i)
    if (!is_unreserved(static_cast<unsigned char>(verifier[i])))
      return make_error(ErrorCode::invalid_request,
                        "A PKCE code verifier may only use letters, digits, '-', '.', '_' and '~' (RFC 7636 §4.1); "
                        "character " + std::to_string(i) + " is " +
                            text::describe_char(static_cast<unsigned char>(verifier[i])) + ".",
                        std::int64_t(i));
  return encode_base64url(sha256_bytes(verifier));
}

Result<std::string> oauth2_authorization_url(const OAuth2AuthorizationRequest& rq) {
  if (rq.client_id.empty())
    return make_error(ErrorCode::invalid_request, "The authorization request needs a client ID; it is empty.");
  if (rq.state.empty())
    return make_error(ErrorCode::invalid_request,
                      "The authorization request needs a state value, which protects the redirect against forgery "
                      "(RFC 6749 §10.12); it is empty.");
  auto url = parse_url(rq.authorization_url);
  if (!url) {
    Error e = url.error();
    e.message = "The authorization URL does not parse: " + e.message;
    return e;
  }
  Pairs q = {{"response_type", "code"}, {"client_id", rq.client_id}};
  if (!rq.redirect_uri.empty()) q.emplace_back("redirect_uri", rq.redirect_uri);
  if (!rq.scope.empty()) q.emplace_back("scope", rq.scope);
  q.emplace_back("state", rq.state);
  if (!rq.code_verifier.empty()) {
    auto challenge = pkce_s256_challenge(rq.code_verifier);
    if (!challenge) return challenge.error();
    q.emplace_back("code_challenge", *challenge);
    q.emplace_back("code_challenge_method", "S256");
  }
  std::string out = rq.authorization_url;
  std::size_t hash = out.find('#');  // a fragment stays last (§3.1: the endpoint has none, but be safe)
  std::string fragment = hash == std::string::npos ? "" : out.substr(hash);
  out = out.substr(0, hash);
  char sep = out.find('?') == std::string::npos ? '?' : (out.back() == '?' || out.back() == '&' ? '\0' : '&');
  if (sep != '\0') out += sep;
  out += form_urlencode(q);
  return out + fragment;
}

Result<std::string> oauth2_parse_redirect(std::string_view redirect, std::string_view expected_state) {
  std::string_view rest = redirect;
  std::size_t hash = rest.find('#');
  rest = rest.substr(0, hash);
  std::size_t q = rest.find('?');
  Pairs params = q == std::string_view::npos ? Pairs{} : split_query(rest.substr(q + 1));
  const std::string* state = find(params, "state");
  // The state is checked first, error or not: a forged redirect must not be believed at all.
  if (!expected_state.empty() && (state == nullptr || *state != expected_state))
    return make_error(ErrorCode::auth_rejected,
                      state == nullptr
                          ? "The redirect has no state parameter, but the authorization request sent one; it may be "
                            "forged (RFC 6749 §10.12), so its code is not used."
                          : "The redirect's state \"" + *state +
                                "\" is not the one Wirepad sent; it may be forged (RFC 6749 §10.12), so its code is "
                                "not used. Start the authorization again.");
  if (const std::string* error = find(params, "error"))
    return make_error(ErrorCode::auth_rejected,
                      "The authorization server refused: " +
                          describe_oauth_error(*error, find(params, "error_description"), find(params, "error_uri")) +
                          ".");
  const std::string* code = find(params, "code");
  if (code == nullptr || code->empty())
    return make_error(ErrorCode::malformed_response,
                      "The redirect carries neither a code nor an error (RFC 6749 §4.1.2): " + std::string(redirect));
  return *code;
}

HttpRequest oauth2_authorization_code_request(std::string_view token_url, const OAuth2Client& client,
                                              std::string_view code, std::string_view redirect_uri,
                                              std::string_view code_verifier) {
  Pairs form = {{"grant_type", "authorization_code"}, {"code", std::string(code)}};
  if (!redirect_uri.empty()) form.emplace_back("redirect_uri", std::string(redirect_uri));
  if (!code_verifier.empty()) form.emplace_back("code_verifier", std::string(code_verifier));
  return token_request(token_url, client, std::move(form));
}

HttpRequest oauth2_refresh_request(std::string_view token_url, const OAuth2Client& client,
                                   std::string_view refresh_token, std::string_view scope) {
  Pairs form = {{"grant_type", "refresh_token"}, {"refresh_token", std::string(refresh_token)}};
  if (!scope.empty()) form.emplace_back("scope", std::string(scope));
  return token_request(token_url, client, std::move(form));
}

Result<OAuth2Token> oauth2_parse_token_response(int status, std::string_view body) {
  using Json = nlohmann::json;
  if (Error nul = json_input::check_no_nul(body, "The token endpoint's answer"))
    return make_error(ErrorCode::malformed_response, nul.message);
  Json doc = json_input::parse_whole<Json>(body);
  auto snippet = [&] {
    std::string s(body.substr(0, 80));
    return body.size() > 80 ? s + "..." : s;
  };
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ErrorCode::malformed_response,
                      "The token endpoint answered " + std::to_string(status) +
                          " with a body that is not a JSON object (RFC 6749 §5.1 asks for one): \"" + snippet() + "\".");
  auto text = [&](const char* key, std::string& out) -> std::optional<Error> {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::nullopt;
    if (!it->is_string())
      return make_error(ErrorCode::malformed_response,
                        std::string("The token response's \"") + key + "\" is not a string.");
    out = it->get<std::string>();
    return std::nullopt;
  };
  std::string error;
  if (auto e = text("error", error)) return *e;
  if (!error.empty() || status >= 400) {
    std::string description, uri;
    text("error_description", description);
    text("error_uri", uri);
    if (error.empty())
      return make_error(ErrorCode::auth_rejected, "The token endpoint answered " + std::to_string(status) +
                                                      " without an OAuth error code: \"" + snippet() + "\".");
    return make_error(ErrorCode::auth_rejected, "The token endpoint refused the request: " +
                                                    describe_oauth_error(error, &description, &uri) + ".");
  }
  OAuth2Token t;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"access_token", &t.access_token},
                          {"token_type", &t.token_type},
                          {"refresh_token", &t.refresh_token},
                          {"scope", &t.scope}})
    if (auto e = text(key, *out)) return *e;
  if (t.access_token.empty())
    return make_error(ErrorCode::malformed_response, "The token response has no access_token (RFC 6749 §5.1).");
  if (t.token_type.empty())
    return make_error(ErrorCode::malformed_response, "The token response has no token_type (RFC 6749 §5.1).");
  auto it = doc.find("expires_in");
  if (it != doc.end() && !it->is_null()) {
    if (it->is_number_integer()) {
      t.expires_in = it->get<std::int64_t>();
    } else if (it->is_string() && !it->get<std::string>().empty() &&
               it->get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
               it->get<std::string>().size() < 12) {
      t.expires_in = std::stoll(it->get<std::string>());
    } else {
      return make_error(ErrorCode::malformed_response,
                        "The token response's expires_in is not a whole number of seconds: " + it->dump() + ".");
    }
  }
  return t;
}

Header oauth2_bearer_header(std::string_view access_token) {
  return Header{"Authorization", "Bearer " + std::string(access_token)};
}

}  // namespace wirepad
