// ResponseParser against the vectors in tests/data/responses/: each one is fed whole, one
// byte at a time and split at every index, and every way must give the same result; every
// strict prefix of a message must answer need_more.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shared/response_parser.h"
#include "vector_files.h"

using namespace wirepad;

namespace {

enum class Expect {
  done,               // complete after feed()
  done_after_finish,  // read until close: complete once finish() is called
  error,              // feed() fails
  error_after_finish  // incomplete: finish() fails with closed_early
};

struct ResponseVector {
  const char* name;
  Expect expect;
  int status = 0;
  std::string body;
  std::size_t headers = 0;
  std::size_t warnings = 0;
  std::size_t interim = 0;
  ErrorCode code = ErrorCode::none;
  std::int64_t error_offset = -1;
  ResponseParserOptions options = {};
  bool reads_until_close = false;  // no framing: finish() completes the body
};

ResponseParserOptions head_options() {
  ResponseParserOptions o;
  o.response_to_head = true;
  return o;
}
ResponseParserOptions header_bytes(std::size_t n) {
  ResponseParserOptions o;
  o.max_header_bytes = n;
  return o;
}
ResponseParserOptions header_count(std::size_t n) {
  ResponseParserOptions o;
  o.max_headers = n;
  return o;
}
ResponseParserOptions interim_count(std::size_t n) {
  ResponseParserOptions o;
  o.max_interim_responses = n;
  return o;
}
ResponseParserOptions body_bytes(std::size_t n) {
  ResponseParserOptions o;
  o.max_body_bytes = n;
  return o;
}

// name, expect, status, body, headers, warnings, interim, code, offset, options
const std::vector<ResponseVector>& vectors() {
  static const std::vector<ResponseVector> table = {
      {"content_length", Expect::done, 200, "hello world\n", 2},
      {"content_length_zero", Expect::done, 200, "", 1},
      {"content_length_repeated_equal", Expect::done, 200, "hello", 2},
      {"chunked_extensions_trailers", Expect::done, 200, "hello world0123456789", 2},
      {"chunked_uppercase_hex", Expect::done, 200, "abcdefghijklmnopqrstuvwxyz", 1, 1},
      {"read_until_close", Expect::done_after_finish, 200, "the body ends when the server closes", 1, 0, 0,
       ErrorCode::none, -1, {}, true},
      {"head_response", Expect::done, 200, "", 2, 0, 0, ErrorCode::none, -1, head_options()},
      {"no_content_204", Expect::done, 204, "", 1},
      {"not_modified_304", Expect::done, 304, "", 2},
      {"continue_then_200", Expect::done, 200, "ok", 1, 0, 1},
      {"early_hints_then_200", Expect::done, 200, "ok", 1, 0, 1},
      {"switching_protocols_101", Expect::done, 101, "", 2},
      {"trailing_bytes_after_response", Expect::done, 200, "abc", 1},
      {"status_without_reason", Expect::done, 404, "", 1, 1},
      {"status_empty_reason", Expect::done, 404, "", 1},
      {"bare_lf", Expect::done, 200, "ok", 1, 3},
      {"obs_fold", Expect::done, 200, "", 2, 2},
      {"te_and_cl", Expect::done, 200, "abc", 2, 1},
      {"bad_content_length", Expect::error, 200, "", 1, 0, 0, ErrorCode::malformed_response, 17},
      {"two_content_lengths", Expect::error, 200, "", 2, 0, 0, ErrorCode::malformed_response, 36},
      {"invalid_status", Expect::error, 0, "", 0, 0, 0, ErrorCode::malformed_response, 0},
      {"not_http", Expect::error, 0, "", 0, 0, 0, ErrorCode::malformed_response, 0},
      {"http2_version", Expect::error, 0, "", 0, 0, 0, ErrorCode::malformed_response, 0},
      {"http2_no_minor", Expect::error, 0, "", 0, 0, 0, ErrorCode::malformed_response, 0},
      {"tls_alert", Expect::error_after_finish, 0, "", 0, 0, 0, ErrorCode::malformed_response, 0},
      {"foreign_no_line_end", Expect::error, 0, "", 0, 0, 0, ErrorCode::malformed_response, 0},
      {"space_before_colon", Expect::error, 200, "", 0, 0, 0, ErrorCode::malformed_response, 31},
      {"bare_cr_in_header", Expect::error, 200, "", 0, 0, 0, ErrorCode::malformed_response, 23},
      {"bad_chunk_size", Expect::error, 200, "", 1, 0, 0, ErrorCode::malformed_response, 47},
      {"chunk_longer_than_size", Expect::error, 200, "hel", 1, 0, 0, ErrorCode::malformed_response, 53},
      {"header_too_large", Expect::error, 200, "", 0, 0, 0, ErrorCode::response_too_large, 100, header_bytes(100)},
      {"too_many_headers", Expect::error, 200, "", 3, 0, 0, ErrorCode::response_too_large, 35, header_count(3)},
      {"body_too_large", Expect::error, 200, "01234567890123456789", 0, 0, 0, ErrorCode::response_too_large, 39, body_bytes(20), true},
      {"interim_flood", Expect::error, 102, "", 0, 0, 3, ErrorCode::response_too_large, 106, interim_count(3)},
      {"interim_flood", Expect::done, 200, "ok", 1, 0, 4, ErrorCode::none, -1, interim_count(4)},
      {"truncated_body", Expect::error_after_finish, 200, std::string(120, 'y'), 1, 0, 0, ErrorCode::closed_early, 160},
      {"truncated_chunked", Expect::error_after_finish, 200, "hello", 1, 0, 0, ErrorCode::closed_early, 57},
      {"truncated_head", Expect::error_after_finish, 200, "", 0, 0, 0, ErrorCode::closed_early, 28},
  };
  return table;
}

struct Outcome {
  ParseStatus status = ParseStatus::need_more;
  std::size_t consumed = 0;       // sum of feed() results
  std::size_t bytes_consumed = 0;  // parser's own count
  Error error;
  HttpResponse response;
  std::vector<std::string> warnings;
  bool headers_complete = false;
};

// Feeds `data` cut at `cuts` (increasing indices), stops at done/error, then finish() when
// the parser still wants more and `finish` is set.
Outcome run(const std::string& data, const std::vector<std::size_t>& cuts, const ResponseParserOptions& options,
            bool finish) {
  ResponseParser parser(options);
  Outcome out;
  std::size_t from = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(data.size());
  for (std::size_t end : ends) {
    if (end < from) continue;
    ParseResult r = parser.feed(std::string_view(data).substr(from, end - from));
    out.consumed += r.consumed;
    out.status = r.status;
    if (r.status == ParseStatus::need_more) REQUIRE(r.consumed == end - from);  // need_more consumes all
    from = end;
    if (r.status != ParseStatus::need_more) break;
  }
  if (out.status == ParseStatus::need_more && finish) out.status = parser.finish().status;
  out.bytes_consumed = parser.bytes_consumed();
  out.error = parser.error();
  out.response = parser.response();
  out.warnings = parser.warnings();
  out.headers_complete = parser.headers_complete();
  return out;
}

void require_same(const Outcome& a, const Outcome& b) {
  REQUIRE(a.status == b.status);
  REQUIRE(a.error.code == b.error.code);
  REQUIRE(a.error.offset == b.error.offset);
  REQUIRE(a.error.message == b.error.message);
  REQUIRE(a.response.status == b.response.status);
  REQUIRE(a.response.reason == b.response.reason);
  REQUIRE(a.response.headers == b.response.headers);
  REQUIRE(a.response.body == b.response.body);
  REQUIRE(a.response.trailers == b.response.trailers);
  REQUIRE(a.response.interim.size() == b.response.interim.size());
  REQUIRE(a.warnings == b.warnings);
  REQUIRE(a.headers_complete == b.headers_complete);
  if (a.status != ParseStatus::error) {
    REQUIRE(a.consumed == b.consumed);
    REQUIRE(a.bytes_consumed == b.bytes_consumed);
  }
}

Outcome parse_whole(const std::string& data, ResponseParserOptions options = {}, bool finish = true) {
  return run(data, {}, options, finish);
}

}  // namespace

TEST_CASE("response vectors give the same result whole, byte by byte and split anywhere", "[parser][vectors]") {
  auto index = GENERATE(range(std::size_t(0), vectors().size()));
  const ResponseVector& v = vectors()[index];
  CAPTURE(v.name);
  std::string data = test::read_vector(std::string("responses/") + v.name + ".http");
  bool finish = v.expect == Expect::done_after_finish || v.expect == Expect::error_after_finish;

  Outcome whole = run(data, {}, v.options, finish);
  CAPTURE(whole.error.message);
  switch (v.expect) {
    case Expect::done:
    case Expect::done_after_finish: REQUIRE(whole.status == ParseStatus::done); break;
    case Expect::error:
    case Expect::error_after_finish: REQUIRE(whole.status == ParseStatus::error); break;
  }
  CHECK(whole.error.code == v.code);
  CHECK(whole.error.offset == v.error_offset);
  if (v.code != ErrorCode::none) CHECK_FALSE(whole.error.message.empty());
  CHECK(whole.response.status == v.status);
  CHECK(whole.response.body == v.body);
  CHECK(whole.response.headers.size() == v.headers);
  CHECK(whole.warnings.size() == v.warnings);
  CHECK(whole.response.interim.size() == v.interim);

  std::vector<std::size_t> every_byte;
  for (std::size_t i = 1; i < data.size(); ++i) every_byte.push_back(i);
  require_same(whole, run(data, every_byte, v.options, finish));
  for (std::size_t cut = 0; cut <= data.size(); ++cut) {
    CAPTURE(cut);
    require_same(whole, run(data, {cut}, v.options, finish));
  }
}

TEST_CASE("every strict prefix of a response is need_more", "[parser][vectors]") {
  auto index = GENERATE(range(std::size_t(0), vectors().size()));
  const ResponseVector& v = vectors()[index];
  CAPTURE(v.name);
  std::string data = test::read_vector(std::string("responses/") + v.name + ".http");
  Outcome whole = run(data, {}, v.options, false);
  // A complete message ends where the parser stopped consuming; an error vector's prefixes
  // before the offending byte must not fail either.
  std::size_t end = data.size();
  if (v.expect == Expect::done) end = whole.consumed;
  if (v.expect == Expect::error) end = std::size_t(v.error_offset);
  for (std::size_t length = 0; length < end; ++length) {
    CAPTURE(length);
    ResponseParser parser(v.options);
    ParseResult r = parser.feed(std::string_view(data).substr(0, length));
    REQUIRE(r.status == ParseStatus::need_more);
    REQUIRE(r.consumed == length);
    // At end of stream only a read-until-close body is complete.
    ParseResult at_close = parser.finish();
    if (v.reads_until_close && parser.headers_complete()) {
      REQUIRE(at_close.status == ParseStatus::done);
    } else if (length > 0 && data[0] != 'H') {
      // Not HTTP from the first byte: at the close that is what is reported, not a short read.
      REQUIRE(at_close.status == ParseStatus::error);
      REQUIRE(parser.error().code == ErrorCode::malformed_response);
      REQUIRE(parser.error().offset == 0);
    } else {
      REQUIRE(at_close.status == ParseStatus::error);
      REQUIRE(parser.error().code == ErrorCode::closed_early);
      REQUIRE(parser.error().offset == std::int64_t(length));
    }
  }
}

TEST_CASE("a reply that is not HTTP is reported early, with what it looks like", "[parser]") {
  SECTION("a TLS alert answered to plain HTTP, then the close") {
    Outcome o = parse_whole(test::read_vector("responses/tls_alert.http"));
    REQUIRE(o.status == ParseStatus::error);
    CHECK_THAT(o.error.message.c_str(), Catch::Contains("It looks like TLS: use https:// for this server."));
  }
  SECTION("a line without end fails after 41 bytes, not at a timeout") {
    std::string data = test::read_vector("responses/foreign_no_line_end.http");
    Outcome o = parse_whole(data, {}, false);
    REQUIRE(o.status == ParseStatus::error);
    CHECK_THAT(o.error.message.c_str(), Catch::Contains("('<html><body>an HTTP/0.9 reply never ends...')"));
  }
  SECTION("HTTP/2 and HTTP/3 status lines name the version problem") {
    Outcome o = parse_whole(test::read_vector("responses/http2_no_minor.http"));
    REQUIRE(o.status == ParseStatus::error);
    CHECK_THAT(o.error.message.c_str(), Catch::Contains("only HTTP/1.x is spoken"));
  }
}

TEST_CASE("a bad HTTP version is blamed on the version, not the status code", "[parser]") {
  struct Case {
    std::string line;
    const char* message_part;
  };
  auto c = GENERATE(values<Case>({
      {"HTTP/1.10 200 OK", "the HTTP version 'HTTP/1.10' must be HTTP/ with one digit, '.' and one digit"},
      {"HTTP/1 200 OK", "the HTTP version 'HTTP/1' must be HTTP/ with one digit"},
      {"HTTP/1.x 200 OK", "the HTTP version 'HTTP/1.x' must be"},
      {"HTTP/11.1 200 OK", "the HTTP version 'HTTP/11.1' must be"},
      {"HTTP/1.1\t200 OK", "the HTTP version must be followed by one space, not a tab"},
      {"HTTP/1.1", "the status code is missing after the HTTP version"},
      {"HTTP/1.1 2OO OK", "the status code must be three digits"},
  }));
  CAPTURE(c.line);
  Outcome o = parse_whole(c.line + "\r\nContent-Length: 0\r\n\r\n");
  REQUIRE(o.status == ParseStatus::error);
  CHECK(o.error.code == ErrorCode::malformed_response);
  CHECK_THAT(o.error.message, Catch::Contains(c.message_part));
  if (c.line.find("2OO") == std::string::npos) CHECK_THAT(o.error.message, !Catch::Contains("status code must"));
}

TEST_CASE("limit messages name Wirepad's limit, not a C++ setting", "[parser]") {
  ResponseParserOptions small;
  small.max_header_bytes = 64;
  Outcome head = parse_whole("HTTP/1.1 200 OK\r\nX-Long: " + std::string(100, 'a') + "\r\n\r\n", small);
  REQUIRE(head.status == ParseStatus::error);
  CHECK_THAT(head.error.message, Catch::Contains("larger than 64 bytes") && Catch::Contains("the most Wirepad reads of a head"));
  small = {};
  small.max_body_bytes = 3;
  Outcome body = parse_whole("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", small);
  REQUIRE(body.status == ParseStatus::error);
  for (const Outcome* o : {&head, &body}) CHECK_THAT(o->error.message, !Catch::Contains("::") && !Catch::Contains("raise"));
}

TEST_CASE("parsed vectors carry the details the UI shows", "[parser]") {
  SECTION("chunk extensions are ignored and trailers collected") {
    Outcome o = parse_whole(test::read_vector("responses/chunked_extensions_trailers.http"));
    REQUIRE(o.status == ParseStatus::done);
    REQUIRE(o.response.trailers == Headers{{"X-Checksum", "abc"}, {"X-Other", "two"}});
    REQUIRE(o.response.headers[0] == Header{"Transfer-Encoding", "chunked"});
  }
  SECTION("interim responses are kept in order, then the final one") {
    Outcome o = parse_whole(test::read_vector("responses/early_hints_then_200.http"));
    REQUIRE(o.response.interim.size() == 1);
    CHECK(o.response.interim[0].status == 103);
    CHECK(o.response.interim[0].reason == "Early Hints");
    CHECK(o.response.interim[0].headers == Headers{{"Link", "</style.css>; rel=preload"}});
    CHECK(o.response.status == 200);
    CHECK(o.response.headers == Headers{{"Content-Length", "2"}});
  }
  SECTION("obsolete line folding joins with a space and warns") {
    Outcome o = parse_whole(test::read_vector("responses/obs_fold.http"));
    CHECK(o.response.headers[0] == Header{"X-Folded", "one two three"});
    REQUIRE(o.warnings.size() == 2);
    CHECK(o.warnings[0] == "obsolete line folding at byte 32 joined with a space (RFC 9112 §5.2)");
  }
  SECTION("bare LF is accepted with a warning naming the byte") {
    Outcome o = parse_whole(test::read_vector("responses/bare_lf.http"));
    REQUIRE(o.warnings.size() == 3);
    CHECK(o.warnings[0] == "bare LF line ending at byte 15 (RFC 9112 §2.2 expects CRLF)");
  }
  SECTION("Transfer-Encoding wins over Content-Length, with a warning") {
    Outcome o = parse_whole(test::read_vector("responses/te_and_cl.http"));
    REQUIRE(o.warnings.size() == 1);
    CHECK_THAT(o.warnings[0], Catch::Contains("Transfer-Encoding and Content-Length"));
    CHECK_THAT(o.warnings[0], Catch::Contains("RFC 9112 §6.3"));
  }
  SECTION("a coding other than chunked is kept and reported") {
    Outcome o = parse_whole(test::read_vector("responses/chunked_uppercase_hex.http"));
    REQUIRE(o.warnings.size() == 1);
    CHECK_THAT(o.warnings[0], Catch::Contains("'gzip' is not decoded"));
  }
  SECTION("a truncated body keeps what arrived and says how much") {
    Outcome o = parse_whole(test::read_vector("responses/truncated_body.http"));
    CHECK(o.error.message == "The connection closed after 120 of 500 body bytes.");
    CHECK(o.response.body.size() == 120);
    CHECK(o.headers_complete);
  }
  SECTION("two different lengths are named") {
    Outcome o = parse_whole(test::read_vector("responses/two_content_lengths.http"));
    CHECK_THAT(o.error.message, Catch::Contains("(3 and 4)"));
  }
  SECTION("limits name the limit, in words (no C++ setting: no front end shows one)") {
    Outcome big = parse_whole(test::read_vector("responses/header_too_large.http"), header_bytes(100));
    CHECK_THAT(big.error.message, Catch::Contains("larger than 100 bytes") && Catch::Contains("the most Wirepad reads of a head"));
    Outcome many = parse_whole(test::read_vector("responses/too_many_headers.http"), header_count(3));
    CHECK_THAT(many.error.message, Catch::Contains("more than 3 header fields"));
    Outcome body = parse_whole(test::read_vector("responses/body_too_large.http"), body_bytes(20));
    CHECK_THAT(body.error.message, Catch::Contains("larger than 20 bytes") && Catch::Contains("the most Wirepad holds of a body"));
  }
  SECTION("bytes after a complete response are left for the caller") {
    std::string data = test::read_vector("responses/trailing_bytes_after_response.http");
    ResponseParser parser;
    ParseResult r = parser.feed(data);
    REQUIRE(r.status == ParseStatus::done);
    CHECK(data.substr(r.consumed) == "HTTP/1.1 200 OK\r\n");
    ParseResult again = parser.feed("more");
    CHECK(again.consumed == 0);
    CHECK(again.status == ParseStatus::done);
  }
  SECTION("a TLS answer on a plain connection gets a hint") {
    Outcome o = parse_whole(std::string("\x16\x03\x01\x00\x05hello\r\n", 12));
    CHECK_THAT(o.error.message, Catch::Contains("use https://"));
  }
}

TEST_CASE("errors are sticky until reset", "[parser]") {
  ResponseParser parser;
  REQUIRE(parser.feed("HTTP/1.1 2OO OK\r\n").status == ParseStatus::error);
  ParseResult r = parser.feed("HTTP/1.1 200 OK\r\n\r\n");
  CHECK(r.status == ParseStatus::error);
  CHECK(r.consumed == 0);
  CHECK(parser.finish().status == ParseStatus::error);
  CHECK(parser.error().code == ErrorCode::malformed_response);
  parser.reset({});
  CHECK_FALSE(parser.error());
  CHECK(parser.feed("HTTP/1.1 204 No Content\r\n\r\n").status == ParseStatus::done);
}

TEST_CASE("closing before any byte is closed_early", "[parser]") {
  ResponseParser parser;
  CHECK(parser.finish().status == ParseStatus::error);
  CHECK(parser.error().code == ErrorCode::closed_early);
  CHECK(parser.error().message == "The connection closed before any response byte arrived.");
}

// Speed is measured by the benchmarks (tests/bench), never asserted here.
TEST_CASE("a 1 MB body fed one byte at a time parses whole in every framing", "[parser]") {
  const std::size_t size = 1 << 20;
  std::string body(size, 'b');
  for (std::size_t i = 0; i < size; i += 97) body[i] = char('a' + i % 26);

  std::string length_framed = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n" + body;
  std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t i = 0; i < size; i += 4096) {
    std::string piece = body.substr(i, 4096);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx", piece.size());
    chunked += std::string(hex) + ";ext=1\r\n" + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  std::string until_close = "HTTP/1.0 200 OK\r\n\r\n" + body;

  for (const std::string* data : {&length_framed, &chunked, &until_close}) {
    ResponseParser parser;
    ParseResult r;
    for (char c : *data) {
      r = parser.feed(std::string_view(&c, 1));
      if (r.status != ParseStatus::need_more) break;
    }
    if (r.status == ParseStatus::need_more) r = parser.finish();
    CAPTURE(data->size());
    REQUIRE(r.status == ParseStatus::done);
    REQUIRE(parser.response().body == body);
  }
}

TEST_CASE("a Content-Length or read-until-close body can be counted instead of copied", "[parser][body]") {
  // The exchange keeps the stream itself and reads such a body as a range of it.
  ResponseParserOptions options;
  options.copy_unframed_body = false;
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
  auto step = GENERATE(1u, 3u, 100u);
  CAPTURE(step);
  ResponseParser parser(options);
  const std::string wire = head + "hello";
  ParseResult last;
  for (std::size_t i = 0; i < wire.size(); i += step) last = parser.feed(std::string_view(wire).substr(i, step));
  CHECK(last.status == ParseStatus::done);
  CHECK(parser.response().body.empty());
  CHECK(parser.body_bytes() == 5);
  CHECK(parser.body_in_stream());
  CHECK(parser.body_offset() == head.size());

  ResponseParser until_close(options);
  until_close.feed("HTTP/1.0 200 OK\r\n\r\nabc");
  CHECK(until_close.finish().status == ParseStatus::done);
  CHECK(until_close.response().body.empty());
  CHECK(until_close.body_bytes() == 3);
  CHECK(until_close.body_offset() == 19);

  // Chunks are joined whatever the option says: their bytes are not one range of the stream.
  ResponseParser chunked(options);
  chunked.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  CHECK(chunked.done());
  CHECK_FALSE(chunked.body_in_stream());
  CHECK(chunked.response().body == "abc");
}

namespace {
// The same response fed whole (field lines read straight from the buffer) and one byte at a
// time (every line assembled in the parser first).
struct TwoWays {
  ResponseParser whole, bytewise;
  explicit TwoWays(std::string_view message, ResponseParserOptions options = {}) : whole(options), bytewise(options) {
    whole.feed(message);
    for (char c : message) bytewise.feed(std::string_view(&c, 1));
  }
  void require_agree() const {
    REQUIRE(whole.done() == bytewise.done());
    REQUIRE(whole.error().code == bytewise.error().code);
    REQUIRE(whole.error().message == bytewise.error().message);
    REQUIRE(whole.response().headers == bytewise.response().headers);
    REQUIRE(whole.warnings() == bytewise.warnings());
    REQUIRE(whole.response().body == bytewise.response().body);
  }
};
}  // namespace

TEST_CASE("field values keep tabs and controls, lose surrounding whitespace, and fold alike however fed",
          "[parser][fields]") {
  TwoWays t("HTTP/1.1 200 OK\r\n"
            "X-Tab: a\tb \t\r\n"
            "X-Ctl: \x01\x7f\xc3\xa9 \r\n"
            "X-Empty:\r\n"
            "X-Long: 0123456789abcdefghijklmnopqrstuvwxyz0123456789\r\n"
            "Content-Length: 2\r\n"
            "X-Fold: first\r\n"
            "   second\r\n"
            "\r\nok");
  t.require_agree();
  REQUIRE(t.whole.done());
  const FieldList& h = t.whole.response().headers;
  REQUIRE(h.size() == 6);
  CHECK(h[0].value == "a\tb");
  CHECK(h[1].value == "\x01\x7f\xc3\xa9");
  CHECK(h[2].value.empty());
  CHECK(h[3].value.size() == 46);
  CHECK(h[5].value == "first second");
  CHECK(t.whole.warnings().size() == 1);  // the folding
  CHECK(t.whole.response().body == "ok");
}

TEST_CASE("a folded Content-Length is read with its continuation", "[parser][fields]") {
  // "Content-Length: 1" folded into "1 2" is not a number: the error names it, fed either way.
  TwoWays t("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n 2\r\nX-After: y\r\n\r\n12");
  t.require_agree();
  CHECK(t.whole.error().code == ErrorCode::malformed_response);
  CHECK_THAT(t.whole.error().message, Catch::Contains("Content-Length '1 2'"));
}

TEST_CASE("limits stop the fast path at the same byte as the general one", "[parser][fields]") {
  ResponseParserOptions few;
  few.max_headers = 3;
  TwoWays many("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", few);
  many.require_agree();
  CHECK(many.whole.error().code == ErrorCode::response_too_large);
  ResponseParserOptions small;
  small.max_header_bytes = 40;
  TwoWays big("HTTP/1.1 200 OK\r\nA: 1\r\nB: 0123456789abc\r\n\r\n", small);  // 43 bytes
  big.require_agree();
  CHECK(big.whole.error().code == ErrorCode::response_too_large);
  CHECK(big.whole.error().offset == big.bytewise.error().offset);
  // A NUL or a bare CR inside a value is refused, at its byte.
  TwoWays nul(std::string_view("HTTP/1.1 200 OK\r\nA: x\0y\r\n\r\n", 28));
  nul.require_agree();
  CHECK(nul.whole.error().offset == 21);
  TwoWays cr("HTTP/1.1 200 OK\r\nA: x\ry\r\n\r\n");
  cr.require_agree();
  CHECK(cr.whole.error().offset == 21);
}
