// Integration: every chaos lab behaviour, sent with the real HttpExchange over the real POSIX
// transport on loopback. For each one: the exact error (or the lenient result and the warning
// that says so), that the call ended within its timeout, and that the bytes received so far
// are kept in the log.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <algorithm>
#include <set>
#include <thread>
#include <string>

#include "child_process.h"
#include "native/chaos_server.h"
#include "native/lab_servers.h"
#include "native/posix_transport.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

ChaosServer& chaos() {
  static ChaosServer server;
  if (server.port() == 0) REQUIRE(server.start(0));
  return server;
}

ExchangeOptions short_timeouts() {
  ExchangeOptions o;
  o.connect_timeout = 2;
  o.first_byte_timeout = 2;
  o.idle_timeout = 1;
  o.total_timeout = 5;
  return o;
}

struct Sent {
  ExchangeLog log;
  double seconds = 0;  // wall clock, start to finish
};

Sent send(const std::string& url, const ExchangeOptions& options) {
  HttpRequest request;
  request.url = url;
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange.ok());
  auto start = std::chrono::steady_clock::now();
  Sent sent;
  sent.log = perform_blocking(std::move(exchange).value());
  sent.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return sent;
}

bool any_contains(const std::vector<std::string>& texts, const std::string& needle) {
  for (const auto& t : texts)
    if (t.find(needle) != std::string::npos) return true;
  return false;
}

struct ChaosCase {
  std::string path;
  ErrorCode code;             // none: the exchange completes (perhaps leniently)
  std::string text;           // in the error message, or in a warning when code is none
  std::string received;       // log.bytes_received must start with this
  std::function<void(const ExchangeLog&)> more = {};
  std::function<void(ExchangeOptions&)> options = {};
  double at_least = 0;        // seconds the call must have taken (the timeout that fired)
};

const std::string kChunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n";
// The chaos lab's first HTTP/2 frame: an empty SETTINGS.
const std::string kH2Settings("\x00\x00\x00\x04\x00\x00\x00\x00\x00", 9);
void h2(ExchangeOptions& o) { o.http_version = HttpVersion::http2_prior_knowledge; }

// Behaviours that answer at once (or close, or reset): each must end well before 5 s.
const std::vector<ChaosCase>& quick_cases() {
  static const std::vector<ChaosCase> cases = {
      {"/ok", ErrorCode::none, "", "HTTP/1.1 200 OK\r\n",
       [](const ExchangeLog& log) {
         CHECK(log.body() == "The chaos lab says hello.\n");
         CHECK(log.warnings.empty());
       }},
      {"/truncated-chunk", ErrorCode::closed_early, "in the middle of a chunked body, after 40 body bytes", kChunkedHead,
       [](const ExchangeLog& log) { CHECK(log.body() == "only forty bytes of a 256-byte chunk...."); }},
      {"/bad-chunk-size", ErrorCode::malformed_response, "Expected a hexadecimal chunk size", kChunkedHead},
      {"/negative-content-length", ErrorCode::malformed_response, "Content-Length '-5'", "HTTP/1.1 200 OK\r\n"},
      {"/huge-content-length", ErrorCode::response_too_large, "is larger than any body this parser reads",
       "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n"},
      {"/cl-and-te", ErrorCode::none, "both Transfer-Encoding and Content-Length", "HTTP/1.1 200 OK\r\n",
       [](const ExchangeLog& log) { CHECK(log.body() == "hello"); }},
      {"/two-content-lengths", ErrorCode::malformed_response, "two different Content-Length values (5 and 7)",
       "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"},
      {"/header-over-64k", ErrorCode::response_too_large, "The response head is larger than 65536 bytes",
       "HTTP/1.1 200 OK\r\nX-Big: aaaa",
       [](const ExchangeLog& log) { CHECK(log.bytes_received.size() >= 64 * 1024); }},
      {"/ten-thousand-headers", ErrorCode::response_too_large, "more than 1000 header fields",
       "HTTP/1.1 200 OK\r\nX-0: 1\r\n", [](const ExchangeLog& log) { CHECK(log.response.headers.size() == 1000); }},
      {"/bare-lf", ErrorCode::none, "bare LF line ending at byte 15", "HTTP/1.1 200 OK\n",
       [](const ExchangeLog& log) {
         CHECK(log.body() == "hello");
         CHECK(log.warnings.size() == 4);  // status line, two fields, the empty line
       }},
      {"/no-reason-phrase", ErrorCode::none, "status line without the space after the status code",
       "HTTP/1.1 200\r\n",
       [](const ExchangeLog& log) {
         CHECK(log.response.status == 200);
         CHECK(log.response.reason.empty());
         CHECK(log.body() == "hello");
       }},
      {"/http09", ErrorCode::malformed_response, "does not start with a valid status line", "<html><body>An HTTP/0.9"},
      {"/invalid-status", ErrorCode::malformed_response, "the status code must be three digits", "HTTP/1.1 2OO OK"},
      {"/interim-flood", ErrorCode::response_too_large, "more than 100 interim (1xx) responses",
       "HTTP/1.1 102 Processing\r\n\r\n",
       [](const ExchangeLog& log) { CHECK(log.response.interim.size() == 100); }},
      {"/interim-then-ok", ErrorCode::none, "", "HTTP/1.1 100 Continue\r\n\r\n",
       [](const ExchangeLog& log) {
         REQUIRE(log.response.interim.size() == 2);
         CHECK(log.response.interim[0].status == 100);
         CHECK(log.response.interim[1].status == 103);
         CHECK(log.response.status == 200);
         CHECK(log.body() == "ok");
       }},
      {"/reset-mid-body", ErrorCode::connection_reset, "was reset by the peer",
       "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nxxxx",
       [](const ExchangeLog& log) {
         CHECK(log.body() == std::string(100, 'x'));
         CHECK(log.has_response_head);
       }},
      {"/close-before-headers", ErrorCode::closed_early, "closed before any response byte arrived", "",
       [](const ExchangeLog& log) { CHECK(log.bytes_received.empty()); }},
      {"/close-mid-headers", ErrorCode::closed_early, "in the middle of the response head, after 27 bytes",
       "HTTP/1.1 200 OK\r\nContent-Ty"},
      {"/truncated-body", ErrorCode::closed_early, "after 10 of 100 body bytes",
       "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..",
       [](const ExchangeLog& log) { CHECK(log.body() == "only ten.."); }},
      {"/gzip-that-lies", ErrorCode::none, "The body is not valid gzip data (Content-Encoding: gzip): it does not start with the gzip magic bytes",
       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n",
       [](const ExchangeLog& log) {
         // The raw bytes stay as received: the body is never replaced by a failed decode, and
         // what a person reads is that body, with the warning.
         CHECK(log.body() == "this is plain text, not gzip");
         CHECK(log.display_body() == "this is plain text, not gzip");
         CHECK(log.decoding.error.code == ErrorCode::malformed_response);
         auto coding = find_header(log.response.headers, "Content-Encoding");
         REQUIRE(coding);
         CHECK(coding->value == "gzip");
       }},
      {"/garbage", ErrorCode::malformed_response, "does not start with a valid status line", "\x8f",
       [](const ExchangeLog& log) { CHECK(log.bytes_received.size() == 512); }},
      {"/tls-alert", ErrorCode::malformed_response, "It looks like TLS: use https:// for this server",
       std::string("\x15\x03\x01\x00\x02\x02\x28", 7)},
      {"/tls-handshake-failure", ErrorCode::none, "", "HTTP/1.1 200 OK\r\n",
       [](const ExchangeLog& log) { CHECK_THAT(std::string(log.body()), Catch::Contains("Use https://")); }},
      {"/slow-accept", ErrorCode::none, "", "HTTP/1.1 200 OK\r\n",
       [](const ExchangeLog& log) {
         CHECK_THAT(std::string(log.body()),
                    Catch::Contains("http://127.0.0.1:" + std::to_string(chaos().slow_accept_port()) + "/"));
       }},
      {"/chunk-extension-bomb", ErrorCode::response_too_large, "A chunk-size line is longer than 4096 bytes",
       kChunkedHead + "\r\n5;ext=eeee"},
      {"/huge-chunk-size", ErrorCode::response_too_large, "has more than 15 hex digits", kChunkedHead},
      {"/chunk-overrun", ErrorCode::malformed_response, "Chunk data is not followed by CRLF", kChunkedHead,
       [](const ExchangeLog& log) { CHECK(log.body() == "hel"); }},
      {"/obs-fold", ErrorCode::none, "obsolete line folding at byte 39", "HTTP/1.1 200 OK\r\nX-Folded: first part\r\n",
       [](const ExchangeLog& log) {
         auto folded = find_header(log.response.headers, "X-Folded");
         REQUIRE(folded);
         CHECK(folded->value == "first part second part");
         CHECK(log.body() == "ok");
       }},
      {"/bare-cr", ErrorCode::malformed_response, "A bare carriage return inside a line at byte 24",
       "HTTP/1.1 200 OK\r\nX-Cr: a\rb"},
      {"/nul-in-header", ErrorCode::malformed_response, "A NUL byte inside a line at byte 25",
       std::string("HTTP/1.1 200 OK\r\nX-Nul: a\0b", 27)},
      {"/space-before-colon", ErrorCode::malformed_response, "Whitespace between the header name 'Content-Length'",
       "HTTP/1.1 200 OK\r\nContent-Length : 2"},
      {"/http2-reply", ErrorCode::malformed_response, "only HTTP/1.x is spoken", "HTTP/2 200\r\n"},
      {"/no-framing", ErrorCode::none, "", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n",
       [](const ExchangeLog& log) {
         CHECK(log.body() == "no Content-Length, no chunks: the body ends when the connection does.\n");
         CHECK(log.warnings.empty());
       }},
      {"/body-after-204", ErrorCode::none, "", "HTTP/1.1 204 No Content\r\n",
       [](const ExchangeLog& log) {
         CHECK(log.response.status == 204);
         CHECK(log.body().empty());  // 204 never has content (RFC 9110 §15.3.5)
       }},
      {"/unknown-transfer-coding", ErrorCode::none, "transfer coding 'gzip' is not decoded",
       "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n",
       [](const ExchangeLog& log) { CHECK(log.body() == "not really gzip either"); }},
      {"/trailers-over-64k", ErrorCode::response_too_large, "The response trailers are larger than 65536 bytes",
       kChunkedHead, [](const ExchangeLog& log) { CHECK(log.body() == "hello"); }},
      {"/content-length-too-short", ErrorCode::none, "", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n",
       [](const ExchangeLog& log) { CHECK(log.body() == "abc"); }},
      // HTTP/2 with prior knowledge (native/chaos_h2.h): each misbehaviour a named error.
      {"/h2/ok", ErrorCode::none, "", kH2Settings,
       [](const ExchangeLog& log) {
         CHECK(log.http2.used);
         CHECK(log.response.status == 200);
         CHECK(log.body() == "A well-formed HTTP/2 answer.\n");
       },
       h2},
      {"/h2/bad-settings", ErrorCode::http2_error,
       "The server broke HTTP/2 in its SETTINGS frame (a SETTINGS payload must be a multiple of 6 bytes, this one is 5)",
       std::string("\x00\x00\x05\x04", 4), {}, h2},
      {"/h2/rst-stream", ErrorCode::http2_error, "The server reset stream 1 with RST_STREAM REFUSED_STREAM", kH2Settings, {}, h2},
      {"/h2/goaway", ErrorCode::http2_error, "GOAWAY NO_ERROR (last stream 0, \"going away\") before stream 1 ended; it did not",
       kH2Settings, {}, h2},
      {"/h2/goaway-mid-stream", ErrorCode::http2_error, "GOAWAY INTERNAL_ERROR (last stream 1, \"maintenance\")", kH2Settings,
       [](const ExchangeLog& log) { CHECK(log.body() == "first 40 of 100 bytes; then the server..."); }, h2},
      {"/h2/huge-table", ErrorCode::http2_error, "GOAWAY COMPRESSION_ERROR", kH2Settings, {}, h2},
      {"/h2/window-overflow", ErrorCode::http2_error, "GOAWAY FLOW_CONTROL_ERROR", kH2Settings, {}, h2},
      {"/h2/upper-header", ErrorCode::http2_error, "Wirepad reset stream 1 with RST_STREAM PROTOCOL_ERROR", kH2Settings,
       [](const ExchangeLog& log) { CHECK_THAT(log.error.message, Catch::Contains("X-Upper")); }, h2},
      {"/h2/close-mid-stream", ErrorCode::closed_early, "The server closed the connection before stream 1 ended", kH2Settings,
       [](const ExchangeLog& log) { CHECK(log.body() == "first 40 of 100 bytes; then the server..."); }, h2},
  };
  return cases;
}

// Behaviours that only a timeout ends: the timeout that fires is the one set shortest.
const std::vector<ChaosCase>& timeout_cases() {
  static const std::vector<ChaosCase> cases = {
      {"/never-ending-body", ErrorCode::total_timeout, "did not finish within 2 s (the total timeout)", kChunkedHead,
       [](const ExchangeLog& log) {
         CHECK(log.body().size() >= 0x4000);
         CHECK(log.body().find_first_not_of('z') == std::string::npos);
       },
       [](ExchangeOptions& o) { o.total_timeout = 2; }, 2},
      {"/trickle", ErrorCode::total_timeout, "did not finish within 2.5 s (the total timeout)", "HTT",
       [](const ExchangeLog& log) {
         CHECK(log.bytes_received.size() >= 2);
         CHECK(log.bytes_received.size() <= 4);
       },
       [](ExchangeOptions& o) {
         o.idle_timeout = 2;  // longer than the 1 s between bytes: only the total limit is reached
         o.total_timeout = 2.5;
       },
       2.5},
      {"/stall-mid-body", ErrorCode::idle_timeout, "sent nothing for 1 s in the middle of the response",
       "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nten bytes.",
       [](const ExchangeLog& log) { CHECK(log.body() == "ten bytes."); }, {}, 1},
      {"/no-response", ErrorCode::first_byte_timeout, "sent no response within 1 s", "",
       [](const ExchangeLog& log) { CHECK(log.bytes_received.empty()); },
       [](ExchangeOptions& o) { o.first_byte_timeout = 1; }, 1},
  };
  return cases;
}

double limit_of(const ExchangeOptions& o) { return o.total_timeout; }

void check_case(const ChaosCase& c) {
  CAPTURE(c.path);
  ExchangeOptions options = short_timeouts();
  if (c.options) c.options(options);
  Sent sent = send("http://127.0.0.1:" + std::to_string(chaos().port()) + c.path, options);
  const ExchangeLog& log = sent.log;
  CAPTURE(log.error.message, log.warnings, sent.seconds);
  if (c.code == ErrorCode::none) {
    REQUIRE(log.phase == Phase::done);
    if (!c.text.empty()) CHECK(any_contains(log.warnings, c.text));
  } else {
    REQUIRE(log.phase == Phase::failed);
    CHECK(log.error.code == c.code);
    CHECK_THAT(log.error.message, Catch::Contains(c.text));
  }
  // No call outlives its limits; the ones a timeout ends took at least that long.
  CHECK(sent.seconds < limit_of(options) + 0.5);
  CHECK(sent.seconds >= c.at_least - 0.05);
  // The bytes that arrived are kept, whatever went wrong.
  CHECK(log.bytes_received.compare(0, c.received.size(), c.received) == 0);
  if (c.more) c.more(log);
}

}  // namespace

TEST_CASE("every chaos behaviour that answers at once gives its exact result", "[chaos][integration]") {
  auto index = GENERATE(range(std::size_t(0), quick_cases().size()));
  check_case(quick_cases()[index]);
}

TEST_CASE("every chaos behaviour that never finishes ends at the timeout that applies", "[chaos][integration]") {
  auto index = GENERATE(range(std::size_t(0), timeout_cases().size()));
  check_case(timeout_cases()[index]);
}

TEST_CASE("a TLS client gets a handshake failure from the chaos lab", "[chaos][integration]") {
  ExchangeOptions options = short_timeouts();
  options.verify_tls = false;
  // The handshake's own timeout (connect_timeout) made long, so "ended by the alert, not by
  // waiting" is told apart without a fixed bound of one second: setting up TLS alone took
  // 1.4 s under AddressSanitizer on a loaded machine.
  options.connect_timeout = 20;
  Sent sent = send("https://127.0.0.1:" + std::to_string(chaos().port()) + "/tls-handshake-failure", options);
  CAPTURE(sent.log.error.message);
  REQUIRE(sent.log.phase == Phase::failed);
  CHECK(sent.log.error.code == ErrorCode::tls_failed);
  CHECK_THAT(sent.log.error.message, Catch::Contains("handshake failure"));
  CHECK_THAT(sent.log.error.message, Catch::Contains("the server refused the handshake with a TLS alert"));
  CHECK(sent.log.bytes_received.empty());  // the alert is TLS, not HTTP
  CHECK(sent.seconds < 10);
}

TEST_CASE("connecting to the slow-accept port times out as connect_timeout", "[chaos][integration]") {
  REQUIRE(chaos().slow_accept_port() > 0);
  ExchangeOptions options = short_timeouts();
  options.connect_timeout = 1;
  Sent sent = send("http://127.0.0.1:" + std::to_string(chaos().slow_accept_port()) + "/", options);
  CAPTURE(sent.log.error.message);
  REQUIRE(sent.log.phase == Phase::failed);
  CHECK(sent.log.error.code == ErrorCode::connect_timeout);
  CHECK(sent.seconds >= 0.95);
  CHECK(sent.seconds < 1.5);
  CHECK(sent.log.bytes_sent.empty());
}

TEST_CASE("the chaos index lists every behaviour, and every behaviour has a test", "[chaos][integration]") {
  const auto& behaviours = chaos_behaviours();
  CHECK(behaviours.size() >= 25);
  Sent sent = send("http://127.0.0.1:" + std::to_string(chaos().port()) + "/", short_timeouts());
  REQUIRE(sent.log.phase == Phase::done);
  std::set<std::string> tested;
  for (const auto* table : {&quick_cases(), &timeout_cases()})
    for (const ChaosCase& c : *table) tested.insert(c.path);
  std::set<std::string> paths;
  for (const ChaosBehaviour& b : behaviours) {
    CAPTURE(b.path);
    CHECK(paths.insert(std::string(b.path)).second);  // no path twice
    CHECK_FALSE(b.description.empty());
    CHECK_THAT(std::string(sent.log.body()), Catch::Contains("  " + std::string(b.path) + " ") &&
                                           Catch::Contains(std::string(b.description)));
  }
  CHECK(paths == tested);

  Sent missing = send("http://127.0.0.1:" + std::to_string(chaos().port()) + "/no-such-thing", short_timeouts());
  REQUIRE(missing.log.phase == Phase::done);
  CHECK(missing.log.response.status == 404);
}

TEST_CASE("the chaos server stops promptly with connections still open", "[chaos][integration]") {
  ChaosServer server;
  REQUIRE(server.start(0));
  std::string port = std::to_string(server.port());
  // A client stuck in a never-ending body while the server stops: the stop ends it.
  HttpRequest request;
  request.url = "http://127.0.0.1:" + port + "/never-ending-body";
  ExchangeOptions options = short_timeouts();
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange.ok());
  ExchangeLog log;
  std::thread client([&] { log = perform_blocking(std::move(exchange).value()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  server.stop();
  double stop_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  client.join();
  CHECK(stop_seconds < 0.5);
  CHECK(server.port() == 0);
  REQUIRE(log.phase == Phase::failed);
  CHECK(log.error.code == ErrorCode::closed_early);  // the server closed mid-body
  CHECK_FALSE(log.body().empty());
}

TEST_CASE("wirepad lab starts the chaos lab as its fourth server", "[chaos][cli]") {
  LabServers lab;
  LabOptions o;
  o.hello_port = o.tcp_echo_port = o.udp_echo_port = 0;
  o.chaos_port = 0;
  LabStatus status = lab.start(o);
  REQUIRE(status.chaos_port > 0);
  CHECK(std::find(status.lines.begin(), status.lines.end(),
                  "chaos     http://127.0.0.1:" + std::to_string(status.chaos_port) + "/") != status.lines.end());

  // The binary: `wirepad lab --chaos-port 0` prints the chaos line with the port it got.
  test::ChildProcess child({WIREPAD_BINARY, "lab", "--hello-port", "0", "--tcp-echo-port", "0", "--udp-echo-port", "0",
                      "--chaos-port", "0"});
  auto line = child.wait_for_line("chaos");
  REQUIRE(line);
  CHECK_THAT(*line, Catch::StartsWith("chaos     http://127.0.0.1:"));
  std::string url = line->substr(line->find("http://"));
  Sent sent = send(url + "ok", short_timeouts());
  CHECK(sent.log.phase == Phase::done);
  CHECK(sent.log.response.status == 200);
}
