// ui: the composer's Tests tab, what its two files share: the assertion list and its editor
// (composer_tests_tab.cpp; the "assert" list and repeat_until's use it) and the run's flow,
// skip_if and repeat_until (composer_tests_flow.cpp). Internal to them.
// Depends on: ui/app.h; Dear ImGui in the .cpp files.
#pragma once
#include <string>
#include <vector>

#include "ui/app.h"

namespace wirepad::ui {

// Where an item is, by name, for the headless tests' clicks ("tests.assert.edit.0").
void remember_tests_item(AppState& state, const std::string& name);
// A number field's text (InputInt: the last item is its group, steps and label included): a
// point just inside the field's left edge, from where the cursor was before it.
void remember_tests_field(AppState& state, const std::string& name, float left, float top);
// A combo over `names`; each choice is remembered as "name.choice" while it is open.
bool tests_combo(AppState& state, const std::string& name, int& index, const std::vector<std::string>& names, float width);

// The rows (on/off, Edit, remove; a double click edits too) and the editor row under them:
// Add, or Update and Cancel while a row is loaded. Update is checked as Add is and replaces the
// row where it is, its on/off kept; removing the row being edited ends the edit. `name` scopes
// the ImGui IDs and names the items ("tests.assert", "tests.until").
// `conversation`: a socket or WebSocket experiment's list (its subjects, and which message).
void draw_assertion_list(AppState& state, std::vector<Assertion>& rows, AssertionEditor& editor, const std::string& name,
                         bool conversation = false);
// The captures the same way ("tests.capture").
void draw_capture_list(AppState& state, std::vector<Capture>& rows, CaptureEditor& editor, const std::string& name,
                       bool conversation = false);
// Ends an edit without changing the row: the fields get back what they held before it.
void cancel_assertion_edit(AssertionEditor& editor);

// "Skip when" (skip_if) and "Repeat until" (repeat_until), in composer_tests_flow.cpp.
void draw_skip_if(AppState& state, TestsTabInput& input);
void draw_repeat_until(AppState& state, TestsTabInput& input);

}  // namespace wirepad::ui
