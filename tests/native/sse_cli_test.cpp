// native: `wirepad send --sse` against real event streams: the lab's /sse (native/lab_httpbin.cpp)
// and a third party's, Python's http.server (tests/native/sse_peer.py), whose stream mixes
// CR, LF and CRLF split at odd places. Ends by the server's close, --max-time and Ctrl-C;
// reconnects with Last-Event-ID after the server's retry:.
#include <catch2/catch.hpp>

#include <csignal>
#include <string>
#include <vector>

#include "native/lab_servers.h"
#include "tests/native/child_process.h"

using namespace wirepad::native;
using wirepad::test::ChildProcess;
using wirepad::test::run_command;
using wirepad::test::RunResult;

namespace {

struct Lab {
  LabServers servers;
  std::string base;
  Lab() {
    LabOptions o;
    o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
    LabStatus status = servers.start(o);
    REQUIRE(status.hello_port > 0);
    base = "http://127.0.0.1:" + std::to_string(status.hello_port);
  }
};

struct Peer {
  Peer() : process({"/usr/bin/python3", WIREPAD_SSE_PEER}) {
    auto line = process.wait_for_line("listening", 20);
    REQUIRE(line);
    base = "http://127.0.0.1:" + line->substr(line->find(' ') + 1);
  }
  ChildProcess process;
  std::string base;
};

RunResult send(std::vector<std::string> args) {
  args.insert(args.begin(), {WIREPAD_BINARY, "send"});
  return run_command(args);
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string after_head(const std::string& out) { return out.substr(out.find("\r\n\r\n") + 4); }

}  // namespace

TEST_CASE("send --sse: the lab's /sse printed one block per event, ended by the server", "[sse][cli]") {
  Lab lab;
  RunResult r = send({"--sse", lab.base + "/sse?interval_ms=20&count=5&retry=1500"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "HTTP/1.1 200 OK\r\n"));
  CHECK(has(r.out, "Content-Type: text/event-stream\r\n"));
  std::string events = after_head(r.out);
  CHECK(count(events, "event: tick\n") == 4);
  // The fifth is a note whose two data lines were joined by the parser and printed apart again.
  CHECK(has(events, "event: note\nid: 5\ndata: event 5 is a note\ndata: with a second data line\n\n"));
  CHECK(has(events, "event: tick\nid: 1\ndata: {\"n\":1,\"ms\":"));
  CHECK(events.rfind("event: tick\nid: 4\n", 0) == std::string::npos);  // in order, from id 1
  CHECK(events.find("id: 1\n") < events.find("id: 4\n"));
  CHECK_FALSE(has(events, "retry:"));  // the retry came in a block without data: no event
}

TEST_CASE("send --sse: Accept: text/event-stream is sent, unless -H gives an Accept", "[sse][cli]") {
  Lab lab;
  RunResult r = send({"--sse", "-v", lab.base + "/sse?interval_ms=10&count=1"});
  INFO(r.err);
  CHECK(has(r.err, "> Accept: text/event-stream"));
  CHECK(has(r.out, ": event 1 at "));  // -v: each block says when it came and where it starts
  CHECK(has(r.err, "* event stream: 1 events, 1 comments"));
  RunResult mine = send({"--sse", "-v", "-H", "Accept: */*", lab.base + "/sse?interval_ms=10&count=1"});
  CHECK(has(mine.err, "> Accept: */*"));
  CHECK_FALSE(has(mine.err, "> Accept: text/event-stream"));
}

TEST_CASE("send --sse: a stream that never ends stops at --max-time with status 0", "[sse][cli]") {
  Lab lab;
  RunResult r = send({"--sse", "--max-time", "1", lab.base + "/sse?interval_ms=50"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.err, "wirepad: the event stream was stopped (--max-time) after "));
  // Count events by their id lines: every fifth event (a note) has two data lines. The lab
  // sends one every 50 ms from when the stream starts, so at most 20 fit in the second; the
  // upper bound is loose (a loaded machine runs late) but still fails if --max-time let the
  // stream run on.
  std::size_t n = count(r.out, "\nid: ");  // the output starts with the response head
  CHECK(n >= 5);
  CHECK(n <= 30);
}

TEST_CASE("send --sse: Python's http.server mixing CR, LF and CRLF, split oddly", "[sse][cli][peer]") {
  Peer peer;
  RunResult r = send({"--sse", "-v", peer.base + "/odd"});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  std::string events = after_head(r.out);
  // The -v comment lines carry times: keep the event lines only.
  std::string lines;
  for (std::size_t at = 0; at < events.size();) {
    std::size_t nl = events.find('\n', at);
    std::string line = events.substr(at, nl - at + 1);
    if (line.rfind(": ", 0) != 0) lines += line;
    at = nl + 1;
  }
  CHECK(lines ==
        "event: greeting\ndata: hello\ndata: world\n\n"
        "event: message\nid: 7\ndata: caf\xC3\xA9\n\n"
        "event: message\nid: 7\ndata: keeps id 7\n\n"
        "event: message\nid: 7\nretry: 2500\ndata: no space\n\n"
        "event: message\nid: 7\ndata: {\"json\": [1, 2, 3]}\n\n");
  CHECK(has(r.err, "* event stream: 5 events, 1 comments, the last 35 bytes an unfinished event (not dispatched)"));
  CHECK(has(r.err, "event stream: the last 35 bytes were an unfinished event"));
}

TEST_CASE("send --sse: Ctrl-C ends a stream with status 0 and the events printed", "[sse][cli][peer]") {
  Peer peer;
  ChildProcess cli({WIREPAD_BINARY, "send", "--sse", peer.base + "/forever"}, true);
  REQUIRE(cli.wait_for_line("data: tick 3", 10));
  cli.signal(SIGINT);
  CHECK(cli.wait_exit(10) == 0);
  CHECK(has(cli.seen() + cli.rest(), "wirepad: the event stream was stopped (Ctrl-C) after "));
}

TEST_CASE("send --sse-reconnect: again after the server's retry, with Last-Event-ID", "[sse][cli][peer]") {
  Peer peer;
  RunResult r = send({"--sse-reconnect", "1", peer.base + "/reconnect"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.out, "id: 2\ndata: two\n\n"));
  CHECK(has(r.out, "event: message\nid: 3\ndata: you sent Last-Event-ID 2\n\n"));
  CHECK(has(r.err, "wirepad: the server closed the stream; reconnect 1 of 1 in 150 ms (the server's retry:) with Last-Event-ID 2"));
  CHECK(has(r.err, "wirepad: not reconnecting: the server closed the stream and all 1 reconnects were made"));
  CHECK(count(r.out, "HTTP/1.0 200 OK") == 2);
}

TEST_CASE("send --sse: a response that is not an event stream is printed as it is, after a note", "[sse][cli][peer]") {
  Peer peer;
  RunResult r = send({"--sse", peer.base + "/html"});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(has(r.err, "--sse: the response's Content-Type is 'text/html', not text/event-stream; printed as it is"));
  CHECK(has(r.out, "<p>data: not an event</p>"));
  RunResult bad = send({"--sse", "-o", "x.txt", peer.base + "/odd"});
  CHECK(bad.status == 2);
  CHECK(has(bad.err, "--sse prints the events to stdout; -o x.txt cannot be used with it"));
  RunResult lab_bad = send({"--sse-reconnect", "lots", peer.base + "/odd"});
  CHECK(lab_bad.status == 2);
  CHECK(has(lab_bad.err, "--sse-reconnect takes a number of reconnects from 0 to 1000, not 'lots'"));
}

TEST_CASE("lab /sse: bad parameters are a 400 naming them, Last-Event-ID continues the ids", "[sse][cli]") {
  Lab lab;
  RunResult r = send({lab.base + "/sse?interval_ms=5"});
  CHECK(has(r.out, "400"));
  CHECK(has(r.out, "/sse: interval_ms takes 10 to 60000 milliseconds, not '5'"));
  RunResult resumed = send({"--sse", "-H", "Last-Event-ID: 41", lab.base + "/sse?interval_ms=10&count=2"});
  CHECK(has(resumed.out, "id: 42\n"));
  CHECK(has(resumed.out, "id: 43\n"));
  CHECK_FALSE(has(resumed.out, "id: 1\n"));
}
