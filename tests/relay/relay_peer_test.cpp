// tests/relay: `--bind 0.0.0.0` and peers that are not this machine. The per-run token is handed
// out, and accepted, only on connections whose peer address (getpeername) is loopback; the Host
// header, which any client can write, decides nothing. Every other peer pairs.
// A real non-loopback peer: a child process in its own network namespace, where loopback is up
// and 10.201.0.1 (not a loopback address) is an address of the namespace's only machine; a client
// bound to 10.201.0.1 is a peer the relay sees as 10.201.0.1. Where namespaces cannot be created
// the test says so and checks nothing (Catch2 v2 has no "skipped").
#include "relay_netns.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;

namespace {

constexpr const char* kOutside = "10.201.0.1";

// One HTTP request from `from` to `to`:port, with exactly the headers given.
http::response<http::string_body> request_from(const std::string& from, const std::string& to, std::uint16_t port,
                                               http::verb method, const std::string& target,
                                               const std::vector<std::pair<std::string, std::string>>& headers,
                                               const std::string& body = "") {
  asio::io_context io;
  tcp::socket socket(io);
  socket.open(tcp::v4());
  socket.bind({asio::ip::make_address(from), 0});
  socket.connect({asio::ip::make_address(to), port});
  set_receive_timeout(socket.native_handle(), 10);
  http::request<http::string_body> req{method, target, 11};
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty()) {
    req.body() = body;
    req.prepare_payload();
  }
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(1024 * 1024);
  http::read(socket, buffer, parser);
  return parser.release();
}

// A page's WebSocket from `from`; returns the relay's first reply to a connect, or the refusal.
std::string relay_from(const std::string& from, std::uint16_t port, const std::string& host, const std::string& origin,
                       const std::string& token, std::uint16_t echo_port) {
  asio::io_context io;
  websocket::stream<tcp::socket> ws(io);
  ws.next_layer().open(tcp::v4());
  ws.next_layer().bind({asio::ip::make_address(from), 0});
  ws.next_layer().connect({asio::ip::make_address(kOutside), port});
  set_receive_timeout(ws.next_layer().native_handle(), 10);
  ws.set_option(websocket::stream_base::decorator([origin](websocket::request_type& req) { req.set(http::field::origin, origin); }));
  websocket::response_type res;
  beast::error_code ec;
  ws.handshake(res, host, "/relay?token=" + token, ec);
  if (ec) return "refused " + std::to_string(res.result_int()) + ": " + res.body();
  ws.text(true);
  ws.write(asio::buffer(json{{"op", "connect"}, {"host", "127.0.0.1"}, {"port", echo_port}}.dump()));
  beast::flat_buffer buffer;
  ws.read(buffer);
  return beast::buffers_to_string(buffer.data());
}

json run_scenario(const fs::path& dir) {
  json out = json::object();
  TcpEchoServer echo;
  ServeOptions o;
  o.port = 0;
  o.bind = "0.0.0.0";
  o.pairing_code = "ABCD-EFGH";
  o.web_root = (dir / "web").string();
  o.pairings_file = (dir / "pairings.json").string();
  o.log = [](const std::string&) {};
  fs::create_directories(dir / "web");
  write_file(dir / "web" / "index.html", TempWebRoot::index_html);
  wirepad::native::ServeServer server(o);
  if (std::string why = server.start(); !why.empty()) return json{{"error", why}};
  std::uint16_t port = server.port();
  std::string p = std::to_string(port);
  std::string local_host = "127.0.0.1:" + p, outside_host = std::string(kOutside) + ":" + p;
  std::string local_origin = "http://" + local_host, outside_origin = "http://" + outside_host;
  try {
    // A peer on the network that writes Host: 127.0.0.1: no token in the page.
    auto forged = request_from(kOutside, kOutside, port, http::verb::get, "/", {{"Host", local_host}});
    out["forged status"] = forged.result_int();
    out["forged has token"] = forged.body().find(server.token()) != std::string::npos;
    // Asked for by its own name, the page sends the peer on to pairing with this relay.
    auto own = request_from(kOutside, kOutside, port, http::verb::get, "/", {{"Host", outside_host}});
    out["own status"] = own.result_int();
    out["own location"] = std::string(own[http::field::location]);
    out["expected location"] = "/?relay=" + outside_host;
    auto page = request_from(kOutside, kOutside, port, http::verb::get, "/?relay=" + outside_host, {{"Host", outside_host}});
    out["page status"] = page.result_int();
    out["page has token"] = page.body().find(server.token()) != std::string::npos;
    out["page keeps placeholder"] = page.body().find("%WIREPAD_RELAY_TOKEN%") != std::string::npos;
    // The per-run token is no good from there, whatever Host and Origin say.
    auto upgrade = request_from(kOutside, kOutside, port, http::verb::get, "/relay?token=" + server.token(),
                                {{"Host", local_host},
                                 {"Origin", local_origin},
                                 {"Connection", "Upgrade"},
                                 {"Upgrade", "websocket"},
                                 {"Sec-WebSocket-Version", "13"},
                                 {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
    out["upgrade with the token"] = "refused " + std::to_string(upgrade.result_int()) + ": " + upgrade.body();
    // Pairing works from there, with the page's own Origin.
    auto paired = request_from(kOutside, kOutside, port, http::verb::post, "/pair",
                               {{"Host", outside_host}, {"Origin", outside_origin}, {"Content-Type", "text/plain"}}, "ABCDEFGH");
    out["pair status"] = paired.result_int();
    out["pair body"] = paired.body();
    if (paired.result_int() == 200) {
      std::string token = json::parse(paired.body())["token"];
      out["upgrade with the pairing"] = relay_from(kOutside, port, outside_host, outside_origin, token, echo.port());
    }
    // A loopback peer other than 127.0.0.1 is still this machine: it gets the token.
    auto loop = request_from("127.0.0.2", "127.0.0.2", port, http::verb::get, "/", {{"Host", local_host}});
    out["loopback has token"] = loop.body().find(server.token()) != std::string::npos;
  } catch (const std::exception& e) {
    out["exception"] = e.what();
  }
  server.stop();
  return out;
}

}  // namespace

TEST_CASE("serve: on 0.0.0.0 a peer that is not loopback never gets the token whatever its Host and pairs",
          "[relay][http][namespace]") {
  TempDir dir;
  IsolatedRun run = run_isolated({kOutside}, [&] { return run_scenario(dir.path).dump(); });
  if (!run.isolated) {
    WARN("SKIPPED: cannot create a network namespace here (" << run.report << "); the non-loopback peer check did not run");
    return;
  }
  INFO(run.report);
  json r = json::parse(run.report);
  REQUIRE_FALSE(r.contains("error"));
  REQUIRE_FALSE(r.contains("exception"));
  CHECK(r["forged has token"] == false);
  CHECK(r["own status"] == 303);
  CHECK(r["forged status"] == 303);
  CHECK(r["own location"] == r["expected location"]);
  CHECK(r["page status"] == 200);
  CHECK(r["page has token"] == false);
  CHECK(r["page keeps placeholder"] == true);
  CHECK(r["upgrade with the token"].get<std::string>().rfind("refused 403: ", 0) == 0);
  CHECK(r["upgrade with the token"].get<std::string>().find("The relay's per-run token works only for pages opened on this machine, "
                                                          "and this connection comes from 10.201.0.1; pair the page instead") !=
        std::string::npos);
  CHECK(r["pair status"] == 200);
  CHECK(r["upgrade with the pairing"].get<std::string>().find("\"op\":\"connected\"") != std::string::npos);
  CHECK(r["loopback has token"] == true);
}
