// ui: ws_panel.h.
#include "ui/ws_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <optional>
#include <string>

#include "shared/json_body.h"
#include "shared/text_util.h"
#include "ui/byte_format.h"
#include "ui/conversation_tests.h"
#include "ui/events_view.h"
#include "ui/socket_panel.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kSentColor(0.55f, 0.75f, 1.0f, 1.0f);
const ImVec4 kReceivedColor(0.45f, 0.85f, 0.45f, 1.0f);

Error input_error(std::string message) { return make_error(ErrorCode::invalid_request, std::move(message)); }

// "a, b" -> {"a", "b"}
std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= text.size()) {
    std::size_t comma = text.find(',', at);
    std::string item(text::trim_ows(std::string_view(text).substr(at, comma == std::string::npos ? std::string::npos : comma - at)));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

// One "Name: value" a line; blank lines are skipped, a line without a colon is an error naming it.
Result<Headers> parse_header_lines(const std::string& text) {
  Headers out;
  std::size_t at = 0, line = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    std::string_view row = std::string_view(text).substr(at, end == std::string::npos ? std::string::npos : end - at);
    ++line;
    at = end == std::string::npos ? text.size() : end + 1;
    row = text::trim_ows(row);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.empty()) continue;
    std::size_t colon = row.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return input_error("header line " + std::to_string(line) + " ('" + std::string(row) + "') is not 'Name: value'");
    out.push_back({std::string(text::trim_ows(row.substr(0, colon))), std::string(text::trim_ows(row.substr(colon + 1)))});
  }
  return out;
}

std::string header_lines(const Headers& headers) {
  std::string out;
  for (const Header& h : headers) out += h.name + ": " + h.value + "\n";
  return out;
}

// Queues a step on the open conversation; remembers it for Save as typed (`as_typed`, with
// its {{variables}}: a file never holds their values).
void queue(AppState& state, Platform& platform, WsStep step, std::optional<WsStep> as_typed = std::nullopt) {
  WsComposer& c = state.websocket;
  c.error = platform.queue_ws_step(step);
  if (!c.error) c.taken.push_back(as_typed ? std::move(*as_typed) : std::move(step));
}

// The script with the active environment's {{variables}} filled (URL, headers, text steps),
// as the HTTP composer's Send does.
Result<WsScript> resolved(const AppState& state, const WsScript& script) {
  Experiment e;
  e.kind = ExperimentKind::websocket;
  e.websocket = script;
  Result<Experiment> filled = resolve_experiment(e, active_environment(state));
  if (!filled) return filled.error();
  return filled->websocket;
}

Result<WsSessionOptions> session_options(const AppState& state) {
  Result<WsScript> script = ws_script_from_composer(state.websocket, {});
  if (!script) return script.error();
  Result<WsScript> filled = resolved(state, script.value());
  if (!filled) return filled.error();
  return ws_session_options(filled.value(), state.options);
}

// The message as typed, as a step: JSON is checked first (the position of a mistake is said),
// binary is hex.
Result<WsStep> message_step(const WsComposer& c) {
  WsStep step;
  step.kind = c.message_kind == 2 ? WsStepKind::send_binary : WsStepKind::send_text;
  if (c.message_kind == 1) {
    if (Error e = check_json_body(c.message, "The message")) return e;
  }
  if (c.message_kind == 2) {
    Result<std::string> bytes = decode_payload(c.message, PayloadFormat::hex);
    if (!bytes) return input_error("the binary message: " + bytes.error().message);
    step.data = std::move(bytes.value());
  } else {
    step.data = c.message;
  }
  if (Error e = check_ws_step(step, 0)) return e;
  return step;
}

void draw_error(const Error& error) {
  if (!error) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", error.message.c_str());
  ImGui::PopStyleColor();
}

std::string hex_text(std::string_view bytes, std::size_t limit) {
  std::string out;
  const std::size_t n = std::min(bytes.size(), limit);
  for (std::size_t row = 0; row < n; row += 16) out += hex_dump_row(bytes.substr(row, std::min<std::size_t>(16, n - row)), row) + "\n";
  if (bytes.size() > limit) out += "... (" + counted(bytes.size() - limit, "more byte", "more bytes") + ")\n";
  return out;
}

// A message's first line, cut, for its row in the list.
std::string preview(const WsMessageRecord& m) {
  if (m.opcode == WsOpcode::binary) {
    std::string hex;
    static const char* digits = "0123456789abcdef";
    for (std::size_t i = 0; i < m.data.size() && i < 24; ++i) {
      if (i) hex += ' ';
      hex += digits[static_cast<unsigned char>(m.data[i]) >> 4];
      hex += digits[static_cast<unsigned char>(m.data[i]) & 15];
    }
    return hex + (m.data.size() > 24 ? " ..." : "");
  }
  std::string_view text = m.data;
  std::size_t nl = text.find('\n');
  std::string line = escape_payload(text.substr(0, std::min<std::size_t>(nl, 200)));
  if (nl != std::string_view::npos || text.size() > 200) line += " ...";
  return line;
}

// Brings c.index up to date with the log: only what arrived since the last frame is looked at.
void update_index(WsComposer& c, const WsLog& log) {
  WsComposer::LogIndex& x = c.index;
  if (log.timeline.size() < x.timeline_seen || log.messages.size() < x.messages_seen || log.steps.size() < x.steps_done_seen)
    x = {};  // another conversation
  for (; x.timeline_seen < log.timeline.size(); ++x.timeline_seen) {
    const WsTimelineItem::Kind kind = log.timeline[x.timeline_seen].kind;
    if (kind == WsTimelineItem::Kind::message || kind == WsTimelineItem::Kind::event) x.rows.push_back(x.timeline_seen);
  }
  for (; x.messages_seen < log.messages.size(); ++x.messages_seen)
    x.received += log.messages[x.messages_seen].direction == WsDirection::received ? 1 : 0;
  // Steps end in order; a running one (ended -1) is looked at again next frame.
  for (; x.steps_done_seen < log.steps.size() && log.steps[x.steps_done_seen].ended >= 0; ++x.steps_done_seen)
    x.last_step = std::max(x.last_step, log.steps[x.steps_done_seen].ended);
}

void draw_conversation(WsComposer& c, const WsLog& log) {
  const float detail = c.selected_message >= 0 && std::size_t(c.selected_message) < log.messages.size() ? 0.45f : 0.0f;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
  const float list_height = detail > 0 ? ImGui::GetContentRegionAvail().y * (1 - detail) : 0;
  if (ImGui::BeginTable("ws_conversation", 5, flags, ImVec2(0, list_height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0000.000 ms").x);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("recv <").x);
    ImGui::TableSetupColumn("type", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("binary").x);
    ImGui::TableSetupColumn("size", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("000000 B (deflated 00000 B)").x);
    ImGui::TableSetupColumn("message or event", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    // Messages and events (connected, ping/pong, close, errors) as they happened; frames and
    // the handshake have their own views. Only the visible rows are drawn (the clipper).
    const std::vector<std::size_t>& rows = c.index.rows;
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const WsTimelineItem& item = log.timeline[rows[std::size_t(i)]];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (item.kind == WsTimelineItem::Kind::event) {
          const TranscriptEntry& e = log.events[item.index];
          ImGui::TextDisabled("%s", format_seconds(e.at).c_str());
          ImGui::TableNextColumn();
          if (e.kind == TranscriptEntry::Kind::error) ImGui::TextColored(kErrorColor, "error");
          else ImGui::TextDisabled(e.kind == TranscriptEntry::Kind::step ? "step" : "event");
          ImGui::TableNextColumn();
          ImGui::TableNextColumn();
          ImGui::TableNextColumn();
          if (e.kind == TranscriptEntry::Kind::error) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
          ImGui::TextWrapped("%s", e.text.c_str());
          if (e.kind == TranscriptEntry::Kind::error) ImGui::PopStyleColor();
          continue;
        }
        const WsMessageRecord& m = log.messages[item.index];
        ImGui::TextDisabled("%s", format_seconds(m.at).c_str());
        ImGui::TableNextColumn();
        const bool sent = m.direction == WsDirection::sent;
        ImGui::PushID(int(item.index));
        const bool selected = c.selected_message == int(item.index);
        if (ImGui::Selectable("##message", selected, ImGuiSelectableFlags_SpanAllColumns))
          c.selected_message = selected ? -1 : int(item.index);
        ImGui::PopID();
        ImGui::SameLine(0, 0);
        ImGui::TextColored(sent ? kSentColor : kReceivedColor, sent ? "sent >" : "recv <");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.opcode == WsOpcode::binary ? "binary" : "text");
        ImGui::TableNextColumn();
        std::string size = std::to_string(m.size()) + " B";
        if (m.compressed) size += " (deflated " + std::to_string(m.wire_bytes) + " B)";
        if (m.frames > 1) size += ", " + std::to_string(m.frames) + " frames";
        ImGui::TextUnformatted(size.c_str());
        ImGui::TableNextColumn();
        if (m.kept()) ImGui::TextUnformatted(preview(m).c_str());
        else ImGui::TextDisabled("(bytes not kept: over the log's limit)");
      }
    }
    clipper.End();
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1) ImGui::SetScrollHereY(1.0f);  // follow new messages
    ImGui::EndTable();
  }
  if (detail > 0) {
    const WsMessageRecord& m = log.messages[std::size_t(c.selected_message)];
    ImGui::TextDisabled("message %d, %s, %s%s", c.selected_message + 1, m.direction == WsDirection::sent ? "sent" : "received",
                        counted(m.size(), "byte").c_str(), m.kept() ? "" : "; its bytes were not kept (over the log's limit)");
    ImGui::BeginChild("ws_message", ImVec2(0, 0), true);
    std::string shown = m.opcode == WsOpcode::binary ? hex_text(m.data, 64 * 1024) : pretty_event_data(m.data);
    ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    ImGui::EndChild();
  }
}

std::string mask_text(const WsFrame& f) {
  if (!f.masked) return "-";
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::uint8_t b : f.mask_key) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

void draw_frames(WsComposer& c, const WsLog& log) {
  const bool detail = c.selected_frame >= 0 && std::size_t(c.selected_frame) < log.frames.size();
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
  if (log.frames_not_kept) ImGui::TextDisabled("%s not kept (the log keeps the first ones)", counted(log.frames_not_kept, "more frame").c_str());
  if (ImGui::BeginTable("ws_frames", 8, flags, ImVec2(0, detail ? ImGui::GetContentRegionAvail().y * 0.55f : 0))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("0000.000 ms").x);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("recv <").x);
    ImGui::TableSetupColumn("FIN", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("FIN").x);
    ImGui::TableSetupColumn("opcode", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("continuation (0)").x);
    ImGui::TableSetupColumn("RSV1", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("RSV1").x);
    ImGui::TableSetupColumn("mask key", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00000000").x);
    ImGui::TableSetupColumn("payload", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00000000 B").x);
    ImGui::TableSetupColumn("bytes on the wire (hex)", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(log.frames.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const WsFrameRecord& r = log.frames[std::size_t(i)];
        const WsFrame& f = r.frame;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", format_seconds(r.at).c_str());
        ImGui::TableNextColumn();
        const bool sent = r.direction == WsDirection::sent;
        ImGui::PushID(i);
        if (ImGui::Selectable("##frame", c.selected_frame == i, ImGuiSelectableFlags_SpanAllColumns))
          c.selected_frame = c.selected_frame == i ? -1 : i;
        ImGui::PopID();
        ImGui::SameLine(0, 0);
        ImGui::TextColored(sent ? kSentColor : kReceivedColor, sent ? "sent >" : "recv <");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.fin ? "1" : "0");
        ImGui::TableNextColumn();
        ImGui::Text("%s (%u)", std::string(to_string(f.opcode())).c_str(), unsigned(f.opcode_bits));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.rsv1 ? "1" : "0");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(mask_text(f).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%llu B", static_cast<unsigned long long>(f.payload_length));
        ImGui::TableNextColumn();
        std::string hex;
        static const char* digits = "0123456789abcdef";
        for (std::size_t k = 0; k < f.raw.size() && k < 32; ++k) {
          if (k) hex += k == f.header_size ? " | " : " ";
          hex += digits[static_cast<unsigned char>(f.raw[k]) >> 4];
          hex += digits[static_cast<unsigned char>(f.raw[k]) & 15];
        }
        if (f.raw.size() > 32 || f.raw_truncated) hex += " ...";
        ImGui::TextUnformatted(hex.c_str());
      }
    }
    clipper.End();
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1) ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
  }
  if (detail) {
    const WsFrame& f = log.frames[std::size_t(c.selected_frame)].frame;
    ImGui::TextDisabled("frame %d: %zu header bytes, then the payload%s%s", c.selected_frame + 1, f.header_size,
                        f.masked ? " (masked as sent; unmasked below)" : "", f.raw_truncated ? "; the log kept its start" : "");
    ImGui::BeginChild("ws_frame_bytes", ImVec2(0, 0), true);
    std::string shown = "on the wire:\n" + hex_text(f.raw, 16 * 1024);
    if (f.masked) shown += "\npayload, unmasked:\n" + hex_text(f.payload, 16 * 1024);
    ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    ImGui::EndChild();
  }
}

void draw_handshake(const WsLog& log) {
  ImGui::BeginChild("ws_handshake", ImVec2(0, 0), false);
  ImGui::TextColored(kSentColor, "request (%zu bytes)", log.handshake_request.size());
  std::string request = escape_payload(log.handshake_request);
  // One line per header: the escapes say where CR LF were; the line breaks are for reading.
  std::string shown;
  for (std::size_t i = 0; i < request.size(); ++i) {
    shown += request[i];
    if (i >= 3 && request.compare(i - 3, 4, "\\r\\n") == 0) shown += '\n';
  }
  ImGui::TextUnformatted(shown.c_str());
  ImGui::Separator();
  ImGui::TextColored(kReceivedColor, "response (%zu bytes)", log.handshake_response.size());
  std::string response = escape_payload(log.handshake_response);
  shown.clear();
  for (std::size_t i = 0; i < response.size(); ++i) {
    shown += response[i];
    if (i >= 3 && response.compare(i - 3, 4, "\\r\\n") == 0) shown += '\n';
  }
  ImGui::TextUnformatted(shown.c_str());
  if (!log.agreement.subprotocol.empty() || log.agreement.deflate) {
    ImGui::Separator();
    if (!log.agreement.subprotocol.empty()) ImGui::Text("subprotocol: %s", log.agreement.subprotocol.c_str());
    if (log.agreement.deflate) ImGui::Text("permessage-deflate: %s", log.agreement.extensions.c_str());
  }
  ImGui::EndChild();
}

std::string state_line(const WsLog& log) {
  std::string where = log.remote_address.empty() ? log.url.authority() : log.remote_address;
  std::string line = std::string(log.secured ? "wss " : "ws ") + where + "  |  " + std::string(to_string(log.state));
  if (!log.agreement.subprotocol.empty()) line += "  |  subprotocol " + log.agreement.subprotocol;
  if (log.agreement.deflate) line += "  |  deflate";
  line += "  |  " + counted(log.messages.size(), "message") +
          (log.messages_not_kept ? " (" + std::to_string(log.messages_not_kept) + " without their bytes)" : std::string()) + ", " +
          counted(log.frames.size() + log.frames_not_kept, "frame") +
          ", sent " + std::to_string(log.bytes_sent) + " B, received " + std::to_string(log.bytes_received) + " B";
  if (log.close_received) line += "  |  server closed: " + std::to_string(log.close_received_code);
  return line;
}

}  // namespace

Result<WsScript> ws_script_from_composer(const WsComposer& c, const std::vector<WsStep>& steps) {
  WsScript script;
  script.url = std::string(text::trim_ows(c.url));
  if (script.url.empty()) return input_error("type a ws:// or wss:// URL to connect to");
  Result<Headers> headers = parse_header_lines(c.headers);
  if (!headers) return headers.error();
  script.headers = std::move(headers.value());
  script.subprotocols = split_commas(c.subprotocols);
  script.compress = c.compress;
  script.steps = steps;
  return script;
}

void load_ws_experiment(TabState& state, const Experiment& experiment) {
  WsComposer& c = state.websocket;
  const WsScript& script = experiment.websocket;
  c.url = script.url;
  c.headers = header_lines(script.headers);
  c.subprotocols.clear();
  for (const std::string& p : script.subprotocols) c.subprotocols += (c.subprotocols.empty() ? "" : ", ") + p;
  c.compress = script.compress || script.no_context_takeover;
  c.script = script.steps;
  c.script_name = experiment.name;
  c.tests = ConversationTests{};
  c.tests.test = experiment.test;
  c.taken.clear();
  c.error = {};
  // The first message and expect go into the fields, ready to send again.
  for (const WsStep& step : script.steps) {
    if (step.kind == WsStepKind::send_text) {
      c.message = step.data;
      c.message_kind = check_json_body(step.data) ? 0 : 1;
      break;
    }
  }
  for (const WsStep& step : script.steps) {
    if (step.kind == WsStepKind::expect) {
      c.expect = step.data;
      c.expect_regex = step.regex;
      c.expect_seconds = step.seconds;
      break;
    }
  }
  c.script_note = experiment.name.empty() ? "" : "loaded " + counted(script.steps.size(), "step") + ": Run all replays them";
}

std::vector<WsStep> ws_steps_taken(const WsComposer& composer, Platform&) {
  return composer.taken.empty() ? composer.script : composer.taken;
}

void ws_connect(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  Result<WsSessionOptions> options = session_options(state);
  if (!options) {
    c.error = options.error();
    return;
  }
  c.taken.clear();
  c.selected_message = c.selected_frame = -1;
  c.index = {};
  c.error = platform.start_ws(std::move(options.value()), {});
}

void ws_send(AppState& state, Platform& platform) {
  Result<WsStep> step = message_step(state.websocket);
  if (!step) {
    state.websocket.error = step.error();
    return;
  }
  WsStep to_send = step.value();
  if (to_send.kind == WsStepKind::send_text) {  // {{variables}} filled, as in the URL
    Result<std::string> filled = substitute(to_send.data, active_environment(state), "the message");
    if (!filled) {
      state.websocket.error = filled.error();
      return;
    }
    to_send.data = std::move(filled.value());
  }
  queue(state, platform, std::move(to_send), std::move(step.value()));
}

void ws_ping(AppState& state, Platform& platform) {
  WsStep step;
  step.kind = WsStepKind::ping;
  step.data = "wirepad";
  queue(state, platform, std::move(step));
}

void ws_expect(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  WsStep step;
  step.kind = WsStepKind::expect;
  step.data = c.expect;
  step.regex = c.expect_regex;
  step.seconds = c.expect_seconds > 0 ? c.expect_seconds : 5;
  queue(state, platform, std::move(step));
}

void ws_close(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  WsStep step;
  step.kind = WsStepKind::close;
  step.code = std::uint16_t(std::clamp(c.close_code, 0, 65535));
  step.data = c.close_reason;
  step.seconds = 5;
  queue(state, platform, std::move(step));
}

void ws_run_script(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  if (c.script.empty()) {
    c.error = input_error("no script loaded: load a WebSocket experiment, or talk to a server and Save the conversation");
    return;
  }
  Result<WsScript> script = ws_script_from_composer(c, c.script);
  if (!script) {
    c.error = script.error();
    return;
  }
  Result<WsScript> filled = resolved(state, script.value());
  if (!filled) {
    c.error = filled.error();
    return;
  }
  c.taken.clear();
  c.selected_message = c.selected_frame = -1;
  c.index = {};
  c.error = platform.start_ws(ws_session_options(filled.value(), state.options), ws_steps_to_run(filled.value()));
}

void ws_save_script(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  std::vector<WsStep> steps = ws_steps_taken(c, platform);
  Result<WsScript> script = ws_script_from_composer(c, steps);
  if (!script) {
    c.error = script.error();
    return;
  }
  Experiment experiment;
  experiment.kind = ExperimentKind::websocket;
  experiment.name = state.name.empty() ? "WebSocket " + script->url : state.name;
  experiment.websocket = std::move(script.value());
  experiment.options = state.options;
  experiment.test = c.tests.test;  // the file's assertions and captures stay with it
  const std::string text = serialize_experiment(experiment);
  c.script = steps;
  if (LocalServices* local = platform.local()) {
    c.error = local->write_file(c.script_path, text);
    if (!c.error)
      c.script_note = "saved " + counted(steps.size(), "step") + " to " + c.script_path + " (replay: wirepad run " + c.script_path + ")";
  } else {
    ImGui::SetClipboardText(text.c_str());
    c.error = {};
    c.script_note = "the conversation is on the clipboard as an experiment (JSON); save it to a file to replay it with wirepad run";
  }
}

void ws_load_script(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  LocalServices* local = platform.local();
  if (!local) {
    c.error = input_error("the browser build cannot open files by path; use File > Import or open a share link");
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
  if (experiment->kind != ExperimentKind::websocket) {
    c.error = input_error(c.script_path + " is not a WebSocket experiment; open it with File > Open");
    return;
  }
  load_ws_experiment(state, experiment.value());
  state.options = experiment->options;
}

void draw_ws_panel(AppState& state, Platform& platform) {
  WsComposer& c = state.websocket;
  bool active = false;
  platform.with_ws([&](const WsLog* log) { active = log && !log->finished(); });

  // 1. where and how to connect.
  ImGui::BeginDisabled(active);
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 12);
  const bool enter = ImGui::InputTextWithHint("##ws_url", "ws://host:port/path or wss://...", &c.url, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (!active) {
    if (ImGui::Button("Connect") || (enter && !active)) ws_connect(state, platform);
    ImGui::SameLine();
    ImGui::BeginDisabled(c.script.empty());
    if (ImGui::Button("Run all")) ws_run_script(state, platform);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(c.script.empty() ? "no script: load one, or Save a conversation" : "connect and replay the loaded script's steps");
  } else {
    if (ImGui::Button("Close")) ws_close(state, platform);
    ImGui::SameLine();
    if (ImGui::Button("Abort")) platform.cancel_ws();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("drop the connection now, without the closing handshake");
  }
  if (ImGui::TreeNode("Handshake: subprotocols, headers, compression")) {
    ImGui::BeginDisabled(active);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18);
    ImGui::InputTextWithHint("subprotocols", "chat, superchat", &c.subprotocols);
    ImGui::SameLine();
    ImGui::Checkbox("permessage-deflate", &c.compress);
    ImGui::InputTextMultiline("headers##ws", &c.headers, ImVec2(-ImGui::GetFontSize() * 5, ImGui::GetTextLineHeight() * 3.5f));
    ImGui::EndDisabled();
    ImGui::TreePop();
  }

  // 2. a message: text, JSON or binary.
  ImGui::TextDisabled("message as");
  ImGui::SameLine();
  ImGui::RadioButton("text", &c.message_kind, 0);
  ImGui::SameLine();
  ImGui::RadioButton("JSON", &c.message_kind, 1);
  ImGui::SameLine();
  ImGui::RadioButton("binary (hex)", &c.message_kind, 2);
  if (c.message_kind == 1) {
    ImGui::SameLine();
    if (ImGui::SmallButton("Beautify")) {
      Result<std::string> pretty = beautify_json_body(c.message);
      if (pretty) c.message = pretty.value();
      c.error = pretty ? Error{} : pretty.error();
    }
  }
  ImGui::InputTextMultiline("##ws_message", &c.message, ImVec2(-ImGui::GetFontSize() * 6, ImGui::GetTextLineHeight() * 3.5f));
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Send")) ws_send(state, platform);
  if (ImGui::Button("Ping")) ws_ping(state, platform);
  ImGui::EndDisabled();
  ImGui::EndGroup();

  // 3. wait for a message; close with a code.
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  ImGui::InputTextWithHint("##ws_expect", c.expect_regex ? "regular expression" : "text a message must contain", &c.expect);
  ImGui::SameLine();
  ImGui::Checkbox("regex", &c.expect_regex);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputDouble("s##ws_expect", &c.expect_seconds, 0, 0, "%.1f");
  ImGui::SameLine();
  ImGui::BeginDisabled(!active);
  if (ImGui::Button("Expect")) ws_expect(state, platform);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("|  close code");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::InputInt("##ws_close_code", &c.close_code, 0);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::InputTextWithHint("##ws_close_reason", "reason", &c.close_reason);

  // 4. the script.
  ImGui::TextDisabled("script");
  ImGui::SameLine();
  if (!c.taken.empty()) ImGui::Text("this conversation: %s", counted(c.taken.size(), "step").c_str());
  else if (!c.script.empty()) ImGui::Text("%s: %s", c.script_name.empty() ? "untitled" : c.script_name.c_str(), counted(c.script.size(), "step").c_str());
  else ImGui::TextDisabled("(none: talk to a server, then Save)");
  ImGui::SameLine();
  if (ImGui::Button(platform.local() ? "Save##ws" : "Copy as experiment##ws")) ws_save_script(state, platform);
  if (platform.local()) {
    ImGui::SameLine();
    if (ImGui::Button("Load##ws")) ws_load_script(state, platform);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##ws_script_path", "file.json", &c.script_path);
  }
  if (!c.script_note.empty()) ImGui::TextWrapped("%s", c.script_note.c_str());
  draw_error(c.error);
  ImGui::Separator();

  // 5. what happened.
  platform.with_ws([&](const WsLog* log) {
    if (!log) {
      ImGui::TextDisabled("Connect opens the WebSocket (the HTTP upgrade, then frames); every message, frame and event "
                          "appears here with its time.");
      ImGui::TextDisabled("Any ws:// or wss:// server will do; wss:// checks the server's certificate.");
      return;
    }
    ImGui::TextUnformatted(state_line(*log).c_str());
    if (log->error) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("%s%s: %s", log->failed_step ? ("step " + std::to_string(log->failed_step) + ": ").c_str() : "",
                         std::string(to_string(log->error.code)).c_str(), log->error.message.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::RadioButton("conversation", &c.view, 0);
    ImGui::SameLine();
    ImGui::RadioButton("frames", &c.view, 1);
    ImGui::SameLine();
    ImGui::RadioButton("steps", &c.view, 2);
    ImGui::SameLine();
    ImGui::RadioButton("handshake", &c.view, 3);
    if (std::string& open = state.viewers.open_tab; open == "WebSocket:tests") {  // --open-tab (screenshots)
      c.view = 4;
      open.clear();
    }
    update_index(c, *log);
    const std::size_t received = c.index.received;
    double last_step = c.index.last_step;
    for (std::size_t i = c.index.steps_done_seen; i < log->steps.size(); ++i) last_step = std::max(last_step, log->steps[i].ended);
    const std::uint64_t key = conversation_key(received, log->finished());
    auto messages = [&] { return received_messages(*log); };
    if (log->finished()) evaluate_conversation_tests(state, c.tests, key, messages, last_step * 1000);
    ImGui::SameLine();
    ImGui::RadioButton(tests_label(c.tests).c_str(), &c.view, 4);
    switch (c.view) {
      case 1: draw_frames(c, *log); break;
      case 2: draw_step_table("ws_steps", log->steps); break;
      case 3: draw_handshake(*log); break;
      case 4: draw_conversation_tests(state, c.tests, key, messages, last_step * 1000); break;
      default: draw_conversation(c, *log); break;
    }
  });
}

}  // namespace wirepad::ui
