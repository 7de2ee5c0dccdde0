// wirepad core: writes a LayerModel as a classic libpcap file (magic 0xa1b2c3d4, microsecond
// timestamps, LINKTYPE_ETHERNET) with reconstructed Ethernet II, IPv4/IPv6 and TCP/UDP
// headers: lengths, sequence and acknowledgement numbers, flags and the IP, TCP and UDP
// checksums are all computed, so Wireshark and tshark decode the HTTP exchange in it. The
// frames are what a capture on the client host would show: no FCS and no padding.
// It is a reconstruction from the model, not a capture; see docs/protocol-layers.md.
// Depends on: protocol_layers.h. Pure: builds bytes in memory, writes no file.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "shared/protocol_layers.h"

namespace wirepad {

// Locally administered MAC addresses (the 0x02 bit of the first octet, IEEE 802) so that no
// real vendor's address is implied.
constexpr std::array<std::uint8_t, 6> pcap_client_mac{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
constexpr std::array<std::uint8_t, 6> pcap_server_mac{0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

// The whole file. Payload bytes come from model.client_stream / server_stream; a model made
// with keep_payload = false gets zero bytes of the right lengths instead.
std::string export_pcap(const LayerModel& model);

// The Internet checksum (RFC 1071) of `bytes` added to `initial` (a partial one's-complement
// sum), folded and complemented. Exposed for the tests.
std::uint16_t internet_checksum(std::string_view bytes, std::uint32_t initial = 0);

}  // namespace wirepad
