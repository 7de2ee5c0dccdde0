// ui: runner_panel.h. [SECTION] index: controls; summary; the list; the selected request.
#include "ui/runner_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <string>

#include "ui/status_colors.h"

namespace wirepad::ui {
namespace {

const ImVec4 kPassed(0.35f, 0.80f, 0.45f, 1), kFailed(1.0f, 0.45f, 0.42f, 1), kSkipped(0.65f, 0.65f, 0.65f, 1);

// Where the last item was drawn, by name, for the headless UI tests' clicks.
void remember_item(AppState& state, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

ImVec4 outcome_colour(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::passed: return kPassed;
    case RequestOutcome::failed:
    case RequestOutcome::error: return kFailed;
    case RequestOutcome::skipped: return kSkipped;
  }
  return kSkipped;
}

const char* outcome_word(RequestOutcome outcome) {
  switch (outcome) {
    case RequestOutcome::passed: return "PASS";
    case RequestOutcome::failed: return "FAIL";
    case RequestOutcome::error: return "ERROR";
    case RequestOutcome::skipped: return "SKIP";
  }
  return "?";
}

// [SECTION] controls ----------------------------------------------------------------------------

void draw_controls(AppState& state, Platform& platform) {
  RunnerState& r = state.runner;
  ImGui::BeginDisabled(r.running || !state.workspace.open);
  if (ImGui::Button("Run all")) r.run_requested = std::string();
  ImGui::EndDisabled();
  remember_item(state, "runner.run_all");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Every experiment of the workspace, in name order (a folder or file: right-click it in the sidebar)");
  ImGui::SameLine();
  ImGui::BeginDisabled(!r.running);
  if (ImGui::Button("Stop")) r.stop_requested = true;
  ImGui::EndDisabled();
  remember_item(state, "runner.stop");
  ImGui::SameLine();
  bool any_failed = false;
  if (r.run)
    for (const RequestResult& result : r.run->report().results)
      any_failed |= result.outcome == RequestOutcome::failed || result.outcome == RequestOutcome::error;
  ImGui::BeginDisabled(r.running || !any_failed);
  if (ImGui::Button("Rerun failed")) r.rerun_failed_requested = true;
  ImGui::EndDisabled();
  remember_item(state, "runner.rerun_failed");
  ImGui::SameLine();
  ImGui::Checkbox("Stop at first failure", &r.bail);
  remember_item(state, "runner.bail");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Off: every request runs, whatever failed before it");
  ImGui::SameLine();
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  ImGui::TextUnformatted("Data:");
  ImGui::SameLine();
  if (platform.picks_files()) {
    if (ImGui::Button("Choose CSV/JSON...")) {
      AppState* app = &state;
      platform.pick_request_file([app](std::string name) {
        if (!name.empty()) app->runner.data_file = name;
      });
    }
    ImGui::SameLine();
    if (r.data_file.empty()) ImGui::TextDisabled("none: one iteration");
    else ImGui::TextUnformatted(r.data_file.c_str());
  } else {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##data_file", "CSV or JSON file: one iteration per row", &r.data_file);
  }
  if (!r.data_file.empty()) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear")) r.data_file.clear();
  }
}

// [SECTION] summary -------------------------------------------------------------------------------

void draw_summary(AppState& state) {
  RunnerState& r = state.runner;
  if (r.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, kFailed);
    ImGui::TextWrapped("%s", r.error.message.c_str());
    ImGui::PopStyleColor();
  }
  if (!r.run) {
    ImGui::TextWrapped("Run the workspace's experiments with their assertions and captures: Run all, or right-click "
                       "a folder or file in the sidebar. Captures flow to the requests after them; the chosen "
                       "environment fills {{variables}}.");
    return;
  }
  const RunReport& report = r.run->report();
  const RunCounts c = report.counts();
  ImGui::TextUnformatted(r.title.c_str());
  ImGui::SameLine();
  if (r.running) {
    ImGui::TextDisabled("running: %d done", c.requests);
  } else {
    const char* end = r.stopped ? "stopped" : report.bailed ? "stopped at the first failure" : "finished";
    ImGui::TextDisabled("%s in %.2f s", end, r.finished_at - r.started_at);
  }
  ImGui::TextColored(c.failed + c.errors > 0 ? kFailed : kPassed, "%d passed, %d failed, %d errors, %d skipped", c.passed,
                     c.failed, c.errors, c.skipped);
  ImGui::SameLine();
  ImGui::TextDisabled("| %d assertions, %d failed | %.1f ms in requests%s", c.assertions, c.assertions_failed,
                      report.duration_ms(), report.iterations > 1 ? (" | " + std::to_string(report.iterations) + " iterations").c_str() : "");
  ImGui::SameLine();
  ImGui::Checkbox("Failures only", &r.failures_only);
}

// [SECTION] the list -------------------------------------------------------------------------------

void draw_list(AppState& state, float height) {
  RunnerState& r = state.runner;
  const std::vector<RequestResult>& results = r.run->report().results;
  std::vector<int> shown;
  shown.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const RequestOutcome o = results[i].outcome;
    if (!r.failures_only || o == RequestOutcome::failed || o == RequestOutcome::error) shown.push_back(int(i));
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("runner_results", 6, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 3.5f);
  ImGui::TableSetupColumn("request", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("sent", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6);
  ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
  ImGui::TableSetupColumn("checks", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;  // a 1,000-request run draws only the rows in view
  clipper.Begin(int(shown.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const int i = shown[std::size_t(row)];
      const RequestResult& result = results[std::size_t(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(i);
      ImGui::PushStyleColor(ImGuiCol_Text, outcome_colour(result.outcome));
      if (ImGui::Selectable(outcome_word(result.outcome), r.selected == i,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        r.selected = i;
        if (ImGui::IsMouseDoubleClicked(0)) open_runner_exchange(state, std::size_t(i));
      }
      ImGui::PopStyleColor();
      remember_item(state, "runner.row." + std::to_string(i));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click for its assertions; double-click opens the exchange in a tab");
      ImGui::PopID();
      ImGui::TableNextColumn();
      std::string name = result.name.empty() ? result.path : result.name;
      if (result.iteration > 0) name += "  #" + std::to_string(result.iteration);
      ImGui::TextUnformatted(name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s %s", result.method.c_str(), result.url.c_str());
      ImGui::TableNextColumn();
      if (result.status > 0) {
        ImGui::TextColored(outcome_color(outcome_class(result.status)), "%d %s", result.status, result.reason.c_str());
      } else {
        ImGui::TextDisabled("-");
      }
      ImGui::TableNextColumn();
      if (result.outcome == RequestOutcome::skipped) ImGui::TextDisabled("-");
      else ImGui::Text("%.1f ms", result.duration_ms);
      ImGui::TableNextColumn();
      int passed = 0;
      for (const AssertionResult& a : result.assertions) passed += a.passed ? 1 : 0;
      ImGui::Text("%d/%d", passed, int(result.assertions.size()));
    }
  }
  // While running, the newest row stays in view unless the person scrolled up.
  if (r.running && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - ImGui::GetTextLineHeightWithSpacing() * 2)
    ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

// [SECTION] the selected request --------------------------------------------------------------------

void draw_details(AppState& state) {
  RunnerState& r = state.runner;
  const std::vector<RequestResult>& results = r.run->report().results;
  if (r.selected < 0 || std::size_t(r.selected) >= results.size()) {
    ImGui::TextDisabled("Select a request to see its assertions (expected and actual) and captures.");
    return;
  }
  const RequestResult& result = results[std::size_t(r.selected)];
  ImGui::TextColored(outcome_colour(result.outcome), "%s", outcome_word(result.outcome));
  ImGui::SameLine();
  ImGui::Text("%s  (%s)", result.name.c_str(), result.path.c_str());
  ImGui::SameLine();
  const bool has_exchange = std::size_t(r.selected) < r.exchanges.size() && !r.exchanges[std::size_t(r.selected)].hops.empty();
  ImGui::BeginDisabled(!has_exchange);
  if (ImGui::Button("Open exchange")) open_runner_exchange(state, std::size_t(r.selected));
  ImGui::EndDisabled();
  remember_item(state, "runner.open_exchange");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(has_exchange ? "A new tab with this request and the response the run received"
                                   : "Nothing was sent for this request");
  ImGui::TextDisabled("%s %s%s", result.method.c_str(), result.url.c_str(),
                      result.attempts > 1 ? ("  (" + std::to_string(result.attempts) + " sends)").c_str() : "");
  for (const std::string& round : result.auth) ImGui::TextDisabled("auth: %s", round.c_str());
  if (!result.message.empty() && result.outcome != RequestOutcome::passed) {
    ImGui::PushStyleColor(ImGuiCol_Text, outcome_colour(result.outcome));
    ImGui::TextWrapped("%s", result.message.c_str());
    ImGui::PopStyleColor();
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!result.assertions.empty() && ImGui::BeginTable("runner_assertions", 4, flags)) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 2.5f);
    ImGui::TableSetupColumn("assertion", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("expected", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn("actual", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableHeadersRow();
    for (const AssertionResult& a : result.assertions) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(a.passed ? kPassed : kFailed, a.passed ? "ok" : "FAIL");
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", a.description.c_str());
      if (!a.passed && !a.message.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, kFailed);
        ImGui::TextWrapped("%s", a.message.c_str());
        ImGui::PopStyleColor();
      }
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", a.expected.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", a.actual.c_str());
    }
    ImGui::EndTable();
  }
  for (const CaptureResult& c : result.captures) {
    if (c.ok) ImGui::TextColored(kPassed, "captured {{%s}} = %s", c.variable.c_str(), c.value.c_str());
    else ImGui::TextColored(kFailed, "capture {{%s}} failed: %s", c.variable.c_str(), c.message.c_str());
  }
}

}  // namespace

void draw_runner_panel(AppState& state, Platform& platform) {
  draw_controls(state, platform);
  draw_summary(state);
  if (!state.runner.run) return;
  ImGui::Separator();
  const float list_height = ImGui::GetContentRegionAvail().y * 0.5f;
  draw_list(state, list_height);
  ImGui::Separator();
  ImGui::BeginChild("runner_details");
  draw_details(state);
  ImGui::EndChild();
}

}  // namespace wirepad::ui
