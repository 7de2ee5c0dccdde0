// ui: Send with an auth scheme that needs round trips (ui/auth_follow.cpp), through ImGui
// frames with no window and the real NativePlatform: Digest against Debian's lighttpd mod_auth
// (the 401 and the answered request, each its own history entry; a wrong password stops with
// a sentence), OAuth 2.0 client credentials against the python3-oauthlib provider (the token
// request, then the request with the token, which is kept in the environment as a secret and
// reused by the next Send).
#include <catch2/catch.hpp>
#include <chrono>
#include <imgui.h>
#include <thread>

#include "child_process.h"
#include "headless_imgui.h"
#include "lighttpd_digest.h"
#include "native/native_platform.h"
#include "native/posix_transport.h"
#include "ui/app.h"

using namespace wirepad;

namespace {

// Frames until the history has `count` entries (and the tab's exchange is done), or 10 s.
void run_until(test::HeadlessImGui& gui, ui::AppState& state, native::NativePlatform& platform, std::size_t count) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    bool busy = false;
    platform.with_exchange(state.id, [&](const ExchangeLog* l) { busy = l && !l->finished(); });
    if (state.history.entries.size() >= count && !busy) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (int i = 0; i < 3; ++i) gui.frame(state, platform);  // a further round would have started by now
}

std::string sent_header(const ui::HistoryEntry& entry, const std::string& name) {
  REQUIRE(entry.log);
  const std::string& bytes = entry.log->bytes_sent;
  std::size_t at = bytes.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  at += name.size() + 4;
  return bytes.substr(at, bytes.find("\r\n", at) - at);
}

}  // namespace

TEST_CASE("Send with Digest auth: the 401, then the answered request, as two history entries", "[ui][auth][digest]") {
  test::Lighttpd server;
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  Experiment e;
  e.name = "digest";
  e.request.method = "GET";
  e.request.url = server.base + "/sha256/index.txt";
  e.request.auth.kind = AuthKind::digest;
  e.request.auth.digest = {"alice", "wonder land"};
  ui::load_experiment(state, e);

  ui::send(state, platform);
  REQUIRE_FALSE(state.composer_error);
  run_until(gui, state, platform, 2);
  REQUIRE(state.history.entries.size() == 2);
  const ui::HistoryEntry& answered = state.history.entries[0];  // newest first
  const ui::HistoryEntry& challenged = state.history.entries[1];
  CHECK(challenged.outcome == "401 Unauthorized");
  CHECK(sent_header(challenged, "Authorization").empty());  // nothing before the challenge
  CHECK(answered.outcome == "200 OK");
  CHECK_THAT(sent_header(answered, "Authorization"), Catch::StartsWith("Digest username=\"alice\", realm=\"wirepad\""));
  CHECK_THAT(sent_header(answered, "Authorization"), Catch::Contains("algorithm=SHA-256"));
  CHECK(answered.log->body() == "secret in sha256\n");
  // Both entries keep the request as composed: the password is in the settings, not baked in a header.
  CHECK(answered.experiment.request == e.request);
  CHECK(challenged.experiment.request == e.request);
  CHECK_FALSE(state.runs[state.id].auth.error);

  // A wrong password: the server's second 401 ends it, with a sentence naming the user.
  e.request.auth.digest.password = "wonderland";
  ui::load_experiment(state, e);
  ui::send(state, platform);
  run_until(gui, state, platform, 4);
  REQUIRE(state.history.entries.size() == 4);
  CHECK(state.history.entries[0].outcome == "401 Unauthorized");
  CHECK_FALSE(sent_header(state.history.entries[0], "Authorization").empty());
  const Error& error = state.runs[state.id].auth.error;
  CHECK(error.code == ErrorCode::auth_rejected);
  CHECK_THAT(error.message, Catch::Contains("refused the credentials for user \"alice\""));
}

TEST_CASE("Send with OAuth 2.0 client credentials: the token request, the request, the token kept", "[ui][auth][oauth2]") {
  test::ChildProcess provider({"/usr/bin/python3", WIREPAD_OAUTH_PROVIDER});
  auto line = provider.wait_for_line("listening");
  REQUIRE(line);
  const std::string base = "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.workspace.environments.environments.push_back({"local", {{"secret", "s3cret pass:1", true}}});
  state.workspace.active_environment = "local";
  Experiment e;
  e.name = "oauth";
  e.request.method = "GET";
  e.request.url = base + "/resource";
  e.request.auth.kind = AuthKind::oauth2;
  OAuth2Auth& o = e.request.auth.oauth2;
  o.token_url = base + "/token";
  o.client_id = "confidential-app";
  o.client_secret = "{{secret}}";
  o.scope = "read";
  o.access_token = "{{api_token}}";  // where the fetched token is kept
  ui::load_experiment(state, e);

  ui::send(state, platform);
  REQUIRE_FALSE(state.composer_error);
  run_until(gui, state, platform, 2);
  REQUIRE(state.history.entries.size() == 2);
  const ui::HistoryEntry& token = state.history.entries[1];
  const ui::HistoryEntry& resource = state.history.entries[0];
  CHECK(token.outcome == "200 OK");
  CHECK(token.experiment.request.method == "POST");
  CHECK(token.experiment.request.url == base + "/token");
  CHECK(resource.outcome == "200 OK");
  CHECK(resource.log->body() == "hello confidential-app read");
  CHECK(resource.experiment.request == e.request);
  const Environment* env = state.workspace.environments.find("local");
  REQUIRE(env->find("api_token"));
  CHECK(env->find("api_token")->secret);
  CHECK(sent_header(resource, "Authorization") == "Bearer " + env->find("api_token")->value);
  REQUIRE(env->find("api_token.expires_at"));
  CHECK(state.runs[state.id].auth.token_saved == "{{api_token}}");

  // The next Send reuses the kept token: one exchange, no token request.
  ui::send(state, platform);
  run_until(gui, state, platform, 3);
  CHECK(state.history.entries.size() == 3);
  CHECK(state.history.entries[0].outcome == "200 OK");
  CHECK(state.history.entries[0].experiment.request.url == base + "/resource");

  // A wrong client secret: the token endpoint's error, and the request is not sent.
  state.workspace.environments.find("local")->variables.clear();
  state.workspace.environments.find("local")->variables.push_back({"secret", "nope", true});
  ui::send(state, platform);
  run_until(gui, state, platform, 4);
  CHECK(state.history.entries.size() == 4);
  CHECK(state.history.entries[0].experiment.request.url == base + "/token");
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::auth_rejected);
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("invalid_client"));
}

TEST_CASE("Send with the OAuth 2.0 authorization code: sign-in through the loopback redirect, then the token",
          "[ui][auth][oauth2]") {
  ::setenv("WIREPAD_NO_BROWSER", "1", 1);  // the test plays the browser
  test::ChildProcess provider({"/usr/bin/python3", WIREPAD_OAUTH_PROVIDER});
  auto line = provider.wait_for_line("listening");
  REQUIRE(line);
  const std::string base = "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.workspace.environments.environments.push_back({"local", {}});
  state.workspace.active_environment = "local";
  Experiment e;
  e.name = "code";
  e.request.url = base + "/resource";
  e.request.auth.kind = AuthKind::oauth2;
  OAuth2Auth& o = e.request.auth.oauth2;
  o.grant = OAuth2Grant::authorization_code;
  o.auth_url = base + "/authorize";
  o.token_url = base + "/token";
  o.client_id = "public-app";
  o.scope = "read";
  ui::load_experiment(state, e);

  ui::send(state, platform);
  REQUIRE_FALSE(state.composer_error);
  ui::AuthFollowState& auth = state.runs[state.id].auth;
  REQUIRE(auth.authorizing);
  CHECK_THAT(auth.authorization_url, Catch::StartsWith(base + "/authorize?"));
  CHECK_THAT(auth.authorization_url, Catch::Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"));
  gui.frame(state, platform);  // the wait is drawn; nothing is sent yet
  CHECK(state.history.entries.empty());

  // The browser: the authorization endpoint redirects to Wirepad's loopback listener.
  auto exchange = HttpExchange::create(HttpRequest{"GET", auth.authorization_url, {}, ""});
  REQUIRE(exchange.ok());
  ExchangeLog login = native::perform_blocking(std::move(exchange).value());
  REQUIRE(login.response.status == 302);
  std::string location;
  for (std::size_t i = 0; i < login.response.headers.size(); ++i)
    if (iequals(login.response.headers[i].name, "Location")) location = std::string(login.response.headers[i].value);
  auto back = HttpExchange::create(HttpRequest{"GET", location, {}, ""});
  REQUIRE(back.ok());
  CHECK(native::perform_blocking(std::move(back).value()).response.status == 200);

  run_until(gui, state, platform, 2);
  REQUIRE(state.history.entries.size() == 2);
  CHECK(state.history.entries[1].experiment.request.url == base + "/token");
  CHECK(state.history.entries[0].outcome == "200 OK");
  CHECK(state.history.entries[0].log->body() == "hello public-app read");
  const Environment* env = state.workspace.environments.find("local");
  REQUIRE(env->find("oauth2.public-app.access_token"));
  CHECK_FALSE(env->find("oauth2.public-app.refresh_token")->value.empty());

  // Cancelling a sign-in: the wait ends with a sentence, and nothing is sent.
  env = nullptr;
  state.workspace.environments.find("local")->variables.clear();
  ui::send(state, platform);
  REQUIRE(state.runs[state.id].auth.authorizing);
  state.runs[state.id].auth.cancel_pending = true;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (state.runs[state.id].auth.authorizing && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::cancelled);
  CHECK(state.history.entries.size() == 2);
}
