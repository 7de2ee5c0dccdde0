// ui: composer_auth_tab.h.
#include "ui/composer_auth_tab.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "shared/request_resolve.h"
#include "ui/composer_style.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

struct KindChoice {
  AuthKind kind;
  const char* title;
};
constexpr KindChoice kKinds[] = {
    {AuthKind::none, "No auth"},          {AuthKind::inherit, "Inherit from parent"}, {AuthKind::basic, "Basic"},
    {AuthKind::bearer, "Bearer token"},   {AuthKind::api_key, "API key"},             {AuthKind::digest, "Digest"},
    {AuthKind::oauth2, "OAuth 2.0"},      {AuthKind::aws_sigv4, "AWS Signature V4"},
};

const char* title_of(AuthKind kind) {
  for (const KindChoice& c : kKinds)
    if (c.kind == kind) return c.title;
  return "?";
}

// One labelled row of the settings table: the label left, the field filling the rest.
bool field(AppState& state, const char* label, std::string* value, const char* hint, bool secret = false) {
  const bool show_secrets = state.show_auth_secrets;
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::PushID(label);
  const ImGuiInputTextFlags flags = secret && !show_secrets ? ImGuiInputTextFlags_Password : 0;
  const bool changed = ImGui::InputTextWithHint("##v", hint, value, flags);
  ImGui::PopID();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();  // for the headless UI tests
  state.io.buttons[std::string("composer.auth.") + label] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
  return changed;
}

// A row with a label and whatever `draw` puts in the second column.
template <class Draw>
void row(const char* label, Draw draw) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::TableNextColumn();
  draw();
}

void hint_row(const char* text) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TableNextColumn();
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", text);
  ImGui::PopTextWrapPos();
}

bool has_secrets(AuthKind kind) {
  return kind == AuthKind::basic || kind == AuthKind::bearer || kind == AuthKind::api_key || kind == AuthKind::digest ||
         kind == AuthKind::oauth2 || kind == AuthKind::aws_sigv4;
}

// A credential shown in the preview: the scheme word kept ("Basic", "Bearer"), the rest masked
// unless the user asked to see secrets.
std::string masked(const std::string& value, bool show) {
  if (show) return value;
  const std::size_t space = value.find(' ');
  const std::string scheme = space != std::string::npos && space < 20 ? value.substr(0, space + 1) : "";
  return scheme + std::string(std::min<std::size_t>(value.size() - scheme.size(), 12), '*');
}

bool draw_settings(AppState& state, AuthTabIntent& intent) {
  AuthSpec& a = state.request_model.auth;
  bool changed = false;
  const ImGuiTableFlags flags = ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("auth_settings", 2, flags)) return false;
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 9);
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthStretch);
  switch (a.kind) {
    case AuthKind::none: hint_row("The request is sent without credentials."); break;
    case AuthKind::inherit:
      hint_row("Uses the auth of the folder or collection this request belongs to (as imported from Postman). "
               "None is given here, so nothing is added.");
      break;
    case AuthKind::basic:
      changed |= field(state, "Username", &a.basic.username, "user or {{variable}}");
      changed |= field(state, "Password", &a.basic.password, "password or {{variable}}", true);
      hint_row("Sent as Authorization: Basic base64(username:password) (RFC 7617). Readable by anyone who sees the request: "
               "use HTTPS.");
      break;
    case AuthKind::bearer:
      changed |= field(state, "Token", &a.bearer.token, "token or {{variable}}", true);
      hint_row("Sent as Authorization: Bearer <token> (RFC 6750).");
      break;
    case AuthKind::api_key:
      changed |= field(state, "Key", &a.api_key.key, "X-API-Key, or the query parameter's name");
      changed |= field(state, "Value", &a.api_key.value, "the key or {{variable}}", true);
      row("Add to", [&] {
        int in = a.api_key.in == ApiKeyPlacement::header ? 0 : 1;
        bool c = ImGui::RadioButton("Header", &in, 0);
        ImGui::SameLine();
        c |= ImGui::RadioButton("Query parameter", &in, 1);
        if (c) a.api_key.in = in == 0 ? ApiKeyPlacement::header : ApiKeyPlacement::query;
        changed |= c;
      });
      break;
    case AuthKind::digest:
      changed |= field(state, "Username", &a.digest.username, "user or {{variable}}");
      changed |= field(state, "Password", &a.digest.password, "password or {{variable}}", true);
      hint_row("Algorithm (MD5, SHA-256, their -sess variants) and qop come from the server's 401 challenge "
               "(RFC 7616): nothing to choose here. The password never leaves in clear.");
      break;
    case AuthKind::oauth2: {
      OAuth2Auth& o = a.oauth2;
      row("Grant type", [&] {
        ImGui::SetNextItemWidth(-FLT_MIN);
        const char* grants[] = {"Client credentials", "Authorization code (PKCE)"};
        int grant = o.grant == OAuth2Grant::client_credentials ? 0 : 1;
        if (ImGui::Combo("##grant", &grant, grants, 2)) {
          o.grant = grant == 0 ? OAuth2Grant::client_credentials : OAuth2Grant::authorization_code;
          changed = true;
        }
      });
      if (o.grant == OAuth2Grant::authorization_code) {
        changed |= field(state, "Auth URL", &o.auth_url, "https://auth.example.com/authorize");
        changed |= field(state, "Redirect URI", &o.redirect_uri, "http://127.0.0.1:0/callback (loopback, RFC 8252)");
        row("PKCE", [&] { changed |= ImGui::Checkbox("S256 code challenge (RFC 7636)", &o.pkce); });
      }
      changed |= field(state, "Token URL", &o.token_url, "https://auth.example.com/token");
      changed |= field(state, "Client ID", &o.client_id, "client id or {{variable}}");
      changed |= field(state, "Client secret", &o.client_secret, "client secret or {{variable}}", true);
      changed |= field(state, "Scope", &o.scope, "space-separated scopes");
      row("Client auth", [&] {
        int how = o.client_auth == OAuth2ClientAuth::basic_header ? 0 : 1;
        bool c = ImGui::RadioButton("Basic header", &how, 0);
        ImGui::SameLine();
        c |= ImGui::RadioButton("In the body", &how, 1);
        if (c) o.client_auth = how == 0 ? OAuth2ClientAuth::basic_header : OAuth2ClientAuth::body;
        changed |= c;
      });
      changed |= field(state, "Access token", &o.access_token, "the current token, e.g. {{access_token}}", true);
      row("", [&] {
        if (ImGui::Button("Get new access token")) intent.fetch_oauth_token = true;
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip(state.oauth_fetch_wired ? "Ask the token URL for a token now (RFC 6749 §4)"
                                                    : "Fetching here is not wired yet: Send fetches a token when there is none");
        if (!state.oauth_fetch_wired) {
          ImGui::SameLine();
          ImGui::TextDisabled("a token is fetched at Send when the field is empty");
        }
      });
      hint_row("Refresh tokens: a token response's refresh_token is used at Send when the access token has expired.");
      break;
    }
    case AuthKind::aws_sigv4:
      changed |= field(state, "Access key", &a.sigv4.access_key, "AKIA... or {{variable}}");
      changed |= field(state, "Secret key", &a.sigv4.secret_key, "secret access key or {{variable}}", true);
      changed |= field(state, "Session token", &a.sigv4.session_token, "optional: temporary credentials", true);
      changed |= field(state, "Region", &a.sigv4.region, "us-east-1");
      changed |= field(state, "Service", &a.sigv4.service, "s3, execute-api, ...");
      break;
  }
  ImGui::EndTable();
  return changed;
}

void draw_preview(const AppState& state) {
  const AuthKind kind = state.request_model.auth.kind;
  if (kind == AuthKind::none) return;
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled("Will send");
  const AuthPreview preview = auth_preview(state);
  if (preview.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, composer_error_color());
    ImGui::TextWrapped("%s", preview.error.message.c_str());
    ImGui::PopStyleColor();
    return;
  }
  for (const Header& h : preview.headers) {
    ImGui::TextColored(known_variable_color(), "%s:", h.name.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(masked(h.value, state.show_auth_secrets).c_str());
  }
  if (!preview.url.empty()) {
    ImGui::TextColored(known_variable_color(), "URL:");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    std::string url = preview.url;
    const std::string& key = preview.api_key_value;  // resolved: a secret variable's value is masked too
    if (!state.show_auth_secrets && !key.empty())
      for (std::size_t at = url.find(key); at != std::string::npos; at = url.find(key, at + 1)) url.replace(at, key.size(), std::string(key.size(), '*'));
    ImGui::TextUnformatted(url.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!preview.pending.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(preview.pending.c_str());
    ImGui::PopTextWrapPos();
  }
  for (const std::string& note : preview.notes) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", note.c_str());
    ImGui::PopTextWrapPos();
  }
  if (preview.headers.empty() && preview.url.empty() && preview.pending.empty() && preview.notes.empty())
    ImGui::TextDisabled("nothing");
}

}  // namespace

AuthPreview auth_preview(const AppState& state) {
  // The parts of the request auth depends on: its URL (API key in the query), the user's own
  // headers (theirs win), the scheme. Body and files are left out: they add nothing here.
  RequestSpec spec;
  spec.method = state.method;
  spec.url = state.url;
  spec.params = state.request_model.params;
  spec.path_variables = state.request_model.path_variables;
  for (const ComposerHeader& h : state.headers) spec.headers.push_back({h.name, h.value, h.enabled});
  spec.auth = state.request_model.auth;
  spec.body_kind = BodyKind::none;
  ResolveOptions options;
  options.environment = active_environment(state);
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  AuthPreview out;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) {
    out.error = resolved.error();
    return out;
  }
  out.headers = resolved->added;
  out.notes = resolved->notes;
  const AuthSpec& a = resolved->auth;
  if (a.kind == AuthKind::api_key && a.api_key.in == ApiKeyPlacement::query) {
    out.url = resolved->request.url;
    out.api_key_value = a.api_key.value;
  }
  switch (resolved->pending) {
    case PendingAuth::none: break;
    case PendingAuth::digest_challenge:
      out.pending = "No credentials in the first request; answered after the server's 401 challenge with "
                    "Authorization: Digest username=\"" + a.digest.username + "\", realm=..., nonce=..., response=... "
                    "(the algorithm and qop the server names).";
      break;
    case PendingAuth::oauth2_token:
      out.pending = "No access token yet: one is fetched from " +
                    (a.oauth2.token_url.empty() ? std::string("the token URL (none set)") : a.oauth2.token_url) +
                    " when you Send, then sent as Authorization: Bearer <token>.";
      break;
    case PendingAuth::sigv4_signature:
      out.pending = "Signed when sending: Authorization: AWS4-HMAC-SHA256 Credential=" +
                    (a.sigv4.access_key.empty() ? std::string("<access key>") : a.sigv4.access_key) + "/<date>/" +
                    (a.sigv4.region.empty() ? std::string("<region>") : a.sigv4.region) + "/" +
                    (a.sigv4.service.empty() ? std::string("<service>") : a.sigv4.service) +
                    "/aws4_request, SignedHeaders=..., Signature=...; X-Amz-Date: <now>" +
                    (a.sigv4.session_token.empty() ? "" : "; X-Amz-Security-Token") +
                    (a.sigv4.service == "s3" ? "; X-Amz-Content-Sha256" : "") + ".";
      break;
  }
  return out;
}

AuthTabIntent draw_auth_tab(AppState& state) {
  AuthTabIntent intent;
  AuthSpec& a = state.request_model.auth;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Type");
  ImGui::SameLine(ImGui::GetFontSize() * 9 + ImGui::GetStyle().CellPadding.x * 2);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  if (ImGui::BeginCombo("##auth_kind", title_of(a.kind))) {
    for (const KindChoice& c : kKinds)
      if (ImGui::Selectable(c.title, a.kind == c.kind)) {
        a.kind = c.kind;
        state.composer_error = {};
      }
    ImGui::EndCombo();
  }
  {  // where it is, for the headless UI tests' clicks
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    state.io.buttons["composer.auth_kind"] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
  }
  if (has_secrets(a.kind)) {
    ImGui::SameLine();
    ImGui::Checkbox("Show secrets", &state.show_auth_secrets);
  }
  if (draw_settings(state, intent)) state.composer_error = {};
  draw_preview(state);
  return intent;
}

}  // namespace wirepad::ui
