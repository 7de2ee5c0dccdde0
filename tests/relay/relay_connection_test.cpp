// tests/relay: the relay end to end. A Beast WebSocket client plays the page; the targets are
// real TCP/UDP servers on 127.0.0.1 started by the test.
#include <fcntl.h>

#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;

namespace {
ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";  // the relay does not need the web build
  return o;
}
}  // namespace

TEST_CASE("relay: connect to a TCP echo server and get the bytes back", "[relay][tcp]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  json reply = page.connect("127.0.0.1", echo.port());
  CHECK(reply["op"] == "connected");
  CHECK(reply["address"] == "127.0.0.1:" + std::to_string(echo.port()));
  CHECK(reply["dns_ms"].is_number());
  CHECK(reply["connect_ms"].is_number());
  CHECK(reply["connect_ms"] >= 0.0);
  CHECK(reply["tls_ms"] == 0.0);

  page.send_binary("hello, relay");
  CHECK(page.read_bytes(12) == "hello, relay");
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += char(b);
  page.send_binary(all_bytes);
  CHECK(page.read_bytes(256) == all_bytes);
}

TEST_CASE("relay: 1 MB in uneven pieces comes back whole and in order", "[relay][tcp]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  const std::string data = random_bytes(1 << 20, 42);
  std::vector<std::size_t> sizes{1, 7, 1000, 65535, 65536, 65537, 100000, 3};
  std::string back;
  std::size_t sent = 0, i = 0;
  std::size_t largest_frame = 0;
  while (sent < data.size()) {
    std::size_t n = std::min(sizes[i++ % sizes.size()], data.size() - sent);
    page.send_binary(data.substr(sent, n));
    sent += n;
    while (back.size() < sent) {  // lock-step: read what was echoed so far
      Frame f = page.read();
      REQUIRE_FALSE(f.closed);
      REQUIRE_FALSE(f.text);
      largest_frame = std::max(largest_frame, f.data.size());
      back += f.data;
    }
  }
  CHECK(back.size() == data.size());
  CHECK(back == data);
  CHECK(largest_frame <= 256 * 1024);  // the relay sends at most 256 KiB per frame (one read)
  page.ws.close(websocket::close_code::normal);
  std::string line = serve.wait_for_log_containing("up=1048576B down=1048576B");
  CHECK_FALSE(line.empty());
}

TEST_CASE("relay: a name is resolved by the relay and each address tried in order", "[relay][tcp]") {
  TcpEchoServer echo;  // listens on 127.0.0.1 only; "localhost" may resolve to ::1 first
  RunningServe serve(relay_options());
  PageClient page(serve);
  json reply = page.connect("localhost", echo.port());
  INFO(reply.dump());
  CHECK(reply["op"] == "connected");
  CHECK(reply["address"] == "127.0.0.1:" + std::to_string(echo.port()));
  page.send_binary("by name");
  CHECK(page.read_bytes(7) == "by name");
}

TEST_CASE("relay: a closed port is connect_refused", "[relay][tcp]") {
  RunningServe serve(relay_options());
  PageClient page(serve);
  std::uint16_t port = closed_port();
  json reply = page.connect("127.0.0.1", port);
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "connect_refused");
  CHECK(reply["message"] == "127.0.0.1:" + std::to_string(port) + " refused the connection: nothing is listening on that port.");
  CHECK(page.read().closed);
  CHECK_FALSE(serve.wait_for_log_containing("connect_refused").empty());
}

TEST_CASE("relay: a connect that never completes is connect_timeout", "[relay][tcp]") {
  // A loopback listener that never accepts, its backlog filled: Linux then drops further SYNs,
  // so a new connect hangs without leaving the machine.
  asio::io_context io;
  tcp::acceptor full(io);
  full.open(tcp::v4());
  full.bind({asio::ip::make_address("127.0.0.1"), 0});
  full.listen(0);
  std::vector<std::unique_ptr<tcp::socket>> fillers;
  for (int i = 0; i < 4; ++i) {
    auto s = std::make_unique<tcp::socket>(io);
    s->open(tcp::v4());
    // Raw non-blocking connect: the fillers must not wait for a handshake that never ends.
    ::fcntl(s->native_handle(), F_SETFL, ::fcntl(s->native_handle(), F_GETFL) | O_NONBLOCK);
    tcp::endpoint target(asio::ip::make_address("127.0.0.1"), full.local_endpoint().port());
    (void)::connect(s->native_handle(), target.data(), socklen_t(target.size()));
    fillers.push_back(std::move(s));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  RunningServe serve(relay_options());
  PageClient page(serve);
  page.send_json({{"op", "connect"}, {"host", "127.0.0.1"}, {"port", full.local_endpoint().port()}, {"connect_timeout_ms", 300}});
  auto started = std::chrono::steady_clock::now();
  json reply = page.read_json();
  auto waited = std::chrono::steady_clock::now() - started;
  INFO(reply.dump());
  CHECK(reply["code"] == "connect_timeout");
  CHECK(reply["message"].get<std::string>().find("timed out after 0.3 s") != std::string::npos);
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(3));
}

TEST_CASE("relay: the cloud metadata address is refused by policy before any connect", "[relay][policy]") {
  RunningServe serve(relay_options());
  auto host = GENERATE(as<std::string>{}, "169.254.169.254", "::ffff:169.254.169.254", "[fd00:ec2::254]");
  CAPTURE(host);
  PageClient page(serve);
  auto started = std::chrono::steady_clock::now();
  json reply = page.connect(host, 80);
  auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"].get<std::string>().find("cloud metadata") != std::string::npos);
  CHECK(elapsed < std::chrono::seconds(1));
  CHECK(page.read().closed);
  // "address=-": the relay never chose an address to connect to.
  std::string line = serve.wait_for_log_containing("relay_refused");
  CHECK(line.find("address=- ") != std::string::npos);
}

TEST_CASE("relay: private addresses need allow_private", "[relay][policy]") {
  RunningServe serve(relay_options());
  PageClient page(serve);
  json reply = page.connect("10.0.0.1", 80);
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] ==
        "The relay refuses 10.0.0.1: it is a private network address; restart with `wirepad serve --allow-private` to "
        "let the relay reach your local network.");
  CHECK(page.read().closed);
  PageClient page2(serve);
  CHECK(page2.connect("fe80::1", 80)["code"] == "relay_refused");
  PageClient page3(serve);
  CHECK(page3.connect("0.0.0.0", 80)["code"] == "relay_refused");
}

TEST_CASE("relay: the peer closing is reported as closed after its last bytes", "[relay][tcp]") {
  OneShotTcpServer peer([](tcp::socket& s) {
    asio::write(s, asio::buffer(std::string("bye")));
    s.close();
  });
  RunningServe serve(relay_options());
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", peer.port())["op"] == "connected");
  CHECK(page.read_bytes(3) == "bye");
  json closed = page.read_json();
  CHECK(closed == json{{"op", "closed"}});
  CHECK(page.read().closed);  // then a normal WebSocket close
  CHECK(page.ws.reason().code == websocket::close_code::normal);
  std::string line = serve.wait_for_log_containing("closed by the peer");
  CHECK(line.find("origin=" + serve.origin()) != std::string::npos);
  CHECK(line.find("target=tcp 127.0.0.1:" + std::to_string(peer.port())) != std::string::npos);
  CHECK(line.find("down=3B") != std::string::npos);
}

TEST_CASE("relay: the page closing the WebSocket closes the target socket", "[relay][tcp]") {
  std::promise<std::pair<std::string, bool>> seen;
  auto seen_future = seen.get_future();
  OneShotTcpServer peer([&seen](tcp::socket& s) { seen.set_value(read_until_eof(s)); });
  RunningServe serve(relay_options());
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", peer.port())["op"] == "connected");
  page.send_binary("last words");
  page.ws.close(websocket::close_code::normal);
  REQUIRE(seen_future.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  auto [got, clean] = seen_future.get();
  CHECK(got == "last words");
  CHECK(clean);
  CHECK_FALSE(serve.wait_for_log_containing("page closed the WebSocket").empty());
}

TEST_CASE("relay: a shutdown request half-closes so the peer can answer after EOF", "[relay][tcp]") {
  OneShotTcpServer peer([](tcp::socket& s) {
    auto [got, clean] = read_until_eof(s);
    asio::write(s, asio::buffer("got " + std::to_string(got.size()) + (clean ? " bytes then EOF" : " bytes then error")));
    s.close();
  });
  RunningServe serve(relay_options());
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", peer.port())["op"] == "connected");
  page.send_binary("12345");
  page.send_json({{"op", "shutdown"}});
  CHECK(page.read_bytes(20) == "got 5 bytes then EOF");
  CHECK(page.read_json()["op"] == "closed");
}

TEST_CASE("relay: a bad first message is an error and then the WebSocket closes", "[relay][protocol]") {
  RunningServe serve(relay_options());
  SECTION("not JSON") {
    PageClient page(serve);
    page.send_text("hello?");
    json reply = page.read_json();
    CHECK(reply["op"] == "error");
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"].get<std::string>().find("must be JSON") != std::string::npos);
    CHECK(page.read().closed);
  }
  SECTION("binary first frame") {
    PageClient page(serve);
    page.send_binary("GET / HTTP/1.1\r\n\r\n");
    json reply = page.read_json();
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"].get<std::string>().find("text frame") != std::string::npos);
    CHECK(page.read().closed);
  }
  SECTION("wrong op") {
    PageClient page(serve);
    page.send_json({{"op", "listen"}, {"host", "127.0.0.1"}, {"port", 80}});
    CHECK(page.read_json()["code"] == "relay_refused");
    CHECK(page.read().closed);
  }
  SECTION("bad port") {
    PageClient page(serve);
    page.send_json({{"op", "connect"}, {"host", "127.0.0.1"}, {"port", 70000}});
    json reply = page.read_json();
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"] == "\"port\" must be an integer from 1 to 65535.");
  }
}

TEST_CASE("relay: text frames after connected are refused", "[relay][protocol]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  page.send_text("not bytes");
  json reply = page.read_json();
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "relay_refused");
  CHECK(page.read().closed);
}

TEST_CASE("relay: an idle connection is closed with an idle_timeout error", "[relay][tcp]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  o.idle_timeout = 0.3;
  RunningServe serve(o);
  PageClient page(serve);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  page.send_binary("ping");  // activity pushes the deadline back
  CHECK(page.read_bytes(4) == "ping");
  auto started = std::chrono::steady_clock::now();
  json reply = page.read_json();
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "idle_timeout");
  CHECK(waited >= std::chrono::milliseconds(200));
  CHECK(waited < std::chrono::seconds(3));
  CHECK(page.read().closed);
}

TEST_CASE("relay: a silent page does not hold up other connections", "[relay][protocol]") {
  RunningServe serve(relay_options());
  PageClient silent(serve);  // upgraded, never sends its connect request
  TcpEchoServer echo;
  PageClient page(serve);
  CHECK(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  page.send_binary("still served");
  CHECK(page.read_bytes(12) == "still served");
}

TEST_CASE("relay: UDP carries one datagram per frame each way", "[relay][udp]") {
  UdpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  json reply = page.connect("127.0.0.1", echo.port(), "udp");
  CHECK(reply["op"] == "connected");
  CHECK(reply["address"] == "127.0.0.1:" + std::to_string(echo.port()));
  for (std::string d : {std::string("one"), std::string("two two"), random_bytes(1400, 7)}) {
    page.send_binary(d);
    Frame f = page.read();
    REQUIRE_FALSE(f.closed);
    CHECK_FALSE(f.text);
    CHECK(f.data == d);  // one datagram, one frame, never merged
  }
  page.ws.close(websocket::close_code::normal);
  CHECK_FALSE(serve.wait_for_log_containing("target=udp 127.0.0.1").empty());
}

TEST_CASE("relay: stopping the server with live relay connections is clean", "[relay][tcp]") {
  TcpEchoServer echo;
  auto serve = std::make_unique<RunningServe>(relay_options());
  PageClient page(*serve);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  serve->server->stop();
  Frame f;
  CHECK_THROWS(f = page.read());  // the socket just drops
  serve.reset();
}
