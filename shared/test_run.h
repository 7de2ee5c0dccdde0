// wirepad core: a test run of a collection (docs/assertions.md), as a sans-I/O state machine
// that any front end drives: the CLI (`wirepad test`, native/cli_test_run.cpp) today, the app's
// runner later. It says what to send next (or to wait, or that it is done), is told what came
// back, and keeps the report:
//
//   TestRun run(items, environment, data_rows, options);
//   for (auto step = run.next(); step.kind == TestRun::Step::Kind::send; step = run.next()) {
//     // wait step.delay_ms, resolve step.item->experiment with run.variables(), send it
//     run.sent(hops);              // or run.not_sent(why) when it could not be sent
//   }
//   report = run.report();
//
// The items run in order, once per data row (once without data). Each iteration starts from
// the environment plus its row; captures set variables for the requests after them in the
// same iteration. A request is skipped when its test says so, sent again while its
// repeat_until does not hold (up to its limit), and counts as failed when an assertion or a
// capture fails, or as an error when it got no response or could not be sent. Secret values
// (the environment's, secret captures') are replaced by "(secret)" in every result.
// Depends on: experiment.h, test_spec.h, data_rows.h. No OS calls, no clock: durations come
// from the exchanges.
#pragma once
#include <string>
#include <vector>

#include "assertion.h"
#include "auth_flow.h"
#include "capture.h"
#include "data_rows.h"
#include "environment.h"
#include "experiment.h"

namespace wirepad {

// What a conversation received, one string per message, as its test looks at them: each
// WebSocket message received, each UDP datagram; all a TCP stream received as one.
std::vector<std::string> received_messages(const WsLog& log);
std::vector<std::string> received_messages(const SocketLog& log);
// A conversation's test (assertions, then captures into `into` when not null) over what it
// received so far; `duration_ms` its length. The WebSocket and Socket panels show these.
struct ConversationVerdict {
  std::vector<AssertionResult> assertions;
  std::vector<CaptureResult> captures;
};
ConversationVerdict evaluate_conversation(const TestSpec& test, const std::vector<std::string>& received, double duration_ms,
                                          const Environment* variables, Environment* into = nullptr);

// record_of (assertion.h) over logs held elsewhere: the app's runner keeps them shared, and a
// large response is not copied to be checked.
RecordedExchange record_of_logs(const std::vector<const ExchangeLog*>& hops);

struct RunItem {
  std::string path;  // as the person named it: "users/create.json"
  Experiment experiment;
};

enum class RequestOutcome { passed, failed, error, skipped };
std::string_view to_string(RequestOutcome outcome);

struct RequestResult {
  std::string path;
  std::string name;
  int iteration = 0;        // 1-based with data rows, 0 without
  std::string method;
  std::string url;          // as sent (the final hop's), or the file's when not sent
  int status = 0;           // 0: no response
  std::string reason;
  RequestOutcome outcome = RequestOutcome::passed;
  std::string message;      // error, skip reason, or the first failure's message
  int attempts = 0;         // sends (more than 1 with repeat_until)
  double duration_ms = 0;   // the last attempt's, redirects included
  std::vector<AssertionResult> assertions;  // repeat_until's verdict first, when there is one
  std::vector<CaptureResult> captures;
  // The auth round trips made before the request, a sentence each ("Digest: the request
  // without credentials ... 401", "OAuth 2.0: a token from ... (client credentials): 200").
  std::vector<std::string> auth;
};

struct RunCounts {
  int requests = 0, passed = 0, failed = 0, errors = 0, skipped = 0;
  int assertions = 0, assertions_failed = 0;
};

struct RunReport {
  std::string title;        // what was run ("users/", "a.json and 2 more")
  std::string environment;  // its name, "" for none
  std::string data_source;  // the --data file, "" for none
  int iterations = 1;
  bool bailed = false;      // stopped at the first failure (--bail)
  std::vector<RequestResult> results;
  RunCounts counts() const;
  double duration_ms() const;  // the sum of the requests' durations
  bool all_passed() const;     // no failure and no error (skipped ones do not count)
};

struct TestRunOptions {
  bool bail = false;  // stop after the first request that fails or errs
};

class TestRun {
 public:
  TestRun(std::vector<RunItem> items, Environment environment, std::vector<DataRow> rows, TestRunOptions options = {});

  struct Step {
    enum class Kind { send, done } kind = Kind::done;
    const RunItem* item = nullptr;
    int iteration = 0;  // as in RequestResult
    int attempt = 1;    // 1 for the first send
    int delay_ms = 0;   // wait this long before sending (repeat_until's delay)
  };
  // What to do now. Skipped requests are recorded here, without a send.
  Step next();
  // The variables to resolve the current request with: the environment, the row, the
  // captures so far. Valid until the next call.
  const Environment& variables() const { return variables_; }
  // What the send of next() gave: each hop's log, the redirects first (the last one may have
  // failed: phase failed, with its error).
  void sent(const std::vector<ExchangeLog>& hops);
  // The same over logs held elsewhere (the app's runner keeps them shared, uncopied).
  void sent(const std::vector<const ExchangeLog*>& hops);
  // It could not be sent (an unknown {{variable}}, a file that cannot be read, ...).
  void not_sent(const std::string& why);
  // A socket or WebSocket experiment's conversation, which the driver ran: each step is one
  // check in the result (an expect that matched, a send that went, the close), the first
  // failure the request's message. A connection or handshake that failed is an error. Then
  // the file's captures and assertions over the messages received (a WebSocket message, a UDP
  // datagram; all a TCP stream received is one).
  void conversed(const SocketLog& log);
  void conversed(const WsLog& log);
  // The driver does not run this item (the app's runner and a conversation): skipped, saying why.
  void skip(const std::string& why);

  // Auth round trips (shared/auth_flow.h), which the driver makes before the request:
  // `spec` with the OAuth 2.0 token this run holds put in place (the environment's, or one
  // fetched earlier in the run; with_stored_oauth2_token), `refresh_token` the one kept.
  RequestSpec with_token(const RequestSpec& spec, std::int64_t now, std::string* refresh_token) const;
  // Keeps a token fetched for `spec` (as the file has it) for the rest of the run, every
  // iteration, as secret variables (never written to the environment's file).
  void keep_token(const RequestSpec& spec, const OAuth2Token& token, std::int64_t now);
  // A round trip made for the current request: goes into its result (RequestResult::auth).
  void auth_round(std::string sentence) { auth_rounds_.push_back(std::move(sentence)); }

  const RunReport& report() const { return report_; }
  RunReport& report() { return report_; }

 private:
  // A result for `item` in this iteration: its path, name, and the request as the file has it.
  RequestResult result_for(const RunItem& item) const;
  void finish(RequestResult result);
  void conversation_result(const std::string& method, const std::string& url, const std::vector<StepRecord>& steps,
                           const Error& error, std::size_t failed_step, bool connection_failed,
                           const std::vector<std::string>& received);
  void start_iteration();

  std::vector<RunItem> items_;
  Environment environment_;  // the run's own copy: fetched tokens are kept here
  std::vector<std::string> auth_rounds_;  // of the current request
  std::vector<DataRow> rows_;
  TestRunOptions options_;
  Environment variables_;
  RunReport report_;
  std::size_t iteration_ = 0;  // 0-based
  std::size_t index_ = 0;      // the item being run
  int attempts_ = 0;           // sends of the current item so far
  bool started_ = false;
  bool done_ = false;
};

}  // namespace wirepad
