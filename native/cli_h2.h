// native: how `wirepad send -v` prints an HTTP/2 exchange's frames, one per line in the order
// they crossed the connection (after `nghttp -nv`), with each HEADERS frame's decoded fields.
// Depends on: shared/exchange.h (Http2Log).
#pragma once
#include <ostream>

#include "shared/exchange.h"

namespace wirepad::native {

void print_h2_frames(std::ostream& out, const Http2Log& log);

}  // namespace wirepad::native
