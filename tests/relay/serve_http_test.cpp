// tests/relay: `wirepad serve` as an HTTP server: static files, the token in index.html,
// traversal, Host checks (DNS rebinding) and the refusals of bad WebSocket upgrades. A real
// ServeServer on an ephemeral loopback port, real HTTP over real sockets.
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;
using wirepad::native::ServeServer;

namespace {
ServeOptions options_for(const TempWebRoot& web) {
  ServeOptions o;
  o.web_root = web.root.string();
  return o;
}
}  // namespace

TEST_CASE("serve: index.html is served with the token substituted and not cached", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  std::string token = serve.token();
  REQUIRE(token.size() == 32);
  CHECK(token.find_first_not_of("0123456789abcdef") == std::string::npos);

  auto res = http_get(serve.port(), "/", serve.host());
  CHECK(res.result_int() == 200);
  CHECK(res[http::field::content_type] == "text/html; charset=utf-8");
  CHECK(res[http::field::cache_control] == "no-store");
  CHECK(res["X-Content-Type-Options"] == "nosniff");
  std::string csp(res["Content-Security-Policy"]);
  CHECK(csp.find("script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' 'unsafe-inline'") != std::string::npos);
  CHECK(csp.find("ws://127.0.0.1:" + std::to_string(serve.port())) != std::string::npos);
  std::string expected = "<!doctype html><script>var t='" + token + "';var u='" + token + "';</script>";
  CHECK(res.body() == expected);
  CHECK(res[http::field::content_length] == std::to_string(expected.size()));
  CHECK(http_get(serve.port(), "/index.html", "localhost:" + std::to_string(serve.port())).body() == expected);
}

TEST_CASE("serve: each run gets its own token unless one is given", "[relay][http]") {
  TempWebRoot web;
  RunningServe a(options_for(web));
  RunningServe b(options_for(web));
  CHECK(a.token() != b.token());
  ServeOptions fixed = options_for(web);
  fixed.token = "fixed-token-for-test";
  RunningServe c(fixed);
  CHECK(c.token() == "fixed-token-for-test");
  CHECK(http_get(c.port(), "/", c.host()).body().find("fixed-token-for-test") != std::string::npos);
}

TEST_CASE("serve: files get their content type and length, HEAD has no body", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  auto js = http_get(serve.port(), "/app.js", serve.host());
  CHECK(js.result_int() == 200);
  CHECK(js[http::field::content_type] == "text/javascript; charset=utf-8");
  CHECK(js.body() == "console.log('hi');\n");
  CHECK(js[http::field::cache_control] == "no-cache");
  auto wasm = http_get(serve.port(), "/app.wasm", serve.host());
  CHECK(wasm[http::field::content_type] == "application/wasm");
  CHECK(wasm.body() == std::string("\0asm\1\0\0\0", 8));
  CHECK(http_get(serve.port(), "/style.css", serve.host())[http::field::content_type] == "text/css; charset=utf-8");
  CHECK(http_get(serve.port(), "/sub/data.json", serve.host())[http::field::content_type] == "application/json");

  auto head = http_request(serve.port(), http::verb::head, "/app.wasm", {{"Host", serve.host()}});
  CHECK(head.result_int() == 200);
  CHECK(head[http::field::content_length] == "8");
  CHECK(head.body().empty());

  auto post = http_request(serve.port(), http::verb::post, "/", {{"Host", serve.host()}, {"Content-Length", "0"}});
  CHECK(post.result_int() == 405);
  CHECK(post[http::field::allow] == "GET, HEAD");
}

TEST_CASE("serve: several requests on one keep-alive connection", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), serve.port()});
  set_receive_timeout(socket.native_handle(), 10);
  beast::flat_buffer buffer;
  for (const char* target : {"/app.js", "/style.css", "/"}) {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, serve.host());
    http::write(socket, req);
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    CAPTURE(target);
    CHECK(res.result_int() == 200);
    CHECK(res.keep_alive());
  }
}

TEST_CASE("serve: path traversal is refused and the secret never leaves", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  auto target = GENERATE(as<std::string>{}, "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                         "/sub/..%2f..%2fsecret.txt", "/sub/../../secret.txt", "/..%5csecret.txt");
  CAPTURE(target);
  auto res = http_get(serve.port(), target, serve.host());
  CHECK(res.result_int() == 400);
  CHECK(res.body().find("TOP-SECRET") == std::string::npos);
  CHECK(res[http::field::content_type] == "text/plain; charset=utf-8");
  CHECK_FALSE(res.body().empty());
}

TEST_CASE("serve: a symlink out of the web root is not followed", "[relay][http]") {
  TempWebRoot web;
  fs::create_symlink(web.base / "secret.txt", web.root / "link.txt");
  RunningServe serve(options_for(web));
  auto res = http_get(serve.port(), "/link.txt", serve.host());
  CHECK(res.result_int() == 404);
  CHECK(res.body().find("TOP-SECRET") == std::string::npos);
}

TEST_CASE("serve: unknown paths get a 404 sentence", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  auto res = http_get(serve.port(), "/nope.js", serve.host());
  CHECK(res.result_int() == 404);
  CHECK(res.body() == "No file '/nope.js' here; the app is at http://127.0.0.1:" + std::to_string(serve.port()) + "/.\n");
  auto relay_plain = http_get(serve.port(), "/relay", serve.host());
  CHECK(relay_plain.result_int() == 426);
}

TEST_CASE("serve: a missing web build says how to build it", "[relay][http]") {
  TempWebRoot web;
  ServeOptions o;
  o.web_root = (web.base / "not-built").string();
  RunningServe serve(o);
  auto res = http_get(serve.port(), "/", serve.host());
  CHECK(res.result_int() == 404);
  CHECK(res.body().find("The web build is missing") == 0);
  CHECK(res.body().find("scripts/run.sh") != std::string::npos);
  CHECK(res.body().find(o.web_root) != std::string::npos);
}

TEST_CASE("serve: every request must name this server in Host", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  std::string p = std::to_string(serve.port());
  auto evil = http_get(serve.port(), "/", "evil.example:" + p);
  CHECK(evil.result_int() == 403);
  CHECK(evil.body() == "Host 'evil.example:" + p + "' is not this relay; open http://127.0.0.1:" + p + "/ instead\n");
  CHECK(evil.body().find(serve.token()) == std::string::npos);

  CHECK(http_get(serve.port(), "/app.js", "evil.example:" + p).result_int() == 403);
  CHECK(http_get(serve.port(), "/", "127.0.0.1:1").result_int() == 403);
  CHECK(http_get(serve.port(), "/", "127.0.0.1").result_int() == 403);
  CHECK(http_request(serve.port(), http::verb::get, "/", {}).result_int() == 403);
  CHECK(http_get(serve.port(), "/", "localhost:" + p).result_int() == 200);
  CHECK(http_get(serve.port(), "/", "[::1]:" + p).result_int() == 200);
  // The WebSocket endpoint is behind the same check.
  auto ws = upgrade_request(serve.port(), "/relay?token=" + serve.token(), "evil.example:" + p, serve.origin());
  CHECK(ws.result_int() == 403);
  CHECK(ws.body().find("Host 'evil.example:" + p + "' is not this relay") == 0);
}

TEST_CASE("serve: bad WebSocket upgrades are refused before the upgrade", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  std::string p = std::to_string(serve.port());

  auto no_token = upgrade_request(serve.port(), "/relay", serve.host(), serve.origin());
  CHECK(no_token.result_int() == 401);
  CHECK(no_token.body().find("The relay needs ?token=") == 0);

  auto empty_token = upgrade_request(serve.port(), "/relay?token=", serve.host(), serve.origin());
  CHECK(empty_token.result_int() == 401);

  std::string wrong = serve.token();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  auto bad_token = upgrade_request(serve.port(), "/relay?token=" + wrong, serve.host(), serve.origin());
  CHECK(bad_token.result_int() == 401);
  CHECK(bad_token.body().find("The relay token is wrong") == 0);

  auto foreign = upgrade_request(serve.port(), "/relay?token=" + serve.token(), serve.host(), "http://evil.example");
  CHECK(foreign.result_int() == 403);
  CHECK(foreign.body() == "Origin 'http://evil.example' is not paired with this relay; pair it by opening that page and "
                          "entering the one-time pairing code `wirepad serve` printed (the page asks for it), or open "
                          "http://127.0.0.1:" + p + "/ instead.\n");

  auto other_port = upgrade_request(serve.port(), "/relay?token=" + serve.token(), serve.host(), "http://127.0.0.1:1");
  CHECK(other_port.result_int() == 403);

  auto no_origin = upgrade_request(serve.port(), "/relay?token=" + serve.token(), serve.host(), "");
  CHECK(no_origin.result_int() == 403);
  CHECK(no_origin.body().find("no Origin header") != std::string::npos);

  auto elsewhere = upgrade_request(serve.port(), "/other?token=" + serve.token(), serve.host(), serve.origin());
  CHECK(elsewhere.result_int() == 404);

  for (auto* res : {&no_token, &bad_token, &foreign}) {
    CHECK((*res)[http::field::content_type] == "text/plain; charset=utf-8");
    CHECK(std::count(res->body().begin(), res->body().end(), '\n') == 1);  // one line
  }
  // Refusals are logged with the reason.
  CHECK_FALSE(serve.wait_for_log_containing("Origin 'http://evil.example' is not paired").empty());

  // And the Beast client sees the upgrade declined.
  CHECK_THROWS(PageClient(serve.port(), wrong, serve.origin()));
  CHECK_THROWS(PageClient(serve.port(), serve.token(), "http://evil.example"));
  CHECK_NOTHROW(PageClient(serve));
}

TEST_CASE("serve: a taken port is reported or the next free one is used", "[relay][http]") {
  TempWebRoot web;
  RunningServe first(options_for(web));
  ServeOptions o = options_for(web);
  o.port = first.port();
  o.try_next_ports = false;
  o.log = [](const std::string&) {};
  ServeServer strict(o);
  CHECK(strict.start() == "port " + std::to_string(first.port()) + " is in use; choose another with --port");

  o.try_next_ports = true;
  ServeServer next(o);
  REQUIRE(next.start() == "");
  CHECK(next.port() > first.port());
  CHECK(next.port() <= first.port() + 20);
  CHECK(next.url() == "http://127.0.0.1:" + std::to_string(next.port()) + "/");
  CHECK(http_get(next.port(), "/", "127.0.0.1:" + std::to_string(next.port())).result_int() == 200);
  next.stop();
  next.stop();  // idempotent

  ServeOptions bad = options_for(web);
  bad.bind = "not-an-address";
  ServeServer wrong_bind(bad);
  CHECK(wrong_bind.start().find("is not an IP address") != std::string::npos);
}

TEST_CASE("serve: stop() closes the listener", "[relay][http]") {
  TempWebRoot web;
  ServeOptions o = options_for(web);
  o.port = 0;
  o.log = [](const std::string&) {};
  ServeServer server(o);
  REQUIRE(server.start() == "");
  std::uint16_t port = server.port();
  CHECK(http_get(port, "/", "127.0.0.1:" + std::to_string(port)).result_int() == 200);
  server.stop();
  asio::io_context io;
  tcp::socket s(io);
  beast::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  CHECK(ec == asio::error::connection_refused);
}

TEST_CASE("serve: the browser's fallback fonts are Debian's font files, sent only on request", "[relay][http]") {
  TempWebRoot web;
  RunningServe serve(options_for(web));
  const std::pair<const char*, const char*> fonts[] = {
      {"/fonts/cjk.ttf", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"},    // fonts-droid-fallback
      {"/fonts/hangul.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf"},  // fonts-nanum
      {"/fonts/mono.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"},      // fonts-dejavu-core
      {"/fonts/symbols.ttf", "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"},  // fonts-symbola
  };
  for (const auto& [url, path] : fonts) {
    INFO(url);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      CHECK(http_get(serve.port(), url, serve.host()).result_int() == 404);
      continue;
    }
    std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto res = http_get(serve.port(), url, serve.host());
    CHECK(res.result_int() == 200);
    CHECK(res[http::field::content_type] == "font/ttf");
    CHECK(res.body().size() == expected.size());
    CHECK(res.body() == expected);
  }
  CHECK(http_get(serve.port(), "/fonts/other.ttf", serve.host()).result_int() == 404);
}
