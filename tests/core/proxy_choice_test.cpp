// The proxy decision (shared/proxy_choice.h) and the proxy hop's bytes (shared/proxy_hop.h).
// Every expectation in the "as curl" tables was checked against curl 7.88.1 on this machine
// (env -i VAR=... curl -sv -x ... URL, reading which address it tried); the native tests
// check the bytes against curl -x itself.
#include <catch2/catch.hpp>

#include "shared/exchange.h"
#include "shared/proxy_choice.h"
#include "shared/protocol_layers.h"
#include "shared/proxy_hop.h"

using namespace wirepad;

namespace {
ProxyChoice choose(const std::string& url, const ProxySettings& settings, const ProxyEnvironment& env) {
  Result<Url> parsed = parse_url(url);
  REQUIRE(parsed);
  Result<ProxyChoice> c = choose_proxy(*parsed, settings, env);
  REQUIRE(c);
  return *c;
}
}  // namespace

TEST_CASE("no_proxy matches names, subdomains, IPv4 and CIDR as curl 7.88 does", "[proxy]") {
  auto [host, list, expected] = GENERATE(table<std::string, std::string, bool>({
      {"example.com", "example.com", true},
      {"www.example.com", "example.com", true},
      {"www.example.com", ".example.com", true},
      {"notexample.com", "example.com", false},
      {"example.com", "foo example.com", true},  // blanks separate too
      {"example.com", "example.com foo", true},
      {"www.example.com", "foo,example.com", true},
      {"example.com", " , ,example.com,", true},
      {"example.com.", ".example.com.", true},  // trailing dots ignored on both sides
      {"example.com", "Example.COM", true},
      {"example.com", "example.com:80", false},  // a port is not part of an entry
      {"anything", "*", true},
      {"anything", " *", false},  // only "*" alone is the wildcard
      {"anything", "*,foo", false},
      {"127.0.0.2", "127.0.0.0/8", true},
      {"127.0.0.2", "127.0.0.3/8", true},
      {"127.0.0.2", "127.0.0.2", true},
      {"127.0.0.2", "127.0.0.3", false},
      {"127.0.0.2", "127.0.0.2.", false},  // an IPv4 host is compared as an address only
      {"127.0.0.2", "127.0.0.2:1", false},
      {"10.1.2.3", "10.1.0.0/16", true},
      {"10.2.2.3", "10.1.0.0/16", false},
      {"127.0.0.2", "localhost", false},
      {"::1", "::1", true},       // IPv6 compared as text, as curl 7.88 does
      {"::1", "::1/64", false},
      {"example.com", "", false},
  }));
  CAPTURE(host, list);
  CHECK(no_proxy_matches(host, list) == expected);
}

TEST_CASE("which proxy: -x, then the environment variables curl reads", "[proxy]") {
  ProxySettings none;
  SECTION("http_proxy for http, never HTTP_PROXY (httpoxy)") {
    ProxyChoice c = choose("http://127.0.0.2:1/", none, {{"http_proxy", "http://127.0.0.1:9"}});
    CHECK_FALSE(c.direct);
    CHECK(c.reason == "http_proxy");
    CHECK(c.url() == "http://127.0.0.1:9");
    CHECK_FALSE(c.tunnel);
    ProxyChoice upper = choose("http://127.0.0.2:1/", none, {{"HTTP_PROXY", "http://127.0.0.1:9"}});
    CHECK(upper.direct);
    CHECK(upper.reason.find("HTTP_PROXY is ignored") != std::string::npos);
  }
  SECTION("https_proxy, then HTTPS_PROXY, for https; a tunnel") {
    ProxyChoice c = choose("https://example.com/", none, {{"HTTPS_PROXY", "http://127.0.0.1:9"}});
    CHECK_FALSE(c.direct);
    CHECK(c.reason == "HTTPS_PROXY");
    CHECK(c.tunnel);
    c = choose("https://example.com/", none, {{"HTTPS_PROXY", "http://127.0.0.1:9"}, {"https_proxy", "127.0.0.1:10"}});
    CHECK(c.port == 10);
    CHECK(choose("https://example.com/", none, {{"http_proxy", "127.0.0.1:9"}}).direct);
  }
  SECTION("all_proxy, then ALL_PROXY; port 1080 when none is given") {
    ProxyChoice c = choose("http://127.0.0.2:1/", none, {{"ALL_PROXY", "http://127.0.0.1:9"}});
    CHECK(c.reason == "ALL_PROXY");
    c = choose("http://127.0.0.2:1/", none, {{"all_proxy", "127.0.0.1"}, {"ALL_PROXY", "127.0.0.1:9"}});
    CHECK(c.reason == "all_proxy");
    CHECK(c.port == 1080);
    CHECK(choose("http://x/", ProxySettings{std::string("http://127.0.0.1"), {}, {}, true}, {}).port == 1080);
  }
  SECTION("an empty variable counts as unset (curl_getenv)") {
    ProxyChoice c = choose("http://example.com/", none,
                           {{"http_proxy", "127.0.0.1:9"}, {"no_proxy", ""}, {"NO_PROXY", "example.com"}});
    CHECK(c.direct);
    CHECK(choose("http://a/", none, {{"http_proxy", ""}, {"all_proxy", "127.0.0.1:9"}}).reason == "all_proxy");
  }
  SECTION("-x wins over the environment; no_proxy still applies to it; --noproxy replaces no_proxy") {
    ProxySettings x;
    x.proxy = "127.0.0.1:3128";
    ProxyChoice c = choose("http://a.test/", x, {{"http_proxy", "127.0.0.1:9"}});
    CHECK(c.port == 3128);
    CHECK(c.reason == "--proxy");
    CHECK(choose("http://example.com/", x, {{"no_proxy", "example.com"}}).direct);
    x.no_proxy = "";
    CHECK_FALSE(choose("http://example.com/", x, {{"no_proxy", "example.com"}}).direct);
    x.no_proxy = "127.0.0.2";
    CHECK(choose("http://127.0.0.2:1/", x, {}).direct);
  }
  SECTION("-x \"\" turns every proxy off") {
    ProxySettings x;
    x.proxy = "";
    CHECK(choose("http://127.0.0.2:1/", x, {{"http_proxy", "127.0.0.1:9"}}).direct);
  }
  SECTION("credentials from the URL (percent-decoded) or -U (as typed)") {
    ProxySettings x;
    x.proxy = "http://us%40er:p%3Aw@127.0.0.1:3128";
    ProxyChoice c = choose("http://a/", x, {});
    CHECK(c.user == "us@er");
    CHECK(c.password == "p:w");
    CHECK(c.authorization() == "Basic dXNAZXI6cDp3");
    CHECK(c.url() == "http://127.0.0.1:3128");  // never with the password
    x.proxy_user = "u:p%41";
    c = choose("http://a/", x, {});
    CHECK(c.user == "u");
    CHECK(c.password == "p%41");
  }
  SECTION("use_environment = false ignores every variable") {
    ProxySettings off;
    off.use_environment = false;
    CHECK(choose("http://a/", off, {{"http_proxy", "127.0.0.1:9"}}).direct);
  }
}

TEST_CASE("proxy URLs that are not usable are errors naming the setting", "[proxy]") {
  Url url = *parse_url("http://a/");
  Result<ProxyChoice> socks = choose_proxy(url, {}, {{"http_proxy", "socks5://127.0.0.1:9"}});
  REQUIRE_FALSE(socks);
  CHECK(socks.error().code == ErrorCode::unsupported_scheme);
  CHECK(socks.error().message.find("http_proxy") != std::string::npos);
  CHECK(socks.error().message.find("SOCKS") != std::string::npos);
  ProxySettings https;
  https.proxy = "https://127.0.0.1:9";
  REQUIRE_FALSE(choose_proxy(url, https, {}));
  ProxySettings bad;
  bad.proxy = "http://[::1";
  Result<ProxyChoice> b = choose_proxy(url, bad, {});
  REQUIRE_FALSE(b);
  CHECK(b.error().code == ErrorCode::invalid_url);
}

TEST_CASE("a request through a proxy: absolute-form, Host kept, Proxy-Authorization after Host", "[proxy]") {
  HttpRequest request;
  request.url = "http://user:pw@example.com:8080/a?b#frag";
  ExchangeOptions options;
  options.proxy.proxy = "http://u:p@127.0.0.1:3128";
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange);
  exchange->start(0);
  exchange->on_resolved("127.0.0.1:3128", 0.001);
  exchange->on_connected(0.002);
  std::string bytes = exchange->take_outgoing();
  CHECK(bytes ==
        "GET http://example.com:8080/a?b HTTP/1.1\r\nHost: example.com:8080\r\nProxy-Authorization: Basic dTpw\r\n"
        "User-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\n");
  Endpoint e = exchange->endpoint();
  CHECK(e.host == "127.0.0.1");
  CHECK(e.port == 3128);
  CHECK(e.via_proxy);
  CHECK(e.tunnel.host.empty());
  const auto& events = exchange->log().events;
  CHECK(events[0].text == "resolving proxy 127.0.0.1");
  CHECK(events[2].text == "connected to proxy 127.0.0.1:3128");
}

TEST_CASE("an https request through a proxy: a CONNECT tunnel to the origin, TLS to the origin", "[proxy]") {
  HttpRequest request;
  request.url = "https://example.com/x";
  ExchangeOptions options;
  options.proxy.proxy = "127.0.0.1:3128";
  options.proxy.proxy_user = "u:p";
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange);
  Endpoint e = exchange->endpoint();
  CHECK(e.host == "example.com");  // SNI and the certificate check are the origin's
  CHECK(e.port == 443);
  CHECK(e.tls);
  CHECK(e.tunnel.host == "127.0.0.1");
  CHECK(e.tunnel.port == 3128);
  CHECK(e.tunnel.request ==
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nProxy-Authorization: Basic dTpw\r\n"
        "User-Agent: wirepad/0.1\r\n\r\n");
  exchange->start(0);
  exchange->on_resolved("127.0.0.1:3128", 0.001);
  exchange->on_connected(0.002);
  exchange->on_tunnel({e.tunnel.request, "HTTP/1.0 200 Connection established\r\n\r\n", true}, 0.003);
  CHECK(exchange->take_outgoing().empty());  // not before the handshake
  CHECK(exchange->log().events.back().text ==
        "tunnel to example.com:443 established (HTTP/1.0 200 Connection established), starting the TLS handshake with "
        "example.com");
  CHECK(exchange->log().proxy.connect_received == "HTTP/1.0 200 Connection established\r\n\r\n");
  // The request inside the tunnel is in origin-form (RFC 9112 §3.2.1).
  exchange->on_secured({}, 0.004);
  CHECK(exchange->take_outgoing().rfind("GET /x HTTP/1.1\r\nHost: example.com\r\n", 0) == 0);
}

TEST_CASE("the proxy's answer to CONNECT: need more, established, refused with its status line", "[proxy]") {
  const std::string ok = "HTTP/1.1 200 Connection established\r\nX: y\r\n\r\n";
  for (std::size_t i = 0; i < ok.size(); ++i)
    CHECK(read_connect_reply(ok.substr(0, i), "p:1", "o:443").state == ConnectReply::State::need_more);
  ConnectReply r = read_connect_reply(ok + "\x16\x03", "p:1", "o:443");
  CHECK(r.state == ConnectReply::State::established);
  CHECK(r.head_size == ok.size());
  ConnectReply denied =
      read_connect_reply("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\nno", "127.0.0.1:3128",
                         "example.com:443");
  CHECK(denied.state == ConnectReply::State::failed);
  CHECK(denied.status == 407);
  CHECK(denied.error.code == ErrorCode::proxy_failed);
  CHECK(denied.error.message.find("\"HTTP/1.0 407 Proxy Authentication Required\"") != std::string::npos);
  CHECK(denied.error.message.find("--proxy-user") != std::string::npos);
  CHECK(read_connect_reply("SSH-2.0-OpenSSH\r\n\r\n", "p", "o").state == ConnectReply::State::failed);
  CHECK(read_connect_reply(std::string(17000, 'a'), "p", "o").state == ConnectReply::State::failed);
}

TEST_CASE("the proxy hop in the log: a refused tunnel keeps the proxy's bytes, and the Layers notes name the proxy", "[proxy]") {
  HttpRequest request;
  request.url = "https://example.com/";
  ExchangeOptions options;
  options.proxy_environment = {{"https_proxy", "http://127.0.0.1:3128"}};
  SECTION("407 to CONNECT") {
    auto exchange = HttpExchange::create(request, options);
    REQUIRE(exchange);
    Endpoint e = exchange->endpoint();
    const std::string answer = "HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n";
    exchange->start(0);
    exchange->on_resolved("127.0.0.1:3128", 0.001);
    exchange->on_connected(0.002);
    exchange->on_tunnel({e.tunnel.request, answer, false}, 0.003);
    ConnectReply reply = read_connect_reply(answer, "127.0.0.1:3128", "example.com:443");
    exchange->on_error(reply.error, 0.003);
    const ExchangeLog& log = exchange->log();
    CHECK(log.phase == Phase::failed);
    CHECK(log.error.code == ErrorCode::proxy_failed);
    CHECK(log.proxy.connect_received == answer);
    CHECK(log.proxy.choice.reason == "https_proxy");
    CHECK(log.bytes_sent.empty());  // nothing of the request to the origin left
    bool quoted = false;
    for (const ExchangeEvent& ev : log.events)
      quoted |= ev.text == "the proxy answered CONNECT example.com:443 with \"HTTP/1.0 407 Proxy Authentication "
                           "Required\" (" + std::to_string(answer.size()) + " bytes)";
    CHECK(quoted);
  }
  SECTION("Layers: the connection is to the proxy; the CONNECT bytes are counted in a note") {
    auto exchange = HttpExchange::create(request, options);
    REQUIRE(exchange);
    Endpoint e = exchange->endpoint();
    exchange->start(0);
    exchange->on_resolved("127.0.0.1:3128", 0.001);
    exchange->on_connected(0.002);
    exchange->on_tunnel({e.tunnel.request, "HTTP/1.1 200 OK\r\n\r\n", true}, 0.003);
    TlsFacts facts;
    facts.version = "TLSv1.3";
    exchange->on_secured(facts, 0.004);
    exchange->take_outgoing();
    exchange->on_data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0.005);
    REQUIRE(exchange->log().phase == Phase::done);
    LayerModel m = model_layers(exchange->log());
    bool noted = false;
    for (const std::string& note : m.notes)
      noted |= note.find("Proxy hop: the TCP connection is to the proxy 127.0.0.1:3128 (https_proxy)") == 0 &&
               note.find("CONNECT (" + std::to_string(e.tunnel.request.size()) + " bytes)") != std::string::npos;
    CHECK(noted);
  }
}
