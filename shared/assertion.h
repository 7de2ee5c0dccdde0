// wirepad core: what an experiment checks about its response (docs/assertions.md): assertions
// on the status, a header, the body, JSON values by JSONPath (RFC 9535, shared/jsonpath.h),
// XML and HTML by XPath 1.0 (shared/xpath.h), the duration, the redirects followed and the
// days before the server's certificate expires; captures (capture.h) and the run's flow control
// (test_spec.h) live beside it.
//
// Sans-I/O: evaluation takes the recorded exchange (the ExchangeLog of each hop, as `wirepad
// test` and the app keep them, or a history record's) and the variables, and returns one
// result per assertion with what was expected, what was there, and a sentence a person can
// act on. It reads no file, clock or socket.
// Depends on: exchange.h (environment.h in the .cpp). nlohmann-json inside the .cpp only.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "exchange.h"

namespace wirepad {

// environment.h (which includes experiment.h, which holds a TestSpec of these).
struct Environment;

// What is looked at. The names are the file's ("subject": "json").
enum class AssertSubject {
  status,       // the final response's status code
  header,       // a response header by name (case-insensitive; repeated fields joined with ", ")
  body,         // the body as text, its Content-Encoding undone
  body_size,    // its size in bytes
  json,         // the one node a JSONPath selects in the body (exists/not_exists: any number)
  json_count,   // how many nodes a JSONPath selects
  duration,     // milliseconds from the first byte sent to the last received, redirects included
  redirects,    // redirects followed before the final response
  xpath,        // an XPath 1.0 expression's value over the body as XML or HTML (shared/xpath.h)
  xpath_count,  // how many nodes an XPath expression selects
  cert_days,    // whole days from the exchange's start to the server certificate's not-after
  messages,     // a socket or WebSocket conversation: how many messages it received
};

enum class AssertOp {
  eq, ne, lt, le, gt, ge,      // "==" "!=" "<" "<=" ">" ">="
  exists, not_exists,          // a header, a JSON node
  contains, not_contains,      // a substring; for json also an array element or an object key
  matches, not_matches,        // an ECMAScript regular expression found anywhere (std::regex_search)
  starts_with, ends_with,
  type,                        // json: "string" "number" "integer" "boolean" "null" "array" "object"
  in_range,                    // [low, high], both included
  status_class,                // "2xx": the status's first digit ("class" in the file)
};

std::string_view to_string(AssertSubject subject);
std::string_view to_string(AssertOp op);

struct Assertion {
  AssertSubject subject = AssertSubject::status;
  std::string selector;   // header: its name; json, json_count: the JSONPath; xpath, xpath_count: the expression
  AssertOp op = AssertOp::eq;
  // The expected value as compact JSON text ("200", "\"2xx\"", "[200,299]"); empty for exists
  // and not_exists. A string may hold {{variables}}, filled from the run's variables (a
  // capture of an earlier request) when evaluated.
  std::string expected;
  std::string label;      // what the person calls it; empty: describe() says it
  bool enabled = true;
  // A socket or WebSocket conversation: which received message body, body_size, json and xpath
  // look at. 1 the first, 2 the second, ..., -1 the last, -2 the one before; 0 (not written
  // in the file) the last. An HTTP experiment has no messages: 0 there.
  int message = 0;
  bool operator==(const Assertion&) const = default;
};

// "status == 200", "header Content-Type matches \"json\"", "json $.items[0].id == 42".
std::string describe(const Assertion& assertion);

// Whether a subject looks at a conversation's received messages (body, body_size, json,
// json_count, xpath, xpath_count, duration, messages) or only at an HTTP response (status,
// header, redirects, cert_days; messages only at a conversation).
bool subject_fits_conversation(AssertSubject subject);
bool subject_fits_response(AssertSubject subject);
// "message 2", "the last message", "message 3 from the end".
std::string describe_message(int message);

// Checks one assertion as the file reader does (the subject takes the operator, the expected
// value has the right type, a regex or JSONPath without {{variables}} compiles). The message
// names the field: "has op \"contains\", which status does not take (it takes == ...)".
Error validate_assertion(const Assertion& assertion);

// What assertions and captures look at: the exchange of each hop, the redirects first and the
// final response last (one element without redirects).
struct RecordedExchange {
  const ExchangeLog* final = nullptr;
  int redirects = 0;
  double duration_ms = -1;  // summed over the hops; -1 when unknown
  // A socket or WebSocket conversation instead (final is null): what it received, one string
  // per message (a WebSocket message, a UDP datagram; a TCP stream is one message, every byte
  // it received). Assertions and captures pick theirs by their `message`.
  bool conversation = false;
  std::vector<std::string_view> received;
};
RecordedExchange record_of(const std::vector<ExchangeLog>& hops);
// A conversation's record: `received` must outlive it. `duration_ms`: from its start to its end.
RecordedExchange record_of_conversation(std::vector<std::string_view> received, double duration_ms);
// Which of `received` a `message` index names: nullopt when there is no such message.
std::optional<std::size_t> message_index(int message, std::size_t received);

struct AssertionResult {
  std::string description;  // describe(), or the label
  bool passed = false;
  std::string expected;     // "200", "in 200..299", "matching /json/"
  std::string actual;       // "404", "(no such header)", "\"text/html\""
  std::string message;      // a failure: what to look at ("the status is 404 Not Found, not 200")
  bool operator==(const AssertionResult&) const = default;
};

// Evaluates the enabled assertions in order, parsing the body as JSON (and as XML/HTML) at
// most once.
// `variables` fills {{name}} in expected strings (may be null: a reference then fails the
// assertion, naming it). An exchange with no response fails every assertion that needs one.
std::vector<AssertionResult> evaluate_assertions(const std::vector<Assertion>& assertions, const RecordedExchange& exchange,
                                                 const Environment* variables);

}  // namespace wirepad
