// ui: wire_view.h. Rows: a title row for each direction, then each segment's rows. A line
// segment is one row; a data segment (body, chunk data, ...) one row per text line in it.
#include "ui/wire_view.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <utility>

#include "ui/byte_format.h"
#include "ui/proxy_hop_view.h"

namespace wirepad::ui {
namespace {

constexpr std::size_t kMaxRowBytes = 512;  // ImGui lays out every glyph it is given

bool is_data(WirePart part) {
  return part == WirePart::body || part == WirePart::chunk_data || part == WirePart::extra ||
         part == WirePart::unframed || part == WirePart::h2_frame_payload;
}

void update_stream(WireStream& stream, std::string_view bytes, std::vector<WireSegment> segments,
                   unsigned long generation) {
  stream.lines.update(bytes, generation);
  // The bytes only grow: a segment seen last time with the same place keeps its row count
  // (line_of scans up to 16 KiB, and a chunked body has thousands of data segments).
  const std::vector<WireSegment> seen = std::exchange(stream.segments, std::move(segments));
  const std::vector<std::size_t> seen_rows = std::exchange(stream.first_row, {0});
  for (std::size_t i = 0; i < stream.segments.size(); ++i) {
    const WireSegment& s = stream.segments[i];
    std::size_t rows = 1;
    if (i < seen.size() && seen[i].offset == s.offset && seen[i].size == s.size && seen[i].part == s.part)
      rows = seen_rows[i + 1] - seen_rows[i];
    else if (is_data(s.part) && s.size > 0)
      rows = stream.lines.line_of(bytes, s.offset + s.size - 1) - stream.lines.line_of(bytes, s.offset) + 1;
    stream.first_row.push_back(stream.first_row.back() + rows);
  }
  stream.size = bytes.size();
}

std::size_t row_count(const WireStream& s) { return s.first_row.empty() ? 0 : s.first_row.back(); }

ImVec4 part_color(WirePart part) {
  switch (part) {
    case WirePart::request_line:
    case WirePart::status_line: return ImVec4(0.45f, 0.70f, 1.0f, 1.0f);
    case WirePart::interim_status_line: return ImVec4(0.55f, 0.60f, 0.95f, 1.0f);
    case WirePart::header: return ImVec4(0.80f, 0.80f, 0.82f, 1.0f);
    case WirePart::obs_fold: return ImVec4(1.0f, 0.65f, 0.30f, 1.0f);
    case WirePart::blank_line:
    case WirePart::chunk_data_end: return ImVec4(0.55f, 0.55f, 0.60f, 1.0f);
    case WirePart::chunk_size:
    case WirePart::last_chunk: return ImVec4(0.80f, 0.55f, 1.0f, 1.0f);
    case WirePart::trailer: return ImVec4(0.95f, 0.85f, 0.40f, 1.0f);
    case WirePart::body:
    case WirePart::chunk_data: return ImVec4(0.50f, 0.85f, 0.50f, 1.0f);
    case WirePart::extra:
    case WirePart::unframed: return ImVec4(1.0f, 0.45f, 0.42f, 1.0f);
    case WirePart::h2_preface: return ImVec4(0.55f, 0.55f, 0.60f, 1.0f);
    case WirePart::h2_frame_header: return ImVec4(0.45f, 0.70f, 1.0f, 1.0f);
    case WirePart::h2_frame_payload: return ImVec4(0.50f, 0.85f, 0.50f, 1.0f);
  }
  return ImVec4(1, 1, 1, 1);
}

// Whether the segment's note adds to what its bytes already say.
bool note_worth_showing(WirePart part) {
  return part == WirePart::chunk_size || part == WirePart::chunk_data || part == WirePart::body ||
         part == WirePart::last_chunk || part == WirePart::extra || part == WirePart::unframed ||
         part == WirePart::h2_preface || part == WirePart::h2_frame_header || part == WirePart::h2_frame_payload;
}

void draw_title(const char* what, std::size_t bytes, std::size_t segments) {
  ImGui::TextDisabled("%s  %s in %s", what, format_size(bytes).c_str(), counted(segments, "segment").c_str());
}

void draw_segment_row(const WireStream& stream, std::string_view bytes, std::size_t row, bool sent, float label_width) {
  auto it = std::upper_bound(stream.first_row.begin(), stream.first_row.end(), row);
  std::size_t index = std::size_t(it - stream.first_row.begin()) - 1;
  const WireSegment& s = stream.segments[index];
  std::size_t k = row - stream.first_row[index];
  std::string_view shown = bytes.substr(s.offset, s.size);
  if (is_data(s.part)) {
    std::size_t line = stream.lines.line_of(bytes, s.offset) + k;
    std::string_view text = stream.lines.line(bytes, line);
    std::size_t begin = std::size_t(text.data() - bytes.data());
    std::size_t end = begin + text.size();
    begin = std::max(begin, s.offset);
    end = std::min(end, s.offset + s.size);
    shown = begin < end ? bytes.substr(begin, end - begin) : std::string_view();
  }
  ImVec2 at = ImGui::GetCursorScreenPos();
  const float height = ImGui::GetTextLineHeightWithSpacing();
  if (!s.leniency.empty()) {
    ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + ImGui::GetWindowWidth() + ImGui::GetScrollX(), at.y + height),
                                              IM_COL32(120, 70, 10, 160));
  }
  ImGui::PushStyleColor(ImGuiCol_Text, part_color(s.part));
  std::string label = k == 0 ? std::string(sent ? "> " : "< ") + std::string(to_string(s.part)) : "  ...";
  ImGui::TextUnformatted(label.c_str());
  ImGui::PopStyleColor();
  ImGui::SameLine(label_width);
  std::string text = escape_bytes(shown, kMaxRowBytes);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  if (k == 0 && (note_worth_showing(s.part) || s.incomplete)) {
    ImGui::SameLine();
    ImGui::TextDisabled("(%s%s%s)", s.note.c_str(), s.note.empty() || !s.incomplete ? "" : ", ",
                        s.incomplete ? "incomplete" : "");
  }
  if (k == 0 && !s.leniency.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "! %s", s.leniency.c_str());
  }
  if (!s.leniency.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.leniency.c_str());
}

}  // namespace

void update_wire_view(WireViewState& view, const ExchangeLog& log, unsigned long generation) {
  const bool fresh = view.generation != generation;
  if (!fresh && view.sent.size == log.bytes_sent.size() && view.received.size == log.bytes_received.size()) return;
  if (fresh) view = WireViewState{};
  view.generation = generation;
  if (log.http2.used) {  // frames, not HTTP/1.1's lines
    if (view.sent.size != log.bytes_sent.size())
      update_stream(view.sent, log.bytes_sent, segment_h2(log.bytes_sent, log.http2.frames, true), generation);
    if (view.received.size != log.bytes_received.size())
      update_stream(view.received, log.bytes_received, segment_h2(log.bytes_received, log.http2.frames, false), generation);
  } else {
    if (view.sent.size != log.bytes_sent.size())
      update_stream(view.sent, log.bytes_sent, segment_request(log.bytes_sent), generation);
    WireSegmentOptions options;
    options.response_to_head = log.request.method == "HEAD";
    if (view.received.size != log.bytes_received.size())
      update_stream(view.received, log.bytes_received, segment_response(log.bytes_received, options), generation);
  }
  view.leniencies = 0;
  for (const WireStream* stream : {&view.sent, &view.received})
    for (const WireSegment& s : stream->segments) view.leniencies += s.leniency.empty() ? 0 : 1;
}

void draw_wire_view(WireViewState& view, const ExchangeLog& log, unsigned long generation) {
  update_wire_view(view, log, generation);
  ImGui::TextDisabled(log.http2.used ? "The exact bytes in the order they crossed the connection, labelled with HTTP/2's frames (decoded in the Frames tab)."
                                      : "The exact bytes in the order they crossed the connection, labelled with HTTP/1.1's framing.");
  draw_proxy_hop(log);  // a tunnel's CONNECT bytes, marked as the proxy's
  if (view.leniencies > 0) {
    ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "%zu segment%s a strict parser would refuse (highlighted).",
                       view.leniencies, view.leniencies == 1 ? "" : "s");
    ImGui::SameLine();
    if (ImGui::SmallButton("Next leniency")) {
      // Rows of lenient segments, in order; cycle through them.
      std::vector<std::size_t> rows;
      const std::size_t received_base = 2 + row_count(view.sent);
      for (std::size_t i = 0; i < view.sent.segments.size(); ++i)
        if (!view.sent.segments[i].leniency.empty()) rows.push_back(1 + view.sent.first_row[i]);
      for (std::size_t i = 0; i < view.received.segments.size(); ++i)
        if (!view.received.segments[i].leniency.empty()) rows.push_back(received_base + view.received.first_row[i]);
      if (!rows.empty()) {
        view.scroll_to_row = long(rows[view.next_leniency % rows.size()]);
        ++view.next_leniency;
      }
    }
  } else if (!log.bytes_received.empty()) {
    ImGui::TextDisabled("No leniency: every line ends in CRLF and the framing follows RFC 9112.");
  }

  // The parser's own words for what it accepted (the same notes as the Headers tab).
  if (!log.warnings.empty()) {
    std::string label = "Parser notes (" + std::to_string(log.warnings.size()) + ")###parser_notes";
    if (ImGui::TreeNode(label.c_str())) {
      for (const std::string& warning : log.warnings) ImGui::BulletText("%s", warning.c_str());
      ImGui::TreePop();
    }
  }
  ImGui::BeginChild("wire_rows", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  const float row_height = ImGui::GetTextLineHeightWithSpacing();
  if (view.scroll_to_row >= 0) {
    ImGui::SetScrollY(std::max(0.0f, float(view.scroll_to_row) * row_height - ImGui::GetWindowHeight() * 0.4f));
    view.scroll_to_row = -1;
  }
  const float label_width = ImGui::CalcTextSize("< interim status line  ").x + ImGui::GetStyle().WindowPadding.x;
  const std::size_t sent_rows = row_count(view.sent);
  const std::size_t total = 2 + sent_rows + row_count(view.received);
  ImGuiListClipper clipper;
  clipper.Begin(int(total), row_height);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      std::size_t row = std::size_t(i);
      if (row == 0) {
        draw_title("Sent", log.bytes_sent.size(), view.sent.segments.size());
      } else if (row <= sent_rows) {
        draw_segment_row(view.sent, log.bytes_sent, row - 1, true, label_width);
      } else if (row == sent_rows + 1) {
        draw_title("Received", log.bytes_received.size(), view.received.segments.size());
      } else {
        draw_segment_row(view.received, log.bytes_received, row - sent_rows - 2, false, label_width);
      }
    }
  }
  clipper.End();
  ImGui::EndChild();
}

}  // namespace wirepad::ui
