// ui/viewer_tabs: the Wire and Layers tabs (and Preview) opened over real exchanges with the
// lab servers and cpp-httplib, drawn through ImGui frames with no window, the real
// NativePlatform underneath.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <imgui.h>
#include <sstream>
#include <thread>

#include "native/lab_servers.h"
#include "native/native_platform.h"
#include "ui/app.h"
#include "headless_imgui.h"
#include "ui/layers_view.h"
#include "ui/viewers.h"
#include "ui/wire_view.h"

using namespace wirepad;
using namespace wirepad::native;

using wirepad::test::HeadlessImGui;

namespace {

// Sends the composer's request with `tab` brought forward, draws frames until it finished.
ExchangeLog send_and_show(HeadlessImGui& gui, ui::AppState& state, NativePlatform& platform, const std::string& url,
                          const char* tab) {
  state.url = url;
  ui::send(state, platform);
  state.viewers.open_tab = tab;
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
  gui.frame(state, platform);
  gui.frame(state, platform);
  return copy;
}

LabOptions lab_with_chaos() {
  LabOptions o;
  o.hello_port = 0;
  o.tcp_echo_port = 0;
  o.udp_echo_port = 0;
  o.chaos_port = 0;
  return o;
}

std::vector<WirePart> parts(const ui::WireStream& stream) {
  std::vector<WirePart> out;
  for (const WireSegment& s : stream.segments) out.push_back(s.part);
  return out;
}

}  // namespace

TEST_CASE("the Wire tab labels the exchange with the lab servers", "[ui][integration][wire]") {
  LabServers lab;
  LabStatus status = lab.start(lab_with_chaos());
  REQUIRE(status.hello_port > 0);
  REQUIRE(status.chaos_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;

  send_and_show(gui, state, platform, "http://127.0.0.1:" + std::to_string(status.hello_port) + "/", "Wire");
  const ui::WireViewState& wire = state.viewers.wire;
  REQUIRE(wire.generation == state.generation);  // the tab was drawn for this exchange
  REQUIRE_FALSE(wire.sent.segments.empty());
  CHECK(wire.sent.segments.front().part == WirePart::request_line);
  CHECK(wire.sent.segments.back().part == WirePart::blank_line);
  REQUIRE_FALSE(wire.received.segments.empty());
  CHECK(wire.received.segments.front().part == WirePart::status_line);
  CHECK(wire.received.segments.back().part == WirePart::body);
  CHECK(wire.leniencies == 0);

  const std::string chaos = "http://127.0.0.1:" + std::to_string(status.chaos_port);
  SECTION("interim responses") {
    send_and_show(gui, state, platform, chaos + "/interim-then-ok", "Wire");
    auto p = parts(state.viewers.wire.received);
    CHECK(std::count(p.begin(), p.end(), WirePart::interim_status_line) == 2);
    CHECK(std::count(p.begin(), p.end(), WirePart::status_line) == 1);
  }
  SECTION("bare LF is highlighted on each line") {
    ExchangeLog log = send_and_show(gui, state, platform, chaos + "/bare-lf", "Wire");
    CHECK(log.body() == "hello");
    CHECK(state.viewers.wire.leniencies == 4);  // status line, 2 headers, blank line
  }
  SECTION("obsolete line folding") {
    send_and_show(gui, state, platform, chaos + "/obs-fold", "Wire");
    auto p = parts(state.viewers.wire.received);
    CHECK(std::count(p.begin(), p.end(), WirePart::obs_fold) == 1);
    CHECK(state.viewers.wire.leniencies >= 1);
  }
}

TEST_CASE("the Wire tab frames a chunked response from cpp-httplib", "[ui][integration][wire]") {
  httplib::Server server;
  server.Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [](std::size_t offset, httplib::DataSink& sink) {
      if (offset < 3000) sink.write(std::string(1000, 'a' + char(offset / 1000)).data(), 1000);
      else sink.done();
      return true;
    });
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
  ExchangeLog log = send_and_show(gui, state, platform, "http://127.0.0.1:" + std::to_string(port) + "/chunked", "Wire");
  REQUIRE(log.body().size() == 3000);
  auto p = parts(state.viewers.wire.received);
  CHECK(std::count(p.begin(), p.end(), WirePart::chunk_size) == 3);
  CHECK(std::count(p.begin(), p.end(), WirePart::chunk_data) == 3);
  CHECK(std::count(p.begin(), p.end(), WirePart::last_chunk) == 1);
  CHECK(p.back() == WirePart::blank_line);
  std::size_t data = 0;
  for (const WireSegment& s : state.viewers.wire.received.segments)
    if (s.part == WirePart::chunk_data) data += s.size;
  CHECK(data == 3000);
}

TEST_CASE("the Layers tab models the exchange and saves it as a pcap", "[ui][integration][layers]") {
  LabServers lab;
  LabOptions options = lab_with_chaos();
  options.chaos_port = -1;
  LabStatus status = lab.start(options);
  REQUIRE(status.hello_port > 0);
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  std::string saved_name, saved_bytes;
  state.viewers.services.save_file = [&](const std::string& name, std::string_view bytes) {
    saved_name = name;
    saved_bytes = std::string(bytes);
    return Error{};
  };
  ExchangeLog log =
      send_and_show(gui, state, platform, "http://127.0.0.1:" + std::to_string(status.hello_port) + "/", "Layers");
  const LayerModel& m = state.viewers.layers.model;
  REQUIRE(state.viewers.layers.generation == state.generation);
  REQUIRE(m.segments.size() >= 7);  // SYN, SYN-ACK, ACK, request, response, FINs, ACKs
  CHECK(m.segments[0].label == "SYN");
  CHECK(m.segments[1].label == "SYN, ACK");
  CHECK(m.application.total_bytes == log.bytes_sent.size() + log.bytes_received.size());
  CHECK(m.transport_layer.header_bytes > 0);

  ui::save_layers_pcap(state.viewers.layers, state.viewers.services, log);
  CHECK(saved_name == state.viewers.layers.pcap_path);
  REQUIRE(saved_bytes.size() > 24);
  CHECK(static_cast<unsigned char>(saved_bytes[0]) == 0xd4);  // a1b2c3d4, little-endian
  CHECK(saved_bytes.find("Hello, World!") != std::string::npos);  // the payload is in it
  CHECK_FALSE(state.viewers.layers.save_failed);
}

TEST_CASE("the Preview tab indents HTML and decodes a PNG from cpp-httplib", "[ui][integration][preview]") {
  // A 3 x 2 RGBA PNG (red, green, half-transparent blue), made with zlib.
  static const char png[] =
      "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x03\x00\x00\x00\x02\x08\x06\x00"
      "\x00\x00\x9d\x74\x66\x1a\x00\x00\x00\x14\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf\xc0\xf0\x1f\x0c\x19\xfe\x37\x30"
      "\x20\x73\x00\x8e\x13\x0a\xf7\xb6\xd3\xd4\x50\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
  httplib::Server server;
  server.Get("/page", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><head><title>T</title></head><body><p>x</body></html>", "text/html; charset=utf-8");
  });
  server.Get("/image.png", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(png, sizeof png - 1), "image/png");
  });
  server.Get("/broken.png", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(png, 40), "image/png");
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
  const std::string base = "http://127.0.0.1:" + std::to_string(port);

  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  // No GL here: the "texture" records what would be uploaded.
  std::vector<unsigned char> uploaded;
  int uploads = 0, frees = 0;
  state.viewers.services.upload_texture = [&](const unsigned char* rgba, int w, int h) -> void* {
    uploaded.assign(rgba, rgba + w * h * 4);
    ++uploads;
    return reinterpret_cast<void*>(std::intptr_t(uploads));
  };
  state.viewers.services.free_texture = [&](void*) { ++frees; };

  send_and_show(gui, state, platform, base + "/page", "Preview");
  const ui::PreviewViewState& preview = state.viewers.preview;
  CHECK(preview.kind == "html");
  CHECK(preview.pretty ==
        "<html>\n  <head>\n    <title>T</title>\n  </head>\n  <body>\n    <p>\n      x\n  </body>\n</html>\n");

  send_and_show(gui, state, platform, base + "/image.png", "Preview");
  CHECK(preview.kind == "image");
  CHECK(preview.image_width == 3);
  CHECK(preview.image_height == 2);
  REQUIRE(uploaded.size() == 3 * 2 * 4);
  CHECK(uploaded[0] == 255);   // red
  CHECK(uploaded[5] == 255);   // green
  CHECK(uploaded[10] == 255);  // blue
  CHECK(uploaded[11] == 128);  // half transparent
  CHECK(uploads == 1);

  send_and_show(gui, state, platform, base + "/broken.png", "Preview");
  CHECK(frees == 1);  // the previous exchange's texture was released
  CHECK(preview.texture == nullptr);
  CHECK(preview.image_note.find("PNG could not be decoded") != std::string::npos);
}

TEST_CASE("the Wire tab stays exact while a large chunked response arrives", "[ui][integration][wire][large]") {
  // 4 MiB of short lines, chunked by cpp-httplib, with the Wire tab open all along.
  httplib::Server server;
  std::string line(63, 'x');
  line += '\n';
  server.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [&](std::size_t offset, httplib::DataSink& sink) {
      for (int i = 0; i < 1024; ++i) sink.write(line.data(), line.size());
      if (offset + 1024 * line.size() >= 4u * 1024 * 1024) sink.done();
      return true;
    });
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
  ExchangeLog log = send_and_show(gui, state, platform, "http://127.0.0.1:" + std::to_string(port) + "/big", "Wire");
  REQUIRE(log.body().size() == 4u * 1024 * 1024);
  const ui::WireStream& received = state.viewers.wire.received;
  std::size_t covered = 0, data = 0;
  for (const WireSegment& s : received.segments) {
    CHECK(s.offset == covered);
    covered += s.size;
    if (s.part == WirePart::chunk_data) data += s.size;
    CHECK_FALSE(s.incomplete);
  }
  CHECK(covered == log.bytes_received.size());
  CHECK(data == log.body().size());
  CHECK(received.segments.back().part == WirePart::blank_line);
  // Every body line is a row of its own (plus one per head and chunk framing line).
  CHECK(received.first_row.back() >= 4u * 1024 * 1024 / 64);
  // Rows counted frame by frame as the chunks arrived (kept for segments already seen) equal
  // rows counted once over the whole response.
  ui::WireViewState whole;
  ui::update_wire_view(whole, log, 1);
  CHECK(whole.received.first_row == received.first_row);
}

TEST_CASE("the Preview tab is made for a body that ends when the connection closes", "[ui][integration][preview]") {
  // A raw server: no Content-Length, no chunks; the body is complete only at close, without
  // growing after its last byte.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(fd, 4) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  std::thread server([fd] {
    int c = ::accept(fd, nullptr, nullptr);
    if (c < 0) return;
    char buffer[4096];
    (void)::recv(c, buffer, sizeof buffer, 0);
    std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<a><b/></a>";
    (void)::send(c, response.data(), response.size(), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // frames see the body before the close
    ::close(c);
  });
  HeadlessImGui gui;
  NativePlatform platform;
  ui::AppState state;
  ExchangeLog log = send_and_show(gui, state, platform, "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/", "Preview");
  server.join();
  ::close(fd);
  CHECK(log.body() == "<a><b/></a>");
  CHECK(state.viewers.preview.kind == "xml");
  CHECK(state.viewers.preview.pretty == "<a>\n  <b/>\n</a>\n");
}
