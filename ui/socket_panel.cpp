// ui: socket_panel.h.
#include "ui/socket_panel.h"
#include "ui/conversation_tests.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

#include "ui/byte_format.h"
#include "ui/listen_panel.h"
#include "ui/socket_lessons.h"

namespace wirepad::ui {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kSentColor(0.55f, 0.75f, 1.0f, 1.0f);
const ImVec4 kReceivedColor(0.45f, 0.85f, 0.45f, 1.0f);
const ImVec4 kOkColor(0.45f, 0.85f, 0.45f, 1.0f);

void queue(AppState& state, Platform& platform, SocketStep step) {
  state.socket.error = platform.queue_socket_step(std::move(step));
}

// Hex, 8 bytes a line (narrow enough to sit beside the text column); at most 4 KiB shown.
std::string hex_lines(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string shown;
  const std::size_t limit = std::min<std::size_t>(bytes.size(), 4096);
  for (std::size_t i = 0; i < limit; ++i) {
    if (i) shown += i % 8 == 0 ? '\n' : ' ';
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    shown += digits[c >> 4];
    shown += digits[c & 15];
  }
  if (bytes.size() > limit) shown += "\n... (" + counted(bytes.size() - limit, "more byte", "more bytes") + ")";
  return shown;
}

void draw_error(const Error& error) {
  if (!error) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", error.message.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

// The transcript table, shared with the listen panel: time, direction, byte count, the bytes
// as escaped text and as hex side by side; steps, events and errors as sentences.
void draw_transcript_table(const char* id, const std::vector<TranscriptEntry>& transcript) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
  if (!ImGui::BeginTable(id, 5, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0000.000 ms").x);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("recv <").x);
  ImGui::TableSetupColumn("bytes", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("000000").x);
  ImGui::TableSetupColumn("text (escaped: \\r \\n \\xNN)", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("hex", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00 00 00 00 00 00 00 00 ").x);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(transcript.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TranscriptEntry& e = transcript[static_cast<std::size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", format_seconds(e.at).c_str());
      ImGui::TableNextColumn();
      using K = TranscriptEntry::Kind;
      switch (e.kind) {
        case K::sent: ImGui::TextColored(kSentColor, "sent >"); break;
        case K::received: ImGui::TextColored(kReceivedColor, "recv <"); break;
        case K::step: ImGui::TextDisabled("step"); break;
        case K::event: ImGui::TextDisabled("event"); break;
        case K::error: ImGui::TextColored(kErrorColor, "error"); break;
      }
      ImGui::TableNextColumn();
      if (e.kind == K::sent || e.kind == K::received) ImGui::Text("%zu", e.bytes.size());
      ImGui::TableNextColumn();
      if (e.kind == K::sent || e.kind == K::received) {
        // ASCII escapes only: a learner sees each byte that is not printable ASCII as \xNN.
        std::string text = escape_payload(std::string_view(e.bytes).substr(0, 4096));
        ImGui::TextWrapped("%s%s", text.c_str(), e.bytes.size() > 4096 ? " ..." : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(hex_lines(e.bytes).c_str());
      } else if (e.kind == K::error) {
        ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
        ImGui::TextWrapped("%s", e.text.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::TextWrapped("%s", e.text.c_str());
      }
    }
  }
  clipper.End();
  if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1) ImGui::SetScrollHereY(1.0f);  // follow new lines
  ImGui::EndTable();
}

// The steps with their times and results, shared with the WebSocket panel.
void draw_step_table(const char* id, const std::vector<StepRecord>& steps) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, 4, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("at", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("took", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("result", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableHeadersRow();
  for (const StepRecord& r : steps) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", r.label.c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", format_seconds(r.started).c_str());
    ImGui::TableNextColumn();
    if (r.ended >= 0) ImGui::Text("%s", format_seconds(r.ended - r.started).c_str());
    else ImGui::TextDisabled("...");
    ImGui::TableNextColumn();
    if (r.ended < 0) {
      ImGui::TextDisabled("running");
    } else if (r.ok) {
      ImGui::TextColored(kOkColor, "ok");
    } else {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("failed: %s", r.error.c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

namespace {

void draw_timeline(const SocketLog& log) { draw_step_table("timeline", log.steps); }

Result<std::string> payload_bytes(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  if (!c.payload_file) return decode_payload(c.payload, c.format);
  LocalServices* local = platform.local();
  if (!local)
    return make_error(ErrorCode::invalid_request,
                      "the browser build cannot read files by path; paste the bytes as text or hex instead");
  return local->read_file(c.file_path);
}

}  // namespace

void socket_connect(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  bool held = false;
  platform.with_socket([&](const SocketLog* log) { held = log && !log->finished() && log->held; });
  if (held) {  // made by Create: connect it
    queue(state, platform, SocketStep{StepKind::connect, {}, 0});
    return;
  }
  Result<SocketSession> session = SocketSession::create(socket_endpoint(state));
  if (!session) {
    c.error = session.error();
    return;
  }
  c.error = {};
  platform.start_socket(std::move(session.value()));
  queue(state, platform, SocketStep{StepKind::connect, {}, 0});
}

void socket_create(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  Endpoint endpoint = socket_endpoint(state);
  endpoint.hold_before_connect = true;
  Result<SocketSession> session = SocketSession::create(endpoint);
  if (!session) {
    c.error = session.error();
    return;
  }
  c.error = {};
  platform.start_socket(std::move(session.value()));
}

void socket_send(AppState& state, Platform& platform) {
  Result<std::string> bytes = payload_bytes(state, platform);
  if (!bytes) {
    state.socket.error = bytes.error();
    return;
  }
  queue(state, platform, SocketStep{StepKind::send, std::move(bytes.value()), 0});
}

void socket_receive(AppState& state, Platform& platform) {
  queue(state, platform, SocketStep{StepKind::receive, {}, state.socket.receive_seconds});
}

void socket_expect(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  if (c.expect_regex) {
    queue(state, platform, SocketStep{StepKind::expect, c.expect, c.expect_seconds, true});
    return;
  }
  Result<std::string> bytes = decode_payload(c.expect, c.format);
  if (!bytes) {
    c.error = bytes.error();
    return;
  }
  queue(state, platform, SocketStep{StepKind::expect, std::move(bytes.value()), c.expect_seconds});
}

void socket_shutdown(AppState& state, Platform& platform) { queue(state, platform, SocketStep{StepKind::shutdown, {}, 0}); }

void socket_close(AppState& state, Platform& platform) { queue(state, platform, SocketStep{StepKind::close, {}, 0}); }

void socket_run_script(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  if (c.script.empty()) {
    c.error = make_error(ErrorCode::invalid_request, "no script loaded: pick a lesson in the Examples menu, load a file, or step "
                                                     "through a session and save it");
    return;
  }
  Result<SocketSession> session = SocketSession::create(socket_endpoint(state), c.script);
  if (!session) {
    c.error = session.error();
    return;
  }
  c.error = {};
  platform.start_socket(std::move(session.value()));
}

void socket_save_script(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  std::vector<SocketStep> steps = c.script;
  platform.with_socket([&](const SocketLog* log) {
    if (log && !log->script.empty()) steps = log->script;
  });
  if (steps.empty()) {
    c.error = make_error(ErrorCode::invalid_request, "nothing to save yet: connect and take some steps first");
    return;
  }
  if (steps.back().kind != StepKind::close) steps.push_back(SocketStep{StepKind::close, {}, 0});
  std::string text = serialize_experiment(socket_experiment_from_state(state, steps));
  c.script = steps;
  if (LocalServices* local = platform.local()) {
    c.error = local->write_file(c.script_path, text);
    if (!c.error) c.script_note = "saved " + counted(steps.size(), "step") + " to " + c.script_path + " (replay: wirepad run " + c.script_path + ")";
  } else {
    ImGui::SetClipboardText(text.c_str());
    c.error = {};
    c.script_note = "the script is on the clipboard as an experiment (JSON); save it to a file to replay it with wirepad run";
  }
}

void socket_load_script(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  LocalServices* local = platform.local();
  if (!local) {
    c.error = make_error(ErrorCode::invalid_request, "the browser build cannot open files by path; use the Examples menu's lessons");
    return;
  }
  Result<std::string> text = local->read_file(c.script_path);
  if (!text) {
    c.error = text.error();
    return;
  }
  Result<Experiment> experiment = parse_experiment(text.value());
  if (!experiment) {
    c.error = make_error(experiment.error().code, c.script_path + ": " + experiment.error().message, experiment.error().offset);
    return;
  }
  if (experiment->kind != ExperimentKind::socket) {
    c.error = make_error(ErrorCode::invalid_request, c.script_path + " is an HTTP experiment; open it in the HTTP tab");
    return;
  }
  load_socket_experiment(state, experiment.value());
  c.script_note = "loaded " + counted(c.script.size(), "step") + " from " + c.script_path;
}

namespace {

void draw_session(AppState& state, Platform& platform) {
  SocketComposer& c = state.socket;
  bool active = false;
  bool connected = false;
  bool held = false;  // created, not connected yet
  platform.with_socket([&](const SocketLog* log) {
    active = log && !log->finished();
    connected = active && log->state == SocketState::open;
    held = active && log->held;
  });

  // 1. create + connect: protocol, address family, host, port.
  ImGui::BeginDisabled(active);
  int protocol = c.udp ? 1 : 0;
  ImGui::RadioButton("TCP", &protocol, 0);
  ImGui::SameLine();
  ImGui::RadioButton("UDP", &protocol, 1);
  c.udp = protocol == 1;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.5f);
  const char* families[] = {"IPv4 or IPv6", "IPv4 only", "IPv6 only"};
  ImGui::Combo("##family", &c.family, families, 3);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  ImGui::InputTextWithHint("##host", "host or address", &c.host);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::InputInt("port", &c.port, 0);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!active && platform.can_create_before_connect()) {
    // The tutorial's first two steps one at a time: socket(), then connect().
    if (ImGui::Button("Create")) socket_create(state, platform);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("socket(): create the socket, not connected yet");
    ImGui::SameLine();
  }
  if (!active || held) {
    if (ImGui::Button("Connect")) socket_connect(state, platform);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(held ? "connect(): connect the socket you created (for UDP: fix the peer address)"
                             : "create the socket and connect it (for UDP: fix the peer address)");
  }
  if (held) {
    ImGui::SameLine();
    if (ImGui::Button("Abort")) platform.cancel_socket();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Close the socket without connecting");
  } else if (active) {
    if (ImGui::Button("Close")) socket_close(state, platform);
    ImGui::SameLine();
    if (ImGui::Button("Abort")) platform.cancel_socket();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Close now, dropping queued steps");
  }
  if (c.udp) {
    ImGui::BeginDisabled(active);
    ImGui::Checkbox("broadcast (SO_BROADCAST)", &c.broadcast);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::InputInt("multicast TTL", &c.multicast_ttl);
    c.multicast_ttl = std::max(0, std::min(255, c.multicast_ttl));
    ImGui::SameLine();
    ImGui::Checkbox("multicast loopback", &c.multicast_loopback);
    ImGui::EndDisabled();
  }

  // 2. send (text, escapes, hex or a file), half-close.
  int format = c.payload_file ? 3 : static_cast<int>(c.format);
  ImGui::TextDisabled("payload as");
  ImGui::SameLine();
  ImGui::RadioButton("text", &format, 0);
  ImGui::SameLine();
  ImGui::RadioButton("escapes (\\r \\n \\xNN)", &format, 1);
  ImGui::SameLine();
  ImGui::RadioButton("hex", &format, 2);
  ImGui::SameLine();
  ImGui::RadioButton("file", &format, 3);
  c.payload_file = format == 3;
  if (!c.payload_file) c.format = static_cast<PayloadFormat>(format);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * (c.udp ? 6 : 14));
  if (c.payload_file) {
    ImGui::InputTextWithHint("##file", platform.local() ? "path of the file to send" : "(files cannot be read by path in the browser)",
                             &c.file_path);
  } else if (ImGui::InputTextWithHint("##payload", "bytes to send", &c.payload, ImGuiInputTextFlags_EnterReturnsTrue) && active) {
    socket_send(state, platform);
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Send")) socket_send(state, platform);
  if (!c.udp) {
    ImGui::SameLine();
    if (ImGui::Button("Half-close")) socket_shutdown(state, platform);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("shutdown(SHUT_WR): send FIN, keep receiving");
  }
  ImGui::EndDisabled();

  // 3. receive / expect.
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Receive")) socket_receive(state, platform);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("wait for the next bytes, like recv()");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputDouble("s##receive", &c.receive_seconds, 0, 0, "%.1f");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  ImGui::InputTextWithHint("##expect", c.expect_regex ? "regular expression" : "expect bytes (payload format)", &c.expect);
  ImGui::SameLine();
  ImGui::Checkbox("regex", &c.expect_regex);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputDouble("s##expect", &c.expect_seconds, 0, 0, "%.1f");
  ImGui::SameLine();
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Expect")) socket_expect(state, platform);
  ImGui::EndDisabled();
  (void)connected;

  // 4. the script.
  ImGui::TextDisabled("script");
  ImGui::SameLine();
  if (c.script.empty()) ImGui::TextDisabled("(none: step through a session, then Save)");
  else ImGui::Text("%s: %s", c.script_name.empty() ? "untitled" : c.script_name.c_str(), counted(c.script.size(), "step").c_str());
  ImGui::SameLine();
  ImGui::BeginDisabled(active || c.script.empty());
  if (ImGui::Button("Run all")) socket_run_script(state, platform);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(platform.local() ? "Save" : "Copy as experiment")) socket_save_script(state, platform);
  if (platform.local()) {
    ImGui::SameLine();
    if (ImGui::Button("Load")) socket_load_script(state, platform);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##script_path", "file.json", &c.script_path);
  }
  if (!c.script_note.empty()) ImGui::TextWrapped("%s", c.script_note.c_str());
  draw_error(c.error);
  ImGui::Separator();

  // 5. the transcript or the timeline.
  platform.with_socket([&](const SocketLog* log) {
    if (!log) {
      ImGui::TextDisabled("Create makes the socket (socket()), Connect connects it (or does both); each step you take appears "
                          "here with its time and bytes.");
      ImGui::TextDisabled("Examples menu: lessons for TCP, UDP, broadcast and multicast, each a script to Run all.");
      return;
    }
    std::string where = log->remote_address.empty() ? log->endpoint.host + ":" + std::to_string(log->endpoint.port) : log->remote_address;
    std::string state_text(log->held ? "created, not connected" : to_string(log->state));
    if (log->state == SocketState::open && log->peer_finished) state_text += " (peer sent FIN)";
    if (log->state == SocketState::open && log->write_shut) state_text += " (we sent FIN)";
    ImGui::Text("%s %s  |  %s  |  sent %zu B, received %zu B%s", log->endpoint.protocol == Protocol::udp ? "UDP" : "TCP", where.c_str(),
                state_text.c_str(), log->bytes_sent, log->bytes_received,
                log->endpoint.protocol == Protocol::udp ? (" in " + counted(log->datagrams_received, "datagram")).c_str() : "");
    ImGui::SameLine();
    ImGui::RadioButton("both", &c.view, 0);
    ImGui::SameLine();
    ImGui::RadioButton("transcript", &c.view, 1);
    ImGui::SameLine();
    ImGui::RadioButton("timeline", &c.view, 2);
    if (std::string& open = state.viewers.open_tab; open == "Socket:tests") {  // --open-tab (screenshots)
      c.view = 3;
      open.clear();
    }
    // The script's "test" over what was received (a UDP datagram a message; a TCP stream one).
    std::size_t received = 0;
    double last_step = 0;
    for (const TranscriptEntry& t : log->transcript) received += t.kind == TranscriptEntry::Kind::received ? 1 : 0;
    for (const StepRecord& s : log->steps) last_step = std::max(last_step, s.ended);
    const std::uint64_t key = conversation_key(received, log->finished());
    auto messages = [&] { return received_messages(*log); };
    if (log->finished()) evaluate_conversation_tests(state, c.tests, key, messages, last_step * 1000);
    ImGui::SameLine();
    ImGui::RadioButton(tests_label(c.tests).c_str(), &c.view, 3);
    if (c.view == 3) {
      draw_conversation_tests(state, c.tests, key, messages, last_step * 1000);
    } else if (c.view == 0) {
      // The steps on top (a few rows, scrolling), every byte below.
      float rows = float(std::min<std::size_t>(log->steps.size(), 8) + 1);
      ImGui::BeginChild("timeline_part", ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * rows + ImGui::GetStyle().CellPadding.y * 2 * rows + 4));
      draw_timeline(*log);
      ImGui::EndChild();
      draw_transcript_table("transcript", log->transcript);
    } else if (c.view == 2) {
      draw_timeline(*log);
    } else {
      draw_transcript_table("transcript", log->transcript);
    }
  });
}

}  // namespace

void draw_socket_panel(AppState& state, Platform& platform) {
  if (!ImGui::BeginTabBar("socket_tabs")) return;
  const bool to_listen = state.socket.listen_tab;
  state.socket.listen_tab = false;
  if (ImGui::BeginTabItem("Session (client)")) {
    draw_session(state, platform);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem("Listen (server)", nullptr, to_listen ? ImGuiTabItemFlags_SetSelected : 0)) {
    draw_listen_panel(state, platform);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace wirepad::ui
