// tests/relay: {"op":"create"} then {"op":"connect"} (docs/relay-protocol.md, "Create, then
// connect"): the socket lesson's two steps through the relay. A Beast WebSocket client plays the
// page; the targets are real TCP/UDP sockets on 127.0.0.1 started by the test.
#include "native/relay_pairing.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::PairingStore;
using wirepad::native::ServeOptions;

namespace {

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";  // the relay does not need the web build
  return o;
}

json create_request(const std::string& host, int port, const std::string& proto = "tcp") {
  return {{"op", "create"}, {"proto", proto}, {"host", host}, {"port", port}, {"connect_timeout_ms", 5000}};
}

// The relay's last words: an `error` frame, then the close.
json error_then_close(PageClient& page) {
  json reply = page.read_json();
  CHECK(reply["op"] == "error");
  CHECK(page.read().closed);
  return reply;
}

}  // namespace

TEST_CASE("create: create then connect then echo over TCP", "[relay][create]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  page.send_json(create_request("127.0.0.1", echo.port()));
  json created = page.read_json();
  INFO(created.dump());
  CHECK(created["op"] == "created");
  CHECK(created["address"] == "127.0.0.1:" + std::to_string(echo.port()));
  CHECK(created["dns_ms"] == 0.0);  // an address literal: nothing to look up
  CHECK(created["socket"] == "socket(AF_INET, SOCK_STREAM)");
  CHECK(created["hold_timeout_ms"] == 120000.0);
  page.send_json({{"op", "connect"}});
  json connected = page.read_json();
  CHECK(connected["op"] == "connected");
  CHECK(connected["address"] == "127.0.0.1:" + std::to_string(echo.port()));
  CHECK(connected["connect_ms"] >= 0.0);
  page.send_binary(std::string("held, then connected\0\xff", 22));
  CHECK(page.read_bytes(22) == std::string("held, then connected\0\xff", 22));
  page.ws.close(websocket::close_code::normal);
  std::string line = serve.wait_for_log_containing("up=22B down=22B");
  CHECK(line.find("target=tcp 127.0.0.1:" + std::to_string(echo.port())) != std::string::npos);
}

TEST_CASE("create: no SYN leaves before connect", "[relay][create]") {
  asio::io_context io;
  tcp::acceptor listener(io, {asio::ip::make_address("127.0.0.1"), 0});
  listener.non_blocking(true);
  RunningServe serve(relay_options());
  PageClient page(serve);
  page.send_json(create_request("127.0.0.1", listener.local_endpoint().port()));
  REQUIRE(page.read_json()["op"] == "created");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  beast::error_code ec;
  tcp::socket early(io);
  listener.accept(early, ec);
  CHECK(ec == asio::error::would_block);  // nothing connected while the socket was held
  page.send_json({{"op", "connect"}});
  REQUIRE(page.read_json()["op"] == "connected");
  listener.non_blocking(false);
  tcp::socket accepted(io);
  listener.accept(accepted);
  asio::write(accepted, asio::buffer(std::string("hi")));
  CHECK(page.read_bytes(2) == "hi");
}

TEST_CASE("create: a name is looked up at create and measured", "[relay][create]") {
  TcpEchoServer echo;  // 127.0.0.1 only: "localhost" may resolve to ::1 first, then the next address is tried
  RunningServe serve(relay_options());
  PageClient page(serve);
  page.send_json(create_request("localhost", echo.port()));
  json created = page.read_json();
  INFO(created.dump());
  REQUIRE(created["op"] == "created");
  CHECK(created["dns_ms"] >= 0.0);
  std::string socket = created["socket"];
  CHECK((socket == "socket(AF_INET, SOCK_STREAM)" || socket == "socket(AF_INET6, SOCK_STREAM)"));
  page.send_json({{"op", "connect"}});
  json connected = page.read_json();
  INFO(connected.dump());
  CHECK(connected["op"] == "connected");
  CHECK(connected["address"] == "127.0.0.1:" + std::to_string(echo.port()));
  page.send_binary("by name");
  CHECK(page.read_bytes(7) == "by name");
}

TEST_CASE("create: create then connect over UDP", "[relay][create][udp]") {
  UdpEchoServer echo;
  RunningServe serve(relay_options());
  PageClient page(serve);
  page.send_json(create_request("127.0.0.1", echo.port(), "udp"));
  json created = page.read_json();
  CHECK(created["op"] == "created");
  CHECK(created["socket"] == "socket(AF_INET, SOCK_DGRAM)");
  page.send_json({{"op", "connect"}});
  REQUIRE(page.read_json()["op"] == "connected");
  page.send_binary("one datagram");
  Frame f = page.read();
  CHECK_FALSE(f.text);
  CHECK(f.data == "one datagram");
}

TEST_CASE("create: closing the WebSocket closes the held socket and frees its slot", "[relay][create][limits]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  o.max_connections_per_page = 1;
  RunningServe serve(o);
  {
    PageClient page(serve);
    page.send_json(create_request("127.0.0.1", echo.port()));
    REQUIRE(page.read_json()["op"] == "created");
    // A held socket counts toward the page's connections.
    PageClient second(serve);
    json refused = error_then_close(second);
    CHECK(refused["code"] == "relay_refused");
    CHECK(refused["message"].get<std::string>().find("its limit per page") != std::string::npos);
    page.ws.close(websocket::close_code::normal);  // the close handshake completes: the relay answered it
  }
  std::string line = serve.wait_for_log_containing("created, never connected");
  CHECK(line.find("address=127.0.0.1:" + std::to_string(echo.port())) != std::string::npos);
  CHECK(line.find("up=0B down=0B") != std::string::npos);
  bool admitted = false;
  for (int i = 0; i < 100 && !admitted; ++i) {
    PageClient again(serve);
    admitted = again.connect("127.0.0.1", echo.port())["op"] == "connected";
    if (!admitted) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(admitted);
}

TEST_CASE("create: a held socket ends at the hold timeout with an error naming it", "[relay][create]") {
  TcpEchoServer echo;
  ServeOptions o = relay_options();
  o.hold_timeout = 0.3;
  RunningServe serve(o);
  PageClient page(serve);
  auto started = std::chrono::steady_clock::now();
  page.send_json(create_request("127.0.0.1", echo.port()));
  json created = page.read_json();
  REQUIRE(created["op"] == "created");
  CHECK(created["hold_timeout_ms"] == 300.0);
  json reply = error_then_close(page);
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(reply["code"] == "idle_timeout");
  CHECK(reply["message"] ==
        "The socket was created and held for 0.3 s without {\"op\":\"connect\"}, the relay's hold timeout (--hold-timeout); "
        "the relay closed it.");
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::seconds(3));
  CHECK_FALSE(serve.wait_for_log_containing("idle_timeout: The socket was created and held").empty());
}

TEST_CASE("create: the address policy refuses at create, as for connect", "[relay][create][policy]") {
  ServeOptions o = relay_options();
  o.policy.deny_ports.push_back({25, 25});
  RunningServe serve(o);
  SECTION("cloud metadata") {
    PageClient page(serve);
    page.send_json(create_request("169.254.169.254", 80));
    json reply = error_then_close(page);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"].get<std::string>().find("cloud metadata") != std::string::npos);
    CHECK(serve.wait_for_log_containing("relay_refused").find("address=- ") != std::string::npos);
  }
  SECTION("private") {
    PageClient page(serve);
    page.send_json(create_request("10.0.0.1", 80));
    json reply = error_then_close(page);
    CHECK(reply["message"] ==
          "The relay refuses 10.0.0.1: it is a private network address; restart with `wirepad serve --allow-private` to "
          "let the relay reach your local network.");
  }
  SECTION("a denied port") {
    PageClient page(serve);
    page.send_json(create_request("127.0.0.1", 25));
    json reply = error_then_close(page);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"].get<std::string>().find("port 25") != std::string::npos);
  }
  SECTION("the relay itself") {
    PageClient page(serve);
    page.send_json(create_request("127.0.0.1", serve.port()));
    json reply = error_then_close(page);
    CHECK(reply["message"].get<std::string>().find("that is this relay itself") != std::string::npos);
  }
}

TEST_CASE("create: bad sequences are refused with what came and where", "[relay][create][protocol]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  auto created_page = [&](PageClient& page) {
    page.send_json(create_request("127.0.0.1", echo.port()));
    REQUIRE(page.read_json()["op"] == "created");
  };
  SECTION("create twice") {
    PageClient page(serve);
    created_page(page);
    page.send_json(create_request("127.0.0.1", echo.port()));
    json reply = error_then_close(page);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"] ==
          "A second \"create\" came after \"created\": this WebSocket holds one socket already; send {\"op\":\"connect\"} to "
          "connect it, or open another WebSocket for another socket.");
  }
  SECTION("connect with a target after create") {
    PageClient page(serve);
    created_page(page);
    page.send_json({{"op", "connect"}, {"host", "127.0.0.1"}});
    CHECK(error_then_close(page)["message"] ==
          "After \"created\" the relay expects exactly {\"op\":\"connect\"}: the target was named in \"create\", and this "
          "connect also has \"host\".");
  }
  SECTION("shutdown before connect") {
    PageClient page(serve);
    created_page(page);
    page.send_json({{"op", "shutdown"}});
    CHECK(error_then_close(page)["message"].get<std::string>().find("\"shutdown\" came after \"created\", before \"connect\"") == 0);
  }
  SECTION("bytes before connect") {
    PageClient page(serve);
    created_page(page);
    page.send_binary("too soon");
    CHECK(error_then_close(page)["message"] ==
          "Binary data came after \"created\", before \"connect\": the socket is not connected yet; send {\"op\":\"connect\"} "
          "first.");
  }
  SECTION("an unknown op after create") {
    PageClient page(serve);
    created_page(page);
    page.send_json({{"op", "listen"}});
    CHECK(error_then_close(page)["message"] == "After \"created\" the relay expects {\"op\":\"connect\"}, not \"op\":\"listen\".");
  }
  SECTION("not JSON after create") {
    PageClient page(serve);
    created_page(page);
    page.send_text("connect please");
    CHECK(error_then_close(page)["message"].get<std::string>().find("not a JSON object") != std::string::npos);
  }
  SECTION("an unknown field in create") {
    PageClient page(serve);
    page.send_json({{"op", "create"}, {"host", "127.0.0.1"}, {"port", echo.port()}, {"tsl", true}});
    CHECK(error_then_close(page)["message"] ==
          "The \"create\" request has a field the relay does not know: \"tsl\" (it takes op, proto, host, port, tls, "
          "tls_verify, alpn, connect_timeout_ms).");
  }
  SECTION("a bad value in create") {
    PageClient page(serve);
    page.send_json({{"op", "create"}, {"host", "127.0.0.1"}, {"port", echo.port()}, {"proto", "sctp"}});
    CHECK(error_then_close(page)["message"] == "\"proto\" must be \"tcp\" or \"udp\".");
  }
  SECTION("connect twice") {
    PageClient page(serve);
    created_page(page);
    page.send_json({{"op", "connect"}});
    REQUIRE(page.read_json()["op"] == "connected");
    page.send_json({{"op", "connect"}});
    json reply = error_then_close(page);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"] ==
          "\"connect\" came after \"connected\": this WebSocket carries one connection and it is connected already; open "
          "another WebSocket for another connection.");
  }
  SECTION("create after connect") {
    PageClient page(serve);
    REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
    page.send_json(create_request("127.0.0.1", echo.port()));
    CHECK(error_then_close(page)["message"].get<std::string>().find("\"create\" came after \"connected\"") == 0);
  }
  SECTION("create after connect over UDP") {
    UdpEchoServer udp_echo;
    PageClient page(serve);
    REQUIRE(page.connect("127.0.0.1", udp_echo.port(), "udp")["op"] == "connected");
    page.send_json(create_request("127.0.0.1", udp_echo.port(), "udp"));
    CHECK(error_then_close(page)["message"].get<std::string>().find("\"create\" came after \"connected\"") == 0);
  }
}

TEST_CASE("create: revoking the pairing closes a held socket's WebSocket", "[relay][create][pairing]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  const std::string origin = "http://127.0.0.1:8000";
  auto paired = http_post(serve.port(), "/pair", serve.host(), origin, serve.server->pairing_code());
  REQUIRE(paired.result_int() == 200);
  PageClient page(serve.port(), json::parse(paired.body())["token"].get<std::string>(), origin);
  page.send_json(create_request("127.0.0.1", echo.port()));
  REQUIRE(page.read_json()["op"] == "created");
  REQUIRE(*PairingStore(serve.pairings_file).revoke(origin) == 1);
  // Before `connected` the WebSocket is just closed (docs/relay-protocol.md, section 2a).
  bool ended = false;
  try {
    ended = page.read().closed;
  } catch (const beast::system_error&) {
    ended = true;  // the relay dropped the page's TCP connection
  }
  CHECK(ended);
  std::string line = serve.wait_for_log_containing("stopped before it connected");
  CHECK(line.find("was revoked") != std::string::npos);
}
