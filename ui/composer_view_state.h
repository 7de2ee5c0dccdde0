// ui: what the composer's Params, Headers and Body tabs remember between frames (caches and
// pending file picks), kept per tab in TabState. Not part of the request: never saved.
// Depends on: shared/request_resolve.h.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "shared/request_resolve.h"

namespace wirepad::ui {

// The Tests tab's add rows between frames (ui/composer_tests_tab.h).
struct TestsTabInput {
  int subject = 0;   // AssertSubject
  int op = 0;        // AssertOp
  std::string selector, expected;
  int capture_from = 0;  // CaptureSource
  std::string capture_variable, capture_selector;
  bool capture_secret = false;
  std::string error;  // why the last add was refused
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
