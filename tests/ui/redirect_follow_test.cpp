// ui: Send with "Follow redirects" through ImGui frames with no window, the real
// NativePlatform underneath and a cpp-httplib login flow on loopback: each hop is its own
// history entry, the jar stores the cookies and sends them on the next hop, and the response's
// Set-Cookie headers get verdicts.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <imgui.h>
#include <mutex>
#include <thread>

#include "native/native_platform.h"
#include "ui/app.h"
#include "headless_imgui.h"

using namespace wirepad;

using Gui = wirepad::test::HeadlessImGui;

TEST_CASE("Follow redirects: each hop is a history entry and the jar carries the cookies", "[ui][redirects][cookies]") {
  std::mutex mutex;
  std::string cookie_on_home;
  httplib::Server server;
  server.Post("/login", [](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Set-Cookie", "session=s1; Path=/");
    res.set_header("Set-Cookie", "x=1; Domain=elsewhere.test");
    res.set_header("Location", "/home");
  });
  server.Get("/home", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mutex);
    cookie_on_home = req.get_header_value("Cookie");
    res.set_content("home", "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  Gui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.method = "POST";
  state.url = "http://127.0.0.1:" + std::to_string(port) + "/login";
  state.body = "user=ada";
  state.options.follow_redirects = true;
  using namespace std::chrono;
  const std::int64_t before = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  ui::send(state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.history.entries.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  gui.frame(state, platform);
  const std::int64_t after = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  server.stop();
  thread.join();

  REQUIRE(state.history.entries.size() == 2);
  const ui::HistoryEntry& hop1 = state.history.entries[0];  // newest first
  const ui::HistoryEntry& hop0 = state.history.entries[1];
  // Each hop is its own exchange with its own start (HAR's startedDateTime): the second one
  // started once the first had ended (within a millisecond: the wall clock and the monotonic
  // one the timings use are read apart).
  REQUIRE(hop0.log);
  REQUIRE(hop1.log);
  CHECK(hop0.log->started_unix_ms >= before);
  CHECK(hop1.log->started_unix_ms >= hop0.log->started_unix_ms + std::int64_t(hop0.log->timings.total * 1000) - 1);
  CHECK(hop1.log->started_unix_ms <= after);
  CHECK(hop0.hop == 0);
  CHECK(hop0.outcome == "302 Found");
  CHECK(hop0.experiment.request.method == "POST");
  CHECK(hop1.hop == 1);
  CHECK(hop1.outcome == "200 OK");
  CHECK(hop1.experiment.request.method == "GET");  // 302 after POST
  CHECK(hop1.experiment.request.url == "http://127.0.0.1:" + std::to_string(port) + "/home");
  CHECK(cookie_on_home == "session=s1");
  REQUIRE(state.cookies.jar.cookies().size() == 1);
  CHECK(state.cookies.jar.cookies()[0].name == "session");
  CHECK(state.runs[state.id].redirects.hop == 1);
  CHECK_FALSE(state.runs[state.id].redirects.stop);
  // The composer keeps what was typed.
  CHECK(state.method == "POST");
  CHECK(state.url == "http://127.0.0.1:" + std::to_string(port) + "/login");
}

TEST_CASE("Follow redirects off: the 302 is final and its cookies still go to the jar", "[ui][redirects][cookies]") {
  httplib::Server server;
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Set-Cookie", "a=1");
    res.set_header("Set-Cookie", "bad");
    res.set_header("Location", "/next");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  Gui gui;
  native::NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  ui::send(state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.history.entries.empty() && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  for (int i = 0; i < 3; ++i) gui.frame(state, platform);
  server.stop();
  thread.join();
  REQUIRE(state.history.entries.size() == 1);
  CHECK(state.history.entries[0].outcome == "302 Found");
  REQUIRE(state.cookies.verdicts.size() == 2);
  CHECK(state.cookies.verdicts[0].outcome == CookieVerdict::Outcome::stored);
  CHECK(state.cookies.verdicts[1].outcome == CookieVerdict::Outcome::rejected);
  CHECK(state.cookies.verdicts[1].reason.find("no '='") != std::string::npos);
}
