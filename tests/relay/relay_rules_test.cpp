// tests/relay: the pure parts of `wirepad serve`: path mapping, Host/Origin rules, token
// compare, substitution, and the relay's JSON messages.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "native/relay_http_rules.h"
#include "native/relay_protocol.h"
#include "shared/tls_facts_json.h"

using namespace wirepad;
using namespace wirepad::native;

TEST_CASE("serve rules: request targets map to files under the web root", "[relay][rules]") {
  auto t = GENERATE(table<std::string, std::string>({
      {"/", "index.html"},
      {"/?x=1", "index.html"},
      {"/app.js", "app.js"},
      {"/sub/data.json?v=3", "sub/data.json"},
      {"/with%20space.txt", "with space.txt"},
      {"/%61pp.js", "app.js"},
      {"/a..b", "a..b"},  // dots inside a name are fine
  }));
  CAPTURE(std::get<0>(t));
  auto path = web_path_for_target(std::get<0>(t));
  REQUIRE(path.ok());
  CHECK(*path == std::get<1>(t));
}

TEST_CASE("serve rules: traversal and odd paths are refused", "[relay][rules]") {
  auto bad = GENERATE(as<std::string>{}, "/..", "/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt",
                      "/%2E%2E%2Fsecret.txt", "/sub/..%2f..%2fsecret.txt", "/sub%2f..%2f..%2fsecret.txt", "/./app.js",
                      "//etc/passwd", "/a%00.js", "/a%5c..%5csecret", "/bad%2", "/bad%zz", "secret.txt",
                      "http://evil/x", "*", "/sub/");
  CAPTURE(bad);
  auto path = web_path_for_target(bad);
  REQUIRE_FALSE(path.ok());
  CHECK(path.error().code == ErrorCode::invalid_request);
  CHECK_FALSE(path.error().message.empty());
}

TEST_CASE("serve rules: content types", "[relay][rules]") {
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("wirepad_web.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("wirepad_web.wasm") == "application/wasm");
  CHECK(content_type_for("a/b.CSS") == "text/css; charset=utf-8");
  CHECK(content_type_for("x.png") == "image/png");
  CHECK(content_type_for("x.json") == "application/json");
  CHECK(content_type_for("font.ttf") == "font/ttf");
  CHECK(content_type_for("noext") == "application/octet-stream");
}

TEST_CASE("serve rules: Host must name this server", "[relay][rules]") {
  CHECK(host_is_this_server("127.0.0.1:7070", 7070, "127.0.0.1"));
  CHECK(host_is_this_server("localhost:7070", 7070, "127.0.0.1"));
  CHECK(host_is_this_server("LOCALHOST:7070", 7070, "127.0.0.1"));
  CHECK(host_is_this_server("[::1]:7070", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server("127.0.0.1:7071", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server("127.0.0.1", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server("evil.example:7070", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server("localhost.evil.example:7070", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server("127.0.0.1:7070.evil", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server("", 7070, "127.0.0.1"));
  CHECK_FALSE(host_is_this_server(":7070", 7070, "127.0.0.1"));
  // Bound to a specific other address: that address names the server too; a wildcard does not
  // make every name acceptable.
  CHECK(host_is_this_server("192.0.2.5:7070", 7070, "192.0.2.5"));
  CHECK(host_is_this_server("[2001:db8::5]:7070", 7070, "2001:db8::5"));
  CHECK_FALSE(host_is_this_server("192.0.2.5:7070", 7070, "0.0.0.0"));
}

TEST_CASE("serve rules: Origin must be this server's page", "[relay][rules]") {
  CHECK(origin_is_this_server("http://127.0.0.1:7070", 7070, "127.0.0.1"));
  CHECK(origin_is_this_server("http://localhost:7070", 7070, "127.0.0.1"));
  CHECK(origin_is_this_server("http://[::1]:7070", 7070, "127.0.0.1"));
  CHECK_FALSE(origin_is_this_server("https://127.0.0.1:7070", 7070, "127.0.0.1"));
  CHECK_FALSE(origin_is_this_server("http://127.0.0.1:7071", 7070, "127.0.0.1"));
  CHECK_FALSE(origin_is_this_server("http://evil.example", 7070, "127.0.0.1"));
  CHECK_FALSE(origin_is_this_server("null", 7070, "127.0.0.1"));
  CHECK_FALSE(origin_is_this_server("http://127.0.0.1:7070/", 7070, "127.0.0.1"));
}

TEST_CASE("serve rules: query parameters and token compare and substitution", "[relay][rules]") {
  CHECK(query_parameter("/relay?token=abc", "token") == std::optional<std::string>("abc"));
  CHECK(query_parameter("/relay?x=1&token=a%20b", "token") == std::optional<std::string>("a b"));
  CHECK(query_parameter("/relay?tokens=abc", "token") == std::nullopt);
  CHECK(query_parameter("/relay", "token") == std::nullopt);
  CHECK(constant_time_equal("0123456789abcdef", "0123456789abcdef"));
  CHECK_FALSE(constant_time_equal("0123456789abcdef", "0123456789abcdee"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK(substitute_token("a%WIREPAD_RELAY_TOKEN%b%WIREPAD_RELAY_TOKEN%", "T") == "aTbT");
  CHECK(substitute_token("no placeholder", "T") == "no placeholder");
  CHECK(substitute_placeholder("port=%WIREPAD_HELLO_PORT%;", "%WIREPAD_HELLO_PORT%", "18080") == "port=18080;");
  CHECK(server_url("127.0.0.1", 7070) == "http://127.0.0.1:7070/");
  CHECK(server_url("::1", 7070) == "http://[::1]:7070/");
  CHECK(server_url("0.0.0.0", 7070) == "http://127.0.0.1:7070/");
  std::string csp = content_security_policy(7070);
  CHECK(csp.find("'wasm-unsafe-eval'") != std::string::npos);
  CHECK(csp.find("connect-src 'self' ws://127.0.0.1:7070") != std::string::npos);
}

TEST_CASE("relay protocol: a connect request parses with defaults", "[relay][protocol]") {
  auto r = parse_connect_request(R"({"op":"connect","host":"example.com","port":443})");
  REQUIRE(r.ok());
  CHECK(r->proto == RelayProto::tcp);
  CHECK(r->host == "example.com");
  CHECK(r->port == 443);
  CHECK_FALSE(r->tls);
  CHECK(r->tls_verify);
  CHECK_FALSE(r->connect_timeout_ms);

  auto full = parse_connect_request(
      R"({"op":"connect","proto":"udp","host":"[::1]","port":9001,"tls":false,"connect_timeout_ms":2500})");
  REQUIRE(full.ok());
  CHECK(full->proto == RelayProto::udp);
  CHECK(full->host == "::1");
  CHECK(full->connect_timeout_ms == 2500.0);
}

TEST_CASE("relay protocol: bad connect requests are refused with a sentence", "[relay][protocol]") {
  auto bad = GENERATE(as<std::string>{}, "", "hello", "[]", R"({"host":"a","port":1})",
                      R"({"op":"send","host":"a","port":1})", R"({"op":"connect","port":80})",
                      R"({"op":"connect","host":"","port":80})", R"({"op":"connect","host":"a b","port":80})",
                      R"({"op":"connect","host":"a","port":0})", R"({"op":"connect","host":"a","port":65536})",
                      R"({"op":"connect","host":"a","port":"80"})", R"({"op":"connect","host":"a","port":80.5})",
                      R"({"op":"connect","host":"a","port":80,"proto":"sctp"})",
                      R"({"op":"connect","host":"a","port":80,"tls":"yes"})",
                      R"({"op":"connect","host":"a","port":80,"proto":"udp","tls":true})",
                      R"({"op":"connect","host":"a","port":80,"connect_timeout_ms":-1})", R"({"op":1,"host":"a","port":80})");
  CAPTURE(bad);
  auto r = parse_connect_request(bad);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::relay_refused);
  CHECK(r.error().message.back() == '.');
}

// nlohmann's parser takes a NUL byte for the end of the input: a connect request with one
// connected with what came before it, and a shutdown request with garbage after it shut down.
TEST_CASE("relay protocol: a control message with a NUL byte is refused, not cut short", "[relay][protocol][json]") {
  const std::string connect = R"({"op":"connect","host":"127.0.0.1","port":80})";
  REQUIRE(parse_connect_request(connect).ok());
  auto r = parse_connect_request(connect + std::string("\0{\"port\":1}", 11));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::relay_refused);
  CHECK(r.error().message.find("NUL byte") != std::string::npos);
  CHECK(r.error().message.back() == '.');
  CHECK(is_shutdown_request(R"({"op":"shutdown"})"));
  CHECK_FALSE(is_shutdown_request(std::string("{\"op\":\"shutdown\"}\0x", 19)));
}

TEST_CASE("relay protocol: replies are the documented JSON", "[relay][protocol]") {
  using nlohmann::json;
  ConnectedReport report;
  report.address = "127.0.0.1:8080";
  report.dns_ms = 0.1234567;
  report.connect_ms = 2;
  json c = json::parse(connected_message(report));
  CHECK(c["op"] == "connected");
  CHECK(c["address"] == "127.0.0.1:8080");
  CHECK(c["dns_ms"] == 0.123);
  CHECK(c["connect_ms"] == 2.0);
  CHECK(c["tls_ms"] == 0.0);
  CHECK_FALSE(c.contains("tls"));
  TlsFacts facts;
  facts.version = "TLSv1.3";
  facts.cipher = "TLS_AES_128_GCM_SHA256";
  facts.alpn = "http/1.1";
  facts.server_name = "a.example";
  facts.verified = true;
  facts.chain = {"subject /CN=a; issuer /CN=b; valid x to y"};
  facts.certificates = {{"CN=a", "CN=b", "2026-01-01 00:00:00 UTC", "2027-01-01 00:00:00 UTC", {"DNS:a.example", "IP:10.0.0.1"}}};
  report.tls = facts;
  json tls = json::parse(connected_message(report))["tls"];
  CHECK(tls["version"] == "TLSv1.3");
  CHECK(tls["certificates"][0]["sans"][1] == "IP:10.0.0.1");
  // What the page reads back (web/web_transport.cpp) is what the relay wrote.
  TlsFacts back = wirepad::tls_facts_from_json(tls);
  CHECK(back.server_name == "a.example");
  CHECK(back.verified);
  CHECK(back.chain == facts.chain);
  REQUIRE(back.certificates.size() == 1);
  CHECK(back.certificates[0].issuer == "CN=b");
  CHECK(back.certificates[0].not_after == "2027-01-01 00:00:00 UTC");
  CHECK(back.certificates[0].sans == facts.certificates[0].sans);
  CHECK_FALSE(back.by_relay);  // the page sets it, the relay cannot claim it

  json e = json::parse(error_message(make_error(ErrorCode::connect_refused, "No.")));
  CHECK(e == json{{"op", "error"}, {"code", "connect_refused"}, {"message", "No."}});
  CHECK(json::parse(error_message(make_error(ErrorCode::io_error, std::string("bad \xff byte"))))["code"] == "io_error");
  CHECK(json::parse(closed_message()) == json{{"op", "closed"}});
  CHECK(is_shutdown_request(R"({"op":"shutdown"})"));
  CHECK_FALSE(is_shutdown_request(R"({"op":5})"));
  CHECK_FALSE(is_shutdown_request("nope"));
}
