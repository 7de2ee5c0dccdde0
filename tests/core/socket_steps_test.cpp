// core: the socket lab's later steps driven with events and times, no sockets: receive,
// expect with a regular expression, TCP half-close both ways, UDP's datagram limit, the
// timeline, and the experiment format for all of them.
#include <catch2/catch.hpp>

#include "shared/experiment.h"
#include "shared/socket_session.h"

using namespace wirepad;

namespace {

Endpoint endpoint(Protocol protocol = Protocol::tcp) {
  Endpoint e;
  e.protocol = protocol;
  e.host = "127.0.0.1";
  e.port = 9000;
  return e;
}

SocketStep step(StepKind kind, std::string bytes = {}, double seconds = 5, bool regex = false) {
  return SocketStep{kind, std::move(bytes), seconds, regex};
}

// A session that is connected at t=1.
SocketSession connected(std::vector<SocketStep> steps, Protocol protocol = Protocol::tcp) {
  steps.insert(steps.begin(), step(StepKind::connect));
  auto session = SocketSession::create(endpoint(protocol), std::move(steps));
  REQUIRE(session);
  SocketSession s = std::move(session.value());
  s.start(0);
  s.mark_opened();
  s.on_connected(1);
  return s;
}

}  // namespace

TEST_CASE("receive takes whatever arrives, or fails at its timeout saying so", "[socket][receive]") {
  SocketSession s = connected({step(StepKind::receive, {}, 2), step(StepKind::receive, {}, 2)});
  CHECK(s.log().steps_done == 1);
  s.on_data("hello", 1.5);
  CHECK(s.log().steps_done == 2);
  s.on_tick(3.0);
  CHECK(s.log().state == SocketState::open);
  s.on_tick(3.5);
  REQUIRE(s.log().state == SocketState::failed);
  CHECK(s.log().error.code == ErrorCode::idle_timeout);
  CHECK(s.log().error.message == "step 3 (receive): nothing arrived within 2 s");
  // The timeline: connect and the first receive passed, the second failed with the reason.
  REQUIRE(s.log().steps.size() == 3);
  CHECK(s.log().steps[1].ok);
  CHECK(s.log().steps[1].started == Approx(1));
  CHECK(s.log().steps[1].ended == Approx(1.5));
  CHECK_FALSE(s.log().steps[2].ok);
  CHECK(s.log().steps[2].error == s.log().error.message);
  CHECK(s.log().steps[2].ended == Approx(3.5));
}

TEST_CASE("expect with a regular expression matches across pieces and consumes through the match", "[socket][regex]") {
  SocketSession s = connected({step(StepKind::expect, "HTTP/1\\.[01] (\\d{3})", 5, true), step(StepKind::expect, "World", 5)});
  s.on_data("HTTP/1.1 2", 1.1);
  CHECK(s.log().steps_done == 1);
  s.on_data("00 OK\r\n\r\nHello, World!", 1.2);
  CHECK(s.log().steps_done == 3);
  CHECK_FALSE(s.log().error);

  // A pattern that does not compile is refused before anything runs, naming the step.
  Error bad = SocketSession::validate({step(StepKind::connect), step(StepKind::expect, "([a-z", 5, true)});
  REQUIRE(bad);
  CHECK(bad.message.rfind("step 2 (expect): /([a-z/ is not a regular expression: ", 0) == 0);
}

TEST_CASE("half-close: our FIN goes out through the transport, and sends after it are refused", "[socket][shutdown]") {
  SocketSession s = connected({step(StepKind::send, "bye"), step(StepKind::shutdown), step(StepKind::expect, "ok")});
  CHECK(s.take_outgoing() == "bye");
  CHECK(s.wants_shutdown());
  CHECK(s.log().steps_done == 2);
  s.mark_shutdown(true, 1.1);
  CHECK(s.log().write_shut);
  CHECK(s.log().steps_done == 3);
  s.on_data("ok", 1.2);
  CHECK(s.log().steps_done == 4);
  CHECK(s.queue(step(StepKind::send, "more"), 1.3).message == "step 5 (send) comes after shutdown: this side's sending half is closed");
  // The peer's FIN after ours: both halves are closed.
  s.on_closed(1.4);
  CHECK(s.log().state == SocketState::closed);
  CHECK(s.wants_close());

  SocketSession web = connected({step(StepKind::shutdown)});
  web.mark_shutdown(false, 1.1);
  CHECK(web.log().state == SocketState::failed);
  CHECK(web.log().error.message.find("cannot half-close") != std::string::npos);
}

TEST_CASE("the peer's FIN ends its sending only: this side can still send", "[socket][shutdown]") {
  SocketSession s = connected({step(StepKind::expect, "last words")});
  s.on_data("last words", 1.1);
  s.on_closed(1.2);
  CHECK(s.log().peer_finished);
  CHECK(s.log().state == SocketState::open);
  CHECK_FALSE(s.queue(step(StepKind::send, "thanks"), 1.3));
  CHECK(s.take_outgoing() == "thanks");
  // Waiting for more bytes after the FIN fails at once, without waiting for the timeout.
  CHECK_FALSE(s.queue(step(StepKind::receive, {}, 60), 1.4));
  CHECK(s.log().state == SocketState::failed);
  CHECK(s.log().error.code == ErrorCode::closed_early);
  CHECK(s.log().error.message.find("recv returned 0") != std::string::npos);
}

TEST_CASE("UDP: one datagram per send, the size limit, and no half-close", "[socket][udp]") {
  SocketSession s = connected({step(StepKind::send, "one"), step(StepKind::send, "two")}, Protocol::udp);
  std::vector<std::string> datagrams = s.take_messages();
  CHECK(datagrams == std::vector<std::string>{"one", "two"});

  auto too_big = SocketSession::create(endpoint(Protocol::udp), {step(StepKind::connect), step(StepKind::send, std::string(65508, 'x'))});
  REQUIRE_FALSE(too_big);
  CHECK(too_big.error().message ==
        "step 2 (send): 65508 bytes do not fit in one UDP datagram (at most 65507 bytes: 65,535 minus the IP and UDP headers); split it "
        "or use TCP");
  CHECK(SocketSession::create(endpoint(Protocol::udp), {step(StepKind::connect), step(StepKind::send, std::string(65507, 'x'))}));
  // Typed one step at a time, the same answer, and the session goes on.
  SocketSession live = connected({}, Protocol::udp);
  CHECK(live.queue(step(StepKind::send, std::string(70000, 'x')), 2).message.find("do not fit in one UDP datagram") != std::string::npos);
  CHECK(live.log().state == SocketState::open);
  CHECK(live.queue(step(StepKind::shutdown), 2).message.find("half-close is TCP's") != std::string::npos);
}

TEST_CASE("socket experiments keep the new steps, the family and the UDP options", "[socket][experiment]") {
  Experiment e;
  e.kind = ExperimentKind::socket;
  e.name = "lab";
  e.socket.protocol = Protocol::udp;
  e.socket.host = "239.1.2.3";
  e.socket.port = 5000;
  e.socket.family = AddressFamily::ipv4;
  e.socket.multicast_ttl = 4;
  e.socket.multicast_loopback = false;
  e.socket.broadcast = true;
  e.socket.steps = {step(StepKind::connect, "", 5), step(StepKind::send, "x", 5), step(StepKind::receive, "", 2.5),
                    step(StepKind::expect, "^x+$", 3, true), step(StepKind::close, "", 5)};
  std::string text = serialize_experiment(e);
  CHECK_THAT(text, Catch::Contains("\"family\": \"ipv4\""));
  CHECK_THAT(text, Catch::Contains("\"expect_regex\": \"^x+$\""));
  auto back = parse_experiment(text);
  REQUIRE(back);
  CHECK(back->socket.family == AddressFamily::ipv4);
  CHECK(back->socket.multicast_ttl == 4);
  CHECK_FALSE(back->socket.multicast_loopback);
  CHECK(back->socket.broadcast);
  REQUIRE(back->socket.steps.size() == 5);
  CHECK(back->socket.steps[2].kind == StepKind::receive);
  CHECK(back->socket.steps[2].seconds == 2.5);
  CHECK(back->socket.steps[3].regex);
  CHECK(back->socket.steps[3].bytes == "^x+$");

  auto tcp = parse_experiment(R"({"kind":"socket","socket":{"host":"h","port":1,"steps":[{"connect":true},{"shutdown":true},{"close":true}]}})");
  REQUIRE(tcp);
  CHECK(tcp->socket.steps[1].kind == StepKind::shutdown);
  auto bad_family = parse_experiment(R"({"kind":"socket","socket":{"host":"h","port":1,"family":"ipx","steps":[]}})");
  REQUIRE_FALSE(bad_family);
  CHECK(bad_family.error().message.find("socket.family must be") != std::string::npos);
}
