// wirepad core: the "test" object of an experiment file as JSON, read and written by
// experiment.cpp (format 4, docs/assertions.md). Internal to the core's .cpp files: it speaks
// nlohmann::ordered_json, the experiment parser's own type.
// Depends on: test_spec.h, nlohmann-json.
#pragma once
#include <nlohmann/json.hpp>

#include "error.h"
#include "test_spec.h"

namespace wirepad {

// `path` prefixes key paths in errors ("test.assert[2].op ..."). Errors: invalid_experiment.
Error parse_test_spec(const nlohmann::ordered_json& json, const std::string& path, TestSpec& out);
// Stable key order; only what is set is written.
nlohmann::ordered_json test_spec_json(const TestSpec& spec);

// Whether every assertion and capture of `spec` fits the experiment: an HTTP exchange (no
// "message", no messages subject) or a socket/WebSocket conversation (no status, header,
// redirects or cert_days; no header, cookie or status capture). `path` as above.
Error check_test_fits(const TestSpec& spec, bool conversation, const std::string& path);

// One assertion or capture alone (the repeat_until list and the tests reuse them).
Error parse_assertion(const nlohmann::ordered_json& json, const std::string& path, Assertion& out);
nlohmann::ordered_json assertion_json(const Assertion& assertion);

}  // namespace wirepad
