// OAuth 2.0 requests and responses (shared/oauth2.h): the bytes of each request, PKCE's
// published example (RFC 7636 Appendix B), redirects and token responses including RFC 6749
// §5.2 errors. The flows against a real authorization server (python3-oauthlib) are in
// tests/native/auth_peers_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "shared/oauth2.h"

using namespace wirepad;

namespace {
const std::string kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

std::string header(const HttpRequest& r, const std::string& name) {
  const Header* h = find_header(r.headers, name);
  return h ? h->value : "";
}
}  // namespace

TEST_CASE("oauth2: PKCE S256 of RFC 7636 Appendix B's verifier", "[auth][oauth2]") {
  auto c = pkce_s256_challenge(kVerifier);
  REQUIRE(c.ok());
  CHECK(*c == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  auto short_one = pkce_s256_challenge("abc");
  REQUIRE_FALSE(short_one.ok());
  CHECK_THAT(short_one.error().message, Catch::Contains("43 to 128"));
  auto bad_char = pkce_s256_challenge(kVerifier.substr(0, 20) + "+" + kVerifier.substr(21));
  REQUIRE_FALSE(bad_char.ok());
  CHECK(bad_char.error().offset == 20);
  CHECK_THAT(bad_char.error().message, Catch::Contains("'+'"));
}

TEST_CASE("oauth2: client credentials request with Basic or body client authentication", "[auth][oauth2]") {
  OAuth2Client client{"my app", "s3cret pass:1"};
  HttpRequest basic = oauth2_client_credentials_request("https://as.example/token", client, "read write");
  CHECK(basic.method == "POST");
  CHECK(basic.url == "https://as.example/token");
  CHECK(basic.body == "grant_type=client_credentials&scope=read+write");
  CHECK(header(basic, "Content-Type") == "application/x-www-form-urlencoded");
  CHECK(header(basic, "Accept") == "application/json");
  // RFC 6749 §2.3.1: "my+app:s3cret+pass%3A1" in base64.
  CHECK(header(basic, "Authorization") == "Basic bXkrYXBwOnMzY3JldCtwYXNzJTNBMQ==");

  client.auth = OAuth2Client::Auth::body;
  HttpRequest body = oauth2_client_credentials_request("https://as.example/token", client, "");
  CHECK(body.body == "grant_type=client_credentials&client_id=my+app&client_secret=s3cret+pass%3A1");
  CHECK(find_header(body.headers, "Authorization") == nullptr);
}

TEST_CASE("oauth2: authorization URL with PKCE, code and refresh requests", "[auth][oauth2]") {
  OAuth2AuthorizationRequest rq{"https://as.example/authorize?prompt=consent", "public-app",
                                "http://127.0.0.1:5555/cb", "read write", "xyz", kVerifier};
  auto url = oauth2_authorization_url(rq);
  REQUIRE(url.ok());
  CHECK(*url ==
        "https://as.example/authorize?prompt=consent&response_type=code&client_id=public-app&redirect_uri=http%3A%2F%"
        "2F127.0.0.1%3A5555%2Fcb&scope=read+write&state=xyz&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-"
        "cM&code_challenge_method=S256");
  rq.state = "";
  CHECK_FALSE(oauth2_authorization_url(rq).ok());
  rq.state = "s";
  rq.authorization_url = "https://exa mple/";
  auto bad = oauth2_authorization_url(rq);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::StartsWith("The authorization URL does not parse"));

  OAuth2Client pub{"public-app", ""};
  HttpRequest code = oauth2_authorization_code_request("https://as.example/token", pub, "c0de", "http://127.0.0.1:5555/cb", kVerifier);
  CHECK(code.body ==
        "grant_type=authorization_code&code=c0de&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Fcb&code_verifier=" +
            kVerifier + "&client_id=public-app");
  CHECK(find_header(code.headers, "Authorization") == nullptr);

  OAuth2Client conf{"confidential-app", "pw"};
  HttpRequest refresh = oauth2_refresh_request("https://as.example/token", conf, "r/1+2", "read");
  CHECK(refresh.body == "grant_type=refresh_token&refresh_token=r%2F1%2B2&scope=read");
  CHECK(header(refresh, "Authorization") == "Basic Y29uZmlkZW50aWFsLWFwcDpwdw==");
  CHECK(oauth2_bearer_header("tok") == Header{"Authorization", "Bearer tok"});
}

TEST_CASE("oauth2: the redirect gives the code, or an error that names the reason", "[auth][oauth2]") {
  auto ok = oauth2_parse_redirect("http://127.0.0.1:5555/cb?code=Spl%2BxAb&state=xyz", "xyz");
  REQUIRE(ok.ok());
  CHECK(*ok == "Spl+xAb");
  auto target_only = oauth2_parse_redirect("/cb?state=xyz&code=abc#frag", "xyz");
  REQUIRE(target_only.ok());
  CHECK(*target_only == "abc");

  auto forged = oauth2_parse_redirect("/cb?code=abc&state=evil", "xyz");
  REQUIRE_FALSE(forged.ok());
  CHECK(forged.error().code == ErrorCode::auth_rejected);
  CHECK_THAT(forged.error().message, Catch::Contains("\"evil\" is not the one Wirepad sent"));
  auto stateless = oauth2_parse_redirect("/cb?code=abc", "xyz");
  REQUIRE_FALSE(stateless.ok());
  CHECK_THAT(stateless.error().message, Catch::Contains("no state parameter"));

  auto denied = oauth2_parse_redirect("/cb?error=access_denied&error_description=The+user+said+no&state=xyz", "xyz");
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().code == ErrorCode::auth_rejected);
  CHECK(denied.error().message == "The authorization server refused: access_denied (The user said no).");

  auto empty = oauth2_parse_redirect("/cb?state=xyz", "xyz");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == ErrorCode::malformed_response);
}

TEST_CASE("oauth2: token responses and RFC 6749 §5.2 errors", "[auth][oauth2]") {
  // RFC 6749 §5.1's example.
  auto t = oauth2_parse_token_response(200, R"({
       "access_token":"2YotnFZFEjr1zCsicMWpAA",
       "token_type":"example",
       "expires_in":3600,
       "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
       "example_parameter":"example_value"
     })");
  REQUIRE(t.ok());
  CHECK(t->access_token == "2YotnFZFEjr1zCsicMWpAA");
  CHECK(t->token_type == "example");
  CHECK(t->expires_in == 3600);
  CHECK(t->refresh_token == "tGzv3JOkF0XG5Qx2TlKWIA");
  CHECK(t->scope.empty());

  auto as_string = oauth2_parse_token_response(200, R"({"access_token":"a","token_type":"Bearer","expires_in":"60","scope":"read"})");
  REQUIRE(as_string.ok());
  CHECK(as_string->expires_in == 60);
  CHECK(as_string->scope == "read");

  // RFC 6749 §5.2's example.
  auto e = oauth2_parse_token_response(400, R"({"error":"invalid_request"})");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().code == ErrorCode::auth_rejected);
  CHECK(e.error().message == "The token endpoint refused the request: invalid_request.");
  auto described = oauth2_parse_token_response(
      401, R"({"error":"invalid_client","error_description":"Client authentication failed.","error_uri":"https://as.example/doc"})");
  REQUIRE_FALSE(described.ok());
  CHECK(described.error().message ==
        "The token endpoint refused the request: invalid_client (Client authentication failed.), see "
        "https://as.example/doc.");

  auto html = oauth2_parse_token_response(500, "<html>oops</html>");
  REQUIRE_FALSE(html.ok());
  CHECK(html.error().code == ErrorCode::malformed_response);
  CHECK_THAT(html.error().message, Catch::Contains("answered 500"));
  auto no_type = oauth2_parse_token_response(200, R"({"access_token":"a"})");
  REQUIRE_FALSE(no_type.ok());
  CHECK_THAT(no_type.error().message, Catch::Contains("token_type"));
  auto bad_expiry = oauth2_parse_token_response(200, R"({"access_token":"a","token_type":"Bearer","expires_in":1.5})");
  REQUIRE_FALSE(bad_expiry.ok());
  CHECK_THAT(bad_expiry.error().message, Catch::Contains("expires_in"));
  auto wrong_type = oauth2_parse_token_response(200, R"({"access_token":7,"token_type":"Bearer"})");
  REQUIRE_FALSE(wrong_type.ok());
  CHECK_THAT(wrong_type.error().message, Catch::Contains("\"access_token\" is not a string"));
  auto no_code = oauth2_parse_token_response(403, R"({"message":"forbidden"})");
  REQUIRE_FALSE(no_code.ok());
  CHECK_THAT(no_code.error().message, Catch::Contains("without an OAuth error code"));
}

// A token response cut by a NUL byte read as the JSON before it (nlohmann stops there).
TEST_CASE("oauth2: a token response with a NUL byte is malformed, not cut short", "[auth][oauth2][json]") {
  const std::string body = R"({"access_token":"a","token_type":"Bearer"})";
  REQUIRE(oauth2_parse_token_response(200, body).ok());
  auto cut = oauth2_parse_token_response(200, body + std::string("\0{\"x\":1}", 8));
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().code == ErrorCode::malformed_response);
  CHECK(cut.error().message.find("NUL byte") != std::string::npos);
  CHECK(cut.error().message.find("line 1, column " + std::to_string(body.size() + 1)) != std::string::npos);
}
