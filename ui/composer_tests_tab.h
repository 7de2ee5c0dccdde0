// ui: the composer's Tests tab: the experiment's assertions and captures ("test",
// docs/assertions.md) as rows (on/off, what it checks, remove) and a row to add one, checked
// as the file reader checks it (an operator the subject does not take, a JSONPath, XPath or regex
// that does not compile: the reason shown, nothing added); "skip" too. The response panel's
// Tests tab (evaluate_front_tests) shows how the last response fared. No I/O.
// Depends on: ui/app.h, shared/test_spec.h; Dear ImGui in the .cpp.
#pragma once
#include <string>

#include "ui/app.h"
#include "ui/composer_view_state.h"

namespace wirepad::ui {


// "Tests (3)" with the count of assertions and captures.
int tests_tab_count(const TabState& state);
void draw_tests_tab(AppState& state, TestsTabInput& input);
// The front tab's test against its shown response, once per exchange (generation), into
// state.test_results / capture_results. `log`: the response shown (nullptr: none).
void evaluate_front_tests(AppState& state, const ExchangeLog* log);
// The response panel's Tests tab body: each assertion's verdict with expected and actual.
void draw_test_results(const AppState& state);

}  // namespace wirepad::ui
