// Experiment documents: round trips, defaults, and errors with a position or a key path.
// Also the JSON report of an exchange log.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "shared/experiment.h"
#include "shared/json_body.h"
#include "vector_files.h"

using namespace wirepad;

TEST_CASE("saved experiments round-trip byte for byte", "[experiment]") {
  auto name = GENERATE(as<std::string>{}, "get_hello.json", "post_json.json");
  CAPTURE(name);
  std::string text = test::read_vector("experiments/" + name);
  Result<Experiment> parsed = parse_experiment(text);
  REQUIRE(parsed.ok());
  CHECK(serialize_experiment(parsed.value()) == text);
  // And the value survives the opposite direction too.
  Result<Experiment> again = parse_experiment(serialize_experiment(parsed.value()));
  REQUIRE(again.ok());
  CHECK(again.value() == parsed.value());
}

TEST_CASE("an experiment's fields are read", "[experiment]") {
  Result<Experiment> e = parse_experiment(test::read_vector("experiments/post_json.json"));
  REQUIRE(e.ok());
  CHECK(e->name == "Post a JSON document");
  CHECK(e->request.method == "POST");
  CHECK(e->request.url == "https://[::1]:8443/api/items?draft=1");
  CHECK(e->request.headers == Headers{{"Content-Type", "application/json"}, {"X-Note", "caf\xc3\xa9 \"quoted\""}});
  CHECK(e->request.body == "{\"name\": \"widget\",\n \"count\": 2}\n");
  CHECK(e->options.connect_timeout == 2.5);
  CHECK(e->options.first_byte_timeout == 0);
  CHECK(e->options.idle_timeout == 5);
  CHECK(e->options.total_timeout == 60);
  CHECK_FALSE(e->options.verify_tls);
}

TEST_CASE("a CA file is kept in the options only when set", "[experiment][tls]") {
  Experiment e;
  e.request.url = "https://localhost:8443/";
  CHECK(serialize_experiment(e).find("ca_file") == std::string::npos);
  e.options.ca_file = "/etc/ssl/internal-ca.pem";
  Result<Experiment> back = parse_experiment(serialize_experiment(e));
  REQUIRE(back.ok());
  CHECK(back->options.ca_file == "/etc/ssl/internal-ca.pem");
  CHECK(back.value() == e);
}

TEST_CASE("the default experiment is written in full, in the documented order", "[experiment]") {
  Experiment e;
  e.name = "x";
  e.request.url = "http://127.0.0.1/";
  e.request.headers = {{"A", "1"}};
  CHECK(serialize_experiment(e) ==
        "{\n"
        "  \"wirepad\": 1,\n"
        "  \"kind\": \"http\",\n"
        "  \"name\": \"x\",\n"
        "  \"request\": {\n"
        "    \"method\": \"GET\",\n"
        "    \"url\": \"http://127.0.0.1/\",\n"
        "    \"headers\": [\n"
        "      {\n"
        "        \"name\": \"A\",\n"
        "        \"value\": \"1\"\n"
        "      }\n"
        "    ],\n"
        "    \"body\": \"\"\n"
        "  },\n"
        "  \"options\": {\n"
        "    \"connect_timeout\": 10,\n"
        "    \"first_byte_timeout\": 30,\n"
        "    \"idle_timeout\": 30,\n"
        "    \"total_timeout\": 300,\n"
        "    \"verify_tls\": true,\n"
        "    \"follow_redirects\": false,\n"
        "    \"max_redirects\": 10\n"
        "  }\n"
        "}\n");
}

TEST_CASE("missing keys take defaults and unknown keys are ignored", "[experiment]") {
  Result<Experiment> e = parse_experiment(R"({"request": {"url": "http://h/"}, "future": {"x": 1}})");
  REQUIRE(e.ok());
  Experiment expected;
  expected.request.url = "http://h/";
  CHECK(e.value() == expected);
  Result<Experiment> minimal = parse_experiment(R"({"wirepad": 1})");
  REQUIRE(minimal.ok());
  CHECK(minimal.value() == Experiment{});
}

TEST_CASE("bad experiments are refused with a position or a key path", "[experiment]") {
  struct Case {
    const char* json;
    std::int64_t offset;
    const char* message;
  };
  auto c = GENERATE(values<Case>({
      {R"({"wirepad": 1, "name": x})", 23, "The experiment is not valid JSON at byte 23: "},
      {"{\"wirepad\": 1,\n \"name\": \"a\"", 27, "not valid JSON at byte 27"},
      {"", 0, "not valid JSON at byte 0"},
      {"[1, 2]", -1, "An experiment must be a JSON object, not array."},
      {R"({"wirepad": 8})", -1,
       "this experiment was saved by a newer Wirepad (format 8); this version reads format 7"},
      {R"({"wirepad": "1"})", -1, "wirepad (the format version) must be an integer, not string"},
      {R"({"wirepad": 0})", -1, "must be 1 or more"},
      {R"({"kind": "tcp"})", -1, "kind 'tcp' is not supported"},
      {R"({"name": 5})", -1, "name must be a string, not number"},
      {R"({"request": []})", -1, "request must be an object, not array"},
      {R"({"request": {"url": 1}})", -1, "request.url must be a string, not number"},
      {R"({"request": {"headers": {}}})", -1, "request.headers must be an array"},
      {R"({"request": {"headers": [{"name": "a", "value": "b"}, {"name": "c", "value": "d"}, {"name": 3}]}})", -1,
       "request.headers[2].name must be a string, not number"},
      {R"({"request": {"headers": [{"value": "b"}]}})", -1, "request.headers[0].name is missing"},
      {R"({"request": {"headers": [{"name": "a", "value": false}]}})", -1,
       "request.headers[0].value must be a string, not boolean"},
      {R"({"request": {"headers": ["A: b"]}})", -1, "request.headers[0] must be an object"},
      {R"({"options": {"connect_timeout": "10"}})", -1, "options.connect_timeout must be a number of seconds"},
      {R"({"options": {"idle_timeout": -1}})", -1, "options.idle_timeout must be 0 or more seconds"},
      {R"({"options": {"verify_tls": 1}})", -1, "options.verify_tls must be true or false, not number"},
      {R"({"options": {"ca_file": true}})", -1, "options.ca_file must be a file path, not boolean"},
  }));
  CAPTURE(c.json);
  Result<Experiment> e = parse_experiment(c.json);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().code == ErrorCode::invalid_experiment);
  CHECK(e.error().offset == c.offset);
  CHECK_THAT(e.error().message, Catch::Contains(c.message));
}

TEST_CASE("an exchange log becomes the JSON state the front ends report", "[experiment][exchange]") {
  HttpRequest request;
  request.url = "http://127.0.0.1:8080/";
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  HttpExchange& x = exchange.value();
  x.start(10, 1764756000123);  // the wall clock as the transport gives it
  x.on_resolved("127.0.0.1:8080", 10.25);
  x.on_connected(10.5);
  std::string sent = x.take_outgoing();
  // Bytes that are not UTF-8 must not break the report.
  static const char response[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-Bin: \xff\xfe\r\n\r\nA\xc3\x28";
  x.on_data(std::string_view(response, sizeof response - 1), 11);
  REQUIRE(x.log().phase == Phase::done);

  auto j = nlohmann::json::parse(exchange_log_to_json(x.log()));
  CHECK(j["phase"] == "done");
  CHECK(j["status"] == 200);
  CHECK(j["reason"] == "OK");
  CHECK(j["http_version"] == "1.1");
  CHECK(j["headers"].size() == 2);
  CHECK(j["headers"][0]["name"] == "Content-Length");
  CHECK(j["headers"][0]["value"] == "3");
  CHECK(j["body"] == "A\xef\xbf\xbd(");  // invalid UTF-8 replaced by U+FFFD
  CHECK(j["timings"]["namelookup"] == 0.25);
  CHECK(j["timings"]["connect"] == 0.5);
  CHECK(j["timings"]["appconnect"] == 0);  // no TLS: 0, as curl reports it
  CHECK(j["timings"]["pretransfer"] == 0.5);
  CHECK(j["timings"]["starttransfer"] == 1.0);
  CHECK(j["timings"]["total"] == 1.0);
  CHECK(j["error"].is_null());
  CHECK(j["remote_address"] == "127.0.0.1:8080");
  CHECK(j["started_unix_ms"] == 1764756000123);
  CHECK(j["bytes_sent"] == sent);
  CHECK(j["bytes_received"].get<std::string>().size() >= 40);
  CHECK(j["warnings"].is_array());
  REQUIRE(j["events"].size() >= 5);
  CHECK(j["events"][0]["at"] == 0.0);
  CHECK(j["events"][0]["text"] == "resolving 127.0.0.1");

  x.on_error(make_error(ErrorCode::io_error, "ignored after done"), 12);
  CHECK(nlohmann::json::parse(exchange_log_to_json(x.log()))["error"].is_null());
}

TEST_CASE("a failed exchange reports its error", "[experiment][exchange]") {
  HttpRequest request;
  request.url = "http://127.0.0.1:9/";
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  exchange->start(0);
  exchange->on_error(make_error(ErrorCode::connect_refused, "127.0.0.1:9 refused the connection."), 0.01);
  auto j = nlohmann::json::parse(exchange_log_to_json(exchange->log()));
  CHECK(j["phase"] == "failed");
  CHECK(j["status"] == 0);
  CHECK(j["error"]["code"] == "connect_refused");
  CHECK(j["error"]["message"] == "127.0.0.1:9 refused the connection.");
  CHECK(j["error"]["offset"] == -1);
}

TEST_CASE("socket experiments round-trip, bytes that are not text as hex", "[experiment][socket]") {
  Experiment e;
  e.kind = ExperimentKind::socket;
  e.name = "echo";
  e.socket.protocol = Protocol::udp;
  e.socket.host = "::1";
  e.socket.port = 9001;
  e.socket.steps = {SocketStep{StepKind::connect, "", 5}, SocketStep{StepKind::send, "hello\r\n", 5},
                    SocketStep{StepKind::expect, std::string("\0\xff", 2), 2.5}, SocketStep{StepKind::sleep, "", 0.25},
                    SocketStep{StepKind::close, "", 5}};
  std::string text = serialize_experiment(e);
  CHECK_THAT(text, Catch::Contains("\"kind\": \"socket\""));
  CHECK_THAT(text, Catch::Contains("\"send\": \"hello\\r\\n\""));
  CHECK_THAT(text, Catch::Contains("\"expect_hex\": \"00 ff\""));
  CHECK_THAT(text, !Catch::Contains("\"request\""));
  auto back = parse_experiment(text);
  REQUIRE(back);
  // connect/close/send carry no time in the file; compare what the file says.
  CHECK(back->socket.steps.size() == 5);
  CHECK(back->socket.steps[1].bytes == "hello\r\n");
  CHECK(back->socket.steps[2].bytes == std::string("\0\xff", 2));
  CHECK(back->socket.steps[2].seconds == 2.5);
  CHECK(back->socket.steps[3].seconds == 0.25);
  CHECK(back->socket.protocol == Protocol::udp);
  CHECK(serialize_experiment(*back) == text);
}

TEST_CASE("bad socket experiments name the step and the problem", "[experiment][socket]") {
  using Row = std::tuple<std::string, std::string>;
  auto [json, message] = GENERATE(table<std::string, std::string>({
      Row{R"({"kind":"socket"})", "a socket experiment needs a \"socket\" object"},
      Row{R"({"kind":"socket","socket":{"host":"h","port":0,"steps":[]}})", "socket.port must be an integer from 1 to 65535"},
      Row{R"({"kind":"socket","socket":{"host":"h","port":1,"steps":[{"send":"x"}]}})",
          "socket.steps: step 1 (send) needs a connection: connect first"},
      Row{R"({"kind":"socket","socket":{"host":"h","port":1,"steps":[{"connect":true},{"send":"x","close":true}]}})",
          "socket.steps[1] must be exactly one of connect, send, send_hex, expect, expect_hex, expect_regex, receive, sleep, shutdown, close"},
      Row{R"({"kind":"socket","socket":{"host":"h","port":1,"steps":[{"connect":true},{"send_hex":"4g"}]}})",
          "socket.steps[1].send_hex: 'g' at position 1 is not a hex digit (0-9, a-f)"},
      Row{R"({"kind":"socket","socket":{"protocol":"sctp","host":"h","port":1,"steps":[]}})",
          "socket.protocol must be \"tcp\" or \"udp\", not \"sctp\""},
  }));
  CAPTURE(json);
  auto parsed = parse_experiment(json);
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().message == message);
}

TEST_CASE("UDP-only socket keys in a TCP script are ignored, so it saves and reads back the same", "[experiment][socket]") {
  Result<Experiment> e = parse_experiment(R"({"kind": "socket", "socket": {"protocol": "tcp", "host": "127.0.0.1",
      "port": 9, "broadcast": true, "multicast_ttl": 7, "multicast_loopback": false, "steps": [{"connect": true}]}})");
  REQUIRE(e.ok());
  CHECK_FALSE(e->socket.broadcast);
  CHECK(e->socket.multicast_ttl == 1);
  CHECK(e->socket.multicast_loopback);
  Result<Experiment> again = parse_experiment(serialize_experiment(e.value()));
  REQUIRE(again.ok());
  CHECK(again.value() == e.value());
  // Still checked: a wrong type is an error even where the value is not used.
  CHECK_FALSE(parse_experiment(R"({"kind": "socket", "socket": {"protocol": "tcp", "host": "h", "port": 9,
      "broadcast": "yes", "steps": []}})").ok());
}

TEST_CASE("an experiment file with a byte order mark, in UTF-16 or nested too deep", "[experiment][encoding]") {
  const std::string json = R"({"wirepad": 1, "name": "bom", "request": {"method": "GET", "url": "http://127.0.0.1:1/é"}})";
  SECTION("a UTF-8 byte order mark is dropped") {
    Result<Experiment> e = parse_experiment("\xEF\xBB\xBF" + json);
    REQUIRE(e);
    CHECK(e->request.url == "http://127.0.0.1:1/é");
  }
  SECTION("UTF-16LE with a byte order mark, as Windows Notepad saves it, is decoded") {
    std::string utf16 = "\xFF\xFE";
    for (char32_t c : std::u32string{U"{\"wirepad\": 1, \"name\": \"n\", \"request\": {\"url\": \"http://127.0.0.1:1/\u00e9\"}}"}) {
      utf16 += static_cast<char>(c & 0xFF);
      utf16 += static_cast<char>(c >> 8);
    }
    Result<Experiment> e = parse_experiment(utf16);
    INFO((e ? std::string() : e.error().message));
    REQUIRE(e);
    CHECK(e->request.url == "http://127.0.0.1:1/é");
  }
  SECTION("nesting past the limit is refused before parsing, naming where") {
    std::string deep = R"({"wirepad": 1, "request": {"url": "http://127.0.0.1:1/"}, "x": )" + std::string(100000, '[') +
                       std::string(100000, ']') + "}";
    Result<Experiment> e = parse_experiment(deep);
    INFO((e ? e->name : std::string()));
    REQUIRE_FALSE(e);
    CHECK_THAT(e.error().message, Catch::Contains("The experiment") && Catch::Contains("line 1"));
  }
}

// nlohmann's parser takes a NUL byte for the end of the input: without the check, the text
// after it was dropped silently, and the composer's Beautify (which walks the whole text) went
// below depth 0 and threw (found by json_body_fuzz).
TEST_CASE("JSON with a NUL byte is refused where the NUL is", "[experiment][json]") {
  const std::string doc = R"({"wirepad": 3, "request": {"url": "http://127.0.0.1:1/"}})";
  Result<Experiment> e = parse_experiment(doc + std::string("\0{\"x\"", 5));
  REQUIRE_FALSE(e);
  CHECK(e.error().code == ErrorCode::invalid_experiment);
  CHECK(e.error().offset == std::int64_t(doc.size()));
  CHECK_THAT(e.error().message, Catch::Contains("NUL byte"));
  REQUIRE(parse_experiment(doc));

  const std::string body = "  {{e}}" + std::string(2, '\0') + "9wxole}} \xA0";  // the fuzzer's input
  Error checked = check_json_body(body);
  REQUIRE(checked);
  CHECK(checked.offset == 7);
  CHECK_THAT(checked.message, Catch::Contains("line 1, column 8"));
  CHECK_FALSE(beautify_json_body(body).ok());
  CHECK_FALSE(beautify_json_body(std::string("[1]\0]", 5)).ok());
}

// parse_experiment documents invalid_experiment for every refusal; the text decoding's and
// the depth check's errors came through with the importers' invalid_request (found by
// experiment_fuzz with the 3 bytes 03 00 EA: UTF-16LE ending with half a character).
TEST_CASE("an experiment's encoding and nesting errors are invalid_experiment", "[experiment][encoding]") {
  Result<Experiment> half = parse_experiment(std::string("\x03\x00\xEA", 3));
  REQUIRE_FALSE(half);
  CHECK(half.error().code == ErrorCode::invalid_experiment);
  CHECK_THAT(half.error().message, Catch::Contains("half a character"));
  Result<Experiment> deep = parse_experiment(std::string(300, '['));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().code == ErrorCode::invalid_experiment);
  CHECK_THAT(deep.error().message, Catch::Contains("more than 256 deep"));
}
