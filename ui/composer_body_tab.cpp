// ui: composer_body_tab.h.
#include "ui/composer_body_tab.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "shared/json_body.h"
#include "ui/byte_format.h"

namespace wirepad::ui {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const ImVec4 kOkColor(0.45f, 0.8f, 0.5f, 1.0f);

struct KindChoice {
  BodyKind kind;
  const char* label;
  const char* tip;
};
constexpr KindChoice kKinds[] = {
    {BodyKind::none, "none", "No body (and no Content-Type)."},
    {BodyKind::raw, "raw", "Text as typed: JSON, XML, HTML, JavaScript or plain text."},
    {BodyKind::urlencoded, "x-www-form-urlencoded", "A table of fields, encoded when sent (application/x-www-form-urlencoded)."},
    {BodyKind::multipart, "form-data", "Text and file parts (multipart/form-data, RFC 7578), as curl -F sends them."},
    {BodyKind::binary, "binary file", "The bytes of one file, as they are (application/octet-stream unless you set a type)."},
    {BodyKind::graphql, "GraphQL", "A query and its variables, sent as JSON."},
};

struct LanguageChoice {
  RawLanguage language;
  const char* label;
};
constexpr LanguageChoice kLanguages[] = {
    {RawLanguage::unspecified, "Text (no Content-Type)"},
    {RawLanguage::text, "Text"},
    {RawLanguage::json, "JSON"},
    {RawLanguage::xml, "XML"},
    {RawLanguage::html, "HTML"},
    {RawLanguage::javascript, "JavaScript"},
};

const char* language_label(RawLanguage language) {
  for (const LanguageChoice& c : kLanguages)
    if (c.language == language) return c.label;
  return "Text";
}

void remember_item(AppState& state, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

void error_text(const std::string& message) {
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
}

// A cheap key for "this text changed": its size, its ends, and a count of edits made here or
// an experiment loaded (the epoch). Whole-text hashing each frame would cost 1 ms per MiB.
std::uint64_t text_key(std::string_view text, std::uint64_t edits, unsigned epoch, int extra) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::uint64_t v) {
    h ^= v;
    h *= 1099511628211ull;
  };
  mix(text.size());
  mix(edits);
  mix(epoch);
  mix(static_cast<std::uint64_t>(extra));
  std::string_view head = text.substr(0, 256), tail = text.substr(text.size() - std::min<std::size_t>(text.size(), 256));
  for (char c : head) mix(static_cast<unsigned char>(c));
  for (char c : tail) mix(static_cast<unsigned char>(c));
  return h;
}

// A file field: a path typed on the desktop; where the platform picks files, a button that
// asks it and puts the name it returns in the field. `part` is the multipart row, or -1 for
// the binary body.
bool draw_file_field(AppState& state, Platform& platform, std::string& value, int part, const char* id) {
  bool changed = false;
  if (platform.picks_files()) {
    if (ImGui::Button("Choose file...")) {
      // The pick answers later (the browser's file dialog): it finds the tab again by id.
      AppState* app = &state;
      const int tab = state.id;
      platform.pick_request_file([app, tab, part](std::string name) {
        if (name.empty()) return;  // cancelled
        RequestSpec* model = nullptr;
        if (app->id == tab) model = &app->request_model;
        for (std::size_t i = 0; !model && i < app->tabs.size(); ++i)
          if (app->tabs[i].id == tab && i != app->active_tab) model = &app->tabs[i].request_model;
        if (!model) return;  // the tab was closed meanwhile
        if (part < 0) model->binary_file = name;
        else if (static_cast<std::size_t>(part) < model->multipart.size()) model->multipart[static_cast<std::size_t>(part)].value = name;
      });
    }
    remember_item(state, std::string("body.choose.") + id);
    ImGui::SameLine();
    if (value.empty()) ImGui::TextDisabled("no file chosen");
    else ImGui::TextUnformatted(value.c_str());
  } else {
    ImGui::SetNextItemWidth(-FLT_MIN);
    changed = ImGui::InputTextWithHint("##file", "path (relative to the experiment file)", &value);
    remember_item(state, std::string("body.file.") + id);
  }
  return changed;
}

void draw_raw(AppState& state) {
  ComposerTabsView& view = state.composer_view;
  RawLanguage& language = state.request_model.body_language;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (ImGui::BeginCombo("##language", language_label(language))) {
    for (const LanguageChoice& c : kLanguages)
      if (ImGui::Selectable(c.label, c.language == language)) language = c.language;
    ImGui::EndCombo();
  }
  remember_item(state, "body.language");
  ImGui::SameLine();
  std::string_view type = content_type_for(language);
  if (type.empty()) ImGui::TextDisabled("no Content-Type is added");
  else ImGui::TextDisabled("Content-Type: %.*s (unless you set one in Headers)", int(type.size()), type.data());

  if (state.body.size() > kLargestEditableBody) {
    ImGui::TextDisabled("The body is %s: too large to edit here. It is sent as it is, and saved with the experiment.",
                        format_size(state.body.size()).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear body")) {
      state.body.clear();
      ++view.body_edits;
      state.composer_error = {};
    }
    remember_item(state, "composer.clear_body");
    ImGui::TextUnformatted(state.body.data(), state.body.data() + std::min<std::size_t>(state.body.size(), 4096));
    ImGui::TextDisabled("... (the first 4 KiB)");
    return;
  }

  float reserve = 0;
  if (language == RawLanguage::json) {
    const std::uint64_t key = text_key(state.body, view.body_edits, state.widget_epoch, 1);
    if (!view.json_valid || view.json_key != key) {
      Error e = state.body.empty() ? Error{} : check_json_body(state.body);
      view.json_error = e ? e.message : std::string();
      view.json_key = key;
      view.json_valid = true;
    }
    reserve = ImGui::GetFrameHeightWithSpacing() * 2;
  }
  if (ImGui::InputTextMultiline("##body", &state.body, ImVec2(-FLT_MIN, reserve > 0 ? -reserve : -FLT_MIN), ImGuiInputTextFlags_AllowTabInput)) {
    ++view.body_edits;
    view.beautify_note.clear();
    state.composer_error = {};
  }
  remember_item(state, "body.raw");
  if (language != RawLanguage::json) return;
  if (ImGui::Button("Beautify")) {
    Result<std::string> pretty = beautify_json_body(state.body);
    if (pretty) {
      state.body = std::move(pretty.value());
      ++view.body_edits;
      view.beautify_note.clear();
    } else {
      view.beautify_note = "Beautify cannot parse it: " + pretty.error().message;
    }
  }
  remember_item(state, "body.beautify");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Indent with 2 spaces; every string, number and {{variable}} is kept as typed.");
  ImGui::SameLine();
  if (!view.json_error.empty()) error_text(view.json_error);
  else if (!view.beautify_note.empty()) error_text(view.beautify_note);
  else if (state.body.empty()) ImGui::TextDisabled("empty");
  else {
    ImGui::PushStyleColor(ImGuiCol_Text, kOkColor);
    ImGui::TextUnformatted("valid JSON");
    ImGui::PopStyleColor();
  }
}

// Starts a table with an "on" column, the given stretch columns and a remove column.
bool begin_rows(const char* id, std::initializer_list<std::pair<const char*, float>> columns) {
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, static_cast<int>(columns.size()) + 2, flags)) return false;
  ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed);
  for (const auto& [name, weight] : columns)
    ImGui::TableSetupColumn(name, weight > 0 ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed,
                            weight > 0 ? weight : -weight);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();
  return true;
}

void draw_form(AppState& state) {
  std::vector<FormField>& form = state.request_model.form;
  int remove = -1;
  if (begin_rows("form", {{"Name", 1.0f}, {"Value", 2.0f}})) {
    for (int i = 0; i < static_cast<int>(form.size()); ++i) {
      FormField& f = form[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      const bool dim = !f.enabled;
      if (dim) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox("##on", &f.enabled);
      remember_item(state, "form.on." + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputTextWithHint("##name", "name", &f.name);
      remember_item(state, "form.name." + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputTextWithHint("##value", "value", &f.value);
      remember_item(state, "form.value." + std::to_string(i));
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = i;
      if (dim) ImGui::PopStyleVar();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove >= 0) form.erase(form.begin() + remove);
  if (ImGui::Button("+ Field")) form.push_back({});
  remember_item(state, "form.add");
  ImGui::SameLine();
  ImGui::TextDisabled("Names and values as typed; encoded when sent (space as +, {{variables}} filled in first).");
}

void draw_multipart(AppState& state, Platform& platform) {
  std::vector<MultipartPart>& parts = state.request_model.multipart;
  int remove = -1;
  const float kind_width = ImGui::CalcTextSize("File").x + ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2;
  if (begin_rows("multipart", {{"Name", 1.0f}, {"Kind", -kind_width}, {"Value or file", 2.2f}, {"Content-Type", 1.0f}, {"File name", 0.9f}})) {
    for (int i = 0; i < static_cast<int>(parts.size()); ++i) {
      MultipartPart& p = parts[static_cast<std::size_t>(i)];
      const std::string n = std::to_string(i);
      ImGui::PushID(i);
      const bool dim = !p.enabled;
      if (dim) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Checkbox("##on", &p.enabled);
      remember_item(state, "multipart.on." + n);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputTextWithHint("##name", "name", &p.name);
      remember_item(state, "multipart.name." + n);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::BeginCombo("##kind", p.is_file ? "File" : "Text")) {
        if (ImGui::Selectable("Text", !p.is_file)) p.is_file = false;
        if (ImGui::Selectable("File", p.is_file)) p.is_file = true;
        ImGui::EndCombo();
      }
      remember_item(state, "multipart.kind." + n);
      ImGui::TableNextColumn();
      if (p.is_file) {
        draw_file_field(state, platform, p.value, i, ("part" + n).c_str());
      } else {
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint("##value", "value", &p.value);
        remember_item(state, "multipart.value." + n);
      }
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputTextWithHint("##type", p.is_file ? "from the file name" : "none", &p.content_type);
      remember_item(state, "multipart.type." + n);
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      ImGui::InputTextWithHint("##filename", p.is_file ? "the file's own" : "none", &p.filename);
      remember_item(state, "multipart.filename." + n);
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = i;
      if (dim) ImGui::PopStyleVar();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove >= 0) parts.erase(parts.begin() + remove);
  if (ImGui::Button("+ Part")) parts.push_back({});
  remember_item(state, "multipart.add");
  ImGui::SameLine();
  ImGui::TextDisabled(platform.picks_files() ? "Files are read when sending (the picked file's bytes)."
                                             : "Files are read when sending, relative to the experiment file; a missing one stops the send.");
}

void draw_binary(AppState& state, Platform& platform) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("File");
  ImGui::SameLine();
  draw_file_field(state, platform, state.request_model.binary_file, -1, "binary");
  ImGui::TextDisabled("Sent as it is, read when sending; Content-Type application/octet-stream unless you set one in Headers.");
}

void draw_graphql(AppState& state) {
  ComposerTabsView& view = state.composer_view;
  GraphQLBody& g = state.request_model.graphql;
  const float avail = ImGui::GetContentRegionAvail().y;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float query_height = std::max(line * 4, (avail - line * 3) * 0.6f);
  ImGui::TextUnformatted("Query");
  ImGui::InputTextMultiline("##query", &g.query, ImVec2(-FLT_MIN, query_height), ImGuiInputTextFlags_AllowTabInput);
  remember_item(state, "graphql.query");
  ImGui::TextUnformatted("Variables");
  ImGui::SameLine();
  const std::uint64_t key = text_key(g.variables, 0, state.widget_epoch, 2);
  if (!view.graphql_valid || view.graphql_key != key) {
    Error e;
    std::string_view trimmed = g.variables;
    while (!trimmed.empty() && std::string_view(" \t\r\n").find(trimmed.front()) != std::string_view::npos) trimmed.remove_prefix(1);
    if (!trimmed.empty()) {
      e = check_json_body(g.variables, "The GraphQL variables");
      if (!e && trimmed.front() != '{') e = make_error(ErrorCode::invalid_request, "The GraphQL variables must be a JSON object such as {\"id\": 1}");
    }
    view.graphql_error = e ? e.message : std::string();
    view.graphql_key = key;
    view.graphql_valid = true;
  }
  if (!view.graphql_error.empty()) error_text(view.graphql_error);
  else ImGui::TextDisabled("a JSON object, or empty");
  if (ImGui::InputTextMultiline("##variables", &g.variables, ImVec2(-FLT_MIN, -FLT_MIN), ImGuiInputTextFlags_AllowTabInput))
    view.graphql_valid = false;
  remember_item(state, "graphql.variables");
}

}  // namespace

std::string body_tab_detail(const TabState& state) {
  const RequestSpec& m = state.request_model;
  auto enabled = [](const auto& rows) {
    return std::to_string(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.enabled; }));
  };
  switch (m.body_kind) {
    case BodyKind::none: return "none";
    case BodyKind::raw:
      if (m.body_language != RawLanguage::unspecified) return language_label(m.body_language);
      return state.body.empty() ? "" : format_size(state.body.size());
    case BodyKind::urlencoded: return "form " + enabled(m.form);
    case BodyKind::multipart: return "multipart " + enabled(m.multipart);
    case BodyKind::binary: return "binary";
    case BodyKind::graphql: return "GraphQL";
  }
  return "";
}

void draw_body_tab(AppState& state, Platform& platform) {
  BodyKind& kind = state.request_model.body_kind;
  for (std::size_t i = 0; i < std::size(kKinds); ++i) {
    if (i) ImGui::SameLine();
    // Only the kind changes: each kind's fields stay in the model.
    if (ImGui::RadioButton(kKinds[i].label, kind == kKinds[i].kind)) {
      kind = kKinds[i].kind;
      state.composer_error = {};
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kKinds[i].tip);
    remember_item(state, std::string("body.kind.") + std::string(to_string(kKinds[i].kind)));
  }
  ImGui::Separator();
  switch (kind) {
    case BodyKind::none: ImGui::TextDisabled("This request has no body."); break;
    case BodyKind::raw: draw_raw(state); break;
    case BodyKind::urlencoded: draw_form(state); break;
    case BodyKind::multipart: draw_multipart(state, platform); break;
    case BodyKind::binary: draw_binary(state, platform); break;
    case BodyKind::graphql: draw_graphql(state); break;
  }
}

}  // namespace wirepad::ui
