// ui: share_dialog.h.
#include "ui/share_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "shared/share_link.h"
#include "ui/byte_format.h"
#include "ui/workspace.h"

namespace wirepad::ui {

void compute_share_link(AppState& state) {
  ShareDialogState& d = state.share;
  SharedExperiment shared = prepare_for_sharing(experiment_from_state(state), active_environment(state), d.choices);
  // prepare_for_sharing already removed what the user did not tick.
  ShareLink link = make_share_link(shared.experiment, {.include_secrets = true});
  d.link = share_link_url(d.base, link);
  d.document = serialize_experiment(shared.experiment);
  d.left_out = std::move(shared.left_out);
}

void draw_share_dialog(AppState& state) {
  ShareDialogState& d = state.share;
  if (d.open_requested) {
    ImGui::OpenPopup("Share link");
    d.open_requested = false;
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 46, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Share link", nullptr)) return;
  ImGui::TextWrapped("The experiment travels in the link's #fragment, which browsers never send to a server. "
                     "Opening the link shows the request and where it goes; it never sends by itself.");
  ImGui::Separator();
  ShareChoices& c = d.choices;
  ImGui::Checkbox("Fill in {{variables}} from the environment", &c.fill_variables);
  ImGui::BeginDisabled(!c.fill_variables);
  ImGui::SameLine();
  ImGui::Checkbox("including secret variables", &c.include_secret_variables);
  ImGui::EndDisabled();
  ImGui::Checkbox("Include Authorization values", &c.include_authorization);
  ImGui::SameLine();
  ImGui::Checkbox("Include Cookie values", &c.include_cookie);
  ImGui::SameLine();
  ImGui::Checkbox("Include the URL password", &c.include_url_password);
  compute_share_link(state);

  if (d.left_out.empty()) {
    ImGui::TextDisabled("Nothing was left out.");
  } else {
    ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "Left out (tick above to include):");
    for (const std::string& what : d.left_out) ImGui::BulletText("%s", what.c_str());
  }
  ImGui::Text("Link: %zu characters%s", d.link.size(),
              d.link.size() > 8000 ? " (long: some chat tools and browsers cut links above ~8000)" : "");
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputText("##link", &d.link, ImGuiInputTextFlags_ReadOnly);
  if (ImGui::Button("Copy link")) ImGui::SetClipboardText(d.link.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  ImGui::Text("What is in it (%s):", format_size(d.document.size()).c_str());
  ImGui::InputTextMultiline("##document", &d.document, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 14),
                            ImGuiInputTextFlags_ReadOnly);
  ImGui::EndPopup();
}

}  // namespace wirepad::ui
