// ui: status_bar.h.
#include "ui/status_bar.h"

#include <imgui.h>

#include <string>

#include "ui/byte_format.h"
#include "ui/tabs.h"

namespace wirepad::ui {

float status_bar_height() { return ImGui::GetTextLineHeight() + 8.0f; }

void draw_status_bar(AppState& state, Platform& platform) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float height = status_bar_height();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x, viewport->WorkPos.y + viewport->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8.0f, 4.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::GetStyleColorVec4(ImGuiCol_MenuBarBg));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollbar;
  ImGui::Begin("##status_bar", nullptr, flags);
  with_front_exchange(state, platform, [&](const ExchangeLog* log) {
    if (!log) {
      ImGui::TextDisabled("ready");
      return;
    }
    // Light colours on the dark theme, darker ones on the light theme, so both read clearly.
    const bool dark = state.dark_theme;
    ImVec4 color = log->phase == Phase::done     ? (dark ? ImVec4(0.45f, 0.85f, 0.45f, 1.0f) : ImVec4(0.05f, 0.45f, 0.10f, 1.0f))
                   : log->phase == Phase::failed ? (dark ? ImVec4(1.0f, 0.45f, 0.42f, 1.0f) : ImVec4(0.70f, 0.10f, 0.08f, 1.0f))
                   : log->finished()             ? (dark ? ImVec4(1.0f, 0.72f, 0.30f, 1.0f) : ImVec4(0.60f, 0.35f, 0.00f, 1.0f))
                                                 : (dark ? ImVec4(0.55f, 0.75f, 1.0f, 1.0f) : ImVec4(0.10f, 0.30f, 0.70f, 1.0f));
    ImGui::TextColored(color, "%s", std::string(to_string(log->phase)).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::TextUnformatted(log->remote_address.empty() ? "(not connected)" : log->remote_address.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::Text("up %s  down %s", format_size(log->bytes_sent.size()).c_str(), format_size(log->bytes_received.size()).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::Text("total %s", format_seconds(log->timings.total).c_str());
  });
  if (!state.viewers.drop_note.empty()) {
    ImGui::SameLine();
    ImGui::TextDisabled("|  %s", state.viewers.drop_note.c_str());
  }
  if (!state.viewers.clipboard_note.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.72f, 0.30f, 1.0f), "|  %s", state.viewers.clipboard_note.c_str());
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace wirepad::ui
