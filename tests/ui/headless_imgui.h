// tests/ui: an ImGui context with a display and a font atlas and no window (ImGui's
// example_null), and key presses the way the SDL backend makes them.
#pragma once
#include <imgui.h>

#include "ui/app.h"

namespace wirepad::test {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60;
    // Named keys at 256 + ImGuiKey, clear of the letters' SDL scancodes (ui/keys.h).
    for (int key = 0; key < ImGuiKey_COUNT; ++key) io.KeyMap[key] = 256 + key;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  void frame(ui::AppState& state, ui::Platform& platform) {
    ImGui::NewFrame();
    ui::draw_app(state, platform);
    ImGui::Render();
  }
  // One panel alone in a full-screen, undecorated window named `name` (its child windows are
  // named "name/...").
  template <class Draw>
  void window_frame(const char* name, Draw draw) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration);
    draw();
    ImGui::End();
    ImGui::Render();
  }
  void frames(ui::AppState& state, ui::Platform& platform, int n) {
    for (int i = 0; i < n; ++i) frame(state, platform);
  }
  void press(ui::AppState& state, ui::Platform& platform, ImGuiKey key, bool ctrl) {
    press_index(state, platform, 256 + key, ctrl);
  }
  // Holds the key for one frame, then releases it for the next, like a real key press.
  void press_index(ui::AppState& state, ui::Platform& platform, int index, bool ctrl) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = ctrl;
    io.KeysDown[index] = true;
    frame(state, platform);
    io.KeysDown[index] = false;
    io.KeyCtrl = false;
    frame(state, platform);
  }
};

}  // namespace wirepad::test
