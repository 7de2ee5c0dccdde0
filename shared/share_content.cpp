// wirepad core: share_content.h. Depends on: share_content.h, nlohmann-json (this file only,
// without exceptions).
#include "share_content.h"

#include <nlohmann/json.hpp>

#include "json_input.h"

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

// Removes the password of "scheme://user:password@host"; the user name stays.
bool strip_url_password(std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  std::size_t at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start) return false;
  std::size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return false;
  url.erase(colon, at - colon);
  return true;
}

// An environment holding only the variables the user agreed to put in the link.
Environment shareable(const Environment& environment, const ShareChoices& choices) {
  Environment out{environment.name, {}};
  for (const Variable& v : environment.variables)
    if (!v.secret || choices.include_secret_variables) out.variables.push_back(v);
  return out;
}

}  // namespace

SharedExperiment prepare_for_sharing(const Experiment& experiment, const Environment* environment,
                                     const ShareChoices& choices) {
  SharedExperiment shared{experiment, {}};
  RequestSpec& r = shared.experiment.request;
  if (choices.fill_variables && environment) {
    Environment allowed = shareable(*environment, choices);
    r.url = substitute_known(r.url, allowed);
    for (HeaderRow& h : r.headers) {
      h.name = substitute_known(h.name, allowed);
      h.value = substitute_known(h.value, allowed);
    }
    r.body = substitute_known(r.body, allowed);
    shared.experiment.socket.host = substitute_known(shared.experiment.socket.host, allowed);
    for (SocketStep& step : shared.experiment.socket.steps) step.bytes = substitute_known(step.bytes, allowed);
    WsScript& ws = shared.experiment.websocket;
    ws.url = substitute_known(ws.url, allowed);
    for (Header& h : ws.headers) h.value = substitute_known(h.value, allowed);
    for (WsStep& step : ws.steps)
      if (step.kind == WsStepKind::send_text || step.kind == WsStepKind::expect) step.data = substitute_known(step.data, allowed);
  }
  if (environment) {
    // Secret variables still referenced: the link carries {{name}}, not the value.
    std::vector<std::string> names;
    auto note = [&](const std::string& text) {
      for (const std::string& n : referenced_variables(text)) {
        const Variable* v = environment->find(n);
        if (!v || !v->secret) continue;
        bool seen = false;
        for (const std::string& s : names) seen = seen || s == n;
        if (!seen) names.push_back(n);
      }
    };
    note(r.url);
    for (const HeaderRow& h : r.headers) note(h.name), note(h.value);
    note(r.body);
    note(shared.experiment.websocket.url);
    for (const Header& h : shared.experiment.websocket.headers) note(h.value);
    for (const std::string& n : names) shared.left_out.push_back("the value of the secret variable {{" + n + "}}");
  }
  for (HeaderRow& h : r.headers) {
    bool authorization = iequals(h.name, "Authorization") || iequals(h.name, "Proxy-Authorization");
    bool cookie = iequals(h.name, "Cookie");
    if (h.value.empty()) continue;
    if ((authorization && !choices.include_authorization) || (cookie && !choices.include_cookie)) {
      h.value.clear();
      shared.left_out.push_back("the value of the " + h.name + " header");
    }
  }
  for (Header& h : shared.experiment.websocket.headers) {  // a WebSocket handshake's, the same way
    bool authorization = iequals(h.name, "Authorization");
    bool cookie = iequals(h.name, "Cookie");
    if (h.value.empty()) continue;
    if ((authorization && !choices.include_authorization) || (cookie && !choices.include_cookie)) {
      h.value.clear();
      shared.left_out.push_back("the value of the WebSocket handshake's " + h.name + " header");
    }
  }
  if (!choices.include_authorization)  // the auth settings' passwords and tokens, as the Authorization header's
    for (std::string& what : clear_auth_secrets(r)) shared.left_out.push_back(std::move(what));
  if (!choices.include_url_password && strip_url_password(r.url)) shared.left_out.push_back("the password in the URL");
  return shared;
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    start = end + 1;
  }
  return path.find('\0') == std::string_view::npos && path.find('\\') == std::string_view::npos;
}

std::string serialize_collection(const std::vector<CollectionItem>& items) {
  Json root = Json::object();
  root["wirepad_collection"] = 1;
  Json list = Json::array();
  for (const CollectionItem& item : items) {
    Json entry = Json::object();
    entry["path"] = item.path;
    // The experiment's own document, so a collection holds exactly what the files hold.
    entry["experiment"] = Json::parse(serialize_experiment(item.experiment), nullptr, false);
    list.push_back(std::move(entry));
  }
  root["experiments"] = std::move(list);
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<std::vector<CollectionItem>> parse_collection(std::string_view json) {
  if (Error nul = json_input::check_no_nul(json, "the collection file"))
    return make_error(ErrorCode::invalid_experiment, nul.message);
  Json root = json_input::parse_whole<Json>(json);
  if (root.is_discarded()) return make_error(ErrorCode::invalid_experiment, "the collection file is not valid JSON");
  if (!root.is_object() || !root.contains("wirepad_collection"))
    return make_error(ErrorCode::invalid_experiment, "this is not a Wirepad collection file (no \"wirepad_collection\" key)");
  if (!root["wirepad_collection"].is_number_integer() || root["wirepad_collection"].get<std::int64_t>() > 1)
    return make_error(ErrorCode::invalid_experiment, "this collection was written by a newer Wirepad; this version reads format 1");
  auto list = root.find("experiments");
  if (list == root.end() || !list->is_array())
    return make_error(ErrorCode::invalid_experiment, "experiments must be an array of {\"path\", \"experiment\"}");
  std::vector<CollectionItem> items;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& j = (*list)[i];
    std::string where = "experiments[" + std::to_string(i) + "]";
    if (!j.is_object() || !j.contains("path") || !j["path"].is_string() || !j.contains("experiment"))
      return make_error(ErrorCode::invalid_experiment, where + " must have a path (string) and an experiment");
    std::string path = j["path"].get<std::string>();
    if (!is_safe_relative_path(path))
      return make_error(ErrorCode::invalid_experiment, where + ": the path \"" + path + "\" is not a plain relative path inside the workspace");
    Result<Experiment> e = parse_experiment(j["experiment"].dump(-1, ' ', false, Json::error_handler_t::replace));
    if (!e) return make_error(ErrorCode::invalid_experiment, where + " (" + path + "): " + e.error().message);
    items.push_back({path, std::move(e.value())});
  }
  return items;
}

}  // namespace wirepad
