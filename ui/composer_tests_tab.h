// ui: the composer's Tests tab: the experiment's "test" (docs/assertions.md) edited in the app.
// Assertions and captures as rows (on/off, Edit or a double click, remove) over one row of
// fields that adds a row, or replaces the row loaded into it (Update, Cancel); skip_if's
// conditions; repeat_until's assertions, max attempts and delay; "skip". Each is checked as the
// file reader checks it (an operator the subject does not take, a JSONPath, XPath or regex
// that does not compile, a variable name: the reason shown, nothing changed), so a saved tab
// reads back the same. The response panel's Tests tab (evaluate_front_tests) shows how the
// last response fared. No I/O. skip_if and repeat_until: composer_tests_flow.cpp.
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
