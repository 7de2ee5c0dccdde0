// ui: one cookie jar per environment, kept in the workspace folder: driven through ImGui frames
// with no window, the real NativePlatform, a real workspace folder and a cpp-httplib server
// that sets a cookie and reports the Cookie header it receives.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "ui/cookie_jar_store.h"
#include "ui/workspace.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;
namespace fs = std::filesystem;

namespace {

struct CookieServer {
  httplib::Server server;
  std::thread thread;
  std::mutex mutex;
  std::string last_cookie;
  int port = 0;
  CookieServer() {
    server.Get("/login", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Set-Cookie", "session=s1; Path=/; Max-Age=3600");
      res.set_content("in", "text/plain");
    });
    server.Get("/whoami", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mutex);
      last_cookie = req.has_header("Cookie") ? req.get_header_value("Cookie") : "(none)";
      res.set_content("ok", "text/plain");
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~CookieServer() {
    server.stop();
    thread.join();
  }
  std::string cookie() {
    std::lock_guard<std::mutex> lock(mutex);
    return last_cookie;
  }
};

void send_and_wait(HeadlessImGui& gui, ui::AppState& state, native::NativePlatform& platform, const std::string& url) {
  state.url = url;
  std::size_t before = state.history.entries.size();
  ui::send(state, platform);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (state.history.entries.size() == before && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(state.history.entries.size() == before + 1);
  gui.frame(state, platform);  // the "act" step after the exchange: the jar is written
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("each environment has its own cookie jar, kept in the workspace across restarts", "[ui][cookies][environment]") {
  CookieServer server;
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port);
  char pattern[] = "/tmp/wirepad-ui-jar-XXXXXX";
  fs::path root = ::mkdtemp(pattern);
  {
    auto store = std::move(posix::FileWorkspaceStore::open(root.string()).value());
    REQUIRE_FALSE(store->write("environments.json", R"({"environments": [{"name": "staging"}, {"name": "prod/eu"}]})"));
    HeadlessImGui gui;
    native::NativePlatform platform;
    platform.set_workspace(store.get());
    ui::AppState state;
    ui::open_workspace(state, *store);
    ui::choose_environment(state, store.get(), "staging");
    gui.frame(state, platform);

    send_and_wait(gui, state, platform, base + "/login");
    REQUIRE(state.cookies.jar.cookies().size() == 1);
    CHECK(slurp(root / ".wirepad/cookies/staging.json").find("\"session\"") != std::string::npos);
    send_and_wait(gui, state, platform, base + "/whoami");
    CHECK(server.cookie() == "session=s1");

    // Another environment: another jar, empty; its name made safe for a file name.
    ui::choose_environment(state, store.get(), "prod/eu");
    CHECK(state.cookies.jar.cookies().empty());
    send_and_wait(gui, state, platform, base + "/whoami");
    CHECK(server.cookie() == "(none)");
    CHECK(ui::cookie_jar_path("prod/eu") == ".wirepad/cookies/prod%2Feu.json");

    // Back to staging: its session is there again.
    ui::choose_environment(state, store.get(), "staging");
    send_and_wait(gui, state, platform, base + "/whoami");
    CHECK(server.cookie() == "session=s1");

    // Deleting the cookie in the jar is written too.
    state.cookies.jar.cookies().clear();
    state.cookies.changed = true;
    gui.frame(state, platform);
    CHECK(slurp(root / ".wirepad/cookies/staging.json").find("\"session\"") == std::string::npos);
    send_and_wait(gui, state, platform, base + "/login");  // and logged in again
  }
  {
    // A restarted app: the chosen environment and its jar come back.
    auto store = std::move(posix::FileWorkspaceStore::open(root.string()).value());
    HeadlessImGui gui;
    native::NativePlatform platform;
    platform.set_workspace(store.get());
    ui::AppState state;
    ui::open_workspace(state, *store);
    CHECK(state.workspace.active_environment == "staging");
    REQUIRE(state.cookies.jar.cookies().size() == 1);
    gui.frame(state, platform);
    send_and_wait(gui, state, platform, base + "/whoami");
    CHECK(server.cookie() == "session=s1");

    // A damaged jar file: said in the sidebar with its path, the jar starts empty, the file
    // is left as it is until the jar changes.
    REQUIRE_FALSE(store->write(".wirepad/cookies/prod%2Feu.json", "[{\"name\": 5"));
    ui::choose_environment(state, store.get(), "prod/eu");
    REQUIRE(state.workspace.error);
    CHECK(state.workspace.error.message.find(".wirepad/cookies/prod%2Feu.json") != std::string::npos);
    CHECK(state.cookies.jar.cookies().empty());
    gui.frame(state, platform);
    CHECK(slurp(root / ".wirepad/cookies/prod%2Feu.json") == "[{\"name\": 5");
  }
  fs::remove_all(root);
}
