// ui: body_view.h.
#include "ui/body_view.h"

#include <algorithm>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/body_coding.h"
#include "ui/byte_format.h"
#include "ui/byte_views.h"
#include "ui/text_search.h"

namespace wirepad::ui {
namespace {

// Parsing runs on the UI thread, once; beyond this the text view is the viewer.
constexpr std::size_t kMaxTreeBytes = 8u * 1024 * 1024;

void update_json(BodyViewState& view, const ExchangeLog& log, unsigned long generation) {
  if (view.parsed_generation == generation) return;
  // Whatever this exchange is doing (running, failed, cancelled), nothing parsed from another
  // one stays on screen: the tree of the previous response is not this response's body.
  view.json.reset();
  view.json_note.clear();
  if (log.phase != Phase::done) return;  // a tree only of a whole body
  view.parsed_generation = generation;
  if (view.show_encoded && log.decoding.active()) return;  // compressed bytes: no tree
  auto type = find_header(log.response.headers, "Content-Type");
  const std::string_view body = shown_body(view, log);
  if (!looks_like_json(type ? type->value : "", body)) return;
  if (body.size() > kMaxTreeBytes) {
    view.json_note = "The JSON tree opens bodies up to " + format_size(kMaxTreeBytes) + "; this one is " +
                     format_size(body.size()) + ", shown as text.";
    return;
  }
  JsonParse parsed = parse_json_document(body);
  view.json = parsed.document;
  if (!parsed.document) view.json_note = "The body says it is JSON but is not: " + parsed.error;
}

void update_find(BodyViewState& view, std::string_view body, unsigned long generation) {
  // `generation` names the text (text_generation): within one, bytes are only appended.
  const bool same_text = view.find == view.searched_for && generation == view.searched_generation;
  if (same_text && body.size() == view.searched_size) return;
  constexpr std::size_t kLimit = 10000;  // find_all's: "10000+"
  if (same_text && body.size() > view.searched_size && !view.find.empty()) {
    // The body grew as it arrives: search the new part, from where a match could still
    // start, not the whole body again on every frame (~20 ms a frame at 200 MiB).
    if (view.matches.size() < kLimit) {
      const std::size_t from = view.searched_size - std::min(view.searched_size, view.find.size() - 1);
      for (std::size_t at : find_all(body.substr(from), view.find, view.match_case, kLimit - view.matches.size()))
        view.matches.push_back(from + at);
    }
  } else {
    view.matches = find_all(body, view.find, view.match_case, kLimit);
  }
  view.searched_for = view.find;
  view.searched_size = body.size();
  view.searched_generation = generation;
  if (view.current_match >= view.matches.size()) view.current_match = 0;
}

void draw_find_bar(BodyViewState& view) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
  if (view.focus_find) {
    ImGui::SetKeyboardFocusHere();
    view.focus_find = false;
  }
  bool enter = ImGui::InputTextWithHint("##find", "Find (Ctrl+F)", &view.find, ImGuiInputTextFlags_EnterReturnsTrue);
  if (enter) ImGui::SetKeyboardFocusHere(-1);  // Enter goes to the next match; keep the field
  if (ImGui::IsItemEdited()) {
    view.current_match = 0;
    view.scroll_to_match = true;
  }
  ImGui::SameLine();
  if (ImGui::Checkbox("Aa", &view.match_case)) view.searched_for.assign(1, '\0');  // search again
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Match case");
  if (view.find.empty()) return;
  ImGui::SameLine();
  std::size_t n = view.matches.size();
  bool shift = ImGui::GetIO().KeyShift;
  if ((ImGui::SmallButton("<") || (enter && shift)) && n) {
    view.current_match = (view.current_match + n - 1) % n;
    view.scroll_to_match = true;
  }
  ImGui::SameLine();
  if ((ImGui::SmallButton(">") || (enter && !shift)) && n) {
    view.current_match = (view.current_match + 1) % n;
    view.scroll_to_match = true;
  }
  ImGui::SameLine();
  if (n == 0) ImGui::TextColored(ImVec4(1, 0.6f, 0.5f, 1), "no match");
  else ImGui::Text("%zu of %zu%s", view.current_match + 1, n, n >= 10000 ? "+" : "");
}

// The decoded and the encoded body are different texts: each gets its own generation, so the
// line index, the tree and find start over when the view switches (or decoding fails).
unsigned long text_generation(const BodyViewState& view, const ExchangeLog& log, unsigned long generation) {
  return generation * 2 + (view.show_encoded || !log.decoding.active() ? 0 : 1);
}

// A failed or cancelled exchange says so here too, and what of a body had arrived.
void draw_unfinished_note(const ExchangeLog& log, std::size_t body_size) {
  if (log.phase != Phase::failed && log.phase != Phase::cancelled) return;
  const char* what = log.phase == Phase::cancelled ? "Cancelled" : "Failed";
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.42f, 1.0f));
  if (!log.has_response_head)
    ImGui::TextWrapped("%s before a response arrived: there is no body. %s", what, log.error.message.c_str());
  else if (body_size == 0)
    ImGui::TextWrapped("%s before any of the body arrived. %s", what, log.error.message.c_str());
  else
    ImGui::TextWrapped("%s: below is the part of the body that arrived (%s), not a whole body. %s", what,
                       format_size(body_size).c_str(), log.error.message.c_str());
  ImGui::PopStyleColor();
}

}  // namespace

std::string_view shown_body(const BodyViewState& view, const ExchangeLog& log) {
  return view.show_encoded ? log.body() : log.display_body();
}

void draw_body_view(BodyViewState& view, const ExchangeLog& log, unsigned long exchange_generation) {
  const std::string_view body = shown_body(view, log);
  const unsigned long generation = text_generation(view, log, exchange_generation);
  view.lines.update(body, generation);
  update_json(view, log, generation);
  const bool tree = view.json && view.mode == BodyViewState::Mode::tree;
  if (!tree) update_find(view, body, generation);

  auto type = find_header(log.response.headers, "Content-Type");
  const std::string_view type_text = type ? type->value : "no Content-Type";
  ImGui::TextDisabled("%.*s  |  %s, %s", int(type_text.size()), type_text.data(), format_size(body.size()).c_str(),
                      counted(view.lines.line_count(), "line").c_str());
  ImGui::SameLine();
  if (ImGui::SmallButton("Copy body")) ImGui::SetClipboardText(std::string(body).c_str());
  if (view.json) {
    ImGui::SameLine();
    int mode = static_cast<int>(view.mode);
    ImGui::RadioButton("Tree", &mode, 0);
    ImGui::SameLine();
    ImGui::RadioButton("Text", &mode, 1);
    view.mode = static_cast<BodyViewState::Mode>(mode);
  }
  draw_body_coding(log, view.show_encoded);
  draw_unfinished_note(log, body.size());
  if (!view.json_note.empty()) ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "%s", view.json_note.c_str());

  if (tree) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##filter", "Filter keys and values", &view.tree_filter);
    ImGui::SameLine();
    ImGui::TextDisabled("right-click a node to copy its path or value");
    ImGui::BeginChild("json_tree", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    draw_json_tree(*view.json, view.tree_filter);
    ImGui::EndChild();
    return;
  }
  draw_find_bar(view);
  std::size_t highlight = std::string_view::npos;
  std::size_t scroll_to = std::string_view::npos;
  // An edit made in the find bar this frame is searched at the start of the next one: until
  // then `matches` belong to the needle before it, and the jump waits for the new ones.
  const bool searched = view.searched_for == view.find;
  if (!view.find.empty() && !view.matches.empty() && searched) {
    highlight = view.lines.line_of(body, view.matches[view.current_match]);
    if (view.scroll_to_match) scroll_to = highlight;
  }
  if (searched) view.scroll_to_match = false;
  draw_lines_view("body", body, view.lines, false, scroll_to, highlight);
}

}  // namespace wirepad::ui
