// HttpExchange undoing Content-Encoding for display: the encoded body stays in
// response.body, the decoded one is in decoding.decoded, and a body that lies about its coding
// is shown as received with a warning; the exchange itself does not fail.
#include <catch2/catch.hpp>

#include "shared/exchange.h"
#include "vector_files.h"

using namespace wirepad;
using wirepad::test::read_vector;

namespace {

ExchangeLog run(const std::string& response, std::size_t piece, bool close_after = false) {
  HttpRequest request;
  request.url = "http://127.0.0.1:8080/";
  HttpExchange exchange = std::move(HttpExchange::create(request).value());
  exchange.start(0);
  exchange.on_connected(0.1);
  exchange.take_outgoing();
  for (std::size_t at = 0; at < response.size(); at += piece) exchange.on_data(std::string_view(response).substr(at, piece), 0.2);
  if (close_after) exchange.on_closed(0.3);
  return exchange.log();
}

std::string with_head(const std::string& head_fields, const std::string& body) {
  return "HTTP/1.1 200 OK\r\n" + head_fields + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("an exchange decodes gzip, deflate, br, zstd and stacked codings as the body arrives", "[exchange][content]") {
  const std::string plain = read_vector("content_codings/plain.txt");
  auto [encoding, file] = GENERATE(table<std::string, std::string>({
      {"gzip", "text.gz"}, {"deflate", "text.zlib"}, {"deflate", "text.rawdeflate"}, {"br", "text.br"},
      {"gzip, br", "text.gz.br"}, {"zstd", "text.zst"}, {"zstd", "text.twoframes.zst"}, {"gzip, zstd", "text.gz.zst"}}));
  const std::string encoded = read_vector("content_codings/" + file);
  for (std::size_t piece : {std::size_t(1), std::size_t(13), std::size_t(1) << 20}) {
    CAPTURE(encoding, file, piece);
    ExchangeLog log = run(with_head("Content-Encoding: " + encoding + "\r\n", encoded), piece);
    REQUIRE(log.phase == Phase::done);
    CHECK(log.body() == encoded);
    CHECK(log.decoding.coding == encoding);
    CHECK(log.decoding.complete);
    CHECK_FALSE(log.decoding.error);
    CHECK(log.display_body() == plain);
    CHECK(log.warnings.empty());
  }
}

TEST_CASE("a chunked gzip body read until the end decodes, two Content-Encoding lines are one list", "[exchange][content]") {
  const std::string encoded = read_vector("content_codings/text.gz.br");
  std::string chunked;
  for (std::size_t at = 0; at < encoded.size(); at += 100) {
    std::string part = encoded.substr(at, 100);
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    chunked += size + part + "\r\n";
  }
  chunked += "0\r\n\r\n";
  ExchangeLog log = run("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
                        "Content-Encoding: br\r\n\r\n" + chunked, 7);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.decoding.coding == "gzip, br");
  CHECK(log.display_body() == read_vector("content_codings/plain.txt"));
}

TEST_CASE("a body that is not what Content-Encoding says is shown raw with a warning", "[exchange][content]") {
  const std::string lie = "this is plain text, not gzip";  // the chaos lab's /gzip-that-lies
  ExchangeLog log = run(with_head("Content-Encoding: gzip\r\n", lie), 5);
  REQUIRE(log.phase == Phase::done);
  CHECK_FALSE(log.error);
  CHECK(log.decoding.error.code == ErrorCode::malformed_response);
  CHECK_FALSE(log.decoding.complete);
  CHECK(log.display_body() == lie);
  REQUIRE(log.warnings.size() == 1);
  CHECK(log.warnings[0].find("not valid gzip data") != std::string::npos);

  // Truncated: the server closed a read-until-close body in the middle of the gzip stream.
  std::string gz = read_vector("content_codings/text.gz").substr(0, 300);
  ExchangeLog cut = run("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n" + gz, 50, true);
  REQUIRE(cut.phase == Phase::done);
  CHECK(cut.decoding.error.message.find("ends after 300 bytes") != std::string::npos);
  CHECK(cut.display_body() == gz);

  ExchangeLog unknown = run(with_head("Content-Encoding: compress\r\n", "abc"), 100);
  CHECK(unknown.phase == Phase::done);
  CHECK(unknown.display_body() == "abc");
  REQUIRE(unknown.warnings.size() == 1);
  CHECK(unknown.warnings[0].find("'compress' is not a coding Wirepad decodes") != std::string::npos);

  // zstd is decoded now; a body that is not zstd is shown raw with the decoder's reason.
  ExchangeLog not_zstd = run(with_head("Content-Encoding: zstd\r\n", "plain text"), 100);
  CHECK(not_zstd.phase == Phase::done);
  CHECK(not_zstd.display_body() == "plain text");
  CHECK(not_zstd.decoding.error.message.find("not valid zstd data") != std::string::npos);
}

TEST_CASE("HEAD and 304 responses with Content-Encoding have nothing to decode", "[exchange][content]") {
  ExchangeLog log = run("HTTP/1.1 304 Not Modified\r\nContent-Encoding: gzip\r\n\r\n", 100);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.decoding.complete);
  CHECK(log.warnings.empty());
}

TEST_CASE("wire chunks are ranges of the byte streams, not copies", "[exchange]") {
  ExchangeLog log = run(with_head("", "hello world"), 4);
  REQUIRE(log.phase == Phase::done);
  REQUIRE(log.wire.size() >= 3);
  CHECK(log.wire[0].sent);
  CHECK(log.bytes_of(log.wire[0]) == log.bytes_sent);
  std::string joined;
  for (const WireChunk& c : log.wire)
    if (!c.sent) joined += log.bytes_of(c);
  CHECK(joined == log.bytes_received);
  CHECK(log.bytes_of(log.wire[1]) == "HTTP");
}
