// Fuzz target: an experiment's "test" object (format 4; a conversation's, format 6) and its evaluation. Input: an
// experiment document, a line "---", a response body. Properties: no crash or exception;
// a parsed test object writes back to a document that parses to the same value; assertions
// and captures evaluate against a response with that body (JSON or not, deep or not), or a
// conversation's messages (the body's lines), the
// run's report renders in every format, and a secret capture's value never appears in one.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/experiment.h"
#include "shared/test_report.h"
#include "shared/test_run.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t cut = input.find("\n---\n");
  std::string document = input.substr(0, cut);
  std::string body = cut == std::string::npos ? "" : input.substr(cut + 5);
  Result<Experiment> parsed = parse_experiment(document);
  if (!parsed) {
    if (parsed.error().code != ErrorCode::invalid_experiment || parsed.error().message.empty()) std::abort();
    return 0;
  }
  Result<Experiment> again = parse_experiment(serialize_experiment(parsed.value()));
  if (!again || !(again->test == parsed->test)) std::abort();

  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.response.status = 200;
  log.response.headers.add("Content-Type", "application/json");
  log.response.headers.add("Set-Cookie", "sid=fuzz-secret-cookie; Path=/");
  log.response.body = body;
  log.timings.total = 0.001;
  TestRun run({{"fuzz.json", parsed.value()}}, Environment{"fuzz", {{"secret", "fuzz-secret-value", true}}}, {});
  // A conversation (format 6) looks at the messages it received: the body's lines, each one.
  WsLog ws;
  SocketLog socket;
  socket.endpoint.protocol = Protocol::udp;
  for (std::size_t at = 0; at <= body.size();) {
    std::size_t nl = body.find('\n', at);
    if (nl == std::string::npos) nl = body.size();
    WsMessageRecord m;
    m.data = body.substr(at, nl - at);
    ws.messages.push_back(m);
    TranscriptEntry t;
    t.kind = TranscriptEntry::Kind::received;
    t.bytes = m.data;
    socket.transcript.push_back(t);
    at = nl + 1;
  }
  for (TestRun::Step s = run.next(); s.kind == TestRun::Step::Kind::send; s = run.next()) {
    if (s.item->experiment.kind == ExperimentKind::websocket) run.conversed(ws);
    else if (s.item->experiment.kind == ExperimentKind::socket) run.conversed(socket);
    else run.sent({log});
  }
  const RunReport& report = run.report();
  for (const std::string& text : {report_text(report), report_json(report), report_junit(report), report_tap(report),
                                  report_html(report)}) {
    if (text.empty()) std::abort();
    if (text.find("fuzz-secret-value") != std::string::npos) std::abort();
  }
  return 0;
}
