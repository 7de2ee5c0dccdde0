// ui/app's Send of a structured request (format 3): the composer keeps what it cannot edit yet
// (auth, body kind, params table, path variables) and Send goes through the pipeline
// (shared/request_resolve.h), with the real NativePlatform and the lab hello server as the peer.
#include <catch2/catch.hpp>
#include <chrono>
#include <imgui.h>
#include <thread>

#include "headless_imgui.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "ui/app.h"

using namespace wirepad;
using namespace wirepad::native;

TEST_CASE("Send of a format 3 experiment: auth, form body, params and path variables as the pipeline builds them", "[ui][request]") {
  LabServers lab;
  LabOptions options;
  options.hello_port = 0;
  options.tcp_echo_port = 0;
  options.udp_echo_port = 0;
  LabStatus status = lab.start(options);
  REQUIRE(status.hello_port > 0);
  test::HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;

  Experiment e;
  e.name = "structured";
  e.request.method = "POST";
  e.request.url = "http://127.0.0.1:" + std::to_string(status.hello_port) + "/users/:id?a=1";
  e.request.params = {{"a", "1"}, {"off", "1", true, false}};
  e.request.path_variables = {{"id", "42"}};
  e.request.headers = {{"X-On", "yes"}, {"X-Off", "no", false}};
  e.request.auth.kind = AuthKind::bearer;
  e.request.auth.bearer.token = "t0k";
  e.request.body_kind = BodyKind::urlencoded;
  e.request.form = {{"name", "Ada Lovelace"}, {"skip", "x", false}};
  ui::load_experiment(state, e);
  // Nothing is lost between the file and the composer, the disabled header included.
  CHECK(ui::experiment_from_state(state) == e);

  ui::send(state, platform);
  REQUIRE_FALSE(state.composer_error);
  ExchangeLog log;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  bool finished = false;
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* l) {
      if (l && l->finished()) finished = true, log = *l;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(finished);
  const std::string& sent = log.bytes_sent;
  CHECK(sent.rfind("POST /users/42?a=1 HTTP/1.1\r\n", 0) == 0);
  CHECK(sent.find("X-On: yes\r\n") != std::string::npos);
  CHECK(sent.find("X-Off") == std::string::npos);
  CHECK(sent.find("Authorization: Bearer t0k\r\n") != std::string::npos);
  CHECK(sent.find("Content-Type: application/x-www-form-urlencoded\r\n") != std::string::npos);
  CHECK(sent.substr(sent.size() - 17) == "name=Ada+Lovelace");
  // The history keeps the request as composed, not as sent.
  gui.frame(state, platform);
  REQUIRE_FALSE(state.history.entries.empty());
  CHECK(state.history.entries[0].experiment.request == e.request);

  // Editing the URL: the params table follows it (its disabled row kept), a path variable no
  // longer in it goes.
  state.url = "http://127.0.0.1:" + std::to_string(status.hello_port) + "/users?a=2&b=3";
  Experiment edited = ui::experiment_from_state(state);
  CHECK(edited.request.params == QueryParams{{"a", "2"}, {"off", "1", true, false}, {"b", "3"}});
  CHECK(edited.request.path_variables.empty());

  // A file the body needs that is not there stops Send before anything goes, naming it.
  e.request.body_kind = BodyKind::binary;
  e.request.binary_file = "/nonexistent/wirepad-test.bin";
  ui::load_experiment(state, e);
  ui::send(state, platform);
  REQUIRE(state.composer_error);
  CHECK(state.composer_error.message.find("/nonexistent/wirepad-test.bin") != std::string::npos);
}
