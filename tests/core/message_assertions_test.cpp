// Assertions and captures over the messages a socket or WebSocket conversation received
// (docs/assertions.md, "Conversations"): the "test" object of a conversation read, written
// (format 6) and refused where it names what a conversation does not have; a run's result
// from a recorded WsLog and SocketLog, with the message picked by "message", expected vs
// actual, and captures flowing into the next request. The real peers are in
// tests/native/ws_peer_test.cpp.
#include <catch2/catch.hpp>

#include "shared/experiment.h"
#include "shared/test_run.h"
#include "shared/ws_handshake.h"

using namespace wirepad;

namespace {

Result<Experiment> ws_experiment(const std::string& test_json) {
  return parse_experiment(R"({"wirepad": 6, "kind": "websocket", "name": "feed",
      "websocket": {"url": "ws://h/feed", "steps": [{"send": "sub"}]}, "test": )" +
                          test_json + "}");
}

Experiment must(Result<Experiment> e) {
  INFO((e ? std::string() : e.error().message));
  REQUIRE(e.ok());
  return e.value();
}

WsLog conversation(std::vector<std::pair<WsDirection, std::string>> messages) {
  WsLog log;
  Result<Url> url = parse_ws_url("ws://h/feed");
  REQUIRE(url);
  log.url = url.value();
  log.state = WsState::closed;
  for (auto& [direction, data] : messages) {
    WsMessageRecord m;
    m.direction = direction;
    m.data = std::move(data);
    log.messages.push_back(std::move(m));
  }
  StepRecord handshake;
  handshake.label = "1. connect and handshake";
  handshake.ok = true;
  handshake.ended = 0.01;
  StepRecord send = handshake;
  send.label = "2. send \"sub\"";
  send.ended = 0.02;
  log.steps = {handshake, send};
  return log;
}

const AssertionResult* find(const RequestResult& r, const std::string& description) {
  for (const AssertionResult& a : r.assertions)
    if (a.description == description) return &a;
  return nullptr;
}

}  // namespace

TEST_CASE("a conversation's test: read, written as format 6, and refused where it asks for a response",
          "[test_run][messages][experiment]") {
  Experiment e = must(ws_experiment(R"({
      "assert": [{"subject": "json", "path": "$.type", "op": "==", "value": "ack", "message": 1},
                 {"subject": "messages", "op": ">=", "value": 2},
                 {"subject": "body", "op": "contains", "value": "tick"}],
      "capture": [{"variable": "sid", "from": "json", "path": "$.session", "message": -2}]})"));
  REQUIRE(e.test.assertions.size() == 3);
  CHECK(e.test.assertions[0].message == 1);
  CHECK(e.test.assertions[2].message == 0);  // not written: the last message
  CHECK(e.test.captures[0].message == -2);
  CHECK(describe(e.test.assertions[0]) == "json $.type == \"ack\" in message 1");
  CHECK(describe(e.test.captures[0]) == "sid from json $.session of message 2 from the end");
  const std::string text = serialize_experiment(e);
  CHECK_THAT(text, Catch::StartsWith("{\n  \"wirepad\": 6"));  // a format-5 reader says it is from a newer Wirepad
  CHECK_THAT(text, Catch::Contains("\"message\": 1"));
  CHECK(must(parse_experiment(text)) == e);

  auto error = [](const Result<Experiment>& r) {
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK_THAT(error(ws_experiment(R"({"assert": [{"subject": "header", "name": "X", "op": "exists"}]})")),
             Catch::Contains("test.assert[0]: a socket or WebSocket conversation has no header to check"));
  CHECK_THAT(error(ws_experiment(R"({"capture": [{"variable": "c", "from": "cookie", "name": "sid"}]})")),
             Catch::Contains("test.capture[0]: a socket or WebSocket conversation has no cookie to capture"));
  CHECK_THAT(error(ws_experiment(R"({"assert": [{"subject": "body", "op": "contains", "value": "x", "message": 0}]})")),
             Catch::Contains("test.assert[0].message must be a message's number: 1 the first received"));
  CHECK_THAT(error(ws_experiment(R"({"assert": [{"subject": "body", "op": "contains", "value": "x", "message": "last"}]})")),
             Catch::Contains("test.assert[0].message must be a message's number"));
  CHECK_THAT(error(ws_experiment(R"({"repeat_until": {"assert": [{"subject": "messages", "op": ">", "value": 0}]}})")),
             Catch::Contains("test.repeat_until sends an HTTP request again"));
  // An HTTP experiment has one response: no "message", no messages subject.
  CHECK_THAT(error(parse_experiment(R"({"wirepad": 4, "request": {"url": "http://h/"},
                 "test": {"assert": [{"subject": "body", "op": "contains", "value": "x", "message": 2}]}})")),
             Catch::Contains("test.assert[0].message picks a socket or WebSocket conversation's message"));
  CHECK_THAT(error(parse_experiment(R"({"wirepad": 4, "request": {"url": "http://h/"},
                 "test": {"assert": [{"subject": "messages", "op": "==", "value": 1}]}})")),
             Catch::Contains("test.assert[0]: messages counts what a socket or WebSocket conversation received"));
}

TEST_CASE("a WebSocket conversation's messages checked and captured in a run", "[test_run][messages]") {
  Experiment feed = must(ws_experiment(R"x({
      "assert": [{"subject": "json", "path": "$.type", "op": "==", "value": "ack", "message": 1},
                 {"subject": "json", "path": "$.n", "op": ">", "value": 2},
                 {"subject": "messages", "op": "==", "value": 3},
                 {"subject": "body_size", "op": "<", "value": 100, "message": -2},
                 {"subject": "json", "path": "$.type", "op": "==", "value": "tick", "message": 2},
                 {"subject": "body", "op": "contains", "value": "x", "message": 7}],
      "capture": [{"variable": "sid", "from": "json", "path": "$.session", "message": 1},
                  {"variable": "last", "from": "regex", "regex": "\"n\": ?(\\d+)"}]})x"));
  Experiment next = must(parse_experiment(R"({"wirepad": 5, "kind": "websocket", "name": "next",
      "websocket": {"url": "ws://h/{{sid}}", "steps": []}})"));
  TestRun run({{"feed.json", feed}, {"next.json", next}}, Environment{}, {});
  REQUIRE(run.next().kind == TestRun::Step::Kind::send);
  run.conversed(conversation({{WsDirection::sent, "sub"},
                              {WsDirection::received, R"({"type": "ack", "session": "s-42"})"},
                              {WsDirection::received, R"({"type": "tick", "n": 1})"},
                              {WsDirection::received, R"({"type": "tick", "n": 3})"}}));
  REQUIRE(run.next().kind == TestRun::Step::Kind::send);
  // The captures of the first conversation fill the second's URL.
  REQUIRE(run.variables().find("sid"));
  CHECK(run.variables().find("sid")->value == "s-42");
  CHECK(run.variables().find("last")->value == "3");

  const RequestResult& r = run.report().results.at(0);
  CHECK(r.method == "WS");
  CHECK(r.outcome == RequestOutcome::failed);
  REQUIRE(r.assertions.size() == 2 + 6);  // the two steps, then the file's assertions
  CHECK(find(r, "json $.type == \"ack\" in message 1")->passed);
  CHECK(find(r, "json $.n > 2")->passed);  // the last message by default
  CHECK(find(r, "messages == 3")->passed);
  CHECK(find(r, "body_size < 100 in message 2 from the end")->passed);
  const AssertionResult* tick = find(r, "json $.type == \"tick\" in message 2");
  CHECK(tick->passed);
  const AssertionResult* missing = find(r, "body contains \"x\" in message 7");
  REQUIRE(missing);
  CHECK_FALSE(missing->passed);
  CHECK(missing->actual == "(no such message)");
  CHECK_THAT(missing->message, Catch::Contains("there is no message 7: 3 messages were received"));
  CHECK(r.message == missing->message);  // the first failure is the request's message
  REQUIRE(r.captures.size() == 2);
  CHECK(r.captures[0].ok);
}

TEST_CASE("a failing message assertion says expected and actual, and a message that is not JSON says so",
          "[test_run][messages]") {
  Experiment feed = must(ws_experiment(R"({
      "assert": [{"subject": "json", "path": "$.type", "op": "==", "value": "ack"},
                 {"subject": "json", "path": "$.type", "op": "exists", "message": 1}]})"));
  TestRun run({{"feed.json", feed}}, Environment{}, {});
  REQUIRE(run.next().kind == TestRun::Step::Kind::send);
  run.conversed(conversation({{WsDirection::received, "plain text"}, {WsDirection::received, R"({"type": "nack"})"}}));
  const RequestResult& r = run.report().results.at(0);
  CHECK(r.outcome == RequestOutcome::failed);
  const AssertionResult* ack = find(r, "json $.type == \"ack\"");
  REQUIRE(ack);
  CHECK(ack->expected == "\"ack\"");
  CHECK(ack->actual == "\"nack\"");
  const AssertionResult* first = find(r, "json $.type exists in message 1");
  REQUIRE(first);
  CHECK(first->actual == "not JSON");
  CHECK_THAT(first->message, Catch::Contains("message 1 is not JSON (it starts \"plain text\")"));
}

TEST_CASE("a socket conversation: a TCP stream is one message, each UDP datagram is one", "[test_run][messages]") {
  auto socket_experiment = [](const std::string& protocol) {
    return must(parse_experiment(R"({"wirepad": 6, "kind": "socket", "name": "s",
        "socket": {"protocol": ")" + protocol + R"(", "host": "127.0.0.1", "port": 9, "steps": []},
        "test": {"assert": [{"subject": "messages", "op": "==", "value": 2},
                            {"subject": "body", "op": "==", "value": "+OK ready\r\n+PONG\r\n", "message": 1}]}})"));
  };
  auto log_of = [](Protocol protocol) {
    SocketLog log;
    log.endpoint.protocol = protocol;
    log.endpoint.host = "127.0.0.1";
    log.endpoint.port = 9;
    log.state = SocketState::closed;
    for (const char* chunk : {"+OK ready\r\n", "+PONG\r\n"}) {
      TranscriptEntry t;
      t.kind = TranscriptEntry::Kind::received;
      t.bytes = chunk;
      log.transcript.push_back(t);
    }
    return log;
  };
  TestRun tcp({{"tcp.json", socket_experiment("tcp")}}, Environment{}, {});
  REQUIRE(tcp.next().kind == TestRun::Step::Kind::send);
  tcp.conversed(log_of(Protocol::tcp));
  const RequestResult& t = tcp.report().results.at(0);
  CHECK(t.method == "TCP");
  CHECK_FALSE(find(t, "messages == 2")->passed);  // the stream is one message, however it was read
  CHECK(find(t, "body == \"+OK ready\\r\\n+PONG\\r\\n\" in message 1")->passed);

  TestRun udp({{"udp.json", socket_experiment("udp")}}, Environment{}, {});
  REQUIRE(udp.next().kind == TestRun::Step::Kind::send);
  udp.conversed(log_of(Protocol::udp));
  const RequestResult& u = udp.report().results.at(0);
  CHECK(find(u, "messages == 2")->passed);  // two datagrams
  const AssertionResult* first = find(u, "body == \"+OK ready\\r\\n+PONG\\r\\n\" in message 1");
  REQUIRE(first);
  CHECK_FALSE(first->passed);
  CHECK(first->actual == "\"+OK ready\\r\\n\"");
}
