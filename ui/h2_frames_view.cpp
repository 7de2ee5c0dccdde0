// ui: h2_frames_view.h.
#include "ui/h2_frames_view.h"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "ui/byte_views.h"

namespace wirepad::ui {

namespace {

ImVec4 direction_color(bool sent) { return sent ? ImVec4(0.45f, 0.70f, 1.0f, 1.0f) : ImVec4(0.50f, 0.85f, 0.50f, 1.0f); }

void draw_selected(const ExchangeLog& log, const H2Frame& f) {
  ImGui::Separator();
  std::string flags = h2_flags_text(f.type, f.flags);
  ImGui::Text("%s %s on stream %u, %u-byte payload%s%s", f.sent ? "Sent" : "Received", h2_frame_type_name(f.type).c_str(),
              f.stream, f.length, flags.empty() ? "" : ", flags ", flags.c_str());
  if (!f.summary.empty()) ImGui::TextWrapped("%s", f.summary.c_str());
  if (!f.fields.empty()) {
    ImGui::TextDisabled("%zu fields in %zu bytes of HPACK (%s)", f.fields.size(), f.block_bytes,
                        f.sent ? "as Wirepad encoded them" : "as nghttp2 decoded them");
    std::size_t plain = 0;
    for (const Header& h : f.fields) plain += h.name.size() + h.value.size() + 4;  // "name: value\r\n" in HTTP/1.1
    if (plain > 0)
      ImGui::TextDisabled("The same fields as HTTP/1.1 lines would take about %zu bytes: HPACK used %.0f%%.", plain,
                          100.0 * double(f.block_bytes) / double(plain));
    if (ImGui::BeginTable("h2_fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
      for (const Header& h : f.fields) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h.value.c_str());
      }
      ImGui::EndTable();
    }
  }
  std::string_view all(f.sent ? log.bytes_sent : log.bytes_received);
  if (f.offset < all.size()) {
    std::string_view bytes = all.substr(f.offset, std::min<std::size_t>(f.size(), 64 * 1024));
    ImGui::TextDisabled("Its bytes (the 9-byte header first)%s:", f.size() > bytes.size() ? ", the first 64 KiB" : "");
    ImGui::BeginChild("h2_frame_hex", ImVec2(0, 0), true);
    draw_hex_view("h2_frame_bytes", bytes);
    ImGui::EndChild();
  }
}

}  // namespace

void draw_h2_frames_view(H2FramesViewState& view, const ExchangeLog& log, unsigned long generation) {
  if (view.generation != generation) view = H2FramesViewState{generation, -1, false};
  const Http2Log& h2 = log.http2;
  if (!view.chosen && view.selected < 0) {  // the response's field block: what most people look for first
    for (std::size_t i = 0; i < h2.frames.size(); ++i)
      if (!h2.frames[i].sent && h2.frames[i].type == h2_type::headers && !h2.frames[i].fields.empty()) {
        view.selected = int(i);
        break;
      }
  }
  ImGui::TextDisabled("HTTP/2 (%s), the request on stream %d: %zu frames. Select one for its fields and bytes.", h2.how.c_str(),
                      h2.stream, h2.frames.size());
  const float table_height = view.selected >= 0 ? ImGui::GetContentRegionAvail().y * 0.5f : 0.0f;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("h2_frames", 7, flags, ImVec2(0, table_height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("ms");
    ImGui::TableSetupColumn("dir");
    ImGui::TableSetupColumn("type");
    ImGui::TableSetupColumn("stream");
    ImGui::TableSetupColumn("length");
    ImGui::TableSetupColumn("flags");
    ImGui::TableSetupColumn("payload", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(h2.frames.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const H2Frame& f = h2.frames[std::size_t(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        char at[32];
        std::snprintf(at, sizeof at, "%.3f", f.at * 1000);
        ImGui::PushID(i);
        if (ImGui::Selectable(at, view.selected == i, ImGuiSelectableFlags_SpanAllColumns)) {
          view.selected = view.selected == i ? -1 : i;
          view.chosen = true;
        }
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextColored(direction_color(f.sent), "%s", f.sent ? "send" : "recv");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h2_frame_type_name(f.type).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%u", f.stream);
        ImGui::TableNextColumn();
        ImGui::Text("%u", f.length);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(h2_flags_text(f.type, f.flags).c_str());
        ImGui::TableNextColumn();
        std::string payload = f.summary;
        if (!f.fields.empty()) payload += "; " + std::to_string(f.fields.size()) + " fields: " + f.fields.front().name + " " + f.fields.front().value + (f.fields.size() > 1 ? ", ..." : "");
        if (!f.complete) payload += " (incomplete)";
        ImGui::TextUnformatted(payload.c_str());
      }
    }
    ImGui::EndTable();
  }
  if (view.selected >= 0 && std::size_t(view.selected) < h2.frames.size()) draw_selected(log, h2.frames[std::size_t(view.selected)]);
}

}  // namespace wirepad::ui
