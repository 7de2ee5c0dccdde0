// ui: the Wire tab: the exact bytes sent and received, in order, one row per framing element
// (request line, each header, blank line, chunk-size line, chunk data, trailers, ...), each
// labelled, and the leniencies the parser accepted highlighted where they are. The labels come
// from shared/wire_segments.h; data is drawn one text line per row through a list clipper, so
// a response of any size costs only the rows on screen.
// Depends on: ui/viewers.h, shared/exchange.h; Dear ImGui in the .cpp.
#pragma once
#include "shared/exchange.h"
#include "ui/viewers.h"

namespace wirepad::ui {

// Brings the segments up to date with the log (only when its bytes changed).
void update_wire_view(WireViewState& view, const ExchangeLog& log, unsigned long generation);
void draw_wire_view(WireViewState& view, const ExchangeLog& log, unsigned long generation);

}  // namespace wirepad::ui
