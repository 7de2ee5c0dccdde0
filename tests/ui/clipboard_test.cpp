// ui/clipboard: a copy larger than a system clipboard takes is refused with a note, not
// handed to the backend (under X11 it made Xlib exit the process); smaller ones pass through.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "headless_imgui.h"
#include "ui/clipboard.h"

using namespace wirepad;

namespace {
std::vector<std::size_t> g_copied;  // sizes the backend received
void recording_backend(void*, const char* text) { g_copied.push_back(std::string(text).size()); }
}  // namespace

TEST_CASE("clipboard guard: a copy over 8 MiB is refused with a note, smaller ones reach the backend",
          "[ui][clipboard]") {
  test::HeadlessImGui gui;
  ui::AppState state;
  g_copied.clear();
  ImGui::GetIO().SetClipboardTextFn = recording_backend;
  ui::guard_clipboard(state);
  ui::guard_clipboard(state);  // twice: still one guard, still the real backend behind it

  ImGui::SetClipboardText("hello");
  REQUIRE(g_copied.size() == 1);
  CHECK(g_copied[0] == 5);
  CHECK(state.viewers.clipboard_note.empty());

  const std::string big(ui::kMaxClipboardBytes + 1, 'x');
  ImGui::SetClipboardText(big.c_str());
  CHECK(g_copied.size() == 1);  // not passed on
  CHECK(state.viewers.clipboard_note ==
        "copy refused: 8,388,609 bytes is over the clipboard's 8.0 MiB (File > Export saves it as HAR)");

  const std::string limit(ui::kMaxClipboardBytes, 'y');
  ImGui::SetClipboardText(limit.c_str());
  REQUIRE(g_copied.size() == 2);
  CHECK(g_copied[1] == ui::kMaxClipboardBytes);
  CHECK(state.viewers.clipboard_note.empty());  // the next copy that works clears the note
}
