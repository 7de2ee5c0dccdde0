// ui: the proxy hop (see proxy_hop_view.h).
#include "ui/proxy_hop_view.h"

#include <imgui.h>

#include <string>

namespace wirepad::ui {
namespace {

// One row per line, CR LF made visible, as the Raw view shows bytes.
void draw_marked_bytes(const char* prefix, const std::string& bytes, const ImVec4& color) {
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t nl = bytes.find('\n', start);
    std::size_t end = nl == std::string::npos ? bytes.size() : nl + 1;
    std::string line;
    for (std::size_t i = start; i < end; ++i) {
      char c = bytes[i];
      if (c == '\r') line += "\\r";
      else if (c == '\n') line += "\\n";
      else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
        static const char* hex = "0123456789abcdef";
        line += "\\x";
        line += hex[static_cast<unsigned char>(c) >> 4];
        line += hex[static_cast<unsigned char>(c) & 15];
      } else {
        line += c;
      }
    }
    ImGui::TextColored(color, "%s %s", prefix, line.c_str());
    start = end;
  }
}

}  // namespace

void draw_proxy_hop(const ExchangeLog& log) {
  if (!log.proxy.used) return;
  const ProxyChoice& p = log.proxy.choice;
  const ImVec4 proxy_color(0.75f, 0.6f, 1.0f, 1.0f);
  std::string line = "Via proxy " + p.url() + " (" + p.reason + ")";
  if (!p.user.empty()) line += ", Basic auth as '" + p.user + "'";
  line += p.tunnel ? ": CONNECT tunnel, then TLS with the origin inside it" : ": request in absolute-form";
  ImGui::TextColored(proxy_color, "%s", line.c_str());
  if (!p.tunnel) return;
  if (log.proxy.connect_sent.empty()) {
    ImGui::TextDisabled("CONNECT not sent yet");
    return;
  }
  ImGui::TextDisabled("To and from the proxy, in plain text, before the bytes below:");
  draw_marked_bytes("proxy>", log.proxy.connect_sent, proxy_color);
  draw_marked_bytes("proxy<", log.proxy.connect_received, proxy_color);
  ImGui::Separator();
}

}  // namespace wirepad::ui
