// ui: the Frames tab of an HTTP/2 exchange, like `nghttp -nv` in a table: every frame both ways
// with its time, type, flags, stream, length and what its payload says; the selected frame's
// decoded fields (HEADERS: the HPACK block's size beside them) and its exact bytes in hex.
// Depends on: shared/exchange.h (Http2Log), Dear ImGui (in the .cpp).
#pragma once
#include "shared/exchange.h"

namespace wirepad::ui {

struct H2FramesViewState {
  unsigned long generation = ~0ul;
  int selected = -1;  // the row shown below the table; -1: none
  bool chosen = false;  // the person picked a row (else the response's HEADERS is shown)
};

void draw_h2_frames_view(H2FramesViewState& view, const ExchangeLog& log, unsigned long generation);

}  // namespace wirepad::ui
