// ui: the TLS tab of the response: negotiated version, cipher, ALPN, SNI, whether the
// certificate was verified, who decrypted (the relay, in the browser build), and the
// certificate chain field by field; or why the handshake failed.
// Depends on: shared/exchange.h, Dear ImGui.
#pragma once
#include "shared/exchange.h"

namespace wirepad::ui {

void draw_tls_view(const ExchangeLog& log);

}  // namespace wirepad::ui
