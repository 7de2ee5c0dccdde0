// ui: picked_files.h.
#include "ui/picked_files.h"

#include <imgui.h>

#include <algorithm>

#include "ui/byte_format.h"

namespace wirepad::ui {

std::string unique_file_name(std::string_view wanted, const std::vector<std::string>& taken) {
  std::string name(wanted);
  std::replace(name.begin(), name.end(), '/', '_');
  std::replace(name.begin(), name.end(), '\\', '_');
  if (name.empty() || name == "." || name == "..") name = "file";
  auto is_taken = [&](const std::string& n) { return std::find(taken.begin(), taken.end(), n) != taken.end(); };
  if (!is_taken(name)) return name;
  // "archive.tar.gz" -> "archive (2).tar.gz" would guess the same type as "archive.tar (2).gz"
  // does not; the last dot is what curl's type guess reads, so that is where the number goes
  // before. A leading dot (".env") is a name, not an extension.
  std::size_t dot = name.rfind('.');
  if (dot == 0 || dot == std::string::npos) dot = name.size();
  const std::string stem = name.substr(0, dot), ext = name.substr(dot);
  for (int n = 2;; ++n) {
    std::string candidate = stem + " (" + std::to_string(n) + ")" + ext;
    if (!is_taken(candidate)) return candidate;
  }
}

void draw_picked_files_window(AppState& state, Platform& platform) {
  if (!state.show_picked_files) return;
  ImGui::SetNextWindowSize(ImVec2(520, 300), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Picked files", &state.show_picked_files)) {
    ImGui::End();
    return;
  }
  if (!platform.picks_files()) {
    ImGui::TextWrapped("This build reads request files from disk by their path (relative to the experiment file); "
                       "nothing is kept here.");
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("Files picked for request bodies, kept in this browser (IndexedDB) across reloads. A request "
                     "names one by the name below.");
  const std::vector<Platform::StoredFile> files = platform.stored_request_files();
  if (files.empty()) ImGui::TextDisabled("No file was picked yet: a Body tab's file field picks one.");
  if (!files.empty() && ImGui::BeginTable("picked", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
    ImGui::TableSetupColumn("Name");
    ImGui::TableSetupColumn("Picked as");
    ImGui::TableSetupColumn("Size", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableHeadersRow();
    for (const Platform::StoredFile& file : files) {
      ImGui::PushID(file.name.c_str());
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(file.name.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(file.original.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(format_size(file.size).c_str());
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("Remove")) state.picked_files_error = platform.forget_request_file(file.name);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (state.picked_files_error) ImGui::TextWrapped("%s", state.picked_files_error.message.c_str());
  ImGui::End();
}

}  // namespace wirepad::ui
