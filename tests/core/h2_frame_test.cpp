// core: HTTP/2 frames in words (shared/h2_frame.h) and the h2 half of HttpExchange fed a
// server's bytes by hand: interim responses, trailers, padding, CONTINUATION and a body, with
// every frame listed where its bytes are. The real servers are in tests/native/h2_peer_test.cpp.
#include <catch2/catch.hpp>

#include <string>

#include "shared/exchange.h"
#include "shared/h2_frame.h"
#include "shared/history_record.h"
#include "shared/protocol_layers.h"

using namespace wirepad;

namespace {

std::string frame(std::uint8_t type, std::uint8_t flags, std::uint32_t stream, const std::string& payload = "") {
  std::string out;
  out += char(payload.size() >> 16);
  out += char(payload.size() >> 8);
  out += char(payload.size());
  out += char(type);
  out += char(flags);
  out += char(stream >> 24);
  out += char(stream >> 16);
  out += char(stream >> 8);
  out += char(stream);
  return out + payload;
}

// An HPACK literal without indexing, new name, no Huffman (RFC 7541 §6.2.2).
std::string literal(const std::string& name, const std::string& value) {
  return std::string(1, '\0') + char(name.size()) + name + char(value.size()) + value;
}

const std::string kStatus200 = "\x88";  // the static table's :status 200

HttpExchange h2c_exchange(const std::string& url = "http://127.0.0.1:8080/a?b=1") {
  ExchangeOptions options;
  options.http_version = HttpVersion::http2_prior_knowledge;
  HttpRequest request;
  request.url = url;
  Result<HttpExchange> created = HttpExchange::create(request, options);
  REQUIRE(created.ok());
  HttpExchange exchange = std::move(created).value();
  exchange.start(0);
  exchange.on_resolved("127.0.0.1:8080", 0);
  exchange.on_connected(0.001);
  return exchange;
}

}  // namespace

TEST_CASE("HTTP/2 frame names, flags and payloads in words", "[h2]") {
  CHECK(h2_frame_type_name(h2_type::window_update) == "WINDOW_UPDATE");
  CHECK(h2_frame_type_name(0x20) == "type 0x20");
  CHECK(h2_error_code_name(11) == "ENHANCE_YOUR_CALM");
  CHECK(h2_error_code_name(0x42) == "error code 0x42");
  CHECK(h2_flags_text(h2_type::headers, 0x25) == "END_STREAM | END_HEADERS | PRIORITY");
  CHECK(h2_flags_text(h2_type::data, 0x40) == "0x40");
  CHECK(describe_h2_payload(h2_type::settings, 0, std::string("\x00\x03\x00\x00\x00\x64\x00\x05\x00\x00\x40\x00", 12)) ==
        "MAX_CONCURRENT_STREAMS=100, MAX_FRAME_SIZE=16384");
  CHECK(describe_h2_payload(h2_type::settings, 1, "") == "ACK");
  CHECK(describe_h2_payload(h2_type::settings, 0, "12345") ==
        "a SETTINGS payload must be a multiple of 6 bytes, this one is 5");
  CHECK(describe_h2_payload(h2_type::goaway, 0, std::string("\x00\x00\x00\x03\x00\x00\x00\x0b" "calm\x01", 13)) ==
        "last stream 3, ENHANCE_YOUR_CALM, \"calm\\x01\"");
  CHECK(describe_h2_payload(h2_type::window_update, 0, std::string("\x80\x00\x01\x00", 4)) == "increment 256");
  CHECK(describe_h2_payload(h2_type::ping, 1, "abcdefgh") == "ACK, data 6162636465666768");
  CHECK(describe_h2_payload(h2_type::rst_stream, 0, std::string("\x00\x00\x00\x08", 4)) == "CANCEL");
  CHECK(describe_h2_payload(h2_type::data, 8, std::string("\x02xy\x00\x00", 5)) == "2 bytes of data, 2 bytes of padding");
  CHECK(describe_h2_payload(h2_type::data, 8, std::string("\x09xy", 3)) == "padding longer than the frame");
}

TEST_CASE("the frame splitter finds the same frames in any pieces, after the preface", "[h2]") {
  std::string stream = std::string(kH2ClientPreface) + frame(h2_type::settings, 0, 0) +
                       frame(h2_type::headers, 5, 1, kStatus200) + frame(h2_type::data, 1, 1, "hello");
  for (std::size_t piece : {std::size_t(1), std::size_t(7), stream.size()}) {
    std::vector<H2Frame> frames;
    H2FrameSplitter splitter(true, true);
    std::size_t visited = 0;
    for (std::size_t at = 0; at < stream.size(); at += piece)
      splitter.feed(std::string_view(stream).substr(at, piece), 0.5, frames,
                    [&](std::string_view p, std::size_t) { visited += p.size(); });
    CHECK(visited == stream.size());
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].offset == 24);
    CHECK(frames[1].offset == 33);
    CHECK(frames[1].type == h2_type::headers);
    CHECK(frames[2].offset == 43);
    CHECK(frames[2].summary == "5 bytes of data");
    CHECK(frames[2].complete);
    CHECK(frames[2].sent);
  }
}

TEST_CASE("an h2c exchange: the request's fields, an interim 103, CONTINUATION, a padded body and trailers", "[h2]") {
  HttpExchange exchange = h2c_exchange();
  std::string out = exchange.take_outgoing();
  REQUIRE(out.rfind(std::string(kH2ClientPreface), 0) == 0);
  const ExchangeLog& log = exchange.log();
  CHECK(log.http2.used);
  CHECK(log.http2.how == "prior knowledge");
  CHECK(log.http2.stream == 1);
  CHECK(log.response.version_major == 2);
  REQUIRE(log.sent_headers.size() >= 4);
  CHECK(log.sent_headers[0] == Header{":method", "GET"});
  CHECK(log.sent_headers[1] == Header{":scheme", "http"});
  CHECK(log.sent_headers[2] == Header{":authority", "127.0.0.1:8080"});
  CHECK(log.sent_headers[3] == Header{":path", "/a?b=1"});

  std::string server = frame(h2_type::settings, 0, 0) +
                       frame(h2_type::headers, 4, 1, std::string("\x48\x03" "103", 5) + literal("link", "</s.css>")) +
                       frame(h2_type::headers, 0, 1, kStatus200 + literal("content-type", "text/plain")) +
                       frame(h2_type::continuation, 4, 1, literal("x-more", "yes")) +
                       frame(h2_type::data, 8, 1, std::string("\x01" "hello \x00", 8)) + frame(h2_type::data, 0, 1, "world") +
                       frame(h2_type::headers, 5, 1, literal("grpc-status", "0"));
  // One byte at a time: every boundary falls somewhere.
  for (std::size_t i = 0; i < server.size(); ++i) {
    exchange.on_data(std::string_view(server).substr(i, 1), 0.01 + i * 0.0001);
    (void)exchange.take_outgoing();
  }
  INFO(log.error.message);
  REQUIRE(log.phase == Phase::done);
  CHECK(log.response.status == 200);
  REQUIRE(log.response.interim.size() == 1);
  CHECK(log.response.interim[0].status == 103);
  CHECK(find_header(log.response.interim[0].headers, "link")->value == "</s.css>");
  CHECK(find_header(log.response.headers, "x-more")->value == "yes");  // from the CONTINUATION
  CHECK(log.body() == "hello world");
  CHECK(find_header(log.response.trailers, "grpc-status")->value == "0");
  CHECK(log.bytes_received == server);

  // The frames received, in order, the field block decoded onto its HEADERS frame.
  std::vector<const H2Frame*> received;
  for (const H2Frame& f : log.http2.frames)
    if (!f.sent) received.push_back(&f);
  REQUIRE(received.size() == 7);
  CHECK(received[2]->type == h2_type::headers);
  REQUIRE(received[2]->fields.size() == 3);
  CHECK(received[2]->fields[2] == Header{"x-more", "yes"});
  CHECK(received[2]->block_bytes == received[2]->length + received[3]->length);
  CHECK(received[4]->summary == "6 bytes of data, 1 byte of padding");
  CHECK(received[6]->offset + received[6]->size() == server.size());
  // We acknowledged the server's SETTINGS.
  bool acked = false;
  for (const H2Frame& f : log.http2.frames) acked |= f.sent && f.type == h2_type::settings && (f.flags & 1);
  CHECK(acked);

  // The Layers view counts frames and the DATA payloads (padding included) as HTTP/2's content,
  // not the preface's blank line as the end of a head.
  LayerModel layers = model_layers(log);
  CHECK(layers.application.name == "HTTP/2");
  CHECK(layers.application.unit == "frames");
  CHECK(layers.application.units == log.http2.frames.size());
  CHECK(layers.application.payload_bytes == 8 + 5);

  // A history record keeps how HTTP/2 was chosen and finds the frames again in the bytes.
  Experiment experiment;
  experiment.request.url = "http://127.0.0.1:8080/a?b=1";
  experiment.options.http_version = HttpVersion::http2_prior_knowledge;
  Result<HistoryRecord> record = parse_history_record(serialize_history_record(experiment, "", 1, log));
  REQUIRE(record.ok());
  const ExchangeLog* reread = &record->log;
  CHECK(reread->http2.used);
  CHECK(reread->http2.how == "prior knowledge");
  REQUIRE(reread->http2.frames.size() == log.http2.frames.size());
  for (std::size_t i = 0; i < log.http2.frames.size(); ++i) {
    CAPTURE(i);
    CHECK(reread->http2.frames[i].type == log.http2.frames[i].type);
    CHECK(reread->http2.frames[i].offset == log.http2.frames[i].offset);
    CHECK(reread->http2.frames[i].summary == log.http2.frames[i].summary);
  }
  CHECK(reread->response.version_major == 2);
}

TEST_CASE("an h2 exchange cut before its stream ended fails and keeps what came", "[h2]") {
  HttpExchange exchange = h2c_exchange();
  (void)exchange.take_outgoing();
  exchange.on_data(frame(h2_type::settings, 0, 0) + frame(h2_type::headers, 4, 1, kStatus200) + frame(h2_type::data, 0, 1, "part"), 0.01);
  exchange.on_closed(0.02);
  const ExchangeLog& log = exchange.log();
  CHECK(log.phase == Phase::failed);
  CHECK(log.error.code == ErrorCode::closed_early);
  CHECK(log.error.message == "The server closed the connection before stream 1 ended.");
  CHECK(log.body() == "part");
}
