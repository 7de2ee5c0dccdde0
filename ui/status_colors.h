// ui: the colour of an outcome, by class, the same in the response summary and the history:
// 2xx green, 3xx blue, 4xx amber, 5xx and transport failures (refused, timed out, cancelled)
// red. RFC 9110 section 15: the first digit is the class.
// Depends on: ui/history_panel.h; Dear ImGui in the .cpp.
#pragma once
#include <string_view>

struct ImVec4;

namespace wirepad::ui {

struct HistoryEntry;

enum class OutcomeClass { informational, success, redirection, client_error, server_error, transport_error };

OutcomeClass outcome_class(int status);
// A history entry: its status from the outcome ("404 Not Found"), or a transport failure.
OutcomeClass outcome_class(const HistoryEntry& entry);
// Darker shades on the light theme: the bright ones are unreadable on a white background.
ImVec4 outcome_color(OutcomeClass outcome);

}  // namespace wirepad::ui
