// wirepad core: test_report.h.
#include "test_report.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000.0);
  return buf;
}

std::string millis(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
  return buf;
}

std::string capture_value(const CaptureResult& c) { return c.secret ? "(secret)" : c.value; }

// "users/login.json (Log in) #3"
std::string title_of(const RequestResult& r) {
  std::string t = r.path;
  if (!r.name.empty()) t += " (" + r.name + ")";
  if (r.iteration > 0) t += " #" + std::to_string(r.iteration);
  return t;
}

std::string status_of(const RequestResult& r) {
  if (r.status == 0) return r.outcome == RequestOutcome::skipped ? "skipped" : "no response";
  return std::to_string(r.status) + (r.reason.empty() ? "" : " " + r.reason);
}

// Text for XML: escaped, and characters XML 1.0 cannot hold (controls other than TAB, LF, CR;
// invalid UTF-8) replaced, so a binary body quoted in a message never breaks the file.
std::string xml_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!valid) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (len == 1) {
      switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "\xEF\xBF\xBD";
          else out += char(c);
      }
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string json_string(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string report_text(const RunReport& report) {
  std::string out;
  for (const RequestResult& r : report.results) {
    const char* mark = r.outcome == RequestOutcome::passed  ? "PASS"
                       : r.outcome == RequestOutcome::failed ? "FAIL"
                       : r.outcome == RequestOutcome::error  ? "ERROR"
                                                             : "SKIP";
    out += std::string(mark) + "  " + title_of(r) + "  " + r.method + " " + r.url + "  " + status_of(r);
    if (r.outcome != RequestOutcome::skipped) out += "  " + millis(r.duration_ms);
    if (r.attempts > 1) out += "  (" + std::to_string(r.attempts) + " sends)";
    out += "\n";
    for (const std::string& round : r.auth) out += "      auth: " + round + "\n";
    if (r.outcome == RequestOutcome::skipped || r.outcome == RequestOutcome::error) out += "      " + r.message + "\n";
    for (const AssertionResult& a : r.assertions)
      if (!a.passed) out += "      x " + a.description + ": " + a.message + "\n";
    for (const CaptureResult& c : r.captures) {
      if (!c.ok) out += "      x " + c.message + "\n";
    }
  }
  RunCounts c = report.counts();
  out += std::to_string(c.requests) + " request" + (c.requests == 1 ? "" : "s") + ": " + std::to_string(c.passed) + " passed, " +
         std::to_string(c.failed) + " failed, " + std::to_string(c.errors) + " error" + (c.errors == 1 ? "" : "s") + ", " +
         std::to_string(c.skipped) + " skipped; " + std::to_string(c.assertions) + " assertion" +
         (c.assertions == 1 ? "" : "s") + ", " + std::to_string(c.assertions_failed) + " failed";
  if (report.iterations > 1) out += "; " + std::to_string(report.iterations) + " iterations";
  out += "; " + seconds(report.duration_ms()) + " s in requests";
  if (report.bailed) out += "; stopped at the first failure (--bail)";
  return out + "\n";
}

std::string report_json(const RunReport& report) {
  Json root = Json::object();
  root["wirepad_test_report"] = 1;
  root["title"] = report.title;
  root["environment"] = report.environment;
  root["data"] = report.data_source;
  root["iterations"] = report.iterations;
  root["bailed"] = report.bailed;
  RunCounts c = report.counts();
  root["counts"] = Json{{"requests", c.requests},   {"passed", c.passed},         {"failed", c.failed},
                        {"errors", c.errors},       {"skipped", c.skipped},       {"assertions", c.assertions},
                        {"assertions_failed", c.assertions_failed}};
  root["duration_ms"] = report.duration_ms();
  Json results = Json::array();
  for (const RequestResult& r : report.results) {
    Json item = Json::object();
    item["path"] = r.path;
    item["name"] = r.name;
    item["iteration"] = r.iteration;
    item["method"] = r.method;
    item["url"] = r.url;
    item["status"] = r.status;
    item["reason"] = r.reason;
    item["outcome"] = std::string(to_string(r.outcome));
    item["message"] = r.message;
    item["attempts"] = r.attempts;
    item["duration_ms"] = r.duration_ms;
    Json assertions = Json::array();
    for (const AssertionResult& a : r.assertions)
      assertions.push_back(Json{{"assertion", a.description}, {"passed", a.passed}, {"expected", a.expected},
                                {"actual", a.actual},         {"message", a.message}});
    item["assertions"] = std::move(assertions);
    Json captures = Json::array();
    for (const CaptureResult& cap : r.captures)
      captures.push_back(Json{{"variable", cap.variable}, {"ok", cap.ok}, {"value", capture_value(cap)},
                              {"secret", cap.secret},     {"message", cap.message}});
    item["captures"] = std::move(captures);
    if (!r.auth.empty()) item["auth"] = r.auth;
    results.push_back(std::move(item));
  }
  root["results"] = std::move(results);
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string report_junit(const RunReport& report, const std::string& timestamp) {
  std::string suites;
  int total_tests = 0, total_failures = 0, total_errors = 0, total_skipped = 0;
  for (const RequestResult& r : report.results) {
    std::string cases;
    int tests = 0, failures = 0, errors = 0, skipped = 0;
    // classname: the file without ".json", folders as packages (users/login.json -> users.login),
    // which is how Jenkins groups them.
    std::string classname = r.path;
    if (classname.size() > 5 && classname.compare(classname.size() - 5, 5, ".json") == 0) classname.resize(classname.size() - 5);
    for (char& ch : classname)
      if (ch == '/' || ch == '\\') ch = '.';
    auto testcase = [&](const std::string& name, double ms, const std::string& inner) {
      ++tests;
      cases += "    <testcase name=\"" + xml_text(name) + "\" classname=\"" + xml_text(classname) + "\" time=\"" + seconds(ms) + "\"";
      cases += inner.empty() ? "/>\n" : ">\n" + inner + "    </testcase>\n";
    };
    if (r.outcome == RequestOutcome::skipped) {
      ++skipped;
      testcase(r.method + " " + r.url, 0, "      <skipped message=\"" + xml_text(r.message) + "\"/>\n");
    } else if (r.outcome == RequestOutcome::error) {
      ++errors;
      std::string type = r.message.substr(0, r.message.find(':'));
      testcase(r.method + " " + r.url, r.duration_ms,
               "      <error message=\"" + xml_text(r.message) + "\" type=\"" + xml_text(type) + "\">" + xml_text(r.message) +
                   "</error>\n");
    } else {
      if (r.assertions.empty() && r.captures.empty()) testcase("response received: " + status_of(r), r.duration_ms, "");
      for (const AssertionResult& a : r.assertions) {
        if (a.passed) {
          testcase(a.description, 0, "");
        } else {
          ++failures;
          testcase(a.description, 0,
                   "      <failure message=\"" + xml_text(a.message) + "\" type=\"assertion\">expected: " + xml_text(a.expected) +
                       "\nactual: " + xml_text(a.actual) + "\n" + xml_text(a.message) + "</failure>\n");
        }
      }
      for (const CaptureResult& c : r.captures) {
        if (c.ok) {
          testcase("capture " + c.variable, 0, "");
        } else {
          ++failures;
          testcase("capture " + c.variable, 0,
                   "      <failure message=\"" + xml_text(c.message) + "\" type=\"capture\">" + xml_text(c.message) + "</failure>\n");
        }
      }
    }
    std::string out = "  <testsuite name=\"" + xml_text(title_of(r)) + "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
                      std::to_string(failures) + "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" +
                      std::to_string(skipped) + "\" time=\"" + seconds(r.duration_ms) + "\"";
    if (!timestamp.empty()) out += " timestamp=\"" + xml_text(timestamp) + "\"";
    out += ">\n";
    std::string system_out = r.method + " " + r.url + " -> " + status_of(r) + " in " + millis(r.duration_ms);
    if (r.attempts > 1) system_out += " (" + std::to_string(r.attempts) + " sends)";
    for (const std::string& round : r.auth) system_out += "\nauth: " + round;
    for (const CaptureResult& c : r.captures)
      if (c.ok) system_out += "\ncaptured {{" + c.variable + "}} = " + capture_value(c);
    out += cases + "    <system-out>" + xml_text(system_out) + "</system-out>\n  </testsuite>\n";
    suites += out;
    total_tests += tests, total_failures += failures, total_errors += errors, total_skipped += skipped;
  }
  std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" +
                     xml_text(report.title.empty() ? std::string("wirepad test") : "wirepad test " + report.title) +
                     "\" tests=\"" + std::to_string(total_tests) + "\" failures=\"" + std::to_string(total_failures) +
                     "\" errors=\"" + std::to_string(total_errors) + "\" skipped=\"" + std::to_string(total_skipped) +
                     "\" time=\"" + seconds(report.duration_ms()) + "\">\n";
  return head + suites + "</testsuites>\n";
}

std::string report_tap(const RunReport& report) {
  // TAP 13 (testanything.org/tap-version-13-specification): the plan first, one line per
  // request, details in an indented YAML block between "  ---" and "  ...". Strings in the
  // block are JSON strings, which YAML reads as double-quoted scalars.
  std::string out = "TAP version 13\n1.." + std::to_string(report.results.size()) + "\n";
  int n = 0;
  for (const RequestResult& r : report.results) {
    ++n;
    // A description may not hold '#' unescaped (it starts a directive) nor a line break.
    std::string description = title_of(r) + " " + r.method + " " + r.url;
    std::string clean;
    for (char ch : description) {
      if (ch == '#') clean += "\\#";
      else if (ch == '\n' || ch == '\r') clean += ' ';
      else clean += ch;
    }
    const bool ok = r.outcome == RequestOutcome::passed || r.outcome == RequestOutcome::skipped;
    out += std::string(ok ? "ok " : "not ok ") + std::to_string(n) + " - " + clean;
    if (r.outcome == RequestOutcome::skipped) {
      std::string why = r.message;
      for (char& ch : why)
        if (ch == '\n' || ch == '\r') ch = ' ';
      out += " # SKIP " + why;
    }
    out += "\n";
    if (r.outcome == RequestOutcome::failed || r.outcome == RequestOutcome::error) {
      out += "  ---\n";
      out += "  message: " + json_string(r.message) + "\n";
      out += "  severity: " + std::string(r.outcome == RequestOutcome::error ? "error" : "fail") + "\n";
      out += "  status: " + json_string(status_of(r)) + "\n";
      out += "  duration_ms: " + seconds(r.duration_ms * 1000) + "\n";
      bool any = false;
      for (const AssertionResult& a : r.assertions) {
        if (a.passed) continue;
        if (!any) out += "  failures:\n";
        any = true;
        out += "    - assertion: " + json_string(a.description) + "\n";
        out += "      expected: " + json_string(a.expected) + "\n";
        out += "      actual: " + json_string(a.actual) + "\n";
        out += "      message: " + json_string(a.message) + "\n";
      }
      for (const CaptureResult& c : r.captures) {
        if (c.ok) continue;
        if (!any) out += "  failures:\n";
        any = true;
        out += "    - capture: " + json_string(c.variable) + "\n";
        out += "      message: " + json_string(c.message) + "\n";
      }
      out += "  ...\n";
    }
  }
  if (report.bailed) out += "Bail out! stopped at the first failure (--bail)\n";
  return out;
}

std::string report_html(const RunReport& report, const std::string& timestamp) {
  // One file, no script, no external style or font: it opens the same from a CI artifact, a
  // mail attachment or a file:// URL. <details> opens a request without JavaScript.
  RunCounts c = report.counts();
  std::string out = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Wirepad test report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1d1f24;background:#fafafa}
h1{font-size:1.4em;margin:0 0 .3em}.meta{color:#555;margin-bottom:1em}
.summary span{display:inline-block;margin-right:1.2em;font-weight:600}
.passed{color:#1a7f37}.failed,.error{color:#c62828}.skipped{color:#777}
details{background:#fff;border:1px solid #ddd;border-left:5px solid #1a7f37;border-radius:4px;margin:.4em 0;padding:.3em .8em}
details.failed,details.error{border-left-color:#c62828}details.skipped{border-left-color:#aaa}
summary{cursor:pointer}summary code{color:#333}.status{float:right;color:#555}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:.25em .5em;text-align:left;vertical-align:top}
th{font-weight:600;color:#444}td.v{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.msg{color:#c62828;margin:.3em 0}
</style></head><body>
<h1>Wirepad test report</h1>
)";
  out += "<div class=\"meta\">" + xml_text(report.title);
  if (!report.environment.empty()) out += " &middot; environment <b>" + xml_text(report.environment) + "</b>";
  if (!report.data_source.empty())
    out += " &middot; data " + xml_text(report.data_source) + " (" + std::to_string(report.iterations) + " iterations)";
  if (!timestamp.empty()) out += " &middot; " + xml_text(timestamp);
  out += "</div>\n<div class=\"summary\"><span>" + std::to_string(c.requests) + " requests</span><span class=\"passed\">" +
         std::to_string(c.passed) + " passed</span><span class=\"failed\">" + std::to_string(c.failed) +
         " failed</span><span class=\"error\">" + std::to_string(c.errors) + " errors</span><span class=\"skipped\">" +
         std::to_string(c.skipped) + " skipped</span><span>" + std::to_string(c.assertions - c.assertions_failed) + "/" +
         std::to_string(c.assertions) + " assertions</span><span>" + seconds(report.duration_ms()) + " s</span></div>\n";
  if (report.bailed) out += "<p class=\"msg\">Stopped at the first failure (--bail).</p>\n";
  for (const RequestResult& r : report.results) {
    const std::string cls(to_string(r.outcome));
    const bool open = r.outcome == RequestOutcome::failed || r.outcome == RequestOutcome::error;
    out += "<details class=\"" + cls + "\"" + (open ? " open" : "") + "><summary><b class=\"" + cls + "\">" + cls +
           "</b> " + xml_text(title_of(r)) + " <code>" + xml_text(r.method + " " + r.url) + "</code><span class=\"status\">" +
           xml_text(status_of(r)) + (r.outcome == RequestOutcome::skipped ? "" : " &middot; " + millis(r.duration_ms)) +
           (r.attempts > 1 ? " &middot; " + std::to_string(r.attempts) + " sends" : "") + "</span></summary>\n";
    if (!r.message.empty() && r.outcome != RequestOutcome::passed) out += "<p class=\"msg\">" + xml_text(r.message) + "</p>\n";
    if (!r.assertions.empty()) {
      out += "<table><tr><th></th><th>assertion</th><th>expected</th><th>actual</th></tr>\n";
      for (const AssertionResult& a : r.assertions) {
        out += std::string("<tr><td class=\"") + (a.passed ? "passed\">&#10003;" : "failed\">&#10007;") + "</td><td>" +
               xml_text(a.description) + (a.passed ? "" : "<div class=\"msg\">" + xml_text(a.message) + "</div>") +
               "</td><td class=\"v\">" + xml_text(a.expected) + "</td><td class=\"v\">" + xml_text(a.actual) + "</td></tr>\n";
      }
      out += "</table>\n";
    }
    for (const std::string& round : r.auth) out += "<p class=\"auth\">auth: " + xml_text(round) + "</p>\n";
    if (!r.captures.empty()) {
      out += "<table><tr><th></th><th>captured</th><th>value</th></tr>\n";
      for (const CaptureResult& cap : r.captures)
        out += std::string("<tr><td class=\"") + (cap.ok ? "passed\">&#10003;" : "failed\">&#10007;") + "</td><td>{{" +
               xml_text(cap.variable) + "}}</td><td class=\"v\">" + xml_text(cap.ok ? capture_value(cap) : cap.message) +
               "</td></tr>\n";
      out += "</table>\n";
    }
    out += "</details>\n";
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace wirepad
