// ui: what the composer's Params, Headers, Body and Tests tabs remember between frames (caches,
// pending file picks, the Tests tab's editors), kept per tab in TabState. Not part of the
// request: never saved.
// Depends on: shared/request_resolve.h, shared/test_spec.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "shared/request_resolve.h"
#include "shared/test_spec.h"

namespace wirepad::ui {

// The Tests tab's editors between frames (ui/composer_tests_tab.h). Each list has one row of
// fields that adds a row, or, after Edit, replaces the row loaded into it.
struct AssertionFields {
  int subject = 0;  // AssertSubject
  int op = 0;       // AssertOp
  std::string selector, expected, label;  // expected as typed: 200, 2xx, "200", [200, 299]
  int message = 0;  // a conversation's: which message received (Assertion::message; 0 the last)
};
struct CaptureFields {
  int from = 0;  // CaptureSource
  std::string variable, selector;
  int group = 1;  // regex
  bool secret = false;
  int message = 0;  // a conversation's: which message received (Capture::message; 0 the last)
};
template <class Row, class Fields>
struct RowEditor {
  Fields fields;
  int editing = -1;    // the row loaded into the fields (Update replaces it); -1: they add one
  Row was;             // that row as loaded: Update finds it by this, or refuses when it is gone
  Fields draft;        // what the fields held before Edit (Update and Cancel put it back)
  std::string error;   // why the last Add or Update was refused
};
using AssertionEditor = RowEditor<Assertion, AssertionFields>;
using CaptureEditor = RowEditor<Capture, CaptureFields>;

struct TestsTabInput {
  AssertionEditor assertion;  // "assert"
  CaptureEditor capture;      // "capture"
  // "skip_if": the row that adds a condition.
  std::string condition_variable, condition_value;
  int condition_op = 0;  // exists, not_exists, ==, !=
  std::string condition_error;
  // "repeat_until": its assertions, and while it is on without any (not saved: the file needs
  // one), or off, what it had, so turning it on again brings it back.
  AssertionEditor until;
  bool repeat_open = false;
  RepeatUntil repeat_draft;
};

struct ComposerTabsView {
  TestsTabInput tests;
  // The headers Wirepad adds (Headers tab): computed again only when the request's
  // fingerprint changes, so a large body is not encoded every frame.
  std::uint64_t added_key = 0;
  bool added_valid = false;
  std::vector<AddedHeader> added;
  std::uint64_t body_edits = 0;  // the Body tab counts its edits (a long body is fingerprinted by it)
  // The raw JSON body's check (Body tab), redone when the body is edited or replaced.
  std::uint64_t json_key = 0;
  bool json_valid = false;
  std::string json_error;   // "" when the body is valid JSON
  std::string beautify_note;  // what the last Beautify said when it could not
  // GraphQL variables' check.
  std::uint64_t graphql_key = 0;
  bool graphql_valid = false;
  std::string graphql_error;
};

}  // namespace wirepad::ui
