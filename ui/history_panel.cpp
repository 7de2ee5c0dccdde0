// ui: history_panel.h.
#include "ui/history_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "shared/history_record.h"
#include "ui/byte_format.h"
#include "ui/status_colors.h"
#include "ui/text_fit.h"
#include "ui/text_search.h"

namespace wirepad::ui {

HistoryEntry history_entry(HistorySummary summary) {
  HistoryEntry entry;
  entry.experiment = std::move(summary.experiment);
  entry.environment = std::move(summary.environment);
  entry.outcome = std::move(summary.outcome);
  entry.failed = summary.failed;
  entry.total_seconds = summary.total_seconds;
  entry.bytes_received = summary.received;
  entry.target_url = std::move(summary.target_url);
  entry.remote_address = std::move(summary.remote_address);
  return entry;
}

HistoryEntry* record_exchange(History& history, const Experiment& experiment, const ExchangeLog& log,
                              unsigned long generation, const std::string& environment, int hop) {
  if (!log.finished() || generation == history.recorded_generation) return nullptr;
  return record_exchange(history, experiment, std::make_shared<const ExchangeLog>(log), generation, environment, hop);
}

HistoryEntry* record_exchange(History& history, const Experiment& experiment, std::shared_ptr<const ExchangeLog> shared,
                              unsigned long generation, const std::string& environment, int hop) {
  if (!shared || !shared->finished() || generation == history.recorded_generation) return nullptr;
  history.recorded_generation = generation;
  HistoryEntry entry = history_entry(summarize_exchange(experiment, environment, 0, *shared));
  entry.log = std::move(shared);
  entry.hop = hop;
  history.entries.push_front(std::move(entry));
  if (history.entries.size() > History::kMaxEntries) history.entries.pop_back();
  return &history.entries.front();
}

bool history_matches(const HistoryEntry& entry, const std::string& search) {
  if (search.empty()) return true;
  const RequestSpec& request = entry.experiment.request;
  std::string text = request.method + " " + request.url + " " + entry.experiment.name + " " + entry.outcome + " " +
                     entry.environment + " " + entry.experiment.socket.host;
  text += " " + entry.target_url + " " + entry.remote_address;
  return !find_all(text, search, false, 1).empty();
}

std::optional<std::size_t> draw_history_panel(History& history) {
  std::optional<std::size_t> chosen;
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputTextWithHint("##history_filter", "Search history", &history.filter);
  ImGui::BeginChild("history_list");
  if (history.entries.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("Requests you send appear here.");
    ImGui::PopStyleColor();
  }
  for (std::size_t index = 0; index < history.entries.size(); ++index) {
    const HistoryEntry& entry = history.entries[index];
    const RequestSpec& request = entry.experiment.request;
    std::string label = entry.experiment.kind == ExperimentKind::socket
                            ? "socket " + entry.experiment.socket.host + ":" + std::to_string(entry.experiment.socket.port)
                        : entry.experiment.kind == ExperimentKind::websocket
                            ? "WebSocket " + entry.experiment.websocket.url
                            : (entry.hop > 0 ? "hop " + std::to_string(entry.hop) + ": " : std::string()) + request.method + " " + request.url;
    if (!history_matches(entry, history.filter)) continue;
    ImGui::PushID(int(index));
    if (ImGui::Selectable("##entry", false, 0, ImVec2(0, ImGui::GetTextLineHeight() * 2))) chosen = index;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s\n%s in %s, %s received\nClick to open it in a new tab, with its response.", label.c_str(),
                        entry.outcome.c_str(), format_seconds(entry.total_seconds).c_str(),
                        format_size(entry.bytes_received).c_str());
    ImGui::SameLine(ImGui::GetStyle().ItemSpacing.x);
    ImGui::BeginGroup();
    // By class: a 404 is not a success because a response came back (ui/status_colors.h).
    ImGui::TextColored(outcome_color(outcome_class(entry)), "%s", entry.outcome.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", format_seconds(entry.total_seconds).c_str());
    text_fit(label);  // a long URL ends in "..." (the row's tooltip has it whole)
    ImGui::EndGroup();
    ImGui::PopID();
  }
  ImGui::EndChild();
  return chosen;
}

}  // namespace wirepad::ui
