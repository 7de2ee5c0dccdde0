// ui: json_tree.h.
#include "ui/json_tree.h"

#include <imgui.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "ui/byte_format.h"

namespace wirepad::ui {

// ordered_json keeps members in document order: a viewer must not sort what the server sent.
struct JsonDocument {
  nlohmann::ordered_json value;
};

namespace {

using Json = nlohmann::ordered_json;

// Large arrays and objects show this many children, then say how many more there are; the
// body's text view shows everything.
constexpr std::size_t kMaxChildren = 2000;

// Records the parser's error without throwing (the browser build has no exception support).
struct ErrorOnlySax : nlohmann::json_sax<Json> {
  std::string error;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    error = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at line 1, ..."
    if (auto close = error.find("] "); error.rfind("[json.exception", 0) == 0 && close != std::string::npos)
      error.erase(0, close + 2);
    return false;
  }
};

bool is_identifier(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
  });
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    auto f = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    return f(a) == f(b);
  });
  return it != haystack.end();
}

std::string scalar_text(const Json& v) {
  if (v.is_string()) return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return v.dump();
}

ImVec4 scalar_color(const Json& v) {
  if (v.is_string()) return ImVec4(0.60f, 0.85f, 0.55f, 1);
  if (v.is_number()) return ImVec4(0.55f, 0.75f, 1.0f, 1);
  if (v.is_boolean()) return ImVec4(0.95f, 0.70f, 0.40f, 1);
  return ImVec4(0.65f, 0.65f, 0.70f, 1);  // null
}

// Whether the node or anything under it matches the filter (cached per frame would be
// nicer; a filter is typed on small documents, and big ones cap their children).
bool matches(const Json& v, std::string_view key, const std::string& filter, int depth = 0) {
  if (filter.empty() || contains_folded(key, filter)) return true;
  if (v.is_structured()) {
    if (depth > 64) return false;
    std::size_t seen = 0;
    for (auto it = v.begin(); it != v.end() && seen < kMaxChildren; ++it, ++seen)
      if (matches(*it, v.is_object() ? std::string_view(it.key()) : std::string_view(), filter, depth + 1)) return true;
    return false;
  }
  return contains_folded(scalar_text(v), filter);
}

void node_menu(const std::string& path, const Json& v) {
  if (ImGui::BeginPopupContextItem()) {
    ImGui::TextDisabled("%s", path.c_str());
    if (ImGui::MenuItem("Copy path")) ImGui::SetClipboardText(path.c_str());
    if (ImGui::MenuItem("Copy value"))
      ImGui::SetClipboardText(v.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    ImGui::EndPopup();
  }
}

void draw_node(const Json& v, const std::string& label, const std::string& path, const std::string& filter, int depth) {
  ImGui::PushID(path.c_str());
  if (v.is_structured()) {
    std::string summary = label + (v.is_object() ? "  {" + std::to_string(v.size()) + "}" : "  [" + std::to_string(v.size()) + "]");
    if (depth < 2 || !filter.empty()) ImGui::SetNextItemOpen(true, filter.empty() ? ImGuiCond_Once : ImGuiCond_Always);
    bool open = ImGui::TreeNodeEx("node", ImGuiTreeNodeFlags_SpanFullWidth, "%s", summary.c_str());
    node_menu(path, v);
    if (open) {
      std::size_t shown = 0;
      std::size_t index = 0;
      for (auto it = v.begin(); it != v.end(); ++it, ++index) {
        if (shown == kMaxChildren) {
          ImGui::TextDisabled("... %zu more (the Text view shows everything)", v.size() - index);
          break;
        }
        std::string child_key = v.is_object() ? it.key() : std::string();
        if (!matches(*it, child_key, filter)) continue;
        ++shown;
        if (v.is_object()) draw_node(*it, child_key, json_path_member(path, child_key), filter, depth + 1);
        else draw_node(*it, "[" + std::to_string(index) + "]", json_path_index(path, index), filter, depth + 1);
      }
      ImGui::TreePop();
    }
  } else {
    ImGui::TreeNodeEx("leaf", ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_SpanFullWidth,
                      "%s:", label.c_str());
    node_menu(path, v);
    ImGui::SameLine();
    std::string text = scalar_text(v);
    if (text.size() > 4096) text = text.substr(0, 4096) + " ... (" + counted(text.size() - 4096, "more byte", "more bytes") + ")";
    ImGui::PushStyleColor(ImGuiCol_Text, scalar_color(v));
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::PopID();
}

}  // namespace

JsonParse parse_json_document(std::string_view text) {
  JsonParse result;
  auto document = std::make_shared<JsonDocument>();
  document->value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!document->value.is_discarded()) {
    result.document = std::move(document);
    return result;
  }
  ErrorOnlySax sax;
  Json::sax_parse(text.begin(), text.end(), &sax);
  result.error = sax.error.empty() ? "not valid JSON" : sax.error;
  return result;
}

void draw_json_tree(const JsonDocument& document, const std::string& filter) {
  draw_node(document.value, "$", "$", filter, 0);
}

std::string json_path_member(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (is_identifier(key)) return path + "." + std::string(key);
  // Bracket notation with the key as a JSON string (quotes and backslashes escaped).
  return path + "[" + nlohmann::json(std::string(key)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "]";
}

std::string json_path_index(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

bool looks_like_json(std::string_view content_type, std::string_view body) {
  std::string type;
  for (char c : content_type.substr(0, content_type.find(';'))) type += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  while (!type.empty() && type.back() == ' ') type.pop_back();
  // application/json, text/json, and structured suffixes like application/problem+json (RFC 6839).
  if (type == "application/json" || type == "text/json" || (type.size() > 5 && type.ends_with("+json"))) return true;
  if (!type.empty()) return false;
  auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

}  // namespace wirepad::ui
