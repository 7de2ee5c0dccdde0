// ui: preview_view.h.
#include "ui/preview_view.h"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "shared/markup_pretty.h"
#include "ui/byte_format.h"
#include "ui/byte_views.h"
#include "ui/image_decode.h"

namespace wirepad::ui {
namespace {

// Pretty-printing is one pass, but its lines are laid out by ImGui: beyond this the Body tab's
// text view (which never copies) is the better tool.
constexpr std::size_t kMaxPrettyBytes = 16 * 1024 * 1024;

std::string content_type(const ExchangeLog& log) {
  auto h = find_header(log.response.headers, "content-type");
  return h ? std::string(h->value) : std::string();
}

void release_texture(PreviewViewState& view, const Services& services) {
  if (view.texture && services.free_texture) services.free_texture(view.texture);
  view.texture = nullptr;
}

}  // namespace

void update_preview_view(PreviewViewState& view, const Services& services, const ExchangeLog& log,
                         unsigned long generation) {
  // A body read until the connection closed is complete without growing: the phase counts too.
  const bool done = log.phase == Phase::done;
  if (view.generation == generation && view.body_size == log.body().size() && view.made_done == done) return;
  if (view.generation != generation) {
    release_texture(view, services);
    view.zoom = 0.0f;
  }
  view.generation = generation;
  view.body_size = log.body().size();
  view.made_done = done;
  view.kind.clear();
  view.pretty.clear();
  view.notes.clear();
  view.image_note.clear();
  view.image_width = view.image_height = 0;
  if (log.phase != Phase::done) return;  // made once, from the whole body
  const std::string_view body = log.body();
  const std::string type = content_type(log);
  std::string_view markup = markup_kind_of_content_type(type);
  if (!image_format_of(body).empty()) {
    view.kind = "image";
    DecodedImage image = decode_image(body);
    if (!image.error.empty()) {
      view.image_note = image.error;
      return;
    }
    view.image_width = image.width;
    view.image_height = image.height;
    view.image_note = image.format + ", " + std::to_string(image.width) + " x " + std::to_string(image.height) +
                      " pixels, " + format_size(body.size());
    if (!services.upload_texture) {
      view.image_note += " (this build cannot draw images)";
      return;
    }
    view.texture = services.upload_texture(image.rgba.data(), image.width, image.height);
    if (!view.texture) view.image_note += " (the graphics driver refused the texture)";
  } else if (!markup.empty()) {
    view.kind = std::string(markup);
    if (body.size() > kMaxPrettyBytes) {
      view.notes.push_back("the body is " + format_size(body.size()) + ": larger than the preview indents (" +
                           format_size(kMaxPrettyBytes) + "); the Body tab shows it as text");
      return;
    }
    MarkupOptions options;
    options.kind = markup == "xml" ? MarkupKind::xml : MarkupKind::html;
    PrettyMarkup pretty = pretty_markup(body, options);
    view.pretty = std::move(pretty.text);
    view.notes = std::move(pretty.notes);
    view.lines = LineIndex();
    view.lines.update(view.pretty, generation);
  }
}

void draw_preview_view(PreviewViewState& view, const Services& services, const ExchangeLog& log,
                       unsigned long generation) {
  update_preview_view(view, services, log, generation);
  if (log.phase != Phase::done) {
    ImGui::TextDisabled("The preview is made once the whole response has arrived.");
    return;
  }
  if (view.kind.empty()) {
    std::string type = content_type(log);
    ImGui::TextDisabled("No preview for %s: HTML, XML, PNG, JPEG and GIF bodies are previewed here.",
                        type.empty() ? "a body without Content-Type" : type.c_str());
    return;
  }
  if (view.kind == "image") {
    ImGui::TextUnformatted(view.image_note.c_str());
    if (!view.texture) return;
    ImGui::SameLine();
    if (ImGui::SmallButton("Fit")) view.zoom = 0;
    ImGui::SameLine();
    if (ImGui::SmallButton("1:1")) view.zoom = 1;
    ImGui::SameLine();
    if (ImGui::SmallButton("2x")) view.zoom = 2;
    ImGui::BeginChild("image", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    float zoom = view.zoom;
    if (zoom <= 0) {
      ImVec2 avail = ImGui::GetContentRegionAvail();
      // Fit the area, but a 16-pixel icon is not blown up beyond recognition.
      zoom = std::min({avail.x / float(view.image_width), avail.y / float(view.image_height), 4.0f});
    }
    // A checkerboard shows where the image is transparent.
    ImVec2 at = ImGui::GetCursorScreenPos();
    ImVec2 size(float(view.image_width) * zoom, float(view.image_height) * zoom);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float cell = 8;
    for (float y = 0; y < size.y; y += cell)
      for (float x = 0; x < size.x; x += cell)
        if ((int(x / cell) + int(y / cell)) % 2)
          draw->AddRectFilled(ImVec2(at.x + x, at.y + y),
                              ImVec2(at.x + std::min(x + cell, size.x), at.y + std::min(y + cell, size.y)),
                              IM_COL32(90, 90, 90, 255));
    ImGui::Image(view.texture, size);
    ImGui::EndChild();
    return;
  }
  ImGui::Text("%s, indented (%s)", view.kind == "html" ? "HTML" : "XML", counted(view.lines.line_count(), "line").c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy")) ImGui::SetClipboardText(view.pretty.c_str());
  for (const std::string& note : view.notes) ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f), "note: %s", note.c_str());
  ImGui::BeginChild("pretty", ImVec2(0, 0), true);
  draw_lines_view("pretty_lines", view.pretty, view.lines, false);
  ImGui::EndChild();
}

}  // namespace wirepad::ui
