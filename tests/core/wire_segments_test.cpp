// core: wire_segments: the Wire view's labels over exact bytes. Every vector also checks the
// invariant the view relies on (segments cover the bytes exactly, in order), and every prefix
// of each message is segmented too: a response still arriving is labelled, never refused.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "shared/wire_segments.h"

using namespace wirepad;

namespace {

void check_covers(const std::vector<WireSegment>& segments, std::string_view bytes) {
  std::size_t at = 0;
  for (const WireSegment& s : segments) {
    CAPTURE(at, to_string(s.part), s.note);
    REQUIRE(s.offset == at);
    REQUIRE(s.size > 0);
    at += s.size;
  }
  REQUIRE(at == bytes.size());
}

// "part|bytes" per segment, leniencies marked with a '!' after the part.
std::vector<std::string> summary(const std::vector<WireSegment>& segments, std::string_view bytes) {
  std::vector<std::string> out;
  for (const WireSegment& s : segments)
    out.push_back(std::string(to_string(s.part)) + (s.leniency.empty() ? "" : "!") + (s.incomplete ? "..." : "") + "|" +
                  std::string(bytes.substr(s.offset, s.size)));
  return out;
}

void check_every_prefix(std::string_view bytes) {
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    CAPTURE(n);
    check_covers(segment_response(bytes.substr(0, n)), bytes.substr(0, n));
  }
}

}  // namespace

TEST_CASE("wire segments: a request with a Content-Length body", "[wire]") {
  std::string bytes = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
  auto segments = segment_request(bytes);
  check_covers(segments, bytes);
  CHECK(summary(segments, bytes) == std::vector<std::string>{
                                        "request line|POST /x HTTP/1.1\r\n", "header|Host: a\r\n",
                                        "header|Content-Length: 5\r\n", "blank line|\r\n", "body|hello"});
  CHECK(segments[1].note == "Host");
}

TEST_CASE("wire segments: chunked with extensions and trailers", "[wire]") {
  std::string bytes =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Expires\r\n\r\n"
      "5;name=value\r\nhello\r\n"
      "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n"
      "0\r\nExpires: never\r\n\r\n";
  auto segments = segment_response(bytes);
  check_covers(segments, bytes);
  CHECK(summary(segments, bytes) == std::vector<std::string>{
                                        "status line|HTTP/1.1 200 OK\r\n",
                                        "header|Transfer-Encoding: chunked\r\n",
                                        "header|Trailer: Expires\r\n",
                                        "blank line|\r\n",
                                        "chunk size|5;name=value\r\n",
                                        "chunk data|hello",
                                        "chunk end|\r\n",
                                        "chunk size|1a\r\n",
                                        "chunk data|abcdefghijklmnopqrstuvwxyz",
                                        "chunk end|\r\n",
                                        "last chunk|0\r\n",
                                        "trailer|Expires: never\r\n",
                                        "blank line|\r\n",
                                    });
  CHECK(segments[0].note == "200 OK");
  CHECK(segments[4].note == "5 bytes (0x5), extensions ';name=value'");
  CHECK(segments[7].note == "26 bytes (0x1a)");
  CHECK(segments[11].note == "Expires");
  check_every_prefix(bytes);
}

TEST_CASE("wire segments: interim 1xx responses before the final one", "[wire]") {
  std::string bytes =
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  auto segments = segment_response(bytes);
  check_covers(segments, bytes);
  CHECK(summary(segments, bytes) == std::vector<std::string>{
                                        "interim status line|HTTP/1.1 100 Continue\r\n",
                                        "blank line|\r\n",
                                        "interim status line|HTTP/1.1 103 Early Hints\r\n",
                                        "header|Link: </style.css>; rel=preload\r\n",
                                        "blank line|\r\n",
                                        "status line|HTTP/1.1 200 OK\r\n",
                                        "header|Content-Length: 2\r\n",
                                        "blank line|\r\n",
                                        "body|ok",
                                    });
  CHECK(segments[2].note == "103 Early Hints");
  check_every_prefix(bytes);
}

TEST_CASE("wire segments: bare LF line endings are labelled as a leniency on each line", "[wire]") {
  std::string bytes = "HTTP/1.1 200 OK\nContent-Length: 3\r\nX-A: 1\n\nabc";
  auto segments = segment_response(bytes);
  check_covers(segments, bytes);
  CHECK(summary(segments, bytes) == std::vector<std::string>{
                                        "status line!|HTTP/1.1 200 OK\n",
                                        "header|Content-Length: 3\r\n",
                                        "header!|X-A: 1\n",
                                        "blank line!|\n",
                                        "body|abc",
                                    });
  CHECK(segments[0].leniency.find("bare LF") != std::string::npos);
  check_every_prefix(bytes);

  std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\n0\n\n";
  auto c = segment_response(chunked);
  check_covers(c, chunked);
  CHECK(summary(c, chunked) == std::vector<std::string>{
                                   "status line|HTTP/1.1 200 OK\r\n", "header|Transfer-Encoding: chunked\r\n",
                                   "blank line|\r\n", "chunk size!|3\n", "chunk data|abc", "chunk end!|\n",
                                   "last chunk!|0\n", "blank line!|\n"});
}

TEST_CASE("wire segments: other leniencies are named where they are", "[wire]") {
  SECTION("obsolete line folding") {
    std::string bytes = "HTTP/1.1 200 OK\r\nX-Long: one\r\n two\r\nContent-Length: 0\r\n\r\n";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    REQUIRE(s.size() == 5);
    CHECK(s[2].part == WirePart::obs_fold);
    CHECK(s[2].leniency.find("obsolete line folding") != std::string::npos);
  }
  SECTION("whitespace before the colon, bare CR and NUL in values") {
    std::string bytes = std::string("HTTP/1.1 200 OK\r\nContent-Length : 2\r\nX-Cr: a\rb\r\nX-Nul: a") + '\0' +
                        "b\r\n\r\nokEXTRA";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    REQUIRE(s.size() == 7);
    CHECK(s[1].leniency.find("whitespace between the field name and the colon") != std::string::npos);
    CHECK(s[2].leniency.find("bare CR") != std::string::npos);
    CHECK(s[3].leniency.find("NUL") != std::string::npos);
    CHECK(s[5].part == WirePart::body);
    CHECK(s[5].size == 2);
    CHECK(s[6].part == WirePart::extra);
  }
  SECTION("Content-Length next to chunked is named on the Content-Length line") {
    std::string bytes = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    CHECK(s[1].leniency.find("Transfer-Encoding chunked wins over Content-Length") != std::string::npos);
    CHECK(s[2].leniency.empty());
    CHECK(s[4].part == WirePart::last_chunk);
  }
  SECTION("a status line without its reason") {
    std::string bytes = "HTTP/1.1 200\r\n\r\nbody until close";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    CHECK(s[0].leniency.find("no space and no reason") != std::string::npos);
    CHECK(s[2].part == WirePart::body);
    CHECK(s[2].note.find("until the connection closed") != std::string::npos);
  }
  SECTION("a chunk size that is not hexadecimal leaves the rest unframed, not hidden") {
    std::string bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    CHECK(s.back().part == WirePart::unframed);
    CHECK(s.back().leniency.find("not a hexadecimal chunk size") != std::string::npos);
  }
  SECTION("a chunk that carries more than its size") {
    std::string bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    CHECK(s.back().part == WirePart::unframed);
    CHECK(s.back().leniency.find("longer than its size") != std::string::npos);
  }
  SECTION("no status line at all") {
    std::string bytes = "just some bytes\n";
    auto s = segment_response(bytes);
    check_covers(s, bytes);
    REQUIRE(s.size() == 1);
    CHECK(s[0].part == WirePart::unframed);
  }
  SECTION("a response to HEAD has no body, whatever Content-Length says") {
    std::string bytes = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    WireSegmentOptions options;
    options.response_to_head = true;
    auto s = segment_response(bytes, options);
    check_covers(s, bytes);
    CHECK(s.back().part == WirePart::blank_line);
  }
}

TEST_CASE("wire segments: a body still arriving is marked incomplete", "[wire]") {
  std::string bytes = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
  auto s = segment_response(bytes);
  check_covers(s, bytes);
  CHECK(s.back().part == WirePart::body);
  CHECK(s.back().incomplete);
  CHECK(segment_response("").empty());
  CHECK(segment_request("").empty());
}
