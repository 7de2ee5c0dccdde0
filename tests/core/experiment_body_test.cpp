// Experiment bodies that are not UTF-8 (format 2, "body_base64"): byte for byte through a
// file, a share link and a history record; text bodies stay "body" in a format 1 file.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "shared/history_record.h"
#include "shared/share_link.h"

using namespace wirepad;

namespace {

Experiment binary_experiment() {
  Experiment e;
  e.name = "upload";
  e.request.method = "POST";
  e.request.url = "http://127.0.0.1:8080/up";
  e.request.headers = {{"Content-Type", "application/octet-stream"}};
  e.request.body = std::string("\x89PNG\r\n\x1a\n\x00\xff\xfe", 11);
  return e;
}

}  // namespace

TEST_CASE("a body that is not UTF-8 is saved as body_base64 in a format 2 file", "[experiment][body]") {
  Experiment e = binary_experiment();
  std::string text = serialize_experiment(e);
  auto j = nlohmann::ordered_json::parse(text);
  CHECK(j["wirepad"] == 2);
  CHECK(j["request"].contains("body") == false);
  CHECK(j["request"]["body_base64"] == "iVBORw0KGgoA//4=");
  Result<Experiment> back = parse_experiment(text);
  REQUIRE(back.ok());
  CHECK(back->request.body == e.request.body);
  CHECK(back.value() == e);
  CHECK(serialize_experiment(back.value()) == text);  // stable: the same bytes again
}

TEST_CASE("a UTF-8 body stays readable text in a format 1 file", "[experiment][body]") {
  Experiment e = binary_experiment();
  e.request.body = "caf\xc3\xa9 {\"a\": 1}\n";
  auto j = nlohmann::ordered_json::parse(serialize_experiment(e));
  CHECK(j["wirepad"] == 1);  // older Wirepads still read it
  CHECK(j["request"]["body"] == "caf\xc3\xa9 {\"a\": 1}\n");
  CHECK_FALSE(j["request"].contains("body_base64"));
  // Socket experiments have no request body: always format 1.
  Experiment socket;
  socket.kind = ExperimentKind::socket;
  socket.socket.host = "127.0.0.1";
  socket.socket.port = 9;
  socket.socket.steps = {{StepKind::connect, "", 0}, {StepKind::send, std::string("\xff\x00", 2), 0}};
  CHECK(nlohmann::ordered_json::parse(serialize_experiment(socket))["wirepad"] == 1);
}

TEST_CASE("body_base64 is checked: type, alphabet, and not together with body", "[experiment][body]") {
  Result<Experiment> padless = parse_experiment(R"({"wirepad": 2, "request": {"body_base64": "AP8"}})");
  REQUIRE(padless.ok());
  CHECK(padless->request.body == std::string("\x00\xff", 2));

  Result<Experiment> both = parse_experiment(R"({"wirepad": 2, "request": {"body": "a", "body_base64": "YQ=="}})");
  REQUIRE_FALSE(both.ok());
  CHECK_THAT(both.error().message, Catch::Contains("both body and body_base64"));

  Result<Experiment> number = parse_experiment(R"({"wirepad": 2, "request": {"body_base64": 5}})");
  REQUIRE_FALSE(number.ok());
  CHECK_THAT(number.error().message, Catch::Contains("request.body_base64 must be a string"));

  Result<Experiment> bad = parse_experiment(R"({"wirepad": 2, "request": {"body_base64": "AP*8"}})");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::StartsWith("request.body_base64: "));
  CHECK(bad.error().code == ErrorCode::invalid_experiment);

  // A reader of format 7 refuses format 8 with a message that says so.
  Result<Experiment> newer = parse_experiment(R"({"wirepad": 8})");
  REQUIRE_FALSE(newer.ok());
  CHECK_THAT(newer.error().message, Catch::Contains("newer Wirepad (format 8)"));
}

TEST_CASE("a binary body survives a share link byte for byte", "[experiment][body][share_link]") {
  Experiment e = binary_experiment();
  ShareLink link = make_share_link(e, {.include_secrets = true});
  Result<Experiment> back = open_share_link(share_link_url("http://127.0.0.1:7070/", link));
  REQUIRE(back.ok());
  CHECK(back->request.body == e.request.body);
}

TEST_CASE("a binary body survives a history record byte for byte", "[experiment][body][history]") {
  HistoryRecord record;
  record.experiment = binary_experiment();
  record.unix_time = 1764000000;
  record.log.request.method = "POST";
  Result<HistoryRecord> back = parse_history_record(serialize_history_record(record));
  REQUIRE(back.ok());
  CHECK(back->experiment.request.body == record.experiment.request.body);
}
