// ui: listen_panel.h.
#include "ui/listen_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "ui/byte_format.h"
#include "ui/socket_panel.h"

namespace wirepad::ui {

const char* const kBrowserCannotListen =
    "Listening is not possible in the browser: a web page cannot accept connections or bind a port, and the "
    "Wirepad relay only opens outgoing connections for it. Run the other end with the desktop app or the command "
    "line: `wirepad listen 5000` (TCP), `wirepad listen --udp 5000`, `wirepad listen --udp --group 239.255.0.1 5001`.";

namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);

LocalServices* services(AppState& state, Platform& platform) {
  LocalServices* local = platform.local();
  if (!local) state.socket.listen.error = make_error(ErrorCode::invalid_request, kBrowserCannotListen);
  return local;
}

}  // namespace

void listen_start(AppState& state, Platform& platform) {
  ListenComposer& l = state.socket.listen;
  LocalServices* local = services(state, platform);
  if (!local) return;
  if (l.port < 0 || l.port > 65535) {
    l.error = make_error(ErrorCode::invalid_request, "the port must be from 0 (any free port) to 65535");
    return;
  }
  ListenRequest request;
  request.protocol = l.udp ? Protocol::udp : Protocol::tcp;
  request.bind = l.bind;
  request.port = std::uint16_t(l.port);
  request.broadcast = l.broadcast;
  l.error = local->start_listen(request);
  l.selected_peer = 0;
}

void listen_stop(AppState& state, Platform& platform) {
  if (LocalServices* local = services(state, platform)) local->stop_listen();
}

void listen_reply(AppState& state, Platform& platform, int peer) {
  ListenComposer& l = state.socket.listen;
  LocalServices* local = services(state, platform);
  if (!local) return;
  Result<std::string> bytes = decode_payload(l.reply, PayloadFormat::escaped);
  if (!bytes) {
    l.error = bytes.error();
    return;
  }
  l.error = local->listen_send(peer, bytes.value());
}

void listen_join(AppState& state, Platform& platform) {
  ListenComposer& l = state.socket.listen;
  if (LocalServices* local = services(state, platform)) l.error = local->join_group(l.group, l.interface_name);
}

void listen_leave(AppState& state, Platform& platform) {
  ListenComposer& l = state.socket.listen;
  if (LocalServices* local = services(state, platform)) l.error = local->leave_group(l.group, l.interface_name);
}

void draw_listen_panel(AppState& state, Platform& platform) {
  ListenComposer& l = state.socket.listen;
  LocalServices* local = platform.local();
  if (!local) {
    ImGui::TextWrapped("%s", kBrowserCannotListen);
    return;
  }
  bool listening = false;
  local->with_listen([&](const ListenLog* log) { listening = log && log->listening; });

  ImGui::BeginDisabled(listening);
  int protocol = l.udp ? 1 : 0;
  ImGui::RadioButton("TCP server", &protocol, 0);
  ImGui::SameLine();
  ImGui::RadioButton("UDP socket", &protocol, 1);
  l.udp = protocol == 1;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::InputTextWithHint("bind", "0.0.0.0 or ::", &l.bind);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputInt("port##listen", &l.port, 0);
  if (l.udp) {
    ImGui::SameLine();
    ImGui::Checkbox("broadcast##listen", &l.broadcast);
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!listening) {
    if (ImGui::Button("Listen")) listen_start(state, platform);
  } else if (ImGui::Button("Stop")) {
    listen_stop(state, platform);
  }
  if (l.udp) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::InputTextWithHint("##group", "multicast group", &l.group);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputTextWithHint("##iface", "interface (any)", &l.interface_name);
    ImGui::SameLine();
    ImGui::BeginDisabled(!listening);
    if (ImGui::Button("Join")) listen_join(state, platform);
    ImGui::SameLine();
    if (ImGui::Button("Leave")) listen_leave(state, platform);
    ImGui::EndDisabled();
  }
  if (l.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", l.error.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();

  int reply_to = 0, shut = 0, close = 0;
  local->with_listen([&](const ListenLog* log) {
    if (!log) {
      ImGui::TextDisabled("Listen, then connect to it from the Session tab (or another program): both ends of the exchange are yours.");
      return;
    }
    ImGui::Text("%s %s%s", log->request.protocol == Protocol::udp ? "UDP" : "TCP", log->bound.empty() ? "(not bound)" : log->bound.c_str(),
                log->listening ? "  |  listening" : "  |  stopped");
    if (!log->groups.empty()) {
      std::string groups;
      for (const std::string& g : log->groups) groups += (groups.empty() ? "" : ", ") + g;
      ImGui::SameLine();
      ImGui::Text("  |  member of %s", groups.c_str());
    }
    for (const TranscriptEntry& e : log->events) {
      if (e.kind == TranscriptEntry::Kind::error) ImGui::TextColored(kErrorColor, "%s  %s", format_seconds(e.at).c_str(), e.text.c_str());
      else ImGui::TextDisabled("%s  %s", format_seconds(e.at).c_str(), e.text.c_str());
    }
    if (log->peers.empty()) {
      ImGui::TextDisabled(log->request.protocol == Protocol::udp ? "No datagram yet." : "No connection yet.");
      return;
    }
    // Left: the connections (UDP: the senders). Right: the chosen one's transcript.
    const ListenPeer* shown = &log->peers.back();
    for (const ListenPeer& p : log->peers)
      if (p.id == l.selected_peer) shown = &p;
    ImGui::BeginChild("peers", ImVec2(ImGui::GetFontSize() * 16, 0), true);
    for (const ListenPeer& p : log->peers) {
      std::string label = "#" + std::to_string(p.id) + " " + p.address + "\n   " + std::to_string(p.bytes_received) + " B in, " +
                          std::to_string(p.bytes_sent) + " B out" +
                          (log->request.protocol == Protocol::tcp ? (p.open ? (p.peer_finished ? ", FIN" : ", open") : ", closed") : "");
      if (ImGui::Selectable(label.c_str(), &p == shown)) l.selected_peer = p.id;
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("#%d %s", shown->id, shown->address.c_str());
    const bool can_send = log->listening && (log->request.protocol == Protocol::udp || (shown->open && !shown->write_shut));
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##reply", "reply (escapes: \\r \\n \\xNN)", &l.reply);
    ImGui::SameLine();
    ImGui::BeginDisabled(!can_send);
    if (ImGui::Button("Reply")) reply_to = shown->id;
    ImGui::EndDisabled();
    if (log->request.protocol == Protocol::tcp) {
      ImGui::SameLine();
      ImGui::BeginDisabled(!can_send);
      if (ImGui::Button("Half-close##listen")) shut = shown->id;
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::BeginDisabled(!shown->open);
      if (ImGui::Button("Close##listen")) close = shown->id;
      ImGui::EndDisabled();
    }
    draw_transcript_table("peer_transcript", shown->transcript);
    ImGui::EndGroup();
  });
  // Acted on outside with_listen: the services take their own lock.
  if (reply_to) listen_reply(state, platform, reply_to);
  if (shut) l.error = local->listen_shutdown(shut);
  if (close) l.error = local->listen_close(close);
}

}  // namespace wirepad::ui
