// ui: events_view.h.
#include "ui/events_view.h"

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "ui/byte_format.h"
#include "ui/text_fit.h"

namespace wirepad::ui {
namespace {

const TabRun* current_run(const AppState& state) {
  auto run = state.runs.find(state.id);
  // A log re-opened from the history is not the run's: its own events only.
  if (run == state.runs.end() || run->second.generation != state.generation) return nullptr;
  return &run->second;
}

std::string first_line(const std::string& data) {
  std::size_t nl = data.find('\n');
  if (nl == std::string::npos) return data.size() > 200 ? data.substr(0, 200) + "..." : data;
  return data.substr(0, std::min<std::size_t>(nl, 200)) + " ...";
}

}  // namespace

bool has_event_stream(const AppState& state, const ExchangeLog& log) {
  if (log.sse.active) return true;
  const TabRun* run = current_run(state);
  return run && !run->sse.earlier.empty();
}

std::string pretty_event_data(const std::string& data) {
  // Ordered: the keys in the order the server sent them.
  nlohmann::ordered_json parsed = nlohmann::ordered_json::parse(data, nullptr, false);
  if (parsed.is_discarded() || !(parsed.is_object() || parsed.is_array())) return data;
  return parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void draw_events_view(AppState& state, const ExchangeLog& log) {
  EventsViewState& view = state.viewers.events;
  TabRun* run = nullptr;
  if (auto it = state.runs.find(state.id); it != state.runs.end() && it->second.generation == state.generation) run = &it->second;
  // Every connection's events, oldest first: the earlier connections' (kept by the reconnects)
  // and this one's.
  const std::vector<SseEvent>* earlier = run ? &run->sse.earlier : nullptr;
  const std::size_t before = earlier ? earlier->size() : 0;
  const std::size_t total = before + log.sse.events.size();
  const int connection = run ? run->sse.connection : 0;
  auto event_at = [&](std::size_t i) -> const SseEvent& { return i < before ? (*earlier)[i] : log.sse.events[i - before]; };

  // The stream's state in one line: what a reconnect would send, what the server asked.
  std::string summary = std::to_string(total) + (total == 1 ? " event" : " events");
  if (connection > 0) summary += " over " + std::to_string(connection + 1) + " connections";
  summary += "  |  last event id " + (log.sse.last_event_id.empty() ? std::string("(none)") : "\"" + log.sse.last_event_id + "\"");
  std::optional<std::uint64_t> retry = log.sse.retry_ms;
  if (!retry && run) retry = run->sse.retry_ms;
  summary += "  |  retry " + (retry ? std::to_string(*retry) + " ms" : std::string("(not sent)"));
  summary += "  |  " + std::to_string(log.sse.comments) + (log.sse.comments == 1 ? " comment" : " comments");
  text_fit(summary);
  if (log.sse.discarded > 0)
    ImGui::TextDisabled("The stream ended inside an event: its last %zu bytes had no blank line after them and were not dispatched.",
                        log.sse.discarded);
  if (log.sse.ignored_lines > 0)
    ImGui::TextDisabled("%zu lines ignored (unknown fields, an id with NUL, a retry that is not digits), as the spec says.",
                        log.sse.ignored_lines);
  if (log.sse.error) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1.0f), "%s", log.sse.error.message.c_str());

  // Reconnect (EventSource's behaviour, limited): a tab setting, used when the stream ends.
  ImGui::Checkbox("Reconnect with Last-Event-ID when the server closes the stream", &state.sse_reconnect);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::InputInt("times at most##sse_max", &state.sse_max_reconnects)) state.sse_max_reconnects = std::clamp(state.sse_max_reconnects, 1, 100);
  if (run) {
    for (const std::string& note : run->sse.notes) ImGui::TextDisabled("%s", note.c_str());
    if (run->sse.reconnect_at >= 0) {
      ImGui::Text("Reconnecting in %.1f s...", std::max(0.0, run->sse.reconnect_at - sse_clock()));
      ImGui::SameLine();
      if (ImGui::SmallButton("Stop reconnecting")) stop_sse_reconnect(run->sse, "stopped by the user");
    }
  }
  ImGui::Checkbox("Follow the newest event", &view.follow);
  ImGui::Separator();

  if (view.generation != state.generation && view.selected >= int(total)) view.selected = -1;
  view.generation = state.generation;
  const bool detail = view.selected >= 0 || (view.follow && total > 0);
  const float detail_height = detail ? ImGui::GetContentRegionAvail().y * 0.4f : 0.0f;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("sse_events", 6, flags, ImVec2(0, -detail_height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    // Fixed widths wide enough for "99999" and "999.99 s #9": the rows are clipped, so the
    // columns cannot size themselves from every row.
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("99999").x);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("999.99 ms #9").x);
    ImGui::TableSetupColumn("event", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("data", ImGuiTableColumnFlags_WidthStretch, 4.0f);
    ImGui::TableSetupColumn("byte", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(total));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const SseEvent& e = event_at(std::size_t(i));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string label = std::to_string(i + 1) + "##sse_row" + std::to_string(i);
        if (ImGui::Selectable(label.c_str(), view.selected == i, ImGuiSelectableFlags_SpanAllColumns))
          view.selected = view.selected == i ? -1 : i;
        ImGui::TableNextColumn();
        // Seconds from the start of the event's own connection (the Timeline's clock).
        std::string at = format_seconds(e.at);
        if (e.connection > 0 || connection > 0) at += " #" + std::to_string(e.connection + 1);
        ImGui::TextUnformatted(at.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.type.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.id.c_str());
        ImGui::TableNextColumn();
        std::string line = first_line(e.data);
        ImGui::TextUnformatted(line.c_str());
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%zu", e.offset);
      }
    }
    if (view.follow && total > view.seen) ImGui::SetScrollHereY(1.0f);
    view.seen = total;
    ImGui::EndTable();
  }
  if (total == 0) ImGui::TextDisabled(log.finished() ? "The stream ended without an event." : "Waiting for the first event...");
  // The detail pane: the selected event, or (following) the newest one.
  const int shown = view.selected >= 0 ? view.selected : view.follow && total > 0 ? int(total) - 1 : -1;
  if (shown >= 0 && std::size_t(shown) < total) {
    const SseEvent& e = event_at(std::size_t(shown));
    ImGui::Separator();
    ImGui::Text("Event %d: %s, id %s%s, %zu bytes of data at body byte %zu", shown + 1, e.type.c_str(),
                e.id.empty() ? "(none)" : e.id.c_str(), e.retry_ms ? (", retry " + std::to_string(*e.retry_ms) + " ms").c_str() : "",
                e.data.size(), e.offset);
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy data")) ImGui::SetClipboardText(e.data.c_str());
    if (view.pretty_for != shown || view.pretty_generation != state.generation) {
      view.pretty = pretty_event_data(e.data);
      view.pretty_for = shown;
      view.pretty_generation = state.generation;
    }
    ImGui::BeginChild("sse_event_data", ImVec2(0, 0), true);
    ImGui::TextUnformatted(view.pretty.data(), view.pretty.data() + view.pretty.size());
    ImGui::EndChild();
  }
}

}  // namespace wirepad::ui
