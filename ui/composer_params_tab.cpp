// ui: composer_params_tab.h.
#include "ui/composer_params_tab.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace wirepad::ui {
namespace {

bool has_disabled_row(const QueryParams& params) {
  return std::any_of(params.begin(), params.end(), [](const QueryParam& p) { return !p.enabled; });
}

// Where the last item was drawn, by name, for the headless UI tests' clicks.
void remember_item(AppState& state, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

// Returns true when a row was changed, added or removed.
bool draw_query_table(AppState& state, QueryParams& table) {
  bool changed = false;
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  int remove = -1;
  if (ImGui::BeginTable("params", 4, flags)) {
    ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    for (int i = 0; i < static_cast<int>(table.size()); ++i) {
      QueryParam& p = table[static_cast<std::size_t>(i)];
      ImGui::PushID(i);
      const bool dim = !p.enabled;
      if (dim) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.5f);
      const bool blank = p.name.empty() && p.value.empty();
      bool row_changed = false;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Checkbox("##on", &p.enabled)) row_changed = true;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip(p.enabled ? "Sent: in the URL's query. Untick to keep the row without sending it."
                                                              : "Not sent: kept here, left out of the URL.");
      remember_item(state, "params.on." + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint("##name", "name", &p.name)) row_changed = true;
      remember_item(state, "params.name." + std::to_string(i));
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(-FLT_MIN);
      if (ImGui::InputTextWithHint("##value", "value", &p.value)) {
        row_changed = true;
        p.has_value = true;
      }
      remember_item(state, "params.value." + std::to_string(i));
      if (row_changed) {
        // A new row waits, unticked, out of the URL until something is typed in it.
        if (blank && !p.enabled && !(p.name.empty() && p.value.empty())) p.enabled = true;
        // An enabled row with nothing in it is written "=", so it reads back from the URL as a
        // row (a bare "&" or "?" would not) and the field being typed in stays.
        if (p.enabled && p.name.empty() && p.value.empty()) p.has_value = true;
        changed = true;
      }
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = i;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove this parameter");
      remember_item(state, "params.remove." + std::to_string(i));
      if (dim) ImGui::PopStyleVar();
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove >= 0) {
    table.erase(table.begin() + remove);
    changed = true;
  }
  if (ImGui::Button("+ Param")) {
    table.push_back({"", "", /*has_value=*/false, /*enabled=*/false});
    changed = true;
  }
  remember_item(state, "params.add");
  ImGui::SameLine();
  ImGui::TextDisabled("Kept as typed in the URL; encoded when sent, so {{variables}} stay variables.");
  return changed;
}

void draw_path_variables(AppState& state) {
  PathVariables shown = path_variables_from_url(state.url, state.request_model.path_variables);
  if (shown.empty()) return;
  ImGui::Spacing();
  ImGui::TextUnformatted("Path variables");
  ImGui::SameLine();
  ImGui::TextDisabled("(each :name segment of the path is replaced by its value when sent)");
  const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  // The query table's columns, so names and values line up under its rows.
  if (!ImGui::BeginTable("path_variables", 4, flags)) return;
  ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFrameHeight());
  ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("x").x + ImGui::GetStyle().FramePadding.x * 2);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    PathVariable& v = shown[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetStyle().FramePadding.x);
    ImGui::Text(":%s", v.name.c_str());
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::InputTextWithHint("##value", "value (empty: the segment is sent as :name)", &v.value)) {
      // The model keeps values of names no longer in the URL (a name typed again gets its
      // value back); saving keeps only those still in the URL (experiment_from_state).
      PathVariables& model = state.request_model.path_variables;
      auto it = std::find_if(model.begin(), model.end(), [&](const PathVariable& m) { return m.name == v.name; });
      if (it == model.end()) model.push_back(v);
      else it->value = v.value;
      state.composer_error = {};
    }
    remember_item(state, "params.path." + v.name);
    ImGui::TableNextColumn();
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

QueryParams composer_query_table(const TabState& state) { return params_from_url(state.url, state.request_model.params); }

int params_tab_count(const TabState& state) {
  int n = 0;
  for (const QueryParam& p : composer_query_table(state))
    if (p.enabled) ++n;
  return n;
}

void sync_params_with_url(TabState& state) {
  QueryParams& params = state.request_model.params;
  if (params.empty()) return;
  if (!has_disabled_row(params)) {
    params.clear();  // the URL says it all
    return;
  }
  params = params_from_url(state.url, params);
}

void draw_params_tab(AppState& state) {
  QueryParams table = composer_query_table(state);
  if (draw_query_table(state, table)) {
    state.url = url_with_params(state.url, table);
    state.request_model.params = has_disabled_row(table) ? std::move(table) : QueryParams{};
    state.composer_error = {};
  }
  draw_path_variables(state);
}

}  // namespace wirepad::ui
