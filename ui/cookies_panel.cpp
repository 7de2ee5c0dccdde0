// ui: cookies_panel.h.
#include "ui/cookies_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

namespace wirepad::ui {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kOkColor(0.45f, 0.85f, 0.45f, 1.0f);

std::string expires_text(const Cookie& c, UnixTime now) {
  if (!c.persistent) return "session";
  if (c.expires <= now) return "expired";
  return format_http_date(c.expires);
}

}  // namespace

void draw_cookies_panel(CookieJarState& cookies, UnixTime now) {
  CookieJar& jar = cookies.jar;
  ImGui::Checkbox("Use cookie jar", &cookies.use_jar);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Send the matching cookies with each request and store the ones responses set, as a browser does.");
  ImGui::SameLine();
  if (ImGui::Button("Clear jar")) {
    jar.clear();
    cookies.changed = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("Remove expired")) {
    jar.remove_expired(now);
    cookies.changed = true;
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%zu cookie%s", jar.cookies().size(), jar.cookies().size() == 1 ? "" : "s");
  if (jar.cookies().empty()) {
    ImGui::TextDisabled("No cookies yet. Responses that send Set-Cookie fill the jar; its cookies go with the next requests.");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
  int remove = -1;
  if (ImGui::BeginTable("cookie_jar", 7, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("Domain", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("Path", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("Expires", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Flags", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (int i = 0; i < static_cast<int>(jar.cookies().size()); ++i) {
      Cookie& c = jar.cookies()[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputText("##name", &c.name);
      if (ImGui::IsItemDeactivatedAfterEdit()) cookies.changed = true;
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputText("##value", &c.value);
      if (ImGui::IsItemDeactivatedAfterEdit()) cookies.changed = true;
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputText("##domain", &c.domain);
      if (ImGui::IsItemDeactivatedAfterEdit()) cookies.changed = true;
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip(c.host_only ? "Sent to this host only (no Domain attribute)." : "Sent to this domain and its subdomains.");
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputText("##path", &c.path);
      if (ImGui::IsItemDeactivatedAfterEdit()) cookies.changed = true;
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(expires_text(c, now).c_str());
      ImGui::TableNextColumn();
      if (ImGui::Checkbox("Secure", &c.secure)) cookies.changed = true;
      ImGui::SameLine();
      if (ImGui::Checkbox("HttpOnly", &c.http_only)) cookies.changed = true;
      ImGui::SameLine();
      ImGui::TextDisabled("%s%s", c.host_only ? "host-only" : "domain",
                          c.same_site.empty() ? "" : (" SameSite=" + c.same_site).c_str());
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Delete this cookie");
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove >= 0) {
    jar.cookies().erase(jar.cookies().begin() + remove);
    cookies.changed = true;
  }
}

void draw_response_cookies(const CookieJarState& cookies, const ExchangeLog& log, unsigned long generation) {
  const bool have_verdicts = cookies.verdicts_generation == generation && log.finished();
  int shown = 0;
  std::size_t verdict = 0;
  for (FieldView h : log.response.headers) {
    if (!iequals(h.name, "Set-Cookie")) continue;
    ImGui::PushID(shown++);
    ImGui::TextWrapped("Set-Cookie: %.*s", int(h.value.size()), h.value.data());
    if (have_verdicts && verdict < cookies.verdicts.size()) {
      const CookieVerdict& v = cookies.verdicts[verdict++];
      bool rejected = v.outcome == CookieVerdict::Outcome::rejected;
      ImGui::Indent();
      ImGui::PushStyleColor(ImGuiCol_Text, rejected ? kErrorColor : kOkColor);
      ImGui::TextWrapped("%s: %s", rejected ? "rejected" : std::string(to_string(v.outcome)).c_str(), v.reason.c_str());
      ImGui::PopStyleColor();
      ImGui::Unindent();
    } else if (!cookies.use_jar) {
      ImGui::TextDisabled("  not stored: the cookie jar is off");
    }
    ImGui::PopID();
  }
  if (shown == 0) ImGui::TextDisabled("This response sets no cookies.");
}

}  // namespace wirepad::ui
