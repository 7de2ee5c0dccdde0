// ui/app: the whole front end driven through ImGui frames with no window (ImGui's
// example_null), the real NativePlatform underneath, the lab servers as peers. Keys are
// pressed the way the SDL backend presses them, so these are the user's own gestures.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <imgui.h>
#include <thread>

#include "native/chaos_server.h"
#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "headless_imgui.h"
#include "ui/body_coding.h"
#include "ui/keys.h"
#include "ui/socket_panel.h"
#include "ui/tabs.h"

using namespace wirepad;
using namespace wirepad::native;

using wirepad::test::HeadlessImGui;

namespace {

LabOptions any_ports() {
  LabOptions o;
  o.hello_port = 0;
  o.tcp_echo_port = 0;
  o.udp_echo_port = 0;
  return o;
}

// Draws frames until the exchange has finished (or 10 s passed); returns a copy of its log.
ExchangeLog frames_until_finished(HeadlessImGui& gui, ui::AppState& state, NativePlatform& platform) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  ExchangeLog copy;
  bool finished = false;
  while (!finished && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) {
      if (log && log->finished()) {
        finished = true;
        copy = *log;
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(finished);
  gui.frame(state, platform);  // and one more frame drawing the finished response
  return copy;
}

}  // namespace

TEST_CASE("the app opens with the hello example, and Ctrl+Enter sends it", "[ui][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(status.hello_port));
  gui.frame(state, platform);
  platform.with_exchange(state.id, [](const ExchangeLog* log) { CHECK(log == nullptr); });  // nothing sent yet

  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/true);
  ExchangeLog log = frames_until_finished(gui, state, platform);
  CHECK(log.phase == Phase::done);
  CHECK(log.response.status == 200);
  CHECK(log.body() == "Hello, World!");
  CHECK(log.bytes_sent.rfind("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(status.hello_port) + "\r\n", 0) == 0);
  CHECK(state.generation == 1);
  // The response view indexed what it drew.
  CHECK(state.body_view.lines.line_count() == 1);
  CHECK(state.url == "http://127.0.0.1:" + std::to_string(status.hello_port) + "/");  // composer untouched
  // The history recorded it once, however many frames drew the finished exchange.
  gui.frame(state, platform);
  REQUIRE(state.history.entries.size() == 1);
  CHECK(state.history.entries[0].outcome == "200 OK");
  CHECK(state.history.entries[0].experiment.request.url == state.url);
}

TEST_CASE("an invalid URL is explained in the composer and nothing the user typed is lost", "[ui]") {
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://exa mple.com/";
  state.body = "draft body";
  gui.press(state, platform, ImGuiKey_Enter, /*ctrl=*/true);
  REQUIRE(state.composer_error);
  CHECK(state.composer_error.code == ErrorCode::invalid_url);
  CHECK(state.composer_error.offset == 10);
  CHECK_FALSE(state.composer_error.message.empty());
  CHECK(state.url == "http://exa mple.com/");
  CHECK(state.body == "draft body");
  platform.with_exchange(state.id, [](const ExchangeLog* log) { CHECK(log == nullptr); });

  state.url = "ftp://example.com/";
  ui::send(state, platform);
  CHECK(state.composer_error.code == ErrorCode::unsupported_scheme);
}

TEST_CASE("Esc cancels a request that waits for a silent server", "[ui][integration]") {
  // A listener that never accepts: the kernel completes the handshake, no byte ever comes.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);

  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/";
  ui::send(state, platform);
  // Wait until it is waiting for the first byte, drawing frames all along.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  Phase phase = Phase::idle;
  while (phase != Phase::waiting && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { phase = log ? log->phase : Phase::idle; });
  }
  REQUIRE(phase == Phase::waiting);
  gui.press(state, platform, ImGuiKey_Escape, /*ctrl=*/false);
  ExchangeLog log = frames_until_finished(gui, state, platform);
  CHECK(log.phase == Phase::cancelled);
  CHECK(log.error.code == ErrorCode::cancelled);
  REQUIRE(state.history.entries.size() == 1);
  CHECK(state.history.entries[0].outcome == "cancelled");
  CHECK(state.history.entries[0].failed);
  CHECK(log.bytes_sent.rfind("GET / HTTP/1.1\r\n", 0) == 0);  // what was sent is kept
  ::close(fd);
}

TEST_CASE("a large response is drawn in every tab while it arrives", "[ui][integration][large]") {
  // 8 MiB of short lines from cpp-httplib, chunked: the views index it as it grows.
  httplib::Server server;
  std::string line(63, 'x');
  line += '\n';
  server.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [&](std::size_t offset, httplib::DataSink& sink) {
      for (int i = 0; i < 1024; ++i) sink.write(line.data(), line.size());
      if (offset + 1024 * line.size() >= 8u * 1024 * 1024) sink.done();
      return true;
    });
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  struct Stop {
    httplib::Server& s;
    std::thread& t;
    ~Stop() {
      // stop() is ignored until the server runs (cpp-httplib 0.11): wait for it first.
      while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      s.stop();
      t.join();
    }
  } stop{server, thread};

  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(port) + "/big";
  ui::send(state, platform);
  ExchangeLog log = frames_until_finished(gui, state, platform);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.body().size() == 8u * 1024 * 1024);
  CHECK(state.body_view.lines.line_count() == 8u * 1024 * 1024 / 64);
  CHECK(state.body_view.lines.line(log.body(), 5) == line);
}

TEST_CASE("Ctrl+F finds in the body as the user types", "[ui][integration][find]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(status.hello_port));
  ui::send(state, platform);
  frames_until_finished(gui, state, platform);

  gui.press_index(state, platform, ui::keys::kF, /*ctrl=*/true);
  CHECK(state.body_view.mode == ui::BodyViewState::Mode::text);
  gui.frame(state, platform);  // the find field takes the keyboard focus
  for (char c : std::string("world")) ImGui::GetIO().AddInputCharacter(c);
  gui.frame(state, platform);
  gui.frame(state, platform);
  CHECK(state.body_view.find == "world");
  CHECK(state.body_view.matches == std::vector<std::size_t>{7});  // "Hello, World!"
  CHECK(state.url == "http://127.0.0.1:" + std::to_string(status.hello_port) + "/");  // typed into find, not the URL
}

TEST_CASE("a JSON response opens as a tree, in document order", "[ui][integration][json]") {
  httplib::Server server;
  server.Get("/json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"zeta": 1, "alpha": {"list": [1, 2, 3]}, "name": "wirepad"})", "application/json");
  });
  server.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"zeta": 1,)", "application/json");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  struct Stop {
    httplib::Server& s;
    std::thread& t;
    ~Stop() {
      // stop() is ignored until the server runs (cpp-httplib 0.11): wait for it first.
      while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      s.stop();
      t.join();
    }
  } stop{server, thread};

  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(port) + "/json";
  ui::send(state, platform);
  frames_until_finished(gui, state, platform);
  REQUIRE(state.body_view.json);
  CHECK(state.body_view.json_note.empty());

  state.url = "http://127.0.0.1:" + std::to_string(port) + "/broken";
  ui::send(state, platform);
  frames_until_finished(gui, state, platform);
  CHECK_FALSE(state.body_view.json);
  CHECK(state.body_view.json_note.find("is not") != std::string::npos);
}

TEST_CASE("the socket panel talks to the lab TCP echo server step by step", "[ui][integration][socket]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.tcp_echo_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.mode = ui::Mode::socket;
  state.select_mode = true;
  state.socket.port = status.tcp_echo_port;
  gui.frame(state, platform);

  auto frames_until = [&](auto done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool ok = false;
    while (!ok && std::chrono::steady_clock::now() < deadline) {
      gui.frame(state, platform);
      platform.with_socket([&](const SocketLog* log) { ok = log && done(*log); });
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return ok;
  };
  ui::socket_connect(state, platform);
  REQUIRE(frames_until([](const SocketLog& log) { return log.state == SocketState::open; }));

  state.socket.payload = "48 69 0d 0a";  // "Hi\r\n" typed as hex
  state.socket.format = PayloadFormat::hex;
  ui::socket_send(state, platform);
  state.socket.expect = "48 69";
  ui::socket_expect(state, platform);
  bool echoed = frames_until([](const SocketLog& log) { return log.idle_between_steps() && log.bytes_received == 4; });
  platform.with_socket([](const SocketLog* log) {
    for (const auto& e : log->transcript) UNSCOPED_INFO(int(e.kind) << " " << e.text << " [" << e.bytes << "]");
    UNSCOPED_INFO("state " << to_string(log->state) << " steps " << log->steps_done << "/" << log->steps_queued);
  });
  REQUIRE(echoed);
  CHECK_FALSE(state.socket.error);

  state.socket.payload = "4";  // half a hex byte: refused before anything is sent
  ui::socket_send(state, platform);
  CHECK(state.socket.error.code == ErrorCode::invalid_request);
  CHECK(state.socket.error.message.find("one digit") != std::string::npos);

  state.socket.hex_view = true;
  ui::socket_close(state, platform);
  REQUIRE(frames_until([](const SocketLog& log) { return log.finished(); }));
  platform.with_socket([](const SocketLog* log) {
    REQUIRE(log);
    CHECK(log->state == SocketState::closed);
    CHECK(log->bytes_sent == 4);
    CHECK_FALSE(log->error);
  });
}

TEST_CASE("a gzip body is shown decoded, with the sizes and a switch to the encoded bytes", "[ui][integration][content]") {
  // cpp-httplib serves text gzipped by zlib itself (a real encoder, RFC 1952 framing).
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "line " + std::to_string(i) + " of a gzip body\n";
  std::string gz(compressBound(uLong(text.size())) + 64, '\0');
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(text.data());
  z.avail_in = uInt(text.size());
  z.next_out = reinterpret_cast<Bytef*>(gz.data());
  z.avail_out = uInt(gz.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  gz.resize(z.total_out);
  deflateEnd(&z);

  httplib::Server server;
  server.Get("/gz", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gz, "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  struct Stop {
    httplib::Server& s;
    std::thread& t;
    ~Stop() {
      while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      s.stop();
      t.join();
    }
  } stop{server, thread};

  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  state.url = "http://127.0.0.1:" + std::to_string(port) + "/gz";
  ui::send(state, platform);
  ExchangeLog log = frames_until_finished(gui, state, platform);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.body() == gz);
  CHECK(ui::shown_body(state.body_view, log) == text);
  CHECK(state.body_view.lines.line_count() == 1000);
  CHECK(state.body_view.lines.line(text, 7) == "line 7 of a gzip body\n");
  CHECK(ui::decoding_summary(log) ==
        "decoded from gzip: " + ui::group_digits(gz.size()) + " -> " + ui::group_digits(text.size()) + " bytes");

  state.body_view.show_encoded = true;  // the "Show encoded bytes" checkbox
  gui.frame(state, platform);
  CHECK(ui::shown_body(state.body_view, log) == gz);
  CHECK(state.body_view.lines.line_count() != 1000);  // the index now covers the encoded bytes
}

TEST_CASE("sizes in the decoding line have their digits grouped", "[ui][content]") {
  CHECK(ui::group_digits(0) == "0");
  CHECK(ui::group_digits(999) == "999");
  CHECK(ui::group_digits(1234) == "1,234");
  CHECK(ui::group_digits(1234567) == "1,234,567");
}

TEST_CASE("tabs run their exchanges side by side: a send in one tab leaves another's running", "[ui][integration]") {
  LabServers lab;
  LabStatus status = lab.start(any_ports());
  REQUIRE(status.hello_port > 0);
  native::ChaosServer chaos;
  REQUIRE(chaos.start(0));
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ui::ensure_tabs(state);
  const int first_tab = state.id;
  state.url = "http://127.0.0.1:" + std::to_string(chaos.port()) + "/never-ending-body";
  ui::send(state, platform);
  // Until some of the endless body has arrived.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::size_t received = 0;
  while (received < 100000 && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(state.id, [&](const ExchangeLog* log) { received = log ? log->bytes_received.size() : 0; });
  }
  REQUIRE(received >= 100000);

  // A second tab sends and gets its answer while the first keeps receiving.
  ui::new_tab(state, ui::hello_experiment(status.hello_port));
  REQUIRE(state.id != first_tab);
  const int second_tab = state.id;
  ui::send(state, platform);
  ExchangeLog second = frames_until_finished(gui, state, platform);
  CHECK(second.response.status == 200);
  gui.frames(state, platform, 2);
  REQUIRE(state.history.entries.size() == 1);  // the second; the first is still running
  CHECK(state.history.entries[0].outcome == "200 OK");
  REQUIRE(state.kept_log);
  CHECK(state.kept_log->body() == "Hello, World!");
  // The first tab's body keeps arriving (16 KiB every 10 ms) while the second tab is in front.
  std::size_t later = 0;
  bool first_running = false;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (later < received + 100000 && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(first_tab, [&](const ExchangeLog* log) {
      first_running = log && !log->finished();
      later = log ? log->bytes_received.size() : 0;
    });
  }
  CHECK(first_running);
  CHECK(later >= received + 100000);

  // Back in the first tab, Esc cancels its exchange (only its own): kept with what it received.
  ui::bring_forward(state, 0);
  REQUIRE(state.id == first_tab);
  gui.frame(state, platform);
  gui.press(state, platform, ImGuiKey_Escape, false);
  gui.frames(state, platform, 3);
  REQUIRE(state.history.entries.size() == 2);
  const ui::HistoryEntry& first = state.history.entries[0];
  CHECK(first.outcome == "cancelled");
  REQUIRE(first.log);
  CHECK_THAT(first.log->error.message, Catch::StartsWith("cancelled by the user"));
  CHECK(first.log->received_size() >= later);
  REQUIRE(state.kept_log);
  CHECK(state.kept_log->phase == Phase::cancelled);
  ui::TabState* tab = ui::find_tab(state, second_tab);
  REQUIRE(tab);
  REQUIRE(tab->kept_log);
  CHECK(tab->kept_log->response.status == 200);  // untouched by the first tab's cancel

  // Closing a tab drops its exchange.
  ui::close_tab(state, 1);
  gui.frame(state, platform);
  CHECK(state.runs.count(second_tab) == 0);
  platform.with_exchange(second_tab, [](const ExchangeLog* log) { CHECK(log == nullptr); });

  // Closing a tab whose exchange is running cancels it and keeps what it received.
  ui::send(state, platform);  // the first tab, the endless body again
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  received = 0;
  while (received < 50000 && std::chrono::steady_clock::now() < deadline) {
    gui.frame(state, platform);
    platform.with_exchange(first_tab, [&](const ExchangeLog* log) { received = log ? log->bytes_received.size() : 0; });
  }
  REQUIRE(received >= 50000);
  ui::new_tab(state, ui::hello_experiment(status.hello_port));  // so that closing leaves a tab
  ui::close_tab(state, 0);
  gui.frame(state, platform);
  CHECK(state.runs.count(first_tab) == 0);
  REQUIRE(state.history.entries.size() == 3);
  CHECK(state.history.entries[0].outcome == "cancelled");
  REQUIRE(state.history.entries[0].log);
  CHECK_THAT(state.history.entries[0].log->error.message, Catch::StartsWith("cancelled by closing its tab"));
  CHECK(state.history.entries[0].log->received_size() >= received);
}
