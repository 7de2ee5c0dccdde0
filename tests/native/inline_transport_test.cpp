// PosixTransport's inline mode (what BlockingHttpClient and perform_blocking use): no worker
// thread; every event is delivered on the thread that calls run_until(), and it returns as
// soon as the caller's condition holds. Against the lab's hello server on loopback. (Reuse
// of kept-alive connections in this mode: keepalive_test.cpp, through BlockingHttpClient.)
#include <catch2/catch.hpp>

#include <mutex>
#include <set>
#include <thread>

#include "native/lab_servers.h"
#include "native/posix_transport.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

struct Lab {
  LabServers servers;
  LabStatus status;
  Lab() {
    LabOptions o;
    o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
    status = servers.start(o);
  }
};

// Sends one GET once connected and records which threads delivered the events.
struct Recorder : ConnectionEvents {
  Connection* connection = nullptr;
  std::set<std::thread::id> threads;
  std::string received;
  bool connected = false, closed = false;
  Error error;
  void note() { threads.insert(std::this_thread::get_id()); }
  void on_resolved(const std::string&, double) override { note(); }
  void on_connected(double) override {
    note();
    connected = true;
    connection->send("GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n");
  }
  void on_secured(const TlsFacts&, double) override { note(); }
  void on_data(std::string_view bytes, double) override {
    note();
    received += bytes;
  }
  void on_closed(double) override {
    note();
    closed = true;
  }
  void on_error(const Error& e, double) override {
    note();
    error = e;
  }
  double next_deadline() const override { return -1; }
  void on_tick(double) override {}
};

}  // namespace

TEST_CASE("inline transport: every event arrives on the thread that drives it", "[transport][inline]") {
  Lab lab;
  REQUIRE(lab.status.hello_port > 0);
  auto lock = std::make_shared<std::mutex>();
  PosixTransport transport(lock, {}, PosixTransport::Mode::inline_poll);
  Recorder recorder;
  Endpoint endpoint;
  endpoint.host = "127.0.0.1";
  endpoint.port = static_cast<std::uint16_t>(lab.status.hello_port);
  std::unique_ptr<Connection> connection;
  {
    std::lock_guard<std::mutex> hold(*lock);
    connection = transport.open(endpoint, recorder);
    recorder.connection = connection.get();
  }
  CHECK(recorder.threads.empty());  // open() starts nothing by itself
  transport.run_until([&] {
    std::lock_guard<std::mutex> hold(*lock);
    return recorder.closed || bool(recorder.error);
  });
  CHECK_FALSE(recorder.error);
  CHECK(recorder.connected);
  CHECK(recorder.closed);
  CHECK(recorder.received.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  REQUIRE(recorder.threads.size() == 1);
  CHECK(*recorder.threads.begin() == std::this_thread::get_id());
  std::lock_guard<std::mutex> hold(*lock);
  connection->close();
}
