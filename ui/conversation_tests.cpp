// ui: conversation_tests.h.
#include "ui/conversation_tests.h"

#include <imgui.h>

#include "ui/app.h"
#include "ui/composer_tests_flow.h"
#include "ui/test_results_view.h"
#include "ui/workspace.h"

namespace wirepad::ui {

std::uint64_t conversation_key(std::size_t received, bool finished) {
  return (std::uint64_t(received) << 1) | (finished ? 1 : 0);
}

void evaluate_conversation_tests(const AppState& state, ConversationTests& tests, std::uint64_t key,
                                 const std::function<std::vector<std::string>()>& received, double duration_ms) {
  if ((tests.evaluated_key == key && tests.evaluated == tests.test) ||
      (tests.test.assertions.empty() && tests.test.captures.empty()))
    return;
  tests.evaluated_key = key;
  tests.evaluated = tests.test;
  Environment variables;
  if (const Environment* active = active_environment(state)) variables = *active;
  tests.verdict = evaluate_conversation(tests.test, received(), duration_ms, &variables);
}

std::string tests_label(const ConversationTests& tests) {
  const std::size_t count = tests.test.assertions.size() + tests.test.captures.size();
  if (count == 0) return "tests###tests";
  if (tests.evaluated_key == ~std::uint64_t(0)) return "tests (" + std::to_string(count) + ")###tests";
  std::size_t passed = 0, total = 0;
  for (const AssertionResult& a : tests.verdict.assertions) ++total, passed += a.passed ? 1 : 0;
  for (const CaptureResult& c : tests.verdict.captures) ++total, passed += c.ok ? 1 : 0;
  return "tests " + std::to_string(passed) + "/" + std::to_string(total) + " passed###tests";
}

void draw_conversation_tests(AppState& state, ConversationTests& tests, std::uint64_t key,
                             const std::function<std::vector<std::string>()>& received, double duration_ms) {
  ImGui::TextDisabled("Checked against the messages received (message 1 the first, -1 or 0 the last); kept by Save; "
                      "wirepad test and the Runner check them after the steps.");
  ImGui::TextUnformatted("Assertions");
  draw_assertion_list(state, tests.test.assertions, tests.assertion_editor, "conversation.assert", true);
  ImGui::TextUnformatted("Captures");
  draw_capture_list(state, tests.test.captures, tests.capture_editor, "conversation.capture", true);
  ImGui::Separator();
  if (tests.test.assertions.empty() && tests.test.captures.empty()) {
    ImGui::TextDisabled("Add one above: json $.type == \"ack\" in message 1, messages >= 2, body matches ...");
    return;
  }
  evaluate_conversation_tests(state, tests, key, received, duration_ms);
  draw_result_table(tests.verdict.assertions, tests.verdict.captures);
}

}  // namespace wirepad::ui
