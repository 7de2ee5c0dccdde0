// Integration: the auth schemes of shared/ against real peers over loopback sockets, each
// request sent by the real HttpExchange over the POSIX transport.
// - Digest: curl --digest is the reference client (its Authorization header, replayed with its
//   cnonce, must equal Wirepad's byte for byte), and lighttpd's mod_auth is a real server
//   (MD5, SHA-256, both offered at once; a wrong password gets 401).
// - OAuth 2.0: an authorization server built on python3-oauthlib (oauth_provider.py): client
//   credentials (Basic and body), authorization code with PKCE, refresh, and its errors.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"
#include "lighttpd_digest.h"
#include "native/posix_transport.h"
#include "shared/digest_auth.h"
#include "shared/environment.h"
#include "shared/import_text.h"
#include "shared/oauth2.h"
#include <nlohmann/json.hpp>

using namespace wirepad;
using wirepad::test::ChildProcess;
using wirepad::test::Lighttpd;
using wirepad::test::run_command;

namespace {

ExchangeLog send(const HttpRequest& request) {
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  ExchangeLog log = native::perform_blocking(std::move(exchange).value());
  REQUIRE(log.phase == Phase::done);
  return log;
}

ExchangeLog get(const std::string& url, Headers headers = {}) {
  HttpRequest r;
  r.url = url;
  r.headers = std::move(headers);
  return send(r);
}

std::vector<std::string> field_lines(const ExchangeLog& log, std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < log.response.headers.size(); ++i)
    if (iequals(log.response.headers[i].name, name)) out.emplace_back(log.response.headers[i].value);
  return out;
}

std::string param_of(const std::string& header, const std::string& name, bool quoted) {
  std::string key = " " + name + (quoted ? "=\"" : "=");
  std::size_t at = header.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return header.substr(at, header.find(quoted ? '"' : ',', at) - at);
}

std::string base_of(ChildProcess& process) {
  auto line = process.wait_for_line("listening");
  REQUIRE(line);
  return "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
}

// The Digest round trip as a client does it: no credentials first, then the answer.
struct DigestOutcome {
  int first_status = 0, second_status = 0;
  std::string body;
  DigestChallenge challenge;
};
DigestOutcome digest_round_trip(const std::string& base, const std::string& target, const DigestCredentials& who) {
  DigestOutcome out;
  ExchangeLog first = get(base + target);
  out.first_status = first.response.status;
  REQUIRE(out.first_status == 401);
  auto challenge = select_digest_challenge(field_lines(first, "WWW-Authenticate"));
  REQUIRE(challenge.ok());
  out.challenge = *challenge;
  auto header = digest_authorization(*challenge, who, DigestRequest{"GET", target, "", "0a4f113b9e2d7c61", 1});
  REQUIRE(header.ok());
  ExchangeLog second = get(base + target, {{header->name, header->value}});
  out.second_status = second.response.status;
  out.body = std::string(second.body());
  return out;
}

const DigestCredentials kAlice{"alice", "wonder land"};

}  // namespace

TEST_CASE("digest: lighttpd's mod_auth accepts Wirepad's answer and refuses a wrong password", "[native][auth][digest]") {
  Lighttpd server;
  auto [folder, algorithm] = GENERATE(table<std::string, DigestAlgorithm>({{"md5", DigestAlgorithm::md5},
                                                                           {"sha256", DigestAlgorithm::sha256},
                                                                           {"both", DigestAlgorithm::sha256}}));
  CAPTURE(folder);
  DigestOutcome ok = digest_round_trip(server.base, "/" + folder + "/index.txt", kAlice);
  CHECK(ok.challenge.algorithm == algorithm);
  CHECK(ok.challenge.qop == DigestQop::auth);
  CHECK(ok.second_status == 200);
  CHECK(ok.body == "secret in " + folder + "\n");
  // The same nonce again, as a client does for its next request: nc counts up, new cnonce.
  const std::string target = "/" + folder + "/index.txt";
  auto next = digest_authorization(ok.challenge, kAlice, DigestRequest{"GET", target, "", "5e1f00d2c4b3a697", 2});
  REQUIRE(next.ok());
  CHECK(get(server.base + target, {{next->name, next->value}}).response.status == 200);

  DigestOutcome wrong = digest_round_trip(server.base, "/" + folder + "/index.txt", {"alice", "wonderland"});
  CHECK(wrong.second_status == 401);
  DigestOutcome stranger = digest_round_trip(server.base, "/" + folder + "/index.txt", {"bob", "wonder land"});
  CHECK(stranger.second_status == 401);
}

TEST_CASE("digest: Wirepad's Authorization equals curl --digest's, byte for byte", "[native][auth][digest][curl]") {
  ChildProcess server({"/usr/bin/python3", WIREPAD_DIGEST_CHALLENGER});
  std::string base = base_of(server);
  const DigestCredentials mufasa{"Mufasa", "Circle of Life"};
  for (std::string path : {"/md5", "/md5-sess", "/sha256", "/sha256-sess", "/sha256-userhash", "/md5-noqop", "/md5-noalg"}) {
    CAPTURE(path);
    std::string target = path + "?x=1&y=%20";
    // The server echoes the Authorization header it received as the body.
    auto curl = run_command({"curl", "-s", "--digest", "-u", "Mufasa:Circle of Life", base + target});
    REQUIRE(curl.status == 0);
    REQUIRE_THAT(curl.out, Catch::StartsWith("Digest "));

    ExchangeLog first = get(base + target);
    REQUIRE(first.response.status == 401);
    auto challenge = select_digest_challenge(field_lines(first, "WWW-Authenticate"));
    REQUIRE(challenge.ok());
    std::string cnonce = param_of(curl.out, "cnonce", true);
    std::string nc = param_of(curl.out, "nc", false);
    auto ours = digest_authorization(
        *challenge, mufasa,
        DigestRequest{"GET", target, "", cnonce, nc.empty() ? 1u : std::uint32_t(std::stoul(nc, nullptr, 16))});
    REQUIRE(ours.ok());
    CHECK(ours->value == curl.out);

    ExchangeLog second = get(base + target, {{ours->name, ours->value}});
    CHECK(second.response.status == 200);
    CHECK(second.body() == ours->value);
  }
}

namespace {

struct Provider {
  ChildProcess process{{"/usr/bin/python3", WIREPAD_OAUTH_PROVIDER}};
  std::string base = base_of(process);
};

Provider& provider() {
  static Provider p;
  return p;
}

Result<OAuth2Token> token_from(const HttpRequest& request) {
  ExchangeLog log = send(request);
  return oauth2_parse_token_response(log.response.status, log.body());
}

ExchangeLog resource(const std::string& access_token) {
  return get(provider().base + "/resource", {oauth2_bearer_header(access_token)});
}

const std::string kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-wirepad";
const std::string kRedirect = "http://127.0.0.1:5555/callback";

// The browser's part of §4.1.1: GET the authorization URL, read the redirect's Location.
std::string authorize(const OAuth2AuthorizationRequest& rq) {
  auto url = oauth2_authorization_url(rq);
  REQUIRE(url.ok());
  ExchangeLog log = get(*url);
  REQUIRE(log.response.status == 302);
  auto location = field_lines(log, "Location");
  REQUIRE(location.size() == 1);
  return location[0];
}

}  // namespace

TEST_CASE("oauth2: client credentials from an oauthlib server, Basic and body client auth", "[native][auth][oauth2]") {
  const std::string token_url = provider().base + "/token";
  for (auto how : {OAuth2Client::Auth::basic, OAuth2Client::Auth::body}) {
    OAuth2Client client{"confidential-app", "s3cret pass:1", how};
    auto token = token_from(oauth2_client_credentials_request(token_url, client, "read"));
    REQUIRE(token.ok());
    CHECK(token->token_type == "Bearer");
    CHECK(token->expires_in == 3600);
    CHECK(token->scope == "read");
    CHECK(token->refresh_token.empty());  // §4.4.3: no refresh token for client credentials
    ExchangeLog hello = resource(token->access_token);
    CHECK(hello.response.status == 200);
    CHECK(hello.body() == "hello confidential-app read");
  }
  auto wrong = token_from(oauth2_client_credentials_request(token_url, {"confidential-app", "nope"}, "read"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == ErrorCode::auth_rejected);
  CHECK_THAT(wrong.error().message, Catch::Contains("invalid_client"));
  auto bad_scope = token_from(oauth2_client_credentials_request(token_url, {"confidential-app", "s3cret pass:1"}, "admin"));
  REQUIRE_FALSE(bad_scope.ok());
  CHECK_THAT(bad_scope.error().message, Catch::Contains("invalid_scope"));
  CHECK(resource("not-a-token").response.status == 401);
}

TEST_CASE("oauth2: authorization code with PKCE, then refresh, against an oauthlib server", "[native][auth][oauth2]") {
  const std::string token_url = provider().base + "/token";
  auto [client, label] = GENERATE(table<OAuth2Client, std::string>({{{"public-app", ""}, "public"},
                                                                    {{"confidential-app", "s3cret pass:1"}, "basic"}}));
  CAPTURE(label);
  OAuth2AuthorizationRequest rq{provider().base + "/authorize", client.client_id, kRedirect, "read write",
                                "st-" + label, kVerifier};
  std::string location = authorize(rq);
  CHECK_THAT(location, Catch::StartsWith(kRedirect + "?"));
  auto code = oauth2_parse_redirect(location, rq.state);
  REQUIRE(code.ok());

  // A wrong verifier is refused (RFC 7636 §4.6), and the code stays usable for the right one.
  auto stolen = token_from(oauth2_authorization_code_request(token_url, client, *code, kRedirect, kVerifier + "x"));
  REQUIRE_FALSE(stolen.ok());
  CHECK_THAT(stolen.error().message, Catch::Contains("invalid_grant"));

  auto token = token_from(oauth2_authorization_code_request(token_url, client, *code, kRedirect, kVerifier));
  REQUIRE(token.ok());
  CHECK(token->scope == "read write");
  CHECK_FALSE(token->refresh_token.empty());
  CHECK(resource(token->access_token).body() == "hello " + client.client_id + " read write");

  // The code was spent.
  auto again = token_from(oauth2_authorization_code_request(token_url, client, *code, kRedirect, kVerifier));
  REQUIRE_FALSE(again.ok());
  CHECK_THAT(again.error().message, Catch::Contains("invalid_grant"));

  auto refreshed = token_from(oauth2_refresh_request(token_url, client, token->refresh_token, ""));
  REQUIRE(refreshed.ok());
  CHECK(refreshed->access_token != token->access_token);
  CHECK(resource(refreshed->access_token).response.status == 200);
  // The server rotated the refresh token: the old one is refused.
  auto reused = token_from(oauth2_refresh_request(token_url, client, token->refresh_token, ""));
  REQUIRE_FALSE(reused.ok());
  CHECK_THAT(reused.error().message, Catch::Contains("invalid_grant"));
}

TEST_CASE("oauth2: a redirect with the wrong state or an error is refused", "[native][auth][oauth2]") {
  OAuth2AuthorizationRequest rq{provider().base + "/authorize", "public-app", kRedirect, "read", "good-state", kVerifier};
  std::string location = authorize(rq);
  auto forged = oauth2_parse_redirect(location, "other-state");
  REQUIRE_FALSE(forged.ok());
  CHECK(forged.error().code == ErrorCode::auth_rejected);

  rq.scope = "admin";  // not a scope this server has: it redirects with error=invalid_scope
  auto refused = oauth2_parse_redirect(authorize(rq), rq.state);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::auth_rejected);
  CHECK_THAT(refused.error().message, Catch::Contains("invalid_scope"));
}

// [wirepad run: the round trips at send time (native/cli_auth.cpp)] ------------------------------

namespace {

struct ExperimentFile {
  std::filesystem::path path;
  explicit ExperimentFile(const std::string& request_json) {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("wirepad-auth-run-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".json");
    std::ofstream(path) << "{\"wirepad\": 3, \"kind\": \"http\", \"name\": \"auth\", \"request\": " << request_json << "}\n";
  }
  ~ExperimentFile() { std::filesystem::remove(path); }
};

std::string digest_request(const std::string& method, const std::string& url, const std::string& user, const std::string& pw,
                           const std::string& body = "") {
  return "{\"method\": \"" + method + "\", \"url\": \"" + url + "\", \"headers\": [], \"body\": \"" + body +
         "\", \"auth\": {\"kind\": \"digest\", \"digest\": {\"username\": \"" + user + "\", \"password\": \"" + pw + "\"}}}";
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The Authorization header with its client-chosen parts (cnonce, and the response that hashes
// it) taken out, so two clients' headers compare.
std::string without_cnonce(std::string header) {
  for (const char* name : {"cnonce", "response"}) {
    std::string key = std::string(" ") + name + "=\"";
    std::size_t at = header.find(key);
    if (at == std::string::npos) continue;
    std::size_t end = header.find('"', at + key.size());
    header.replace(at + key.size(), end - at - key.size(), "*");
  }
  return header;
}

}  // namespace

TEST_CASE("wirepad run: Digest against lighttpd, the 401 then the answer, and a wrong password", "[native][auth][digest][run]") {
  Lighttpd server;
  for (std::string folder : {"md5", "sha256"}) {
    CAPTURE(folder);
    ExperimentFile ok(digest_request("GET", server.base + "/" + folder + "/index.txt", "alice", "wonder land"));
    auto run = run_command({WIREPAD_BINARY, "run", ok.path.string()});
    CHECK(run.status == 0);
    // Both exchanges, as curl -i --digest prints them: the 401's head, then the 200 with its body.
    CHECK_THAT(run.out, Catch::StartsWith("HTTP/1.1 401 Unauthorized\r\n"));
    CHECK(count_of(run.out, "HTTP/1.1 401") == 1);
    CHECK_THAT(run.out, Catch::Contains("\r\n\r\nHTTP/1.1 200 OK\r\n"));
    CHECK_THAT(run.out, Catch::EndsWith("secret in " + folder + "\n"));
    CHECK(run.err.find("wirepad: ") == std::string::npos);

    ExperimentFile wrong(digest_request("GET", server.base + "/" + folder + "/index.txt", "alice", "wonderland"));
    auto refused = run_command({WIREPAD_BINARY, "run", wrong.path.string()});
    CHECK(refused.status == 1);
    CHECK(count_of(refused.out, "HTTP/1.1 401") == 2);
    CHECK_THAT(refused.err, Catch::Contains("auth_rejected: Digest auth: the server refused the credentials for user \"alice\""));
  }
  // -v names each round trip and shows the credentials going out only the second time.
  ExperimentFile ok(digest_request("GET", server.base + "/md5/index.txt", "alice", "wonder land"));
  auto verbose = run_command({WIREPAD_BINARY, "run", "-v", ok.path.string()});
  CHECK(verbose.status == 0);
  CHECK(count_of(verbose.err, "> GET /md5/index.txt HTTP/1.1") == 2);
  CHECK(count_of(verbose.err, "> Authorization: Digest username=\"alice\"") == 1);
  CHECK(verbose.err.find("without credentials") < verbose.err.find("> Authorization: Digest"));
}

TEST_CASE("wirepad run: Digest sends what curl --digest sends, a POST's body only with the credentials",
          "[native][auth][digest][run][curl]") {
  ChildProcess server({"/usr/bin/python3", WIREPAD_DIGEST_CHALLENGER});
  std::string base = base_of(server);
  for (std::string path : {"/md5", "/sha256", "/sha256-sess", "/md5-noqop"}) {
    CAPTURE(path);
    std::string url = base + path + "?x=1";
    ExperimentFile get_file(digest_request("GET", url, "Mufasa", "Circle of Life"));
    auto ours = run_command({WIREPAD_BINARY, "run", get_file.path.string()});
    REQUIRE(ours.status == 0);
    auto curl = run_command({"curl", "-si", "--digest", "-u", "Mufasa:Circle of Life", url});
    REQUIRE(curl.status == 0);
    std::string our_header = ours.out.substr(ours.out.rfind("\r\n\r\n") + 4);
    std::string curl_header = curl.out.substr(curl.out.rfind("\r\n\r\n") + 4);
    REQUIRE_THAT(our_header, Catch::StartsWith("Digest "));
    CHECK(without_cnonce(our_header) == without_cnonce(curl_header));
    // And the response is right for the cnonce Wirepad chose.
    ExchangeLog first = get(url);
    auto challenge = select_digest_challenge(field_lines(first, "WWW-Authenticate"));
    REQUIRE(challenge.ok());
    std::string cnonce = param_of(our_header, "cnonce", true);
    auto expected = digest_authorization(*challenge, {"Mufasa", "Circle of Life"}, DigestRequest{"GET", path + "?x=1", "", cnonce, 1});
    REQUIRE(expected.ok());
    CHECK(our_header == expected->value);
  }
  // A POST: no body before the challenge (Content-Length: 0, as curl), the body with the answer.
  const std::string url = base + "/md5";
  ExperimentFile post(digest_request("POST", url, "Mufasa", "Circle of Life", "a=1&b=2"));
  auto ours = run_command({WIREPAD_BINARY, "run", post.path.string()});
  REQUIRE(ours.status == 0);
  auto curl = run_command({"curl", "-si", "--digest", "-u", "Mufasa:Circle of Life", "--data-binary", "a=1&b=2", url});
  REQUIRE(curl.status == 0);
  CHECK_THAT(ours.out, Catch::Contains("X-Body-Length: 0\r\n"));
  CHECK_THAT(curl.out, Catch::Contains("X-Body-Length: 0\r\n"));
  CHECK_THAT(ours.out, Catch::EndsWith("\na=1&b=2"));
  CHECK_THAT(curl.out, Catch::EndsWith("\na=1&b=2"));
}

TEST_CASE("wirepad run: OAuth 2.0 client credentials against the oauthlib server", "[native][auth][oauth2][run]") {
  const std::string base = provider().base;
  ExperimentFile file("{\"method\": \"GET\", \"url\": \"" + base +
                      "/resource\", \"headers\": [], \"body\": \"\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {"
                      "\"grant\": \"client_credentials\", \"token_url\": \"" + base +
                      "/token\", \"client_id\": \"confidential-app\", \"client_secret\": \"s3cret pass:1\", \"scope\": \"read\"}}}");
  auto run = run_command({WIREPAD_BINARY, "run", "-v", file.path.string()});
  CHECK(run.status == 0);
  CHECK_THAT(run.out, Catch::StartsWith("HTTP/1.0 200") || Catch::StartsWith("HTTP/1.1 200"));
  CHECK_THAT(run.out, Catch::EndsWith("hello confidential-app read"));
  // The token request is its own exchange on stderr; the token itself is never printed.
  CHECK_THAT(run.err, Catch::Contains("OAuth 2.0: client credentials token request to " + base + "/token"));
  CHECK_THAT(run.err, Catch::Contains("> POST /token HTTP/1.1"));
  CHECK_THAT(run.err, Catch::Contains("token type Bearer, expires in 3600 s, scope \"read\""));
  std::string bearer_line = run.err.substr(run.err.find("> Authorization: Bearer "));
  bearer_line = bearer_line.substr(0, bearer_line.find('\n'));
  CHECK(count_of(run.err, bearer_line.substr(24)) == 1);  // in the request as sent (-v, as curl), nowhere else

  ExperimentFile wrong("{\"method\": \"GET\", \"url\": \"" + base +
                       "/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"client_credentials\", "
                       "\"token_url\": \"" + base + "/token\", \"client_id\": \"confidential-app\", \"client_secret\": \"nope\"}}}");
  auto refused = run_command({WIREPAD_BINARY, "run", wrong.path.string()});
  CHECK(refused.status == 1);
  CHECK(refused.out.empty());
  CHECK_THAT(refused.err, Catch::Contains("auth_rejected: OAuth 2.0: ") && Catch::Contains("invalid_client"));
}

TEST_CASE("wirepad run: OAuth 2.0 authorization code with PKCE through the loopback redirect", "[native][auth][oauth2][run]") {
  const std::string base = provider().base;
  for (std::string client : {"public-app", "confidential-app"}) {
    CAPTURE(client);
    ExperimentFile file("{\"method\": \"GET\", \"url\": \"" + base +
                        "/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"authorization_code\", "
                        "\"token_url\": \"" + base + "/token\", \"auth_url\": \"" + base + "/authorize\", \"client_id\": \"" +
                        client + "\", \"client_secret\": \"" + (client == "public-app" ? "" : "s3cret pass:1") +
                        "\", \"scope\": \"read write\", \"pkce\": true}}}");
    ChildProcess run({WIREPAD_BINARY, "run", file.path.string()}, true);
    // The test plays the browser: it follows the URL Wirepad prints, and the server's redirect.
    auto line = run.wait_for_line(base + "/authorize?");
    REQUIRE(line);
    CHECK_THAT(*line, Catch::Contains("code_challenge_method=S256"));
    CHECK_THAT(*line, Catch::Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"));
    ExchangeLog login = get(*line);
    REQUIRE(login.response.status == 302);
    std::string location = field_lines(login, "Location").at(0);
    CHECK_THAT(location, Catch::StartsWith("http://127.0.0.1:"));
    ExchangeLog back = get(location);
    CHECK(back.response.status == 200);
    CHECK_THAT(std::string(back.body()), Catch::Contains("You can close this tab"));
    CHECK(run.wait_exit() == 0);
    CHECK_THAT(run.rest(), Catch::EndsWith("hello " + client + " read write"));
  }
  // A forged redirect (another state) is refused and nothing is exchanged.
  ExperimentFile file("{\"method\": \"GET\", \"url\": \"" + base +
                      "/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"authorization_code\", "
                      "\"token_url\": \"" + base + "/token\", \"auth_url\": \"" + base +
                      "/authorize\", \"client_id\": \"public-app\", \"scope\": \"read\", \"pkce\": true}}}");
  ChildProcess run({WIREPAD_BINARY, "run", file.path.string()}, true);
  auto line = run.wait_for_line(base + "/authorize?");
  REQUIRE(line);
  std::string redirect = line->substr(line->find("redirect_uri=") + 13);
  redirect = redirect.substr(0, redirect.find('&'));
  redirect = percent_decode_text(redirect, false);
  CHECK(get(redirect + "?code=stolen&state=forged").response.status == 200);
  CHECK(run.wait_exit() == 1);
  CHECK_THAT(run.rest(), Catch::Contains("auth_rejected: OAuth 2.0: "));
}

namespace {

// The next request capture_server.py received, its bytes exactly (it prints them as hex).
std::string next_captured_request(ChildProcess& capture) {
  auto line = capture.wait_for_line("request ");
  REQUIRE(line);
  std::string hex = line->substr(line->find(' ') + 1), bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += char(std::stoi(hex.substr(i, 2), nullptr, 16));
  return bytes;
}

// A header's value in a request's bytes (the test fails when it has none).
std::string header_in(const std::string& bytes, const std::string& name) {
  std::size_t at = bytes.find("\r\n" + name + ": ");
  REQUIRE(at != std::string::npos);
  at += name.size() + 4;
  return bytes.substr(at, bytes.find("\r\n", at) - at);
}

}  // namespace

TEST_CASE("wirepad run: AWS SigV4 signs what it sends, as botocore signs it", "[native][auth][sigv4][run]") {
  ChildProcess capture({"/usr/bin/python3", WIREPAD_CAPTURE_SERVER});
  std::string origin = base_of(capture);
  for (std::string service : {"s3", "execute-api"}) {
    CAPTURE(service);
    ExperimentFile file("{\"method\": \"PUT\", \"url\": \"" + origin +
                        "/bucket/my%20key.txt?x-id=PutObject\", \"headers\": [{\"name\": \"Content-Type\", \"value\": "
                        "\"text/plain\"}], \"body\": \"hello sigv4\", \"auth\": {\"kind\": \"aws_sigv4\", \"aws_sigv4\": {"
                        "\"access_key\": \"AKIDEXAMPLE\", \"secret_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", "
                        "\"session_token\": \"tok/en\", \"region\": \"eu-west-1\", \"service\": \"" + service + "\"}}}");
    auto run = run_command({WIREPAD_BINARY, "run", file.path.string()});
    REQUIRE(run.status == 0);
    const std::string bytes = next_captured_request(capture);
    auto header_of = [&](const std::string& name) { return header_in(bytes, name); };
    const std::string date = header_of("X-Amz-Date"), authorization = header_of("Authorization");
    CHECK(header_of("X-Amz-Security-Token") == "tok/en");
    if (service == "s3") CHECK(header_of("X-Amz-Content-Sha256") == "e1a3f6b97ddc9c6de5413f8649e64c5a20631150a22601698a884beab82b5e7e");
    CHECK_THAT(authorization, Catch::StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + date.substr(0, 8) + "/eu-west-1/" +
                                                service + "/aws4_request, SignedHeaders="));
    // The same request signed by botocore (python3-botocore, AWS's own Python signer), at the same time.
    auto boto = run_command({"/usr/bin/python3", WIREPAD_SIGV4_BOTOCORE, service, "eu-west-1", date, "PUT",
                             origin + "/bucket/my%20key.txt?x-id=PutObject", "hello sigv4", "Content-Type: text/plain"});
    REQUIRE(boto.status == 0);
    CHECK(authorization == boto.out.substr(0, boto.out.find('\n')));
  }
}

namespace {

// A workspace folder with the marker, one environment "lab" ({{base}}, and the client secret
// as a secret variable) and an experiment that names its token {{lab_token}}.
struct EnvWorkspace {
  std::filesystem::path root;
  explicit EnvWorkspace(const std::string& experiment_request_json) {
    static int n = 0;
    root = std::filesystem::temp_directory_path() /
           ("wirepad-run-env-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "auth");
    write(".wirepad-workspace", "{\n  \"wirepad_workspace\": 1\n}\n");
    write("environments.json", "{\"wirepad_environments\": 1, \"environments\": [{\"name\": \"lab\", \"variables\": ["
                               "{\"name\": \"base\", \"value\": \"" + provider().base + "\"},"
                               "{\"name\": \"secret\", \"secret\": true}]}, {\"name\": \"other\", \"variables\": []}]}\n");
    write("environments.secrets.json", "{\"wirepad_secrets\": 1, \"environments\": {\"lab\": {\"secret\": \"s3cret pass:1\"}}}\n");
    write("auth/get.json", "{\"wirepad\": 3, \"kind\": \"http\", \"name\": \"token\", \"request\": " + experiment_request_json + "}\n");
  }
  ~EnvWorkspace() { std::filesystem::remove_all(root); }
  void write(const std::string& path, const std::string& text) const { std::ofstream(root / path) << text; }
  std::string read(const std::string& path) const {
    std::ifstream in(root / path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string file() const { return (root / "auth" / "get.json").string(); }
  // "lab" as the app reads it: both files through the real parser.
  Environment lab() const {
    Result<Environments> envs = parse_environments(read("environments.json"), read("environments.secrets.json"));
    REQUIRE(envs);
    const Environment* lab = envs->find("lab");
    REQUIRE(lab);
    return *lab;
  }
  std::string value(const std::string& name) const {
    Environment e = lab();
    const Variable* v = e.find(name);
    return v ? v->value : "";
  }
  // Makes the stored token expired, as time would.
  void expire() const {
    Result<Environments> envs = parse_environments(read("environments.json"), read("environments.secrets.json"));
    REQUIRE(envs);
    for (Variable& v : envs->find("lab")->variables)
      if (v.name == "lab_token.expires_at") v.value = "1";
    write("environments.secrets.json", serialize_environment_secrets(*envs));
  }
};

std::string oauth_request(const std::string& grant) {
  return "{\"method\": \"GET\", \"url\": \"{{base}}/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"" + grant +
         "\", \"token_url\": \"{{base}}/token\", \"auth_url\": \"{{base}}/authorize\", \"client_id\": \"confidential-app\", "
         "\"client_secret\": \"{{secret}}\", \"scope\": \"read\", \"pkce\": true, \"access_token\": \"{{lab_token}}\"}}}";
}

}  // namespace

TEST_CASE("wirepad run --env: a client credentials token is kept as a secret and used by the next run", "[native][auth][oauth2][run]") {
  EnvWorkspace ws(oauth_request("client_credentials"));
  // The workspace is found above the file (auth/get.json); {{base}} and {{secret}} come from "lab".
  auto first = run_command({WIREPAD_BINARY, "run", "-v", "--env", "lab", ws.file()});
  INFO(first.err);
  REQUIRE(first.status == 0);
  CHECK_THAT(first.out, Catch::EndsWith("hello confidential-app read"));
  CHECK_THAT(first.err, Catch::Contains("> POST /token HTTP/1.1"));
  CHECK_THAT(first.err, Catch::Contains("saved to " + ws.root.string() + "/environments.secrets.json"));
  const std::string token = ws.value("lab_token");
  REQUIRE(token.size() > 10);
  // A secret: its value in the git-ignored file only, the public one lists its name.
  CHECK(ws.read("environments.json").find(token) == std::string::npos);
  CHECK(ws.read("environments.secrets.json").find(token) != std::string::npos);
  const Environment lab = ws.lab();  // kept: find() points into it (found by AddressSanitizer)
  const Variable* listed = lab.find("lab_token");
  REQUIRE(listed);
  CHECK(listed->secret);
  const std::int64_t expires = std::stoll(ws.value("lab_token.expires_at"));
  CHECK(std::abs(expires - (std::time(nullptr) + 3600)) < 60);
  CHECK(ws.value("lab_token.refresh_token").empty());  // client credentials grant none (RFC 6749 §4.4.3)
  CHECK(ws.value("secret") == "s3cret pass:1");        // the rest of the environment as it was
  CHECK(ws.value("base") == provider().base);

  // The next run sends the kept token: no token request, and the files are not rewritten.
  const std::string secrets_before = ws.read("environments.secrets.json");
  auto second = run_command({WIREPAD_BINARY, "run", "-v", "--env", "lab", "--workspace", ws.root.string(), ws.file()});
  INFO(second.err);
  CHECK(second.status == 0);
  CHECK_THAT(second.out, Catch::EndsWith("hello confidential-app read"));
  CHECK_THAT(second.err, !Catch::Contains("/token"));
  CHECK_THAT(second.err, Catch::Contains("> Authorization: Bearer " + token));
  CHECK(ws.read("environments.secrets.json") == secrets_before);

  // Expired: a new token is fetched and replaces the old one.
  ws.expire();
  auto third = run_command({WIREPAD_BINARY, "run", "--env", "lab", ws.file()});
  CHECK(third.status == 0);
  CHECK(!ws.value("lab_token").empty());
  CHECK(ws.value("lab_token") != token);
  CHECK(std::stoll(ws.value("lab_token.expires_at")) > 1);

  // Without --env there is no {{base}}: an error naming it, nothing sent.
  auto none = run_command({WIREPAD_BINARY, "run", ws.file()});
  CHECK(none.status == 2);
  CHECK_THAT(none.err, Catch::Contains("{{base}}"));
}

TEST_CASE("wirepad run --env: an expired authorization code token is refreshed, and the rotated tokens kept", "[native][auth][oauth2][run]") {
  EnvWorkspace ws(oauth_request("authorization_code"));
  {
    ChildProcess run({WIREPAD_BINARY, "run", "--env", "lab", ws.file()}, true);
    auto line = run.wait_for_line(provider().base + "/authorize?");  // the test plays the browser
    REQUIRE(line);
    ExchangeLog login = get(*line);
    REQUIRE(login.response.status == 302);
    CHECK(get(field_lines(login, "Location").at(0)).response.status == 200);
    CHECK(run.wait_exit() == 0);
    CHECK_THAT(run.rest(), Catch::EndsWith("hello confidential-app read"));
  }
  const std::string token = ws.value("lab_token"), refresh = ws.value("lab_token.refresh_token");
  REQUIRE_FALSE(token.empty());
  REQUIRE_FALSE(refresh.empty());
  CHECK(ws.read("environments.json").find(refresh) == std::string::npos);

  // Expired: the refresh token gets a new one, with no browser (no authorize URL printed).
  ws.expire();
  auto again = run_command({WIREPAD_BINARY, "run", "-v", "--env", "lab", ws.file()});
  INFO(again.err);
  CHECK(again.status == 0);
  CHECK_THAT(again.err, Catch::Contains("OAuth 2.0: refreshing the access token at " + provider().base + "/token"));
  CHECK_THAT(again.err, !Catch::Contains("/authorize?"));
  CHECK_THAT(again.out, Catch::EndsWith("hello confidential-app read"));
  CHECK(ws.value("lab_token") != token);
  // oauthlib rotates refresh tokens: the old one is spent, so keeping the new one matters.
  CHECK(ws.value("lab_token.refresh_token") != refresh);
  CHECK_FALSE(ws.value("lab_token.refresh_token").empty());
  CHECK(resource(ws.value("lab_token")).response.status == 200);

  // And once more: the rotated refresh token works, read back from the file.
  ws.expire();
  auto third = run_command({WIREPAD_BINARY, "run", "--env", "lab", ws.file()});
  CHECK(third.status == 0);
}

TEST_CASE("wirepad run --env: a missing workspace or environment is an error naming it, nothing is sent", "[native][run]") {
  EnvWorkspace ws(oauth_request("client_credentials"));
  auto unknown = run_command({WIREPAD_BINARY, "run", "--env", "prod", ws.file()});
  CHECK(unknown.status == 2);
  CHECK_THAT(unknown.err, Catch::Contains("has no environment \"prod\" (it has \"lab\", \"other\")"));
  ExperimentFile outside(oauth_request("client_credentials"));  // in /tmp, no workspace above
  auto nowhere = run_command({WIREPAD_BINARY, "run", "--env", "lab", outside.path.string()});
  CHECK(nowhere.status == 2);
  CHECK_THAT(nowhere.err, Catch::Contains("no workspace holds " + outside.path.string()));
  auto not_one = run_command({WIREPAD_BINARY, "run", "--env", "lab", "--workspace", (ws.root / "auth").string(), ws.file()});
  CHECK(not_one.status == 2);
  CHECK_THAT(not_one.err, Catch::Contains("is not a Wirepad workspace"));
  CHECK_FALSE(std::filesystem::exists(ws.root / "auth" / ".wirepad-workspace"));  // and none was made
  auto empty = run_command({WIREPAD_BINARY, "run", "--env", "", ws.file()});
  CHECK(empty.status == 2);
  auto without_env = run_command({WIREPAD_BINARY, "run", "--workspace", ws.root.string(), ws.file()});
  CHECK(without_env.status == 2);
  CHECK_THAT(without_env.err, Catch::Contains("give --env"));
}

// [wirepad test: the same round trips inside a run (native/cli_test_run.cpp)] -------------------

namespace {

// A folder of experiment files for `wirepad test`, removed afterwards.
struct RunFolder {
  std::filesystem::path dir;
  RunFolder() {
    static int n = 0;
    dir = std::filesystem::temp_directory_path() / ("wirepad-auth-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    std::filesystem::create_directories(dir);
  }
  ~RunFolder() { std::filesystem::remove_all(dir); }
  void write(const std::string& name, const std::string& request_json, const std::string& test_json) {
    std::ofstream(dir / name) << "{\"wirepad\": 4, \"kind\": \"http\", \"name\": \"" << name << "\", \"request\": " << request_json
                              << ", \"test\": " << test_json << "}\n";
  }
};

nlohmann::json json_report(const std::string& out) {
  nlohmann::json report = nlohmann::json::parse(out, nullptr, false);
  REQUIRE(report.is_object());
  return report;
}

}  // namespace

TEST_CASE("wirepad test: Digest's challenge and an OAuth 2.0 token are round trips inside the run",
          "[native][auth][digest][oauth2][test_cli]") {
  Lighttpd server;
  const std::string base = provider().base;
  RunFolder folder;
  const std::string ok_status = R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})";
  folder.write("1-digest.json", digest_request("GET", server.base + "/sha256/index.txt", "alice", "wonder land"),
               R"({"assert": [{"subject": "status", "op": "==", "value": 200},
                              {"subject": "body", "op": "contains", "value": "secret in sha256"}]})");
  // Wrong credentials: the second 401 is the request's answer, so a test of the refusal passes.
  folder.write("2-refused.json", digest_request("GET", server.base + "/md5/index.txt", "alice", "wonderland"),
               R"({"assert": [{"subject": "status", "op": "==", "value": 401}]})");
  const std::string oauth = "{\"method\": \"GET\", \"url\": \"" + base +
                            "/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"client_credentials\", "
                            "\"token_url\": \"" + base +
                            "/token\", \"client_id\": \"confidential-app\", \"client_secret\": \"s3cret pass:1\", \"scope\": \"read\"}}}";
  folder.write("3-oauth.json", oauth, R"({"assert": [{"subject": "body", "op": "==", "value": "hello confidential-app read"}]})");
  folder.write("4-oauth-again.json", oauth, ok_status);  // the token fetched by 3 is used: no second token request
  auto run = run_command({WIREPAD_BINARY, "test", folder.dir.string(), "--reporter", "json"});
  INFO(run.out << run.err);
  CHECK(run.status == 0);
  nlohmann::json report = json_report(run.out);
  const auto& results = report["results"];
  REQUIRE(results.size() == 4);
  for (const auto& r : results) CHECK(r["outcome"] == "passed");
  REQUIRE(results[0]["auth"].size() == 1);
  CHECK_THAT(results[0]["auth"][0].get<std::string>(), Catch::Contains("401"));  // the probe, then the answer
  CHECK(results[0]["status"] == 200);
  CHECK_THAT(results[1]["auth"].dump(), Catch::Contains("refused the credentials for user \\\"alice\\\""));
  REQUIRE(results[2]["auth"].size() == 1);
  CHECK_THAT(results[2]["auth"][0].get<std::string>(), Catch::Contains("/token") && Catch::Contains("200"));
  CHECK(results[3].find("auth") == results[3].end());
  // The token is a secret of the run: in no report.
  CHECK(run.out.find("access_token") == std::string::npos);

  // A wrong client secret: the token is refused, the request is not sent, the run says why.
  RunFolder bad;
  bad.write("oauth.json",
            "{\"method\": \"GET\", \"url\": \"" + base +
                "/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"client_credentials\", \"token_url\": \"" +
                base + "/token\", \"client_id\": \"confidential-app\", \"client_secret\": \"nope\"}}}",
            ok_status);
  bad.write("pkce.json",
            "{\"method\": \"GET\", \"url\": \"" + base +
                "/resource\", \"auth\": {\"kind\": \"oauth2\", \"oauth2\": {\"grant\": \"authorization_code\", \"token_url\": \"" +
                base + "/token\", \"auth_url\": \"" + base + "/authorize\", \"client_id\": \"public-app\", \"pkce\": true}}}",
            ok_status);
  auto refused = run_command({WIREPAD_BINARY, "test", bad.dir.string()});
  INFO(refused.out << refused.err);
  CHECK(refused.status == 1);
  CHECK_THAT(refused.out, Catch::Contains("invalid_client"));
  CHECK_THAT(refused.out, Catch::Contains("needs a person to sign in at a browser"));
}

TEST_CASE("wirepad test: an AWS SigV4 request is signed inside the run", "[native][auth][sigv4][test_cli]") {
  ChildProcess capture({"/usr/bin/python3", WIREPAD_CAPTURE_SERVER});
  const std::string origin = base_of(capture);
  RunFolder folder;
  folder.write("put.json",
               "{\"method\": \"PUT\", \"url\": \"" + origin +
                   "/bucket/key.txt\", \"headers\": [{\"name\": \"Content-Type\", \"value\": \"text/plain\"}], "
                   "\"body\": \"hello sigv4\", \"auth\": {\"kind\": \"aws_sigv4\", \"aws_sigv4\": {"
                   "\"access_key\": \"AKIDEXAMPLE\", \"secret_key\": \"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\", "
                   "\"session_token\": \"tok/en\", \"region\": \"us-east-1\", \"service\": \"s3\"}}}",
               R"({"assert": [{"subject": "status", "op": "<", "value": 500}]})");
  auto run = run_command({WIREPAD_BINARY, "test", folder.dir.string(), "--reporter", "json"});
  INFO(run.out << run.err);
  CHECK(run.status == 0);
  nlohmann::json report = json_report(run.out);
  CHECK(report["results"][0]["outcome"] == "passed");
  // What arrived is signed as botocore signs the same request at the same time.
  const std::string bytes = next_captured_request(capture);
  auto header_of = [&](const std::string& name) { return header_in(bytes, name); };
  const std::string date = header_of("X-Amz-Date");
  auto boto = run_command({"/usr/bin/python3", WIREPAD_SIGV4_BOTOCORE, "s3", "us-east-1", date, "PUT", origin + "/bucket/key.txt",
                           "hello sigv4", "Content-Type: text/plain"});
  REQUIRE(boto.status == 0);
  CHECK(header_of("Authorization") == boto.out.substr(0, boto.out.find('\n')));
}
