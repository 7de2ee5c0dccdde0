// wirepad core: an experiment's "test" object (format 4, docs/assertions.md): when to skip it,
// what to assert and capture, and whether to send it again until something holds.
// Depends on: assertion.h, capture.h.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "assertion.h"
#include "capture.h"

namespace wirepad {

// A condition on the run's variables: "skip_if": [{"variable": "token", "op": "not_exists"}].
struct VariableCondition {
  std::string variable;
  AssertOp op = AssertOp::exists;  // exists, not_exists, eq, ne
  std::string value;               // eq, ne: compared as text
  bool operator==(const VariableCondition&) const = default;
};
bool holds(const VariableCondition& condition, const Environment& variables);
std::string describe(const VariableCondition& condition);

// Send again until every `until` assertion holds, at most `max_attempts` sends in all, waiting
// `delay_ms` between them (polling a job's status).
struct RepeatUntil {
  std::vector<Assertion> until;
  int max_attempts = 10;  // 1..1000
  int delay_ms = 0;       // 0..600000
  bool operator==(const RepeatUntil&) const = default;
};

struct TestSpec {
  bool skip = false;                          // never sent by a run
  std::vector<VariableCondition> skip_if;     // skipped when any holds
  std::vector<Assertion> assertions;          // "assert"
  std::vector<Capture> captures;              // "capture"
  std::optional<RepeatUntil> repeat;          // "repeat_until"
  bool empty() const { return !skip && skip_if.empty() && assertions.empty() && captures.empty() && !repeat; }
  bool operator==(const TestSpec&) const = default;
};

}  // namespace wirepad
