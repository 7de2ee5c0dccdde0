// tests/relay: the limits, the port and host lists, broadcast, the default bind and the log
// file, each tried for real against a running relay: every refusal is asserted with its message.
#include "native/relay_pairing.h"
#include "relay_test_support.h"
#include "shared/address_policy.h"

using namespace relay_test;
using wirepad::native::ServeOptions;

namespace {

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";
  return o;
}

// The relay's last words on a connection: the `error` frame, then the close.
json expect_error_then_close(PageClient& page) {
  json reply = page.read_json();
  CHECK(reply["op"] == "error");
  Frame after = page.read();
  CHECK(after.closed);
  return reply;
}

wirepad::HostRule rule(const std::string& text) {
  auto r = wirepad::parse_host_rule(text);
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("limits: connections per page", "[relay][limits]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  o.max_connections_per_page = 2;
  RunningServe serve(o);
  PageClient a(serve), b(serve);
  REQUIRE(a.connect("127.0.0.1", echo.port())["op"] == "connected");
  PageClient third(serve);  // the upgrade succeeds so that the page can read why
  json reply = expect_error_then_close(third);
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "This page already has 2 connections open through the relay, its limit per page "
                            "(--max-connections-per-page); close some and retry.");
  // Another page (a paired Origin) has its own budget.
  auto paired = http_post(serve.port(), "/pair", serve.host(), "http://127.0.0.1:8000", serve.server->pairing_code());
  REQUIRE(paired.result_int() == 200);
  PageClient other(serve.port(), json::parse(paired.body())["token"].get<std::string>(), "http://127.0.0.1:8000");
  CHECK(other.connect("127.0.0.1", echo.port())["op"] == "connected");
  // A slot frees when a connection ends.
  a.ws.close(websocket::close_code::normal);
  bool admitted = false;
  for (int i = 0; i < 100 && !admitted; ++i) {
    PageClient again(serve);
    json r = again.connect("127.0.0.1", echo.port());
    admitted = r["op"] == "connected";
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(admitted);
  CHECK_FALSE(serve.wait_for_log_containing("its limit per page").empty());
}

TEST_CASE("limits: connections in total", "[relay][limits]") {
  ServeOptions o = relay_options();
  o.max_relay_connections = 2;
  RunningServe serve(o);
  PageClient a(serve), b(serve);
  PageClient third(serve);
  json reply = expect_error_then_close(third);
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "The relay already carries 2 connections, its limit (--max-connections); close some and retry.");
}

TEST_CASE("limits: bytes per connection", "[relay][limits]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  o.max_bytes_per_connection = 1000;
  RunningServe serve(o);
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  page.send_binary(std::string(400, 'a'));
  CHECK(page.read_bytes(400) == std::string(400, 'a'));  // 800 bytes moved: under the limit
  page.send_binary(std::string(400, 'b'));               // 1200 would be over it
  json reply = expect_error_then_close(page);
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "This connection reached the relay's limit of 1000 bytes (sent and received together, --max-bytes); "
                            "the relay closed it.");
  CHECK_FALSE(serve.wait_for_log_containing("up=400B down=400B").empty());
}

TEST_CASE("limits: a frame bigger than max_frame", "[relay][limits]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  o.max_frame = 1024;
  RunningServe serve(o);
  const std::string expected = "A message from the page had more than 1024 bytes, the relay's limit (--max-frame); the relay "
                               "closed the connection.";
  SECTION("after connected") {
    PageClient page(serve);
    REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
    page.send_binary(std::string(1024, 'x'));  // exactly the limit passes
    CHECK(page.read_bytes(1024) == std::string(1024, 'x'));
    page.send_binary(std::string(1024 * 1024, 'y'));
    json reply = expect_error_then_close(page);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"] == expected);
    CHECK_FALSE(serve.wait_for_log_containing("up=1024B").empty());  // none of the big frame went out
  }
  SECTION("as the connect request") {
    PageClient page(serve);
    page.send_text("{\"op\":\"connect\",\"host\":\"" + std::string(2000, 'a') + "\",\"port\":80}");
    json reply = expect_error_then_close(page);
    CHECK(reply["message"] == expected);
  }
}

TEST_CASE("limits: idle and total lifetime", "[relay][limits]") {
  TcpEchoServer echo;
  SECTION("idle") {
    ServeOptions o = relay_options();
    o.idle_timeout = 0.3;
    RunningServe serve(o);
    PageClient page(serve);
    REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
    json reply = expect_error_then_close(page);
    CHECK(reply["code"] == "idle_timeout");
    CHECK(reply["message"] == "No bytes moved in either direction for 0.3 s; the relay closed the connection.");
  }
  SECTION("lifetime, even while busy") {
    ServeOptions o = relay_options();
    o.max_lifetime = 0.5;
    RunningServe serve(o);
    PageClient page(serve);
    REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
    auto started = std::chrono::steady_clock::now();
    json reply;
    for (int i = 0; i < 100; ++i) {  // traffic every 50 ms keeps it from being idle
      page.send_binary("tick");
      Frame f = page.read();
      if (f.text) {
        reply = json::parse(f.data);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    auto lived = std::chrono::steady_clock::now() - started;
    CHECK(reply["op"] == "error");
    CHECK(reply["code"] == "total_timeout");
    CHECK(reply["message"] == "This connection reached the relay's lifetime limit of 0.5 s (--max-lifetime); the relay closed it.");
    CHECK(lived >= std::chrono::milliseconds(400));
    CHECK(lived < std::chrono::seconds(3));
  }
}

TEST_CASE("policy: port lists", "[relay][policy]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  SECTION("a denied port") {
    o.policy.deny_ports = {{25, 25}, {6000, 6063}};
    RunningServe serve(o);
    PageClient page(serve);
    json reply = page.connect("127.0.0.1", 25);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"] == "The relay refuses port 25: its policy denies ports 25,6000-6063 (--deny-port or the policy file).");
    CHECK(page.read().closed);
    CHECK_FALSE(serve.wait_for_log_containing("target=tcp 127.0.0.1:25 address=- ").empty());
  }
  SECTION("a port not in the allowed list") {
    o.policy.allow_ports = {{echo.port(), echo.port()}};
    RunningServe serve(o);
    PageClient refused(serve);
    std::uint16_t other = std::uint16_t(echo.port() == 65535 ? 1 : echo.port() + 1);
    json reply = refused.connect("127.0.0.1", other);
    CHECK(reply["message"] == "The relay refuses port " + std::to_string(other) + ": its policy allows only ports " +
                                  std::to_string(echo.port()) + " (add one with --allow-port).");
    PageClient allowed(serve);
    CHECK(allowed.connect("127.0.0.1", echo.port())["op"] == "connected");
  }
}

TEST_CASE("policy: host lists", "[relay][policy]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  SECTION("a denied name is never looked up") {
    o.policy.deny_hosts = {rule("LocalHost.")};
    RunningServe serve(o);
    PageClient page(serve);
    json reply = page.connect("localhost", echo.port());
    CHECK(reply["message"] == "The relay refuses localhost:" + std::to_string(echo.port()) +
                                  ": its policy denies hosts matching 'LocalHost.' (--deny-host or the policy file).");
    CHECK(reply["code"] == "relay_refused");
  }
  SECTION("a denied network") {
    o.policy.deny_hosts = {rule("127.0.0.0/8")};
    RunningServe serve(o);
    PageClient page(serve);
    json reply = page.connect("127.0.0.1", echo.port());
    CHECK(reply["message"] == "The relay refuses 127.0.0.1: its policy denies hosts matching '127.0.0.0/8' (--deny-host or the policy file).");
  }
  SECTION("only allowed hosts") {
    o.policy.allow_hosts = {rule("localhost")};
    RunningServe serve(o);
    PageClient refused(serve);
    json reply = refused.connect("127.0.0.1", echo.port());
    CHECK(reply["message"] == "The relay refuses 127.0.0.1:" + std::to_string(echo.port()) +
                                  ": its policy allows only hosts localhost (add one with --allow-host).");
    PageClient allowed(serve);
    CHECK(allowed.connect("localhost", echo.port())["op"] == "connected");
  }
}

TEST_CASE("policy: UDP broadcast and multicast need --allow-broadcast, TCP never", "[relay][policy]") {
  RunningServe serve(relay_options());
  PageClient broadcast(serve);
  json reply = broadcast.connect("255.255.255.255", 9, "udp");
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "The relay refuses 255.255.255.255: it is a broadcast address, which would reach every host on the "
                            "network; restart with `wirepad serve --allow-broadcast` to allow UDP to it.");
  PageClient multicast(serve);
  CHECK(multicast.connect("239.1.2.3", 9, "udp")["message"].get<std::string>().find("it is a multicast address") != std::string::npos);
  PageClient tcp(serve);
  CHECK(tcp.connect("224.0.0.1", 9)["message"] ==
        "The relay refuses 224.0.0.1: it is a multicast address; the relay connects to one host at a time, and TCP cannot reach more "
        "than one host.");
}

TEST_CASE("serve: listens on 127.0.0.1 and ::1 by default, elsewhere only with a warning", "[relay][http]") {
  RunningServe serve(relay_options());
  std::string p = std::to_string(serve.port());
  std::string listening = serve.server->listening();
  CHECK(listening.rfind("127.0.0.1:" + p, 0) == 0);
  asio::io_context io;
  tcp::socket v6(io);
  beast::error_code ec;
  v6.connect({asio::ip::make_address("::1"), serve.port()}, ec);
  if (ec) {
    WARN("no IPv6 loopback here (" << ec.message() << "): only 127.0.0.1 checked");
  } else {
    CHECK(listening == "127.0.0.1:" + p + " and [::1]:" + p);
    http::request<http::empty_body> req{http::verb::get, "/relay", 11};
    req.set(http::field::host, "[::1]:" + p);
    http::write(v6, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(v6, buffer, res);
    CHECK(res.result_int() == 426);  // reached, Host accepted
  }
  // Never the wildcard or another interface by default.
  CHECK(listening.find("0.0.0.0") == std::string::npos);
  CHECK(wirepad::native::listen_warning("").empty());
  CHECK(wirepad::native::listen_warning("127.0.0.1").empty());
  CHECK(wirepad::native::listen_warning("::1").empty());
  CHECK(wirepad::native::listen_warning("0.0.0.0").rfind("WARNING: listening on 0.0.0.0 lets other machines reach the page", 0) == 0);
  CHECK_FALSE(wirepad::native::listen_warning("192.0.2.10").empty());
}

TEST_CASE("log: one line per connection, also appended to a file", "[relay][log]") {
  TcpEchoServer echo;
  TempDir dir;
  ServeOptions o = relay_options();
  o.log_file = (dir.path / "relay.log").string();
  RunningServe serve(o);
  {
    PageClient page(serve);
    REQUIRE(page.connect("localhost", echo.port())["op"] == "connected");
    page.send_binary("12345");
    CHECK(page.read_bytes(5) == "12345");
    page.ws.close(websocket::close_code::normal);
  }
  {
    PageClient page(serve);
    page.connect("169.254.169.254", 80);
  }
  (void)upgrade_request(serve.port(), "/relay?token=wrong", serve.host(), serve.origin());
  std::string line = serve.wait_for_log_containing("page closed the WebSocket");
  CHECK(line.find("origin=" + serve.origin() + " target=tcp localhost:" + std::to_string(echo.port()) + " address=") != std::string::npos);
  CHECK(line.find(":" + std::to_string(echo.port()) + " up=5B down=5B duration=") != std::string::npos);
  CHECK_FALSE(serve.wait_for_log_containing("target=tcp 169.254.169.254:80 address=- up=0B down=0B").empty());
  serve.wait_for_log_containing("relay token is wrong");
  std::ifstream in(o.log_file);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(file.find("target=tcp localhost:" + std::to_string(echo.port())) != std::string::npos);
  CHECK(file.find("relay_refused: The relay refuses 169.254.169.254: it is a cloud metadata address") != std::string::npos);
  CHECK(file.find("refused upgrade from Origin '" + serve.origin() + "': The relay token is wrong") != std::string::npos);
  CHECK(std::count(file.begin(), file.end(), '\n') == 3);
}
