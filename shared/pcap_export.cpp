// wirepad core: the libpcap writer. See pcap_export.h.
#include "shared/pcap_export.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace wirepad {
namespace {

constexpr std::uint32_t pcap_magic = 0xa1b2c3d4;  // microsecond timestamps
constexpr std::uint32_t linktype_ethernet = 1;
constexpr std::uint32_t snap_length = 262144;
constexpr std::uint8_t ip_proto_tcp = 6;
constexpr std::uint8_t ip_proto_udp = 17;
constexpr std::uint8_t ipv6_fragment = 44;

// The pcap headers are in the writer's byte order (readers detect it from the magic); we
// write little endian. Packet headers are in network byte order (big endian).
void le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void le16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
void be16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}
void be32(std::string& out, std::uint32_t v) {
  be16(out, v >> 16);
  be16(out, v & 0xffff);
}
void put16_at(std::string& out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<char>(v >> 8);
  out[at + 1] = static_cast<char>(v & 0xff);
}
void address(std::string& out, const IpAddress& a) {
  for (std::size_t i = 0; i < (a.is_v6 ? 16u : 4u); ++i) out.push_back(static_cast<char>(a.bytes[i]));
}

std::uint32_t sum16(std::string_view bytes, std::uint32_t sum) {
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
    sum += (static_cast<std::uint8_t>(bytes[i]) << 8) | static_cast<std::uint8_t>(bytes[i + 1]);
  if (bytes.size() % 2) sum += static_cast<std::uint8_t>(bytes.back()) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

// The pseudo-header both TCP and UDP checksums cover: RFC 9293 §3.1 (IPv4), RFC 8200 §8.1.
std::uint32_t pseudo_header_sum(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol,
                                std::uint32_t length) {
  std::string p;
  address(p, src);
  address(p, dst);
  if (src.is_v6) {
    be32(p, length);
    p.append(3, '\0');
    p.push_back(static_cast<char>(protocol));
  } else {
    p.push_back('\0');
    p.push_back(static_cast<char>(protocol));
    be16(p, length);
  }
  return sum16(p, 0);
}

class PcapWriter {
 public:
  explicit PcapWriter(const LayerModel& m) : m_(m) {}

  std::string run() {
    // Global header (pcap-savefile(5)): magic, version 2.4, zone 0, sigfigs 0, snaplen, linktype.
    le32(out_, pcap_magic);
    le16(out_, 2);
    le16(out_, 4);
    le32(out_, 0);
    le32(out_, 0);
    le32(out_, snap_length);
    le32(out_, linktype_ethernet);
    if (m_.transport == LayerTransport::udp) prepare_udp_checksums();
    std::size_t datagram = 0;
    for (const Segment& s : m_.segments) {
      if (m_.transport == LayerTransport::udp && s.transport_header > 0 && s.fragment_offset == 0) ++datagram;
      if (m_.transport == LayerTransport::udp)
        write_frame(s, udp_checksums_[datagram - 1], udp_lengths_[datagram - 1]);
      else
        write_frame(s, 0, 0);
    }
    return std::move(out_);
  }

 private:
  std::string_view payload(const Segment& s) {
    const std::string& stream = s.direction == PacketDirection::client_to_server ? m_.client_stream : m_.server_stream;
    if (s.payload_offset + s.payload_size <= stream.size())
      return std::string_view(stream).substr(s.payload_offset, s.payload_size);
    if (zeros_.size() < s.payload_size) zeros_.assign(s.payload_size, '\0');
    return std::string_view(zeros_).substr(0, s.payload_size);
  }

  bool from_client(const Segment& s) const { return s.direction == PacketDirection::client_to_server; }
  const IpAddress& src_ip(const Segment& s) const { return from_client(s) ? m_.client_ip : m_.server_ip; }
  const IpAddress& dst_ip(const Segment& s) const { return from_client(s) ? m_.server_ip : m_.client_ip; }

  // The UDP checksum covers the whole datagram, but a fragmented one is spread over several
  // frames: compute each datagram's checksum first from its segments.
  void prepare_udp_checksums() {
    std::uint32_t sum = 0;
    std::uint32_t length = 0;
    const Segment* first = nullptr;
    auto finish = [&] {
      if (!first) return;
      std::string header;
      be16(header, from_client(*first) ? m_.client_port : m_.server_port);
      be16(header, from_client(*first) ? m_.server_port : m_.client_port);
      be16(header, length);
      be16(header, 0);
      std::uint32_t total = sum + pseudo_header_sum(src_ip(*first), dst_ip(*first), ip_proto_udp, length);
      total = sum16(header, total);
      std::uint16_t c = static_cast<std::uint16_t>(~total & 0xffff);
      udp_checksums_.push_back(c == 0 ? 0xffff : c);  // 0 means "no checksum" (RFC 768)
      udp_lengths_.push_back(static_cast<std::uint16_t>(length));
    };
    for (const Segment& s : m_.segments) {
      if (s.transport_header > 0) {
        finish();
        first = &s;
        sum = 0;
        length = 0;
      }
      // Payload pieces of one datagram start at even offsets (fragments are multiples of 8,
      // the UDP header is 8 bytes), so their sums can simply be added.
      sum = sum16(payload(s), sum);
      length += s.transport_header + s.payload_size;
    }
    finish();
  }

  void write_frame(const Segment& s, std::uint16_t udp_checksum, std::uint16_t udp_length) {
    std::string frame;
    const auto& dst_mac = from_client(s) ? pcap_server_mac : pcap_client_mac;
    const auto& src_mac = from_client(s) ? pcap_client_mac : pcap_server_mac;
    frame.append(dst_mac.begin(), dst_mac.end());
    frame.append(src_mac.begin(), src_mac.end());
    be16(frame, m_.ipv6 ? 0x86dd : 0x0800);

    bool tcp = m_.transport == LayerTransport::tcp;
    std::uint8_t protocol = tcp ? ip_proto_tcp : ip_proto_udp;
    std::string_view data = payload(s);
    std::uint32_t ip_payload = s.transport_header + s.payload_size;
    std::size_t ip_start = frame.size();
    if (m_.ipv6) {
      // RFC 8200 §3: version 6, traffic class 0, flow label 0.
      be32(frame, 0x60000000);
      std::uint32_t extension = s.fragmented ? 8 : 0;
      be16(frame, ip_payload + extension);
      frame.push_back(static_cast<char>(s.fragmented ? ipv6_fragment : protocol));
      frame.push_back(64);  // hop limit
      address(frame, src_ip(s));
      address(frame, dst_ip(s));
      if (s.fragmented) {  // RFC 8200 §4.5: next header, reserved, offset (8-byte units) | M, id
        frame.push_back(static_cast<char>(protocol));
        frame.push_back(0);
        be16(frame, (s.fragment_offset / 8) << 3 | (s.more_fragments ? 1 : 0));
        be32(frame, s.ip_id);
      }
    } else {
      // RFC 791 §3.1: version 4, IHL 5, TOS 0, total length, id, flags|offset, TTL, protocol.
      frame.push_back(0x45);
      frame.push_back(0);
      be16(frame, layer_sizes::ipv4_header + ip_payload);
      be16(frame, s.ip_id & 0xffff);
      std::uint16_t flags = (s.dont_fragment ? 0x4000 : 0) | (s.more_fragments ? 0x2000 : 0);
      be16(frame, flags | (s.fragment_offset / 8));
      frame.push_back(64);
      frame.push_back(static_cast<char>(protocol));
      be16(frame, 0);
      address(frame, src_ip(s));
      address(frame, dst_ip(s));
      put16_at(frame, ip_start + 10, internet_checksum(std::string_view(frame).substr(ip_start)));
    }

    std::size_t transport_start = frame.size();
    std::uint16_t src_port = from_client(s) ? m_.client_port : m_.server_port;
    std::uint16_t dst_port = from_client(s) ? m_.server_port : m_.client_port;
    if (tcp) {
      be16(frame, src_port);
      be16(frame, dst_port);
      be32(frame, s.seq);
      be32(frame, s.ack);
      std::uint32_t header_words = s.transport_header / 4;
      frame.push_back(static_cast<char>(header_words << 4));
      frame.push_back(static_cast<char>(s.flags));
      be16(frame, s.window);
      be16(frame, 0);  // checksum, below
      be16(frame, 0);  // urgent pointer
      if (s.mss_option) {  // RFC 9293 §3.2: kind 2, length 4
        frame.push_back(2);
        frame.push_back(4);
        be16(frame, s.mss_option);
      }
      frame.append(data);
      std::uint32_t length = static_cast<std::uint32_t>(frame.size() - transport_start);
      std::uint32_t sum = pseudo_header_sum(src_ip(s), dst_ip(s), ip_proto_tcp, length);
      put16_at(frame, transport_start + 16, internet_checksum(std::string_view(frame).substr(transport_start), sum));
    } else {
      if (s.transport_header > 0) {
        be16(frame, src_port);
        be16(frame, dst_port);
        be16(frame, udp_length);
        be16(frame, udp_checksum);
      }
      frame.append(data);
    }

    // Record header: seconds, microseconds, captured length, original length.
    double when = m_.capture_start_unix + s.at;
    double seconds = std::floor(when);
    std::uint32_t micros = static_cast<std::uint32_t>(std::llround((when - seconds) * 1e6));
    if (micros >= 1000000) {
      seconds += 1;
      micros -= 1000000;
    }
    le32(out_, static_cast<std::uint32_t>(seconds));
    le32(out_, micros);
    le32(out_, static_cast<std::uint32_t>(frame.size()));
    le32(out_, static_cast<std::uint32_t>(frame.size()));
    out_ += frame;
  }

  const LayerModel& m_;
  std::string out_;
  std::string zeros_;
  std::vector<std::uint16_t> udp_checksums_;
  std::vector<std::uint16_t> udp_lengths_;
};

}  // namespace

std::uint16_t internet_checksum(std::string_view bytes, std::uint32_t initial) {
  return static_cast<std::uint16_t>(~sum16(bytes, initial) & 0xffff);
}

std::string export_pcap(const LayerModel& model) { return PcapWriter(model).run(); }

}  // namespace wirepad
