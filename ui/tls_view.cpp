// ui: the TLS tab (see tls_view.h).
#include "ui/tls_view.h"

#include <imgui.h>

#include <string>

namespace wirepad::ui {
namespace {

const ImVec4 kWarn(0.95f, 0.75f, 0.3f, 1.0f);
const ImVec4 kBad(0.95f, 0.4f, 0.4f, 1.0f);
const ImVec4 kGood(0.45f, 0.85f, 0.45f, 1.0f);

// Two columns: names at a fixed width, values wrapped in the rest.
bool begin_facts(const char* id) {
  if (!ImGui::BeginTable(id, 2)) return false;
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  return true;
}

void fact_row(const char* name, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("%s", name);
  ImGui::TableSetColumnIndex(1);
  ImGui::TextWrapped("%s", value.c_str());
}

void draw_certificate(std::size_t index, const CertificateInfo& c) {
  std::string title = "Certificate " + std::to_string(index) + (index == 0 ? " (server)" : "") + ": " + c.subject +
                      "###cert" + std::to_string(index);
  ImGuiTreeNodeFlags flags = index == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0;
  if (!ImGui::CollapsingHeader(title.c_str(), flags)) return;
  std::string table_id = "cert_table" + std::to_string(index);
  if (begin_facts(table_id.c_str())) {
    fact_row("subject", c.subject);
    fact_row("issuer", c.issuer);
    fact_row("valid from", c.not_before);
    fact_row("valid until", c.not_after);
    std::string names;
    for (const auto& san : c.sans) names += (names.empty() ? "" : "\n") + san;
    fact_row("names (SAN)", names.empty() ? "none (no subjectAltName extension)" : names);
    ImGui::EndTable();
  }
}

}  // namespace

void draw_tls_view(const ExchangeLog& log) {
  ImGui::BeginChild("tls_view");
  const bool https = log.target_url.rfind("https://", 0) == 0;
  if (!log.tls) {
    if (!https) {
      ImGui::TextWrapped("Plain http: no TLS. Every byte in Raw crossed the network as shown; anyone on the path "
                         "could read or change it. Use https:// to see a TLS handshake here.");
    } else if (log.error.code == ErrorCode::certificate_rejected || log.error.code == ErrorCode::tls_failed) {
      ImGui::TextColored(kBad, "The TLS handshake failed.");
      ImGui::TextWrapped("%s", log.error.message.c_str());
    } else if (log.finished()) {
      ImGui::TextWrapped("No TLS session: the exchange ended before the handshake (see the summary above).");
    } else {
      ImGui::TextDisabled("Waiting for the TLS handshake...");
    }
    ImGui::EndChild();
    return;
  }
  const TlsFacts& t = *log.tls;
  if (t.by_relay) {
    ImGui::TextColored(kWarn, "TLS was done by the relay on this machine: the relay saw the plaintext.");
    ImGui::TextWrapped("The browser cannot open sockets, so `wirepad serve` opened the connection and did the "
                       "handshake; the page and the relay exchange the decrypted bytes over the local WebSocket.");
    ImGui::Spacing();
  }
  if (t.verified)
    ImGui::TextColored(kGood, "Certificate verified: the chain leads to a trusted CA and names this host.");
  else
    ImGui::TextColored(kBad, "Certificate NOT verified (verification is off): anyone could be on the other end.");
  if (begin_facts("tls_facts")) {
    fact_row("version", t.version);
    fact_row("cipher", t.cipher);
    fact_row("ALPN", t.alpn.empty() ? "none (the server chose no protocol)" : t.alpn);
    fact_row("SNI", t.server_name.empty() ? "not sent (an address literal has none)" : t.server_name);
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (t.certificates.empty()) {
    for (const std::string& line : t.chain) ImGui::BulletText("%s", line.c_str());  // an older relay
  }
  for (std::size_t i = 0; i < t.certificates.size(); ++i) draw_certificate(i, t.certificates[i]);
  ImGui::EndChild();
}

}  // namespace wirepad::ui
