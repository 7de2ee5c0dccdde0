// ui: environment_panel.h.
#include "ui/environment_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/escape.h"

namespace wirepad::ui {

bool draw_environment_selector(AppState& state) {
  WorkspaceView& w = state.workspace;
  bool changed = false;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  const char* preview = w.active_environment.empty() ? "No environment" : w.active_environment.c_str();
  if (ImGui::BeginCombo("##environment", preview)) {
    if (ImGui::Selectable("No environment", w.active_environment.empty())) {
      w.active_environment.clear();
      changed = true;
    }
    for (const Environment& env : w.environments.environments) {
      if (ImGui::Selectable(env.name.c_str(), env.name == w.active_environment)) {
        w.active_environment = env.name;
        changed = true;
      }
    }
    ImGui::Separator();
    if (ImGui::Selectable("Edit environments...")) w.show_environment_editor = true;
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The values of {{variables}} in the URL, headers and body when you send");
  return changed;
}

bool draw_environment_editor(AppState& state) {
  WorkspaceView& w = state.workspace;
  if (!w.show_environment_editor) return false;
  bool save = false;
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 40, ImGui::GetFontSize() * 24), ImGuiCond_FirstUseEver);
  // Opaque: the style's window background is 94 % opaque, and the composer's text showing
  // through made the variables hard to read. Dialogs (popups) dim what is behind them; this
  // window does not, so it needs a solid background of its own.
  ImGui::SetNextWindowBgAlpha(1.0f);
  if (!ImGui::Begin("Environments", &w.show_environment_editor, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    return false;
  }
  if (escape_closes_this(state)) w.show_environment_editor = false;  // unsaved edits stay until the next open
  auto& envs = w.environments.environments;
  ImGui::TextWrapped("Use {{name}} in the URL, headers or body. Secret values are kept in environments.secrets.json, "
                     "which the workspace's .gitignore keeps out of git; share links leave them out unless you tick them.");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  ImGui::InputTextWithHint("##new_env", "new environment name", &w.new_environment_name);
  ImGui::SameLine();
  if (ImGui::Button("Add environment") && !w.new_environment_name.empty() && !w.environments.find(w.new_environment_name)) {
    envs.push_back(Environment{w.new_environment_name, {}});
    w.editing_environment = int(envs.size()) - 1;
    if (w.active_environment.empty()) w.active_environment = w.new_environment_name;
    w.new_environment_name.clear();
  }
  if (envs.empty()) {
    ImGui::TextDisabled("No environments yet.");
  } else {
    if (w.editing_environment >= int(envs.size())) w.editing_environment = 0;
    if (ImGui::BeginTabBar("environments")) {
      for (int e = 0; e < int(envs.size()); ++e) {
        Environment& env = envs[std::size_t(e)];
        if (!ImGui::BeginTabItem((env.name + "###env" + std::to_string(e)).c_str())) continue;
        w.editing_environment = e;
        const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
        int remove = -1;
        if (ImGui::BeginTable("variables", 4, flags)) {
          ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
          ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
          ImGui::TableSetupColumn("secret", ImGuiTableColumnFlags_WidthFixed);
          ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
          ImGui::TableHeadersRow();
          for (int i = 0; i < int(env.variables.size()); ++i) {
            Variable& v = env.variables[std::size_t(i)];
            ImGui::PushID(i);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##name", "name", &v.name, ImGuiInputTextFlags_CharsNoBlank);
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##value", "value", &v.value, v.secret ? ImGuiInputTextFlags_Password : 0);
            ImGui::TableNextColumn();
            ImGui::Checkbox("##secret", &v.secret);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Secret: kept out of git and out of share links");
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("x")) remove = i;
            ImGui::PopID();
          }
          ImGui::EndTable();
        }
        if (remove >= 0) env.variables.erase(env.variables.begin() + remove);
        if (ImGui::Button("+ Variable")) env.variables.push_back({});
        ImGui::SameLine();
        if (ImGui::Button("Delete this environment")) {
          if (w.active_environment == env.name) w.active_environment.clear();
          envs.erase(envs.begin() + e);
          ImGui::EndTabItem();
          break;
        }
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::Separator();
  // Names must be usable in {{name}}; a bad one is pointed at instead of saved.
  std::string problem;
  for (const Environment& env : envs)
    for (const Variable& v : env.variables)
      if (problem.empty() && !is_variable_name(v.name))
        problem = "\"" + v.name + "\" in " + env.name + " is not a variable name: use letters, digits, _ - .";
  if (!problem.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1), "%s", problem.c_str());
  ImGui::BeginDisabled(!problem.empty());
  if (ImGui::Button("Save")) save = true;
  ImGui::EndDisabled();
  ImGui::End();
  return save;
}

}  // namespace wirepad::ui
