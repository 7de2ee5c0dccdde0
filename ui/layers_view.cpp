// ui: layers_view.h.
#include "ui/layers_view.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <chrono>
#include <string>

#include "shared/pcap_export.h"
#include "ui/byte_format.h"
#include "ui/text_fit.h"

namespace wirepad::ui {
namespace {

const ImVec4 kModelColor(1.0f, 0.80f, 0.35f, 1.0f);

LayerOptions options_for(const LayersViewState& view) {
  LayerOptions options;
  options.transport = view.udp ? LayerTransport::udp : LayerTransport::tcp;
  return options;
}

void draw_layer_table(const LayerModel& m) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("layer_totals", 8, flags)) return;
  for (const char* name : {"layer", "units", "payload", "headers", "total", "overhead", "not body", "share of the bytes on the wire"})
    ImGui::TableSetupColumn(name, std::string(name).rfind("share", 0) == 0 ? ImGuiTableColumnFlags_WidthStretch : 0);
  ImGui::TableHeadersRow();
  const std::uint64_t widest = std::max<std::uint64_t>(1, m.line.total_bytes);
  for (const LayerTotals& t : m.layers()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(t.name.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(counted_plural(std::size_t(t.units), t.unit).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_size(std::size_t(t.payload_bytes)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_size(std::size_t(t.header_bytes)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(format_size(std::size_t(t.total_bytes)).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%.1f %%", t.overhead_percent);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f %%", t.cumulative_overhead_percent);
    ImGui::TableNextColumn();
    // The payload handed down (blue) and this layer's own bytes (orange), to scale.
    ImVec2 at = ImGui::GetCursorScreenPos();
    float width = ImGui::GetContentRegionAvail().x;
    float h = ImGui::GetTextLineHeight();
    float payload = width * float(double(t.payload_bytes) / double(widest));
    float total = width * float(double(t.total_bytes) / double(widest));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(ImVec2(at.x, at.y + 2), ImVec2(at.x + payload, at.y + h - 2), IM_COL32(90, 150, 230, 255));
    draw->AddRectFilled(ImVec2(at.x + payload, at.y + 2), ImVec2(at.x + std::max(total, payload + 1.0f), at.y + h - 2),
                        IM_COL32(230, 150, 60, 255));
    ImGui::Dummy(ImVec2(width, h));
  }
  ImGui::EndTable();
}

void draw_packets(const LayerModel& m) {
  const bool tcp = m.transport == LayerTransport::tcp;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingFixedFit;
  const int columns = m.http2 ? 11 : 10;  // HTTP/2: which frames each packet carries
  if (!ImGui::BeginTable("packets", columns, flags, ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, 8 * ImGui::GetFrameHeight()))))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* name : {"#", "time", "direction", "kind", tcp ? "seq" : "frag off", tcp ? "ack" : "ip id", "payload",
                           tcp ? "TCP hdr" : "UDP hdr", "IP hdr", "frame"})
    ImGui::TableSetupColumn(name);
  if (m.http2) ImGui::TableSetupColumn("HTTP/2 frames");
  ImGui::TableHeadersRow();
  // Sequence numbers relative to each side's initial one, as Wireshark shows them.
  const std::uint32_t client_isn = tcp && !m.segments.empty() ? m.segments[0].seq : 0;
  const std::uint32_t server_isn = tcp && m.segments.size() > 1 ? m.segments[1].seq : 0;
  ImGuiListClipper clipper;
  clipper.Begin(int(m.segments.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Segment& s = m.segments[std::size_t(i)];
      const bool from_client = s.direction == PacketDirection::client_to_server;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", i + 1);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_seconds(s.at).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(from_client ? "client > server" : "server > client");
      ImGui::TableNextColumn();
      ImVec4 color = s.flags & (tcp_flags::syn | tcp_flags::fin) ? ImVec4(0.8f, 0.55f, 1.0f, 1.0f)
                     : s.payload_size == 0                         ? ImVec4(0.6f, 0.6f, 0.64f, 1.0f)
                                                                   : ImVec4(0.5f, 0.85f, 0.5f, 1.0f);
      ImGui::TextColored(color, "%s", s.label.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%u", tcp ? s.seq - (from_client ? client_isn : server_isn) : s.fragment_offset);
      ImGui::TableNextColumn();
      ImGui::Text("%u", tcp ? (s.ack ? s.ack - (from_client ? server_isn : client_isn) : 0) : s.ip_id);
      ImGui::TableNextColumn();
      ImGui::Text("%u", s.payload_size);
      ImGui::TableNextColumn();
      ImGui::Text("%u", s.transport_header);
      ImGui::TableNextColumn();
      ImGui::Text("%u", s.ip_header);
      ImGui::TableNextColumn();
      ImGui::Text("%u", s.frame_size());
      if (m.http2) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.carries.c_str());
      }
    }
  }
  clipper.End();
  ImGui::EndTable();
}

}  // namespace

void update_layers_view(LayersViewState& view, const ExchangeLog& log, unsigned long generation) {
  const std::size_t seen = log.bytes_sent.size() + log.bytes_received.size() + std::size_t(log.finished());
  if (view.generation == generation && view.bytes_seen == seen && view.modelled_udp == view.udp) return;
  if (view.generation != generation) view.save_note.clear();
  LayerOptions options = options_for(view);
  options.keep_payload = false;  // the view needs sizes only; a pcap is made on demand
  view.model = model_layers(log, options);
  view.generation = generation;
  view.bytes_seen = seen;
  view.modelled_udp = view.udp;
}

void save_layers_pcap(LayersViewState& view, const Services& services, const ExchangeLog& log) {
  if (!services.save_file) {
    view.save_failed = true;
    view.save_note = "this build cannot save files";
    return;
  }
  LayerOptions options = options_for(view);
  // The core reads no clock: the wall-clock start of the exchange comes from here.
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  options.capture_start_unix = now - std::max(0.0, log.timings.total);
  LayerModel model = model_layers(log, options);
  std::string pcap = export_pcap(model);
  Error error = services.save_file(view.pcap_path, pcap);
  view.save_failed = bool(error);
  view.save_note = error ? error.message
                         : "saved " + counted(model.segments.size(), "packet") + " (" + format_size(pcap.size()) +
                               ") as " + view.pcap_path + ": open it in Wireshark, or tshark -r";
}

void draw_layers_view(LayersViewState& view, const Services& services, const ExchangeLog& log, unsigned long generation) {
  update_layers_view(view, log, generation);
  const LayerModel& m = view.model;
  // Wrapped and fitted: the banner is read whole at any width, never cut at the edge.
  ImGui::PushStyleColor(ImGuiCol_Text, kModelColor);
  ImGui::TextWrapped("A MODEL computed from the exchange, not a capture: the kernel's real segments, options and "
                     "retransmissions are not known here.");
  ImGui::PopStyleColor();
  if (ImGui::RadioButton("TCP", !view.udp)) view.udp = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("as UDP datagrams", view.udp)) view.udp = true;
  ImGui::SameLine();
  const std::string endpoints = "|  " + format_ip_address(m.client_ip) + ":" + std::to_string(m.client_port) + " > " +
                                format_ip_address(m.server_ip) + ":" + std::to_string(m.server_port) + ", " +
                                (m.ipv6 ? "IPv6" : "IPv4") + ", MTU " + std::to_string(m.mtu) +
                                (m.mss ? ", MSS " + std::to_string(m.mss) : std::string());
  text_fit_disabled(endpoints);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
  ImGui::InputText("##pcap_path", &view.pcap_path);
  ImGui::SameLine();
  ImGui::BeginDisabled(!log.finished() || m.segments.empty());
  if (ImGui::Button("Save as pcap")) save_layers_pcap(view, services, log);
  ImGui::EndDisabled();
  if (!view.save_note.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(view.save_failed ? ImVec4(1.0f, 0.45f, 0.42f, 1.0f) : ImVec4(0.45f, 0.85f, 0.45f, 1.0f), "%s",
                       view.save_note.c_str());
  }
  draw_layer_table(m);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("overhead: this layer's own bytes / its total;  not body: everything but the HTTP body / the total.");
  ImGui::PopStyleColor();
  if (ImGui::CollapsingHeader("Assumptions of the model")) {
    for (const std::string& note : m.notes) ImGui::BulletText("%s", note.c_str());
  }
  ImGui::TextUnformatted(counted(m.segments.size(), "packet").c_str());
  draw_packets(m);
}

}  // namespace wirepad::ui
