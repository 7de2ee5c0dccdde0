// ui: the composer's Tests tab, its row editor's logic (no ImGui): one row of fields adds to a
// list or, after Edit, replaces the row loaded into it. The row is found again by its value
// when Update is pressed (a row removed, or the list changed under the edit, e.g. the file
// reloaded): never a row that happens to sit at the old index. Internal to
// ui/composer_tests_tab.cpp.
// Depends on: ui/composer_view_state.h (RowEditor).
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "ui/composer_view_state.h"

namespace wirepad::ui::tests_edit {

// An assertion's on/off may be switched while it is edited: it is still the same row.
inline bool same_row(const Assertion& a, const Assertion& b) {
  return a.subject == b.subject && a.selector == b.selector && a.op == b.op && a.expected == b.expected && a.label == b.label;
}
inline bool same_row(const Capture& a, const Capture& b) { return a == b; }

template <class Row, class Fields>
void begin_edit(RowEditor<Row, Fields>& editor, const Row& row, std::size_t at, Fields fields) {
  if (editor.editing < 0) editor.draft = std::move(editor.fields);
  editor.fields = std::move(fields);
  editor.editing = int(at);
  editor.was = row;
  editor.error.clear();
}

template <class Row, class Fields>
void end_edit(RowEditor<Row, Fields>& editor) {
  if (editor.editing < 0) return;
  editor.fields = std::move(editor.draft);
  editor.draft = Fields();
  editor.editing = -1;
  editor.error.clear();
}

// The row being edited, where it is now; -1 when it is gone.
template <class Row, class Fields>
int edited_row(const std::vector<Row>& rows, const RowEditor<Row, Fields>& editor) {
  if (editor.editing < 0) return -1;
  if (std::size_t(editor.editing) < rows.size() && same_row(rows[std::size_t(editor.editing)], editor.was)) return editor.editing;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (same_row(rows[i], editor.was)) return int(i);
  return -1;
}

// A row removed: the edit follows its row, or ends with it.
template <class Row, class Fields>
void remove_row(std::vector<Row>& rows, std::size_t at, RowEditor<Row, Fields>& editor) {
  const int edited = edited_row(rows, editor);
  rows.erase(rows.begin() + std::ptrdiff_t(at));
  if (edited == int(at)) end_edit(editor);
  else if (edited > int(at)) editor.editing = edited - 1;
}

// Add or Update: `row` is checked already. Update keeps what the editor does not show (the
// assertion's on/off) from the row it replaces.
template <class Row, class Fields, class Keep>
void submit_row(std::vector<Row>& rows, RowEditor<Row, Fields>& editor, Row row, Keep keep) {
  if (editor.editing < 0) {
    rows.push_back(std::move(row));
    editor.error.clear();
    return;
  }
  const int at = edited_row(rows, editor);
  if (at < 0) {  // the fields stay, for Add
    editor.editing = -1;
    editor.draft = Fields();
    editor.error = "The row being edited is no longer in the list: nothing was updated (Add adds these fields as a new row).";
    return;
  }
  keep(rows[std::size_t(at)], row);
  rows[std::size_t(at)] = std::move(row);
  end_edit(editor);
}

}  // namespace wirepad::ui::tests_edit
