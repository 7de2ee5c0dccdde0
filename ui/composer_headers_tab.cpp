// ui: composer_headers_tab.h.
#include "ui/composer_headers_tab.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>
#include <string_view>

#include "shared/http_message.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

// FNV-1a, each piece preceded by its length so ("ab","c") and ("a","bc") differ.
struct Fingerprint {
  std::uint64_t h = 1469598103934665603ull;
  void bytes(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  }
  void add(std::uint64_t n) { bytes(std::string_view(reinterpret_cast<const char*>(&n), sizeof n)); }
  void add(std::string_view s) {
    add(static_cast<std::uint64_t>(s.size()));
    bytes(s);
  }
};

constexpr std::size_t kBodyHashedWhole = 64 * 1024;

void remember_item(AppState& state, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

std::string who_adds(const AddedHeader& added) {
  std::string name = added.header.name;
  std::string override_hint = "\nTo send something else, add your own " + name + " header above: it replaces this one.";
  if (added.source == "body") return "Added from the body kind (the Body tab)." + override_hint;
  if (added.source == "auth") return "Added by the auth scheme (the Auth tab)." + override_hint;
  if (iequals(name, "Host")) return "Added by Wirepad: every HTTP/1.1 request names its host (RFC 9110 §7.2)." + override_hint;
  if (iequals(name, "Content-Length"))
    return "Added by Wirepad: the body's length in bytes, which frames it (RFC 9112 §6.2)." + override_hint;
  return "Added by Wirepad, as curl adds it." + override_hint;
}

void draw_user_rows(AppState& state) {
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  int remove = -1;
  if (ImGui::BeginTable("headers", 4, flags)) {
    ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    for (int i = 0; i < static_cast<int>(state.headers.size()); ++i) {
      ComposerHeader& header = state.headers[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      const bool dim = !header.enabled;
      if (dim) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox("##on", &header.enabled);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip(header.enabled ? "Sent. Untick to keep the row without sending it." : "Not sent: kept here.");
      remember_item(state, "headers.on." + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint("##name", "Name", &header.name)) state.composer_error = {};
      remember_item(state, "headers.name." + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint("##value", "Value", &header.value)) state.composer_error = {};
      remember_item(state, "headers.value." + std::to_string(i));
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this header");
      if (dim) ImGui::PopStyleVar();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove >= 0) state.headers.erase(state.headers.begin() + remove);
  if (ImGui::Button("+ Header")) state.headers.push_back({});
  remember_item(state, "headers.add");
}

void draw_added_rows(AppState& state) {
  const std::vector<AddedHeader>& added = added_headers(state, active_environment(state));
  ImGui::Spacing();
  ImGui::TextDisabled("Added when sent (hover for who adds each; a header of the same name above replaces it):");
  if (added.empty()) {
    ImGui::TextDisabled("  none: the URL cannot be sent as it is (see the error above when you Send)");
    return;
  }
  const bool files = !files_to_read(state.request_model).empty() &&
                     (state.request_model.body_kind == BodyKind::multipart || state.request_model.body_kind == BodyKind::binary);
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("added_headers", 4, flags)) return;
  // The same columns as the user's rows, so names and values line up under theirs.
  ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("by", ImGuiTableColumnFlags_WidthFixed);
  for (std::size_t i = 0; i < added.size(); ++i) {
    const AddedHeader& a = added[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetStyle().FramePadding.x);  // under the fields' text
    ImGui::TextDisabled("%s", a.header.name.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", who_adds(a).c_str());
    ImGui::TableNextColumn();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetStyle().FramePadding.x);
    std::string value = a.header.value;
    if (files && iequals(a.header.name, "Content-Length")) value += " + the files' sizes (read when sending)";
    ImGui::TextDisabled("%s", value.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", who_adds(a).c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", a.source.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", who_adds(a).c_str());
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

std::uint64_t request_fingerprint(const TabState& state, const Environment* environment) {
  const RequestSpec& m = state.request_model;
  Fingerprint f;
  f.add(state.method);
  f.add(state.url);
  for (const ComposerHeader& h : state.headers) {
    f.add(h.enabled);
    f.add(h.name);
    f.add(h.value);
  }
  f.add(state.body.size());
  if (state.body.size() <= kBodyHashedWhole) {
    f.add(state.body);
  } else {
    // A long body by its ends, the composer's edit count and the epoch (a new experiment):
    // the length is all Content-Length needs, and hashing megabytes each frame would not do.
    f.add(std::string_view(state.body).substr(0, 4096));
    f.add(std::string_view(state.body).substr(state.body.size() - 4096));
    f.add(state.composer_view.body_edits);
    f.add(state.widget_epoch);
  }
  for (const QueryParam& p : m.params) {
    f.add(p.enabled);
    f.add(p.has_value);
    f.add(p.name);
    f.add(p.value);
  }
  for (const PathVariable& v : m.path_variables) {
    f.add(v.name);
    f.add(v.value);
  }
  const AuthSpec& a = m.auth;
  f.add(static_cast<std::uint64_t>(a.kind));
  for (const std::string* s : {&a.basic.username, &a.basic.password, &a.bearer.token, &a.api_key.key, &a.api_key.value,
                               &a.digest.username, &a.digest.password, &a.oauth2.access_token, &a.sigv4.access_key,
                               &a.sigv4.secret_key, &a.sigv4.session_token, &a.sigv4.region, &a.sigv4.service})
    f.add(*s);
  f.add(static_cast<std::uint64_t>(a.api_key.in));
  f.add(static_cast<std::uint64_t>(m.body_kind));
  f.add(static_cast<std::uint64_t>(m.body_language));
  for (const FormField& field : m.form) {
    f.add(field.enabled);
    f.add(field.name);
    f.add(field.value);
  }
  for (const MultipartPart& p : m.multipart) {
    f.add(p.enabled);
    f.add(p.is_file);
    f.add(p.name);
    f.add(p.value);
    f.add(p.content_type);
    f.add(p.filename);
  }
  f.add(m.binary_file);
  f.add(m.graphql.query);
  f.add(m.graphql.variables);
  f.add(environment != nullptr);
  if (environment) {
    f.add(environment->name);
    for (const Variable& v : environment->variables) {
      f.add(v.name);
      f.add(v.value);
    }
  }
  return f.h;
}

const std::vector<AddedHeader>& added_headers(TabState& state, const Environment* environment) {
  ComposerTabsView& view = state.composer_view;
  const std::uint64_t key = request_fingerprint(state, environment);
  if (!view.added_valid || view.added_key != key) {
    // A long raw body with no {{variable}} counts only by its length: the pipeline is run
    // over one byte in its place (copying and serializing 16 MiB took 450 ms here), and
    // Content-Length is the real one. The body is swapped out and back, never copied.
    const bool stand_in = state.request_model.body_kind == BodyKind::raw && state.body.size() > kBodyHashedWhole &&
                          state.body.find("{{") == std::string::npos;
    std::string body, model_body;
    if (stand_in) {
      body.swap(state.body);
      model_body.swap(state.request_model.body);
      state.body = "x";
    }
    view.added = headers_added_when_sent(experiment_from_state(state).request, environment);
    if (stand_in) {
      body.swap(state.body);
      model_body.swap(state.request_model.body);
      for (AddedHeader& a : view.added)
        if (iequals(a.header.name, "Content-Length")) a.header.value = std::to_string(state.body.size());
    }
    view.added_key = key;
    view.added_valid = true;
  }
  return view.added;
}

int headers_tab_count(const TabState& state) {
  int n = 0;
  for (const ComposerHeader& h : state.headers)
    if (h.enabled) ++n;
  return n;
}

void draw_headers_tab(AppState& state) {
  draw_user_rows(state);
  draw_added_rows(state);
}

}  // namespace wirepad::ui
