// Core tests for the protocol layer model (shared/protocol_layers.h) and the pcap writer
// (shared/pcap_export.h): segment counts and sizes for known byte counts, per-layer totals
// and overhead percentages computed by hand, IPv6 vs IPv4, UDP fragmentation, teardown order
// and delayed ACKs. tests/native/pcap_tshark_test.cpp checks the pcap with tshark.
#include <catch2/catch.hpp>

#include <cstdint>
#include <numeric>
#include <string>

#include "shared/pcap_export.h"
#include "shared/protocol_layers.h"

using namespace wirepad;

namespace {

// A GET without body (request_size bytes in all) answered with response_size bytes of which
// the last body_size are body, each in one chunk, on a connection to `remote`.
ExchangeLog make_log(std::size_t request_size, std::size_t response_size, std::size_t body_size,
                     std::string remote = "127.0.0.1:8080", double response_at = 0.020) {
  ExchangeLog log;
  log.target_url = "http://127.0.0.1:8080/";
  log.remote_address = std::move(remote);
  std::string head = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Pad: ";
  log.bytes_sent = head + std::string(request_size - head.size() - 4, 'p') + "\r\n\r\n";
  log.bytes_received = std::string(response_size - body_size, 'h') + std::string(body_size, 'b');
  log.response.status = 200;
  log.response.body = std::string(body_size, 'b');
  log.wire.push_back(WireChunk{true, 0.010, 0, log.bytes_sent.size()});
  log.wire.push_back(WireChunk{false, response_at, 0, log.bytes_received.size()});
  log.timings.namelookup = 0;
  log.timings.connect = 0.001;
  log.timings.appconnect = 0;
  log.timings.pretransfer = 0.001;
  log.timings.starttransfer = response_at;
  log.timings.total = response_at + 0.001;
  log.phase = Phase::done;
  return log;
}

std::vector<std::uint32_t> data_sizes(const LayerModel& m, PacketDirection d) {
  std::vector<std::uint32_t> out;
  for (const Segment& s : m.segments)
    if (s.direction == d && s.payload_size > 0) out.push_back(s.payload_size);
  return out;
}

std::vector<std::string> labels(const LayerModel& m) {
  std::vector<std::string> out;
  for (const Segment& s : m.segments)
    out.push_back(std::string(s.direction == PacketDirection::client_to_server ? "> " : "< ") + s.label);
  return out;
}

std::uint32_t le32_at(const std::string& b, std::size_t at) {
  return static_cast<std::uint8_t>(b[at]) | static_cast<std::uint8_t>(b[at + 1]) << 8 |
         static_cast<std::uint8_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 3])) << 24;
}

}  // namespace

TEST_CASE("a 3000-byte response over IPv4 travels as 1460 + 1460 + 80", "[layers]") {
  LayerModel m = model_layers(make_log(100, 3000, 2900));
  REQUIRE(m.mss == 1460);
  CHECK_FALSE(m.ipv6);
  CHECK(data_sizes(m, PacketDirection::server_to_client) == std::vector<std::uint32_t>{1460, 1460, 80});
  CHECK(data_sizes(m, PacketDirection::client_to_server) == std::vector<std::uint32_t>{100});
  // Handshake, request, 3 segments with a pure ACK after the second, client-first teardown.
  CHECK(labels(m) == std::vector<std::string>{"> SYN", "< SYN, ACK", "> ACK", "> PSH, ACK", "< ACK", "< ACK", "> ACK",
                                              "< PSH, ACK", "> FIN, ACK", "< FIN, ACK", "> ACK"});
  CHECK(m.segments[0].mss_option == 1460);
  CHECK(m.segments[0].transport_header == 24);
  CHECK(m.segments[3].transport_header == 20);

  // Sequence numbers: the SYN consumes one, data advances by its size, FIN consumes one.
  const std::uint32_t c = 0x1f2e3d4c, s = 0x5a6b7c8d;
  CHECK(m.segments[1].ack == c + 1);
  CHECK(m.segments[3].seq == c + 1);
  CHECK(m.segments[4].seq == s + 1);
  CHECK(m.segments[4].ack == c + 1 + 100);
  CHECK(m.segments[6].ack == s + 1 + 2920);  // the client's ACK after two segments
  CHECK(m.segments[8].seq == c + 101);        // client FIN
  CHECK(m.segments[8].ack == s + 1 + 3000);
  CHECK(m.segments[9].ack == c + 102);
  CHECK(m.segments[10].ack == s + 3002);

  // Totals by hand: 11 segments; 20-byte TCP headers plus 4 MSS-option bytes on both SYNs.
  CHECK(m.application_bytes == 3100);
  CHECK(m.application.payload_bytes == 2900);
  CHECK(m.application.header_bytes == 200);
  CHECK(m.transport_layer.units == 11);
  CHECK(m.transport_layer.header_bytes == 11 * 20 + 2 * 4);
  CHECK(m.transport_layer.total_bytes == 3328);
  CHECK(m.network.header_bytes == 220);
  CHECK(m.network.total_bytes == 3548);
  // Ethernet: 18 bytes per frame, plus padding to 64: SYNs (44-byte packets) 2 each, the five
  // pure ACK / FIN frames (40-byte packets) 6 each.
  CHECK(m.link.header_bytes == 11 * 18 + 2 * 2 + 5 * 6);
  CHECK(m.link.total_bytes == 3780);
  CHECK(m.line.header_bytes == 220);
  CHECK(m.line.total_bytes == 4000);
  CHECK(m.transport_layer.overhead_percent == Approx(100.0 * 228 / 3328));
  CHECK(m.network.overhead_percent == Approx(100.0 * 220 / 3548));
  CHECK(m.link.overhead_percent == Approx(100.0 * 232 / 3780));
  CHECK(m.line.overhead_percent == Approx(5.5));
  CHECK(m.line.cumulative_overhead_percent == Approx(100.0 * (4000 - 2900) / 4000));
  CHECK(m.application.overhead_percent == Approx(100.0 * 200 / 3100));

  // Frame sizes: the MSS-sized segment fills the MTU exactly.
  CHECK(m.segments[4].ip_packet_size() == 1500);
  CHECK(m.segments[4].frame_size() == 1518);
  CHECK(m.segments[2].frame_size() == 64);
}

TEST_CASE("the model says it is a model and what it guessed", "[layers]") {
  LayerModel m = model_layers(make_log(100, 3000, 2900));
  REQUIRE_FALSE(m.notes.empty());
  CHECK(m.notes.front().find("not a packet capture") != std::string::npos);
  auto has = [&](const std::string& text) {
    for (const auto& n : m.notes)
      if (n.find(text) != std::string::npos) return true;
    return false;
  };
  CHECK(has("modelled as 50000"));
  CHECK(has("loopback"));
  CHECK(format_ip_address(m.client_ip) == "127.0.0.1");
  CHECK(m.client_port == 50000);
  CHECK(m.server_port == 8080);

  LayerModel remote = model_layers(make_log(100, 300, 200, "192.0.2.80:80"));
  CHECK(format_ip_address(remote.client_ip) == "10.0.0.1");
  LayerOptions given;
  given.local_address = "192.168.1.20";
  given.local_port = 41234;
  LayerModel known = model_layers(make_log(100, 300, 200, "192.0.2.80:80"), given);
  CHECK(format_ip_address(known.client_ip) == "192.168.1.20");
  CHECK(known.client_port == 41234);
  for (const auto& n : known.notes) CHECK(n.find("not recorded") == std::string::npos);
}

TEST_CASE("IPv6 uses 40-byte headers and MSS 1440", "[layers]") {
  LayerModel m = model_layers(make_log(100, 3000, 2900, "[::1]:8080"));
  REQUIRE(m.ipv6);
  CHECK(m.mss == 1440);
  CHECK(format_ip_address(m.client_ip) == "::1");
  CHECK(data_sizes(m, PacketDirection::server_to_client) == std::vector<std::uint32_t>{1440, 1440, 120});
  CHECK(m.network.name == "IPv6");
  CHECK(m.network.header_bytes == 11 * 40);
  CHECK(m.network.total_bytes == 3328 + 440);
  // 60-byte packets make 78-byte frames: no Ethernet padding on IPv6 at all.
  CHECK(m.link.header_bytes == 11 * 18);
  CHECK(m.segments[4].ip_packet_size() == 1500);
  LayerModel remote = model_layers(make_log(100, 300, 200, "[2001:db8::5]:443"));
  CHECK(format_ip_address(remote.client_ip) == "fd00::1");
}

TEST_CASE("UDP: one datagram per chunk, IP fragments above the MTU", "[layers][udp]") {
  LayerOptions udp;
  udp.transport = LayerTransport::udp;
  SECTION("IPv4: 1480-byte fragments, the UDP header only in the first") {
    LayerModel m = model_layers(make_log(100, 3000, 2900), udp);
    REQUIRE(m.segments.size() == 4);
    CHECK_FALSE(m.segments[0].fragmented);
    CHECK(m.segments[0].ip_packet_size() == 20 + 8 + 100);
    CHECK(data_sizes(m, PacketDirection::server_to_client) == std::vector<std::uint32_t>{1472, 1480, 48});
    CHECK(m.segments[1].fragment_offset == 0);
    CHECK(m.segments[2].fragment_offset == 1480);
    CHECK(m.segments[3].fragment_offset == 2960);
    CHECK(m.segments[1].more_fragments);
    CHECK_FALSE(m.segments[3].more_fragments);
    CHECK(m.segments[1].ip_packet_size() == 1500);
    CHECK(m.segments[2].transport_header == 0);
    CHECK(m.segments[2].payload_offset == 1472);
    CHECK(m.transport_layer.units == 2);
    CHECK(m.transport_layer.header_bytes == 16);
    CHECK(m.network.units == 4);
    CHECK(m.network.header_bytes == 80);
    CHECK(m.network.total_bytes == 3100 + 16 + 80);
    // 68-byte last fragment: 86-byte frame, no padding.
    CHECK(m.link.header_bytes == 4 * 18);
  }
  SECTION("IPv6: 1448-byte fragments behind an 8-byte fragment header") {
    LayerModel m = model_layers(make_log(100, 3000, 2900, "[::1]:8080"), udp);
    REQUIRE(m.segments.size() == 4);
    CHECK(data_sizes(m, PacketDirection::server_to_client) == std::vector<std::uint32_t>{1440, 1448, 112});
    CHECK(m.segments[1].ip_header == 48);
    CHECK(m.segments[0].ip_header == 40);
    CHECK(m.segments[1].ip_packet_size() == 1496);
    CHECK(m.network.header_bytes == 40 + 3 * 48);
  }
}

TEST_CASE("teardown order follows Connection: close", "[layers]") {
  ExchangeLog log = make_log(100, 500, 400);
  log.response.headers.add("Connection", "close");
  LayerModel m = model_layers(log);
  auto l = labels(m);
  REQUIRE(l.size() >= 3);
  CHECK(std::vector<std::string>(l.end() - 3, l.end()) == std::vector<std::string>{"< FIN, ACK", "> FIN, ACK", "< ACK"});
}

TEST_CASE("a lone segment is ACKed by the delayed-ACK timer when no reply rides along", "[layers]") {
  // The response comes 190 ms after the request: the server's 40 ms timer fires first.
  LayerModel m = model_layers(make_log(100, 500, 400, "127.0.0.1:8080", 0.200));
  auto l = labels(m);
  REQUIRE(l.size() > 5);
  CHECK(l[3] == "> PSH, ACK");
  CHECK(l[4] == "< ACK");
  CHECK(m.segments[4].at == Approx(0.050));
  // A quick response carries the ACK itself.
  LayerModel quick = model_layers(make_log(100, 500, 400, "127.0.0.1:8080", 0.020));
  CHECK(labels(quick)[4] == "< PSH, ACK");
}

TEST_CASE("an exchange that never connected has no packets", "[layers]") {
  ExchangeLog log;
  log.target_url = "http://127.0.0.1:1/";
  log.phase = Phase::failed;
  LayerModel m = model_layers(log);
  CHECK(m.segments.empty());
  CHECK(m.link.total_bytes == 0);
  CHECK(m.link.overhead_percent == 0);
  bool said = false;
  for (const auto& n : m.notes) said = said || n.find("No connection") != std::string::npos;
  CHECK(said);
}

TEST_CASE("segment times never go backwards", "[layers]") {
  ExchangeLog log = make_log(100, 100000, 99000);
  // The response arrived in three reads.
  log.wire.pop_back();
  log.wire.push_back(WireChunk{false, 0.020, 0, 30000});
  log.wire.push_back(WireChunk{false, 0.021, 30000, 50000});
  log.wire.push_back(WireChunk{false, 0.025, 80000, 20000});
  LayerModel m = model_layers(log);
  for (std::size_t i = 1; i < m.segments.size(); ++i) CHECK(m.segments[i].at > m.segments[i - 1].at);
  // Reads do not split segments: the stream is cut at MSS boundaries only.
  auto sizes = data_sizes(m, PacketDirection::server_to_client);
  CHECK(sizes.size() == (100000 + 1459) / 1460);
  CHECK(std::accumulate(sizes.begin(), sizes.end(), 0u) == 100000);
  CHECK(sizes.back() == 100000 % 1460);
}

TEST_CASE("internet checksum matches RFC 1071's example", "[layers][pcap]") {
  // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2; the checksum is its complement.
  const char bytes[] = {'\x00', '\x01', '\xf2', '\x03', '\xf4', '\xf5', '\xf6', '\xf7'};
  CHECK(internet_checksum(std::string_view(bytes, 8)) == 0x220d);
}

TEST_CASE("pcap: global header, one record per modelled packet, valid IPv4 header checksums", "[layers][pcap]") {
  LayerOptions o;
  o.capture_start_unix = 1700000000.5;
  LayerModel m = model_layers(make_log(100, 3000, 2900), o);
  std::string pcap = export_pcap(m);
  REQUIRE(pcap.size() >= 24);
  CHECK(le32_at(pcap, 0) == 0xa1b2c3d4);
  CHECK(le32_at(pcap, 20) == 1);  // LINKTYPE_ETHERNET
  std::size_t at = 24, records = 0;
  while (at + 16 <= pcap.size()) {
    const Segment& s = m.segments[records];
    std::uint32_t length = le32_at(pcap, at + 8);
    CHECK(length == s.frame_size() - 4 - s.ethernet_padding);  // no FCS, no padding
    CHECK(le32_at(pcap, at + 12) == length);
    if (records == 0) {
      CHECK(le32_at(pcap, at) == 1700000000u);
      CHECK(le32_at(pcap, at + 4) == 500000u);
    }
    std::string_view ip = std::string_view(pcap).substr(at + 16 + 14, 20);
    CHECK(internet_checksum(ip) == 0);  // a header with a correct checksum sums to 0xffff
    at += 16 + length;
    ++records;
  }
  CHECK(at == pcap.size());
  CHECK(records == m.segments.size());
  // Without the payload the file has the same shape.
  o.keep_payload = false;
  CHECK(export_pcap(model_layers(make_log(100, 3000, 2900), o)).size() == pcap.size());
}

TEST_CASE("a 200 MB response in 64 KiB reads is modelled quickly", "[layers][.bench]") {
  ExchangeLog log = make_log(100, 200u << 20, (200u << 20) - 200);
  log.wire.pop_back();
  for (std::size_t at = 0; at < log.bytes_received.size(); at += 65536)
    log.wire.push_back(WireChunk{false, 0.02 + at * 1e-9, at, std::min<std::size_t>(65536, log.bytes_received.size() - at)});
  LayerOptions o;
  o.keep_payload = false;
  LayerModel m = model_layers(log, o);
  CHECK(data_sizes(m, PacketDirection::server_to_client).size() == ((200u << 20) + 1459) / 1460);
}
