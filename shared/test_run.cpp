// wirepad core: test_run.h.
#include "test_run.h"

#include <algorithm>

namespace wirepad {

namespace {

// Secret values (the environment's and secret captures') never reach a report: reports are
// shared (CI artifacts, mail), and a secret compared by an assertion, quoted in a failure or
// sent in the URL would otherwise show there. Values shorter than 4 bytes are left alone:
// redacting "1" would shred every number in the report (docs/assertions.md says so).
constexpr std::size_t kShortestRedacted = 4;

void replace_all(std::string& text, const std::string& secret) {
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 8))
    text.replace(at, secret.size(), "(secret)");
}

void redact(RequestResult& r, const Environment& variables) {
  for (CaptureResult& c : r.captures)
    if (c.secret && c.ok) c.value = "(secret)";
  for (const Variable& v : variables.variables) {
    if (!v.secret || v.value.size() < kShortestRedacted) continue;
    replace_all(r.url, v.value);
    replace_all(r.message, v.value);
    for (AssertionResult& a : r.assertions) {
      replace_all(a.description, v.value);
      replace_all(a.expected, v.value);
      replace_all(a.actual, v.value);
      replace_all(a.message, v.value);
    }
    for (CaptureResult& c : r.captures) {
      replace_all(c.value, v.value);
      replace_all(c.message, v.value);
    }
    for (std::string& sentence : r.auth) replace_all(sentence, v.value);
  }
}

}  // namespace

std::vector<std::string> received_messages(const WsLog& log) {
  std::vector<std::string> out;
  for (const WsMessageRecord& m : log.messages)
    if (m.direction == WsDirection::received) out.push_back(m.data);
  return out;
}

std::vector<std::string> received_messages(const SocketLog& log) {
  // A UDP datagram is a message; a TCP stream has no messages of its own (how the kernel
  // handed it over is chance): everything it received is one.
  std::vector<std::string> out;
  std::string stream;
  for (const TranscriptEntry& t : log.transcript) {
    if (t.kind != TranscriptEntry::Kind::received) continue;
    if (log.endpoint.protocol == Protocol::udp) out.push_back(t.bytes);
    else stream += t.bytes;
  }
  if (log.endpoint.protocol != Protocol::udp && !stream.empty()) out.push_back(std::move(stream));
  return out;
}

ConversationVerdict evaluate_conversation(const TestSpec& test, const std::vector<std::string>& received, double duration_ms,
                                          const Environment* variables, Environment* into) {
  std::vector<std::string_view> views(received.begin(), received.end());
  const RecordedExchange record = record_of_conversation(std::move(views), duration_ms);
  ConversationVerdict v;
  // Captures first, as for a response: the assertions can compare with them.
  v.captures = evaluate_captures(test.captures, record, into);
  v.assertions = evaluate_assertions(test.assertions, record, into ? into : variables);
  return v;
}

RecordedExchange record_of_logs(const std::vector<const ExchangeLog*>& hops) {
  RecordedExchange r;
  if (hops.empty()) return r;
  r.final = hops.back();
  r.redirects = int(hops.size()) - 1;
  double total = 0;
  bool known = true;
  for (const ExchangeLog* h : hops) {
    if (h->timings.total < 0) known = false;
    else total += h->timings.total;
  }
  r.duration_ms = known ? total * 1000 : -1;  // as record_of
  return r;
}

std::string_view to_string(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::passed: return "passed";
    case RequestOutcome::failed: return "failed";
    case RequestOutcome::error: return "error";
    case RequestOutcome::skipped: return "skipped";
  }
  return "?";
}

RunCounts RunReport::counts() const {
  RunCounts c;
  for (const RequestResult& r : results) {
    ++c.requests;
    switch (r.outcome) {
      case RequestOutcome::passed: ++c.passed; break;
      case RequestOutcome::failed: ++c.failed; break;
      case RequestOutcome::error: ++c.errors; break;
      case RequestOutcome::skipped: ++c.skipped; break;
    }
    for (const AssertionResult& a : r.assertions) {
      ++c.assertions;
      if (!a.passed) ++c.assertions_failed;
    }
  }
  return c;
}

double RunReport::duration_ms() const {
  double total = 0;
  for (const RequestResult& r : results) total += r.duration_ms;
  return total;
}

bool RunReport::all_passed() const {
  RunCounts c = counts();
  return c.failed == 0 && c.errors == 0;
}

TestRun::TestRun(std::vector<RunItem> items, Environment environment, std::vector<DataRow> rows, TestRunOptions options)
    : items_(std::move(items)), environment_(std::move(environment)), rows_(std::move(rows)), options_(options) {
  report_.environment = environment_.name;
  report_.iterations = rows_.empty() ? 1 : int(rows_.size());
}

void TestRun::start_iteration() {
  // Each iteration starts afresh: the environment, then its row over it. Captures of an
  // earlier iteration do not leak into the next.
  variables_ = environment_;
  if (!rows_.empty())
    for (const Variable& v : rows_[iteration_]) set_variable(variables_, v.name, v.value, false);
  index_ = 0;
  attempts_ = 0;
}

TestRun::Step TestRun::next() {
  Step step;
  if (!started_) {
    started_ = true;
    start_iteration();
  }
  const std::size_t iterations = rows_.empty() ? 1 : rows_.size();
  while (!done_) {
    if (index_ >= items_.size()) {
      if (++iteration_ >= iterations) {
        done_ = true;
        break;
      }
      start_iteration();
      continue;
    }
    const RunItem& item = items_[index_];
    const TestSpec& test = item.experiment.test;
    if (attempts_ == 0) {
      std::string why;
      if (test.skip) why = "\"skip\" is set";
      for (const VariableCondition& c : test.skip_if)
        if (why.empty() && holds(c, variables_)) why = "skip_if " + describe(c) + " holds";
      if (!why.empty()) {
        skip(why);
        continue;
      }
    }
    step.kind = Step::Kind::send;
    step.item = &item;
    step.iteration = rows_.empty() ? 0 : int(iteration_) + 1;
    step.attempt = attempts_ + 1;
    step.delay_ms = attempts_ > 0 && test.repeat ? test.repeat->delay_ms : 0;
    return step;
  }
  return step;
}

void TestRun::sent(const std::vector<ExchangeLog>& hops) {
  std::vector<const ExchangeLog*> pointers;
  pointers.reserve(hops.size());
  for (const ExchangeLog& h : hops) pointers.push_back(&h);
  sent(pointers);
}

void TestRun::sent(const std::vector<const ExchangeLog*>& hops) {
  if (done_ || index_ >= items_.size()) return;
  const RunItem& item = items_[index_];
  const TestSpec& test = item.experiment.test;
  ++attempts_;
  RecordedExchange record = record_of_logs(hops);
  const bool answered = record.final && record.final->has_response_head && record.final->phase == Phase::done;

  AssertionResult repeat_verdict;
  if (test.repeat) {
    std::vector<AssertionResult> until = evaluate_assertions(test.repeat->until, record, &variables_);
    bool held = answered;
    for (const AssertionResult& a : until) held = held && a.passed;
    if (!held && attempts_ < test.repeat->max_attempts) return;  // next() sends it again
    std::string what;
    for (const Assertion& a : test.repeat->until) what += (what.empty() ? "" : " and ") + describe(a);
    repeat_verdict.description = "repeat until " + what + " (at most " + std::to_string(test.repeat->max_attempts) + " sends)";
    repeat_verdict.passed = held;
    repeat_verdict.expected = "held within " + std::to_string(test.repeat->max_attempts) + " sends";
    if (held) {
      repeat_verdict.actual = "held after " + std::to_string(attempts_) + (attempts_ == 1 ? " send" : " sends");
    } else {
      repeat_verdict.actual = "still not after " + std::to_string(attempts_) + " sends";
      std::string first;
      for (const AssertionResult& a : until)
        if (!a.passed && first.empty()) first = a.message;
      if (!answered && record.final && record.final->error) first = record.final->error.message;
      repeat_verdict.message = "gave up after " + std::to_string(attempts_) + " sends: " + first;
    }
  }

  RequestResult r = result_for(item);
  r.attempts = attempts_;
  if (record.final) {
    if (!record.final->target_url.empty()) r.url = record.final->target_url;
    if (!record.final->request.method.empty()) r.method = record.final->request.method;
    if (record.final->has_response_head) {
      r.status = record.final->response.status;
      r.reason = record.final->response.reason;
    }
  }
  r.duration_ms = record.duration_ms < 0 ? 0 : record.duration_ms;
  if (test.repeat) r.assertions.push_back(repeat_verdict);
  // Captures only from a response: a failed exchange has nothing to give. They come first, so
  // the request's own assertions can compare with them (Hurl's and Bruno's order).
  r.captures = evaluate_captures(test.captures, record, answered ? &variables_ : nullptr);
  std::vector<AssertionResult> checked = evaluate_assertions(test.assertions, record, &variables_);
  r.assertions.insert(r.assertions.end(), checked.begin(), checked.end());
  if (!answered) {
    r.outcome = RequestOutcome::error;
    r.message = record.final && record.final->error
                    ? std::string(to_string(record.final->error.code)) + ": " + record.final->error.message
                    : "no response";
  } else {
    r.outcome = RequestOutcome::passed;
    for (const AssertionResult& a : r.assertions) {
      if (!a.passed && r.outcome == RequestOutcome::passed) {
        r.outcome = RequestOutcome::failed;
        r.message = a.message;
      }
    }
    for (const CaptureResult& c : r.captures) {
      if (!c.ok && r.outcome == RequestOutcome::passed) {
        r.outcome = RequestOutcome::failed;
        r.message = c.message;
      }
    }
  }
  finish(std::move(r));
}

void TestRun::not_sent(const std::string& why) {
  if (done_ || index_ >= items_.size()) return;
  const RunItem& item = items_[index_];
  RequestResult r = result_for(item);
  r.attempts = attempts_;
  r.outcome = RequestOutcome::error;
  r.message = "not sent: " + why;
  finish(std::move(r));
}

void TestRun::conversed(const SocketLog& log) {
  std::string url = std::string(log.endpoint.protocol == Protocol::udp ? "udp://" : "tcp://") + log.endpoint.host + ":" +
                    std::to_string(log.endpoint.port);
  // The step that failed is the first record that ended without success; failing to connect
  // (or before any step began) is an error, a later step a failed check.
  std::size_t failed = 0;
  bool connecting = log.steps.empty();
  for (std::size_t i = 0; i < log.steps.size() && !failed; ++i) {
    if (log.steps[i].ended >= 0 && !log.steps[i].ok) {
      failed = i + 1;
      connecting = log.steps[i].kind == StepKind::connect;
    }
  }
  conversation_result(log.endpoint.protocol == Protocol::udp ? "UDP" : "TCP", url, log.steps, log.error, failed,
                      connecting || (log.state == SocketState::failed && failed == 0), received_messages(log));
}

void TestRun::conversed(const WsLog& log) {
  // Step 1 is the connection and the handshake: failing there is an error, as an HTTP request
  // without a response is; a later step that failed is a failed check.
  conversation_result("WS", log.url.scheme + "://" + log.url.authority() + log.url.target, log.steps, log.error,
                      log.failed_step, log.failed_step <= 1, received_messages(log));
}

void TestRun::conversation_result(const std::string& method, const std::string& url, const std::vector<StepRecord>& steps,
                                  const Error& error, std::size_t failed_step, bool connection_failed,
                                  const std::vector<std::string>& received) {
  if (done_ || index_ >= items_.size()) return;
  const RunItem& item = items_[index_];
  RequestResult r = result_for(item);
  r.method = method;
  r.url = url;
  r.attempts = 1;
  for (const StepRecord& s : steps) {
    AssertionResult a;
    a.description = s.label;
    a.passed = s.ok && s.ended >= 0;
    a.expected = "done";
    a.actual = a.passed ? "done" : s.ended < 0 ? "not finished" : "failed";
    a.message = s.error;
    r.assertions.push_back(std::move(a));
    if (s.ended >= 0) r.duration_ms = std::max(r.duration_ms, s.ended * 1000);
  }
  // The file's assertions and captures over the messages received, after the steps' checks;
  // captures first, as for a response (a failed connection captures nothing).
  // (connection_failed says which kind of failure `error` is: without an error, there was none.)
  const bool no_conversation = error && connection_failed;
  ConversationVerdict verdict =
      evaluate_conversation(item.experiment.test, received, r.duration_ms, &variables_, no_conversation ? nullptr : &variables_);
  r.captures = std::move(verdict.captures);
  const std::vector<AssertionResult>& checked = verdict.assertions;
  r.assertions.insert(r.assertions.end(), checked.begin(), checked.end());
  if (error) {
    r.outcome = connection_failed ? RequestOutcome::error : RequestOutcome::failed;
    r.message = (failed_step ? "step " + std::to_string(failed_step) + ": " : std::string()) +
                std::string(to_string(error.code)) + ": " + error.message;
  } else {
    for (const AssertionResult& a : checked)
      if (!a.passed && r.outcome == RequestOutcome::passed) r.outcome = RequestOutcome::failed, r.message = a.message;
    for (const CaptureResult& c : r.captures)
      if (!c.ok && r.outcome == RequestOutcome::passed) r.outcome = RequestOutcome::failed, r.message = c.message;
  }
  finish(std::move(r));
}

void TestRun::skip(const std::string& why) {
  if (done_ || index_ >= items_.size()) return;
  const RunItem& item = items_[index_];
  RequestResult r = result_for(item);
  r.outcome = RequestOutcome::skipped;
  r.message = "skipped: " + why;
  finish(std::move(r));
}

RequestResult TestRun::result_for(const RunItem& item) const {
  RequestResult r;
  r.path = item.path;
  r.name = item.experiment.name;
  r.iteration = rows_.empty() ? 0 : int(iteration_) + 1;
  r.method = item.experiment.request.method;
  r.url = item.experiment.request.url;
  return r;
}

RequestSpec TestRun::with_token(const RequestSpec& spec, std::int64_t now, std::string* refresh_token) const {
  return with_stored_oauth2_token(spec, &variables_, now, refresh_token);
}

void TestRun::keep_token(const RequestSpec& spec, const OAuth2Token& token, std::int64_t now) {
  const OAuth2TokenVariables names = oauth2_token_variables(spec, &variables_);
  store_oauth2_token(environment_, names, token, now);
  store_oauth2_token(variables_, names, token, now);
}

void TestRun::finish(RequestResult result) {
  result.auth = std::move(auth_rounds_);
  auth_rounds_.clear();
  redact(result, variables_);
  const bool bad = result.outcome == RequestOutcome::failed || result.outcome == RequestOutcome::error;
  report_.results.push_back(std::move(result));
  ++index_;
  attempts_ = 0;
  if (bad && options_.bail) {
    report_.bailed = true;
    done_ = true;
  }
}

}  // namespace wirepad
