// ui: letter keys for shortcuts. Dear ImGui 1.86 names only the keys text editing needs
// (ImGuiKey_A, C, V, X, Y, Z); its backends index io.KeysDown by their own codes. Both our
// builds use the SDL2 backend, which indexes by SDL scancode = USB HID usage ID, a standard
// that does not change, so the UI can name the letters it needs without including SDL.
#pragma once

namespace wirepad::ui::keys {

inline constexpr int kF = 9;   // SDL_SCANCODE_F
inline constexpr int kL = 15;  // SDL_SCANCODE_L

}  // namespace wirepad::ui::keys
