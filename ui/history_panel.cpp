// ui: history_panel.h.
#include "ui/history_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/byte_format.h"
#include "ui/text_search.h"

namespace wirepad::ui {

void record_exchange(History& history, const Experiment& experiment, const ExchangeLog& log, unsigned long generation,
                     int hop) {
  if (!log.finished() || generation == history.recorded_generation) return;
  history.recorded_generation = generation;
  HistoryEntry entry;
  entry.experiment = experiment;
  if (log.phase == Phase::done) {
    entry.outcome = std::to_string(log.response.status) + " " + log.response.reason;
  } else {
    entry.outcome = std::string(to_string(log.error.code));
    entry.failed = true;
  }
  entry.total_seconds = log.timings.total;
  entry.bytes_received = log.bytes_received.size();
  entry.hop = hop;
  history.entries.push_front(std::move(entry));
  if (history.entries.size() > History::kMaxEntries) history.entries.pop_back();
}

std::optional<Experiment> draw_history_panel(History& history) {
  std::optional<Experiment> chosen;
  ImGui::TextDisabled("History");
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputTextWithHint("##history_filter", "Filter", &history.filter);
  ImGui::BeginChild("history_list");
  if (history.entries.empty()) ImGui::TextDisabled("Requests you send appear here.");
  int index = 0;
  for (const HistoryEntry& entry : history.entries) {
    const HttpRequest& request = entry.experiment.request;
    std::string label = (entry.hop > 0 ? "hop " + std::to_string(entry.hop) + ": " : std::string()) + request.method +
                        " " + request.url;
    if (!history.filter.empty() && find_all(label + " " + entry.outcome, history.filter, false, 1).empty()) continue;
    ImGui::PushID(index++);
    if (ImGui::Selectable("##entry", false, 0, ImVec2(0, ImGui::GetTextLineHeight() * 2))) chosen = entry.experiment;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s in %s, %s received\nClick to put this request back in the composer.", label.c_str(),
                        entry.outcome.c_str(), format_seconds(entry.total_seconds).c_str(),
                        format_size(entry.bytes_received).c_str());
    ImGui::SameLine(ImGui::GetStyle().ItemSpacing.x);
    ImGui::BeginGroup();
    ImGui::TextColored(entry.failed ? ImVec4(1.0f, 0.45f, 0.42f, 1) : ImVec4(0.45f, 0.85f, 0.45f, 1), "%s",
                       entry.outcome.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", format_seconds(entry.total_seconds).c_str());
    ImGui::TextUnformatted(label.c_str());
    ImGui::EndGroup();
    ImGui::PopID();
  }
  ImGui::EndChild();
  return chosen;
}

}  // namespace wirepad::ui
