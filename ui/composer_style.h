// ui: the composer's colours and its visual hierarchy, applied with style pushes that end with
// the composer (never global theme edits: other panels keep the theme's look). One primary
// action (Send, filled accent), the method in its colour, secondary buttons subdued. Each
// colour has a shade for the dark theme and one for the light theme, picked from the current
// window background, so both read clearly.
// Depends on: Dear ImGui (types only in this header: ImVec4 by forward declaration).
#pragma once
#include <string_view>

struct ImVec4;

namespace wirepad::ui {

// True when the current style's window background is dark (the dark theme).
bool composer_dark_theme();

// GET green, POST amber, PUT blue, PATCH purple, DELETE red, HEAD/OPTIONS grey; any other
// method the theme's text colour. Case-sensitive, as methods are (RFC 9110 §9.1).
ImVec4 method_color(std::string_view method);

// {{variables}} in text: one colour when the active environment defines them, another
// (orange-red) when it does not.
ImVec4 known_variable_color();
ImVec4 unknown_variable_color();
ImVec4 composer_error_color();
ImVec4 composer_notice_color();

// Scoped style pushes. Each pops what it pushed when it goes out of scope.
// The primary action: a filled accent button (Send) or a red one (Cancel while in flight).
struct PrimaryButtonStyle {
  explicit PrimaryButtonStyle(bool danger);
  ~PrimaryButtonStyle();
  PrimaryButtonStyle(const PrimaryButtonStyle&) = delete;
  PrimaryButtonStyle& operator=(const PrimaryButtonStyle&) = delete;
};
// Secondary buttons (+ Header, Remove x, Beautify...): neutral frames that do not compete with
// Send, and the composer's tab bar with a clear selected tab. Pushed around the composer's tabs.
struct SecondaryControlsStyle {
  SecondaryControlsStyle();
  ~SecondaryControlsStyle();
  SecondaryControlsStyle(const SecondaryControlsStyle&) = delete;
  SecondaryControlsStyle& operator=(const SecondaryControlsStyle&) = delete;
};
// The URL bar's row: taller frames than the rest of the composer, so it reads as the heading.
struct UrlBarRowStyle {
  UrlBarRowStyle();
  ~UrlBarRowStyle();
  UrlBarRowStyle(const UrlBarRowStyle&) = delete;
  UrlBarRowStyle& operator=(const UrlBarRowStyle&) = delete;
};

}  // namespace wirepad::ui
