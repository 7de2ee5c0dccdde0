// WebSocket experiments (kind "websocket", format 5): the file read strictly and written so it
// reads back the same, payloads as text or hex, the steps a replay runs, {{variables}} filled
// at run time, what a share link leaves out, and Chromium's _webSocketMessages imported.
#include <catch2/catch.hpp>

#include "shared/environment.h"
#include "shared/experiment.h"
#include "shared/har.h"
#include "shared/share_content.h"

using namespace wirepad;

namespace {

Experiment parse_ok(const std::string& text) {
  Result<Experiment> e = parse_experiment(text);
  if (!e) FAIL(e.error().message);
  return e.value();
}

std::string error_of(const std::string& websocket_object) {
  Result<Experiment> e = parse_experiment(R"({"wirepad": 5, "kind": "websocket", "websocket": )" + websocket_object + "}");
  REQUIRE_FALSE(e.ok());
  return e.error().message;
}

}  // namespace

TEST_CASE("a WebSocket experiment reads every step kind and writes back the same file", "[ws_script]") {
  const std::string text = R"({
  "wirepad": 5, "kind": "websocket", "name": "chat",
  "websocket": {
    "url": "wss://{{host}}/chat",
    "headers": [{"name": "Authorization", "value": "Bearer {{token}}"}, {"name": "Origin", "value": "https://app.test"}],
    "subprotocols": ["v2.chat", "chat"],
    "compress": true,
    "steps": [
      {"send": "hello {{name}}"},
      {"send_binary_hex": "00 ff 80"},
      {"send_binary": "plain bytes"},
      {"ping": "are you there"},
      {"expect": "hello", "timeout": 2.5},
      {"expect_regex": "^\\{\"id\":\\d+", "timeout": 3},
      {"expect_hex": "00 ff"},
      {"sleep": 0.25},
      {"close": 4000, "reason": "done", "timeout": 1}
    ]
  },
  "options": {"connect_timeout": 7, "verify_tls": false}
})";
  Experiment e = parse_ok(text);
  REQUIRE(e.kind == ExperimentKind::websocket);
  const WsScript& ws = e.websocket;
  CHECK(ws.url == "wss://{{host}}/chat");
  CHECK(ws.headers == Headers{{"Authorization", "Bearer {{token}}"}, {"Origin", "https://app.test"}});
  CHECK(ws.subprotocols == std::vector<std::string>{"v2.chat", "chat"});
  CHECK(ws.compress);
  REQUIRE(ws.steps.size() == 9);
  CHECK(ws.steps[0].kind == WsStepKind::send_text);
  CHECK(ws.steps[1].kind == WsStepKind::send_binary);
  CHECK(ws.steps[1].data == std::string("\x00\xff\x80", 3));
  CHECK(ws.steps[2].data == "plain bytes");
  CHECK(ws.steps[3].kind == WsStepKind::ping);
  CHECK((ws.steps[4].kind == WsStepKind::expect && !ws.steps[4].regex && ws.steps[4].seconds == 2.5));
  CHECK((ws.steps[5].regex && ws.steps[5].data == "^\\{\"id\":\\d+"));
  CHECK(ws.steps[6].data == std::string("\x00\xff", 2));
  CHECK((ws.steps[7].kind == WsStepKind::sleep && ws.steps[7].seconds == 0.25));
  CHECK((ws.steps[8].kind == WsStepKind::close && ws.steps[8].code == 4000 && ws.steps[8].data == "done" && ws.steps[8].seconds == 1));
  CHECK(e.options.connect_timeout == 7);

  const std::string written = serialize_experiment(e);
  CHECK_THAT(written, Catch::Contains("\"wirepad\": 5"));
  CHECK_THAT(written, Catch::Contains("\"send_binary_hex\": \"00 ff 80\""));
  CHECK_THAT(written, Catch::Contains("\"send_binary\": \"plain bytes\""));
  CHECK(parse_ok(written) == e);
  CHECK(serialize_experiment(parse_ok(written)) == written);  // a fixed point

  // What the session gets: the experiment's timeouts and TLS setting, the deflate offer.
  WsSessionOptions options = ws_session_options(ws, e.options);
  CHECK(options.connect_timeout == 7);
  CHECK_FALSE(options.verify_tls);
  CHECK(options.handshake.compress);
  CHECK(options.handshake.subprotocols == ws.subprotocols);
  // A replay always ends with the closing handshake.
  CHECK(ws_steps_to_run(ws).size() == 9);
  WsScript open_ended = ws;
  open_ended.steps.pop_back();
  std::vector<WsStep> run = ws_steps_to_run(open_ended);
  REQUIRE(run.size() == 9);
  CHECK((run.back().kind == WsStepKind::close && run.back().code == 1000));
}

TEST_CASE("a WebSocket experiment's mistakes are named by their key path", "[ws_script]") {
  CHECK(error_of(R"({"steps": []})") == "websocket.url must be a ws:// or wss:// URL");
  CHECK(error_of(R"({"url": "ws://h/", "step": []})") ==
        "websocket.step is not a key here (it takes url, headers, subprotocols, compress, no_context_takeover, steps)");
  CHECK_THAT(error_of(R"({"url": "ws://h/", "steps": [{"send": "a", "ping": "b"}]})"),
             Catch::StartsWith("websocket.steps[0] must be exactly one of send"));
  CHECK(error_of(R"({"url": "ws://h/", "steps": [{"send": "a", "send_hex": "00"}]})") ==
        "websocket.steps[0] has both send and send_hex; keep one");
  CHECK_THAT(error_of(R"({"url": "ws://h/", "steps": [{"send_binary_hex": "0g"}]})"),
             Catch::StartsWith("websocket.steps[0].send_binary_hex: "));
  CHECK_THAT(error_of(R"({"url": "ws://h/", "steps": [{"close": 1005}]})"),
             Catch::Contains("websocket.steps[0]: step 2 (close): the close code 1005 may not be sent"));
  CHECK_THAT(error_of(R"({"url": "ws://h/", "steps": [{"ping": ")" + std::string(126, 'p') + R"("}]})"),
             Catch::Contains("a ping payload fits in at most 125 bytes"));
  CHECK_THAT(error_of(R"({"url": "ws://h/", "steps": [{"send_hex": "c3 28"}]})"),
             Catch::Contains("a text message must be UTF-8"));
  CHECK_THAT(error_of(R"({"url": "ws://h/", "steps": [{"expect_regex": "(unclosed"}]})"), Catch::StartsWith("websocket.steps[0]: "));
  CHECK(error_of(R"({"url": "ws://h/", "steps": [{"send": "a", "timeout": 3}]})") ==
        "websocket.steps[0].timeout belongs to an expect or close step (how long to wait)");
  CHECK(error_of(R"({"url": "ws://h/", "steps": [{"send": "a", "reason": "x"}]})") == "websocket.steps[0].reason belongs to a close step");
  CHECK(error_of(R"({"url": "ws://h/", "headers": [{"name": 1}]})") ==
        "websocket.headers[0] must be {\"name\": \"...\", \"value\": \"...\"}");
  Result<Experiment> no_object = parse_experiment(R"({"wirepad": 5, "kind": "websocket"})");
  CHECK(no_object.error().message == "a websocket experiment needs a \"websocket\" object");
  // A test looks at the messages received (format 6): a response's subjects are refused.
  Result<Experiment> with_test = parse_experiment(
      R"({"wirepad": 6, "kind": "websocket", "websocket": {"url": "ws://h/"}, "test": {"assert": [{"subject": "redirects", "op": "==", "value": 0}]}})");
  REQUIRE_FALSE(with_test.ok());
  CHECK_THAT(with_test.error().message, Catch::Contains("test.assert[0]: a socket or WebSocket conversation has no redirects"));
}

TEST_CASE("a WebSocket experiment's {{variables}} are filled when it runs, and a share leaves secrets out", "[ws_script]") {
  Experiment e = parse_ok(R"({"wirepad": 5, "kind": "websocket", "websocket": {"url": "ws://{{host}}/x",
    "headers": [{"name": "Authorization", "value": "Bearer {{token}}"}, {"name": "X-Room", "value": "{{room}}"}],
    "steps": [{"send": "join {{room}}"}, {"expect": "{{room}}"}, {"send_binary": "{{room}}"}]}})");
  Environment env{"dev", {{"host", "127.0.0.1:8765"}, {"token", "s3cret", true}, {"room", "lobby"}}};
  Result<Experiment> filled = resolve_experiment(e, &env);
  REQUIRE(filled.ok());
  CHECK(filled->websocket.url == "ws://127.0.0.1:8765/x");
  CHECK(filled->websocket.headers[0].value == "Bearer s3cret");
  CHECK(filled->websocket.steps[0].data == "join lobby");
  CHECK(filled->websocket.steps[1].data == "lobby");
  CHECK(filled->websocket.steps[2].data == "{{room}}");  // binary bytes are sent as they are
  Environment none{"empty", {}};
  Result<Experiment> missing = resolve_experiment(e, &none);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("host"));

  ShareChoices choices;
  choices.fill_variables = true;
  SharedExperiment shared = prepare_for_sharing(e, &env, choices);
  CHECK(shared.experiment.websocket.url == "ws://127.0.0.1:8765/x");
  CHECK(shared.experiment.websocket.headers[0].value.empty());  // the Authorization header's value stays home
  CHECK(shared.experiment.websocket.headers[1].value == "lobby");
  CHECK(std::find(shared.left_out.begin(), shared.left_out.end(), "the value of the WebSocket handshake's Authorization header") !=
        shared.left_out.end());
}

TEST_CASE("HAR: Chromium's _webSocketMessages become a WebSocket experiment's steps", "[ws_script][har]") {
  // The shape Chromium's devtools write: the upgrade's headers as the page sent them, each
  // message with its direction, time, opcode and data (binary as base64).
  const std::string har = R"({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "entries": [{
    "_resourceType": "websocket", "startedDateTime": "2026-12-07T10:00:00.000Z", "time": 0.5,
    "request": {"method": "GET", "url": "wss://echo.test/socket?room=1", "httpVersion": "HTTP/1.1",
      "headers": [{"name": "Host", "value": "echo.test"}, {"name": "Connection", "value": "Upgrade"},
                  {"name": "Pragma", "value": "no-cache"}, {"name": "Upgrade", "value": "websocket"},
                  {"name": "Origin", "value": "https://app.test"}, {"name": "Sec-WebSocket-Version", "value": "13"},
                  {"name": "Sec-WebSocket-Key", "value": "dGhlIHNhbXBsZSBub25jZQ=="},
                  {"name": "Sec-WebSocket-Extensions", "value": "permessage-deflate; client_max_window_bits, x-webkit-deflate-frame"},
                  {"name": "Sec-WebSocket-Protocol", "value": "graphql-ws, chat"}],
      "queryString": [{"name": "room", "value": "1"}], "cookies": [], "headersSize": -1, "bodySize": 0},
    "response": {"status": 101, "statusText": "Switching Protocols", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [],
      "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
    "cache": {}, "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": 0, "receive": 0},
    "_webSocketMessages": [
      {"type": "send", "time": 1765101600.123, "opcode": 1, "data": "{\"type\":\"connection_init\"}"},
      {"type": "receive", "time": 1765101600.2, "opcode": 1, "data": "{\"type\":\"connection_ack\"}"},
      {"type": "send", "time": 1765101601.0, "opcode": 2, "data": "AP+A"},
      {"type": "receive", "time": 1765101601.1, "opcode": 9, "data": ""}
    ]}]}})";
  Result<ImportBatch> batch = import_har(har);
  REQUIRE(batch.ok());
  REQUIRE(batch->requests.size() == 1);
  const ImportedRequest& r = batch->requests[0];
  REQUIRE(r.experiment.kind == ExperimentKind::websocket);
  const WsScript& ws = r.experiment.websocket;
  CHECK(ws.url == "wss://echo.test/socket?room=1");
  CHECK(ws.headers == Headers{{"Pragma", "no-cache"}, {"Origin", "https://app.test"}});
  CHECK(ws.subprotocols == std::vector<std::string>{"graphql-ws", "chat"});
  CHECK(ws.compress);
  REQUIRE(ws.steps.size() == 3);
  CHECK((ws.steps[0].kind == WsStepKind::send_text && ws.steps[0].data == "{\"type\":\"connection_init\"}"));
  CHECK((ws.steps[1].kind == WsStepKind::expect && ws.steps[1].data == "{\"type\":\"connection_ack\"}"));
  CHECK((ws.steps[2].kind == WsStepKind::send_binary && ws.steps[2].data == std::string("\x00\xff\x80", 3)));
  // What is not carried is said: the extension Wirepad does not speak, the control frame.
  auto noted = [&](const std::string& what) {
    for (const ImportNote& n : r.not_imported)
      if (n.what.find(what) != std::string::npos) return true;
    return false;
  };
  CHECK(noted("x-webkit-deflate-frame"));
  CHECK(noted("1 control frame(s)"));
  // It saves and reads back as it is.
  CHECK(parse_ok(serialize_experiment(r.experiment)) == r.experiment);

  // A bad message is an error naming its place.
  std::string bad = har;
  bad.replace(bad.find("\"opcode\": 2, \"data\": \"AP+A\""), 27, "\"opcode\": 2, \"data\": \"*!*\"");
  Result<ImportBatch> broken = import_har(bad);
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.error().message, Catch::Contains("log.entries[0]._webSocketMessages[2].data"));
}
