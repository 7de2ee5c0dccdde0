// ui: composer_panel.h.
#include "ui/composer_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/composer_auth_tab.h"
#include "ui/composer_body_tab.h"
#include "ui/composer_headers_tab.h"
#include "ui/composer_params_tab.h"
#include "ui/composer_style.h"
#include "ui/composer_tests_tab.h"
#include "ui/composer_url_bar.h"

#include <algorithm>
#include <string>

namespace wirepad::ui {
namespace {

// Where the last item was drawn, by name, for the headless UI tests' clicks.
void remember_item(AppState& state, const char* name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

// `--open-tab Composer:Params` (Auth, Headers, Body, Options): that tab forward once, for
// tests and screenshots.
ImGuiTabItemFlags open_tab_flags(AppState& state, const char* name) {
  std::string& open = state.viewers.open_tab;
  if (open.rfind("Composer:", 0) != 0 || open.compare(9, std::string::npos, name) != 0) return ImGuiTabItemFlags_None;
  open.clear();
  return ImGuiTabItemFlags_SetSelected;
}

void draw_options_tab(AppState& state) {
  ExchangeOptions& o = state.options;
  ImGui::PushItemWidth(ImGui::GetFontSize() * 8);
  ImGui::InputDouble("connect timeout (s)", &o.connect_timeout, 1, 10, "%.1f");
  ImGui::InputDouble("first byte timeout (s)", &o.first_byte_timeout, 1, 10, "%.1f");
  ImGui::InputDouble("idle timeout (s)", &o.idle_timeout, 1, 10, "%.1f");
  ImGui::InputDouble("total timeout (s)", &o.total_timeout, 1, 10, "%.1f");
  ImGui::PopItemWidth();
  // HTTP version, as curl's --http1.1 / --http2 / --http2-prior-knowledge (docs/http2.md).
  static const char* const versions[] = {"HTTP/1.1", "HTTP/2 (offered in TLS's ALPN; else HTTP/1.1)",
                                         "HTTP/2 with prior knowledge (h2c on http://)"};
  int version = int(o.http_version);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
  if (ImGui::Combo("HTTP version", &version, versions, IM_ARRAYSIZE(versions))) o.http_version = HttpVersion(version);
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

ComposerIntent draw_composer(AppState& state, Platform& platform, bool in_flight) {
  ComposerIntent intent;
  const UrlBarIntent bar = draw_url_bar(state, in_flight);  // method, URL, Send (ui/composer_url_bar.h)
  intent.send = bar.send;
  intent.cancel = bar.cancel;

  sync_params_with_url(state);
  SecondaryControlsStyle secondary;  // subdued buttons and a clear tab bar, for the composer only
  // Params | Auth | Headers | Body | Options, each tab in its own file.
  if (ImGui::BeginTabBar("composer_tabs")) {
    const int params = params_tab_count(state);
    std::string params_label = params ? "Params (" + std::to_string(params) + ")###params" : std::string("Params###params");
    const bool params_open = ImGui::BeginTabItem(params_label.c_str(), nullptr, open_tab_flags(state, "Params"));
    remember_item(state, "composer.params_tab");
    if (params_open) {
      ImGui::BeginChild("params_scroll");
      draw_params_tab(state);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    const std::string auth_label = std::string(state.request_model.auth.kind == AuthKind::none ? "Auth" : "Auth *") + "###auth";
    const bool auth_open = ImGui::BeginTabItem(auth_label.c_str(), nullptr, open_tab_flags(state, "Auth"));
    remember_item(state, "composer.auth_tab");
    if (auth_open) {
      ImGui::BeginChild("auth_scroll");
      const AuthTabIntent auth = draw_auth_tab(state, in_flight);  // ui/composer_auth_tab.h
      if (auth.fetch_oauth_token) intent.fetch_oauth_token = true;
      if (auth.cancel_fetch) intent.cancel = true;  // the token request is the tab's exchange
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    std::string headers_label = "Headers (" + std::to_string(headers_tab_count(state)) + ")###headers";
    const bool headers_open = ImGui::BeginTabItem(headers_label.c_str(), nullptr, open_tab_flags(state, "Headers"));
    remember_item(state, "composer.headers_tab");
    if (headers_open) {
      ImGui::BeginChild("headers_scroll");
      draw_headers_tab(state);
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    const std::string detail = body_tab_detail(state);
    std::string body_label = detail.empty() ? std::string("Body###body") : "Body (" + detail + ")###body";
    const bool body_open = ImGui::BeginTabItem(body_label.c_str(), nullptr, open_tab_flags(state, "Body"));
    remember_item(state, "composer.body_tab");
    if (body_open) {
      draw_body_tab(state, platform);
      ImGui::EndTabItem();
    }
    const int tests = tests_tab_count(state);
    const std::string tests_label = tests ? "Tests (" + std::to_string(tests) + ")###tests" : std::string("Tests###tests");
    const bool tests_open = ImGui::BeginTabItem(tests_label.c_str(), nullptr, open_tab_flags(state, "Tests"));
    remember_item(state, "composer.tests_tab");
    if (tests_open) {
      ImGui::BeginChild("tests_scroll");
      draw_tests_tab(state, state.composer_view.tests);  // ui/composer_tests_tab.h
      ImGui::EndChild();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Options", nullptr, open_tab_flags(state, "Options"))) {
      draw_options_tab(state);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  return intent;
}

}  // namespace wirepad::ui
