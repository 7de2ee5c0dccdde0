// ui: composer_tests_tab.h. [SECTION] index: editing a row; the assertion list; the capture list;
// the response's results. skip_if and repeat_until: composer_tests_flow.cpp.
#include "ui/composer_tests_tab.h"
#include "ui/test_results_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "shared/environment.h"
#include "shared/test_run.h"
#include "ui/composer_tests_edit.h"
#include "ui/composer_tests_flow.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

const ImVec4 kPassed(0.35f, 0.80f, 0.45f, 1), kFailed(1.0f, 0.45f, 0.42f, 1), kEditing(0.45f, 0.70f, 1.0f, 1);

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

// What was typed as the expected value, as the file keeps it (compact JSON): 201, true,
// [200, 299] and "quoted" as they are; anything else as a string.
std::string expected_json(const std::string& typed) {
  if (typed.empty()) return {};
  using Json = nlohmann::ordered_json;  // an object's keys stay in the order typed
  Json parsed = Json::parse(typed, nullptr, false);
  if (parsed.is_discarded()) parsed = typed;
  return parsed.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The other way, for Edit: a string as its characters when they would not read as JSON (2xx,
// {{user}}), anything else as its JSON text (the string "200" stays quoted), so that
// expected_json() of it gives the row's value back.
std::string expected_typed(const std::string& json) {
  const nlohmann::ordered_json value = nlohmann::ordered_json::parse(json, nullptr, false);
  if (!value.is_string()) return json;
  const std::string text = value.get<std::string>();
  if (!text.empty() && nlohmann::ordered_json::parse(text, nullptr, false).is_discarded()) return text;
  return json;
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

// [SECTION] editing a row (the logic: composer_tests_edit.h) ------------------------------------

using tests_edit::begin_edit, tests_edit::end_edit, tests_edit::edited_row, tests_edit::remove_row, tests_edit::submit_row;

// The Add, or the Update and Cancel, button; true when Add or Update was pressed.
template <class Row, class Fields>
bool submit_buttons(AppState& state, RowEditor<Row, Fields>& editor, const std::string& name, const char* add_label) {
  if (editor.editing >= 0) {
    const bool update = ImGui::Button("Update");
    remember_tests_item(state, name + ".update");
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) end_edit(editor);
    remember_tests_item(state, name + ".cancel");
    return update;
  }
  const bool add = ImGui::Button(add_label);
  remember_tests_item(state, name + ".add");
  return add;
}

// A row's text (as written: a "##" in it is text too); a double click on it edits the row. The
// row being edited is drawn in the accent colour.
bool row_text(AppState& state, const std::string& text, bool enabled, bool editing, const std::string& name) {
  if (editing) ImGui::TextColored(kEditing, "%s", text.c_str());
  else if (enabled) ImGui::TextUnformatted(text.c_str());
  else ImGui::TextDisabled("%s", text.c_str());
  remember_tests_item(state, name);
  return ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
}

// [SECTION] the assertion list ------------------------------------------------------------------

AssertionFields fields_of(const Assertion& a) {
  return {int(a.subject), int(a.op), a.selector, expected_typed(a.expected), a.label, a.message};
}

Assertion assertion_of(const AssertionFields& f) {
  Assertion a;
  a.subject = static_cast<AssertSubject>(f.subject);
  a.op = static_cast<AssertOp>(f.op);
  if (takes_selector(a.subject)) a.selector = f.selector;
  if (a.op != AssertOp::exists && a.op != AssertOp::not_exists) a.expected = expected_json(f.expected);
  a.label = f.label;
  a.message = f.message;
  return a;
}

// The subjects an HTTP response or a conversation has (the file reader refuses the others).
std::vector<AssertSubject> subjects_for(bool conversation) {
  std::vector<AssertSubject> out;
  for (int i = 0; to_string(static_cast<AssertSubject>(i)) != "?"; ++i) {
    const auto s = static_cast<AssertSubject>(i);
    if (conversation ? subject_fits_conversation(s) : subject_fits_response(s)) out.push_back(s);
  }
  return out;
}

// Which message (0 the last, 1 the first, -1 the last, ...): a conversation's field.
void draw_message_field(AppState& state, int& message, const std::string& name) {
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::InputInt("message", &message);
  message = std::clamp(message, -1000000, 1000000);  // the file reader's range
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Which message received: 1 the first, 2 the second, -1 the last, -2 the one before; 0 the last");
  remember_tests_field(state, name + ".message", at.x, at.y);
}

void draw_assertion_fields(AppState& state, AssertionFields& f, const std::string& name, bool conversation) {
  static const std::vector<std::string> ops = names_of<AssertOp>();
  const std::vector<AssertSubject> allowed = subjects_for(conversation);
  std::vector<std::string> subjects;
  int chosen = 0;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    subjects.emplace_back(to_string(allowed[i]));
    if (int(allowed[i]) == f.subject) chosen = int(i);
  }
  const float em = ImGui::GetFontSize();
  tests_combo(state, name + ".subject", chosen, subjects, em * 6);
  f.subject = int(allowed[std::size_t(chosen)]);
  const auto subject = static_cast<AssertSubject>(f.subject);
  if (takes_selector(subject)) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    ImGui::InputTextWithHint("##selector", selector_hint(subject), &f.selector);
    remember_tests_item(state, name + ".selector");
  }
  ImGui::SameLine();
  tests_combo(state, name + ".op", f.op, ops, em * 6);
  const auto op = static_cast<AssertOp>(f.op);
  if (op != AssertOp::exists && op != AssertOp::not_exists) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    ImGui::InputTextWithHint("##expected", "expected: 200, \"text\", [200,299]", &f.expected);
    remember_tests_item(state, name + ".expected");
  }
  const bool per_message = subject != AssertSubject::messages && subject != AssertSubject::duration;
  if (conversation && per_message) draw_message_field(state, f.message, name);
  if (!conversation || !per_message) f.message = 0;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 7);
  ImGui::InputTextWithHint("##label", "label (optional)", &f.label);
  remember_tests_item(state, name + ".label");
}

}  // namespace

void remember_tests_item(AppState& state, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

void remember_tests_field(AppState& state, const std::string& name, float left, float top) {
  state.io.buttons[name] = {left + ImGui::GetFontSize(), top + ImGui::GetFrameHeight() / 2};
}

bool tests_combo(AppState& state, const std::string& name, int& index, const std::vector<std::string>& names, float width) {
  ImGui::SetNextItemWidth(width);
  bool changed = false;
  const std::string id = "##" + name;
  const char* shown = index >= 0 && std::size_t(index) < names.size() ? names[std::size_t(index)].c_str() : "?";
  const bool open = ImGui::BeginCombo(id.c_str(), shown, ImGuiComboFlags_HeightLargest);  // all 17 operators at once
  remember_tests_item(state, name);
  if (open) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (ImGui::Selectable(names[i].c_str(), int(i) == index)) {
        index = int(i);
        changed = true;
      }
      remember_tests_item(state, name + "." + names[i]);
    }
    ImGui::EndCombo();
  }
  return changed;
}

void cancel_assertion_edit(AssertionEditor& editor) { end_edit(editor); }

void draw_assertion_list(AppState& state, std::vector<Assertion>& rows, AssertionEditor& editor, const std::string& name,
                         bool conversation) {
  ImGui::PushID(name.c_str());
  std::optional<std::size_t> remove, edit;
  const int edited = edited_row(rows, editor);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Assertion& a = rows[i];
    const std::string n = std::to_string(i);
    ImGui::PushID(int(i));
    ImGui::Checkbox("##on", &a.enabled);
    remember_tests_item(state, name + ".on." + n);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Off: kept in the file, not checked");
    ImGui::SameLine();
    if (row_text(state, describe(a), a.enabled, edited == int(i), name + ".row." + n)) edit = i;
    if (!a.label.empty() && ImGui::IsItemHovered()) {
      Assertion unlabelled = a;
      unlabelled.label.clear();
      ImGui::SetTooltip("%s", describe(unlabelled).c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Edit")) edit = i;
    remember_tests_item(state, name + ".edit." + n);
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = i;
    remember_tests_item(state, name + ".remove." + n);
    ImGui::PopID();
  }
  if (edit) begin_edit(editor, rows[*edit], *edit, fields_of(rows[*edit]));
  if (remove) remove_row(rows, *remove, editor);

  draw_assertion_fields(state, editor.fields, name, conversation);
  ImGui::SameLine();
  if (submit_buttons(state, editor, name, "Add assertion")) {
    Assertion a = assertion_of(editor.fields);
    if (Error e = validate_assertion(a)) {
      editor.error = e.message;
    } else if (conversation ? !subject_fits_conversation(a.subject) : !subject_fits_response(a.subject)) {
      editor.error = std::string(to_string(a.subject)) + (conversation ? " is not a conversation's to check" : " counts a conversation's messages");
    } else {
      const bool adding = editor.editing < 0;
      submit_row(rows, editor, std::move(a), [](const Assertion& old, Assertion& now) { now.enabled = old.enabled; });
      if (adding) {  // the subject, path and operator stay for the next one
        editor.fields.expected.clear();
        editor.fields.label.clear();
      }
    }
  }
  if (!editor.error.empty()) ImGui::TextColored(kFailed, "%s", editor.error.c_str());
  ImGui::PopID();
}

namespace {

// [SECTION] the capture list --------------------------------------------------------------------

CaptureFields fields_of(const Capture& c) { return {int(c.from), c.variable, c.selector, c.group, c.secret, c.message}; }

Capture capture_of(const CaptureFields& f) {
  Capture c;
  c.variable = f.variable;
  c.from = static_cast<CaptureSource>(f.from);
  if (c.from != CaptureSource::status) c.selector = f.selector;
  if (c.from == CaptureSource::regex) c.group = f.group;
  c.secret = f.secret;
  c.message = f.message;
  return c;
}

bool source_fits(CaptureSource from, bool conversation) {
  const bool response_only = from == CaptureSource::header || from == CaptureSource::cookie || from == CaptureSource::status;
  return !conversation || !response_only;
}

void draw_capture_fields(AppState& state, CaptureFields& f, const std::string& name, bool conversation) {
  std::vector<std::string> sources;
  std::vector<int> values;
  int chosen = 0;
  for (int i = 0; to_string(static_cast<CaptureSource>(i)) != "?"; ++i) {
    if (!source_fits(static_cast<CaptureSource>(i), conversation)) continue;
    if (i == f.from) chosen = int(values.size());
    sources.emplace_back(to_string(static_cast<CaptureSource>(i)));
    values.push_back(i);
  }
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 7);
  ImGui::InputTextWithHint("##variable", "variable", &f.variable);
  remember_tests_item(state, name + ".variable");
  ImGui::SameLine();
  ImGui::TextUnformatted("from");
  ImGui::SameLine();
  tests_combo(state, name + ".from", chosen, sources, em * 5);
  f.from = values[std::size_t(chosen)];
  const auto from = static_cast<CaptureSource>(f.from);
  if (from != CaptureSource::status) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    const char* hint = from == CaptureSource::json    ? "$.JSONPath"
                       : from == CaptureSource::xpath ? "string(//XPath)"
                       : from == CaptureSource::regex ? "regex with a (group)"
                                                      : "name";
    ImGui::InputTextWithHint("##capture_selector", hint, &f.selector);
    remember_tests_item(state, name + ".selector");
  }
  if (from == CaptureSource::regex) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 5);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    if (ImGui::InputInt("group", &f.group)) f.group = std::clamp(f.group, 0, 99);  // the file reader's range
    remember_tests_field(state, name + ".group", at.x, at.y);
  }
  if (conversation) draw_message_field(state, f.message, name);
  else f.message = 0;
  ImGui::SameLine();
  ImGui::Checkbox("secret", &f.secret);
  remember_tests_item(state, name + ".secret");
}

}  // namespace

void draw_capture_list(AppState& state, std::vector<Capture>& rows, CaptureEditor& editor, const std::string& name,
                       bool conversation) {
  ImGui::PushID(name.c_str());
  std::optional<std::size_t> remove, edit;
  const int edited = edited_row(rows, editor);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Capture& c = rows[i];
    const std::string n = std::to_string(i);
    ImGui::PushID(int(i));
    if (row_text(state, describe(c) + (c.secret ? "  (secret)" : ""), true, edited == int(i), name + ".row." + n)) edit = i;
    ImGui::SameLine();
    if (ImGui::SmallButton("Edit")) edit = i;
    remember_tests_item(state, name + ".edit." + n);
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) remove = i;
    remember_tests_item(state, name + ".remove." + n);
    ImGui::PopID();
  }
  if (edit) begin_edit(editor, rows[*edit], *edit, fields_of(rows[*edit]));
  if (remove) remove_row(rows, *remove, editor);

  draw_capture_fields(state, editor.fields, name, conversation);
  ImGui::SameLine();
  if (submit_buttons(state, editor, name, "Add capture")) {
    Capture c = capture_of(editor.fields);
    if (Error e = validate_capture(c)) {
      editor.error = e.message;
    } else if (!source_fits(c.from, conversation)) {
      editor.error = "a conversation has no " + std::string(to_string(c.from)) + " to capture";
    } else {
      const bool adding = editor.editing < 0;
      submit_row(rows, editor, std::move(c), [](const Capture&, Capture&) {});
      if (adding) {
        editor.fields.variable.clear();
        editor.fields.selector.clear();
      }
    }
  }
  if (!editor.error.empty()) ImGui::TextColored(kFailed, "%s", editor.error.c_str());
  ImGui::PopID();
}


int tests_tab_count(const TabState& state) { return int(state.test.assertions.size() + state.test.captures.size()); }

void draw_tests_tab(AppState& state, TestsTabInput& input) {
  ImGui::TextDisabled("Checked on every Send (the response's Tests tab) and by the Runner; captures fill {{variables}} of the "
                      "requests after this one in a run.");
  ImGui::Separator();
  ImGui::TextUnformatted("Assertions");
  draw_assertion_list(state, state.test.assertions, input.assertion, "tests.assert");
  ImGui::Separator();
  ImGui::TextUnformatted("Captures");
  draw_capture_list(state, state.test.captures, input.capture, "tests.capture");
  // The run's flow, below what is checked (the composer is a short strip: the lists come first).
  ImGui::Separator();
  ImGui::Checkbox("Skip in runs", &state.test.skip);
  remember_tests_item(state, "tests.skip");
  draw_skip_if(state, input);  // composer_tests_flow.cpp
  draw_repeat_until(state, input);  // composer_tests_flow.cpp
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
