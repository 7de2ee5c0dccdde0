// ui: a socket or WebSocket conversation's test (its file's "test": assertions and captures
// over the messages it received, docs/assertions.md "Conversations"), kept by the Socket and
// WebSocket panels with their script, and its verdict over the conversation shown: evaluated
// again only when a message arrives or the conversation ends, so a long one is not re-parsed
// every frame. Captures are shown, not kept (a run carries them forward).
// Depends on: shared/test_run.h, ui/test_results_view.h; Dear ImGui in the .cpp.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "shared/test_run.h"
#include "ui/composer_view_state.h"

namespace wirepad::ui {

struct AppState;

struct ConversationTests {
  TestSpec test;
  ConversationVerdict verdict;
  std::uint64_t evaluated_key = ~std::uint64_t(0);  // what the verdict was evaluated over
  TestSpec evaluated;                               // ... and with which test (edited since: again)
  // The editors of the tests view (the composer Tests tab's, with the conversation's subjects
  // and a message field).
  AssertionEditor assertion_editor;
  CaptureEditor capture_editor;
};

// What a conversation's verdict depends on: how many messages it received and whether it is over.
std::uint64_t conversation_key(std::size_t received, bool finished);

// The view's name: "tests (3)" with the count of assertions and captures, "tests 2/3 passed"
// once evaluated (an ImGui label: its id stays "tests" whatever it says).
std::string tests_label(const ConversationTests& tests);

// Evaluates the verdict again when `key` changed (a panel calls it once its conversation is
// over, so the view's label says how it fared without being opened).
void evaluate_conversation_tests(const AppState& state, ConversationTests& tests, std::uint64_t key,
                                 const std::function<std::vector<std::string>()>& received, double duration_ms);

// The tests view: the assertions and captures as editable rows (saved with the script), then
// the verdict (evaluated first when `key` or the test changed, with `received()` and the chosen
// environment).
void draw_conversation_tests(AppState& state, ConversationTests& tests, std::uint64_t key,
                             const std::function<std::vector<std::string>()>& received, double duration_ms);

}  // namespace wirepad::ui
