// wirepad core: auth_flow.h.
#include "auth_flow.h"

#include <algorithm>

#include "digest_auth.h"
#include "sigv4.h"
#include "text_util.h"

namespace wirepad {

namespace {

std::vector<std::string> field_lines(const ExchangeLog& log, std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < log.response.headers.size(); ++i)
    if (iequals(log.response.headers[i].name, name)) out.emplace_back(log.response.headers[i].value);
  return out;
}

OAuth2Client client_of(const OAuth2Auth& a) {
  return OAuth2Client{a.client_id, a.client_secret,
                      a.client_auth == OAuth2ClientAuth::body ? OAuth2Client::Auth::body : OAuth2Client::Auth::basic};
}

// The request-target the Digest answer covers (RFC 7616 §3.4: "uri", the request-target as sent).
std::string target_of(const std::string& url) {
  Result<Url> u = parse_url(url);
  return u ? u->target : std::string("/");
}

bool has_header(const HttpRequest& r, std::string_view name) { return find_header(r.headers, name) != nullptr; }

// Variable names allow letters, digits, '_', '-', '.' (environment.h): anything else in a client ID becomes '_'.
std::string variable_safe(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    out += ok ? c : '_';
  }
  return out.empty() ? std::string("client") : out;
}

void set_secret(Environment& env, const std::string& name, std::string value) {
  for (Variable& v : env.variables)
    if (v.name == name) {
      v.value = std::move(value);
      v.secret = true;
      return;
    }
  env.variables.push_back({name, std::move(value), true});
}

void remove_variable(Environment& env, const std::string& name) {
  env.variables.erase(std::remove_if(env.variables.begin(), env.variables.end(), [&](const Variable& v) { return v.name == name; }),
                      env.variables.end());
}

}  // namespace

std::string_view to_string(AuthRound round) {
  switch (round) {
    case AuthRound::request: return "request";
    case AuthRound::digest_probe: return "digest challenge";
    case AuthRound::token: return "token request";
  }
  return "request";
}

AuthFlow::AuthFlow(ResolvedRequest resolved, AuthFlowInputs inputs) : resolved_(std::move(resolved)), inputs_(std::move(inputs)) {}

AuthStep AuthFlow::fail(std::string message, ErrorCode code) {
  AuthStep s;
  s.kind = AuthStep::Kind::failed;
  s.error = make_error(code, std::move(message));
  return s;
}

AuthStep AuthFlow::final_request(HttpRequest request) {
  AuthStep s;
  s.kind = AuthStep::Kind::send;
  s.request = std::move(request);
  s.round = last_ = AuthRound::request;
  s.label = "the request";
  return s;
}

AuthStep AuthFlow::start() {
  const AuthSpec& auth = resolved_.auth;
  switch (resolved_.pending) {
    case PendingAuth::none: return final_request(resolved_.request);
    case PendingAuth::digest_challenge: {
      if (auth.digest.username.empty())
        return fail("Digest auth: the username is empty; type one in the Auth settings", ErrorCode::invalid_request);
      // As curl --digest: the first request carries no credentials, and a body-carrying
      // method goes with Content-Length: 0 and no body (the body is sent once, with the
      // credentials); the other headers, Content-Type included, are as they will be.
      AuthStep s;
      s.kind = AuthStep::Kind::send;
      s.request = resolved_.request;
      s.round = last_ = AuthRound::digest_probe;
      if (inputs_.first_request_whole) {
        s.label = "Digest: the request without credentials (any scheme the server asks for)";
        return s;
      }
      s.request.body.clear();
      // A Content-Length the request states itself (wirepad send writes curl's headers out)
      // must say the probe's 0, or the server waits for a body that never comes.
      for (Header& h : s.request.headers)
        if (iequals(h.name, "Content-Length")) h.value = "0";
      // A DELETE's (or any method's) body held back is still said, as curl says it: the
      // serializer states no length for a bodiless DELETE of its own accord.
      if (!resolved_.request.body.empty() && !has_header(s.request, "Content-Length") &&
          !has_header(s.request, "Transfer-Encoding"))
        s.request.headers.push_back({"Content-Length", "0"});
      // Nothing is uploaded, so nothing to wait for a 100 Continue about (curl's probe has none).
      // Nor a multipart type: its boundary frames a body that is not sent (curl's probe for -F
      // has no Content-Type, while -d's keeps its urlencoded one).
      std::erase_if(s.request.headers, [](const Header& h) {
        return iequals(h.name, "Expect") ||
               (iequals(h.name, "Content-Type") && h.value.size() >= 10 && iequals(h.value.substr(0, 10), "multipart/"));
      });
      s.label = "Digest: the request without credentials, for the server's challenge";
      return s;
    }
    case PendingAuth::sigv4_signature: {
      const SigV4Auth& a = auth.sigv4;
      AwsCredentials credentials{a.access_key, a.secret_key, a.session_token};
      Result<SigV4Result> signed_ =
          sigv4_sign_headers(resolved_.request, credentials, sigv4_options_for(a.service, a.region, inputs_.unix_time));
      if (!signed_) return fail("AWS Signature V4: " + signed_.error().message, ErrorCode::invalid_request);
      HttpRequest request = resolved_.request;
      for (const Header& h : signed_->headers_to_add) {
        request.headers.push_back(h);
        resolved_.added.push_back(h);
      }
      AuthStep s = final_request(std::move(request));
      s.label = "the request, signed with AWS Signature V4 (" + signed_->signed_headers + ")";
      return s;
    }
    case PendingAuth::oauth2_token: {
      const OAuth2Auth& a = auth.oauth2;
      if (a.token_url.empty())
        return fail("OAuth 2.0: the token URL is empty; type the authorization server's token endpoint in the Auth settings",
                    ErrorCode::invalid_request);
      if (a.client_id.empty())
        return fail("OAuth 2.0: the client ID is empty; type the one the authorization server gave you",
                    ErrorCode::invalid_request);
      if (!inputs_.refresh_token.empty()) {
        AuthStep s;
        s.kind = AuthStep::Kind::send;
        s.request = oauth2_refresh_request(a.token_url, client_of(a), inputs_.refresh_token, a.scope);
        s.round = last_ = AuthRound::token;
        s.label = "OAuth 2.0: refreshing the access token at " + a.token_url;
        refreshing_ = true;
        return s;
      }
      return grant_step();
    }
  }
  return final_request(resolved_.request);
}

AuthStep AuthFlow::grant_step() {
  const OAuth2Auth& a = resolved_.auth.oauth2;
  refreshing_ = false;
  AuthStep s;
  if (a.grant == OAuth2Grant::client_credentials) {
    s.kind = AuthStep::Kind::send;
    s.request = oauth2_client_credentials_request(a.token_url, client_of(a), a.scope);
    s.round = last_ = AuthRound::token;
    s.label = "OAuth 2.0: client credentials token request to " + a.token_url;
    return s;
  }
  if (a.auth_url.empty())
    return fail("OAuth 2.0: the authorization URL is empty; the authorization code grant needs the server's authorization endpoint",
                ErrorCode::invalid_request);
  redirect_uri_ = inputs_.redirect_uri.empty() ? a.redirect_uri : inputs_.redirect_uri;
  OAuth2AuthorizationRequest rq{a.auth_url, a.client_id, redirect_uri_, a.scope, inputs_.state,
                                a.pkce ? inputs_.code_verifier : std::string()};
  Result<std::string> url = oauth2_authorization_url(rq);
  if (!url) return fail("OAuth 2.0: " + url.error().message, url.error().code);
  s.kind = AuthStep::Kind::authorize;
  s.authorization_url = std::move(url.value());
  s.label = "OAuth 2.0: sign in at the authorization server in a browser";
  return s;
}

AuthStep AuthFlow::after_redirect(std::string_view redirect) {
  const OAuth2Auth& a = resolved_.auth.oauth2;
  Result<std::string> code = oauth2_parse_redirect(redirect, inputs_.state);
  if (!code) return fail("OAuth 2.0: " + code.error().message, code.error().code);
  AuthStep s;
  s.kind = AuthStep::Kind::send;
  s.request = oauth2_authorization_code_request(a.token_url, client_of(a), code.value(), redirect_uri_,
                                                a.pkce ? inputs_.code_verifier : std::string());
  s.round = last_ = AuthRound::token;
  s.label = "OAuth 2.0: exchanging the authorization code at " + a.token_url;
  return s;
}

AuthStep AuthFlow::digest_answer(const ExchangeLog& log) {
  const DigestAuth& d = resolved_.auth.digest;
  Result<DigestChallenge> challenge = select_digest_challenge(field_lines(log, "WWW-Authenticate"));
  if (!challenge) return fail("Digest auth: the server's 401 has no challenge Wirepad can answer: " + challenge.error().message);
  if (answered_) {
    // A second 401: refused, unless the server only says our nonce went stale (RFC 7616 §3.3).
    if (!challenge->stale || stale_retried_)
      return fail("Digest auth: the server refused the credentials for user \"" + d.username + "\" (realm \"" +
                  challenge->realm + "\"); check the username and password");
    stale_retried_ = true;
    notes_.push_back("Digest auth: the server said the nonce was stale; answered its new challenge");
  }
  nc_ = 1;  // a new nonce each time one is given
  std::string target = target_of(resolved_.request.url);
  Result<AuthHeader> header = digest_authorization(*challenge, {d.username, d.password},
                                                   DigestRequest{resolved_.request.method.empty() ? "GET" : resolved_.request.method,
                                                                 target, resolved_.request.body, inputs_.cnonce, nc_});
  if (!header) return fail("Digest auth: " + header.error().message, header.error().code);
  HttpRequest request = resolved_.request;
  if (has_header(request, header->name)) {
    notes_.push_back("Digest auth: not applied, the request already has an " + header->name + " header");
  } else {
    // Headers in curl's order (wirepad send): Authorization goes where curl writes it, first
    // after a typed Host (a proxy's Proxy-Authorization is written before all of them).
    auto at = request.headers.end();
    if (!request.add_default_headers) {
      at = request.headers.begin();
      if (at != request.headers.end() && iequals(at->name, "Host")) ++at;
    }
    request.headers.insert(at, {header->name, header->value});
    resolved_.added.push_back({header->name, header->value});
  }
  answered_ = true;
  AuthStep s = final_request(std::move(request));
  s.label = "Digest: the request with credentials (" + std::string(to_string(challenge->algorithm)) + ", realm \"" +
            challenge->realm + "\")";
  return s;
}

AuthStep AuthFlow::after_response(const ExchangeLog& log) {
  if (log.phase != Phase::done) {
    AuthStep s;
    s.kind = AuthStep::Kind::failed;
    s.error = log.error;
    return s;
  }
  const int status = log.response.status;
  switch (last_) {
    case AuthRound::digest_probe:
      if (status != 401) {
        // A body of 0 bytes counts too when the request states it (wirepad send's `-d ''`):
        // curl sends such a POST again as well, with --anyauth too (whose first request was
        // whole, so one with bytes in its body is not sent again).
        const bool stated_body = !resolved_.request.add_default_headers && has_header(resolved_.request, "Content-Length");
        const bool has_bytes = !resolved_.request.body.empty();
        if (inputs_.first_request_whole ? !has_bytes && stated_body : has_bytes || stated_body) {
          // The probe went without its body: send the request in full, still without
          // credentials (curl --digest does the same when no challenge comes).
          notes_.push_back("Digest auth: the server answered " + std::to_string(status) +
                           " without asking for credentials; the request is sent again with its body, without credentials");
          AuthStep s = final_request(resolved_.request);
          s.label = "the request with its body, without credentials (no challenge came)";
          return s;
        }
        notes_.push_back("Digest auth: the server answered " + std::to_string(status) +
                         " without asking for credentials, so none were sent");
        return AuthStep{};  // done: that response is the request's
      }
      return digest_answer(log);
    case AuthRound::token: {
      Result<OAuth2Token> token = oauth2_parse_token_response(status, log.body());
      if (!token) {
        if (refreshing_) {
          notes_.push_back("OAuth 2.0: the refresh token was refused (" + token.error().message + "); getting a new token");
          return grant_step();
        }
        return fail("OAuth 2.0: " + token.error().message, token.error().code);
      }
      if (!iequals(token->token_type, "Bearer"))
        return fail("OAuth 2.0: the token endpoint issued a token of type \"" + token->token_type +
                        "\"; Wirepad sends Bearer tokens only (RFC 6750)",
                    ErrorCode::malformed_response);
      // It goes into a header field: a control byte there would split the request (RFC 9110
      // §5.5); RFC 6750's b64token is visible ASCII anyway.
      for (std::size_t i = 0; i < token->access_token.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(token->access_token[i]);
        if (c <= 0x20 || c >= 0x7F)
          return fail("OAuth 2.0: the access token the token endpoint issued has a byte (0x" +
                          std::string(1, "0123456789ABCDEF"[c >> 4]) + std::string(1, "0123456789ABCDEF"[c & 15]) +
                          ") at position " + std::to_string(i) + " that cannot be sent in an Authorization header",
                      ErrorCode::malformed_response);
      }
      token_ = token.value();
      if (token_->refresh_token.empty() && refreshing_) token_->refresh_token = inputs_.refresh_token;  // still valid (§6)
      HttpRequest request = resolved_.request;
      if (has_header(request, "Authorization")) {
        notes_.push_back("OAuth 2.0: token fetched but not applied, the request already has an Authorization header");
      } else {
        Header bearer = oauth2_bearer_header(token_->access_token);
        request.headers.push_back(bearer);
        resolved_.added.push_back(bearer);
      }
      resolved_.pending = PendingAuth::none;
      AuthStep s = final_request(std::move(request));
      s.label = "the request with the new OAuth 2.0 access token";
      return s;
    }
    case AuthRound::request:
      if (answered_ && status == 401) return digest_answer(log);  // refused, or a stale nonce
      return AuthStep{};
  }
  return AuthStep{};
}

// [tokens in the environment] -----------------------------------------------------------------

OAuth2TokenVariables oauth2_token_variables(const OAuth2Auth& settings) {
  std::string base;
  std::vector<std::string> refs = referenced_variables(settings.access_token);
  std::string trimmed(text::trim_ows(settings.access_token));
  if (refs.size() == 1 && trimmed.rfind("{{", 0) == 0 && trimmed.size() >= 4 && trimmed.substr(trimmed.size() - 2) == "}}" &&
      trimmed.find("{{", 2) == std::string::npos)
    return {refs[0], refs[0] + ".refresh_token", refs[0] + ".expires_at"};
  base = "oauth2." + variable_safe(settings.client_id);
  return {base + ".access_token", base + ".refresh_token", base + ".expires_at"};
}

OAuth2TokenVariables oauth2_token_variables(const RequestSpec& spec, const Environment* environment) {
  OAuth2Auth named = spec.auth.oauth2;
  if (environment) named.client_id = substitute_known(named.client_id, *environment);
  return oauth2_token_variables(named);
}

bool StoredOAuth2Token::usable(std::int64_t now) const {
  return !access_token.empty() && (!expires_at || now + 30 < *expires_at);
}

StoredOAuth2Token stored_oauth2_token(const Environment* environment, const OAuth2TokenVariables& names) {
  StoredOAuth2Token out;
  if (!environment) return out;
  if (const Variable* v = environment->find(names.access_token)) out.access_token = v->value;
  if (const Variable* v = environment->find(names.refresh_token)) out.refresh_token = v->value;
  if (const Variable* v = environment->find(names.expires_at)) {
    std::int64_t at = 0;
    bool digits = !v->value.empty();
    for (char c : v->value) {
      if (c < '0' || c > '9' || at > (INT64_MAX - 9) / 10) {
        digits = false;
        break;
      }
      at = at * 10 + (c - '0');
    }
    // A value that is no number is treated as expired: a new token is fetched and replaces it.
    out.expires_at = digits ? at : 0;
  }
  return out;
}

void store_oauth2_token(Environment& environment, const OAuth2TokenVariables& names, const OAuth2Token& token,
                        std::int64_t now) {
  set_secret(environment, names.access_token, token.access_token);
  if (!token.refresh_token.empty()) set_secret(environment, names.refresh_token, token.refresh_token);
  if (token.expires_in) set_secret(environment, names.expires_at, std::to_string(now + *token.expires_in));
  else remove_variable(environment, names.expires_at);
}

RequestSpec with_stored_oauth2_token(RequestSpec spec, const Environment* environment, std::int64_t now,
                                     std::string* refresh_token) {
  if (spec.auth.kind != AuthKind::oauth2) return spec;
  OAuth2Auth& a = spec.auth.oauth2;
  const bool literal = !a.access_token.empty() && referenced_variables(a.access_token).empty();
  if (literal) return spec;
  StoredOAuth2Token stored = stored_oauth2_token(environment, oauth2_token_variables(spec, environment));
  if (stored.usable(now)) {
    a.access_token = stored.access_token;
  } else {
    a.access_token.clear();
    if (refresh_token) *refresh_token = stored.refresh_token;
  }
  return spec;
}

}  // namespace wirepad
