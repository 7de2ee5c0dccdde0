// ui: composer_style.h.
#include "ui/composer_style.h"

#include <imgui.h>

namespace wirepad::ui {
namespace {

ImVec4 rgb(int hex, float alpha = 1.0f) {
  return ImVec4(float((hex >> 16) & 0xFF) / 255.0f, float((hex >> 8) & 0xFF) / 255.0f, float(hex & 0xFF) / 255.0f, alpha);
}
ImVec4 pick(int dark, int light) { return rgb(composer_dark_theme() ? dark : light); }

// A colour mixed toward `to` by `t` (0..1): the subdued frames are the background tinted.
ImVec4 mix(const ImVec4& from, const ImVec4& to, float t) {
  return ImVec4(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, from.z + (to.z - from.z) * t,
                from.w + (to.w - from.w) * t);
}

}  // namespace

bool composer_dark_theme() {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return 0.299f * bg.x + 0.587f * bg.y + 0.114f * bg.z < 0.5f;
}

ImVec4 method_color(std::string_view method) {
  // Light shades on the dark background, dark ones on the light (contrast >= 4.5:1 on both).
  if (method == "GET") return pick(0x5BD17A, 0x17803D);
  if (method == "POST") return pick(0xF5B041, 0xA15C00);
  if (method == "PUT") return pick(0x6AA8FF, 0x1C5FC4);
  if (method == "PATCH") return pick(0xC59BFF, 0x7B3FC4);
  if (method == "DELETE") return pick(0xFF6B6B, 0xC0262D);
  if (method == "HEAD" || method == "OPTIONS") return pick(0xA9B1BC, 0x5B6470);
  return ImGui::GetStyle().Colors[ImGuiCol_Text];
}

ImVec4 known_variable_color() { return pick(0x4FD1C5, 0x0B7A70); }
ImVec4 unknown_variable_color() { return pick(0xFF8A50, 0xC2410C); }
ImVec4 composer_error_color() { return pick(0xFF736B, 0xB3261E); }
ImVec4 composer_notice_color() { return pick(0xF5C26B, 0x8A5A00); }

PrimaryButtonStyle::PrimaryButtonStyle(bool danger) {
  const bool dark = composer_dark_theme();
  // Send: a filled indigo that none of the theme's blue pills use; Cancel: red.
  const ImVec4 base = danger ? (dark ? rgb(0xC9302C) : rgb(0xC62828)) : (dark ? rgb(0x5B4FE0) : rgb(0x4A3FD4));
  ImGui::PushStyleColor(ImGuiCol_Button, base);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, mix(base, rgb(0xFFFFFF), 0.15f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, mix(base, rgb(0x000000), 0.2f));
  ImGui::PushStyleColor(ImGuiCol_Text, rgb(0xFFFFFF));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 4.0f);
}

PrimaryButtonStyle::~PrimaryButtonStyle() {
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
}

SecondaryControlsStyle::SecondaryControlsStyle() {
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec4 bg = style.Colors[ImGuiCol_WindowBg];
  const ImVec4 text = style.Colors[ImGuiCol_Text];
  const bool dark = composer_dark_theme();
  // Buttons: the background tinted toward the text colour, a little more when hovered.
  ImGui::PushStyleColor(ImGuiCol_Button, mix(bg, text, dark ? 0.12f : 0.08f));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, mix(bg, text, dark ? 0.22f : 0.16f));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, mix(bg, text, dark ? 0.30f : 0.24f));
  // Tabs: unselected ones quiet, the selected one the accent, so where you are is plain.
  // The light theme's tab text is black: a light shade of the accent keeps it readable.
  const ImVec4 accent = dark ? rgb(0x5B4FE0) : mix(rgb(0x4A3FD4), rgb(0xFFFFFF), 0.62f);
  ImGui::PushStyleColor(ImGuiCol_Tab, mix(bg, text, dark ? 0.10f : 0.07f));
  ImGui::PushStyleColor(ImGuiCol_TabHovered, mix(accent, bg, 0.35f));
  ImGui::PushStyleColor(ImGuiCol_TabActive, accent);
  ImGui::PushStyleColor(ImGuiCol_TabUnfocusedActive, accent);
  ImGui::PushStyleColor(ImGuiCol_TabUnfocused, mix(bg, text, dark ? 0.10f : 0.07f));
}

SecondaryControlsStyle::~SecondaryControlsStyle() { ImGui::PopStyleColor(8); }

UrlBarRowStyle::UrlBarRowStyle() {
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(pad.x * 1.5f, pad.y * 2.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 4.0f);
}

UrlBarRowStyle::~UrlBarRowStyle() { ImGui::PopStyleVar(2); }

}  // namespace wirepad::ui
