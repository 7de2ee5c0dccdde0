// core: WebSocket frames and messages (shared/ws_frame.h, ws_reader.h, ws_writer.h, ws_utf8.h,
// ws_deflate.h): RFC 6455 §5.7's examples and RFC 7692 §7.2.3's, each fed whole, one byte at a
// time and split at every index; every invalid frame is its own named error with its byte.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shared/ws_frame.h"
#include "shared/ws_reader.h"
#include "shared/ws_utf8.h"
#include "shared/ws_writer.h"

using namespace wirepad;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s += char(b);
  return s;
}

// A fixed "random" source: 0x37 0xfa 0x21 0x3d repeated (RFC 6455 §5.7's mask key).
WsRandom fixed_random() {
  return [](std::size_t n) {
    static const char key[4] = {0x37, char(0xfa), 0x21, 0x3d};
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += key[i % 4];
    return out;
  };
}

struct Outcome {
  std::vector<WsFrame> frames;
  std::vector<WsIncoming> events;
  WsError error;
};

// Feeds `stream` cut into the given piece sizes (0 = the rest at once).
Outcome read_in_pieces(const std::string& stream, const std::vector<std::size_t>& cuts, WsReader::Options options = {},
                       const WsDeflateAgreement* deflate = nullptr) {
  WsReader reader(options);
  if (deflate) REQUIRE_FALSE(reader.enable_deflate(*deflate));
  Outcome o;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    if (at > stream.size()) break;
    std::size_t n = std::min(cut, stream.size() - at);
    o.error = reader.feed(std::string_view(stream).substr(at, n), o.frames, o.events);
    at += n;
    if (o.error) return o;
  }
  if (at < stream.size()) o.error = reader.feed(std::string_view(stream).substr(at), o.frames, o.events);
  return o;
}

// Whole, byte by byte, and every two-piece split must agree.
std::vector<Outcome> every_split(const std::string& stream, WsReader::Options options = {},
                                 const WsDeflateAgreement* deflate = nullptr) {
  std::vector<Outcome> all;
  all.push_back(read_in_pieces(stream, {}, options, deflate));
  all.push_back(read_in_pieces(stream, std::vector<std::size_t>(stream.size(), 1), options, deflate));
  for (std::size_t i = 1; i < stream.size(); ++i) all.push_back(read_in_pieces(stream, {i}, options, deflate));
  return all;
}

void check_same(const std::vector<Outcome>& all) {
  for (const Outcome& o : all) {
    CHECK(o.error.kind == all[0].error.kind);
    CHECK(o.error.offset == all[0].error.offset);
    REQUIRE(o.events.size() == all[0].events.size());
    for (std::size_t i = 0; i < o.events.size(); ++i) {
      CHECK(o.events[i].data == all[0].events[i].data);
      CHECK(o.events[i].kind == all[0].events[i].kind);
    }
    CHECK(o.frames.size() == all[0].frames.size());
  }
}

}  // namespace

TEST_CASE("RFC 6455 §5.7 examples parse the same however they are split", "[ws][frame]") {
  SECTION("a single-frame unmasked text message") {
    auto all = every_split(bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
    check_same(all);
    REQUIRE(all[0].events.size() == 1);
    CHECK(all[0].events[0].kind == WsIncoming::Kind::message);
    CHECK(all[0].events[0].opcode == WsOpcode::text);
    CHECK(all[0].events[0].data == "Hello");
    CHECK(all[0].frames[0].fin);
    CHECK(all[0].frames[0].header_size == 2);
    CHECK(all[0].frames[0].raw == bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
  }
  SECTION("a single-frame masked text message (read as a server)") {
    WsReader::Options server;
    server.expect_masked = true;
    auto all = every_split(bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}), server);
    check_same(all);
    REQUIRE(all[0].events.size() == 1);
    CHECK(all[0].events[0].data == "Hello");
    CHECK(all[0].frames[0].masked);
    CHECK(all[0].frames[0].mask_key == std::array<std::uint8_t, 4>{0x37, 0xfa, 0x21, 0x3d});
  }
  SECTION("a fragmented unmasked text message") {
    auto all = every_split(bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f}));
    check_same(all);
    REQUIRE(all[0].events.size() == 1);
    CHECK(all[0].events[0].data == "Hello");
    CHECK(all[0].events[0].frames == 2);
    REQUIRE(all[0].frames.size() == 2);
    CHECK_FALSE(all[0].frames[0].fin);
    CHECK(all[0].frames[1].opcode() == WsOpcode::continuation);
    CHECK(all[0].frames[1].offset == 5);
  }
  SECTION("ping, and a ping in the middle of a fragmented message") {
    auto all = every_split(bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x80, 0x02, 0x6c, 0x6f}));
    check_same(all);
    REQUIRE(all[0].events.size() == 2);
    CHECK(all[0].events[0].kind == WsIncoming::Kind::ping);
    CHECK(all[0].events[0].data == "Hello");
    CHECK(all[0].events[1].data == "Hello");
  }
  SECTION("256 bytes and 64 KiB binary messages use the 16- and 64-bit lengths") {
    std::string payload256(256, '\x5a');
    auto a = every_split(bytes({0x82, 0x7e, 0x01, 0x00}) + payload256);
    check_same(a);
    REQUIRE(a[0].events.size() == 1);
    CHECK(a[0].events[0].data == payload256);
    CHECK(a[0].frames[0].header_size == 4);
    std::string payload64k(65536, '\x01');
    Outcome b = read_in_pieces(bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 1, 0, 0}) + payload64k, {3, 7, 1000});
    REQUIRE(b.events.size() == 1);
    CHECK(b.events[0].data == payload64k);
    CHECK(b.frames[0].header_size == 10);
    CHECK(b.frames[0].raw.size() == 65536);  // the default keeps 64 KiB of raw bytes per frame
    CHECK(b.frames[0].raw_truncated);
  }
}

TEST_CASE("the writer produces RFC 6455 §5.7's bytes and reads back", "[ws][frame][writer]") {
  WsWriter client(fixed_random());
  std::vector<WsFrame> records;
  auto hello = client.message(WsOpcode::text, "Hello", false, 0, &records);
  REQUIRE(hello);
  CHECK(*hello == bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  REQUIRE(records.size() == 1);
  CHECK(records[0].masked);
  CHECK(records[0].payload == "Hello");
  auto pong = client.control(WsOpcode::pong, "Hello", nullptr);
  REQUIRE(pong);
  CHECK(*pong == bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  CHECK_FALSE(client.control(WsOpcode::ping, std::string(126, 'x'), nullptr));

  WsWriter server(fixed_random(), WsWriter::Options{false});
  auto frag = server.message(WsOpcode::text, "Hello", false, 3, nullptr);
  REQUIRE(frag);
  CHECK(*frag == bytes({0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f}));
  // Lengths on each side of the 7/16/64-bit boundaries round-trip through the reader.
  for (std::size_t n : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 70000u}) {
    CAPTURE(n);
    std::string data(n, 'q');
    auto wire = client.message(WsOpcode::binary, data, false, 0, nullptr);
    REQUIRE(wire);
    WsReader::Options as_server;
    as_server.expect_masked = true;
    Outcome o = read_in_pieces(*wire, {1, 1, 1, 7, 5000}, as_server);
    REQUIRE_FALSE(o.error);
    REQUIRE(o.events.size() == 1);
    CHECK(o.events[0].data == data);
    CHECK(o.frames[0].header_size == (n < 126 ? 6u : n <= 65535 ? 8u : 14u));
  }
}

TEST_CASE("every invalid frame is a named error at its byte, however it is split", "[ws][frame][errors]") {
  struct Bad {
    const char* name;
    std::string stream;
    WsErrorKind kind;
    std::int64_t offset;
  };
  std::vector<Bad> table = {
      {"reserved opcode 0x3", bytes({0x83, 0x00}), WsErrorKind::reserved_opcode, 0},
      {"reserved opcode 0xB after a good frame", bytes({0x81, 0x01, 0x41, 0x8b, 0x00}), WsErrorKind::reserved_opcode, 3},
      {"RSV2", bytes({0xa1, 0x00}), WsErrorKind::reserved_bits_set, 0},
      {"RSV3", bytes({0x91, 0x00}), WsErrorKind::reserved_bits_set, 0},
      {"RSV1 without deflate", bytes({0xc1, 0x00}), WsErrorKind::reserved_bits_set, 0},
      {"fragmented ping", bytes({0x09, 0x00}), WsErrorKind::control_frame_fragmented, 0},
      {"close of 126 bytes", bytes({0x88, 0x7e, 0x00, 0x7e}), WsErrorKind::control_frame_too_long, 1},
      {"masked server frame", bytes({0x81, 0x81, 1, 2, 3, 4, 0x40}), WsErrorKind::masked_server_frame, 1},
      {"16-bit length 5", bytes({0x82, 0x7e, 0x00, 0x05, 1, 2, 3, 4, 5}), WsErrorKind::non_minimal_length, 2},
      {"64-bit length 200", bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 0, 0, 200}), WsErrorKind::non_minimal_length, 2},
      {"64-bit length high bit", bytes({0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 1}), WsErrorKind::length_high_bit_set, 2},
      {"continuation first", bytes({0x80, 0x01, 0x41}), WsErrorKind::unexpected_continuation, 0},
      {"text inside text", bytes({0x01, 0x01, 0x41, 0x81, 0x01, 0x42}), WsErrorKind::expected_continuation, 3},
      {"invalid UTF-8 byte", bytes({0x81, 0x03, 0x41, 0xff, 0x41}), WsErrorKind::invalid_utf8, 3},
      {"UTF-8 surrogate across fragments", bytes({0x01, 0x01, 0xed, 0x80, 0x02, 0xa0, 0x80}), WsErrorKind::invalid_utf8, 5},
      {"text ends mid-character", bytes({0x81, 0x02, 0x41, 0xe2}), WsErrorKind::invalid_utf8, 4},
      {"overlong UTF-8", bytes({0x81, 0x02, 0xc0, 0x80}), WsErrorKind::invalid_utf8, 2},
      {"1-byte close", bytes({0x88, 0x01, 0x03}), WsErrorKind::bad_close_payload, 0},
      {"close code 1005", bytes({0x88, 0x02, 0x03, 0xed}), WsErrorKind::invalid_close_code, 2},
      {"close code 999", bytes({0x88, 0x02, 0x03, 0xe7}), WsErrorKind::invalid_close_code, 2},
      {"close code 5000", bytes({0x88, 0x02, 0x13, 0x88}), WsErrorKind::invalid_close_code, 2},
      {"close reason not UTF-8", bytes({0x88, 0x03, 0x03, 0xe8, 0xff}), WsErrorKind::invalid_utf8, 4},
  };
  for (const Bad& b : table) {
    CAPTURE(b.name);
    auto all = every_split(b.stream);
    for (const Outcome& o : all) {
      CHECK(o.error.kind == b.kind);
      CHECK(o.error.offset == b.offset);
      CHECK(o.error.message.find("frame ") == 0);
      CHECK(o.error.message.find("RFC") != std::string::npos);
    }
  }
  SECTION("the message and frame limits") {
    WsReader::Options small;
    small.max_message = 10;
    auto frame = every_split(bytes({0x82, 0x0b}) + std::string(11, 'x'), small);
    for (const Outcome& o : frame) CHECK(o.error.kind == WsErrorKind::frame_too_large);
    auto message = every_split(bytes({0x02, 0x06}) + std::string(6, 'x') + bytes({0x80, 0x06}) + std::string(6, 'y'), small);
    for (const Outcome& o : message) {
      CHECK(o.error.kind == WsErrorKind::message_too_large);
      CHECK(o.error.close_code() == 1009);
    }
  }
  SECTION("a server reading an unmasked client frame") {
    WsReader::Options server;
    server.expect_masked = true;
    Outcome o = read_in_pieces(bytes({0x81, 0x01, 0x41}), {}, server);
    CHECK(o.error.kind == WsErrorKind::unmasked_client_frame);
  }
  SECTION("errors are sticky") {
    WsReader reader;
    std::vector<WsFrame> frames;
    std::vector<WsIncoming> events;
    CHECK(reader.feed(bytes({0x83, 0x00}), frames, events).kind == WsErrorKind::reserved_opcode);
    CHECK(reader.feed(bytes({0x81, 0x00}), frames, events).kind == WsErrorKind::reserved_opcode);
    CHECK(events.empty());
  }
}

TEST_CASE("close frames carry codes and reasons", "[ws][close]") {
  WsWriter server(fixed_random(), WsWriter::Options{false});
  auto wire = server.control(WsOpcode::close, close_payload(1001, "going"), nullptr);
  REQUIRE(wire);
  CHECK(*wire == bytes({0x88, 0x07, 0x03, 0xe9}) + "going");
  Outcome o = read_in_pieces(*wire + bytes({0x88, 0x00}), {});
  REQUIRE_FALSE(o.error);
  REQUIRE(o.events.size() == 2);
  CHECK(o.events[0].close_code == 1001);
  CHECK(o.events[0].data == "going");
  CHECK(o.events[1].close_code == 0);  // an empty close: no status (1005)
  CHECK(close_code_sendable(1000));
  CHECK(close_code_sendable(4999));
  CHECK_FALSE(close_code_sendable(1006));
  CHECK_FALSE(close_code_sendable(1015));
  CHECK_FALSE(close_code_sendable(2000));
  CHECK(close_code_name(1009) == "message too big");
}

TEST_CASE("UTF-8 is checked across any split", "[ws][utf8]") {
  const std::string good = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";  // a é € 😀 z
  CHECK(find_invalid_utf8(good) == Utf8Validator::npos);
  for (std::size_t i = 0; i <= good.size(); ++i) {
    Utf8Validator v;
    CHECK(v.feed(good.substr(0, i)) == Utf8Validator::npos);
    CHECK(v.feed(good.substr(i)) == Utf8Validator::npos);
    CHECK(v.complete());
  }
  CHECK(find_invalid_utf8("\xf4\x90\x80\x80") == 1);  // above U+10FFFF
  CHECK(find_invalid_utf8("\xe0\x80\x80") == 1);      // overlong
  CHECK(find_invalid_utf8("\xf5") == 0);
  CHECK(find_invalid_utf8("ab\xe2\x82") == 4);        // cut short: the end
}

TEST_CASE("permessage-deflate: RFC 7692 §7.2.3's examples", "[ws][deflate]") {
  WsDeflateAgreement takeover;  // defaults: context takeover, 15-bit windows
  SECTION("one compressed message, and the same again with the window kept") {
    auto all = every_split(bytes({0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00}),
                           {}, &takeover);
    check_same(all);
    REQUIRE_FALSE(all[0].error);
    REQUIRE(all[0].events.size() == 2);
    CHECK(all[0].events[0].data == "Hello");
    CHECK(all[0].events[0].compressed);
    CHECK(all[0].events[1].data == "Hello");
  }
  SECTION("a stored block, a BFINAL block, two blocks, and a compressed message in fragments") {
    for (const std::string& stream :
         {bytes({0xc1, 0x0b, 0x00, 0x05, 0x00, 0xfa, 0xff, 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00}),
          bytes({0xc1, 0x08, 0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00}),
          bytes({0xc1, 0x0d, 0xf2, 0x48, 0x05, 0x00, 0x00, 0x00, 0xff, 0xff, 0xca, 0xc9, 0xc9, 0x07, 0x00}),
          bytes({0x41, 0x03, 0xf2, 0x48, 0xcd, 0x80, 0x04, 0xc9, 0xc9, 0x07, 0x00})}) {
      auto all = every_split(stream, {}, &takeover);
      check_same(all);
      REQUIRE_FALSE(all[0].error);
      REQUIRE(all[0].events.size() == 1);
      CHECK(all[0].events[0].data == "Hello");
    }
  }
  SECTION("the compressor writes the RFC's bytes, with and without context takeover") {
    WsWriter server(fixed_random(), WsWriter::Options{false});
    REQUIRE_FALSE(server.enable_deflate(takeover, true));
    auto first = server.message(WsOpcode::text, "Hello", true, 0, nullptr);
    auto second = server.message(WsOpcode::text, "Hello", true, 0, nullptr);
    CHECK(*first == bytes({0xc1, 0x07, 0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00}));
    CHECK(*second == bytes({0xc1, 0x05, 0xf2, 0x00, 0x11, 0x00, 0x00}));
    WsDeflateAgreement reset;
    reset.server_no_context_takeover = true;
    WsWriter fresh(fixed_random(), WsWriter::Options{false});
    REQUIRE_FALSE(fresh.enable_deflate(reset, true));
    CHECK(*fresh.message(WsOpcode::text, "Hello", true, 0, nullptr) == *first);
    CHECK(*fresh.message(WsOpcode::text, "Hello", true, 0, nullptr) == *first);
  }
  SECTION("client to server: masked, compressed, fragmented, read back by a server") {
    WsWriter client(fixed_random());
    REQUIRE_FALSE(client.enable_deflate(takeover));
    std::string text;
    for (int i = 0; i < 200; ++i) text += "message " + std::to_string(i) + " é ";
    auto wire = client.message(WsOpcode::text, text, true, 50, nullptr);
    REQUIRE(wire);
    WsReader::Options server;
    server.expect_masked = true;
    WsReader reader(server);
    REQUIRE_FALSE(reader.enable_deflate(takeover, true));
    std::vector<WsFrame> frames;
    std::vector<WsIncoming> events;
    REQUIRE_FALSE(reader.feed(*wire, frames, events));
    REQUIRE(events.size() == 1);
    CHECK(events[0].data == text);
    CHECK(events[0].wire_bytes < text.size() / 4);
    CHECK(frames.size() > 1);
    CHECK(frames[0].rsv1);
    CHECK_FALSE(frames[1].rsv1);
  }
  SECTION("bad compressed data and a bomb are named errors") {
    auto bad = every_split(bytes({0xc1, 0x03, 0xff, 0xff, 0xff}), {}, &takeover);
    for (const Outcome& o : bad) CHECK(o.error.kind == WsErrorKind::decompression_failed);
    WsWriter server(fixed_random(), WsWriter::Options{false});
    REQUIRE_FALSE(server.enable_deflate(takeover, true));
    auto bomb = server.message(WsOpcode::binary, std::string(1 << 20, '\0'), true, 0, nullptr);
    REQUIRE(bomb);
    CHECK(bomb->size() < 2000);
    WsReader::Options small;
    small.max_message = bomb->size() + 10;  // the frame fits; what it inflates to does not
    Outcome o = read_in_pieces(*bomb, {}, small, &takeover);
    CHECK(o.error.kind == WsErrorKind::message_too_large);
    auto rsv1_cont = every_split(bytes({0x41, 0x01, 0x00, 0xc0, 0x00}), {}, &takeover);
    for (const Outcome& r : rsv1_cont) CHECK(r.error.kind == WsErrorKind::rsv1_on_continuation);
    auto rsv1_ping = every_split(bytes({0xc9, 0x00}), {}, &takeover);
    for (const Outcome& r : rsv1_ping) CHECK(r.error.kind == WsErrorKind::reserved_bits_set);
  }
}

TEST_CASE("permessage-deflate negotiation parameters", "[ws][deflate][handshake]") {
  WsDeflateOffer offer;
  CHECK(to_header_value(offer) == "permessage-deflate; client_max_window_bits");
  auto a = accept_deflate_response("; server_no_context_takeover; client_max_window_bits=12; server_max_window_bits=\"10\"", offer);
  REQUIRE(a);
  CHECK(a->server_no_context_takeover);
  CHECK(a->client_max_window_bits == 12);
  CHECK(a->server_max_window_bits == 10);
  CHECK(accept_deflate_response("", offer)->client_max_window_bits == 15);
  CHECK_FALSE(accept_deflate_response("; client_max_window_bits=16", offer));
  CHECK_FALSE(accept_deflate_response("; client_max_window_bits", offer));
  CHECK_FALSE(accept_deflate_response("; client_max_window_bits=8", offer));  // zlib cannot
  CHECK_FALSE(accept_deflate_response("; mystery", offer));
  CHECK_FALSE(accept_deflate_response("; server_no_context_takeover; server_no_context_takeover", offer));
  CHECK_FALSE(accept_deflate_response("; server_no_context_takeover=1", offer));
  WsDeflateOffer no_hint;
  no_hint.client_max_window_bits_hint = false;
  no_hint.server_no_context_takeover = true;
  CHECK(to_header_value(no_hint) == "permessage-deflate; server_no_context_takeover");
  CHECK_FALSE(accept_deflate_response("; client_max_window_bits=10; server_no_context_takeover", no_hint));
  CHECK_FALSE(accept_deflate_response("", no_hint));  // asked for server_no_context_takeover
  auto message = accept_deflate_response("; client_max_window_bits=16", offer);
  CHECK(message.error().message.find("8 to 15") != std::string::npos);
}
