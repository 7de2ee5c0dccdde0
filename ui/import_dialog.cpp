// ui: import_dialog.h.
#include "ui/import_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <utility>

#include "shared/http_file.h"
#include "shared/import_text.h"
#include "shared/json_input.h"
#include "shared/share_content.h"
#include "shared/share_link.h"
#include "ui/byte_format.h"
#include "ui/escape.h"
#include "ui/tabs.h"
#include "ui/workspace.h"
#include "ui/workspace_store.h"

namespace wirepad::ui {
namespace {

constexpr ImportFormat kFormats[] = {ImportFormat::curl,    ImportFormat::har,        ImportFormat::http_file,
                                     ImportFormat::postman, ImportFormat::experiment, ImportFormat::hurl,
                                     ImportFormat::bruno};
// A file this large is imported but not put in the editor: ImGui re-measures the whole text
// every frame, which would make the dialog crawl.
constexpr std::size_t kLargestEditable = 1u << 20;

constexpr const char* kShareLinkTitle = "Wirepad share link";

const char* format_title(ImportFormat format) {
  switch (format) {
    case ImportFormat::curl: return "curl command";
    case ImportFormat::har: return "HAR 1.2";
    case ImportFormat::http_file: return ".http / .rest file";
    case ImportFormat::postman: return "Postman collection v2.1";
    case ImportFormat::experiment: return "Wirepad experiment";
    case ImportFormat::hurl: return "Hurl file";
    case ImportFormat::bruno: return "Bruno request (.bru)";
  }
  return "";
}

bool blank(std::string_view text) { return text.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string_view trimmed(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t\r\n") + 1 - begin);
}

// A share link (http(s)://.../#x=... on one line): the experiment it carries, the same as
// opening it. Anything else is left to the formats' detection (a .http file's request line
// is a URL too, but never carries the link's #x= fragment).
bool looks_like_share_link(std::string_view text) {
  text = trimmed(text);
  if (text.find_first_of(" \t\r\n") != std::string_view::npos) return false;
  if (text.rfind("http://", 0) != 0 && text.rfind("https://", 0) != 0) return false;
  const std::size_t hash = text.find('#');
  return hash != std::string_view::npos &&
         (text.find("#x=", hash) != std::string_view::npos || text.find("&x=", hash) != std::string_view::npos);
}

std::string last_part(const std::string& path) {
  std::size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "GET http://h/x" or "tcp 127.0.0.1:9000": what the request does, for its row.
std::string summary(const Experiment& e) {
  if (e.kind == ExperimentKind::socket)
    return std::string(e.socket.protocol == Protocol::udp ? "udp " : "tcp ") + e.socket.host + ":" +
           std::to_string(e.socket.port);
  if (e.kind == ExperimentKind::websocket) return "WebSocket " + e.websocket.url;
  return e.request.method + " " + e.request.url;
}

std::size_t notes_count(const ImportBatch& batch) {
  std::size_t n = batch.not_imported.size();
  for (const ImportedRequest& r : batch.requests) n += r.not_imported.size();
  return n;
}

void remember_button(AppState& state, const char* name) {
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

// The line holding byte `offset` with a caret under the spot (tabs kept, so it lines up).
void draw_error_spot(std::string_view text, std::int64_t offset) {
  if (offset < 0 || std::size_t(offset) > text.size()) return;
  std::size_t at = std::size_t(offset);
  std::size_t begin = text.rfind('\n', at == 0 ? 0 : at - 1);
  begin = (begin == std::string_view::npos || at == 0) ? 0 : begin + 1;
  if (at > 0 && text[at - 1] == '\n') begin = at;
  std::size_t end = text.find('\n', at);
  std::string line(text.substr(begin, (end == std::string_view::npos ? text.size() : end) - begin));
  std::string caret;
  std::size_t shown_from = 0;
  if (at - begin > 100) shown_from = at - begin - 60;  // a minified JSON line: show around the spot
  line = line.substr(shown_from, 160);
  for (std::size_t i = begin + shown_from; i < at; ++i) caret += text[i] == '\t' ? '\t' : ' ';
  caret += '^';
  ImGui::TextDisabled("At %s:", line_and_column(text, offset).c_str());
  ImGui::Indent();
  ImGui::TextUnformatted(line.empty() ? " " : line.c_str());
  ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.42f, 1), "%s", caret.c_str());
  ImGui::Unindent();
}

// A workspace sub-folder for a Postman folder path ("Users/Admin" -> "users/admin").
std::string folder_slug(const std::string& folder) {
  std::string out, part;
  auto flush = [&] {
    std::string name = suggested_file_name(part, {});
    name.resize(name.size() - 5);  // ".json"
    if (!part.empty()) out += (out.empty() ? "" : "/") + name;
    part.clear();
  };
  for (char c : folder) {
    if (c == '/') flush();
    else part += c;
  }
  flush();
  return out;
}

void draw_source_row(AppState& state, Platform& platform, ImportDialogState& d) {
  if (LocalServices* local = platform.local()) {
    (void)local;
    ImGui::TextUnformatted("File:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 30);
    bool enter = ImGui::InputTextWithHint("##import_path", "/path/to/requests.har", &d.open_path,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Open file") || enter) d.read_path_requested = true;
    remember_button(state, "import.open_file");
    ImGui::SameLine();
    ImGui::TextDisabled("or drop a file on the window");
  } else if (state.viewers.services.pick_file) {
    if (ImGui::Button("Choose a file...")) state.viewers.services.pick_file();
    remember_button(state, "import.choose_file");
    ImGui::SameLine();
    ImGui::TextDisabled("or drop a file on the page, or");
  }
  if (state.viewers.services.paste_into_import) {
    ImGui::SameLine();
    if (ImGui::Button("Paste from the clipboard")) state.viewers.services.paste_into_import();
    remember_button(state, "import.paste");
  }
}

void draw_text_editor(AppState& state, ImportDialogState& d) {
  ImGui::PushID(int(d.epoch));
  const float height = ImGui::GetTextLineHeight() * 8;
  if (d.text.size() > kLargestEditable) {
    ImGui::TextDisabled("The text of %s (%s) is imported but too large to edit here.",
                        d.source_name.empty() ? "the file" : last_part(d.source_name).c_str(), format_size(d.text.size()).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear")) {
      d.text.clear();
      d.source_name.clear();
      d.dirty = true;
      ++d.epoch;
    }
  } else {
    if (ImGui::InputTextMultiline("##import_text", &d.text, ImVec2(-FLT_MIN, height))) d.dirty = true;
    remember_button(state, "import.text");
  }
  ImGui::PopID();
}

void draw_error(const ImportDialogState& d) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.42f, 1));
  ImGui::TextWrapped("Cannot import this as %s: %s", d.share_link ? kShareLinkTitle : format_title(d.format),
                     d.error.message.c_str());
  ImGui::PopStyleColor();
  draw_error_spot(d.text, d.error.offset);
  ImGui::TextDisabled("Fix the text above (it is kept as typed), or choose another format.");
}

void draw_note(const ImportNote& note) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.8f, 0.3f, 1.0f));
  ImGui::TextWrapped("not imported: %s: %s", note.what.c_str(), note.sentence.c_str());
  ImGui::PopStyleColor();
}

// The requests found, each with a tick and what of it was left out.
void draw_request_list(ImportDialogState& d) {
  const ImportBatch& batch = *d.batch;
  if (!batch.not_imported.empty()) {
    ImGui::TextUnformatted("Not imported from the file as a whole:");
    ImGui::Indent();
    for (const ImportNote& note : batch.not_imported) draw_note(note);
    ImGui::Unindent();
  }
  // The rest of the dialog, less the buttons, a notice and Close below.
  const float height = std::max(ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 3,
                                ImGui::GetTextLineHeightWithSpacing() * 4);
  ImGui::BeginChild("import_requests", ImVec2(0, height), true);
  for (std::size_t i = 0; i < batch.requests.size(); ++i) {
    const ImportedRequest& r = batch.requests[i];
    ImGui::PushID(int(i));
    bool ticked = d.selected[i] != 0;
    if (ImGui::Checkbox("##pick", &ticked)) d.selected[i] = ticked ? 1 : 0;
    ImGui::SameLine();
    ImGui::TextUnformatted(summary(r.experiment).c_str());
    ImGui::SameLine();
    std::string where = r.experiment.name;
    if (!r.folder.empty()) where = r.folder + " / " + where;
    if (!r.source.empty()) where += "  (" + r.source + ")";
    // What it checks and captures (from a Hurl file, httpyac's ?? lines, Bruno, pm.test).
    const std::size_t checks = r.experiment.test.assertions.size(), captures = r.experiment.test.captures.size();
    if (checks + captures > 0)
      where += "  " + std::to_string(checks) + (checks == 1 ? " check" : " checks") +
               (captures ? ", " + std::to_string(captures) + (captures == 1 ? " capture" : " captures") : std::string());
    ImGui::TextDisabled("%s", where.c_str());
    if (!r.not_imported.empty()) {
      ImGui::Indent(ImGui::GetFrameHeightWithSpacing());
      for (const ImportNote& note : r.not_imported) draw_note(note);
      ImGui::Unindent(ImGui::GetFrameHeightWithSpacing());
    }
    ImGui::PopID();
  }
  ImGui::EndChild();
}

void draw_actions(AppState& state, Platform& platform, ImportDialogState& d) {
  const std::size_t n = d.batch->requests.size();
  std::size_t ticked = std::size_t(std::count(d.selected.begin(), d.selected.end(), 1));
  ImGui::BeginDisabled(ticked == 0);
  std::string open_selected = "Open selected (" + std::to_string(ticked) + ") in tabs";
  if (ImGui::Button(n == 1 ? "Open in a new tab" : open_selected.c_str())) {
    for (std::size_t i = 0; i < n; ++i)
      if (d.selected[i]) d.open_requests.push_back(i);
    ImGui::CloseCurrentPopup();
  }
  remember_button(state, "import.open_selected");
  ImGui::EndDisabled();
  if (n > 1) {
    ImGui::SameLine();
    std::string open_all = "Open all (" + std::to_string(n) + ") in tabs";
    if (ImGui::Button(open_all.c_str())) {
      for (std::size_t i = 0; i < n; ++i) d.open_requests.push_back(i);
      ImGui::CloseCurrentPopup();
    }
  }
  remember_button(state, "import.open_all");
  if (platform.workspace()) {
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
    ImGui::BeginDisabled(ticked == 0);
    if (ImGui::Button("Save selected into the workspace under")) d.save_requested = true;
    remember_button(state, "import.save");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::InputText("##import_folder", &d.folder);
  }
}

// The files a .http file's requests name (`< ./payload.json` bodies, multipart `< file` parts)
// are beside it: their paths get its folder (the desktop; the browser has only the file it was
// handed, and picks files itself), so they are read from there when sent. A body file that
// cannot be read is listed, with why.
void read_body_files(ImportDialogState& d, LocalServices& local) {
  d.bodies_read = true;
  if (d.format != ImportFormat::http_file && d.format != ImportFormat::hurl && d.format != ImportFormat::bruno) return;
  const std::size_t slash = d.source_name.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "" : d.source_name.substr(0, slash + 1);
  for (ImportedRequest& r : d.batch->requests) {
    rebase_file_paths(r.experiment.request, folder);
    if (r.body_file.empty()) continue;
    Result<std::string> bytes = local.read_file(r.experiment.request.binary_file);
    if (!bytes)
      r.not_imported.push_back({"< " + r.body_file, "the body file could not be read: " + bytes.error().message, 0});
  }
}

}  // namespace

std::string line_and_column(std::string_view text, std::int64_t offset) {
  std::size_t at = std::min(text.size(), std::size_t(std::max<std::int64_t>(0, offset)));
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

void set_import_text(ImportDialogState& dialog, const std::string& source_name, std::string text) {
  // Text typed or pasted here is not thrown away by a file brought in after it.
  if (dialog.source_name.empty() && !blank(dialog.text) && dialog.text != text) dialog.replaced_text = dialog.text;
  dialog.text = std::move(text);
  dialog.source_name = source_name;
  dialog.format_choice = 0;  // a new file: detect again
  dialog.notice.clear();
  dialog.dirty = true;
  ++dialog.epoch;
  parse_import(dialog);
}

void parse_import(ImportDialogState& d) {
  if (!d.dirty) return;
  d.dirty = false;
  d.batch.reset();
  d.error = {};
  d.selected.clear();
  d.bodies_read = false;
  d.environment_created = false;
  d.environment_name.clear();
  d.share_link = false;
  std::string_view text = d.text;
  if (blank(text)) return;  // nothing typed yet: nothing to say
  if (d.format_choice == 0 && looks_like_share_link(text)) {
    d.share_link = true;
    Result<Experiment> experiment = open_share_link(trimmed(text));
    if (!experiment) {
      d.error = experiment.error();  // a damaged link: says where
      return;
    }
    ImportedRequest request;
    request.experiment = std::move(experiment.value());
    request.source = "the link's #fragment";
    d.batch = ImportBatch{};
    d.batch->requests.push_back(std::move(request));
    d.selected.assign(1, 1);
    return;
  }
  d.format = d.format_choice > 0 ? kFormats[d.format_choice - 1] : detect_import_format(text, d.source_name);
  // JSON that none of the JSON readers claimed: either it does not parse (say where) or it
  // has none of their shapes (say which keys were looked for). The .http reader would only
  // stumble on the '{'.
  if (d.format_choice == 0 && d.format == ImportFormat::http_file && text[text.find_first_not_of(" \t\r\n")] == '{') {
    Result<json_input::Json> json = json_input::parse(text, d.source_name.empty() ? "The text" : last_part(d.source_name));
    d.error = json ? make_error(ErrorCode::invalid_request,
                                "this JSON is none of the formats Wirepad imports: a HAR has log.entries, a Postman "
                                "collection info and item, an experiment request or kind")
                   : json.error();
    return;
  }
  Result<ImportBatch> batch = import_as(d.format, text);
  if (!batch) {
    d.error = batch.error();
    return;
  }
  if (batch->requests.empty() && batch->not_imported.empty()) {
    d.error = make_error(ErrorCode::invalid_request, "it holds no request");
    return;
  }
  d.batch = std::move(batch.value());
  d.selected.assign(d.batch->requests.size(), 1);
}

bool import_file(AppState& state, const std::string& name, std::string_view raw) {
  // A BOM or UTF-16 (Notepad, PowerShell) is decoded first; UTF-32 or broken UTF-16 is named.
  Result<std::string> utf8 = text_as_utf8(raw, last_part(name));
  if (!utf8) {
    state.composer_error = make_error(ErrorCode::invalid_experiment, utf8.error().message);
    return false;
  }
  std::string_view bytes = *utf8;
  if (blank(bytes)) {
    state.composer_error = make_error(ErrorCode::invalid_experiment, name + " is empty: nothing to import");
    return false;
  }
  if (!is_valid_utf8(bytes)) {
    state.composer_error = make_error(ErrorCode::invalid_experiment,
                                      name + " is not text (it is not UTF-8): Wirepad imports curl commands, HAR files, "
                                             ".http/.rest files, Postman collections and experiment files");
    return false;
  }
  ImportDialogState& d = state.io.import;
  set_import_text(d, name, std::string(bytes));
  const std::string shown = last_part(name);
  if (d.batch && d.batch->requests.size() == 1 && notes_count(*d.batch) == 0) {
    if (d.share_link) open_link_in_tab(state, d.batch->requests[0].experiment);  // says where it would send
    else new_tab(state, d.batch->requests[0].experiment);
    state.viewers.drop_note = "opened " + shown + " (" + (d.share_link ? kShareLinkTitle : format_title(d.format)) + ") in a new tab";
    return true;
  }
  d.open_requested = true;
  if (d.error) state.viewers.drop_note = shown + " could not be imported: the Import dialog says where";
  else
    state.viewers.drop_note = shown + ": " + counted(d.batch->requests.size(), "request") + ", " +
                              counted(notes_count(*d.batch), "thing") + " not imported: see the Import dialog";
  return false;
}

bool load_import_file(AppState& state, const std::string& name, std::string_view raw) {
  ImportDialogState& d = state.io.import;
  d.open_requested = true;
  Result<std::string> utf8 = text_as_utf8(raw, last_part(name));
  if (!utf8) {
    d.notice = utf8.error().message;
    d.notice_failed = true;
    return false;
  }
  std::string_view bytes = *utf8;
  if (blank(bytes) || !is_valid_utf8(bytes)) {
    d.notice = name + (blank(bytes) ? " is empty: nothing to import" : " is not text (it is not UTF-8)");
    d.notice_failed = true;
    return false;  // the text already in the dialog stays
  }
  set_import_text(d, name, std::string(bytes));
  return !d.error;
}

void draw_import_dialog(AppState& state, Platform& platform) {
  ImportDialogState& d = state.io.import;
  // `--open-tab Import` (or Import:PATH, read at once): screenshots and scripts.
  if (state.viewers.open_tab.rfind("Import", 0) == 0) {
    d.open_requested = true;
    if (state.viewers.open_tab.size() > 7) {
      d.open_path = state.viewers.open_tab.substr(7);
      d.read_path_requested = true;
    }
    state.viewers.open_tab.clear();
  }
  if (d.open_requested) {
    ImGui::OpenPopup("Import");
    d.open_requested = false;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(std::min(viewport->WorkSize.x * 0.9f, ImGui::GetFontSize() * 64),
                                  std::min(viewport->WorkSize.y * 0.9f, ImGui::GetFontSize() * 50)),
                           ImGuiCond_Appearing);
  bool keep_open = true;
  d.is_open = ImGui::BeginPopupModal("Import", &keep_open);
  if (!d.is_open) return;
  ImGui::TextWrapped("Paste a curl command, a HAR file, a .http/.rest file, a Postman v2.1 collection, a Hurl file, a "
                     "Bruno .bru request, a Wirepad experiment or a Wirepad share link below, or bring a file. Their "
                     "checks come along where they are declarative.");
  draw_source_row(state, platform, d);

  ImGui::TextUnformatted("Format:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
  const char* choice = d.format_choice == 0 ? "Detect" : format_title(kFormats[d.format_choice - 1]);
  if (ImGui::BeginCombo("##import_format", choice)) {
    if (ImGui::Selectable("Detect", d.format_choice == 0)) d.format_choice = 0, d.dirty = true;
    for (int i = 0; i < 5; ++i)
      if (ImGui::Selectable(format_title(kFormats[i]), d.format_choice == i + 1)) d.format_choice = i + 1, d.dirty = true;
    ImGui::EndCombo();
  }
  draw_text_editor(state, d);
  parse_import(d);  // after the edit, so what is shown below matches the text above
  if (!d.source_name.empty()) ImGui::TextDisabled("From %s.", d.source_name.c_str());
  if (!d.replaced_text.empty() && d.replaced_text != d.text) {
    if (!d.source_name.empty()) ImGui::SameLine();
    if (ImGui::SmallButton("Put back the text you had typed")) {
      std::swap(d.text, d.replaced_text);
      d.source_name.clear();
      d.dirty = true;
      ++d.epoch;
      parse_import(d);
    }
  }

  if (blank(d.text)) {
    ImGui::TextDisabled("Nothing to import yet.");
  } else if (d.error) {
    draw_error(d);
  } else if (d.batch) {
    const std::size_t n = d.batch->requests.size();
    ImGui::Text("%s: %zu request%s, %zu thing%s not imported.", d.share_link ? kShareLinkTitle : format_title(d.format), n, n == 1 ? "" : "s",
                notes_count(*d.batch), notes_count(*d.batch) == 1 ? "" : "s");
    draw_request_list(d);
    if (const std::size_t vars = d.batch->environment.variables.size(); vars > 0) {
      if (d.environment_created)
        ImGui::TextWrapped("Its %zu variables are the environment \"%s\" (choose it in the sidebar before sending).", vars,
                           d.environment_name.c_str());
      else
        ImGui::TextWrapped("Its %zu variables become the environment \"%s\" when you open or save its requests (with a "
                           "number added if an environment has that name: none is overwritten).",
                           vars, d.batch->environment.name.c_str());
    }
    if (n > 0) draw_actions(state, platform, d);
  }
  if (!d.notice.empty()) {
    ImVec4 colour = d.notice_failed ? ImVec4(1.0f, 0.45f, 0.42f, 1) : ImVec4(0.55f, 0.85f, 0.55f, 1);
    ImGui::TextColored(colour, "%s", d.notice.c_str());
  }
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  remember_button(state, "import.close");
  if (!keep_open || escape_closes_this(state)) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

namespace {

// A Postman collection's variables: an environment of the workspace (ui/workspace.h), named
// after the collection, numbered when that name is taken (shared/environment.h).
void create_imported_environment(AppState& state, Platform& platform) {
  ImportDialogState& d = state.io.import;
  if (!d.batch || d.environment_created || d.batch->environment.variables.empty()) return;
  d.environment_created = true;
  d.environment_name = add_environment_unique(state.workspace.environments, d.batch->environment);
  std::string said = "created the environment \"" + d.environment_name + "\" with " +
                     counted(d.batch->environment.variables.size(), "variable");
  if (WorkspaceStore* store = platform.workspace()) {
    if (Error e = save_environments(state, *store)) said += ", but it was not saved: " + e.message;
  } else {
    said += " (kept until Wirepad closes: there is no workspace to save it in)";
  }
  state.workspace.notice = said;
  d.notice = d.notice.empty() ? said : d.notice + "; " + said;
}

}  // namespace

void act_on_import(AppState& state, Platform& platform) {
  ImportDialogState& d = state.io.import;
  if (d.read_path_requested) {
    d.read_path_requested = false;
    if (LocalServices* local = platform.local()) {
      Result<std::string> bytes = local->read_file(d.open_path);
      if (bytes) load_import_file(state, d.open_path, bytes.value());
      else d.notice = bytes.error().message, d.notice_failed = true;
    }
  }
  if (d.batch && !d.bodies_read && !d.source_name.empty())
    if (LocalServices* local = platform.local()) read_body_files(d, *local);
  if (!d.open_requests.empty() && d.batch) {
    std::size_t opened = 0;
    for (std::size_t i : d.open_requests) {
      if (i >= d.batch->requests.size()) continue;
      // A share link opens as it would from the address bar: saying where it sends, unsent.
      if (d.share_link) open_link_in_tab(state, d.batch->requests[i].experiment);
      else new_tab(state, d.batch->requests[i].experiment);
      ++opened;
    }
    state.viewers.drop_note = "opened " + counted(opened, "imported request") + " in tabs";
    create_imported_environment(state, platform);
    if (d.environment_created) state.viewers.drop_note += "; " + state.workspace.notice;
  }
  d.open_requests.clear();
  if (d.save_requested && d.batch) {
    d.save_requested = false;
    WorkspaceStore* store = platform.workspace();
    std::string folder = d.folder;
    while (!folder.empty() && folder.back() == '/') folder.pop_back();
    if (!store) return;
    if (!folder.empty() && !is_safe_relative_path(folder)) {
      d.notice = "cannot save under \"" + d.folder + "\": use a relative folder like imported/api (no \"..\", no leading /)";
      d.notice_failed = true;
      return;
    }
    std::size_t saved = 0;
    for (std::size_t i = 0; i < d.batch->requests.size(); ++i) {
      if (!d.selected[i]) continue;
      const ImportedRequest& r = d.batch->requests[i];
      std::string dir = folder;
      if (std::string sub = folder_slug(r.folder); !sub.empty()) dir += (dir.empty() ? "" : "/") + sub;
      const std::string prefix = dir.empty() ? "" : dir + "/";
      std::vector<std::string> taken;  // never overwrite a file already there
      for (const std::string& f : state.workspace.files)
        if (f.rfind(prefix, 0) == 0) taken.push_back(f.substr(prefix.size()));
      std::string path = prefix + suggested_file_name(r.experiment.name, taken);
      if (Error e = store->write(path, serialize_experiment(r.experiment))) {
        d.notice = "saved " + std::to_string(saved) + ", then: " + e.message;
        d.notice_failed = true;
        refresh_workspace_tree(state, *store);
        return;
      }
      state.workspace.files.push_back(path);
      ++saved;
    }
    refresh_workspace_tree(state, *store);
    d.notice = "Saved " + std::to_string(saved) + " experiment" + (saved == 1 ? "" : "s") + " under " +
               (folder.empty() ? "the workspace folder" : folder + "/") + " (see the Workspace sidebar)";
    d.notice_failed = false;
    create_imported_environment(state, platform);
  }
  d.save_requested = false;
}

}  // namespace wirepad::ui
