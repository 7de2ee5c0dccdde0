// ui: letter keys for shortcuts. Dear ImGui 1.86 names only the keys text editing needs
// (ImGuiKey_A, C, V, X, Y, Z); its backends index io.KeysDown by their own codes. Both our
// builds use the SDL2 backend, which indexes by SDL scancode = USB HID usage ID, a standard
// that does not change, so the UI can name the letters it needs without including SDL.
#pragma once

namespace wirepad::ui::keys {

inline constexpr int kF = 9;   // SDL_SCANCODE_F
inline constexpr int kL = 15;  // SDL_SCANCODE_L
inline constexpr int kS = 22;  // SDL_SCANCODE_S
inline constexpr int kT = 23;  // SDL_SCANCODE_T
inline constexpr int kW = 26;  // SDL_SCANCODE_W
inline constexpr int kQ = 20;  // SDL_SCANCODE_Q
inline constexpr int kBackslash = 49;  // SDL_SCANCODE_BACKSLASH
inline constexpr int kF2 = 59;  // SDL_SCANCODE_F2

}  // namespace wirepad::ui::keys
