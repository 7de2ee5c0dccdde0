// ui: the composer's URL bar and Auth tab (ui/composer_url_bar.h, ui/composer_auth_tab.h)
// driven through ImGui frames with no window, clicked and typed into as a person would (the
// mouse on recorded centres, Ctrl+V from ImGui's clipboard): a pasted curl command imports
// into the tab (several into several tabs), a bad one stays in the field with its error,
// {{variables}} in the URL say their value on hover, the Auth tab edits request_model.auth,
// which a format 3 file keeps, and its preview is what the send pipeline adds.
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>

#include "headless_imgui.h"
#include "native/native_platform.h"
#include "shared/experiment.h"
#include "shared/request_resolve.h"
#include "ui/composer_auth_tab.h"
#include "ui/composer_url_bar.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

using namespace wirepad;
using wirepad::test::HeadlessImGui;

namespace {

void click(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& button) {
  REQUIRE(state.io.buttons.count(button) == 1);
  auto at = state.io.buttons.at(button);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(at[0], at[1]);
  gui.frame(state, platform);
  io.MouseDown[0] = true;
  gui.frame(state, platform);
  io.MouseDown[0] = false;
  gui.frames(state, platform, 2);
}

// Clicks into the (emptied) URL field and pastes `text` with Ctrl+V.
void paste_into_url(HeadlessImGui& gui, ui::AppState& state, ui::Platform& platform, const std::string& text) {
  state.url.clear();
  ++state.widget_epoch;  // as load_experiment does: the field lets go of its old text
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.url");
  ImGui::SetClipboardText(text.c_str());
  gui.press(state, platform, ImGuiKey_V, /*ctrl=*/true);
  gui.frames(state, platform, 2);
}

ui::AppState fresh_state(HeadlessImGui& gui, ui::Platform& platform) {
  ui::AppState state;
  ui::load_experiment(state, ui::hello_experiment(8080));
  gui.frames(state, platform, 2);
  return state;
}

Environment local_environment() {
  Environment env;
  env.name = "local";
  env.variables = {{"host", "127.0.0.1:8080"}, {"token", "s3cret-value", true}, {"pw", "pass"}};
  return env;
}

}  // namespace

TEST_CASE("URL bar: a pasted curl command with --digest and -F becomes the tab's structured request", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  const int id = state.id;

  paste_into_url(gui, state, platform, "curl -u a:b --digest -F x=1 http://127.0.0.1:1/p");
  REQUIRE_FALSE(state.composer_error);
  CHECK(state.id == id);  // the same tab, not a new one
  CHECK(state.tabs.size() == 1);
  CHECK(state.method == "POST");
  CHECK(state.url == "http://127.0.0.1:1/p");
  const RequestSpec& m = state.request_model;
  CHECK(m.auth.kind == AuthKind::digest);
  CHECK(m.auth.digest.username == "a");
  CHECK(m.auth.digest.password == "b");
  CHECK(m.body_kind == BodyKind::multipart);
  REQUIRE(m.multipart.size() == 1);
  CHECK(m.multipart[0].name == "x");
  CHECK(m.multipart[0].value == "1");
  CHECK_FALSE(m.multipart[0].is_file);
  // What a save or a Send takes: the composer's fields over the model, the import whole.
  Experiment e = ui::experiment_from_state(state);
  CHECK(e.request.auth.kind == AuthKind::digest);
  CHECK(e.request.body_kind == BodyKind::multipart);
  CHECK(e.request.url == "http://127.0.0.1:1/p");
  CHECK(state.url_bar_notice.rfind("Imported from curl", 0) == 0);

  // The field shows the import, not the pasted text, from the next frame on (its widget let go).
  gui.frames(state, platform, 2);
  CHECK(state.url == "http://127.0.0.1:1/p");
}

TEST_CASE("URL bar: what curl would do that the import drops is listed under the bar until dismissed", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  paste_into_url(gui, state, platform, "curl -o out.bin http://127.0.0.1:1/file");
  REQUIRE_FALSE(state.composer_error);
  CHECK(state.url == "http://127.0.0.1:1/file");
  CHECK(state.url_bar_notice.find("-o ignored") != std::string::npos);
  click(gui, state, platform, "composer.dismiss_notice");
  CHECK(state.url_bar_notice.empty());
}

TEST_CASE("URL bar: two pasted commands open two tabs, the first in this one", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  const int id = state.id;
  // Line breaks a one-line field drops: the clipboard's text is what is imported.
  paste_into_url(gui, state, platform, "curl http://127.0.0.1:1/a\ncurl -X PUT -H 'X-B: 2' \\\n  http://127.0.0.1:1/b\n");
  REQUIRE_FALSE(state.composer_error);
  REQUIRE(state.tabs.size() == 2);
  CHECK(state.id == id);  // the tab pasted into stays in front
  CHECK(state.method == "GET");
  CHECK(state.url == "http://127.0.0.1:1/a");
  CHECK(state.url_bar_notice.find("2 commands") != std::string::npos);
  const ui::TabState& other = state.tabs[1];
  CHECK(other.method == "PUT");
  CHECK(other.url == "http://127.0.0.1:1/b");
  REQUIRE(other.headers.size() == 1);
  CHECK(other.headers[0].name == "X-B");
  gui.frames(state, platform, 2);
  CHECK(state.id == id);
}

TEST_CASE("URL bar: a curl command that does not parse stays in the field as pasted, with the error and where", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  const std::string bad = "curl -H 'X-A: 1 http://127.0.0.1:1/p";  // the quote is never closed
  paste_into_url(gui, state, platform, bad);
  CHECK(state.url == bad);
  REQUIRE(state.composer_error);
  CHECK(state.composer_error.message.find("curl") != std::string::npos);
  CHECK(state.composer_error.message.find("position") != std::string::npos);
  CHECK(state.composer_error.offset >= 0);
  CHECK(state.method == "GET");  // nothing else changed
  CHECK(state.request_model.auth.kind == AuthKind::none);
  gui.frames(state, platform, 3);
  CHECK(state.url == bad);  // and it stays

  // An unknown option: named, and the text kept too.
  paste_into_url(gui, state, platform, "curl --no-such-option http://127.0.0.1:1/");
  CHECK(state.url == "curl --no-such-option http://127.0.0.1:1/");
  REQUIRE(state.composer_error);
  CHECK(state.composer_error.message.find("--no-such-option") != std::string::npos);
}

TEST_CASE("URL bar: a curl command typed by hand is not imported letter by letter, but on Enter", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  state.url.clear();
  ++state.widget_epoch;
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.url");
  const std::string typed = "curl -X DELETE http://127.0.0.1:1/x";
  for (char c : typed) {
    ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
    gui.frame(state, platform);
  }
  CHECK(state.url == typed);
  CHECK(state.method == "GET");
  CHECK_FALSE(state.composer_error);
  gui.press(state, platform, ImGuiKey_Enter, false);
  CHECK(state.method == "DELETE");
  CHECK(state.url == "http://127.0.0.1:1/x");
}

TEST_CASE("URL bar: {{variables}} say their value on hover, a secret masked, an unknown one named", "[ui][composer]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  state.workspace.environments.environments.push_back(local_environment());
  state.workspace.active_environment = "local";
  CHECK(ui::url_variable_tooltip(state, "host") == "{{host}} = 127.0.0.1:8080   (environment \"local\")");
  const std::string secret = ui::url_variable_tooltip(state, "token");
  CHECK(secret.find("s3cret") == std::string::npos);
  CHECK(secret.find("********") != std::string::npos);
  CHECK(ui::url_variable_tooltip(state, "nope") == "{{nope}} is not defined in environment \"local\".");
  state.workspace.active_environment.clear();
  CHECK(ui::url_variable_tooltip(state, "host").find("no environment is chosen") != std::string::npos);
  state.workspace.active_environment = "local";

  // Drawn: each reference has its box where the text is; the mouse over it opens a tooltip.
  state.url = "http://{{host}}/users/{{nope}}";
  ++state.widget_epoch;
  gui.frames(state, platform, 2);
  REQUIRE(state.io.buttons.count("composer.url_var.host") == 1);
  REQUIRE(state.io.buttons.count("composer.url_var.nope") == 1);
  const auto host = state.io.buttons.at("composer.url_var.host");
  const auto url = state.io.buttons.at("composer.url");
  CHECK(host[0] < url[0]);  // near the start of the field
  CHECK(host[1] == Approx(url[1]).margin(2));
  ImGui::GetIO().MousePos = ImVec2(host[0], host[1]);
  gui.frames(state, platform, 3);
  ImGuiWindow* tooltip = ImGui::FindWindowByName("##Tooltip_00");
  REQUIRE(tooltip);
  CHECK(tooltip->Active);
  ImGui::GetIO().MousePos = ImVec2(url[0] + 300, url[1]);  // plain text: no tooltip
  gui.frames(state, platform, 3);
  CHECK_FALSE(ImGui::FindWindowByName("##Tooltip_00")->Active);
}

TEST_CASE("Auth tab: typing into its fields edits request_model.auth, which a format 3 file keeps", "[ui][composer][auth]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  click(gui, state, platform, "composer.auth_tab");
  REQUIRE(state.io.buttons.count("composer.auth_kind") == 1);
  state.request_model.auth.kind = AuthKind::basic;
  gui.frames(state, platform, 2);
  click(gui, state, platform, "composer.auth.Username");
  for (char c : std::string("ada")) ImGui::GetIO().AddInputCharacter(c);
  gui.frame(state, platform);
  click(gui, state, platform, "composer.auth.Password");
  for (char c : std::string("pw")) ImGui::GetIO().AddInputCharacter(c);
  gui.frames(state, platform, 2);
  CHECK(state.request_model.auth.basic.username == "ada");
  CHECK(state.request_model.auth.basic.password == "pw");

  // Every kind's settings draw, and survive a save and a load (format 3).
  AuthSpec a;
  a.basic = {"ada", "pw"};
  a.bearer.token = "{{token}}";
  a.api_key = {"X-Key", "k-1", ApiKeyPlacement::query};
  a.digest = {"dee", "dpw"};
  a.oauth2.grant = OAuth2Grant::authorization_code;
  a.oauth2.token_url = "https://auth.example/token";
  a.oauth2.auth_url = "https://auth.example/authorize";
  a.oauth2.redirect_uri = "http://127.0.0.1:0/callback";
  a.oauth2.client_id = "cid";
  a.oauth2.client_secret = "{{client_secret}}";
  a.oauth2.scope = "read write";
  a.oauth2.pkce = false;
  a.oauth2.client_auth = OAuth2ClientAuth::body;
  a.oauth2.access_token = "{{access_token}}";
  a.sigv4 = {"AKID", "SECRET", "SESSION", "eu-west-1", "execute-api"};
  for (AuthKind kind : {AuthKind::none, AuthKind::inherit, AuthKind::basic, AuthKind::bearer, AuthKind::api_key,
                        AuthKind::digest, AuthKind::oauth2, AuthKind::aws_sigv4}) {
    CAPTURE(to_string(kind));
    a.kind = kind;
    state.request_model.auth = a;
    gui.frames(state, platform, 2);
    CHECK(state.request_model.auth == a);  // drawing changes nothing
    const std::string file = serialize_experiment(ui::experiment_from_state(state));
    Result<Experiment> loaded = parse_experiment(file);
    REQUIRE(loaded);
    ui::TabState tab;
    ui::load_experiment(tab, loaded.value());
    // Format 3, and every kind's settings kept: switching kinds and saving loses nothing.
    if (kind != AuthKind::none) CHECK(file.find("\"wirepad\": 3") != std::string::npos);
    CHECK(tab.request_model.auth == a);
  }
}

TEST_CASE("Auth tab: the preview is what the send pipeline adds", "[ui][composer][auth]") {
  HeadlessImGui gui;
  native::NativePlatform platform;
  ui::AppState state = fresh_state(gui, platform);
  state.workspace.environments.environments.push_back(local_environment());
  state.workspace.active_environment = "local";
  state.request_model.auth.kind = AuthKind::basic;
  state.request_model.auth.basic = {"user", "{{pw}}"};
  gui.frames(state, platform, 2);

  ui::AuthPreview preview = ui::auth_preview(state);
  REQUIRE_FALSE(preview.error);
  REQUIRE(preview.headers.size() == 1);
  CHECK(preview.headers[0].name == "Authorization");
  CHECK(preview.headers[0].value == "Basic dXNlcjpwYXNz");  // user:pass, {{pw}} from the environment
  ResolveOptions options;
  options.environment = ui::active_environment(state);
  Result<ResolvedRequest> sent = resolve_request_spec(ui::experiment_from_state(state).request, options);
  REQUIRE(sent);
  const Header* authorization = find_header(sent->request.headers, "Authorization");
  REQUIRE(authorization);
  CHECK(authorization->value == preview.headers[0].value);

  // The user's own Authorization wins, and the preview says so.
  state.headers.push_back({true, "Authorization", "Custom x"});
  preview = ui::auth_preview(state);
  CHECK(preview.headers.empty());
  REQUIRE_FALSE(preview.notes.empty());
  CHECK(preview.notes[0].find("already has an Authorization header") != std::string::npos);
  state.headers.pop_back();

  // A username with ':' cannot be sent as Basic: the preview gives the pipeline's error.
  state.request_model.auth.basic.username = "a:b";
  CHECK(ui::auth_preview(state).error.message.find("RFC 7617") != std::string::npos);

  state.request_model.auth.kind = AuthKind::api_key;
  state.request_model.auth.api_key = {"api_key", "{{unknown_key}}", ApiKeyPlacement::query};
  preview = ui::auth_preview(state);
  CHECK(preview.headers.empty());
  CHECK(preview.url == "http://127.0.0.1:8080/?api_key={{unknown_key}}");  // unknown kept as written
  state.request_model.auth.api_key.value = "{{token}}";  // a secret: its resolved value is what the tab masks
  preview = ui::auth_preview(state);
  CHECK(preview.url == "http://127.0.0.1:8080/?api_key=s3cret-value");
  CHECK(preview.api_key_value == "s3cret-value");

  state.request_model.auth.kind = AuthKind::digest;
  preview = ui::auth_preview(state);
  CHECK(preview.headers.empty());
  CHECK(preview.pending.find("401 challenge") != std::string::npos);

  state.request_model.auth.kind = AuthKind::aws_sigv4;
  state.request_model.auth.sigv4 = {"AKID", "SECRET", "", "eu-west-1", "s3"};
  preview = ui::auth_preview(state);
  CHECK(preview.pending.find("AWS4-HMAC-SHA256 Credential=AKID/<date>/eu-west-1/s3/aws4_request") != std::string::npos);
  CHECK(preview.pending.find("X-Amz-Date") != std::string::npos);

  state.request_model.auth.kind = AuthKind::oauth2;
  state.request_model.auth.oauth2.token_url = "https://auth.example/token";
  preview = ui::auth_preview(state);
  CHECK(preview.pending.find("https://auth.example/token") != std::string::npos);
  state.request_model.auth.oauth2.access_token = "{{token}}";
  preview = ui::auth_preview(state);
  REQUIRE(preview.headers.size() == 1);
  CHECK(preview.headers[0].value == "Bearer s3cret-value");
  gui.frames(state, platform, 2);  // and it draws
}
