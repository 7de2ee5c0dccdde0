// ui/composer_tests_tab, ui/composer_tests_flow: the composer's Tests tab edited through ImGui
// frames with no window, clicks and typing as a user makes them, over a real workspace folder:
// a row edited in place (Update, an invalid edit refused, Cancel, a double click), the edit
// following its row when another is removed and ending when its own is, a capture edited,
// skip_if conditions added and removed, repeat_until turned on with an assertion and its max
// attempts, and the tab saved: the file's "test" read back equals what was edited. And the row
// editor's logic alone (ui/composer_tests_edit.h): its row found by value in a reordered list.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <imgui_internal.h>  // the Tests tab's scroll (reveal)
#include <string_view>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "posix/workspace_store.h"
#include "shared/experiment.h"
#include "ui/app.h"
#include "ui/composer_tests_edit.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;
namespace fs = std::filesystem;

namespace {

// A workspace folder holding one experiment, "t.json", opened in the app with the composer's
// Tests tab in front.
struct TestsTab {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state;
  fs::path dir;
  std::unique_ptr<posix::FileWorkspaceStore> store;

  explicit TestsTab(const std::string& test) {
    char pattern[] = "/tmp/wirepad-tests-tab-XXXXXX";
    dir = ::mkdtemp(pattern);
    std::ofstream(dir / "t.json", std::ios::binary)
        << R"({"wirepad": 4, "kind": "http", "name": "t", "request": {"method": "GET", "url": "http://127.0.0.1:1/"}, "test": )"
        << test << "}\n";
    auto opened = posix::FileWorkspaceStore::open(dir.string());
    REQUIRE(opened);
    store = std::move(opened.value());
    platform.set_workspace(store.get());
    ui::open_workspace(state, *store);
    ui::open_workspace_file(state, *store, "t.json");
    gui.frames(state, platform, 2);
    REQUIRE_FALSE(ui::tab_dirty(state));
    click("composer.tests_tab");
  }
  ~TestsTab() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  // Draws from fresh item positions (an item no longer drawn leaves none).
  void redraw() {
    state.io.buttons.clear();
    gui.frames(state, platform, 2);
  }
  bool shown(const std::string& item) {
    redraw();
    return state.io.buttons.count(item) == 1;
  }
  // The Tests tab scrolls (the composer is a strip above the response): an item of it is
  // scrolled into view first, as a user would.
  void reveal(const std::string& item) {
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (!w->Active || std::string_view(w->Name).find("/tests_scroll") == std::string_view::npos) continue;
      const float y = state.io.buttons.at(item)[1], top = w->Pos.y + 8, bottom = w->Pos.y + w->Size.y - 8;
      if (y >= top && y <= bottom) return;
      ImGui::SetScrollY(w, w->Scroll.y + y - (top + bottom) / 2);
      REQUIRE(shown(item));
      return;
    }
  }
  void click(const std::string& item, bool scroll = true) {
    INFO("item " << item);
    REQUIRE(shown(item));
    if (scroll && item.rfind("tests.", 0) == 0) reveal(item);
    const auto at = state.io.buttons.at(item);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(at[0], at[1]);
    gui.frame(state, platform);
    io.MouseDown[0] = true;
    gui.frame(state, platform);
    io.MouseDown[0] = false;
    gui.frame(state, platform);
  }
  void double_click(const std::string& item) {
    click(item);
    ImGuiIO& io = ImGui::GetIO();  // the second press at once, where the first was
    io.MouseDown[0] = true;
    gui.frame(state, platform);
    io.MouseDown[0] = false;
    gui.frames(state, platform, 2);
  }
  // Replaces a field's text (Ctrl+A, then the characters), then leaves it with Enter.
  void type(const std::string& field, const std::string& text) {
    click(field);
    gui.press(state, platform, ImGuiKey_A, true);
    ImGui::GetIO().AddInputCharactersUTF8(text.c_str());
    gui.frames(state, platform, 2);
    gui.press(state, platform, ImGuiKey_Enter, false);
    ImGui::GetIO().MousePos = ImVec2(1, 1);
  }
  void choose(const std::string& combo, const std::string& choice) {
    click(combo);
    click(combo + "." + choice, false);  // in the combo's popup, over the tab
  }
  ui::TestsTabInput& input() { return state.composer_view.tests; }
  // What the tab saves, read back by the file reader.
  TestSpec saved_and_read_back() {
    REQUIRE(ui::save_front_tab(state, *store));
    Result<std::string> text = store->read("t.json");
    REQUIRE(text);
    Result<Experiment> read = parse_experiment(text.value());
    INFO(text.value());
    REQUIRE(read);
    return read->test;
  }
};

Assertion assertion(AssertSubject subject, std::string selector, AssertOp op, std::string expected, bool enabled = true) {
  Assertion a;
  a.subject = subject;
  a.selector = std::move(selector);
  a.op = op;
  a.expected = std::move(expected);
  a.enabled = enabled;
  return a;
}

const char* const kThree = R"({"assert": [
    {"subject": "status", "op": "class", "value": "2xx"},
    {"subject": "header", "name": "Content-Type", "op": "contains", "value": "json", "enabled": false},
    {"subject": "json", "path": "$.id", "op": "==", "value": 1, "label": "the id"}]})";

}  // namespace

TEST_CASE("Tests tab: Edit loads a row, Update replaces it in place, an invalid edit changes nothing, Cancel",
          "[ui][tests_tab]") {
  TestsTab t(kThree);
  const std::vector<Assertion> before = t.state.test.assertions;
  REQUIRE(before.size() == 3);
  CHECK(t.shown("tests.assert.add"));
  CHECK_FALSE(t.shown("tests.assert.update"));

  // Something half typed in the add row waits while a row is edited.
  t.type("tests.assert.label", "draft");
  t.click("tests.assert.edit.1");
  const ui::AssertionEditor& editor = t.input().assertion;
  CHECK(editor.editing == 1);
  CHECK(editor.fields.subject == int(AssertSubject::header));
  CHECK(editor.fields.selector == "Content-Type");
  CHECK(editor.fields.op == int(AssertOp::contains));
  CHECK(editor.fields.expected == "json");  // as it would be typed, not "\"json\""
  CHECK(editor.fields.label.empty());
  CHECK(t.shown("tests.assert.update"));
  CHECK(t.shown("tests.assert.cancel"));
  CHECK_FALSE(t.shown("tests.assert.add"));

  // Valid: replaced where it was, still off, the others untouched, the tab unsaved.
  t.type("tests.assert.expected", "xml");
  t.click("tests.assert.update");
  REQUIRE(t.state.test.assertions.size() == 3);
  CHECK(t.state.test.assertions[0] == before[0]);
  CHECK(t.state.test.assertions[1] == assertion(AssertSubject::header, "Content-Type", AssertOp::contains, "\"xml\"", false));
  CHECK(t.state.test.assertions[2] == before[2]);
  CHECK(ui::tab_dirty(t.state));
  CHECK(editor.editing == -1);
  CHECK(editor.fields.label == "draft");  // the add row as it was
  CHECK(t.shown("tests.assert.add"));

  // Invalid (a JSONPath that does not compile): the reason shown, nothing changed, still editing.
  const std::vector<Assertion> edited = t.state.test.assertions;
  t.click("tests.assert.edit.2");
  CHECK(editor.fields.selector == "$.id");
  CHECK(editor.fields.expected == "1");
  CHECK(editor.fields.label == "the id");
  t.type("tests.assert.selector", "$.[");
  t.click("tests.assert.update");
  CHECK(t.state.test.assertions == edited);
  CHECK(editor.editing == 2);
  CHECK_FALSE(editor.error.empty());
  CHECK(editor.error.find("path") != std::string::npos);
  // An operator the subject does not take, chosen from the combo.
  t.type("tests.assert.selector", "$.id");
  t.choose("tests.assert.op", "class");
  t.click("tests.assert.update");
  CHECK(t.state.test.assertions == edited);
  CHECK(editor.error.find("class") != std::string::npos);

  // Cancel: the row as it was, the add row back.
  t.click("tests.assert.cancel");
  CHECK(editor.editing == -1);
  CHECK(editor.error.empty());
  CHECK(editor.fields.label == "draft");
  CHECK(t.state.test.assertions == edited);

  // A double click on a row edits it; Update with nothing changed leaves it as it was (the
  // string "2xx" loaded as 2xx, written back as "2xx").
  t.double_click("tests.assert.row.0");
  CHECK(editor.editing == 0);
  CHECK(editor.fields.expected == "2xx");
  t.click("tests.assert.update");
  CHECK(t.state.test.assertions == edited);
}

TEST_CASE("Tests tab: removing a row while another is edited never updates the wrong row", "[ui][tests_tab]") {
  TestsTab t(kThree);
  const ui::AssertionEditor& editor = t.input().assertion;
  // A row above the edited one removed: the edit follows its row.
  t.click("tests.assert.edit.2");
  t.click("tests.assert.remove.0");
  REQUIRE(t.state.test.assertions.size() == 2);
  CHECK(editor.editing == 1);
  t.type("tests.assert.expected", "2");
  t.click("tests.assert.update");
  REQUIRE(t.state.test.assertions.size() == 2);
  CHECK(t.state.test.assertions[0].subject == AssertSubject::header);
  CHECK(t.state.test.assertions[0].expected == "\"json\"");
  CHECK(t.state.test.assertions[1].selector == "$.id");
  CHECK(t.state.test.assertions[1].expected == "2");

  // The edited row removed: the edit ends, Update is gone, the other row untouched.
  t.click("tests.assert.edit.0");
  t.type("tests.assert.expected", "html");
  t.click("tests.assert.remove.0");
  CHECK(editor.editing == -1);
  CHECK_FALSE(t.shown("tests.assert.update"));
  REQUIRE(t.state.test.assertions.size() == 1);
  CHECK(t.state.test.assertions[0].selector == "$.id");
  CHECK(t.state.test.assertions[0].expected == "2");

  // The list replaced under the edit (the file reloaded): Update refuses, nothing changes.
  t.click("tests.assert.edit.0");
  t.type("tests.assert.expected", "3");
  t.state.test.assertions = {assertion(AssertSubject::status, "", AssertOp::eq, "404")};
  t.click("tests.assert.update");
  CHECK(t.state.test.assertions == std::vector<Assertion>{assertion(AssertSubject::status, "", AssertOp::eq, "404")});
  CHECK(editor.editing == -1);
  CHECK(editor.error.find("no longer in the list") != std::string::npos);
}

TEST_CASE("Tests tab: a capture edited in place, an invalid variable refused", "[ui][tests_tab]") {
  TestsTab t(R"x({"capture": [{"variable": "id", "from": "json", "path": "$.id"},
                             {"variable": "code", "from": "regex", "regex": "(\\w+)-(\\d+)", "group": 2, "secret": true},
                             {"variable": "st", "from": "status"}]})x");
  const std::vector<Capture> before = t.state.test.captures;
  REQUIRE(before.size() == 3);
  const ui::CaptureEditor& editor = t.input().capture;
  t.click("tests.capture.edit.1");
  CHECK(editor.editing == 1);
  CHECK(editor.fields.variable == "code");
  CHECK(editor.fields.from == int(CaptureSource::regex));
  CHECK(editor.fields.selector == "(\\w+)-(\\d+)");
  CHECK(editor.fields.group == 2);
  CHECK(editor.fields.secret);

  t.type("tests.capture.variable", "a b");
  t.click("tests.capture.update");
  CHECK(t.state.test.captures == before);
  CHECK(editor.error.find("not a variable name") != std::string::npos);
  // A group the regex does not have.
  t.type("tests.capture.variable", "serial");
  t.type("tests.capture.group", "3");
  CHECK(editor.fields.group == 3);
  t.click("tests.capture.update");
  CHECK(t.state.test.captures == before);
  CHECK(editor.error.find("group 3") != std::string::npos);

  t.type("tests.capture.group", "1");
  t.click("tests.capture.update");
  REQUIRE(t.state.test.captures.size() == 3);
  CHECK(t.state.test.captures[0] == before[0]);
  CHECK(t.state.test.captures[1] == Capture{"serial", CaptureSource::regex, "(\\w+)-(\\d+)", 1, true});
  CHECK(t.state.test.captures[2] == before[2]);
  CHECK(editor.editing == -1);
  CHECK(ui::tab_dirty(t.state));
  CHECK(t.saved_and_read_back().captures == t.state.test.captures);
}

TEST_CASE("Tests tab: skip_if conditions added and removed, the variable checked as the file reader does",
          "[ui][tests_tab]") {
  TestsTab t(R"({"skip_if": [{"variable": "token", "op": "exists"}]})");
  REQUIRE(t.state.test.skip_if.size() == 1);
  t.type("tests.skip_if.variable", "{{ env }}");  // the braces are not the name
  t.choose("tests.skip_if.op", "==");
  t.type("tests.skip_if.value", "prod");
  t.click("tests.skip_if.add");
  REQUIRE(t.state.test.skip_if.size() == 2);
  CHECK(t.state.test.skip_if[1] == VariableCondition{"env", AssertOp::eq, "prod"});
  CHECK(ui::tab_dirty(t.state));

  t.type("tests.skip_if.variable", "user id");
  t.click("tests.skip_if.add");
  CHECK(t.state.test.skip_if.size() == 2);
  CHECK(t.input().condition_error.find("is not a variable name") != std::string::npos);

  t.type("tests.skip_if.variable", "user.id");
  t.choose("tests.skip_if.op", "not_exists");
  CHECK_FALSE(t.shown("tests.skip_if.value"));  // not_exists takes no value
  t.click("tests.skip_if.add");
  REQUIRE(t.state.test.skip_if.size() == 3);
  CHECK(t.state.test.skip_if[2] == VariableCondition{"user.id", AssertOp::not_exists, ""});
  CHECK(t.input().condition_error.empty());

  t.click("tests.skip_if.remove.0");
  CHECK(t.state.test.skip_if ==
        std::vector<VariableCondition>{{"env", AssertOp::eq, "prod"}, {"user.id", AssertOp::not_exists, ""}});
  CHECK(t.saved_and_read_back().skip_if == t.state.test.skip_if);
}

TEST_CASE("Tests tab: repeat_until turned on with an assertion, max attempts and delay in the file reader's ranges",
          "[ui][tests_tab]") {
  TestsTab t(R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})");
  CHECK_FALSE(t.state.test.repeat);
  CHECK_FALSE(t.shown("tests.repeat.max_attempts"));
  t.click("tests.repeat");
  // On, with nothing to wait for yet: not in the test (the file would not read back).
  CHECK(t.shown("tests.repeat.max_attempts"));
  CHECK_FALSE(t.state.test.repeat);
  CHECK_FALSE(ui::tab_dirty(t.state));

  // An invalid assertion is refused in this list too.
  t.choose("tests.until.subject", "json");
  t.type("tests.until.selector", "$.state");
  t.choose("tests.until.op", "in_range");
  t.type("tests.until.expected", "done");
  t.click("tests.until.add");
  CHECK_FALSE(t.state.test.repeat);
  CHECK_FALSE(t.input().until.error.empty());

  t.choose("tests.until.op", "==");
  t.click("tests.until.add");
  REQUIRE(t.state.test.repeat);
  const Assertion done = assertion(AssertSubject::json, "$.state", AssertOp::eq, "\"done\"");
  CHECK(t.state.test.repeat->until == std::vector<Assertion>{done});
  CHECK(t.state.test.repeat->max_attempts == 10);
  CHECK(ui::tab_dirty(t.state));
  CHECK(t.state.test.assertions.size() == 1);  // the other list untouched

  t.type("tests.repeat.max_attempts", "5000");
  CHECK(t.state.test.repeat->max_attempts == 1000);
  t.type("tests.repeat.max_attempts", "0");
  CHECK(t.state.test.repeat->max_attempts == 1);
  t.type("tests.repeat.max_attempts", "30");
  CHECK(t.state.test.repeat->max_attempts == 30);
  t.type("tests.repeat.delay_ms", "700000");
  CHECK(t.state.test.repeat->delay_ms == 600000);
  t.type("tests.repeat.delay_ms", "250");
  CHECK(t.state.test.repeat->delay_ms == 250);

  // Saved and read back the same.
  const TestSpec edited = t.state.test;
  CHECK(t.saved_and_read_back() == edited);
  CHECK_FALSE(ui::tab_dirty(t.state));

  // Its last assertion removed: out of the test again; off and on brings it back.
  t.click("tests.until.remove.0");
  CHECK_FALSE(t.state.test.repeat);
  CHECK(t.shown("tests.repeat.max_attempts"));
  t.type("tests.until.expected", "done");  // the rest of the fields stayed after the add
  t.click("tests.until.add");
  REQUIRE(t.state.test.repeat);
  CHECK(t.state.test.repeat->max_attempts == 30);
  t.click("tests.repeat");
  CHECK_FALSE(t.state.test.repeat);
  CHECK_FALSE(t.shown("tests.repeat.max_attempts"));
  t.click("tests.repeat");
  REQUIRE(t.state.test.repeat);
  CHECK(*t.state.test.repeat == *edited.repeat);
}

TEST_CASE("Tests tab: a tab edited everywhere is saved and reopened with the same test", "[ui][tests_tab]") {
  TestsTab t(kThree);
  t.click("tests.assert.edit.0");
  t.type("tests.assert.expected", "[200, 204]");
  t.choose("tests.assert.op", "in_range");
  t.click("tests.assert.update");
  REQUIRE(t.state.test.assertions.size() == 3);
  CHECK(t.state.test.assertions[0] == assertion(AssertSubject::status, "", AssertOp::in_range, "[200,204]"));
  t.type("tests.capture.variable", "ctype");
  t.choose("tests.capture.from", "header");
  t.type("tests.capture.selector", "Content-Type");
  t.click("tests.capture.add");
  t.type("tests.skip_if.variable", "done");
  t.click("tests.skip_if.add");
  t.click("tests.repeat");
  t.click("tests.until.add");  // its own fields, not the assertion list's: status == with no value
  CHECK_FALSE(t.state.test.repeat);
  CHECK(t.input().until.error.find("needs \"value\"") != std::string::npos);
  t.type("tests.until.expected", "200");
  t.click("tests.until.add");
  REQUIRE(t.state.test.repeat);
  t.click("tests.skip");
  CHECK(t.state.test.skip);

  const TestSpec edited = t.state.test;
  CHECK(edited.captures.size() == 1);
  CHECK(edited.skip_if.size() == 1);
  CHECK(t.saved_and_read_back() == edited);
  // Reopened from the file in a new tab.
  ui::AppState reopened;
  ui::open_workspace(reopened, *t.store);
  ui::open_workspace_file(reopened, *t.store, "t.json");
  CHECK(reopened.test == edited);
}

TEST_CASE("Tests tab: the row editor finds its row by value after the list is reordered", "[ui][tests_tab]") {
  using namespace ui::tests_edit;
  const Assertion a = assertion(AssertSubject::status, "", AssertOp::eq, "200");
  const Assertion b = assertion(AssertSubject::header, "ETag", AssertOp::exists, "");
  const Assertion c = assertion(AssertSubject::body, "", AssertOp::contains, "\"ok\"");
  std::vector<Assertion> rows{a, b, c};
  ui::AssertionEditor editor;
  editor.fields.label = "typed before";
  begin_edit(editor, rows[1], 1, ui::AssertionFields{int(AssertSubject::header), int(AssertOp::exists), "ETag", "", ""});
  CHECK(editor.draft.label == "typed before");
  rows = {c, a, b};  // reordered under the edit
  CHECK(edited_row(rows, editor) == 2);
  rows[2].enabled = false;  // switched off meanwhile: still its row
  CHECK(edited_row(rows, editor) == 2);
  const Assertion now = assertion(AssertSubject::header, "ETag", AssertOp::not_exists, "");
  submit_row(rows, editor, now, [](const Assertion& old, Assertion& row) { row.enabled = old.enabled; });
  CHECK(rows == std::vector<Assertion>{c, a, assertion(AssertSubject::header, "ETag", AssertOp::not_exists, "", false)});
  CHECK(editor.editing == -1);
  CHECK(editor.fields.label == "typed before");

  // Removing rows: the edit follows its row, and ends with it.
  begin_edit(editor, rows[1], 1, ui::AssertionFields{});
  remove_row(rows, 0, editor);
  CHECK(editor.editing == 0);
  remove_row(rows, 1, editor);
  CHECK(editor.editing == 0);
  remove_row(rows, 0, editor);
  CHECK(editor.editing == -1);
  CHECK(rows.empty());
}
