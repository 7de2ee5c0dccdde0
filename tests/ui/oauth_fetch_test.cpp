// ui: the Auth tab's "Get new access token" (ui/auth_follow.h, fetch_oauth_token), clicked
// through ImGui frames with no window against the real NativePlatform and the python3-oauthlib
// provider (tests/native/oauth_provider.py): client credentials keep a token in the environment
// without sending the request, and the next Send uses it; the authorization code grant goes
// through the real loopback redirect (RFC 8252), the test playing the browser, and an expired
// token is refreshed at Send with the kept refresh token; a refused secret, an empty token URL,
// a silent token endpoint (timeout), Cancel and a sign-in that times out each end with an error
// naming what and where, nothing typed lost and the token kept before still there.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <imgui.h>
#include <thread>

#include "child_process.h"
#include "headless_imgui.h"
#include "native/native_platform.h"
#include "native/posix_transport.h"
#include "shared/text_util.h"
#include "ui/app.h"
#include "ui/composer_auth_tab.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;

namespace {

void click(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& button) {
  // Two frames first: where the control is now (a table's first frame after a tab opens lays
  // its columns out narrow, and the wrapped text under them puts the button far below).
  gui.frames(state, platform, 2);
  REQUIRE(state.io.buttons.count(button) == 1);
  auto at = state.io.buttons.at(button);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(at[0], at[1]);
  gui.frame(state, platform);
  io.MouseDown[0] = true;
  gui.frame(state, platform);
  io.MouseDown[0] = false;
  gui.frame(state, platform);
  io.MousePos = ImVec2(1, 1);
}

// Frames until the fetch (sign-in and token request) is over, or `seconds`.
void run_fetch(HeadlessImGui& gui, ui::AppState& state, native::NativePlatform& platform, int seconds = 10) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    if (!ui::fetching_oauth_token(state) && !state.runs[state.id].auth.authorizing) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  gui.frames(state, platform, 3);
}

std::string provider_base(test::ChildProcess& provider) {
  auto line = provider.wait_for_line("listening");
  REQUIRE(line);
  return "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
}

std::string sent_header(const ui::HistoryEntry& entry, const std::string& name) {
  REQUIRE(entry.log);
  const std::string& bytes = entry.log->bytes_sent;
  std::size_t at = bytes.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  at += name.size() + 4;
  return bytes.substr(at, bytes.find("\r\n", at) - at);
}

// A token endpoint that takes the connection and never answers (the kernel's backlog accepts it).
struct SilentServer {
  int fd = -1;
  int port = 0;
  SilentServer() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    socklen_t n = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
    port = ntohs(a.sin_port);
  }
  ~SilentServer() { ::close(fd); }
};

Experiment oauth_experiment(const std::string& base) {
  Experiment e;
  e.name = "oauth fetch";
  e.request.method = "GET";
  e.request.url = base + "/resource";
  e.request.auth.kind = AuthKind::oauth2;
  OAuth2Auth& o = e.request.auth.oauth2;
  o.token_url = base + "/token";
  o.client_id = "confidential-app";
  o.client_secret = "{{secret}}";
  o.scope = "read";
  return e;
}

}  // namespace

TEST_CASE("Auth tab: Get new access token (client credentials) keeps a token and sends nothing else",
          "[ui][auth][oauth2][fetch]") {
  test::ChildProcess provider({"/usr/bin/python3", WIREPAD_OAUTH_PROVIDER});
  const std::string base = provider_base(provider);
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.layout.below_ratio = 0.7f;  // the whole OAuth 2.0 form in view, as a person would drag it
  state.workspace.environments.environments.push_back({"local", {{"secret", "s3cret pass:1", true}}});
  state.workspace.active_environment = "local";
  Experiment e = oauth_experiment(base);
  e.request.url = base + "/resource/{{unknown}}";  // not sent, so not resolved: no reason to refuse a token
  ui::load_experiment(state, e);
  gui.frames(state, platform, 3);
  click(gui, state, platform, "composer.auth_tab");
  CHECK(ui::oauth_token_state(state, std::time(nullptr)).access_token.empty());

  click(gui, state, platform, "composer.auth.get_token");
  run_fetch(gui, state, platform);
  const ui::AuthFollowState& auth = state.runs[state.id].auth;
  CHECK_FALSE(auth.error);
  CHECK(auth.token_only);
  CHECK(auth.token_saved == "{{oauth2.confidential-app.access_token}}");
  // One exchange: the token request. The request itself did not go.
  REQUIRE(state.history.entries.size() == 1);
  CHECK(state.history.entries[0].experiment.request.method == "POST");
  CHECK(state.history.entries[0].experiment.request.url == base + "/token");
  CHECK(state.history.entries[0].outcome == "200 OK");
  CHECK_THAT(sent_header(state.history.entries[0], "Authorization"), Catch::StartsWith("Basic "));
  const Environment* env = state.workspace.environments.find("local");
  REQUIRE(env->find("oauth2.confidential-app.access_token"));
  const std::string token = env->find("oauth2.confidential-app.access_token")->value;
  CHECK(token.size() >= 20);
  CHECK(env->find("oauth2.confidential-app.access_token")->secret);
  // The tab shows it: present, masked until Show, expiring in the server's 3600 s.
  ui::OAuthTokenState shown = ui::oauth_token_state(state, std::time(nullptr));
  CHECK(shown.access_token == token);
  CHECK(shown.environment == "local");
  CHECK_THAT(shown.expiry, Catch::StartsWith("expires in 60 min"));
  CHECK_FALSE(state.show_auth_secrets);
  click(gui, state, platform, "composer.auth.show_token");
  CHECK(state.show_auth_secrets);
  // The composer still holds what was typed: no token baked into the request.
  CHECK(ui::experiment_from_state(state).request == e.request);

  // Send uses the fetched token: one exchange, with Bearer, and the protected resource answers.
  state.url = base + "/resource";
  ui::send(state, platform);
  REQUIRE_FALSE(state.composer_error);
  run_fetch(gui, state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.history.entries.size() < 2 && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
  REQUIRE(state.history.entries.size() == 2);
  CHECK(sent_header(state.history.entries[0], "Authorization") == "Bearer " + token);
  CHECK(state.history.entries[0].log->body() == "hello confidential-app read");

  // A refused secret: the server's error in the tab, and the token kept before is still there.
  for (Variable& v : state.workspace.environments.find("local")->variables)
    if (v.name == "secret") v.value = "wrong";
  const Experiment typed = ui::experiment_from_state(state);
  click(gui, state, platform, "composer.auth.get_token");
  run_fetch(gui, state, platform);
  CHECK(ui::experiment_from_state(state).request == typed.request);  // nothing typed is lost
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::auth_rejected);
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("invalid_client"));
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::EndsWith("(" + base + "/token answered 401 Unauthorized)"));
  CHECK(state.workspace.environments.find("local")->find("oauth2.confidential-app.access_token")->value == token);
  CHECK(state.history.entries.size() == 3);  // the refused token request, and nothing after it

  // An empty token URL: refused before anything is sent, naming the setting.
  state.request_model.auth.oauth2.token_url.clear();
  click(gui, state, platform, "composer.auth.get_token");
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::invalid_request);
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("token URL is empty"));
  CHECK(state.history.entries.size() == 3);

  // An unknown {{variable}} in a setting: named, nothing sent.
  state.request_model.auth.oauth2.token_url = base + "/token";
  state.request_model.auth.oauth2.client_secret = "{{nope}}";
  click(gui, state, platform, "composer.auth.get_token");
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("nope"));
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("client secret"));
  CHECK(state.history.entries.size() == 3);
}

TEST_CASE("Auth tab: a token endpoint that never answers times out, and Cancel stops the fetch",
          "[ui][auth][oauth2][fetch]") {
  SilentServer silent;
  const std::string base = "http://127.0.0.1:" + std::to_string(silent.port);
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.layout.below_ratio = 0.7f;  // the whole OAuth 2.0 form in view, as a person would drag it
  state.workspace.environments.environments.push_back(
      {"local", {{"secret", "x", true}, {"oauth2.confidential-app.access_token", "kept-before", true}}});
  state.workspace.active_environment = "local";
  ui::load_experiment(state, oauth_experiment(base));
  state.options.first_byte_timeout = 1;  // the tab's Options: waiting for the answer
  gui.frames(state, platform, 3);
  click(gui, state, platform, "composer.auth_tab");

  const auto started = std::chrono::steady_clock::now();
  click(gui, state, platform, "composer.auth.get_token");
  CHECK(ui::fetching_oauth_token(state));
  gui.frame(state, platform);  // the click's frame ended by starting it; this one draws the progress
  CHECK(state.io.buttons.count("composer.auth.cancel_fetch") == 1);  // progress, with a Cancel
  run_fetch(gui, state, platform);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  CHECK(took < 5);
  const Error& timeout = state.runs[state.id].auth.error;
  CHECK(timeout.code == ErrorCode::first_byte_timeout);
  CHECK_THAT(timeout.message, Catch::StartsWith("OAuth 2.0: the token request to " + base + "/token failed: "));
  CHECK(state.workspace.environments.find("local")->find("oauth2.confidential-app.access_token")->value == "kept-before");

  // Cancel while the token request waits.
  state.options.first_byte_timeout = 30;
  click(gui, state, platform, "composer.auth.get_token");
  REQUIRE(ui::fetching_oauth_token(state));
  click(gui, state, platform, "composer.auth.cancel_fetch");
  run_fetch(gui, state, platform);
  CHECK_FALSE(ui::fetching_oauth_token(state));
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::cancelled);
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("was cancelled; no token was kept"));
  CHECK(state.workspace.environments.find("local")->find("oauth2.confidential-app.access_token")->value == "kept-before");
}

TEST_CASE("Auth tab: Get new access token (authorization code + PKCE) through the loopback redirect",
          "[ui][auth][oauth2][fetch]") {
  ::setenv("WIREPAD_NO_BROWSER", "1", 1);  // the test plays the browser
  test::ChildProcess provider({"/usr/bin/python3", WIREPAD_OAUTH_PROVIDER});
  const std::string base = provider_base(provider);
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;  // no environment: one is made for the token
  state.layout.below_ratio = 0.7f;
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
  gui.frames(state, platform, 3);
  click(gui, state, platform, "composer.auth_tab");

  click(gui, state, platform, "composer.auth.get_token");
  ui::AuthFollowState& auth = state.runs[state.id].auth;
  REQUIRE(auth.authorizing);
  CHECK(state.workspace.active_environment == "default");
  CHECK_THAT(auth.authorization_url, Catch::StartsWith(base + "/authorize?"));
  CHECK_THAT(auth.authorization_url, Catch::Contains("code_challenge_method=S256"));
  CHECK_THAT(auth.authorization_url, Catch::Contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"));
  gui.frames(state, platform, 2);
  CHECK(state.io.buttons.count("composer.auth.cancel_fetch") == 1);
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

  run_fetch(gui, state, platform);
  CHECK_FALSE(state.runs[state.id].auth.error);
  REQUIRE(state.history.entries.size() == 1);  // the code exchange; the request did not go
  CHECK(state.history.entries[0].experiment.request.url == base + "/token");
  CHECK(state.history.entries[0].outcome == "200 OK");
  const Environment* env = state.workspace.environments.find("default");
  REQUIRE(env);
  REQUIRE(env->find("oauth2.public-app.access_token"));
  std::string token = env->find("oauth2.public-app.access_token")->value;
  CHECK_FALSE(env->find("oauth2.public-app.refresh_token")->value.empty());
  ui::OAuthTokenState shown = ui::oauth_token_state(state, std::time(nullptr));
  CHECK(shown.access_token == token);
  CHECK(shown.refresh_token);

  // Send goes out with that token, with no sign-in.
  ui::send(state, platform);
  REQUIRE_FALSE(state.runs[state.id].auth.authorizing);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.history.entries.size() < 2 && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
  REQUIRE(state.history.entries.size() == 2);
  CHECK(sent_header(state.history.entries[0], "Authorization") == "Bearer " + token);
  CHECK(state.history.entries[0].log->body() == "hello public-app read");

  // Expired: Send refreshes it with the kept refresh token (no sign-in), keeps the new one, and
  // sends with it; the server rotates the refresh token.
  {
    Environment* kept = state.workspace.environments.find("default");
    const std::string old_refresh = kept->find("oauth2.public-app.refresh_token")->value;
    for (Variable& v : kept->variables)
      if (v.name == "oauth2.public-app.expires_at") v.value = std::to_string(std::time(nullptr) - 60);
    CHECK(ui::oauth_token_state(state, std::time(nullptr)).expired);
    ui::send(state, platform);
    REQUIRE_FALSE(state.runs[state.id].auth.authorizing);
    deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (state.history.entries.size() < 4 && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
    REQUIRE(state.history.entries.size() == 4);
    const ui::HistoryEntry& refresh = state.history.entries[1];
    CHECK(refresh.experiment.request.url == base + "/token");
    CHECK(refresh.outcome == "200 OK");
    CHECK_THAT(refresh.log->bytes_sent, Catch::Contains("grant_type=refresh_token"));
    const std::string refreshed = kept->find("oauth2.public-app.access_token")->value;
    CHECK(refreshed != token);
    CHECK(kept->find("oauth2.public-app.refresh_token")->value != old_refresh);
    CHECK_FALSE(ui::oauth_token_state(state, std::time(nullptr)).expired);
    CHECK(sent_header(state.history.entries[0], "Authorization") == "Bearer " + refreshed);
    CHECK(state.history.entries[0].log->body() == "hello public-app read");
    token = refreshed;
  }

  // Cancelling the sign-in from the tab: a sentence, nothing sent, the token still kept.
  click(gui, state, platform, "composer.auth.get_token");
  REQUIRE(state.runs[state.id].auth.authorizing);
  click(gui, state, platform, "composer.auth.cancel_fetch");
  run_fetch(gui, state, platform, 5);
  CHECK_FALSE(state.runs[state.id].auth.authorizing);
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::cancelled);
  CHECK(state.history.entries.size() == 4);
  CHECK(state.workspace.environments.find("default")->find("oauth2.public-app.access_token")->value == token);

  // A sign-in nobody finishes: the wait gives up (after 5 minutes; 1 s here) with a sentence
  // naming the redirect URI; nothing sent, nothing typed lost, the token still kept, and the
  // loopback port closed.
  platform.set_authorization_timeout_ms(1000);
  const Experiment typed = ui::experiment_from_state(state);
  click(gui, state, platform, "composer.auth.get_token");
  REQUIRE(state.runs[state.id].auth.authorizing);
  const std::string pending_url = state.runs[state.id].auth.authorization_url;
  const auto started = std::chrono::steady_clock::now();
  run_fetch(gui, state, platform, 5);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(4));
  CHECK_FALSE(state.runs[state.id].auth.authorizing);
  CHECK(state.runs[state.id].auth.error.code == ErrorCode::total_timeout);
  CHECK_THAT(state.runs[state.id].auth.error.message, Catch::Contains("no redirect came back to http://127.0.0.1:"));
  CHECK(state.history.entries.size() == 4);
  CHECK(state.workspace.environments.find("default")->find("oauth2.public-app.access_token")->value == token);
  CHECK(ui::experiment_from_state(state).request == typed.request);
  // The browser coming back late finds the port closed (refused at once, not left hanging).
  const std::size_t at = pending_url.find("redirect_uri=");
  REQUIRE(at != std::string::npos);
  std::string redirect = pending_url.substr(at + 13, pending_url.find('&', at) - at - 13);
  for (std::string::size_type p; (p = redirect.find("%3A")) != std::string::npos;) redirect.replace(p, 3, ":");
  for (std::string::size_type p; (p = redirect.find("%2F")) != std::string::npos;) redirect.replace(p, 3, "/");
  auto late = HttpExchange::create(HttpRequest{"GET", redirect + "?code=x&state=y", {}, ""});
  REQUIRE(late.ok());
  const auto late_started = std::chrono::steady_clock::now();
  const ExchangeLog late_log = native::perform_blocking(std::move(late).value());
  CHECK(late_log.error.code == ErrorCode::connect_refused);
  CHECK(std::chrono::steady_clock::now() - late_started < std::chrono::seconds(2));
}
