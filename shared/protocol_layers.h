// wirepad core: a MODEL of how one exchange travelled down the protocol stack, computed from
// its bytes and timings: application bytes -> TCP segments (handshake, MSS-sized data
// segments, delayed ACKs, FIN teardown) or UDP datagrams (IP fragmentation above the MTU) ->
// IPv4/IPv6 packets -> Ethernet frames, with the bytes each layer adds. It is NOT a capture:
// the kernel's real segmentation, options, retransmissions and windows are not known here,
// and every assumption the model makes is listed in LayerModel::notes. docs/protocol-layers.md
// describes the model; shared/pcap_export.h turns it into a pcap file.
// Depends on: exchange.h (ExchangeLog), address_policy.h (IpAddress). Pure: no OS calls.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shared/address_policy.h"
#include "shared/exchange.h"

namespace wirepad {

enum class LayerTransport { tcp, udp };
enum class PacketDirection { client_to_server, server_to_client };

// TCP header flag bits (RFC 9293 §3.1).
namespace tcp_flags {
constexpr std::uint8_t fin = 0x01;
constexpr std::uint8_t syn = 0x02;
constexpr std::uint8_t rst = 0x04;
constexpr std::uint8_t psh = 0x08;
constexpr std::uint8_t ack = 0x10;
}  // namespace tcp_flags

// Fixed sizes the model uses, in bytes.
namespace layer_sizes {
constexpr std::uint32_t ethernet_mtu = 1500;       // Ethernet II payload limit (RFC 894)
constexpr std::uint32_t ethernet_header = 14;      // destination MAC, source MAC, EtherType
constexpr std::uint32_t ethernet_fcs = 4;          // frame check sequence (CRC-32)
constexpr std::uint32_t ethernet_min_frame = 64;   // header + payload + FCS, padded up to this
constexpr std::uint32_t ethernet_line = 20;        // preamble + SFD (8) and inter-frame gap (12)
constexpr std::uint32_t ipv4_header = 20;          // no options (RFC 791)
constexpr std::uint32_t ipv6_header = 40;          // fixed header (RFC 8200 §3)
constexpr std::uint32_t ipv6_fragment_header = 8;  // RFC 8200 §4.5
constexpr std::uint32_t tcp_header = 20;           // no options (RFC 9293 §3.1)
constexpr std::uint32_t tcp_mss_option = 4;        // kind 2, length 4, MSS: only on SYNs
constexpr std::uint32_t udp_header = 8;            // RFC 768
}  // namespace layer_sizes

struct LayerOptions {
  LayerTransport transport = LayerTransport::tcp;
  // The client side is not in the ExchangeLog. Empty = unknown: the loopback address when the
  // peer is on loopback, else 10.0.0.1 (IPv4) or fd00::1 (IPv6); 0 = unknown: port 50000.
  std::string local_address;
  std::uint16_t local_port = 0;
  // Empty = the log's remote_address ("127.0.0.1:8080", "[::1]:8080"); if that is empty too,
  // 192.0.2.1 (TEST-NET-1) with the port of the log's target URL.
  std::string remote_address;
  std::uint32_t mtu = layer_sizes::ethernet_mtu;
  std::uint32_t segments_per_ack = 2;  // RFC 1122 §4.2.3.2 / RFC 9293 §3.8.6.3: every 2nd segment
  double delayed_ack_timeout = 0.040;  // Linux's minimum delayed-ACK timer, seconds
  std::uint32_t client_isn = 0x1f2e3d4c;  // initial sequence numbers (stable, not random)
  std::uint32_t server_isn = 0x5a6b7c8d;
  std::uint16_t tcp_window = 64240;       // what Linux advertises with MSS 1460
  // Wall-clock (Unix seconds) of the exchange's start, for pcap timestamps. The core reads no
  // clock, so the caller passes it; 0 puts the capture at 1970-01-01.
  double capture_start_unix = 0;
  // false: LayerModel::client_stream/server_stream stay empty (sizes and counts only, no copy
  // of a huge body); export_pcap then writes zero bytes in place of the payload.
  bool keep_payload = true;
};

// One modelled packet on the link: one Ethernet frame (a UDP fragment is one too).
struct Segment {
  PacketDirection direction = PacketDirection::client_to_server;
  double at = 0;      // seconds from the exchange start, as seen at the client
  std::string label;  // "SYN", "SYN, ACK", "ACK", "PSH, ACK", "FIN, ACK", "UDP", "IP fragment"
  // The application bytes carried: [payload_offset, payload_offset + payload_size) of the
  // direction's stream (bytes_sent for client_to_server, bytes_received otherwise).
  std::uint64_t payload_offset = 0;
  std::uint32_t payload_size = 0;
  // HTTP/2: the frames whose 9-byte header starts in this payload, "SETTINGS[0] HEADERS[1]"
  // (type[stream]); "(DATA[1] cont.)" first when the payload begins inside a frame. Empty for
  // HTTP/1.1, so a packet list can say which frames each packet carried.
  std::string carries;
  // TCP (zero for UDP).
  std::uint8_t flags = 0;  // tcp_flags bits
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t window = 0;
  std::uint16_t mss_option = 0;  // non-zero: the SYN carries an MSS option with this value
  // IP.
  std::uint32_t ip_id = 0;            // IPv4 identification / IPv6 fragment identification
  bool dont_fragment = false;         // IPv4 DF
  bool fragmented = false;            // part of a fragmented datagram
  bool more_fragments = false;        // IP MF
  std::uint32_t fragment_offset = 0;  // bytes into the UDP datagram (a multiple of 8)
  // Sizes in bytes of what each layer put in this frame.
  std::uint32_t transport_header = 0;  // TCP 20 (+4 on SYNs) / UDP 8 (first fragment only)
  std::uint32_t ip_header = 0;         // 20 / 40 (+8 fragment header on IPv6 fragments)
  std::uint32_t ethernet_padding = 0;  // up to the 64-byte minimum frame
  std::uint32_t ip_packet_size() const { return ip_header + transport_header + payload_size; }
  std::uint32_t ethernet_overhead() const {
    return layer_sizes::ethernet_header + layer_sizes::ethernet_fcs + ethernet_padding;
  }
  std::uint32_t frame_size() const { return ip_packet_size() + ethernet_overhead(); }
};

// One row of the layer table. A layer carries `payload_bytes` handed down from the layer
// above and adds `header_bytes` of its own (headers, trailers, padding).
struct LayerTotals {
  std::string name;   // "HTTP" (or "HTTP/2"), "TCP", "IPv4", "Ethernet", "Line"
  std::string unit;   // "messages" (HTTP/2: "frames"), "segments", "packets", "frames"
  std::uint64_t units = 0;
  std::uint64_t payload_bytes = 0;
  std::uint64_t header_bytes = 0;
  std::uint64_t total_bytes = 0;          // payload + header
  double overhead_percent = 0;            // header / total * 100: this layer's own share
  double cumulative_overhead_percent = 0;  // (total - HTTP body bytes) / total * 100
};

struct LayerModel {
  LayerTransport transport = LayerTransport::tcp;
  bool ipv6 = false;
  IpAddress client_ip;
  IpAddress server_ip;
  std::uint16_t client_port = 0;
  std::uint16_t server_port = 0;
  std::uint32_t mtu = layer_sizes::ethernet_mtu;
  std::uint32_t mss = 0;  // TCP maximum segment size (0 for UDP)
  std::vector<Segment> segments;  // in time order
  bool http2 = false;             // the segments name the HTTP/2 frames they carry (Segment::carries)
  // Top to bottom: application (HTTP), transport (TCP/UDP), network (IPv4/IPv6), link
  // (Ethernet), line (preamble, SFD and inter-frame gap, counted apart as the issue asks).
  LayerTotals application;
  LayerTotals transport_layer;
  LayerTotals network;
  LayerTotals link;
  LayerTotals line;
  std::uint64_t application_bytes = 0;  // bytes_sent + bytes_received
  std::vector<std::string> notes;       // every assumption; show them next to the table
  std::string client_stream;            // bytes_sent (empty when !keep_payload)
  std::string server_stream;            // bytes_received (empty when !keep_payload)
  double capture_start_unix = 0;

  std::vector<LayerTotals> layers() const { return {application, transport_layer, network, link, line}; }
};

// Computes the model. Never fails: an exchange that never connected yields no segments and
// a note saying so.
LayerModel model_layers(const ExchangeLog& log, const LayerOptions& options = {});

// "client → server" / "server → client", for tables.
std::string_view to_string(PacketDirection direction);
// "SYN, ACK", "PSH, ACK", ... in Wireshark's order.
std::string tcp_flags_text(std::uint8_t flags);

}  // namespace wirepad
