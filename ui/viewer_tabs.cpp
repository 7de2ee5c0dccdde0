// ui: viewer_tabs.h.
#include "ui/viewer_tabs.h"

#include <imgui.h>

#include "ui/layers_view.h"
#include "ui/preview_view.h"
#include "ui/wire_view.h"

namespace wirepad::ui {

void draw_viewer_tabs(AppState& state, const ExchangeLog& log) {
  ViewersState& v = state.viewers;
  auto flags = [&](const char* name) {
    if (v.open_tab != name) return ImGuiTabItemFlags_None;
    v.open_tab.clear();
    return ImGuiTabItemFlags_SetSelected;
  };
  if (ImGui::BeginTabItem("Wire", nullptr, flags("Wire"))) {
    draw_wire_view(v.wire, log, state.generation);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Layers", nullptr, flags("Layers"))) {
    draw_layers_view(v.layers, v.services, log, state.generation);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Preview", nullptr, flags("Preview"))) {
    draw_preview_view(v.preview, v.services, log, state.generation);
    ImGui::EndTabItem();
  }
}

}  // namespace wirepad::ui
