// ui: socket_panel.h.
#include "ui/socket_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "ui/byte_format.h"

namespace wirepad::ui {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kSentColor(0.55f, 0.75f, 1.0f, 1.0f);
const ImVec4 kReceivedColor(0.45f, 0.85f, 0.45f, 1.0f);

void queue(AppState& state, Platform& platform, SocketStep step) {
  state.socket.error = platform.queue_socket_step(std::move(step));
}

void draw_transcript(const SocketComposer& composer, const SocketLog& log) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("transcript", 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("bytes", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn(composer.hex_view ? "hex" : "data (escaped: \\r \\n \\xNN)", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(log.transcript.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TranscriptEntry& e = log.transcript[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", format_seconds(e.at).c_str());
      ImGui::TableNextColumn();
      using K = TranscriptEntry::Kind;
      switch (e.kind) {
        case K::sent: ImGui::TextColored(kSentColor, "sent"); break;
        case K::received: ImGui::TextColored(kReceivedColor, "recv"); break;
        case K::step: ImGui::TextDisabled("step"); break;
        case K::event: ImGui::TextDisabled("event"); break;
        case K::error: ImGui::TextColored(kErrorColor, "error"); break;
      }
      ImGui::TableNextColumn();
      if (e.kind == K::sent || e.kind == K::received) ImGui::Text("%zu", e.bytes.size());
      ImGui::TableNextColumn();
      if (e.kind == K::sent || e.kind == K::received) {
        std::string shown;
        if (composer.hex_view) {
          for (std::size_t off = 0; off < e.bytes.size() && off < 4096; off += 16)
            shown += (off ? "\n" : "") + hex_dump_row(std::string_view(e.bytes).substr(off, 16), off);
        } else {
          shown = escape_bytes(e.bytes);
        }
        ImGui::TextUnformatted(shown.c_str());
      } else if (e.kind == K::error) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
        ImGui::TextWrapped("%s", e.text.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::TextUnformatted(e.text.c_str());
      }
    }
  }
  clipper.End();
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1) ImGui::SetScrollHereY(1.0f);  // follow new lines
  ImGui::EndTable();
}

}  // namespace

void socket_connect(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  Endpoint endpoint;
  endpoint.protocol = c.udp ? Protocol::udp : Protocol::tcp;
  endpoint.host = c.host;
  endpoint.port = c.port > 0 && c.port < 65536 ? std::uint16_t(c.port) : 0;
  endpoint.connect_timeout = state.options.connect_timeout;
  Result<SocketSession> session = SocketSession::create(endpoint);
  if (!session) {
    c.error = session.error();
    return;
  }
  c.error = {};
  platform.start_socket(std::move(session.value()));
  queue(state, platform, SocketStep{StepKind::connect, {}, 0});
}

void socket_send(AppState& state, Platform& platform) {
  Result<std::string> bytes = decode_payload(state.socket.payload, state.socket.format);
  if (!bytes) {
    state.socket.error = bytes.error();
    return;
  }
  queue(state, platform, SocketStep{StepKind::send, std::move(bytes.value()), 0});
}

void socket_expect(AppState& state, Platform& platform) {
  Result<std::string> bytes = decode_payload(state.socket.expect, state.socket.format);
  if (!bytes) {
    state.socket.error = bytes.error();
    return;
  }
  queue(state, platform, SocketStep{StepKind::expect, std::move(bytes.value()), state.socket.expect_seconds});
}

void socket_close(AppState& state, Platform& platform) { queue(state, platform, SocketStep{StepKind::close, {}, 0}); }

void draw_socket_panel(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  bool active = false;
  platform.with_socket([&](const SocketLog* log) { active = log && !log->finished(); });

  // 1. create + connect
  ImGui::BeginDisabled(active);
  int protocol = c.udp ? 1 : 0;
  ImGui::RadioButton("TCP", &protocol, 0);
  ImGui::SameLine();
  ImGui::RadioButton("UDP", &protocol, 1);
  c.udp = protocol == 1;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  ImGui::InputTextWithHint("##host", "host or address", &c.host);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputInt("port", &c.port, 0);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!active) {
    if (ImGui::Button("Connect")) socket_connect(state, platform);
  } else {
    if (ImGui::Button("Close")) socket_close(state, platform);
    ImGui::SameLine();
    if (ImGui::Button("Abort")) platform.cancel_socket();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Close now, dropping queued steps");
  }

  // 2. send / expect
  int format = static_cast<int>(c.format);
  ImGui::TextDisabled("payload as");
  ImGui::SameLine();
  ImGui::RadioButton("text", &format, 0);
  ImGui::SameLine();
  ImGui::RadioButton("escapes (\\r \\n \\xNN)", &format, 1);
  ImGui::SameLine();
  ImGui::RadioButton("hex", &format, 2);
  c.format = static_cast<PayloadFormat>(format);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 6);
  if (ImGui::InputTextWithHint("##payload", "bytes to send", &c.payload, ImGuiInputTextFlags_EnterReturnsTrue) && active)
    socket_send(state, platform);
  ImGui::SameLine();
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Send")) socket_send(state, platform);
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  ImGui::InputTextWithHint("##expect", "expect bytes (same format)", &c.expect);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
  ImGui::InputDouble("s", &c.expect_seconds, 0, 0, "%.1f");
  ImGui::SameLine();
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Expect")) socket_expect(state, platform);
  ImGui::EndDisabled();
  if (c.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", c.error.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();

  // 3. the transcript
  platform.with_socket([&](const SocketLog* log) {
    if (!log) {
      ImGui::TextDisabled("Connect to open a socket; each step you take appears here with its time and bytes.");
      ImGui::TextDisabled("Examples menu: the lab's TCP and UDP echo servers, and the tutorial's HTTP client.");
      return;
    }
    ImGui::Text("%s %s  |  %s  |  sent %zu B, received %zu B%s", log->endpoint.protocol == Protocol::udp ? "UDP" : "TCP",
                log->remote_address.empty() ? (log->endpoint.host + ":" + std::to_string(log->endpoint.port)).c_str()
                                            : log->remote_address.c_str(),
                std::string(to_string(log->state)).c_str(), log->bytes_sent, log->bytes_received,
                log->endpoint.protocol == Protocol::udp ? (" in " + std::to_string(log->datagrams_received) + " datagrams").c_str() : "");
    ImGui::SameLine();
    ImGui::Checkbox("hex", &c.hex_view);
    draw_transcript(c, *log);
  });
}

}  // namespace wirepad::ui
