// ui: export_dialog.h.
#include "ui/export_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <ctime>

#include "shared/har.h"
#include "shared/http_file.h"
#include "ui/byte_format.h"
#include "ui/escape.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

// The preview shows this much; Copy and Save take everything (ImGui re-measures a text box's
// whole text every frame, so megabytes of HAR would make the dialog crawl).
constexpr std::size_t kLargestPreview = 256u << 10;

std::string iso_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

// "Hello, World!" -> "hello-world".
std::string file_stem(const std::string& name) {
  std::string file = suggested_file_name(name, {});
  return file.substr(0, file.size() - 5);
}

std::string default_path(const Experiment& e, const ExportChoice& choice, bool desktop) {
  return std::string(desktop ? "~/" : "") + file_stem(e.name) + choice.extension;
}

void remember_button(AppState& state, const char* name) {
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

// The front tab as it would be sent: blank header rows are unfinished edits (as send() does).
Experiment front_experiment(const AppState& state) {
  Experiment e = experiment_from_state(state);
  auto& headers = e.request.headers;
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [](const HeaderRow& h) { return h.name.empty() && h.value.empty(); }),
                headers.end());
  return e;
}

// Recomputes the preview when the choice, the request or the exchange changed.
void refresh(AppState& state, Platform& platform, ExportDialogState& d) {
  const ExportChoice& choice = export_choices()[std::size_t(d.choice)];
  Experiment e = front_experiment(state);
  auto make = [&](const ExchangeLog* log) {
    const ExchangeLog* finished = log && log->finished() ? log : nullptr;
    if (d.made_choice == d.choice && d.made_from == e && d.made_log == finished && d.made_generation == state.generation)
      return;
    d.made_choice = d.choice;
    d.made_from = e;
    d.made_log = finished;
    d.made_generation = state.generation;
    Result<ExportText> out = export_experiment(e, choice, choice.kind == ExportKind::har ? finished : nullptr, iso_now());
    d.error = out ? Error{} : out.error();
    d.preview = out ? std::move(out->text) : std::string();
    d.notes = out ? std::move(out->notes) : std::vector<std::string>{};
    if (!d.path_typed) d.path = default_path(e, choice, platform.local() != nullptr);
  };
  with_front_exchange(state, platform, make);
}

void draw_save_row(AppState& state, Platform& platform, ExportDialogState& d) {
  const bool desktop = platform.local() != nullptr;
  ImGui::TextUnformatted(desktop ? "Save to:" : "File name:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 26);
  if (ImGui::InputText("##export_path", &d.path)) d.path_typed = true;
  ImGui::SameLine();
  Services& services = state.viewers.services;
  ImGui::BeginDisabled(d.error || !services.save_file);
  if (ImGui::Button(desktop ? "Save" : "Download")) {
    Error e = services.save_file(d.path, d.preview);
    d.notice_failed = bool(e);
    d.notice = e ? e.message
                 : std::string(desktop ? "Saved " : "Downloaded ") + format_size(d.preview.size()) +
                       (desktop ? " to " : " as ") + d.path;
  }
  remember_button(state, "export.save");
  ImGui::EndDisabled();
  if (!services.save_file) {
    ImGui::SameLine();
    ImGui::TextDisabled("(this build cannot save files; use Copy)");
  }
  ImGui::SameLine();
  if (ImGui::Button("Copy")) {
    ImGui::SetClipboardText(d.preview.c_str());
    d.notice = "Copied " + format_size(d.preview.size()) + " to the clipboard";
    d.notice_failed = false;
  }
  remember_button(state, "export.copy");
}

}  // namespace

const std::vector<ExportChoice>& export_choices() {
  static const std::vector<ExportChoice> choices = {
      {"curl", "curl command", ExportKind::code, ExportFormat::curl, ".sh"},
      {"har", "HAR 1.2", ExportKind::har, ExportFormat::curl, ".har"},
      {"http", ".http file (REST Client)", ExportKind::http_file, ExportFormat::curl, ".http"},
      {"experiment", "Wirepad experiment (JSON)", ExportKind::experiment, ExportFormat::curl, ".json"},
      {"python-socket", "Python: socket (exact bytes)", ExportKind::code, ExportFormat::python_socket, ".py"},
      {"python-http-client", "Python: http.client", ExportKind::code, ExportFormat::python_http_client, ".py"},
      {"python-requests", "Python: requests", ExportKind::code, ExportFormat::python_requests, ".py"},
      {"fetch", "JavaScript: fetch (Node 18+)", ExportKind::code, ExportFormat::js_fetch, ".mjs"},
      {"cpp-httplib", "C++: cpp-httplib", ExportKind::code, ExportFormat::cpp_httplib, ".cpp"},
  };
  return choices;
}

int export_choice_index(std::string_view name) {
  const auto& choices = export_choices();
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (name == choices[i].name) return int(i);
  return -1;
}

Result<ExportText> export_experiment(const Experiment& e, const ExportChoice& choice, const ExchangeLog* log,
                                     std::string_view now) {
  ExportText out;
  if (choice.kind == ExportKind::experiment) {
    out.text = serialize_experiment(e);
    return out;
  }
  if (e.kind != ExperimentKind::http)
    return make_error(ErrorCode::invalid_request, std::string("a ") + (e.kind == ExperimentKind::socket ? "socket" : "WebSocket") +
                                                      " conversation exports only as an experiment file (the other formats "
                                                      "describe HTTP requests)");
  switch (choice.kind) {
    case ExportKind::code: {
      Result<std::string> code = export_code(e, choice.code);
      if (!code) return code.error();
      out.text = std::move(code.value());
      return out;
    }
    case ExportKind::http_file: {
      HttpFileExport file = export_http_file({e});
      out.text = std::move(file.text);
      for (const ImportNote& n : file.not_exported) out.notes.push_back(n.what + ": " + n.sentence);
      return out;
    }
    case ExportKind::har: {
      if (log) {
        HarExchange x;
        x.log = *log;
        x.started_date_time = std::string(now);
        x.name = e.name;
        out.text = export_har_exchanges({x});
        out.notes.push_back("the exchange as it happened: the request that was sent and the response received");
        return out;
      }
      Result<std::string> har = export_har_requests({e}, now);
      if (!har) return har.error();
      out.text = std::move(har.value());
      out.notes.push_back("not sent yet: the request alone, with the headers Wirepad would add; send it to export the response too");
      return out;
    }
    case ExportKind::experiment: break;
  }
  return out;
}

void draw_export_dialog(AppState& state, Platform& platform) {
  ExportDialogState& d = state.io.exporting;
  // `--open-tab Export` (or Export:FORMAT): screenshots and scripts.
  if (state.viewers.open_tab.rfind("Export", 0) == 0) {
    d.open_requested = true;
    if (int i = export_choice_index(state.viewers.open_tab.size() > 7 ? state.viewers.open_tab.substr(7) : ""); i >= 0)
      d.choice = i;
    state.viewers.open_tab.clear();
  }
  if (d.open_requested) {
    ImGui::OpenPopup("Export");
    d.open_requested = false;
    d.notice.clear();
    d.path_typed = false;
    d.made_choice = -1;  // recompute: the tab may be another one now
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(viewport->WorkSize.x * 0.9f, ImGui::GetFontSize() * 64),
                                  std::min(viewport->WorkSize.y * 0.9f, ImGui::GetFontSize() * 50)),
                           ImGuiCond_Appearing);
  bool keep_open = true;
  d.is_open = ImGui::BeginPopupModal("Export", &keep_open);
  if (!d.is_open) return;
  d.choice = std::clamp(d.choice, 0, int(export_choices().size()) - 1);
  refresh(state, platform, d);

  ImGui::Text("Export \"%s\" as:", state.name.empty() ? "untitled request" : state.name.c_str());
  const float list_width = ImGui::GetFontSize() * 19;
  ImGui::BeginChild("export_formats", ImVec2(list_width, -ImGui::GetFrameHeightWithSpacing() * 3), true);
  for (std::size_t i = 0; i < export_choices().size(); ++i) {
    const ExportChoice& c = export_choices()[i];
    std::string label = c.kind == ExportKind::har
                            ? std::string(d.made_log ? "HAR 1.2 (the last exchange)" : "HAR 1.2 (the request, not sent)")
                            : c.title;
    if (ImGui::Selectable(label.c_str(), d.choice == int(i))) {
      if (d.choice != int(i)) d.notice.clear();
      d.choice = int(i);
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (d.error) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.42f, 1));
    ImGui::TextWrapped("Cannot export this request as %s: %s", export_choices()[std::size_t(d.choice)].title,
                       d.error.message.c_str());
    ImGui::PopStyleColor();
  }
  for (const std::string& note : d.notes) ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "%s", note.c_str());
  // Read-only: the preview is the file, byte for byte (cut when it is very large).
  std::string shown = d.preview.size() > kLargestPreview ? d.preview.substr(0, kLargestPreview) : d.preview;
  if (d.preview.size() > kLargestPreview)
    ImGui::TextDisabled("The first %s of %s are shown; Copy and Save take all of it.", format_size(kLargestPreview).c_str(),
                        format_size(d.preview.size()).c_str());
  ImGui::InputTextMultiline("##export_preview", &shown, ImVec2(-FLT_MIN, -ImGui::GetFrameHeightWithSpacing() * 3),
                            ImGuiInputTextFlags_ReadOnly);
  ImGui::EndGroup();
  draw_save_row(state, platform, d);
  if (!d.notice.empty()) {
    ImVec4 colour = d.notice_failed ? ImVec4(1.0f, 0.45f, 0.42f, 1) : ImVec4(0.55f, 0.85f, 0.55f, 1);
    ImGui::TextColored(colour, "%s", d.notice.c_str());
  }
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  remember_button(state, "export.close");
  if (!keep_open || escape_closes_this(state)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace wirepad::ui
