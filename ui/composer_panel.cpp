// ui: composer_panel.h.
#include "ui/composer_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/byte_format.h"
#include "ui/composer_auth_tab.h"
#include "ui/composer_style.h"
#include "ui/composer_url_bar.h"

#include <algorithm>
#include <string>

namespace wirepad::ui {
namespace {

void draw_headers_tab(AppState& state) {
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("headers", 4, flags)) {
    ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    int remove = -1;
    for (int i = 0; i < static_cast<int>(state.headers.size()); ++i) {
      ComposerHeader& header = state.headers[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox("##on", &header.enabled);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint("##name", "Name", &header.name)) state.composer_error = {};
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint("##value", "Value", &header.value)) state.composer_error = {};
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this header");
      ImGui::PopID();
    }
    ImGui::EndTable();
    if (remove >= 0) state.headers.erase(state.headers.begin() + remove);
  }
  if (ImGui::Button("+ Header")) state.headers.push_back({});
  ImGui::SameLine();
  ImGui::TextDisabled("Host, Content-Length, User-Agent and Connection are added when you do not set them.");
}

// ImGui's text field scans its whole text every frame and converts it to 16-bit characters
// when clicked: a body of many megabytes (imported from a HAR, an experiment file) would
// stall every frame. Beyond this it is shown, not edited; it is sent as it is.
constexpr std::size_t kLargestEditableBody = std::size_t(1) << 20;

// Where the last item was drawn, by name, for the headless UI tests' clicks.
void remember_item(AppState& state, const char* name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

void draw_body_tab(AppState& state) {
  if (state.body.size() > kLargestEditableBody) {
    ImGui::TextDisabled("The body is %s: too large to edit here. It is sent as it is, and saved with the experiment.",
                        format_size(state.body.size()).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear body")) {
      state.body.clear();
      state.composer_error = {};
    }
    remember_item(state, "composer.clear_body");
    ImGui::TextUnformatted(state.body.data(), state.body.data() + std::min<std::size_t>(state.body.size(), 4096));
    ImGui::TextDisabled("... (the first 4 KiB)");
    return;
  }
  if (ImGui::InputTextMultiline("##body", &state.body, ImVec2(-FLT_MIN, -FLT_MIN), ImGuiInputTextFlags_AllowTabInput))
    state.composer_error = {};
}

void draw_options_tab(AppState& state) {
  ExchangeOptions& o = state.options;
  ImGui::PushItemWidth(ImGui::GetFontSize() * 8);
  ImGui::InputDouble("connect timeout (s)", &o.connect_timeout, 1, 10, "%.1f");
  ImGui::InputDouble("first byte timeout (s)", &o.first_byte_timeout, 1, 10, "%.1f");
  ImGui::InputDouble("idle timeout (s)", &o.idle_timeout, 1, 10, "%.1f");
  ImGui::InputDouble("total timeout (s)", &o.total_timeout, 1, 10, "%.1f");
  ImGui::PopItemWidth();
  ImGui::Checkbox("verify TLS certificates", &o.verify_tls);
  ImGui::Checkbox("Follow redirects", &o.follow_redirects);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Follow 301/302/303/307/308; each hop is its own exchange in the history.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::InputInt("max redirects", &o.max_redirects)) o.max_redirects = std::clamp(o.max_redirects, 0, 1000);
  ImGui::Checkbox("Use cookie jar", &state.cookies.use_jar);
#ifndef __EMSCRIPTEN__  // the browser build's relay has its own CA list (wirepad serve --cacert)
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
  ImGui::InputTextWithHint("CA file", "PEM file of extra trusted CAs (an internal CA)", &o.ca_file);
#endif
}

}  // namespace

ComposerIntent draw_composer(AppState& state, bool in_flight) {
  ComposerIntent intent;
  const UrlBarIntent bar = draw_url_bar(state, in_flight);  // method, URL, Send (ui/composer_url_bar.h)
  intent.send = bar.send;
  intent.cancel = bar.cancel;

  SecondaryControlsStyle secondary;  // subdued buttons and a clear tab bar, for the composer only
  if (ImGui::BeginTabBar("composer_tabs")) {
    // `--open-tab Auth` (screenshots, scripts) brings the Auth tab forward once.
    const bool select_auth = state.viewers.open_tab == "Auth";
    if (select_auth) state.viewers.open_tab.clear();
    const std::string auth_label = std::string(state.request_model.auth.kind == AuthKind::none ? "Auth" : "Auth *") + "###auth";
    const bool auth_open = ImGui::BeginTabItem(auth_label.c_str(), nullptr, select_auth ? ImGuiTabItemFlags_SetSelected : 0);
    remember_item(state, "composer.auth_tab");
    if (auth_open) {
      ImGui::BeginChild("auth_scroll");
      if (draw_auth_tab(state).fetch_oauth_token) intent.fetch_oauth_token = true;  // ui/composer_auth_tab.h
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    std::string headers_label = "Headers (" + std::to_string(state.headers.size()) + ")###headers";
    if (ImGui::BeginTabItem(headers_label.c_str())) {
      ImGui::BeginChild("headers_scroll");
      draw_headers_tab(state);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    std::string body_label = state.body.empty() ? std::string("Body###body") : "Body (" + std::to_string(state.body.size()) + " B)###body";
    const bool body_open = ImGui::BeginTabItem(body_label.c_str());
    remember_item(state, "composer.body_tab");
    if (body_open) {
      draw_body_tab(state);
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Options")) {
      draw_options_tab(state);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  return intent;
}

}  // namespace wirepad::ui
