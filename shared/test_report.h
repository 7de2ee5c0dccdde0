// wirepad core: a test run's report in the formats CI servers and people read
// (docs/assertions.md): plain text for a terminal, JSON, JUnit XML (the Jenkins/Surefire
// shape: tests/data/junit/junit.xsd), TAP version 13, and one self-contained HTML file.
// A secret capture's value never appears in any of them.
// Depends on: test_run.h. nlohmann-json inside the .cpp only. No OS calls.
#pragma once
#include <string>

#include "test_run.h"

namespace wirepad {

std::string report_text(const RunReport& report);
std::string report_json(const RunReport& report);
// <testsuites> with one <testsuite> per request sent (per iteration) and one <testcase> per
// assertion (a request without assertions is one testcase, "response received"); a request
// that got no response is an <error>, a skipped one <skipped/>, a failed capture a <failure>.
// `timestamp`: ISO 8601 of the run's start ("" leaves it out; the core has no clock).
std::string report_junit(const RunReport& report, const std::string& timestamp = {});
// One test point per request (per iteration), failures in a YAML block (expected/actual).
std::string report_tap(const RunReport& report);
std::string report_html(const RunReport& report, const std::string& timestamp = {});

}  // namespace wirepad
