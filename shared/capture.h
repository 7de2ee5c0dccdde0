// wirepad core: captures, values taken from a response into the run's variables so the requests
// after it can say {{name}} (docs/assertions.md): a JSONPath node, a header, a cookie the
// response sets, a regex group of the body, the status, or an XPath value of an XML or HTML
// body (shared/xpath.h). Sans-I/O like assertion.h.
// Depends on: assertion.h (RecordedExchange), environment.h.
#pragma once
#include <string>
#include <vector>

#include "assertion.h"

namespace wirepad {

// environment.h (which includes experiment.h, which holds a TestSpec of these).
struct Environment;

enum class CaptureSource { json, header, cookie, regex, status, xpath };
std::string_view to_string(CaptureSource source);

struct Capture {
  std::string variable;      // the {{name}} it fills (is_variable_name)
  CaptureSource from = CaptureSource::json;
  std::string selector;      // json: JSONPath; header, cookie: the name; regex: the pattern; status: empty;
                             // xpath: the expression
  int group = 1;             // regex: which group (0: the whole match)
  bool secret = false;       // kept out of reports and never written to a file
  int message = 0;           // a conversation: which received message (Assertion::message)
  bool operator==(const Capture&) const = default;
};

std::string describe(const Capture& capture);  // "user_id from json $.id"
Error validate_capture(const Capture& capture);

struct CaptureResult {
  std::string variable;
  bool ok = false;
  std::string value;     // the text captured (a JSON string's characters; other JSON as compact text;
                         // an XPath node's string value, a string, a number or a boolean as XPath's string())
  bool secret = false;
  std::string message;   // when not ok: "$.token selected nothing in the body"
  bool operator==(const CaptureResult&) const = default;
};

// The captures in order; each that succeeded is also set in `into` (may be null), secret as
// the capture says, replacing a variable of that name.
std::vector<CaptureResult> evaluate_captures(const std::vector<Capture>& captures, const RecordedExchange& exchange,
                                             Environment* into);

// Sets (or replaces) a variable.
void set_variable(Environment& environment, const std::string& name, const std::string& value, bool secret);

}  // namespace wirepad
