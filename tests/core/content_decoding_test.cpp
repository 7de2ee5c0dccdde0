// Content codings (shared/content_decoding.h) over vectors made by real encoders
// (tests/data/content_codings/make_vectors.py: Python's gzip and zlib, the brotli C library).
// Each vector is decoded whole, one byte at a time and split at many indices.
#include <catch2/catch.hpp>

#include <string>

#include "shared/content_decoding.h"
#include "vector_files.h"

using namespace wirepad;
using wirepad::test::read_vector;

namespace {

struct Decoded {
  DecodeStatus status = DecodeStatus::ok;
  std::string out;
  Error error;
  std::vector<std::string> warnings;
};

Decoded decode_in_pieces(const std::string& encoding, const std::string& encoded, std::size_t piece,
                         ContentDecoderOptions options = {}) {
  auto codings = parse_content_encoding(encoding);
  REQUIRE(codings);
  ContentDecoder decoder(codings.value(), options);
  Decoded d;
  for (std::size_t at = 0; at < encoded.size() && d.status != DecodeStatus::error; at += piece) {
    d.status = decoder.feed(std::string_view(encoded).substr(at, piece), d.out);
  }
  if (d.status != DecodeStatus::error) d.status = decoder.finish(d.out);
  d.error = decoder.error();
  d.warnings = decoder.warnings();
  if (d.status != DecodeStatus::error) {
    CHECK(decoder.bytes_in() == encoded.size());
    CHECK(decoder.bytes_out() == d.out.size());
  }
  return d;
}

}  // namespace

TEST_CASE("Content-Encoding values list codings in the order applied", "[content]") {
  auto c = parse_content_encoding("gzip, br");
  REQUIRE(c);
  CHECK(c.value() == std::vector<ContentCoding>{ContentCoding::gzip, ContentCoding::br});
  CHECK(parse_content_encoding(" X-GZIP ").value() == std::vector<ContentCoding>{ContentCoding::gzip});
  CHECK(parse_content_encoding("identity").value().empty());
  CHECK(parse_content_encoding("deflate,,identity").value() == std::vector<ContentCoding>{ContentCoding::deflate});
  CHECK(parse_content_encoding("gzip, ZSTD").value() == std::vector<ContentCoding>{ContentCoding::gzip, ContentCoding::zstd});
  auto bad = parse_content_encoding("gzip, compress");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().offset == 5);
  CHECK(bad.error().message.find("'compress'") != std::string::npos);
  CHECK(bad.error().message.find("br, zstd)") != std::string::npos);
}

TEST_CASE("each coding decodes to the original bytes, whole and in pieces", "[content]") {
  const std::string text = read_vector("content_codings/plain.txt");
  const std::string binary = read_vector("content_codings/binary.bin");
  auto [encoding, file, expected_name] = GENERATE(table<std::string, std::string, std::string>({
      {"gzip", "text.gz", "plain.txt"},
      {"x-gzip", "text.gz", "plain.txt"},
      {"deflate", "text.zlib", "plain.txt"},
      {"deflate", "text.rawdeflate", "plain.txt"},
      {"br", "text.br", "plain.txt"},
      {"br", "binary.br", "binary.bin"},
      {"gzip, br", "text.gz.br", "plain.txt"},
      {"deflate, gzip", "text.zlib.gz", "plain.txt"},
      {"zstd", "text.zst", "plain.txt"},
      {"zstd", "binary.zst", "binary.bin"},
      {"zstd", "text.twoframes.zst", "plain.txt"},
      {"zstd", "text.skippable.zst", "plain.txt"},
      {"gzip, zstd", "text.gz.zst", "plain.txt"},
      {"gzip", "text.twomembers.gz", "plain.txt"},
      {"identity", "plain.txt", "plain.txt"},
  }));
  CAPTURE(encoding, file);
  const std::string encoded = read_vector("content_codings/" + file);
  const std::string& expected = expected_name == "plain.txt" ? text : binary;
  for (std::size_t piece : {encoded.size() + 1, std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(100)}) {
    CAPTURE(piece);
    Decoded d = decode_in_pieces(encoding, encoded, piece);
    CHECK(d.status == DecodeStatus::done);
    CHECK(d.error.message == "");
    CHECK(d.out == expected);
  }
}

TEST_CASE("empty streams decode to nothing", "[content]") {
  CHECK(decode_content("gzip", read_vector("content_codings/empty.gz")).value().empty());
  CHECK(decode_content("br", read_vector("content_codings/empty.br")).value().empty());
  CHECK(decode_content("zstd", read_vector("content_codings/empty.zst")).value().empty());
}

TEST_CASE("a truncated stream is an error naming the coding and where it stopped", "[content]") {
  const std::string gz = read_vector("content_codings/text.gz");
  Decoded d = decode_in_pieces("gzip", gz.substr(0, 500), 64);
  REQUIRE(d.status == DecodeStatus::error);
  CHECK(d.error.code == ErrorCode::malformed_response);
  CHECK(d.error.offset == 500);
  CHECK(d.error.message.find("gzip data in the encoded body ends after 500 bytes") != std::string::npos);
  CHECK(!d.out.empty());  // what decoded before the cut is kept

  Decoded b = decode_in_pieces("br", read_vector("content_codings/text.br").substr(0, 100), 1);
  REQUIRE(b.status == DecodeStatus::error);
  CHECK(b.error.message.find("br data") != std::string::npos);
}

TEST_CASE("a body that is not what Content-Encoding says fails at the first bad byte", "[content]") {
  // The chaos lab's /gzip-that-lies sends this with Content-Encoding: gzip.
  auto lie = decode_content("gzip", "this is plain text, not gzip");
  REQUIRE_FALSE(lie);
  CHECK(lie.error().offset == 0);
  CHECK(lie.error().message ==
        "The body is not valid gzip data (Content-Encoding: gzip): it does not start with the gzip magic bytes 1f 8b "
        "at byte 0 of the encoded body; it is shown as received.");

  std::string corrupt = read_vector("content_codings/text.br");
  corrupt[200] = char(corrupt[200] ^ 0x55);
  corrupt[201] = char(corrupt[201] ^ 0xff);
  auto br = decode_content("br", corrupt);
  REQUIRE_FALSE(br);
  // Brotli either rejects the bytes or, having read a longer length from them, wants more.
  INFO(br.error().message);
  CHECK(br.error().code == ErrorCode::malformed_response);
  CHECK(br.error().message.find("br data") != std::string::npos);
  CHECK(br.error().offset >= 200);
  auto not_br = decode_content("br", "{\"plain\": \"json\"}");
  REQUIRE_FALSE(not_br);
  INFO(not_br.error().message);
  CHECK(not_br.error().message.find("not valid br data") != std::string::npos);

  // Stacked: the inner coding's error says which stream it was in.
  auto inner = decode_content("gzip, br", read_vector("content_codings/text.br"));
  REQUIRE_FALSE(inner);
  CHECK(inner.error().message.find("of the body after undoing br") != std::string::npos);
}

TEST_CASE("the output limit stops a decompression bomb with a clear error", "[content]") {
  const std::string bomb = read_vector("content_codings/zeros64m.gz");
  ContentDecoderOptions options;
  options.max_output_bytes = 1024 * 1024;
  Decoded d = decode_in_pieces("gzip", bomb, 4096, options);
  REQUIRE(d.status == DecodeStatus::error);
  CHECK(d.error.code == ErrorCode::response_too_large);
  CHECK(d.error.message.find("more than 1 MiB") != std::string::npos);
  CHECK(d.error.message.find("decompression bombs") != std::string::npos);
  CHECK(d.out.size() <= options.max_output_bytes);
  // The default limit lets 64 MiB through.
  CHECK(decode_content("gzip", bomb).value().size() == 64u * 1024 * 1024);
}

TEST_CASE("bytes after the end of a stream are ignored and reported", "[content]") {
  Decoded d = decode_in_pieces("br", read_vector("content_codings/text.br") + "junk", 3);
  CHECK(d.status == DecodeStatus::done);
  CHECK(d.out == read_vector("content_codings/plain.txt"));
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0] == "4 bytes after the end of the br stream in the encoded body were ignored");
}

TEST_CASE("after junk that follows a gzip member, a later member is junk too, however split", "[content]") {
  const std::string gz = read_vector("content_codings/text.gz");
  for (std::size_t piece : {std::size_t(1), std::size_t(3), std::size_t(100000)}) {
    CAPTURE(piece);
    Decoded d = decode_in_pieces("gzip", gz + "xy" + gz, piece);
    CHECK(d.status == DecodeStatus::done);
    CHECK(d.out == read_vector("content_codings/plain.txt"));
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0] == std::to_string(gz.size() + 2) + " bytes after the end of the gzip stream in the encoded body were ignored");
  }
}

TEST_CASE("zstd: truncated, corrupt, junk after the frame, a bomb and a window past 8 MiB", "[content][zstd]") {
  const std::string zst = read_vector("content_codings/text.zst");
  const std::string text = read_vector("content_codings/plain.txt");
  for (std::size_t piece : {std::size_t(1), std::size_t(64), zst.size()}) {
    CAPTURE(piece);
    Decoded cut = decode_in_pieces("zstd", zst.substr(0, 300), piece);
    REQUIRE(cut.status == DecodeStatus::error);
    CHECK(cut.error.code == ErrorCode::malformed_response);
    CHECK(cut.error.message.find("zstd data in the encoded body ends after 300 bytes") != std::string::npos);

    // RFC 8878 §3.1.1: bytes after a frame that are not another frame's magic number.
    Decoded junk = decode_in_pieces("zstd", zst + "junk!", piece);
    CHECK(junk.status == DecodeStatus::done);
    CHECK(junk.out == text);
    REQUIRE(junk.warnings.size() == 1);
    CHECK(junk.warnings[0] == "5 bytes after the end of the zstd stream in the encoded body were ignored");
    Decoded short_junk = decode_in_pieces("zstd", zst + "ab", piece);
    CHECK(short_junk.status == DecodeStatus::done);
    CHECK(short_junk.warnings.size() == 1);
  }
  auto lie = decode_content("zstd", "this is plain text, not zstd");
  REQUIRE_FALSE(lie);
  CHECK(lie.error().code == ErrorCode::malformed_response);
  CHECK(lie.error().message.find("The body is not valid zstd data (Content-Encoding: zstd)") == 0);
  CHECK(lie.error().message.find("it does not start with the zstd magic number 28 b5 2f fd at byte 0") != std::string::npos);
  CHECK(lie.error().offset == 0);
  // zstd v0.5's "legacy" frame (magic 25 b5 2f fd) is not HTTP's zstd: refused the same way,
  // whole or byte by byte (libzstd itself read it differently in pieces: found by the fuzzer).
  const std::string legacy("\x25\xb5\x2f\xfd\x04\xc6\x4e\x31\xcd\xcd\xcd\xcd", 12);
  for (std::size_t piece : {std::size_t(1), std::size_t(5), legacy.size()}) {
    Decoded d = decode_in_pieces("zstd", legacy, piece);
    REQUIRE(d.status == DecodeStatus::error);
    CHECK(d.error.message.find("does not start with the zstd magic number") != std::string::npos);
  }
  Decoded tiny = decode_in_pieces("zstd", "\x28\xb5", 1);  // two bytes of a magic number
  REQUIRE(tiny.status == DecodeStatus::error);
  CHECK(tiny.error.message.find("ends after 2 bytes") != std::string::npos);

  std::string corrupt = zst;
  for (std::size_t i = 100; i < 140; ++i) corrupt[i] = char(corrupt[i] ^ 0x5a);
  auto bad = decode_content("zstd", corrupt);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("not valid zstd data") != std::string::npos);

  ContentDecoderOptions options;
  options.max_output_bytes = 1024 * 1024;
  Decoded bomb = decode_in_pieces("zstd", read_vector("content_codings/zeros64m.zst"), 512, options);
  REQUIRE(bomb.status == DecodeStatus::error);
  CHECK(bomb.error.code == ErrorCode::response_too_large);
  CHECK(bomb.error.message.find("Decoding zstd produced more than 1 MiB") == 0);
  CHECK(bomb.out.size() == options.max_output_bytes);

  // RFC 9659 §3: HTTP's zstd windows are at most 8 MiB; a bigger one is refused up front,
  // before any of its memory is allocated.
  auto window = decode_content("zstd", read_vector("content_codings/window16m.zst"));
  REQUIRE_FALSE(window);
  CHECK(window.error().message.find("window larger than 8 MiB") != std::string::npos);
}
