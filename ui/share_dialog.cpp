// ui: share_dialog.h.
#include "ui/share_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "shared/share_link.h"
#include "ui/byte_format.h"
#include "ui/escape.h"
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

void choose_share_base(AppState& state) {
  ShareDialogState& d = state.share;
  std::string typed = d.base_setting;
  while (!typed.empty() && typed.back() == ' ') typed.pop_back();
  if (!typed.empty()) {
    d.base = typed;
    d.base_source = "your setting (clear it to use the running wirepad serve)";
    return;
  }
  const auto& find_serve = state.viewers.services.running_serve_url;
  if (!find_serve) return;  // the browser: the page it runs in, set at start
  std::string running = find_serve();
  if (!running.empty()) {
    d.base = running;
    d.base_source = "the wirepad serve running on this machine";
  } else {
    d.base = kDefaultShareBase;
    d.base_source = "the default: no running wirepad serve was found (start one, or type the address of yours)";
  }
}

void draw_share_dialog(AppState& state) {
  ShareDialogState& d = state.share;
  if (d.open_requested) {
    ImGui::OpenPopup("Share link");
    d.open_requested = false;
    choose_share_base(state);
  }
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 46, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Share link", nullptr)) return;
  ImGui::TextWrapped("The experiment travels in the link's #fragment, which browsers never send to a server. "
                     "Opening the link shows the request and where it goes; it never sends by itself.");
  ImGui::Separator();
  // One tick a line: side by side they ran past the dialog's edge at larger text sizes.
  ShareChoices& c = d.choices;
  ImGui::Checkbox("Fill in {{variables}} from the environment", &c.fill_variables);
  ImGui::BeginDisabled(!c.fill_variables);
  ImGui::Indent();
  ImGui::Checkbox("including secret variables", &c.include_secret_variables);
  ImGui::Unindent();
  ImGui::EndDisabled();
  ImGui::Checkbox("Include Authorization values", &c.include_authorization);
  ImGui::Checkbox("Include Cookie values", &c.include_cookie);
  ImGui::Checkbox("Include the URL password", &c.include_url_password);

  // Which page the link opens: said, and changeable (a serve on another port or machine).
  ImGui::TextUnformatted("Opens in:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::InputTextWithHint("##share_base", d.base.c_str(), &d.base_setting)) choose_share_base(state);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
  ImGui::TextWrapped("%s: %s", d.base.c_str(), d.base_source.c_str());
  ImGui::PopStyleColor();
  compute_share_link(state);

  if (d.left_out.empty()) {
    ImGui::TextDisabled("Nothing was left out.");
  } else {
    ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "Left out (tick above to include):");
    for (const std::string& what : d.left_out) {
      ImGui::Bullet();
      ImGui::TextWrapped("%s", what.c_str());
    }
  }
  ImGui::Text("Link: %zu characters%s", d.link.size(),
              d.link.size() > 8000 ? " (long: some chat tools and browsers cut links above ~8000)" : "");
  ImGui::SetNextItemWidth(-FLT_MIN);
  ImGui::InputText("##link", &d.link, ImGuiInputTextFlags_ReadOnly);
  if (ImGui::Button("Copy link")) ImGui::SetClipboardText(d.link.c_str());
  ImGui::SameLine();
  if (ImGui::Button("Close") || escape_closes_this(state)) ImGui::CloseCurrentPopup();
  ImGui::Text("What is in it (%s):", format_size(d.document.size()).c_str());
  ImGui::InputTextMultiline("##document", &d.document, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 14),
                            ImGuiInputTextFlags_ReadOnly);
  ImGui::EndPopup();
}

}  // namespace wirepad::ui
