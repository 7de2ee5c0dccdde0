// ui: how a request's or a conversation's test fared: "2 of 3 assertions passed", a table of
// each assertion (ok/FAIL, what it checks and the failure's sentence, expected, actual), then
// what each capture took or why it could not. Drawn by the response panel's Tests tab and the
// WebSocket and Socket panels' tests view. A function over the results; no state.
// Depends on: shared/assertion.h, shared/capture.h; Dear ImGui in the .cpp.
#pragma once
#include <vector>

#include "shared/assertion.h"
#include "shared/capture.h"

namespace wirepad::ui {

void draw_result_table(const std::vector<AssertionResult>& results, const std::vector<CaptureResult>& captures);

}  // namespace wirepad::ui
