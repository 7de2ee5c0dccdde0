// wirepad core: the protocol layer model. See protocol_layers.h and docs/protocol-layers.md.
#include "shared/protocol_layers.h"

#include "shared/h2_frame.h"
#include "shared/url.h"

#include <algorithm>
#include <charconv>

namespace wirepad {
namespace {

constexpr double tick = 1e-6;  // spacing that keeps packets of one instant in order
constexpr std::uint16_t unknown_client_port = 50000;

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
  bool has_port = false;
};

// "127.0.0.1:8080", "[::1]:8080", "::1" (no port), "10.0.0.1".
HostPort split_host_port(std::string_view text) {
  HostPort out;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return {std::string(text)};
    out.host = std::string(text.substr(1, close - 1));
    if (close + 1 < text.size() && text[close + 1] == ':') port_text = text.substr(close + 2);
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    auto colon = text.find(':');
    out.host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  } else {
    out.host = std::string(text);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (!port_text.empty() && ec == std::errc() && end == port_text.data() + port_text.size() && value > 0 &&
      value <= 65535) {
    out.port = static_cast<std::uint16_t>(value);
    out.has_port = true;
  }
  return out;
}

bool is_loopback(const IpAddress& a) { return classify_address(a) == AddressClass::loopback; }

// Works out both ends of the connection, noting every guess.
void resolve_endpoints(const ExchangeLog& log, const LayerOptions& options, LayerModel& m) {
  std::string remote_text = options.remote_address.empty() ? log.remote_address : options.remote_address;
  HostPort remote = split_host_port(remote_text);
  auto server = parse_ip_address(remote.host);
  if (!server) {
    server = IpAddress::v4({192, 0, 2, 1});
    m.notes.push_back("The server's address is not in the exchange (it never resolved): modelled as 192.0.2.1 "
                      "(TEST-NET-1, RFC 5737).");
  }
  std::uint16_t server_port = remote.port;
  if (!remote.has_port) {
    auto url = parse_url(log.target_url.empty() ? log.request.url : log.target_url);
    server_port = url ? url->port : 80;
    if (server_port == 0) server_port = 80;
  }

  HostPort local = split_host_port(options.local_address);
  auto client = parse_ip_address(local.host);
  if (client && client->is_v6 != server->is_v6) {
    m.notes.push_back("The local address " + options.local_address +
                      " is not of the server's IP version: ignored.");
    client.reset();
  }
  if (!client) {
    if (is_loopback(*server)) {
      client = server->is_v6 ? *server : IpAddress::v4({127, 0, 0, 1});
    } else {
      std::array<std::uint8_t, 16> fd00_1{0xfd, 0x00};
      fd00_1[15] = 1;
      client = server->is_v6 ? IpAddress::v6(fd00_1) : IpAddress::v4({10, 0, 0, 1});
    }
    m.notes.push_back("The local address is not recorded in the exchange: modelled as " + format_ip_address(*client) +
                      ".");
  }
  std::uint16_t client_port = options.local_port ? options.local_port : (local.has_port ? local.port : 0);
  if (client_port == 0) {
    client_port = unknown_client_port;
    m.notes.push_back("The local (ephemeral) port is not recorded in the exchange: modelled as 50000.");
  }
  m.client_ip = *client;
  m.server_ip = *server;
  m.client_port = client_port;
  m.server_port = server_port;
  m.ipv6 = server->is_v6;
  if (is_loopback(*server))
    m.notes.push_back("The real exchange went over the loopback interface (no Ethernet, MTU 65536); the model "
                      "shows it as if it had crossed an Ethernet link with MTU " +
                      std::to_string(options.mtu) + ".");
}

// A run of consecutive wire chunks in one direction: what one side sent before the other
// answered. Segment times are the time of the chunk that holds the segment's last byte.
struct Flight {
  PacketDirection direction = PacketDirection::client_to_server;
  std::uint64_t offset = 0;  // into the direction's stream
  std::uint64_t size = 0;
  std::vector<std::pair<std::uint64_t, double>> chunk_ends;  // (stream end offset, at)
  double time_of(std::uint64_t end_offset) const {  // binary search: bodies can be 200 MB
    auto it = std::lower_bound(chunk_ends.begin(), chunk_ends.end(), end_offset,
                               [](const auto& chunk, std::uint64_t offset) { return chunk.first < offset; });
    if (it != chunk_ends.end()) return it->second;
    return chunk_ends.empty() ? 0 : chunk_ends.back().second;
  }
};

std::vector<Flight> group_flights(const std::vector<WireChunk>& wire) {
  std::vector<Flight> flights;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  for (const WireChunk& c : wire) {
    if (c.size == 0) continue;
    PacketDirection d = c.sent ? PacketDirection::client_to_server : PacketDirection::server_to_client;
    std::uint64_t& stream = c.sent ? sent : received;
    if (flights.empty() || flights.back().direction != d) {
      flights.emplace_back();
      flights.back().direction = d;
      flights.back().offset = stream;
    }
    stream += c.size;
    flights.back().size += c.size;
    flights.back().chunk_ends.emplace_back(stream, c.at);
  }
  return flights;
}

// Builds the TCP conversation: handshake, data, ACKs, teardown.
class TcpModeller {
 public:
  TcpModeller(const LayerOptions& options, LayerModel& m) : options_(options), m_(m) {}

  void run(const ExchangeLog& log) {
    const Timings& t = log.timings;
    double syn_at = std::max(0.0, t.namelookup);
    double synack_at = t.connect >= 0 ? std::max(t.connect, syn_at) : syn_at;
    rtt_ = std::max(synack_at - syn_at, tick);
    // RFC 9293 §3.5: SYN, SYN-ACK, ACK; each SYN consumes one sequence number.
    emit(client(), syn_at, tcp_flags::syn, 0, 0, true);
    emit(server(), synack_at, tcp_flags::syn | tcp_flags::ack, 0, 0, true);
    emit(client(), synack_at, tcp_flags::ack, 0, 0, false);

    std::vector<Flight> flights = group_flights(log.wire);
    double last_at = synack_at;
    for (std::size_t i = 0; i < flights.size(); ++i) {
      const Flight& f = flights[i];
      Side& sender = f.direction == PacketDirection::client_to_server ? client() : server();
      Side& receiver = &sender == &client_ ? server() : client();
      // The receiver of the previous flight may still owe an ACK: it rides on this flight's
      // first segment unless the delayed-ACK timer fired first (RFC 1122 §4.2.3.2).
      double first_at = f.time_of(f.offset + std::min<std::uint64_t>(f.size, m_.mss));
      settle_delayed_ack(sender, first_at);
      for (std::uint64_t done = 0; done < f.size;) {
        std::uint32_t size = static_cast<std::uint32_t>(std::min<std::uint64_t>(m_.mss, f.size - done));
        std::uint64_t offset = f.offset + done;
        done += size;
        double at = f.time_of(offset + size);
        // PSH on the segment that empties the sender's buffer, as Linux does.
        std::uint8_t flags = tcp_flags::ack | (done == f.size ? tcp_flags::psh : 0);
        emit(sender, at, flags, offset, size, false);
        ++receiver.unacked_segments;
        if (receiver.unacked_segments >= options_.segments_per_ack) emit(receiver, at, tcp_flags::ack, 0, 0, false);
      }
      last_at = std::max(last_at, f.chunk_ends.back().second);
    }

    // Teardown (RFC 9293 §3.6). The log does not say who closed first: a response with
    // "Connection: close" means the server did, otherwise the client closes when done.
    auto connection = find_header(log.response.headers, "connection");
    bool server_closes = connection && iequals(connection->value, "close");
    double close_at = std::max(last_at, t.total);
    Side& first = server_closes ? server() : client();
    Side& second = server_closes ? client() : server();
    settle_delayed_ack(first, close_at);
    settle_delayed_ack(second, close_at);
    // Capture point is the client: its packets go out at once, the server's come back one RTT
    // after the client's packet that caused them.
    double first_fin_at = close_at;
    double second_fin_at = server_closes ? close_at : close_at + rtt_;
    double last_ack_at = server_closes ? close_at + rtt_ : second_fin_at;
    emit(first, first_fin_at, tcp_flags::fin | tcp_flags::ack, 0, 0, false);
    emit(second, second_fin_at, tcp_flags::fin | tcp_flags::ack, 0, 0, false);
    emit(first, last_ack_at, tcp_flags::ack, 0, 0, false);
    m_.notes.push_back(server_closes ? "The server closes first (the response said Connection: close): FIN, FIN, ACK."
                                     : "The client closes first when the exchange is done: FIN, FIN, ACK.");
  }

 private:
  struct Side {
    PacketDirection direction;
    std::uint32_t seq = 0;               // next sequence number to send
    std::uint32_t unacked_segments = 0;  // segments received from the peer, not yet ACKed
    double last_received_at = 0;
    std::uint32_t ip_id = 0;
  };
  Side& client() { return client_; }
  Side& server() { return server_; }
  Side& peer(const Side& s) { return &s == &client_ ? server_ : client_; }

  // If `side` owes an ACK and would not send anything before the delayed-ACK timer fires,
  // a pure ACK goes out when it fires.
  void settle_delayed_ack(Side& side, double next_send_at) {
    if (side.unacked_segments == 0) return;
    double timer_at = side.last_received_at + options_.delayed_ack_timeout;
    if (timer_at < next_send_at) emit(side, timer_at, tcp_flags::ack, 0, 0, false);
  }

  void emit(Side& side, double at, std::uint8_t flags, std::uint64_t offset, std::uint32_t size, bool mss) {
    Side& other = peer(side);
    at = std::max(at, last_at_ + tick);  // strictly increasing: one capture, one clock
    last_at_ = at;
    Segment s;
    s.direction = side.direction;
    s.at = at;
    s.label = tcp_flags_text(flags);
    s.payload_offset = offset;
    s.payload_size = size;
    s.flags = flags;
    s.seq = side.seq;
    s.ack = (flags & tcp_flags::ack) ? other.seq : 0;
    s.window = options_.tcp_window;
    s.mss_option = mss ? static_cast<std::uint16_t>(m_.mss) : 0;
    s.ip_id = side.ip_id++;
    s.dont_fragment = true;  // Linux sets DF on TCP (path MTU discovery, RFC 1191)
    s.transport_header = layer_sizes::tcp_header + (mss ? layer_sizes::tcp_mss_option : 0);
    s.ip_header = m_.ipv6 ? layer_sizes::ipv6_header : layer_sizes::ipv4_header;
    m_.segments.push_back(s);

    side.seq += size + ((flags & tcp_flags::syn) ? 1 : 0) + ((flags & tcp_flags::fin) ? 1 : 0);
    if (flags & tcp_flags::ack) side.unacked_segments = 0;  // every segment after SYN acknowledges all
    if (size > 0 || (flags & (tcp_flags::syn | tcp_flags::fin))) other.last_received_at = at;
  }

  const LayerOptions& options_;
  LayerModel& m_;
  Side client_{PacketDirection::client_to_server, 0, 0, 0, 0x4000};
  Side server_{PacketDirection::server_to_client, 0, 0, 0, 0x0000};
  double last_at_ = -1;
  double rtt_ = tick;

 public:
  void set_isns(std::uint32_t client_isn, std::uint32_t server_isn) {
    client_.seq = client_isn;
    server_.seq = server_isn;
  }
};

// UDP: one datagram per wire chunk (each read or write was one datagram); datagrams larger
// than the MTU are split into IP fragments (RFC 791 §2.3 / RFC 8200 §4.5), whose data parts
// are multiples of 8 bytes except the last.
void model_udp(const ExchangeLog& log, const LayerOptions& options, LayerModel& m) {
  std::uint64_t offsets[2] = {0, 0};
  std::uint32_t ids[2] = {0x4000, 0x0000};
  double last_at = -1;
  const std::uint32_t ip_header = m.ipv6 ? layer_sizes::ipv6_header : layer_sizes::ipv4_header;
  const std::uint32_t fragment_header = m.ipv6 ? layer_sizes::ipv6_fragment_header : 0;
  // The largest UDP payload: the 16-bit IPv4 total length (or IPv6 payload length) minus
  // the headers inside it. Bigger reads are modelled as several datagrams.
  const std::uint64_t max_udp_data = 65535 - layer_sizes::udp_header - (m.ipv6 ? 0 : ip_header);
  std::vector<WireChunk> pieces;
  for (const WireChunk& c : log.wire) {
    for (std::size_t at = 0; at < c.size; at += max_udp_data)
      pieces.push_back(WireChunk{c.sent, c.at, c.offset + at, std::min<std::size_t>(max_udp_data, c.size - at)});
  }
  for (const WireChunk& c : pieces) {
    int side = c.sent ? 0 : 1;
    std::uint32_t id = ids[side]++;
    std::uint64_t datagram = layer_sizes::udp_header + c.size;
    bool fragmented = ip_header + datagram > m.mtu;
    std::uint32_t max_piece = ((m.mtu - ip_header - fragment_header) / 8) * 8;
    for (std::uint64_t done = 0; done < datagram;) {
      std::uint64_t piece = fragmented ? std::min<std::uint64_t>(max_piece, datagram - done) : datagram;
      Segment s;
      s.direction = c.sent ? PacketDirection::client_to_server : PacketDirection::server_to_client;
      s.at = last_at = std::max(c.at, last_at + tick);
      s.fragmented = fragmented;
      s.fragment_offset = static_cast<std::uint32_t>(done);
      s.more_fragments = fragmented && done + piece < datagram;
      s.ip_id = id;
      s.transport_header = done == 0 ? layer_sizes::udp_header : 0;
      s.payload_offset = offsets[side] + (done == 0 ? 0 : done - layer_sizes::udp_header);
      s.payload_size = static_cast<std::uint32_t>(piece - s.transport_header);
      s.ip_header = ip_header + (fragmented ? fragment_header : 0);
      s.label = !fragmented ? "UDP" : done == 0 ? "UDP (first fragment)" : "IP fragment";
      m.segments.push_back(s);
      done += piece;
    }
    offsets[side] += c.size;
  }
  m.notes.push_back("UDP: each read or write of the exchange is modelled as one datagram (split at " +
                    std::to_string(max_udp_data) + " bytes, the largest UDP payload); datagrams larger than "
                    "the MTU are split into IP fragments of at most " +
                    std::to_string(((m.mtu - ip_header - fragment_header) / 8) * 8) +
                    " bytes (a multiple of 8). HTTP/1.1 itself never runs over UDP: this shows what the same "
                    "bytes would cost as datagrams.");
  (void)options;
}

LayerTotals totals(std::string name, std::string unit, std::uint64_t units, std::uint64_t payload,
                   std::uint64_t header, std::uint64_t content) {
  LayerTotals t{std::move(name), std::move(unit), units, payload, header, payload + header};
  if (t.total_bytes > 0) {
    t.overhead_percent = 100.0 * static_cast<double>(header) / static_cast<double>(t.total_bytes);
    t.cumulative_overhead_percent =
        100.0 * static_cast<double>(t.total_bytes - std::min(content, t.total_bytes)) / static_cast<double>(t.total_bytes);
  }
  return t;
}

// HTTP's own overhead: everything that is not message body (request line, headers, chunk
// framing of RFC 9112 §7.1, interim responses).
std::uint64_t http_body_bytes(const ExchangeLog& log) {
  std::uint64_t body = 0;
  if (log.http2.used) {  // HTTP/2: the DATA frames' payloads (the rest is frame headers, HPACK, control)
    for (const H2Frame& f : log.http2.frames)
      if (f.type == h2_type::data) body += f.length;
    return std::min<std::uint64_t>(body, log.bytes_sent.size() + log.received_size());
  }
  auto head_end = log.bytes_sent.find("\r\n\r\n");
  if (head_end != std::string::npos) body += log.bytes_sent.size() - (head_end + 4);
  body += std::min<std::uint64_t>(log.body().size(), log.received_size());
  return body;
}

void compute_totals(const ExchangeLog& log, LayerModel& m) {
  std::uint64_t content = http_body_bytes(log);
  std::uint64_t messages = (log.bytes_sent.empty() ? 0 : 1) + (log.bytes_received.empty() ? 0 : 1);
  if (log.http2.used)
    m.application = totals("HTTP/2", "frames", log.http2.frames.size(), content, m.application_bytes - content, content);
  else
    m.application = totals("HTTP", "messages", messages, content, m.application_bytes - content, content);

  std::uint64_t transport_header = 0, ip_header = 0, ethernet = 0, packets = 0, datagrams = 0;
  for (const Segment& s : m.segments) {
    transport_header += s.transport_header;
    ip_header += s.ip_header;
    ethernet += s.ethernet_overhead();
    ++packets;
    if (s.transport_header > 0) ++datagrams;
  }
  bool tcp = m.transport == LayerTransport::tcp;
  std::string ip_name = m.ipv6 ? "IPv6" : "IPv4";
  m.transport_layer = totals(tcp ? "TCP" : "UDP", tcp ? "segments" : "datagrams", datagrams, m.application_bytes,
                             transport_header, content);
  m.network = totals(ip_name, "packets", packets, m.transport_layer.total_bytes, ip_header, content);
  m.link = totals("Ethernet", "frames", packets, m.network.total_bytes, ethernet, content);
  m.line = totals("Line", "frames", packets, m.link.total_bytes, packets * layer_sizes::ethernet_line, content);
}

}  // namespace

std::string_view to_string(PacketDirection direction) {
  return direction == PacketDirection::client_to_server ? "client → server" : "server → client";
}

std::string tcp_flags_text(std::uint8_t flags) {
  static constexpr std::pair<std::uint8_t, const char*> names[] = {
      {tcp_flags::fin, "FIN"}, {tcp_flags::syn, "SYN"}, {tcp_flags::rst, "RST"}, {tcp_flags::psh, "PSH"},
      {tcp_flags::ack, "ACK"}};
  std::string out;
  for (const auto& [bit, name] : names) {
    if (!(flags & bit)) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// Which HTTP/2 frames each segment carries (Segment::carries), from the frames' offsets in
// their direction's stream: a frame is named in the segment its header starts in. Frames and
// segments are each in stream order per direction, so one sweep per direction does it (a
// 1 GiB download has hundreds of thousands of both).
void label_h2_frames(const ExchangeLog& log, LayerModel& m) {
  for (bool sent : {true, false}) {
    std::vector<const H2Frame*> frames;
    for (const H2Frame& f : log.http2.frames)
      if (f.sent == sent) frames.push_back(&f);
    std::size_t next = 0;  // the first frame that may start in or after the current segment
    for (Segment& s : m.segments) {
      if (s.payload_size == 0 || (s.direction == PacketDirection::client_to_server) != sent) continue;
      const std::uint64_t begin = s.payload_offset, end = s.payload_offset + s.payload_size;
      while (next < frames.size() && frames[next]->offset + frames[next]->size() <= begin) ++next;
      auto name = [](const H2Frame& f) { return h2_frame_type_name(f.type) + "[" + std::to_string(f.stream) + "]"; };
      std::size_t i = next;
      if (i < frames.size() && frames[i]->offset < begin) s.carries = "(" + name(*frames[i++]) + " cont.)";
      for (; i < frames.size() && frames[i]->offset < end; ++i) {
        if (!s.carries.empty()) s.carries += ' ';
        s.carries += name(*frames[i]);
      }
    }
  }
}

LayerModel model_layers(const ExchangeLog& log, const LayerOptions& options) {
  LayerModel m;
  m.transport = options.transport;
  m.capture_start_unix = options.capture_start_unix;
  m.notes.push_back("This is a model computed from the exchange's bytes and timings, not a packet capture.");
  resolve_endpoints(log, options, m);
  const std::uint32_t ip_header = m.ipv6 ? layer_sizes::ipv6_header : layer_sizes::ipv4_header;
  m.mtu = std::max<std::uint32_t>(options.mtu, 1280);  // IPv6's minimum MTU (RFC 8200 §5); IPv4's 576 would do
  m.application_bytes = log.bytes_sent.size() + log.bytes_received.size();
  if (options.keep_payload) {
    m.client_stream = log.bytes_sent;
    m.server_stream = log.bytes_received;
  }

  bool connected = log.timings.connect >= 0 || !log.wire.empty();
  if (!connected) {
    m.notes.push_back("No connection was made, so nothing travelled: the model is empty.");
  } else if (m.transport == LayerTransport::tcp) {
    m.mss = m.mtu - ip_header - layer_sizes::tcp_header;  // RFC 9293 §3.7.1 (RFC 6691)
    TcpModeller tcp(options, m);
    tcp.set_isns(options.client_isn, options.server_isn);
    tcp.run(log);
    m.notes.push_back("TCP: MSS " + std::to_string(m.mss) + " (MTU " + std::to_string(m.mtu) + " - " +
                      std::to_string(ip_header) + " IP - 20 TCP). No TCP options except MSS on the SYNs; real "
                      "stacks add SACK, window scaling and usually timestamps (12 more bytes per segment).");
    m.notes.push_back("ACKs: a pure ACK after every " + std::to_string(options.segments_per_ack) +
                      " segments received; a lone segment is acknowledged by the receiver's next segment, or "
                      "by a pure ACK when the " +
                      std::to_string(static_cast<int>(options.delayed_ack_timeout * 1000)) +
                      " ms delayed-ACK timer fires first. No loss, retransmission, window or congestion "
                      "limits.");
    m.notes.push_back("Times are seen from the client; the server's handshake and FIN replies are placed one "
                      "round trip (the measured connect time) after the packet that caused them.");
  } else {
    model_udp(log, options, m);
  }
  if (log.http2.used) {
    label_h2_frames(log, m);
    m.http2 = true;
    m.notes.push_back("HTTP/2: each packet names the frames whose header starts in it, type[stream]. The "
                      "preface and the frames are TCP payload: tell Wireshark Decode As... HTTP2 for the "
                      "server's port (tshark -d tcp.port==PORT,http2).");
  }
  if (connected) {
    m.notes.push_back("Ethernet II: 14-byte header + 4-byte FCS per frame, padded to the 64-byte minimum; the "
                      "preamble, SFD and inter-frame gap (20 bytes per frame) are in the Line row.");
    if (log.tls)
      m.notes.push_back("HTTPS: the bytes are the decrypted HTTP. TLS records (5-byte header + 16-byte tag each, "
                        "up to 16 KiB) and the TLS handshake are not modelled.");
    if (log.proxy.used) {
      // The proxy hop: the packets go to the proxy, not to the origin the URL names.
      const ProxyChoice& p = log.proxy.choice;
      std::string note = "Proxy hop: the TCP connection is to the proxy " + p.authority() + " (" + p.reason + "), not to " +
                         "the URL's host; ";
      if (p.tunnel)
        note += "before the TLS handshake, CONNECT (" + std::to_string(log.proxy.connect_sent.size()) + " bytes) and the proxy's answer (" +
                std::to_string(log.proxy.connect_received.size()) +
                " bytes) crossed it in plain text; they are not in the segments above, which start with the tunnel's "
                "contents.";
      else
        note += "the request names the origin in absolute-form (RFC 9112 §3.2.2) and the proxy forwards it.";
      m.notes.push_back(note);
    }
    if (log.phase == Phase::failed || log.phase == Phase::cancelled)
      m.notes.push_back("The exchange did not complete; the real connection may have ended with a reset "
                        "instead of the FIN exchange shown.");
  }
  for (Segment& s : m.segments) {
    std::uint32_t frame = s.ip_packet_size() + layer_sizes::ethernet_header + layer_sizes::ethernet_fcs;
    s.ethernet_padding = frame < layer_sizes::ethernet_min_frame ? layer_sizes::ethernet_min_frame - frame : 0;
  }
  compute_totals(log, m);
  return m;
}

}  // namespace wirepad
