// ui: the HTTP tab's split between the composer and the response: the response below the
// composer (the default) or beside it, right of it (wide screens), with a draggable splitter
// between them in both orientations. The orientation and each orientation's share are
// settings (ui/settings.h); View > "Response beside the composer" and Ctrl+\ switch.
// Depends on: Dear ImGui (in the .cpp).
#pragma once
#include <functional>

namespace wirepad::ui {

struct SplitLayout {
  bool beside = false;                 // the response right of the composer, else below it
  float below_ratio = kBelowDefault;   // the composer's share of the height, response below
  float beside_ratio = kBesideDefault; // the composer's share of the width, response beside
  static constexpr float kBelowDefault = 0.34f;
  static constexpr float kBesideDefault = 0.45f;
  static constexpr float kMinRatio = 0.1f, kMaxRatio = 0.9f;
  bool dragging = false;  // the splitter is held: settings wait until it is let go

  // Where the last frame put each part, in screen pixels (x, y, width, height): what the
  // tests and the screenshot script check.
  float composer_rect[4] = {};
  float response_rect[4] = {};
  float splitter_rect[4] = {};
};

// Fills the rest of the current window with the composer, the splitter and the response, each
// part drawn by its callback inside its own child window ("composer", "response"). Dragging
// the splitter changes the ratio of the current orientation; double-clicking it restores the
// default.
void draw_split(SplitLayout& layout, const std::function<void()>& composer, const std::function<void()>& response);

// Ctrl+\ : below <-> beside. Call once a frame, outside text fields' reach (any time).
void read_split_shortcut(SplitLayout& layout);

}  // namespace wirepad::ui
