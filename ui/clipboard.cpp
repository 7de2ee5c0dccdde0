// ui: clipboard.h.
#include "ui/clipboard.h"

#include <imgui.h>

#include <cstring>

#include "ui/body_coding.h"
#include "ui/byte_format.h"

namespace wirepad::ui {
namespace {

// One ImGui context per process: the function the build installed, and whose note to set.
void (*g_inner)(void* user_data, const char* text) = nullptr;
AppState* g_state = nullptr;

void guarded_set_clipboard(void* user_data, const char* text) {
  const std::size_t size = std::strlen(text);
  if (size > kMaxClipboardBytes) {
    if (g_state)
      g_state->viewers.clipboard_note = "copy refused: " + group_digits(size) + " bytes is over the clipboard's " +
                                        format_size(kMaxClipboardBytes) + " (File > Export saves it as HAR)";
    return;
  }
  if (g_state) g_state->viewers.clipboard_note.clear();
  if (g_inner) g_inner(user_data, text);
}

}  // namespace

void guard_clipboard(AppState& state) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.SetClipboardTextFn == guarded_set_clipboard) return;  // already guarded
  g_inner = io.SetClipboardTextFn;
  g_state = &state;
  io.SetClipboardTextFn = guarded_set_clipboard;
}

}  // namespace wirepad::ui
