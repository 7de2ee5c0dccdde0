// ui: the proxy hop above the Wire and Raw views: which proxy, why, and the CONNECT bytes of a
// tunnel, marked as the proxy's (they are not part of the request to the origin below).
#pragma once
#include "shared/exchange.h"

namespace wirepad::ui {

// Draws nothing for a direct exchange.
void draw_proxy_hop(const ExchangeLog& log);

}  // namespace wirepad::ui
