// ui: the Preview tab: an HTML or XML body indented (shared/markup_pretty.h), a PNG, JPEG or
// GIF body shown as an image (ui/image_decode.h, uploaded through Services::upload_texture).
// Made once per exchange when the body is complete.
// Depends on: ui/viewers.h, shared/exchange.h; Dear ImGui in the .cpp.
#pragma once
#include "shared/exchange.h"
#include "ui/viewers.h"

namespace wirepad::ui {

void update_preview_view(PreviewViewState& view, const Services& services, const ExchangeLog& log,
                         unsigned long generation);
void draw_preview_view(PreviewViewState& view, const Services& services, const ExchangeLog& log,
                       unsigned long generation);

}  // namespace wirepad::ui
