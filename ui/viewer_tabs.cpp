// ui: viewer_tabs.h.
#include "ui/viewer_tabs.h"

#include <imgui.h>

#include "ui/events_view.h"
#include "ui/h2_frames_view.h"
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
  // An event stream: its Events tab first, brought forward once per stream (on the first
  // connection; a reconnect keeps whatever tab the user chose).
  if (has_event_stream(state, log)) {
    ImGuiTabItemFlags events_flags = flags("Events");
    auto run = state.runs.find(state.id);
    bool first_connection = run == state.runs.end() || run->second.sse.connection == 0;
    if (v.events.shown_generation != state.generation && log.sse.active) {
      v.events.shown_generation = state.generation;
      if (first_connection) events_flags |= ImGuiTabItemFlags_SetSelected;
    }
    if (ImGui::BeginTabItem("Events", nullptr, events_flags)) {
      draw_events_view(state, log);
      ImGui::EndTabItem();
    }
  }
  if (log.http2.used && ImGui::BeginTabItem("Frames", nullptr, flags("Frames"))) {  // HTTP/2 (ui/h2_frames_view.h)
    draw_h2_frames_view(v.h2_frames, log, state.generation);
    ImGui::EndTabItem();
  }
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
