// The browser's relay in the timings (issue 17): the relay's set-up is its own phase, measured
// by the page, and the relay's name lookup, connect and TLS handshake are reported as the
// relay's, never folded into name lookup. Driven through the real HttpExchange, HttpCall and
// HttpSession with the event order web/web_transport.cpp delivers (a relay's Transport here is
// a scripted one: the real one needs a browser, and e2e_browser checks it there).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "shared/exchange.h"
#include "shared/experiment.h"
#include "shared/history_record.h"
#include "shared/http_session.h"

using namespace wirepad;

namespace {

HttpExchange exchange_for(const std::string& url) {
  HttpRequest request;
  request.url = url;
  auto created = HttpExchange::create(request);
  REQUIRE(created.ok());
  return std::move(created.value());
}

bool has_event(const ExchangeLog& log, const std::string& part) {
  for (const ExchangeEvent& e : log.events)
    if (e.text.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("relay set-up is its own phase, before the relay's own lookup and connect", "[exchange][relay]") {
  HttpExchange x = exchange_for("http://127.0.0.1:8080/");
  x.start(10.0);
  // The page opened its WebSocket to the relay in 150 ms; the relay then answered "connected"
  // at 10.160 having looked nothing up (a literal address) and connected in 2 ms.
  x.on_relay_open(10.150);
  x.on_resolved("127.0.0.1:8080", 10.158);
  x.on_connected(10.160);
  x.on_relay_report(RelayReport{0.0, 0.002, -1}, 10.160);
  REQUIRE_FALSE(x.take_outgoing().empty());
  x.on_data("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", 10.170);
  const ExchangeLog& log = x.log();
  REQUIRE(log.phase == Phase::done);
  const Timings& t = log.timings;
  CHECK(t.relay.used());
  CHECK(t.relay.open == Approx(0.150));
  CHECK(t.relay.answered == Approx(0.160));
  CHECK(t.relay.dns == 0.0);
  CHECK(t.relay.connect == Approx(0.002));
  CHECK(t.relay.tls == -1);
  // Name lookup ends after the relay's set-up, and took what the relay says it took (nothing),
  // not the 150 ms of the WebSocket.
  CHECK(t.namelookup == Approx(0.158));
  CHECK(t.namelookup - t.relay.open < 0.01);
  CHECK(t.connect == Approx(0.160));
  CHECK(t.total == Approx(0.170));
  // The timeline says who measured what, and no longer that the page was resolving.
  CHECK(log.events.front().text == "opening the relay WebSocket (wirepad serve), which then resolves 127.0.0.1");
  CHECK(has_event(log, "relay WebSocket open (measured by the page)"));
  CHECK(has_event(log, "the relay connected to 127.0.0.1: name lookup 0.0 ms, connect 2.0 ms (measured by the relay"));
  for (std::size_t i = 1; i < log.events.size(); ++i) CHECK(log.events[i].at >= log.events[i - 1].at);

  // The exchange JSON (wirepad.state(), --json) and history records carry them.
  nlohmann::json j = nlohmann::json::parse(exchange_log_to_json(log));
  REQUIRE(j["timings"].contains("relay"));
  CHECK(j["timings"]["relay"]["open"].get<double>() == Approx(0.150));
  CHECK(j["timings"]["relay"]["connect"].get<double>() == Approx(0.002));
  CHECK(j["timings"]["relay"]["tls"].get<double>() == -1);
  HistoryRecord record;
  record.experiment.request.url = "http://127.0.0.1:8080/";
  record.log = log;
  Result<HistoryRecord> back = parse_history_record(serialize_history_record(record));
  REQUIRE(back.ok());
  CHECK(back->log.timings.relay.open == Approx(0.150));
  CHECK(back->log.timings.relay.answered == Approx(0.160));
  CHECK(back->log.timings.relay.connect == Approx(0.002));
  CHECK(back->log.timings.relay.tls == -1);
}

TEST_CASE("without a relay the timings have no relay phase (desktop, CLI)", "[exchange][relay]") {
  HttpExchange x = exchange_for("http://127.0.0.1:8080/");
  x.start(0);
  x.on_resolved("127.0.0.1:8080", 0.001);
  x.on_connected(0.002);
  x.take_outgoing();
  x.on_data("HTTP/1.1 204 No Content\r\n\r\n", 0.003);
  CHECK_FALSE(x.log().timings.relay.used());
  CHECK(x.log().events.front().text == "resolving 127.0.0.1");
  nlohmann::json j = nlohmann::json::parse(exchange_log_to_json(x.log()));
  CHECK_FALSE(j["timings"].contains("relay"));
  HistoryRecord record;
  record.experiment.request.url = "http://127.0.0.1:8080/";
  record.log = x.log();
  Result<HistoryRecord> back = parse_history_record(serialize_history_record(record));
  REQUIRE(back.ok());
  CHECK_FALSE(back->log.timings.relay.used());
}

namespace {

// A Transport that delivers what web/web_transport.cpp delivers for a relay connection, in its
// order, from open() (the events a real relay socket would deliver from its callbacks).
class ScriptedRelayConnection final : public Connection {
 public:
  void send(std::string_view bytes) override { sent += bytes; }
  void close() override { closed = true; }
  std::string sent;
  bool closed = false;
};

class ScriptedRelayTransport final : public Transport {
 public:
  std::unique_ptr<Connection> open(const Endpoint& endpoint, ConnectionEvents& events) override {
    auto c = std::make_unique<ScriptedRelayConnection>();
    last = c.get();
    tls = endpoint.tls;
    user = &events;
    return c;
  }
  double now() const override { return clock; }
  double clock = 0;
  bool tls = false;
  ConnectionEvents* user = nullptr;
  ScriptedRelayConnection* last = nullptr;
};

}  // namespace

TEST_CASE("HttpCall and a pooled connection pass the relay's events on", "[exchange][relay]") {
  ScriptedRelayTransport transport;
  HttpSession session(transport);
  transport.clock = 5.0;
  HttpCall call(session, exchange_for("https://example.test/"));
  call.start();
  REQUIRE(transport.user != nullptr);
  CHECK(transport.tls);
  transport.user->on_relay_open(5.040);
  transport.user->on_resolved("192.0.2.1:443", 5.050);
  transport.user->on_connected(5.060);
  TlsFacts facts;
  facts.version = "TLSv1.3";
  facts.by_relay = true;
  transport.user->on_secured(facts, 5.090);
  transport.user->on_relay_report(RelayReport{0.010, 0.010, 0.030}, 5.090);
  CHECK(transport.last->sent.rfind("GET / HTTP/1.1\r\n", 0) == 0);  // the request left once secured
  const Timings& t = call.log().timings;
  CHECK(t.relay.open == Approx(0.040));
  CHECK(t.relay.dns == Approx(0.010));
  CHECK(t.relay.tls == Approx(0.030));
  CHECK(t.appconnect == Approx(0.090));
  CHECK(has_event(call.log(), "TLS handshake 30.0 ms (measured by the relay"));
}
