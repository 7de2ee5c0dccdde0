// ui: composer_tests_flow.h, the run's flow in the Tests tab: skip_if (conditions on the run's
// variables, checked as the file reader checks them) and repeat_until (its assertions with the
// Tests tab's editor, max attempts and the delay in the file reader's ranges). No I/O.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <optional>

#include "shared/environment.h"
#include "ui/composer_tests_flow.h"

namespace wirepad::ui {
namespace {

const ImVec4 kFailed(1.0f, 0.45f, 0.42f, 1), kWaiting(1.0f, 0.8f, 0.3f, 1);

// A condition's operators, as the file writes them (shared/test_spec_json.cpp).
const AssertOp kConditionOps[] = {AssertOp::exists, AssertOp::not_exists, AssertOp::eq, AssertOp::ne};

bool takes_value(AssertOp op) { return op == AssertOp::eq || op == AssertOp::ne; }

// "{{ token }}" typed for "token": the braces and the spaces inside them are not the name.
std::string bare_name(std::string name) {
  auto trim = [](std::string& s) {
    s.erase(0, std::min(s.find_first_not_of(' '), s.size()));
    s.erase(std::min(s.find_last_not_of(' ') + 1, s.size()));
  };
  trim(name);
  if (name.size() >= 4 && name.starts_with("{{") && name.ends_with("}}")) {
    name = name.substr(2, name.size() - 4);
    trim(name);
  }
  return name;
}

// The file reader's ranges (shared/test_spec_json.cpp: max_attempts 1..1000, delay_ms 0..600000).
constexpr int kMaxAttempts = 1000, kMaxDelayMs = 600000;

}  // namespace

void draw_skip_if(AppState& state, TestsTabInput& in) {
  std::vector<VariableCondition>& conditions = state.test.skip_if;
  ImGui::PushID("tests.skip_if");
  ImGui::TextUnformatted("Skip when");
  ImGui::SameLine();
  ImGui::TextDisabled(conditions.empty() ? "(no condition: a run sends it)" : "any of these holds, in a run:");
  std::optional<std::size_t> remove;
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    ImGui::PushID(int(i));
    ImGui::BulletText("%s", describe(conditions[i]).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = i;
    remember_tests_item(state, "tests.skip_if.remove." + std::to_string(i));
    ImGui::PopID();
  }
  if (remove) conditions.erase(conditions.begin() + std::ptrdiff_t(*remove));

  static const std::vector<std::string> ops = [] {
    std::vector<std::string> out;
    for (AssertOp op : kConditionOps) out.emplace_back(to_string(op));
    return out;
  }();
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 7);
  ImGui::InputTextWithHint("##variable", "variable", &in.condition_variable);
  remember_tests_item(state, "tests.skip_if.variable");
  ImGui::SameLine();
  tests_combo(state, "tests.skip_if.op", in.condition_op, ops, em * 5);
  in.condition_op = std::clamp(in.condition_op, 0, int(std::size(kConditionOps)) - 1);
  const AssertOp op = kConditionOps[in.condition_op];
  if (takes_value(op)) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    ImGui::InputTextWithHint("##value", "value (as text)", &in.condition_value);
    remember_tests_item(state, "tests.skip_if.value");
  }
  ImGui::SameLine();
  if (ImGui::Button("Add condition")) {
    VariableCondition c;
    c.variable = bare_name(in.condition_variable);
    c.op = op;
    if (takes_value(op)) c.value = in.condition_value;
    if (c.variable.empty()) {
      in.condition_error = "A condition needs a variable: its name, such as token.";
    } else if (!is_variable_name(c.variable)) {  // the file reader's check
      in.condition_error = "variable \"" + c.variable + "\" is not a variable name (letters, digits, '_', '-', '.')";
    } else {
      conditions.push_back(std::move(c));
      in.condition_error.clear();
      in.condition_variable.clear();
      in.condition_value.clear();
    }
  }
  remember_tests_item(state, "tests.skip_if.add");
  if (!in.condition_error.empty()) ImGui::TextColored(kFailed, "%s", in.condition_error.c_str());
  ImGui::PopID();
}

// repeat_until is in the file only with an assertion to wait for (the reader refuses an empty
// list): on without one, or off, it waits in the input (repeat_draft), not in the test.
void draw_repeat_until(AppState& state, TestsTabInput& in) {
  std::optional<RepeatUntil>& repeat = state.test.repeat;
  ImGui::PushID("tests.repeat");
  bool on = repeat || in.repeat_open;
  if (ImGui::Checkbox("Repeat until", &on)) {
    if (on && !in.repeat_draft.until.empty()) {
      repeat = std::move(in.repeat_draft);
      in.repeat_draft = RepeatUntil();
    } else if (on) {
      in.repeat_open = true;
    } else {
      if (repeat) in.repeat_draft = std::move(*repeat);
      repeat.reset();
      in.repeat_open = false;
      cancel_assertion_edit(in.until);
    }
  }
  remember_tests_item(state, "tests.repeat");
  ImGui::SameLine();
  ImGui::TextDisabled("send again until every assertion below holds (polling a job's status)");
  if (on) {
    RepeatUntil& r = repeat ? *repeat : in.repeat_draft;
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(em * 7);
    ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::InputInt("max attempts (1-1000)", &r.max_attempts, 1, 10))
      r.max_attempts = std::clamp(r.max_attempts, 1, kMaxAttempts);
    remember_tests_field(state, "tests.repeat.max_attempts", at.x, at.y);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 8);
    at = ImGui::GetCursorScreenPos();
    if (ImGui::InputInt("delay ms (0-600000)", &r.delay_ms, 100, 1000)) r.delay_ms = std::clamp(r.delay_ms, 0, kMaxDelayMs);
    remember_tests_field(state, "tests.repeat.delay_ms", at.x, at.y);
    draw_assertion_list(state, r.until, in.until, "tests.until");
    if (repeat && repeat->until.empty()) {  // its last assertion removed
      in.repeat_draft = std::move(*repeat);
      repeat.reset();
      in.repeat_open = true;
    } else if (!repeat && !in.repeat_draft.until.empty()) {  // its first added
      repeat = std::move(in.repeat_draft);
      in.repeat_draft = RepeatUntil();
      in.repeat_open = false;
    }
    if (!repeat) ImGui::TextColored(kWaiting, "Add what to wait for: repeat_until is saved once it has an assertion.");
    else
      ImGui::TextDisabled("At most %d send%s, %d ms apart.", repeat->max_attempts, repeat->max_attempts == 1 ? "" : "s",
                          repeat->delay_ms);
  }
  ImGui::PopID();
}

}  // namespace wirepad::ui
