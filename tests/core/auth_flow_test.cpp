// The auth round trips as a state machine (shared/auth_flow.h), fed responses built by hand:
// what each step asks to send, and how each answer moves it on. The same flows against real
// servers (lighttpd, an oauthlib provider, a capture server) run through `wirepad run` in
// tests/native/auth_peers_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "shared/auth_flow.h"
#include "shared/digest_auth.h"
#include "shared/sigv4.h"

using namespace wirepad;

namespace {

ExchangeLog response(int status, std::vector<std::pair<std::string, std::string>> headers, std::string body = "") {
  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.response.status = status;
  for (auto& [n, v] : headers) log.response.headers.add(n, v);
  log.response.body = std::move(body);
  return log;
}

ResolvedRequest resolved_with(const RequestSpec& spec) {
  Result<ResolvedRequest> r = resolve_request_spec(spec, {});
  REQUIRE(r.ok());
  return r.value();
}

RequestSpec post_form() {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = "http://127.0.0.1:8080/dir/index.html?x=1";
  spec.body_kind = BodyKind::raw;
  spec.body = "a=1&b=2";
  spec.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
  return spec;
}

const char* kChallenge =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

const Header* header(const HttpRequest& r, std::string_view name) { return find_header(r.headers, name); }

}  // namespace

TEST_CASE("auth flow: Digest probes without credentials and without the body, then answers the 401", "[auth][digest]") {
  RequestSpec spec = post_form();
  spec.auth.kind = AuthKind::digest;
  spec.auth.digest = {"Mufasa", "Circle of Life"};
  ResolvedRequest resolved = resolved_with(spec);
  REQUIRE(resolved.pending == PendingAuth::digest_challenge);
  AuthFlow flow(resolved, AuthFlowInputs{0, "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"});

  AuthStep probe = flow.start();
  REQUIRE(probe.kind == AuthStep::Kind::send);
  CHECK(probe.round == AuthRound::digest_probe);
  CHECK(probe.request.body.empty());  // curl --digest: Content-Length: 0 until challenged
  CHECK(header(probe.request, "Authorization") == nullptr);
  CHECK(header(probe.request, "Content-Type") != nullptr);

  SECTION("a Content-Length the request states itself (wirepad send writes curl's) says the probe's 0") {
    ResolvedRequest stated = resolved;
    stated.request.headers.push_back({"Content-Length", "7"});
    AuthFlow flow2(stated, AuthFlowInputs{0, "x"});
    AuthStep p = flow2.start();
    REQUIRE(header(p.request, "Content-Length"));
    CHECK(header(p.request, "Content-Length")->value == "0");
    AuthStep full = flow2.after_response(response(401, {{"WWW-Authenticate", kChallenge}}, "no"));
    REQUIRE(header(full.request, "Content-Length"));
    CHECK(header(full.request, "Content-Length")->value == "7");
  }

  AuthStep answer = flow.after_response(response(401, {{"WWW-Authenticate", kChallenge}}, "no"));
  REQUIRE(answer.kind == AuthStep::Kind::send);
  CHECK(answer.round == AuthRound::request);
  CHECK(answer.request.body == "a=1&b=2");
  auto challenge = select_digest_challenge(std::vector<std::string>{kChallenge});
  REQUIRE(challenge.ok());
  auto expected = digest_authorization(*challenge, {"Mufasa", "Circle of Life"},
                                       {"POST", "/dir/index.html?x=1", "a=1&b=2", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1});
  REQUIRE(expected.ok());
  REQUIRE(header(answer.request, "Authorization"));
  CHECK(header(answer.request, "Authorization")->value == expected->value);
  CHECK(flow.resolved().added.back().name == "Authorization");

  SECTION("accepted") { CHECK(flow.after_response(response(200, {}, "ok")).kind == AuthStep::Kind::done); }
  SECTION("no challenge to the body-less probe: the request again, in full, without credentials (as curl)") {
    AuthFlow plain(resolved, AuthFlowInputs{0, "c"});
    plain.start();
    AuthStep full = plain.after_response(response(200, {}, "ok"));
    REQUIRE(full.kind == AuthStep::Kind::send);
    CHECK(full.request.body == "a=1&b=2");
    CHECK(header(full.request, "Authorization") == nullptr);
    CHECK(plain.after_response(response(200, {}, "ok")).kind == AuthStep::Kind::done);
  }
  SECTION("refused: a second 401 names the user") {
    AuthStep refused = flow.after_response(response(401, {{"WWW-Authenticate", kChallenge}}));
    REQUIRE(refused.kind == AuthStep::Kind::failed);
    CHECK(refused.error.code == ErrorCode::auth_rejected);
    CHECK_THAT(refused.error.message, Catch::Contains("refused the credentials for user \"Mufasa\""));
  }
  SECTION("a stale nonce is answered once more, then refused") {
    std::string stale = std::string(kChallenge) + ", stale=true";
    AuthStep again = flow.after_response(response(401, {{"WWW-Authenticate", stale}}));
    REQUIRE(again.kind == AuthStep::Kind::send);
    CHECK(flow.notes().size() == 1);
    CHECK(flow.after_response(response(401, {{"WWW-Authenticate", stale}})).kind == AuthStep::Kind::failed);
  }
}

TEST_CASE("auth flow: Digest when the server does not ask, or asks for something else", "[auth][digest]") {
  RequestSpec spec;
  spec.url = "http://h/x";
  spec.auth.kind = AuthKind::digest;
  spec.auth.digest = {"u", "p"};
  {
    AuthFlow flow(resolved_with(spec), {0, "abc"});
    REQUIRE(flow.start().kind == AuthStep::Kind::send);
    CHECK(flow.after_response(response(200, {})).kind == AuthStep::Kind::done);
    REQUIRE(flow.notes().size() == 1);
    CHECK_THAT(flow.notes()[0], Catch::Contains("200 without asking for credentials"));
  }
  {
    AuthFlow flow(resolved_with(spec), {0, "abc"});
    flow.start();
    AuthStep s = flow.after_response(response(401, {{"WWW-Authenticate", "Basic realm=\"x\""}, {"WWW-Authenticate", "Bearer"}}));
    REQUIRE(s.kind == AuthStep::Kind::failed);
    CHECK_THAT(s.error.message, Catch::Contains("Basic"));
    CHECK_THAT(s.error.message, Catch::Contains("Bearer"));
  }
  {
    AuthFlow flow(resolved_with(spec), {0, "abc"});
    flow.start();
    ExchangeLog broken;
    broken.phase = Phase::failed;
    broken.error = make_error(ErrorCode::connect_refused, "refused");
    CHECK(flow.after_response(broken).error.code == ErrorCode::connect_refused);
  }
  spec.auth.digest.username.clear();
  AuthFlow empty(resolved_with(spec), {0, "abc"});
  CHECK(empty.start().kind == AuthStep::Kind::failed);
}

TEST_CASE("auth flow: SigV4 signs the encoded request with the caller's time", "[auth][sigv4]") {
  RequestSpec spec = post_form();
  spec.url = "https://examplebucket.s3.amazonaws.com/test.txt";
  spec.auth.kind = AuthKind::aws_sigv4;
  spec.auth.sigv4 = {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "tok", "us-east-1", "s3"};
  ResolvedRequest resolved = resolved_with(spec);
  AuthFlow flow(resolved, {1369353600, ""});
  AuthStep s = flow.start();
  REQUIRE(s.kind == AuthStep::Kind::send);
  auto expected = sigv4_sign_headers(resolved.request, {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "tok"},
                                     sigv4_options_for("s3", "us-east-1", 1369353600));
  REQUIRE(expected.ok());
  for (const Header& h : expected->headers_to_add) {
    CAPTURE(h.name);
    REQUIRE(header(s.request, h.name));
    CHECK(header(s.request, h.name)->value == h.value);
  }
  CHECK(header(s.request, "X-Amz-Date")->value == "20130524T000000Z");
  CHECK(header(s.request, "X-Amz-Content-Sha256"));
  CHECK(header(s.request, "X-Amz-Security-Token")->value == "tok");
  CHECK(flow.after_response(response(200, {})).kind == AuthStep::Kind::done);

  spec.auth.sigv4.region.clear();
  AuthStep bad = AuthFlow(resolved_with(spec), {1369353600, ""}).start();
  REQUIRE(bad.kind == AuthStep::Kind::failed);
  CHECK_THAT(bad.error.message, Catch::StartsWith("AWS Signature V4: "));
}

TEST_CASE("auth flow: OAuth 2.0 client credentials, refresh and the authorization code", "[auth][oauth2]") {
  RequestSpec spec;
  spec.url = "http://api/resource";
  spec.auth.kind = AuthKind::oauth2;
  OAuth2Auth& o = spec.auth.oauth2;
  o.token_url = "http://auth/token";
  o.client_id = "confidential-app";
  o.client_secret = "s3cret";
  o.scope = "read";
  const std::string token_json = R"({"access_token":"AT1","token_type":"bearer","expires_in":3600,"refresh_token":"RT1"})";

  SECTION("client credentials") {
    AuthFlow flow(resolved_with(spec), {100, ""});
    AuthStep t = flow.start();
    REQUIRE(t.kind == AuthStep::Kind::send);
    CHECK(t.round == AuthRound::token);
    CHECK(t.request == oauth2_client_credentials_request("http://auth/token", {"confidential-app", "s3cret"}, "read"));
    AuthStep r = flow.after_response(response(200, {{"Content-Type", "application/json"}}, token_json));
    REQUIRE(r.kind == AuthStep::Kind::send);
    CHECK(r.round == AuthRound::request);
    CHECK(header(r.request, "Authorization")->value == "Bearer AT1");
    CHECK(r.request.url == "http://api/resource");
    REQUIRE(flow.fetched_token());
    CHECK(flow.fetched_token()->refresh_token == "RT1");
    CHECK(flow.after_response(response(401, {})).kind == AuthStep::Kind::done);  // the resource's answer is shown as it is
  }
  SECTION("the token endpoint's error") {
    AuthFlow flow(resolved_with(spec), {100, ""});
    flow.start();
    AuthStep r = flow.after_response(response(401, {}, R"({"error":"invalid_client"})"));
    REQUIRE(r.kind == AuthStep::Kind::failed);
    CHECK(r.error.code == ErrorCode::auth_rejected);
    CHECK_THAT(r.error.message, Catch::Contains("invalid_client"));
  }
  SECTION("a refresh first; a refused refresh falls back to the grant") {
    AuthFlowInputs in{100, ""};
    in.refresh_token = "RT0";
    AuthFlow flow(resolved_with(spec), in);
    AuthStep t = flow.start();
    CHECK(t.request == oauth2_refresh_request("http://auth/token", {"confidential-app", "s3cret"}, "RT0", "read"));
    AuthStep grant = flow.after_response(response(400, {}, R"({"error":"invalid_grant"})"));
    REQUIRE(grant.kind == AuthStep::Kind::send);
    CHECK(grant.request == oauth2_client_credentials_request("http://auth/token", {"confidential-app", "s3cret"}, "read"));
    CHECK_THAT(flow.notes().at(0), Catch::Contains("invalid_grant"));
  }
  SECTION("authorization code with PKCE: authorize, check the state, exchange the code") {
    o.grant = OAuth2Grant::authorization_code;
    o.auth_url = "http://auth/authorize";
    o.redirect_uri = "http://127.0.0.1/ignored";
    AuthFlowInputs in{100, ""};
    in.code_verifier = std::string(43, 'v');
    in.state = "st8";
    in.redirect_uri = "http://127.0.0.1:5555/callback";
    AuthFlow flow(resolved_with(spec), in);
    AuthStep a = flow.start();
    REQUIRE(a.kind == AuthStep::Kind::authorize);
    CHECK_THAT(a.authorization_url, Catch::Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcallback"));
    CHECK_THAT(a.authorization_url, Catch::Contains("code_challenge_method=S256"));
    CHECK_THAT(a.authorization_url, Catch::Contains("state=st8"));
    AuthStep forged = AuthFlow(flow).after_redirect("/callback?code=c&state=other");
    CHECK(forged.kind == AuthStep::Kind::failed);
    AuthStep t = flow.after_redirect("/callback?code=c0de&state=st8");
    REQUIRE(t.kind == AuthStep::Kind::send);
    CHECK(t.request == oauth2_authorization_code_request("http://auth/token", {"confidential-app", "s3cret"}, "c0de",
                                                         "http://127.0.0.1:5555/callback", std::string(43, 'v')));
    CHECK(flow.after_response(response(200, {}, token_json)).kind == AuthStep::Kind::send);
  }
  SECTION("no token URL") {
    o.token_url.clear();
    AuthStep s = AuthFlow(resolved_with(spec), {}).start();
    REQUIRE(s.kind == AuthStep::Kind::failed);
    CHECK_THAT(s.error.message, Catch::Contains("token URL is empty"));
  }
}

TEST_CASE("auth flow: OAuth 2.0 tokens kept in the environment as secrets", "[auth][oauth2]") {
  OAuth2Auth settings;
  settings.client_id = "my app/1";
  CHECK(oauth2_token_variables(settings).access_token == "oauth2.my_app_1.access_token");
  settings.access_token = "{{ api_token }}";
  OAuth2TokenVariables names = oauth2_token_variables(settings);
  CHECK(names.access_token == "api_token");
  CHECK(names.refresh_token == "api_token.refresh_token");
  CHECK(names.expires_at == "api_token.expires_at");

  Environment env{"local", {}};
  store_oauth2_token(env, names, {"AT", "Bearer", 3600, "RT", "read"}, 1000);
  REQUIRE(env.find("api_token"));
  CHECK(env.find("api_token")->secret);
  CHECK(env.find("api_token.refresh_token")->value == "RT");
  CHECK(env.find("api_token.expires_at")->value == "4600");
  StoredOAuth2Token stored = stored_oauth2_token(&env, names);
  CHECK(stored.usable(1000));
  CHECK_FALSE(stored.usable(4580));  // within 30 s of expiring: fetched again

  RequestSpec spec;
  spec.url = "http://api/x";
  spec.auth.kind = AuthKind::oauth2;
  spec.auth.oauth2 = settings;
  spec.auth.oauth2.token_url = "http://auth/token";
  std::string refresh;
  RequestSpec fresh = with_stored_oauth2_token(spec, &env, 1000, &refresh);
  CHECK(fresh.auth.oauth2.access_token == "AT");
  CHECK(refresh.empty());
  ResolvedRequest sent = resolved_with(fresh);
  CHECK(sent.pending == PendingAuth::none);
  CHECK(find_header(sent.request.headers, "Authorization")->value == "Bearer AT");

  RequestSpec expired = with_stored_oauth2_token(spec, &env, 5000, &refresh);
  CHECK(expired.auth.oauth2.access_token.empty());
  CHECK(refresh == "RT");
  CHECK(resolved_with(expired).pending == PendingAuth::oauth2_token);

  // No environment: nothing stored, a token is fetched; a token typed as text is kept.
  CHECK(with_stored_oauth2_token(spec, nullptr, 0, &refresh).auth.oauth2.access_token.empty());
  spec.auth.oauth2.access_token = "typed";
  CHECK(with_stored_oauth2_token(spec, nullptr, 0, &refresh).auth.oauth2.access_token == "typed");
}
