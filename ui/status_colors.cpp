// ui: status_colors.h.
#include "ui/status_colors.h"

#include <imgui.h>

#include "ui/history_panel.h"

namespace wirepad::ui {

OutcomeClass outcome_class(int status) {
  if (status >= 500) return OutcomeClass::server_error;
  if (status >= 400) return OutcomeClass::client_error;
  if (status >= 300) return OutcomeClass::redirection;
  if (status >= 200) return OutcomeClass::success;
  return OutcomeClass::informational;
}

OutcomeClass outcome_class(const HistoryEntry& entry) {
  // A socket run or an exchange that ended without a whole response: never a status.
  if (entry.failed || entry.experiment.kind != ExperimentKind::http) return OutcomeClass::transport_error;
  int status = 0;
  std::size_t i = 0;
  for (; i < entry.outcome.size() && i < 3 && entry.outcome[i] >= '0' && entry.outcome[i] <= '9'; ++i)
    status = status * 10 + (entry.outcome[i] - '0');
  if (i != 3) return OutcomeClass::transport_error;
  return outcome_class(status);
}

ImVec4 outcome_color(OutcomeClass outcome) {
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  const bool light = 0.299f * bg.x + 0.587f * bg.y + 0.114f * bg.z > 0.5f;
  switch (outcome) {
    case OutcomeClass::server_error:
    case OutcomeClass::transport_error:
      return light ? ImVec4(0.75f, 0.10f, 0.10f, 1.0f) : ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
    case OutcomeClass::client_error: return light ? ImVec4(0.70f, 0.38f, 0.00f, 1.0f) : ImVec4(1.0f, 0.72f, 0.30f, 1.0f);
    case OutcomeClass::redirection: return light ? ImVec4(0.10f, 0.30f, 0.75f, 1.0f) : ImVec4(0.55f, 0.75f, 1.0f, 1.0f);
    case OutcomeClass::success: return light ? ImVec4(0.05f, 0.50f, 0.10f, 1.0f) : ImVec4(0.45f, 0.85f, 0.45f, 1.0f);
    case OutcomeClass::informational: break;
  }
  return light ? ImVec4(0.3f, 0.3f, 0.3f, 1.0f) : ImVec4(0.8f, 0.8f, 0.8f, 1.0f);
}

}  // namespace wirepad::ui
