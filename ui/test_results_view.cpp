// ui: test_results_view.h.
#include "ui/test_results_view.h"

#include <imgui.h>

namespace wirepad::ui {
namespace {

const ImVec4 kPassed(0.35f, 0.80f, 0.45f, 1), kFailed(1.0f, 0.45f, 0.42f, 1);

}  // namespace

void draw_result_table(const std::vector<AssertionResult>& results, const std::vector<CaptureResult>& captures) {
  int failed = 0;
  for (const AssertionResult& a : results) failed += a.passed ? 0 : 1;
  ImGui::TextColored(failed ? kFailed : kPassed, "%d of %d assertions passed", int(results.size()) - failed,
                     int(results.size()));
  if (ImGui::BeginTable("test_results", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 2.5f);
    ImGui::TableSetupColumn("assertion", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("expected", ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn("actual", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableHeadersRow();
    for (const AssertionResult& a : results) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(a.passed ? kPassed : kFailed, a.passed ? "ok" : "FAIL");
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", a.description.c_str());
      if (!a.passed && !a.message.empty()) ImGui::TextColored(kFailed, "%s", a.message.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", a.expected.c_str());
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", a.actual.c_str());
    }
    ImGui::EndTable();
  }
  for (const CaptureResult& c : captures) {
    if (c.ok) ImGui::TextColored(kPassed, "would capture {{%s}} = %s", c.variable.c_str(), c.secret ? "(secret)" : c.value.c_str());
    else ImGui::TextColored(kFailed, "capture {{%s}}: %s", c.variable.c_str(), c.message.c_str());
  }
}

}  // namespace wirepad::ui
