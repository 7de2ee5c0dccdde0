// ui: composer_url_bar.h.
#include "ui/composer_url_bar.h"

#include <imgui.h>
#include <imgui_internal.h>  // the URL field's scroll while it is edited (ImGuiInputTextState)
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>
#include <vector>

#include "shared/curl_import.h"
#include "shared/variable_spans.h"
#include "ui/composer_style.h"
#include "ui/tabs.h"
#include "ui/workspace.h"

namespace wirepad::ui {
namespace {

constexpr const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};

// Where the last item was drawn, by name, for the headless UI tests' clicks.
void remember_item(AppState& state, const char* name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  state.io.buttons[name] = {(min.x + max.x) / 2, (min.y + max.y) / 2};
}

// The method is free text (any token is a valid method, RFC 9110 §9.1) with the usual ones
// one click away, each in its colour.
void draw_method(AppState& state) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
  ImGui::PushStyleColor(ImGuiCol_Text, method_color(state.method));
  if (ImGui::InputText("##method", &state.method, ImGuiInputTextFlags_CharsUppercase | ImGuiInputTextFlags_CharsNoBlank))
    state.composer_error = {};
  ImGui::PopStyleColor();
  remember_item(state, "composer.method");
  ImGui::SameLine(0, 0);
  if (ImGui::BeginCombo("##methods", nullptr, ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
    for (const char* method : kMethods) {
      ImGui::PushStyleColor(ImGuiCol_Text, method_color(method));
      if (ImGui::Selectable(method, state.method == method)) {
        state.method = method;
        state.composer_error = {};
      }
      ImGui::PopStyleColor();
    }
    ImGui::EndCombo();
  }
}

// What hovering a {{variable}} says: its value in the active environment (a secret masked), or
// that the environment does not define it.
}  // namespace

std::string url_variable_tooltip(const AppState& state, std::string_view name) {
  const Environment* environment = active_environment(state);
  const std::string ref = "{{" + std::string(name) + "}}";
  if (!environment) return ref + " is not defined: no environment is chosen (pick one next to the tab's name).";
  const Variable* variable = environment->find(name);
  if (!variable) return ref + " is not defined in environment \"" + environment->name + "\".";
  if (variable->secret)
    return ref + " = " + std::string(std::min<std::size_t>(variable->value.size(), 8), '*') + "   (secret, environment \"" +
           environment->name + "\")";
  return ref + " = " + variable->value + "   (environment \"" + environment->name + "\")";
}

namespace {

// Draws the URL's {{variables}} over the field: a tinted box and coloured text for each (also
// while typing, following the field's scroll) and, when the field is not being edited (its own
// text is then drawn transparent), the plain runs too. Returns the hovered variable's span.
const TextSpan* draw_variable_highlights(AppState& state, const std::vector<TextSpan>& spans, bool active, ImGuiID id) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  const ImVec2 pad = ImGui::GetStyle().FramePadding;
  float scroll = 0;
  if (active) {
    ImGuiInputTextState* edit = ImGui::GetInputTextState(id);
    if (edit) scroll = edit->ScrollX;
  }
  const Environment* environment = active_environment(state);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(ImVec2(min.x + pad.x * 0.5f, min.y), ImVec2(max.x - pad.x * 0.5f, max.y), true);
  const float mouse_x = ImGui::GetIO().MousePos.x;
  const bool hovered = ImGui::IsItemHovered();
  const TextSpan* under_mouse = nullptr;
  float x = min.x + pad.x - scroll;
  const float y = min.y + pad.y;
  for (const TextSpan& span : spans) {
    const char* begin = state.url.data() + span.begin;
    const char* end = state.url.data() + span.end;
    const float width = ImGui::CalcTextSize(begin, end).x;
    if (span.variable) {
      const bool known = environment && environment->find(span.name);
      ImVec4 color = known ? known_variable_color() : unknown_variable_color();
      ImVec4 tint = color;
      tint.w = 0.18f;
      draw->AddRectFilled(ImVec2(x - 1, y - 1), ImVec2(x + width + 1, y + ImGui::GetFontSize() + 1), ImGui::GetColorU32(tint), 3.0f);
      // While typing, ImGui's own text is drawn too: the coloured glyphs cover it exactly
      // (same font, same place), selection and cursor stay ImGui's.
      draw->AddText(ImVec2(x, y), ImGui::GetColorU32(color), begin, end);
      if (hovered && mouse_x >= x && mouse_x < x + width) under_mouse = &span;
      state.io.buttons["composer.url_var." + std::string(span.name)] = {x + width / 2, y + ImGui::GetFontSize() / 2};
    } else if (!active) {
      draw->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), begin, end);
    }
    x += width;
  }
  draw->PopClipRect();
  return under_mouse;
}

// Returns true when Enter was pressed in the URL field. A paste of a curl command imports it.
bool draw_url(AppState& state, float send_button_width) {
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - send_button_width - ImGui::GetStyle().ItemSpacing.x);
  if (state.focus_url) {
    ImGui::SetKeyboardFocusHere();
    state.focus_url = false;
  }
  const ImGuiID id = ImGui::GetID("##url");
  const bool was_active = ImGui::GetActiveID() == id;
  const std::vector<TextSpan> spans = split_variable_spans(state.url);
  const bool has_variables = std::any_of(spans.begin(), spans.end(), [](const TextSpan& s) { return s.variable; });
  // Not being edited: the field's own text is transparent and drawn again in colour on top.
  const bool overlay = has_variables && !was_active;
  if (overlay) ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0, 0, 0, 0));
  const std::string before = state.url;
  bool enter = ImGui::InputTextWithHint("##url", "http://127.0.0.1:8080/   or paste a curl command", &state.url,
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  if (overlay) ImGui::PopStyleColor();
  const bool edited = ImGui::IsItemEdited();
  remember_item(state, "composer.url");
  if (has_variables && state.url == before) {
    if (const TextSpan* hovered = draw_variable_highlights(state, spans, was_active && ImGui::IsItemActive(), id))
      ImGui::SetTooltip("%s", url_variable_tooltip(state, hovered->name).c_str());
  }
  if (edited) {
    state.composer_error = {};
    state.url_bar_error_source.clear();
    // A paste: Ctrl+V (Cmd+V), Shift+Insert. The clipboard holds the command with its line
    // breaks (a one-line field drops them), so that is what is imported.
    const ImGuiIO& io = ImGui::GetIO();
    const bool paste_keys = ((io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V))) ||
                            (io.KeyShift && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Insert)));
    std::string source;
    if (paste_keys)
      if (const char* clip = ImGui::GetClipboardText(); clip && looks_like_curl_command(clip)) source = clip;
    // Text that arrived in one piece some other way (an input method, a drop, the browser's
    // paste glue): the field's text, unless it was a curl command already (typing in one).
    if (source.empty() && state.url.size() >= before.size() + 2 && looks_like_curl_command(state.url) &&
        !looks_like_curl_command(before))
      source = state.url;
    if (!source.empty()) {
      import_curl_into_tabs(state, source);
      return false;
    }
  }
  // Enter on a curl command typed by hand imports it instead of sending it.
  if (enter && looks_like_curl_command(state.url)) {
    import_curl_into_tabs(state, std::string(state.url));
    return false;
  }
  return enter;
}

// The line of `text` around `offset`, with a caret under it.
std::string excerpt_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t begin = offset > 40 ? offset - 40 : 0;
  std::size_t end = std::min(text.size(), offset + 40);
  std::string line = text.substr(begin, end - begin);
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::replace(line.begin(), line.end(), '\t', ' ');
  std::string caret(offset - begin, ' ');
  return (begin > 0 ? "..." : "") + line + (end < text.size() ? "..." : "") + "\n" + (begin > 0 ? "   " : "") + caret + "^";
}

void draw_error_and_notice(AppState& state) {
  if (state.composer_error) {
    // The core's messages already say where ("... at position 10").
    ImGui::PushStyleColor(ImGuiCol_Text, composer_error_color());
    ImGui::TextWrapped("%s", state.composer_error.message.c_str());
    ImGui::PopStyleColor();
    if (!state.url_bar_error_source.empty() && state.composer_error.offset >= 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextUnformatted(excerpt_at(state.url_bar_error_source, std::size_t(state.composer_error.offset)).c_str());
      ImGui::PopStyleColor();
    }
  }
  if (!state.url_bar_notice.empty() && state.url_bar_notice_epoch == state.widget_epoch) {
    ImGui::PushStyleColor(ImGuiCol_Text, composer_notice_color());
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - ImGui::GetFrameHeight() * 1.5f);
    ImGui::TextUnformatted(state.url_bar_notice.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    if (ImGui::SmallButton("x##dismiss_import_notice")) state.url_bar_notice.clear();
    ImGui::PopStyleColor();
    remember_item(state, "composer.dismiss_notice");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dismiss");
  }
}

std::string notes_of(const CurlImport& import) {
  std::string out;
  for (const ImportNote& note : import.ignored) out += "\n  " + note.what + " ignored: " + note.sentence;
  return out;
}

// The tab's request becomes the import's; the tab keeps its file, and a name the user chose.
void replace_request(TabState& tab, const Experiment& imported) {
  const std::string name = tab.name;
  const bool keep_name = tab.named || !tab.file.empty();
  load_experiment(tab, imported);
  if (keep_name) {
    tab.name = name;
    tab.named = true;
  }
}

}  // namespace

bool looks_like_curl_command(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  text.remove_prefix(i);
  if (text.substr(0, 4) != "curl" || text.size() < 6) return false;
  const char next = text[4];
  return next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '\\';
}

bool import_curl_into_tabs(AppState& state, std::string_view text) {
  Result<std::vector<CurlImport>> imported = import_curl_commands(text);
  if (!imported || imported->empty()) {
    Error e = imported ? make_error(ErrorCode::invalid_request, "no curl command found in the pasted text") : imported.error();
    e.message = "Could not import the pasted curl command (the field keeps the text): " + e.message;
    state.composer_error = e;
    state.url_bar_error_source = std::string(text);
    return false;
  }
  std::vector<CurlImport>& imports = imported.value();
  ensure_tabs(state);
  replace_request(state, imports[0].experiment);
  state.url_bar_error_source.clear();
  std::string notice = "Imported from curl";
  if (imports.size() > 1)
    notice += " (" + std::to_string(imports.size()) + " commands: the first here, the other " +
              std::to_string(imports.size() - 1) + " in new tabs)";
  state.url_bar_notice = notice + (imports[0].ignored.empty() ? std::string(".") : ":" + notes_of(imports[0]));
  state.url_bar_notice_epoch = state.widget_epoch;
  if (imports.size() > 1) {
    const std::size_t front = state.active_tab;
    for (std::size_t i = 1; i < imports.size(); ++i) {
      new_tab(state, imports[i].experiment);
      state.url_bar_notice = "Imported from curl (command " + std::to_string(i + 1) + " of " + std::to_string(imports.size()) +
                             " pasted together)" + (imports[i].ignored.empty() ? std::string(".") : ":" + notes_of(imports[i]));
      state.url_bar_notice_epoch = state.widget_epoch;
      state.focus_url = false;
    }
    bring_forward(state, front);
  }
  return true;
}

UrlBarIntent draw_url_bar(AppState& state, bool in_flight) {
  UrlBarIntent intent;
  {
    UrlBarRowStyle row;
    draw_method(state);
    const char* action = in_flight ? "Cancel" : "Send";
    const float button_width = ImGui::CalcTextSize("Cancel").x + ImGui::GetStyle().FramePadding.x * 4;
    const bool enter = draw_url(state, button_width);
    ImGui::SameLine();
    {
      PrimaryButtonStyle primary(in_flight);
      if (ImGui::Button(action, ImVec2(button_width, 0))) (in_flight ? intent.cancel : intent.send) = true;
    }
    remember_item(state, "composer.send");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(in_flight ? "Cancel the request in flight (Esc)" : "Send (Enter in the URL, or Ctrl+Enter)");
    if (enter && !in_flight) intent.send = true;
  }
  draw_error_and_notice(state);
  return intent;
}

}  // namespace wirepad::ui
