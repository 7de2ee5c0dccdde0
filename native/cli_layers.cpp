// native: the `layers` subcommand. See cli_layers.h.
#include "native/cli_layers.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "native/cli_args.h"
#include "native/posix_transport.h"
#include "shared/pcap_export.h"
#include "shared/protocol_layers.h"

namespace wirepad::native {
namespace {

constexpr const char* usage =
    "usage: wirepad layers [--pcap OUT.pcap] [--udp] [--packets N] [--http2 | --http2-prior-knowledge] [-k] URL\n"
    "  Sends GET URL and shows how the exchange travelled down the stack (a model computed\n"
    "  from its bytes and timings, not a capture).\n"
    "  --pcap OUT.pcap  also write the reconstructed packets for Wireshark / tshark\n"
    "  --udp            model the same bytes as UDP datagrams instead of TCP\n"
    "  --packets N      how many packets to list (default 12, 0 for none)\n"
    "  --http2          offer h2 in TLS ALPN, as curl does; each packet then names its HTTP/2 frames\n"
    "  --http2-prior-knowledge  speak HTTP/2 at once (h2c on http://)\n"
    "  -k, --insecure   do not verify the server's certificate\n";

void print_layer_table(const LayerModel& m) {
  std::printf("%-9s %8s %-9s %12s %10s %12s %9s %9s\n", "layer", "units", "", "payload B", "header B", "total B",
              "overhead", "not body");
  for (const LayerTotals& t : m.layers()) {
    std::printf("%-9s %8llu %-9s %12llu %10llu %12llu %8.2f%% %8.2f%%\n", t.name.c_str(),
                static_cast<unsigned long long>(t.units), t.unit.c_str(), static_cast<unsigned long long>(t.payload_bytes),
                static_cast<unsigned long long>(t.header_bytes), static_cast<unsigned long long>(t.total_bytes),
                t.overhead_percent, t.cumulative_overhead_percent);
  }
  std::printf("(overhead: this layer's headers / its total; not body: everything but the HTTP body / the total)\n");
}

void print_packets(const LayerModel& m, std::size_t count) {
  if (count == 0 || m.segments.empty()) return;
  bool tcp = m.transport == LayerTransport::tcp;
  // Sequence numbers relative to each side's initial one, as Wireshark shows them.
  std::uint32_t client_isn = tcp ? m.segments[0].seq : 0;
  std::uint32_t server_isn = tcp && m.segments.size() > 1 ? m.segments[1].seq : 0;
  std::printf("\nfirst %zu of %zu packets:\n", std::min(count, m.segments.size()), m.segments.size());
  const bool h2 = m.http2;
  std::printf("%5s %11s  %-16s %-22s %9s %9s %8s %6s%s\n", "#", "time ms", "direction", "kind", tcp ? "seq" : "frag off",
              tcp ? "ack" : "ip id", "payload", "frame", h2 ? "  HTTP/2 frames" : "");
  for (std::size_t i = 0; i < m.segments.size() && i < count; ++i) {
    const Segment& s = m.segments[i];
    bool from_client = s.direction == PacketDirection::client_to_server;
    std::uint32_t seq = tcp ? s.seq - (from_client ? client_isn : server_isn) : s.fragment_offset;
    std::uint32_t ack = tcp ? (s.ack ? s.ack - (from_client ? server_isn : client_isn) : 0) : s.ip_id;
    std::printf("%5zu %11.3f  %-16s %-22s %9u %9u %8u %6u%s%s\n", i + 1, s.at * 1000,
                from_client ? "client > server" : "server > client", s.label.c_str(), seq, ack, s.payload_size,
                s.frame_size(), s.carries.empty() ? "" : "  ", s.carries.c_str());
  }
}

}  // namespace

int run_layers_command(int argc, char** argv) {
  Args args(argc, argv, 2);
  std::string pcap_path;
  std::string url;
  std::size_t packets = 12;
  LayerOptions options;
  ExchangeOptions exchange_options;
  while (!args.done()) {
    std::string error;
    if (auto v = args.value("", "--pcap", error)) {
      pcap_path = *v;
    } else if (auto n = args.value("", "--packets", error)) {
      try {
        packets = static_cast<std::size_t>(std::stoul(*n));
      } catch (...) {
        std::cerr << "wirepad layers: --packets needs a number, not '" << *n << "'\n" << usage;
        return 2;
      }
    } else if (!error.empty()) {
      std::cerr << "wirepad layers: " << error << "\n" << usage;
      return 2;
    } else if (args.flag("", "--http2")) {
      exchange_options.http_version = HttpVersion::http2;
    } else if (args.flag("", "--http2-prior-knowledge")) {
      exchange_options.http_version = HttpVersion::http2_prior_knowledge;
    } else if (args.flag("-k", "--insecure")) {
      exchange_options.verify_tls = false;
    } else if (args.flag("", "--udp")) {
      options.transport = LayerTransport::udp;
    } else if (args.flag("-h", "--help")) {
      std::cout << usage;
      return 0;
    } else if (args.peek().rfind("-", 0) == 0) {
      std::cerr << "wirepad layers: unknown option " << args.peek() << "\n" << usage;
      return 2;
    } else if (url.empty()) {
      url = args.next();
    } else {
      std::cerr << "wirepad layers: only one URL, but got '" << url << "' and '" << args.peek() << "'\n" << usage;
      return 2;
    }
  }
  if (url.empty()) {
    std::cerr << "wirepad layers: give the URL to send GET to\n" << usage;
    return 2;
  }

  HttpRequest request;
  request.url = url;
  auto exchange = HttpExchange::create(request, exchange_options);
  if (!exchange) {
    std::cerr << "wirepad layers: " << exchange.error().message << "\n";
    return 2;
  }
  options.capture_start_unix =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  ExchangeLog log = perform_blocking(std::move(exchange).value());
  LayerModel model = model_layers(log, options);

  std::printf("%s %s -> %s\n", log.request.method.c_str(), log.target_url.c_str(),
              log.phase == Phase::done ? (std::to_string(log.response.status) + " " + log.response.reason).c_str()
                                       : log.error.message.c_str());
  std::printf("how it travelled: a MODEL computed from the exchange, not a capture\n\n");
  print_layer_table(model);
  print_packets(model, packets);
  std::printf("\nassumptions:\n");
  for (const std::string& note : model.notes) std::printf("  - %s\n", note.c_str());

  if (!pcap_path.empty()) {
    std::string pcap = export_pcap(model);
    std::ofstream out(pcap_path, std::ios::binary | std::ios::trunc);
    out.write(pcap.data(), static_cast<std::streamsize>(pcap.size()));
    out.close();
    if (!out) {
      std::cerr << "wirepad layers: cannot write " << pcap_path << ": check the folder exists and is writable\n";
      return 1;
    }
    // HTTPS is written decrypted, and HTTP/2 on a port Wireshark does not guess: say how to read it.
    std::string decode_as;
    if (log.http2.used || log.tls)
      decode_as = " -d tcp.port==" + std::to_string(model.server_port) + (log.http2.used ? ",http2" : ",http");
    std::printf("\npcap written to %s (%zu packets, %zu bytes): open it in Wireshark or run tshark -r %s%s\n",
                pcap_path.c_str(), model.segments.size(), pcap.size(), pcap_path.c_str(), decode_as.c_str());
  }
  if (log.phase != Phase::done) {
    std::cerr << "wirepad layers: " << log.error.message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace wirepad::native
