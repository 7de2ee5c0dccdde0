// ui: the app's runner (ui/runner.cpp) makes the round trips a request's auth needs, as
// `wirepad test` does: Digest's challenge against Debian's lighttpd mod_auth (the probe's 401,
// then the answered request; a wrong password's second 401 is the request's answer), and an
// OAuth 2.0 client credentials token from the python3-oauthlib provider, fetched once and used
// by the run's later requests, kept in the run (not written into the chosen environment).
// ImGui frames with no window, the real NativePlatform, a real workspace folder.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "child_process.h"
#include "headless_imgui.h"
#include "lighttpd_digest.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "ui/app.h"
#include "ui/runner.h"
#include "ui/workspace.h"

using namespace wirepad;
namespace fs = std::filesystem;

namespace {

struct RunnerWorkspace {
  fs::path dir;
  std::unique_ptr<posix::FileWorkspaceStore> store;
  RunnerWorkspace(ui::AppState& state, ui::Platform& platform, const std::vector<std::pair<std::string, std::string>>& files) {
    char pattern[] = "/tmp/wirepad-runner-auth-XXXXXX";
    dir = ::mkdtemp(pattern);
    for (const auto& [path, text] : files) std::ofstream(dir / path, std::ios::binary) << text;
    auto opened = posix::FileWorkspaceStore::open(dir.string());
    REQUIRE(opened);
    store = std::move(opened.value());
    platform.set_workspace(store.get());
    ui::open_workspace(state, *store);
  }
  ~RunnerWorkspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::string experiment(const std::string& name, const std::string& url, const std::string& auth, const std::string& test) {
  return R"({"wirepad": 4, "kind": "http", "name": ")" + name + R"(", "request": {"method": "GET", "url": ")" + url +
         R"(", "auth": )" + auth + R"(}, "test": )" + test + "}\n";
}

void run_all(test::HeadlessImGui& gui, ui::AppState& state, native::NativePlatform& platform) {
  ui::start_runner(state, platform, "");
  REQUIRE_FALSE(state.runner.error);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (state.runner.running && std::chrono::steady_clock::now() < deadline) gui.frame(state, platform);
  REQUIRE_FALSE(state.runner.running);
}

}  // namespace

TEST_CASE("Runner: Digest's challenge and an OAuth 2.0 token are round trips inside the run", "[ui][runner][auth]") {
  test::Lighttpd lighttpd;
  test::ChildProcess provider({"/usr/bin/python3", WIREPAD_OAUTH_PROVIDER});
  auto line = provider.wait_for_line("listening");
  REQUIRE(line);
  const std::string base = "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
  const std::string digest = R"({"kind": "digest", "digest": {"username": "alice", "password": "wonder land"}})";
  const std::string wrong = R"({"kind": "digest", "digest": {"username": "alice", "password": "wonderland"}})";
  const std::string oauth = R"({"kind": "oauth2", "oauth2": {"grant": "client_credentials", "token_url": ")" + base +
                            R"(/token", "client_id": "confidential-app", "client_secret": "{{secret}}", "scope": "read",
                               "access_token": "{{api_token}}"}})";
  test::HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  RunnerWorkspace ws(state, platform,
                     {{"1-digest.json", experiment("digest", lighttpd.base + "/md5/index.txt", digest,
                                                   R"({"assert": [{"subject": "body", "op": "==", "value": "secret in md5\n"}]})")},
                      {"2-wrong.json", experiment("wrong", lighttpd.base + "/md5/index.txt", wrong,
                                                  R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")},
                      {"3-oauth.json", experiment("oauth", base + "/resource", oauth,
                                                  R"({"assert": [{"subject": "body", "op": "==", "value": "hello confidential-app read"}]})")},
                      {"4-again.json", experiment("again", base + "/resource", oauth,
                                                  R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})")}});
  state.workspace.environments.environments.push_back({"local", {{"secret", "s3cret pass:1", true}}});
  state.workspace.active_environment = "local";

  run_all(gui, state, platform);
  const std::vector<RequestResult>& results = state.runner.run->report().results;
  REQUIRE(results.size() == 4);
  INFO(results[0].message << " | " << results[1].message << " | " << results[2].message << " | " << results[3].message);
  CHECK(results[0].outcome == RequestOutcome::passed);
  REQUIRE(results[0].auth.size() == 1);
  CHECK_THAT(results[0].auth[0], Catch::Contains("401"));
  // The exchange the run keeps (Open exchange) is the answered request, with its credentials.
  REQUIRE(state.runner.exchanges.size() == 4);
  REQUIRE(state.runner.exchanges[0].hops.size() == 1);
  CHECK_THAT(state.runner.exchanges[0].hops[0]->bytes_sent, Catch::Contains("Authorization: Digest username=\"alice\""));
  // Refused credentials: the second 401 is the answer, and the status assertion says so.
  CHECK(results[1].outcome == RequestOutcome::failed);
  CHECK(results[1].status == 401);
  CHECK_THAT(results[1].auth.back(), Catch::Contains("refused the credentials for user \"alice\""));
  // One token request for both OAuth requests.
  CHECK(results[2].outcome == RequestOutcome::passed);
  REQUIRE(results[2].auth.size() == 1);
  CHECK_THAT(results[2].auth[0], Catch::Contains("200"));
  CHECK(results[3].outcome == RequestOutcome::passed);
  CHECK(results[3].auth.empty());
  // The token stays in the run: the chosen environment holds what it held.
  const Environment* env = state.workspace.environments.find("local");
  REQUIRE(env);
  CHECK_FALSE(env->find("api_token"));
}
