// ui: composer_tests_tab.h. [SECTION] index: the rows; adding; the response's results.
#include "ui/composer_tests_tab.h"
#include "ui/test_results_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "shared/environment.h"
#include "shared/test_run.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

const ImVec4 kPassed(0.35f, 0.80f, 0.45f, 1), kFailed(1.0f, 0.45f, 0.42f, 1);

// The enums are contiguous from 0; to_string says "?" past the last.
template <class Enum>
std::vector<std::string> names_of() {
  std::vector<std::string> out;
  for (int i = 0; i < 64; ++i) {
    const std::string_view name = to_string(static_cast<Enum>(i));
    if (name == "?") break;
    out.emplace_back(name);
  }
  return out;
}

bool combo(const char* id, int& index, const std::vector<std::string>& names, float width) {
  ImGui::SetNextItemWidth(width);
  bool changed = false;
  if (ImGui::BeginCombo(id, index >= 0 && std::size_t(index) < names.size() ? names[std::size_t(index)].c_str() : "?")) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (ImGui::Selectable(names[i].c_str(), int(i) == index)) {
        index = int(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  return changed;
}

// What was typed as the expected value, as the file keeps it (compact JSON): 201, true,
// [200, 299] and "quoted" as they are; anything else as a string.
std::string expected_json(const std::string& typed) {
  if (typed.empty()) return {};
  nlohmann::json parsed = nlohmann::json::parse(typed, nullptr, false);
  if (!parsed.is_discarded()) return parsed.dump();
  return nlohmann::json(typed).dump();
}

bool takes_selector(AssertSubject s) {
  return s == AssertSubject::header || s == AssertSubject::json || s == AssertSubject::json_count || s == AssertSubject::xpath ||
         s == AssertSubject::xpath_count;
}

const char* selector_hint(AssertSubject s) {
  if (s == AssertSubject::header) return "header name";
  if (s == AssertSubject::xpath || s == AssertSubject::xpath_count) return "//XPath";
  return "$.JSONPath";
}

// [SECTION] the rows --------------------------------------------------------------------------

void draw_assertion_rows(TabState& state) {
  std::optional<std::size_t> remove;
  for (std::size_t i = 0; i < state.test.assertions.size(); ++i) {
    Assertion& a = state.test.assertions[i];
    ImGui::PushID(int(i));
    ImGui::Checkbox("##on", &a.enabled);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Off: kept in the file, not checked");
    ImGui::SameLine();
    if (a.enabled) ImGui::TextUnformatted(describe(a).c_str());
    else ImGui::TextDisabled("%s", describe(a).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = i;
    ImGui::PopID();
  }
  if (remove) state.test.assertions.erase(state.test.assertions.begin() + std::ptrdiff_t(*remove));
}

void draw_capture_rows(TabState& state) {
  std::optional<std::size_t> remove;
  for (std::size_t i = 0; i < state.test.captures.size(); ++i) {
    const Capture& c = state.test.captures[i];
    ImGui::PushID(1000 + int(i));
    ImGui::Text("%s%s", describe(c).c_str(), c.secret ? "  (secret)" : "");
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = i;
    ImGui::PopID();
  }
  if (remove) state.test.captures.erase(state.test.captures.begin() + std::ptrdiff_t(*remove));
}

// [SECTION] adding ------------------------------------------------------------------------------

void draw_add_assertion(AppState& state, TestsTabInput& in) {
  static const std::vector<std::string> subjects = names_of<AssertSubject>();
  static const std::vector<std::string> ops = names_of<AssertOp>();
  const float em = ImGui::GetFontSize();
  combo("##subject", in.subject, subjects, em * 6);
  const auto subject = static_cast<AssertSubject>(in.subject);
  if (takes_selector(subject)) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    ImGui::InputTextWithHint("##selector", selector_hint(subject), &in.selector);
  }
  ImGui::SameLine();
  combo("##op", in.op, ops, em * 6);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 9);
  ImGui::InputTextWithHint("##expected", "expected: 200, \"text\", [200,299]", &in.expected);
  ImGui::SameLine();
  if (ImGui::Button("Add assertion")) {
    Assertion a;
    a.subject = subject;
    a.op = static_cast<AssertOp>(in.op);
    if (takes_selector(subject)) a.selector = in.selector;
    if (a.op != AssertOp::exists && a.op != AssertOp::not_exists) a.expected = expected_json(in.expected);
    if (Error e = validate_assertion(a)) {
      in.error = e.message;
    } else {
      state.test.assertions.push_back(a);
      in.error.clear();
      in.expected.clear();
    }
  }
}

void draw_add_capture(AppState& state, TestsTabInput& in) {
  static const std::vector<std::string> sources = names_of<CaptureSource>();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 7);
  ImGui::InputTextWithHint("##variable", "variable", &in.capture_variable);
  ImGui::SameLine();
  ImGui::TextUnformatted("from");
  ImGui::SameLine();
  combo("##from", in.capture_from, sources, em * 5);
  const auto from = static_cast<CaptureSource>(in.capture_from);
  if (from != CaptureSource::status) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    const char* hint = from == CaptureSource::json    ? "$.JSONPath"
                       : from == CaptureSource::xpath ? "string(//XPath)"
                       : from == CaptureSource::regex ? "regex with a (group)"
                                                      : "name";
    ImGui::InputTextWithHint("##capture_selector", hint, &in.capture_selector);
  }
  ImGui::SameLine();
  ImGui::Checkbox("secret", &in.capture_secret);
  ImGui::SameLine();
  if (ImGui::Button("Add capture")) {
    Capture c;
    c.variable = in.capture_variable;
    c.from = from;
    if (from != CaptureSource::status) c.selector = in.capture_selector;
    c.secret = in.capture_secret;
    if (Error e = validate_capture(c)) {
      in.error = e.message;
    } else {
      state.test.captures.push_back(c);
      in.error.clear();
      in.capture_variable.clear();
      in.capture_selector.clear();
    }
  }
}

}  // namespace

int tests_tab_count(const TabState& state) { return int(state.test.assertions.size() + state.test.captures.size()); }

void draw_tests_tab(AppState& state, TestsTabInput& input) {
  ImGui::TextDisabled("Checked on every Send (the response's Tests tab) and by the Runner; captures fill {{variables}} of the "
                      "requests after this one in a run.");
  ImGui::Checkbox("Skip in runs", &state.test.skip);
  ImGui::Separator();
  ImGui::TextUnformatted("Assertions");
  draw_assertion_rows(state);
  draw_add_assertion(state, input);
  ImGui::Separator();
  ImGui::TextUnformatted("Captures");
  draw_capture_rows(state);
  draw_add_capture(state, input);
  if (!input.error.empty()) ImGui::TextColored(kFailed, "%s", input.error.c_str());
  if (state.test.repeat || !state.test.skip_if.empty())
    ImGui::TextDisabled("This file also has %s%s%s (kept as the file has them).", state.test.repeat ? "repeat_until" : "",
                        state.test.repeat && !state.test.skip_if.empty() ? " and " : "",
                        state.test.skip_if.empty() ? "" : "skip_if");
}

void evaluate_front_tests(AppState& state, const ExchangeLog* log) {
  if (state.test_results_generation == state.generation) return;
  if (log && !log->finished()) return;  // evaluated once it has finished
  state.test_results_generation = state.generation;
  state.test_results.clear();
  state.capture_results.clear();
  if (!log || (state.test.assertions.empty() && state.test.captures.empty())) return;
  const RecordedExchange record = record_of_logs({log});
  Environment variables;
  if (const Environment* active = active_environment(state)) variables = *active;
  state.test_results = evaluate_assertions(state.test.assertions, record, &variables);
  // Captures are shown, not kept: a run carries them forward (the Runner), a Send does not.
  state.capture_results = evaluate_captures(state.test.captures, record, nullptr);
}

void draw_test_results(const AppState& state) {
  if (state.test.assertions.empty() && state.test.captures.empty()) {
    ImGui::TextDisabled("This experiment has no assertions or captures: add them in the composer's Tests tab.");
    return;
  }
  if (state.test_results.empty() && state.capture_results.empty()) {
    ImGui::TextDisabled("Send to check them against the response.");
    return;
  }
  draw_result_table(state.test_results, state.capture_results);
}

}  // namespace wirepad::ui
