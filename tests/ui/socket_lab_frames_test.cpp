// ui/socket_panel + ui/listen_panel: the socket lab driven through ImGui frames with no window,
// the real NativePlatform underneath (its PosixTransport and PosixListener), the lab servers
// as peers. The buttons' functions are what the panels call; every test also draws the
// panels, so the drawing code runs over the states it produces.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <imgui.h>
#include <thread>

#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "headless_imgui.h"
#include "ui/listen_panel.h"
#include "ui/socket_lessons.h"
#include "ui/socket_panel.h"

using namespace wirepad;
using namespace wirepad::native;

using wirepad::test::HeadlessImGui;

namespace {

// The browser's view of the same platform: no listening, no files.
struct BrowserLikePlatform final : ui::Platform {
  NativePlatform& inner;
  explicit BrowserLikePlatform(NativePlatform& p) : inner(p) {}
  void start(int tab, HttpExchange e) override { inner.start(tab, std::move(e)); }
  void cancel(int tab, std::string_view by) override { inner.cancel(tab, by); }
  void with_exchange(int tab, const std::function<void(const ExchangeLog*)>& v) override { inner.with_exchange(tab, v); }
  void drop_exchange(int tab) override { inner.drop_exchange(tab); }
  void start_socket(SocketSession s) override { inner.start_socket(std::move(s)); }
  Error queue_socket_step(SocketStep s) override { return inner.queue_socket_step(std::move(s)); }
  void cancel_socket() override { inner.cancel_socket(); }
  void with_socket(const std::function<void(const SocketLog*)>& v) override { inner.with_socket(v); }
  Error start_ws(WsSessionOptions o, std::vector<WsStep> s) override { return inner.start_ws(std::move(o), std::move(s)); }
  Error queue_ws_step(WsStep s) override { return inner.queue_ws_step(std::move(s)); }
  void cancel_ws() override { inner.cancel_ws(); }
  void with_ws(const std::function<void(const WsLog*)>& v) override { inner.with_ws(v); }
};

LabStatus start_lab(LabServers& lab) {
  LabOptions o;
  o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
  return lab.start(o);
}

// Draws frames until `done(log)` (or 10 s); returns a copy of the socket log.
template <class Done>
SocketLog frames_until(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, Done done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  SocketLog copy;
  bool ok = false;
  while (!ok && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_socket([&](const SocketLog* log) {
      if (log && done(*log)) {
        ok = true;
        copy = *log;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(ok);
  gui.frame(state, platform);
  return copy;
}

bool idle_or_finished(const SocketLog& log) { return log.finished() || (log.idle_between_steps() && log.state == SocketState::open); }

std::string received(const std::vector<TranscriptEntry>& transcript) {
  std::string all;
  for (const auto& e : transcript)
    if (e.kind == TranscriptEntry::Kind::received) all += e.bytes;
  return all;
}

int bound_port(NativePlatform& platform) {
  int port = 0;
  platform.local()->with_listen([&](const ListenLog* log) {
    REQUIRE(log);
    REQUIRE(log->listening);
    port = std::stoi(log->bound.substr(log->bound.rfind(':') + 1));
  });
  return port;
}

}  // namespace

TEST_CASE("every lesson in the Examples menu is a socket experiment that survives its file format", "[ui][socket][lessons]") {
  auto lessons = ui::socket_lessons();
  REQUIRE(lessons.size() == 5);
  for (const auto& lesson : lessons) {
    CAPTURE(lesson.title);
    CHECK(lesson.experiment.kind == ExperimentKind::socket);
    auto back = parse_experiment(serialize_experiment(lesson.experiment));
    REQUIRE(back);
    CHECK(*back == lesson.experiment);
  }
  CHECK(lessons[3].experiment.socket.broadcast);
  CHECK(lessons[4].listener.group == "239.255.0.1");
  // The same lessons are saved experiments in the repository (for `wirepad run` against
  // `wirepad lab`): the files must say exactly what the menu does.
  // WIREPAD_UPDATE_LESSONS=1 rewrites them.
  const char* files[] = {"tcp_client.json", "tcp_echo.json", "udp_echo.json", "udp_broadcast.json", "udp_multicast.json"};
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    auto path = std::filesystem::path(WIREPAD_TEST_DATA) / "experiments" / "lessons" / files[i];
    std::string expected = serialize_experiment(lessons[i].experiment);
    if (std::getenv("WIREPAD_UPDATE_LESSONS")) std::ofstream(path, std::ios::binary) << expected;
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CAPTURE(path.string());
    CHECK(text == expected);
  }
}

TEST_CASE("the tutorial lesson from the Examples menu runs whole with Run all, the timeline shows each step", "[ui][socket][integration]") {
  LabServers lab;
  LabStatus status = start_lab(lab);
  REQUIRE(status.hello_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  auto lessons = ui::socket_lessons(status.hello_port, status.tcp_echo_port, status.udp_echo_port);
  ui::load_socket_lesson(state, lessons[0]);
  CHECK(state.mode == ui::Mode::socket);
  gui.frame(state, platform);
  ui::socket_run_script(state, platform);
  state.socket.view = 2;  // the timeline alone
  SocketLog log = frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished(); });
  CAPTURE(log.error.message);
  CHECK(log.state == SocketState::closed);
  REQUIRE(log.steps.size() == 5);
  for (const StepRecord& r : log.steps) CHECK(r.ok);
  CHECK(received(log.transcript).find("Hello, World!") != std::string::npos);
}

TEST_CASE("step by step against the echo server: a file as payload, receive, half-close, then save and replay the script", "[ui][socket][integration]") {
  LabServers lab;
  LabStatus status = start_lab(lab);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.mode = ui::Mode::socket;
  state.socket.port = status.tcp_echo_port;
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-ui-socket-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "payload.bin", std::ios::binary) << std::string("\x00\x01" "file\r\n", 8);

  ui::socket_connect(state, platform);
  frames_until(gui, state, platform, idle_or_finished);
  state.socket.payload_file = true;
  state.socket.file_path = (dir / "payload.bin").string();
  ui::socket_send(state, platform);
  ui::socket_receive(state, platform);
  frames_until(gui, state, platform, idle_or_finished);
  ui::socket_shutdown(state, platform);
  SocketLog log = frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished() || l.peer_finished; });
  CAPTURE(log.error.message);
  CHECK_FALSE(log.error);
  CHECK(log.write_shut);
  CHECK(received(log.transcript) == std::string("\x00\x01" "file\r\n", 8));
  CHECK_FALSE(state.socket.error);

  // A missing file: said, nothing sent, the session goes on.
  state.socket.file_path = (dir / "missing.bin").string();
  ui::socket_send(state, platform);
  CHECK_THAT(state.socket.error.message, Catch::Contains("cannot open '"));

  // Save: the steps taken, as an experiment file; then load it back and Run all.
  state.socket.script_path = (dir / "session.json").string();
  ui::socket_save_script(state, platform);
  CHECK_FALSE(state.socket.error);
  CHECK_THAT(state.socket.script_note, Catch::Contains("saved 5 steps"));
  state.socket.script.clear();
  ui::socket_load_script(state, platform);
  REQUIRE_FALSE(state.socket.error);
  REQUIRE(state.socket.script.size() == 5);
  CHECK(state.socket.script[1].bytes == std::string("\x00\x01" "file\r\n", 8));
  CHECK(state.socket.script[3].kind == StepKind::shutdown);
  ui::socket_run_script(state, platform);
  SocketLog replay = frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished(); });
  CAPTURE(replay.error.message);
  CHECK(replay.state == SocketState::closed);
  CHECK(replay.steps_done == 5);

  // A file that is not an experiment: the position and the file named.
  std::ofstream(dir / "broken.json") << "{\"kind\": ";
  state.socket.script_path = (dir / "broken.json").string();
  ui::socket_load_script(state, platform);
  CHECK_THAT(state.socket.error.message, Catch::StartsWith(state.socket.script_path + ": The experiment is not valid JSON at byte"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("the Listen tab: a TCP server the Session tab connects to, a reply from the UI", "[ui][listen][integration]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.mode = ui::Mode::socket;
  state.socket.listen.bind = "127.0.0.1";
  state.socket.listen.port = 0;
  ui::listen_start(state, platform);
  REQUIRE_FALSE(state.socket.listen.error);
  state.socket.listen_tab = true;
  gui.frame(state, platform);
  const int port = bound_port(platform);

  state.socket.port = port;
  state.socket.format = PayloadFormat::escaped;
  state.socket.payload = "hi server\\n";
  ui::socket_connect(state, platform);
  ui::socket_send(state, platform);
  int peer = 0;
  for (int i = 0; i < 500 && !peer; ++i) {
    gui.frame(state, platform);
    platform.local()->with_listen([&](const ListenLog* log) {
      if (!log->peers.empty() && log->peers[0].bytes_received == 10) peer = log->peers[0].id;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(peer);
  state.socket.listen.reply = "hi client\\r\\n";
  ui::listen_reply(state, platform, peer);
  CHECK_FALSE(state.socket.listen.error);
  state.socket.expect = "hi client\\r\\n";
  ui::socket_expect(state, platform);
  SocketLog log = frames_until(gui, state, platform, idle_or_finished);
  CAPTURE(log.error.message);
  CHECK_FALSE(log.error);
  CHECK(received(log.transcript) == "hi client\r\n");
  platform.local()->with_listen([](const ListenLog* log) {
    CHECK(received(log->peers[0].transcript) == "hi server\n");
    CHECK(log->peers[0].bytes_sent == 11);
  });
  ui::listen_stop(state, platform);
  gui.frame(state, platform);

  // The same port again while something holds it: the reason, and nothing typed lost.
  ui::socket_close(state, platform);
}

TEST_CASE("broadcast: a UDP listener on the port, a session with SO_BROADCAST reaches it, without it the kernel refuses", "[ui][listen][broadcast][integration]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.socket.listen.udp = true;
  state.socket.listen.bind = "0.0.0.0";
  state.socket.listen.port = 0;
  ui::listen_start(state, platform);
  REQUIRE_FALSE(state.socket.listen.error);
  const int port = bound_port(platform);

  auto lessons = ui::socket_lessons();
  ui::SocketLesson lesson = lessons[3];
  lesson.experiment.socket.port = std::uint16_t(port);
  ui::load_socket_lesson(state, lesson);
  CHECK(state.socket.broadcast);
  CHECK(state.socket.listen_tab);
  ui::socket_run_script(state, platform);
  SocketLog log = frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished(); });
  CAPTURE(log.error.message);
  CHECK_FALSE(log.error);
  bool heard = false;
  for (int i = 0; i < 200 && !heard; ++i) {
    gui.frame(state, platform);
    platform.local()->with_listen([&](const ListenLog* l) { heard = !l->peers.empty() && received(l->peers[0].transcript) == "hello, everyone\n"; });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(heard);

  state.socket.broadcast = false;
  ui::socket_run_script(state, platform);
  SocketLog refused = frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished(); });
  CHECK(refused.state == SocketState::failed);
  CHECK_THAT(refused.error.message, Catch::Contains("127.255.255.255:" + std::to_string(port) + " is a broadcast address: turn on the broadcast option"));
}

TEST_CASE("multicast from the Listen tab: join, a member receives, leave", "[ui][listen][multicast][integration]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  auto lessons = ui::socket_lessons();
  ui::load_socket_lesson(state, lessons[4]);
  state.socket.listen.port = 0;
  ui::listen_start(state, platform);
  REQUIRE_FALSE(state.socket.listen.error);
  ui::listen_join(state, platform);
  if (state.socket.listen.error) {
    WARN("no multicast route here: " << state.socket.listen.error.message);
    return;
  }
  const int port = bound_port(platform);
  state.socket.port = port;
  ui::socket_run_script(state, platform);
  frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished(); });
  bool heard = false;
  for (int i = 0; i < 200 && !heard; ++i) {
    gui.frame(state, platform);
    platform.local()->with_listen([&](const ListenLog* l) { heard = !l->peers.empty() && received(l->peers[0].transcript) == "hello, group\n"; });
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(heard);
  ui::listen_leave(state, platform);
  CHECK_FALSE(state.socket.listen.error);
  platform.local()->with_listen([](const ListenLog* l) { CHECK(l->groups.empty()); });
}

TEST_CASE("in the browser the Listen tab explains why it cannot listen, and file payloads are refused clearly", "[ui][listen]") {
  HeadlessImGui gui;
  NativePlatform native;
  BrowserLikePlatform platform(native);
  ui::AppState state;
  state.mode = ui::Mode::socket;
  state.socket.listen_tab = true;
  gui.frame(state, platform);
  ui::listen_start(state, platform);
  CHECK(state.socket.listen.error.message == ui::kBrowserCannotListen);
  state.socket.payload_file = true;
  state.socket.file_path = "/etc/hostname";
  LabServers lab;
  LabStatus status = start_lab(lab);
  state.socket.port = status.tcp_echo_port;
  ui::socket_connect(state, platform);
  ui::socket_send(state, platform);
  CHECK_THAT(state.socket.error.message, Catch::Contains("the browser build cannot read files by path"));
  gui.frame(state, platform);
}

// A listener of our own, so the test sees exactly when the kernel queues a connection.
namespace {
struct RawListener {
  int fd = -1;
  int port = 0;
  RawListener() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 4) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~RawListener() { ::close(fd); }
  bool connection_waiting(int ms) const {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
  }
};
bool transcript_has(const SocketLog& log, const std::string& text) {
  for (const auto& e : log.transcript)
    if (e.text.find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("Create makes the socket and Connect connects it: two steps, as in the tutorial", "[ui][socket][integration]") {
  RawListener listener;
  HeadlessImGui gui;
  NativePlatform platform;
  REQUIRE(platform.can_create_before_connect());
  BrowserLikePlatform browser(platform);
  CHECK_FALSE(browser.can_create_before_connect());  // the default: a platform that cannot hold shows no Create
  ui::AppState state;
  state.mode = ui::Mode::socket;
  state.socket.host = "127.0.0.1";
  state.socket.port = listener.port;

  ui::socket_create(state, platform);
  SocketLog created = frames_until(gui, state, platform, [](const SocketLog& l) { return transcript_has(l, "created the socket"); });
  CHECK(created.held);
  CHECK(created.state != SocketState::open);
  CHECK(transcript_has(created, "create a TCP socket for 127.0.0.1:"));
  CHECK_FALSE(listener.connection_waiting(300));  // socket() only: no SYN reached the listener

  ui::socket_connect(state, platform);
  SocketLog connected = frames_until(gui, state, platform, [](const SocketLog& l) { return l.state == SocketState::open; });
  CHECK_FALSE(connected.held);
  CHECK(transcript_has(connected, "connect the socket to 127.0.0.1:"));
  CHECK(listener.connection_waiting(5000));
  REQUIRE(connected.steps.size() == 1);
  CHECK(connected.steps[0].ok);

  SECTION("Abort after Create closes the socket without connecting") {
    RawListener other;
    state.socket.port = other.port;
    platform.cancel_socket();
    ui::socket_create(state, platform);
    frames_until(gui, state, platform, [](const SocketLog& l) { return l.held && transcript_has(l, "created the socket"); });
    platform.cancel_socket();
    SocketLog ended = frames_until(gui, state, platform, [](const SocketLog& l) { return l.finished(); });
    CHECK(ended.steps.empty());
    CHECK_FALSE(other.connection_waiting(300));
  }
}
