// ui: body_coding.h.
#include "ui/body_coding.h"

#include <imgui.h>

namespace wirepad::ui {

std::string group_digits(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string decoding_summary(const ExchangeLog& log) {
  const BodyDecoding& d = log.decoding;
  if (d.coding.empty()) return {};
  if (d.error) return "Content-Encoding: " + d.coding + " not undone; the body is shown as received";
  return std::string(d.complete ? "decoded from " : "decoding ") + d.coding + ": " +
         group_digits(log.body().size()) + " -> " + group_digits(d.decoded.size()) + " bytes";
}

void draw_body_coding(const ExchangeLog& log, bool& show_encoded) {
  const BodyDecoding& d = log.decoding;
  if (d.coding.empty()) return;
  if (d.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.8f, 0.3f, 1));
    ImGui::TextWrapped("%s: %s", decoding_summary(log).c_str(), d.error.message.c_str());
    ImGui::PopStyleColor();
    return;
  }
  ImGui::TextDisabled("%s", decoding_summary(log).c_str());
  ImGui::SameLine();
  ImGui::Checkbox("Show encoded bytes", &show_encoded);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The body as the server sent it, before undoing %s", d.coding.c_str());
}

}  // namespace wirepad::ui
