// ui: the Events tab of the response (docs/sse.md): a text/event-stream response's events as
// they arrive (parsed by the core, ExchangeLog::sse), one row each with the time, the event
// type, the id and the data's first line; the selected event's data below it, pretty when it is
// JSON. A "Reconnect" box sends the request again with Last-Event-ID when the server closes the
// stream (ui/sse_follow.h); the events of every connection stay in the list.
// Depends on: ui/app.h; Dear ImGui and nlohmann-json in the .cpp.
#pragma once
#include <string>

#include "ui/app.h"

namespace wirepad::ui {

// Whether the tab's response is (or its stream was) an event stream: the Events tab is shown.
bool has_event_stream(const AppState& state, const ExchangeLog& log);
// Draws the tab's contents.
void draw_events_view(AppState& state, const ExchangeLog& log);
// The data as shown in the detail pane: JSON indented by two spaces, anything else as it is.
std::string pretty_event_data(const std::string& data);

}  // namespace wirepad::ui
