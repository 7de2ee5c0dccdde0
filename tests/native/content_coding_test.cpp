// Integration: content codings over real sockets. A Python server on loopback encodes one text
// with Python's gzip and zlib and the brotli C library; the real HttpExchange over the POSIX
// transport must show it decoded, keep the encoded bytes, and `wirepad send` must print the
// raw bytes by default and the decoded body with --compressed, as curl does.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "child_process.h"
#include "native/chaos_server.h"
#include "native/posix_transport.h"

using namespace wirepad;
using wirepad::test::ChildProcess;
using wirepad::test::run_command;

namespace {

const std::string kWirepad = WIREPAD_BINARY;
const std::string kServer = WIREPAD_CODING_SERVER;

std::string expected_text() {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + ": the quick brown fox jumps over the lazy dog\n";
  return text;
}

struct CodingServer {
  ChildProcess process{{"/usr/bin/python3", kServer}};
  std::string base;
  CodingServer() {
    auto line = process.wait_for_line("listening");
    REQUIRE(line);
    base = "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
  }
};

CodingServer& server() {
  static CodingServer s;
  return s;
}

ExchangeLog get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  return native::perform_blocking(std::move(exchange).value());
}

}  // namespace

TEST_CASE("each content coding from a real server is decoded for display", "[native][content]") {
  auto [path, coding] = GENERATE(table<std::string, std::string>({{"/gzip", "gzip"},
                                                                  {"/x-gzip", "gzip"},
                                                                  {"/deflate", "deflate"},
                                                                  {"/rawdeflate", "deflate"},
                                                                  {"/br", "br"},
                                                                  {"/gzip-br", "gzip, br"},
                                                                  {"/zstd", "zstd"},
                                                                  {"/gzip-zstd", "gzip, zstd"},
                                                                  {"/zstd-twoframes", "zstd"},
                                                                  {"/zstd-chunked", "zstd"},
                                                                  {"/gzip-chunked", "gzip"}}));
  CAPTURE(path);
  ExchangeLog log = get(server().base + path);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.response.status == 200);
  CHECK(log.decoding.coding == coding);
  CHECK(log.decoding.complete);
  CHECK_FALSE(log.decoding.error);
  CHECK(log.display_body() == expected_text());
  CHECK(log.body().size() < expected_text().size() / 4);  // the encoded bytes are kept
  CHECK(log.warnings.empty());
}

TEST_CASE("wirepad send prints raw bytes by default and decodes with --compressed", "[native][content][cli]") {
  auto raw = run_command({kWirepad, "send", server().base + "/br"});
  REQUIRE(raw.status == 0);
  CHECK_THAT(raw.out, Catch::Contains("Content-Encoding: br\r\n"));
  CHECK_THAT(raw.out, !Catch::Contains("line 1999: the quick"));

  // Without --compressed nothing is offered, so the server does not encode.
  auto plain = run_command({kWirepad, "send", server().base + "/negotiate"});
  CHECK_THAT(plain.out, Catch::Contains("X-Accept-Encoding: \r\n"));
  CHECK_THAT(plain.out, Catch::EndsWith(expected_text()));

  auto decoded = run_command({kWirepad, "send", "--compressed", server().base + "/negotiate"});
  REQUIRE(decoded.status == 0);
  // curl's own offer (curl 7.88 built with zstd), in curl's order.
  CHECK_THAT(decoded.out, Catch::Contains("X-Accept-Encoding: deflate, gzip, br, zstd\r\n"));
  CHECK_THAT(decoded.out, Catch::Contains("Content-Encoding: gzip\r\n"));
  CHECK_THAT(decoded.out, Catch::EndsWith(expected_text()));

  auto stacked = run_command({kWirepad, "send", "--compressed", server().base + "/gzip-br"});
  CHECK_THAT(stacked.out, Catch::EndsWith(expected_text()));
}

TEST_CASE("wirepad send --compressed on a lying gzip prints the raw body and says why", "[native][content][cli]") {
  native::ChaosServer chaos;
  REQUIRE(chaos.start(0));
  std::string url = "http://127.0.0.1:" + std::to_string(chaos.port()) + "/gzip-that-lies";
  auto r = run_command({kWirepad, "send", "--compressed", url});
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::EndsWith("this is plain text, not gzip"));
  CHECK_THAT(r.err, Catch::Contains("not valid gzip data"));
}

TEST_CASE("wirepad send --compressed -o writes the body decoded, as curl does", "[native][content][cli][output]") {
  const std::string dir = std::filesystem::temp_directory_path() / ("wirepad-compressed-o-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  for (const char* path : {"/gzip", "/deflate", "/rawdeflate", "/br", "/gzip-br", "/gzip-chunked", "/negotiate", "/zstd",
                           "/gzip-zstd", "/zstd-chunked"}) {
    const std::string file = dir + "/out.txt";
    auto r = run_command({kWirepad, "send", "--compressed", "-o", file, server().base + path});
    INFO(path << ": " << r.err);
    CHECK(r.status == 0);
    CHECK(read(file) == expected_text());
  }
  // Without --compressed, -o keeps the bytes as received.
  auto raw = run_command({kWirepad, "send", "-o", dir + "/raw.gz", server().base + "/gzip"});
  CHECK(raw.status == 0);
  CHECK(read(dir + "/raw.gz").substr(0, 2) == "\x1f\x8b");
  // A body that is not in its coding at all is written as received, with a warning.
  native::ChaosServer chaos;
  REQUIRE(chaos.start(0));
  auto lie = run_command({kWirepad, "send", "--compressed", "-o", dir + "/lie.txt",
                          "http://127.0.0.1:" + std::to_string(chaos.port()) + "/gzip-that-lies"});
  CHECK(lie.status == 0);
  CHECK_THAT(read(dir + "/lie.txt"), Catch::EndsWith("this is plain text, not gzip"));
  CHECK_THAT(lie.err, Catch::Contains("not valid gzip data") && Catch::Contains("written as received"));
  // A stream that breaks after decoded bytes were written fails, and says how much is there.
  auto cut = run_command({kWirepad, "send", "--compressed", "-o", dir + "/cut.txt", server().base + "/gzip-truncated"});
  CHECK(cut.status == 1);
  const std::string written = read(dir + "/cut.txt");
  CHECK_FALSE(written.empty());
  CHECK(expected_text().compare(0, written.size(), written) == 0);  // a true prefix of the text
  CHECK_THAT(cut.err, Catch::Contains("ends after") &&
                          Catch::Contains(std::to_string(written.size()) + " bytes decoded before it were written to"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("wirepad send --compressed asks and decodes as curl --compressed does, byte for byte", "[native][content][cli][curl]") {
  // The local curl is the reference; it must support zstd for this comparison to mean anything.
  auto version = run_command({"curl", "--version"});
  REQUIRE(version.status == 0);
  REQUIRE_THAT(version.out, Catch::Contains("zstd"));
  for (const char* path : {"/negotiate", "/gzip", "/deflate", "/br", "/gzip-br", "/zstd", "/gzip-zstd", "/zstd-twoframes",
                           "/zstd-chunked"}) {
    CAPTURE(path);
    auto curl = run_command({"curl", "-s", "--compressed", server().base + path});
    auto ours = run_command({kWirepad, "send", "--compressed", server().base + path});
    REQUIRE(curl.status == 0);
    REQUIRE(ours.status == 0);
    auto body_at = ours.out.find("\r\n\r\n");  // send prints the head first, like curl -i
    REQUIRE(body_at != std::string::npos);
    CHECK(ours.out.substr(body_at + 4) == curl.out);
    CHECK(curl.out == expected_text());
  }
  // What each offered: the same Accept-Encoding.
  auto curl_headers = run_command({"curl", "-s", "-D", "-", "-o", "/dev/null", "--compressed", server().base + "/negotiate"});
  auto at = curl_headers.out.find("X-Accept-Encoding: ");
  REQUIRE(at != std::string::npos);
  std::string curl_offer = curl_headers.out.substr(at, curl_headers.out.find("\r\n", at) - at);
  auto ours = run_command({kWirepad, "send", "--compressed", server().base + "/negotiate"});
  CHECK_THAT(ours.out, Catch::Contains(curl_offer + "\r\n"));
  // A zstd stream cut in half: the decoded part is written, and the error says so.
  auto cut = run_command({kWirepad, "send", "--compressed", server().base + "/zstd-truncated"});
  CHECK_THAT(cut.err, Catch::Contains("zstd data in the encoded body ends after"));
}
