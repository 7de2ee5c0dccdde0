// ui: the Layers tab: shared/protocol_layers.h's model of how the exchange travelled down the
// stack (HTTP -> TCP segments -> IP packets -> Ethernet frames), with each layer's header
// bytes and overhead, the modelled packets (handshake, MSS-sized segments, ACKs, FIN), the
// model's assumptions, and "Save as pcap" (shared/pcap_export.h) through Services::save_file.
// Always labelled as a model computed from the exchange, never as a capture.
// Depends on: ui/viewers.h, shared/exchange.h; Dear ImGui in the .cpp.
#pragma once
#include "shared/exchange.h"
#include "ui/viewers.h"

namespace wirepad::ui {

// Recomputes the model when the exchange's bytes changed (sizes only, no payload copy).
void update_layers_view(LayersViewState& view, const ExchangeLog& log, unsigned long generation);
void draw_layers_view(LayersViewState& view, const Services& services, const ExchangeLog& log, unsigned long generation);
// Builds the pcap of `log` (with payloads) and hands it to services.save_file; sets the note.
void save_layers_pcap(LayersViewState& view, const Services& services, const ExchangeLog& log);

}  // namespace wirepad::ui
