// History records: a whole exchange (driven through the real sans-I/O state machine) written
// and read back byte for byte, binary bodies included.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "shared/har.h"
#include "shared/history_record.h"
#include "vector_files.h"

using namespace wirepad;

TEST_CASE("a history record reads back into the same exchange", "[history]") {
  HttpRequest request{"POST", "http://127.0.0.1:8080/x", {{"Content-Type", "application/octet-stream"}}, std::string("a\0\xff", 3)};
  Result<HttpExchange> created = HttpExchange::create(request);
  REQUIRE(created.ok());
  HttpExchange x = std::move(created.value());
  x.start(0);
  x.on_resolved("127.0.0.1:8080", 0.001);
  x.on_connected(0.002);
  std::string sent = x.take_outgoing();
  x.on_data("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n", 0.01);
  x.on_data(std::string("\r\n\x00\xfe\xff\n", 6), 0.02);
  REQUIRE(x.log().phase == Phase::done);

  HistoryRecord record;
  record.experiment.name = "binary";
  record.experiment.request = request;
  record.experiment.request.url = "http://{{host}}/x";
  record.experiment.request.body = "text";  // experiment bodies are UTF-8 text (docs/experiment-format.md)
  record.environment = "local";
  record.unix_time = 1764000000;
  record.log = x.log();
  std::string text = serialize_history_record(record);
  Result<HistoryRecord> back = parse_history_record(text);
  REQUIRE(back.ok());
  CHECK(back->experiment == record.experiment);
  CHECK(back->environment == "local");
  CHECK(back->unix_time == 1764000000);
  const ExchangeLog& a = record.log;
  const ExchangeLog& b = back->log;
  CHECK(b.phase == Phase::done);
  CHECK(b.bytes_sent == a.bytes_sent);
  CHECK(b.bytes_sent == sent);
  CHECK(b.bytes_received == a.bytes_received);
  CHECK(b.body() == std::string("\x00\xfe\xff\n", 4));
  // The Content-Length body is held once, as a range of the received bytes, before and after.
  CHECK(a.body_in_received);
  CHECK(b.body_in_received);
  CHECK(b.response.body.empty());
  CHECK(serialize_history_record(*back) == text);
  CHECK(b.response.status == 200);
  CHECK(b.response.headers == a.response.headers);
  CHECK(b.request == a.request);
  CHECK(b.sent_headers == a.sent_headers);
  CHECK(b.timings.total == a.timings.total);
  CHECK(b.events.size() == a.events.size());
  REQUIRE(b.wire.size() == a.wire.size());
  for (std::size_t i = 0; i < a.wire.size(); ++i) CHECK(b.bytes_of(b.wire[i]) == a.bytes_of(a.wire[i]));
  CHECK(exchange_outcome(b) == "200 OK");
}

TEST_CASE("a history record keeps when the exchange started, and older records load without it", "[history][har]") {
  Result<HttpExchange> created = HttpExchange::create({"GET", "http://127.0.0.1:8080/", {}, ""});
  REQUIRE(created.ok());
  HttpExchange x = std::move(created.value());
  x.start(7.5, 1796298000042);  // 2026-12-03T11:40:00.042Z
  x.on_connected(7.501);
  x.take_outgoing();
  x.on_data("HTTP/1.1 204 No Content\r\n\r\n", 7.51);
  REQUIRE(x.log().phase == Phase::done);
  HistoryRecord record;
  record.experiment.request.url = "http://127.0.0.1:8080/";
  record.log = x.log();
  std::string text = serialize_history_record(record);
  CHECK_THAT(text, Catch::Contains("\"started_unix_ms\": 1796298000042"));
  Result<HistoryRecord> back = parse_history_record(text);
  REQUIRE(back.ok());
  CHECK(back->log.started_unix_ms == 1796298000042);
  CHECK(serialize_history_record(*back) == text);
  // The HAR of the re-opened entry starts when it was sent.
  auto har = nlohmann::json::parse(export_har_exchanges({{back->log, "2030-01-01T00:00:00.000Z", ""}}));
  CHECK(har["log"]["entries"][0]["startedDateTime"] == "2026-12-03T11:40:00.042Z");

  // A record written before the field existed: no key at all. It loads, the start is unknown,
  // and the HAR falls back to the time the caller gives (the export time).
  std::string old = text;
  const std::string line = "\"started_unix_ms\": 1796298000042,";
  std::size_t at = old.find(line);
  REQUIRE(at != std::string::npos);
  old.erase(at, line.size());
  REQUIRE(nlohmann::json::accept(old));
  Result<HistoryRecord> loaded = parse_history_record(old);
  REQUIRE(loaded.ok());
  CHECK(loaded->log.started_unix_ms == 0);
  CHECK(loaded->log.response.status == 204);
  auto old_har = nlohmann::json::parse(export_har_exchanges({{loaded->log, "2030-01-01T00:00:00.000Z", ""}}));
  CHECK(old_har["log"]["entries"][0]["startedDateTime"] == "2030-01-01T00:00:00.000Z");
  // An unknown start is not written, so such a record is saved as older versions saved it.
  CHECK(serialize_history_record(*loaded).find("started_unix_ms") == std::string::npos);
  // A minimal record from an older Wirepad (no timings, no wire either).
  Result<HistoryRecord> minimal = parse_history_record(
      R"({"wirepad_history": 1, "time": 1764000000, "environment": "",
          "experiment": {"wirepad": 1, "request": {"method": "GET", "url": "http://h.test/"}},
          "exchange": {"phase": "done", "url": "http://h.test/"}})");
  REQUIRE(minimal.ok());
  CHECK(minimal->log.started_unix_ms == 0);
  CHECK(minimal->unix_time == 1764000000);
}

TEST_CASE("a failed exchange keeps its error in the history", "[history]") {
  Result<HttpExchange> created = HttpExchange::create({"GET", "http://127.0.0.1:1/", {}, ""});
  REQUIRE(created.ok());
  HttpExchange x = std::move(created.value());
  x.start(0);
  x.on_error(make_error(ErrorCode::connect_refused, "connection refused by 127.0.0.1:1"), 0.001);
  HistoryRecord record;
  record.log = x.log();
  Result<HistoryRecord> back = parse_history_record(serialize_history_record(record));
  REQUIRE(back.ok());
  CHECK(back->log.phase == Phase::failed);
  CHECK(back->log.error.code == ErrorCode::connect_refused);
  CHECK(exchange_outcome(back->log) == "connect_refused");
  CHECK_FALSE(parse_history_record("{\"wirepad_history\": 9}").ok());
}

TEST_CASE("a re-opened gzip response reads decoded again", "[history]") {
  const std::string encoded = wirepad::test::read_vector("content_codings/text.gz");
  const std::string plain = wirepad::test::read_vector("content_codings/plain.txt");
  auto received = [](const std::string& body) {
    HttpExchange x = std::move(HttpExchange::create({"GET", "http://127.0.0.1:8080/", {}, ""}).value());
    x.start(0);
    x.on_connected(0.001);
    x.take_outgoing();
    x.on_data("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body, 0.01);
    REQUIRE(x.log().phase == Phase::done);
    HistoryRecord record;
    record.experiment.request.url = "http://127.0.0.1:8080/";
    record.log = x.log();
    return record;
  };
  HistoryRecord record = received(encoded);
  REQUIRE(record.log.display_body() == plain);
  Result<HistoryRecord> back = parse_history_record(serialize_history_record(record));
  REQUIRE(back.ok());
  CHECK(back->log.body() == encoded);  // the bytes as received stay as they were
  CHECK(back->log.decoding.coding == "gzip");
  CHECK(back->log.decoding.complete);
  CHECK(back->log.display_body() == plain);

  // A body that is not gzip is shown as received, with the reason, as when it arrived.
  HistoryRecord lying = received("not gzip at all");
  CHECK(lying.log.decoding.error);
  Result<HistoryRecord> lied = parse_history_record(serialize_history_record(lying));
  REQUIRE(lied.ok());
  CHECK(lied->log.decoding.error);
  CHECK(lied->log.display_body() == "not gzip at all");
}

TEST_CASE("a history record keeps a chunked body and an unframed one, each once", "[history]") {
  auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  auto record_of = [](const std::string& wire) {
    Result<HttpExchange> created = HttpExchange::create({"GET", "http://127.0.0.1:8080/", {}, ""});
    REQUIRE(created.ok());
    HttpExchange x = std::move(created.value());
    x.start(0);
    x.on_resolved("127.0.0.1:8080", 0.001);
    x.on_connected(0.002);
    x.take_outgoing();
    x.on_data(wire, 0.01);
    REQUIRE(x.log().phase == Phase::done);
    HistoryRecord record;
    record.log = x.log();
    return record;
  };
  HistoryRecord chunked = record_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  std::string text = serialize_history_record(chunked);
  CHECK(count(text, "\"body_base64\"") == 2);  // the request's and the joined chunks (not one range)
  Result<HistoryRecord> back = parse_history_record(text);
  REQUIRE(back.ok());
  CHECK(back->log.body() == "abc");
  CHECK_FALSE(back->log.body_in_received);

  HistoryRecord framed = record_of("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxyz");
  text = serialize_history_record(framed);
  CHECK(text.find("\"body_range\"") != std::string::npos);
  // The body's bytes are written once: only the request's (empty) body has a body_base64.
  CHECK(count(text, "\"body_base64\"") == 1);
  back = parse_history_record(text);
  REQUIRE(back.ok());
  CHECK(back->log.body() == "xyz");

  // A range that does not fit the received bytes is refused, and says where.
  std::string bad = text;
  std::size_t size_at = bad.find("\"size\"", bad.find("\"body_range\""));
  REQUIRE(size_at != std::string::npos);
  bad.insert(bad.find('3', size_at), "9");  // 39 bytes: more than were received after the offset
  Result<HistoryRecord> refused = parse_history_record(bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "history: exchange.response.body_range is not a range of the bytes received");
}

TEST_CASE("a history record can keep only the start of a large response, and says so", "[history]") {
  HttpExchange x = std::move(HttpExchange::create({"GET", "http://127.0.0.1:8080/", {}, ""}).value());
  x.start(0);
  x.on_connected(0.001);
  x.take_outgoing();
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
  x.on_data(head, 0.01);
  x.on_data(std::string(500, 'a'), 0.02);
  x.on_data(std::string(500, 'b'), 0.03);
  REQUIRE(x.log().phase == Phase::done);
  const ExchangeLog& log = x.log();

  std::string text = serialize_history_record(Experiment{}, "", 0, log, head.size() + 100);
  Result<HistoryRecord> back = parse_history_record(text);
  REQUIRE(back.ok());
  const ExchangeLog& b = back->log;
  CHECK(b.response.status == 200);
  CHECK(b.body() == std::string(100, 'a'));
  CHECK(b.received_not_kept == 900);
  CHECK(b.received_size() == log.received_size());
  REQUIRE(b.wire.size() == log.wire.size());  // every chunk, with its size, even where cut
  CHECK(b.bytes_of(b.wire.back()).empty());
  REQUIRE_FALSE(b.warnings.empty());
  CHECK(b.warnings.back() == "the history kept the first " + std::to_string(head.size() + 100) + " of the " +
                                 std::to_string(head.size() + 1000) + " bytes received");

  // No limit: the whole exchange, as before.
  Result<HistoryRecord> whole = parse_history_record(serialize_history_record(Experiment{}, "", 0, log));
  REQUIRE(whole.ok());
  CHECK(whole->log.body() == log.body());
  CHECK(whole->log.received_not_kept == 0);
}

TEST_CASE("a history record's summary reads from the start of the file alone", "[history]") {
  HttpExchange x = std::move(HttpExchange::create({"GET", "http://127.0.0.1:8080/big", {}, ""}).value());
  x.start(0);
  x.on_resolved("127.0.0.1:8080", 0.001);
  x.on_connected(0.002);
  x.take_outgoing();
  const std::string head = "HTTP/1.1 404 Not Found\r\nContent-Length: 300000\r\n\r\n";
  x.on_data(head, 0.01);
  x.on_data(std::string(300000, 'z'), 0.25);
  REQUIRE(x.log().phase == Phase::done);
  HistoryRecord record;
  record.experiment.name = "big one";
  record.experiment.request = {"GET", "http://{{host}}/big", {{"Accept", "*/*"}}, ""};
  record.environment = "lab";
  record.unix_time = 1764000000;
  record.log = x.log();
  const std::string text = serialize_history_record(record);
  REQUIRE(text.size() > 400000);

  // 64 KiB of a 400 KB record: the summary and the experiment, nothing of the bytes.
  Result<HistorySummary> summary = parse_history_summary(std::string_view(text).substr(0, 65536));
  REQUIRE(summary.ok());
  CHECK(summary->experiment == record.experiment);
  CHECK(summary->environment == "lab");
  CHECK(summary->unix_time == 1764000000);
  CHECK(summary->outcome == "404 Not Found");
  CHECK_FALSE(summary->failed);
  CHECK(summary->total_seconds == record.log.timings.total);
  CHECK(summary->received == head.size() + 300000);
  CHECK(summary->target_url == "http://127.0.0.1:8080/big");
  CHECK(summary->remote_address == "127.0.0.1:8080");
  // The same as what the whole record says.
  HistorySummary whole = summarize_history_record(parse_history_record(text).value());
  CHECK(whole.outcome == summary->outcome);
  CHECK(whole.received == summary->received);
  CHECK(whole.target_url == summary->target_url);
  CHECK(whole.experiment == summary->experiment);

  // Too short a prefix (the experiment is cut), and a record from before summaries: errors,
  // so the caller reads the whole file instead.
  const std::size_t experiment_at = text.find("\"experiment\"");
  REQUIRE(experiment_at != std::string::npos);
  CHECK_FALSE(parse_history_summary(std::string_view(text).substr(0, experiment_at + 20)).ok());
  nlohmann::ordered_json old = nlohmann::ordered_json::parse(text);
  old.erase("summary");
  Result<HistorySummary> none = parse_history_summary(old.dump(1));
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message.find("summary is missing") != std::string::npos);
  CHECK(parse_history_record(old.dump(1)).ok());  // it still loads whole
  CHECK_FALSE(parse_history_summary("").ok());
  CHECK_FALSE(parse_history_summary("[1, 2]").ok());
}

// A history record cut by a NUL byte loaded as the JSON before it (nlohmann stops there).
TEST_CASE("a history record with a NUL byte is refused where the NUL is", "[history][json]") {
  Result<HttpExchange> created = HttpExchange::create({"GET", "http://127.0.0.1:1/", {}, ""});
  REQUIRE(created.ok());
  HttpExchange x = std::move(created.value());
  x.start(0);
  x.on_error(make_error(ErrorCode::connect_refused, "connection refused by 127.0.0.1:1"), 0.001);
  HistoryRecord record;
  record.log = x.log();
  std::string text = serialize_history_record(record);
  REQUIRE(parse_history_record(text).ok());
  text.insert(text.size() - 1, std::string("\0{}", 3));
  Result<HistoryRecord> cut = parse_history_record(text);
  REQUIRE_FALSE(cut.ok());
  CHECK(cut.error().message.find("NUL byte") != std::string::npos);
}
