// ui: composer_auth_tab.h.
#include "ui/composer_auth_tab.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <ctime>
#include <string>

#include "shared/auth_flow.h"
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

void remember(AppState& state, const std::string& name) {  // where it is, for the headless UI tests' clicks
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

std::string duration_words(std::int64_t seconds) {
  if (seconds < 90) return std::to_string(seconds) + " s";
  if (seconds < 90 * 60) return std::to_string((seconds + 30) / 60) + " min";
  if (seconds < 48 * 3600) return std::to_string((seconds + 1800) / 3600) + " h";
  return std::to_string((seconds + 43200) / 86400) + " days";
}

std::string utc_clock(std::int64_t when) {
  std::time_t t = static_cast<std::time_t>(when);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return "?";
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S UTC", &tm);
  return text;
}

// "Get new access token", its progress and Cancel, what went wrong, and the token kept.
void draw_oauth_token(AppState& state, AuthTabIntent& intent, bool in_flight) {
  auto run = state.runs.find(state.id);
  AuthFollowState* auth = run != state.runs.end() ? &run->second.auth : nullptr;
  const bool fetching = fetching_oauth_token(state);
  const bool signing_in = auth && auth->authorizing;
  const float indent = ImGui::GetFontSize() * 9 + ImGui::GetStyle().CellPadding.x * 2;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  ImGui::BeginGroup();
  // The button stays where it is (greyed while busy), and Cancel comes beside it: a double
  // click cannot cancel what the first click started.
  ImGui::BeginDisabled(in_flight || fetching || signing_in);
  if (ImGui::Button("Get new access token")) intent.fetch_oauth_token = true;
  ImGui::EndDisabled();
  remember(state, "composer.auth.get_token");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(fetching || signing_in ? "Getting a token: Cancel stops it"
                      : in_flight            ? "The tab's request is in flight: wait for it or cancel it"
                                             : "Ask the token URL for a token now (RFC 6749 §4), without sending the request");
  if (fetching || signing_in) {
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
      if (signing_in) auth->cancel_pending = true;
      else intent.cancel_fetch = true;
    }
    remember(state, "composer.auth.cancel_fetch");
    static const char* kDots[] = {"   ", ".  ", ".. ", "..."};
    const char* dots = kDots[int(ImGui::GetTime() * 3) % 4];
    if (signing_in)
      ImGui::TextWrapped("Waiting for you to sign in at the authorization server in the browser%s (up to 5 min)", dots);
    else
      ImGui::TextWrapped("Requesting a token from %s%s (gives up after %d s)",
                         auth->flow ? auth->flow->resolved().auth.oauth2.token_url.c_str() : "the token URL", dots,
                         int(kTokenFetchTimeoutSeconds));
    if (signing_in) {
      if (ImGui::SmallButton("Open the sign-in again")) auth->open_pending = true;
      ImGui::SameLine();
      if (ImGui::SmallButton("Copy the sign-in URL")) ImGui::SetClipboardText(auth->authorization_url.c_str());
    }
  }
  // What the last fetch (or a Send's token round) said went wrong, with where.
  if (auth && auth->error && (auth->token_only || auth->round == AuthRound::token || auth->error.message.rfind("OAuth 2.0", 0) == 0)) {
    ImGui::PushStyleColor(ImGuiCol_Text, composer_error_color());
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted((std::string(to_string(auth->error.code)) + ": " + auth->error.message).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  if (auth && auth->token_only)
    for (const std::string& note : auth->notes) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", note.c_str());
      ImGui::PopTextWrapPos();
    }
  // The token the environment keeps for these settings.
  const OAuthTokenState token = oauth_token_state(state, static_cast<std::int64_t>(std::time(nullptr)));
  if (token.environment.empty()) {
    ImGui::TextDisabled("Token: none (no environment is chosen; a fetched token is kept in a new one)");
  } else if (token.access_token.empty()) {
    ImGui::TextDisabled("Token: none kept yet in '%s' (%s)", token.environment.c_str(), token.variable.c_str());
  } else {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Token:");
    ImGui::SameLine();
    const std::string shown = state.show_auth_secrets ? token.access_token : masked(token.access_token, false);
    ImGui::TextColored(token.expired ? composer_error_color() : known_variable_color(), "%s", shown.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(state.show_auth_secrets ? "Hide" : "Show")) state.show_auth_secrets = !state.show_auth_secrets;
    remember(state, "composer.auth.show_token");
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s in '%s', %s%s", token.variable.c_str(), token.environment.c_str(), token.expiry.c_str(),
                        token.refresh_token ? "; a refresh token is kept (Send refreshes an expired token)" : "");
    ImGui::PopTextWrapPos();
  }
  if (token.typed_token) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("The Access token field holds a token typed in: Send uses it, not a fetched one. Empty the field "
                        "(or write a {{variable}}) to use the fetched token.");
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
}

bool draw_settings(AppState& state) {
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
#ifdef __EMSCRIPTEN__
        // A page cannot listen on a loopback port: the browser build always redirects to the
        // oauth-callback.html beside the page (web/web_oauth.cpp), whatever is typed here.
        changed |= field(state, "Redirect URI", &o.redirect_uri, "this page's folder + oauth-callback.html (browser build)");
        if (!o.redirect_uri.empty())
          hint_row("The browser build redirects to oauth-callback.html beside this page, not to this URI; the provider must allow that one.");
#else
        changed |= field(state, "Redirect URI", &o.redirect_uri, "http://127.0.0.1:0/callback (loopback, RFC 8252)");
#endif
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
      changed |= field(state, "Access token", &o.access_token, "empty: the fetched one; or {{variable}}", true);
      hint_row("Empty or one {{variable}}: the token is fetched (below, or at Send when none is kept) and kept in the "
               "environment as a secret. Refresh tokens are used at Send when the access token has expired.");
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
  // A token the environment keeps is what Send puts in (ui/auth_follow.h, spec_for_send).
  std::string refresh_token;
  spec = spec_for_send(state, spec, static_cast<UnixTime>(std::time(nullptr)), &refresh_token);
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
      out.pending = std::string(refresh_token.empty() ? "No usable access token: one is fetched from "
                                                      : "The access token has expired: it is refreshed at ") +
                    (a.oauth2.token_url.empty() ? std::string("the token URL (none set)") : a.oauth2.token_url) +
                    " when you Send (or with Get new access token), then sent as Authorization: Bearer <token>.";
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

OAuthTokenState oauth_token_state(const AppState& state, std::int64_t now) {
  OAuthTokenState out;
  const Environment* env = active_environment(state);
  const OAuth2Auth& o = state.request_model.auth.oauth2;
  out.typed_token = !o.access_token.empty() && o.access_token.find("{{") == std::string::npos;
  if (!env) return out;
  RequestSpec spec;
  spec.auth = state.request_model.auth;
  const OAuth2TokenVariables names = oauth2_token_variables(spec, env);
  const StoredOAuth2Token kept = stored_oauth2_token(env, names);
  out.environment = env->name;
  out.variable = "{{" + names.access_token + "}}";
  out.access_token = kept.access_token;
  out.refresh_token = !kept.refresh_token.empty();
  if (!kept.expires_at) {
    out.expiry = "no expiry given by the server";
  } else if (*kept.expires_at > now) {
    out.expiry = "expires in " + duration_words(*kept.expires_at - now) + " (" + utc_clock(*kept.expires_at) + ")";
  } else {
    out.expired = true;
    out.expiry = "expired " + duration_words(now - *kept.expires_at) + " ago (" + utc_clock(*kept.expires_at) + ")";
  }
  return out;
}

AuthTabIntent draw_auth_tab(AppState& state, bool in_flight) {
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
  if (draw_settings(state)) state.composer_error = {};
  if (a.kind == AuthKind::oauth2) draw_oauth_token(state, intent, in_flight);
  draw_preview(state);
  return intent;
}

}  // namespace wirepad::ui
