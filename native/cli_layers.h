// native: `wirepad layers [--pcap OUT.pcap] [--udp] [--packets N] URL`: performs a GET, then
// prints the protocol layer model of the exchange (shared/protocol_layers.h): per layer the
// payload, header and total bytes and the overhead, the first packets, and the model's notes;
// with --pcap also writes the reconstructed packets as a pcap file (shared/pcap_export.h).
// argv is the whole command line (argv[1] is "layers"). Exit 0 when the exchange completed,
// 1 for a network or protocol failure (the model of what did travel is still printed), 2 for
// bad input, 1 when the pcap file cannot be written.
#pragma once

namespace wirepad::native {

int run_layers_command(int argc, char** argv);

}  // namespace wirepad::native
