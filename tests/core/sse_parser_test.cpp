// core: the text/event-stream parser (shared/sse_parser.h) against WHATWG HTML §9.2's examples
// and rules. Every vector is fed whole, one byte at a time, and split in two at every index:
// the events (type, data, id, retry, offset, size) must not depend on how the bytes came.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shared/sse_parser.h"

using namespace wirepad;

namespace {

struct Parsed {
  std::vector<SseEvent> events;
  std::string last_id;
  std::optional<std::uint64_t> retry;
  std::size_t discarded = 0;
  std::size_t comments = 0;
  Error error;
};

Parsed parse_pieces(const std::vector<std::string>& pieces) {
  SseParser parser;
  Parsed out;
  double now = 0;
  for (const std::string& piece : pieces) parser.feed(piece, now += 1, out.events);
  out.discarded = parser.finish();
  out.last_id = parser.last_event_id();
  out.retry = parser.retry_ms();
  out.comments = parser.comments();
  out.error = parser.error();
  return out;
}

std::string describe(const Parsed& p) {
  std::string s;
  for (const SseEvent& e : p.events)
    s += "[" + e.type + "|" + e.data + "|" + e.id + "|" + (e.retry_ms ? std::to_string(*e.retry_ms) : "-") + "|@" +
         std::to_string(e.offset) + "+" + std::to_string(e.size) + "]";
  return s + " last=" + p.last_id + " discarded=" + std::to_string(p.discarded) + " comments=" +
         std::to_string(p.comments) + (p.error ? " error=" + p.error.message : "");
}

// Whole, byte by byte, and every two-way split give the same result; returns it.
Parsed parse_every_way(const std::string& stream) {
  Parsed whole = parse_pieces({stream});
  std::string expected = describe(whole);
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  CAPTURE(stream);
  CHECK(describe(parse_pieces(bytes)) == expected);
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    CAPTURE(cut);
    CHECK(describe(parse_pieces({stream.substr(0, cut), stream.substr(cut)})) == expected);
  }
  return whole;
}

}  // namespace

TEST_CASE("SSE: the spec's stock-ticker example joins data lines with LF", "[sse]") {
  // §9.2.6: "data: YHOO\ndata: +2\ndata: 10\n\n" is one message event, data "YHOO\n+2\n10".
  Parsed p = parse_every_way("data: YHOO\ndata: +2\ndata: 10\n\n");
  REQUIRE(p.events.size() == 1);
  CHECK(p.events[0].type == "message");
  CHECK(p.events[0].data == "YHOO\n+2\n10");
  CHECK(p.events[0].id.empty());
  CHECK(p.events[0].offset == 0);
  CHECK(p.events[0].size == 30);
  CHECK(p.discarded == 0);
}

TEST_CASE("SSE: the spec's four-block example: comment, ids that persist, an unfinished event", "[sse]") {
  // §9.2.6: the first block is a comment and fires nothing; the second sets the last event ID
  // to "1"; the third fires with id still "1"; "data:  third event" keeps one of its two spaces;
  // the last block has no blank line after it and is not dispatched.
  std::string stream =
      ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
  Parsed p = parse_every_way(stream);
  REQUIRE(p.events.size() == 2);
  CHECK(p.events[0].data == "first event");
  CHECK(p.events[0].id == "1");
  CHECK(p.events[0].offset == 15);
  CHECK(p.events[1].data == "second event");
  CHECK(p.events[1].id.empty());  // "id" alone sets the buffer to the empty string
  CHECK(p.events[1].offset == stream.find("data:second"));
  CHECK(p.comments == 1);
  CHECK(p.discarded == std::string("data:  third event\n").size());
}

TEST_CASE("SSE: the spec's empty-data example fires two events, the first with empty data", "[sse]") {
  // §9.2.6: "data\n\ndata\ndata\n\ndata:" : an empty message, then one whose data is "\n";
  // the last line is discarded.
  Parsed p = parse_every_way("data\n\ndata\ndata\n\ndata:");
  REQUIRE(p.events.size() == 2);
  CHECK(p.events[0].data.empty());
  CHECK(p.events[1].data == "\n");
  CHECK(p.discarded == 5);
}

TEST_CASE("SSE: the spec's space example: one leading space is removed", "[sse]") {
  // §9.2.6: "data:test\n\ndata: test\n\n" fires two identical events.
  Parsed p = parse_every_way("data:test\n\ndata: test\n\n");
  REQUIRE(p.events.size() == 2);
  CHECK(p.events[0].data == "test");
  CHECK(p.events[1].data == "test");
}

TEST_CASE("SSE: CR, LF and CRLF end lines, mixed in one stream and split anywhere", "[sse]") {
  Parsed p = parse_every_way("event: a\rdata: 1\r\rdata: 2\r\n\r\nevent: c\ndata: 3\r\n\ndata: 4\n\r");
  REQUIRE(p.events.size() == 4);
  CHECK(p.events[0].type == "a");
  CHECK(p.events[0].data == "1");
  CHECK(p.events[1].type == "message");
  CHECK(p.events[1].data == "2");
  CHECK(p.events[2].type == "c");
  CHECK(p.events[2].data == "3");
  CHECK(p.events[3].data == "4");
  // A CR at the end of one piece and an LF at the start of the next are one line end, not
  // a line end and a blank line (which would dispatch "data: x" early and "y" alone).
  Parsed split = parse_pieces({"data: x\r", "\ndata: y\r\n\r\n"});
  REQUIRE(split.events.size() == 1);
  CHECK(split.events[0].data == "x\ny");
}

TEST_CASE("SSE: a leading BOM is skipped once, even split, a second one is data", "[sse]") {
  Parsed p = parse_every_way("\xEF\xBB\xBF" "data: a\n\n\xEF\xBB\xBF" "data: b\n\n");
  REQUIRE(p.events.size() == 1);  // the second BOM makes the field "\uFEFFdata", an unknown one
  CHECK(p.events[0].data == "a");
  CHECK(p.events[0].offset == 3);
  SseParser parser;
  std::vector<SseEvent> events;
  parser.feed("\xEF", 0, events);
  parser.feed("\xBB", 0, events);
  parser.feed("\xBF" "data: c\n\n", 0, events);
  REQUIRE(events.size() == 1);
  CHECK(parser.bom_skipped());
  // Two bytes of a BOM and then something else: the bytes are text, so the line is a field
  // named "\xEF\xBBdata" (shown with U+FFFD) and nothing fires.
  Parsed partial = parse_every_way("\xEF\xBB" "data: d\n\ndata: e\n\n");
  REQUIRE(partial.events.size() == 1);
  CHECK(partial.events[0].data == "e");
}

TEST_CASE("SSE: event, id with NUL, retry digits only, unknown fields, comments", "[sse]") {
  std::string stream =
      std::string("event: add\nid: 7\nretry: 1500\ndata: {\"n\":1}\n\n"
      ": keep-alive\n"
      "id: bad") + std::string(1, '\0') + "id\nretry: 1.5\nretry: -1\nretry:\nfoo: bar\ndata: two\n\n"
      "retry: 250\n\n"
      "data:third\n\n";
  Parsed p = parse_every_way(stream);
  REQUIRE(p.events.size() == 3);
  CHECK(p.events[0].type == "add");
  CHECK(p.events[0].id == "7");
  CHECK(p.events[0].retry_ms == 1500);
  CHECK(p.events[0].data == "{\"n\":1}");
  CHECK(p.events[1].type == "message");  // the type does not carry over
  CHECK(p.events[1].id == "7");           // an id with NUL is ignored: the old one stays
  CHECK_FALSE(p.events[1].retry_ms);      // "1.5", "-1", "" are not digits
  CHECK(p.events[2].retry_ms == std::nullopt);
  CHECK(p.retry == 250u);  // a retry-only block fires nothing but sets the reconnection time
  CHECK(p.last_id == "7");
  CHECK(p.comments == 1);
}

TEST_CASE("SSE: the last event ID is set at a blank line even when nothing fires", "[sse]") {
  SseParser parser;
  std::vector<SseEvent> events;
  parser.feed("id: 42\n", 0, events);
  CHECK(parser.last_event_id().empty());  // not yet: the block has not ended
  parser.feed("\n", 0, events);
  CHECK(events.empty());
  CHECK(parser.last_event_id() == "42");
  parser.feed("data: x\n\n", 0, events);
  REQUIRE(events.size() == 1);
  CHECK(events[0].id == "42");
}

TEST_CASE("SSE: the time is when the dispatching blank line arrived", "[sse]") {
  SseParser parser;
  std::vector<SseEvent> events;
  parser.feed("data: slow\n", 1.0, events);
  parser.feed("\n", 2.5, events);
  REQUIRE(events.size() == 1);
  CHECK(events[0].at == 2.5);
  CHECK(parser.bytes_fed() == 12);
}

TEST_CASE("SSE: invalid UTF-8 becomes U+FFFD, one per maximal subpart", "[sse]") {
  std::size_t replaced = 0;
  CHECK(utf8_with_replacement("a\xFF" "b", replaced) == "a\xEF\xBF\xBD" "b");
  CHECK(utf8_with_replacement("\xE2\x82" "A", replaced) == "\xEF\xBF\xBD" "A");  // a cut character: one
  CHECK(utf8_with_replacement("\xC3\xA9", replaced) == "\xC3\xA9");
  CHECK(utf8_with_replacement("\xED\xA0\x80", replaced) == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(replaced == 5);
  Parsed p = parse_every_way("data: caf\xC3\xA9 \xF0\x9F\x98\x80 \xC0\n\n");
  REQUIRE(p.events.size() == 1);
  CHECK(p.events[0].data == "caf\xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD");
}

TEST_CASE("SSE: a line past the limit is an error naming where it starts, and sticks", "[sse]") {
  SseLimits limits;
  limits.max_line = 16;
  SseParser parser(limits);
  std::vector<SseEvent> events;
  parser.feed("data: ok\n\ndata: 0123456789", 0, events);
  CHECK_FALSE(parser.error());
  parser.feed("abcdef\n\n", 0, events);
  REQUIRE(parser.error());
  CHECK(parser.error().code == ErrorCode::response_too_large);
  CHECK(parser.error().offset == 10);
  CHECK(parser.error().message.find("body byte 10") != std::string::npos);
  CHECK(events.size() == 1);
  parser.feed("data: later\n\n", 0, events);
  CHECK(events.size() == 1);
  limits.max_line = 1 << 20;
  limits.max_event_data = 10;
  SseParser small(limits);
  small.feed("data: 12345\ndata: 67890\n\n", 0, events);
  REQUIRE(small.error());
  CHECK(small.error().message.find("event starting at body byte 0") != std::string::npos);
}

TEST_CASE("SSE: Content-Type text/event-stream is recognized with parameters and any case", "[sse]") {
  CHECK(is_event_stream_type("text/event-stream"));
  CHECK(is_event_stream_type(" Text/Event-Stream ; charset=utf-8"));
  CHECK_FALSE(is_event_stream_type("text/event-streams"));
  CHECK_FALSE(is_event_stream_type("application/json"));
  CHECK_FALSE(is_event_stream_type(""));
}
