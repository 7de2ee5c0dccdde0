// wirepad core: ws_script_json.h. Never throws: every type is checked before get().
#include "ws_script_json.h"

#include <cmath>
#include <initializer_list>

#include "import_text.h"
#include "socket_session.h"

namespace wirepad {
namespace {

using Json = nlohmann::ordered_json;
const std::string kPath = "websocket";

Error script_error(const std::string& message, std::int64_t offset = -1) {
  return make_error(ErrorCode::invalid_experiment, message, offset);
}

Error only_keys(const Json& object, const std::string& path, std::initializer_list<const char*> keys) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    std::string list;
    for (const char* k : keys) {
      if (it.key() == k) known = true;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!known) return script_error(path + "." + it.key() + " is not a key here (it takes " + list + ")");
  }
  return {};
}

Error read_bool(const Json& object, const char* key, bool& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_boolean()) return script_error(kPath + "." + key + " must be true or false, not " + it->type_name());
  out = it->get<bool>();
  return {};
}

Error read_seconds(const Json& step, const std::string& path, const char* key, double& out) {
  auto it = step.find(key);
  if (it == step.end() || it->is_null()) return {};
  if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0 || it->get<double>() > 86400)
    return script_error(path + "." + key + " must be a number of seconds from 0 to 86400");
  out = it->get<double>();
  return {};
}

// Text that a person reads and edits in the file: printable UTF-8 (tabs and line ends allowed).
bool is_plain_text(const std::string& bytes) {
  for (unsigned char c : bytes)
    if ((c < 0x20 && c != '\r' && c != '\n' && c != '\t') || c == 0x7f) return false;
  return is_valid_utf8(bytes);
}

std::string hex_of(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    if (!hex.empty()) hex += ' ';
    hex += digits[c >> 4];
    hex += digits[c & 15];
  }
  return hex;
}

// A payload under `key` (text) or `key`_hex (any bytes); `found` says whether either was there.
Error read_payload(const Json& step, const std::string& path, const std::string& key, std::string& out, int& found) {
  auto text = step.find(key);
  auto hex = step.find(key + "_hex");
  if (text == step.end() && hex == step.end()) return {};
  ++found;
  if (text != step.end() && hex != step.end()) return script_error(path + " has both " + key + " and " + key + "_hex; keep one");
  if (text != step.end()) {
    if (!text->is_string()) return script_error(path + "." + key + " must be a string, not " + text->type_name());
    out = text->get<std::string>();
    return {};
  }
  if (!hex->is_string()) return script_error(path + "." + key + "_hex must be a string of hex bytes like \"00 ff\"");
  Result<std::string> bytes = decode_payload(hex->get<std::string>(), PayloadFormat::hex);
  if (!bytes) return script_error(path + "." + key + "_hex: " + bytes.error().message);
  out = std::move(bytes.value());
  return {};
}

Error parse_step(const Json& j, const std::string& path, WsStep& step) {
  if (!j.is_object()) return script_error(path + " must be an object like {\"send\": \"hello\"}");
  if (Error e = only_keys(j, path, {"send", "send_hex", "send_binary", "send_binary_hex", "ping", "ping_hex", "expect",
                                    "expect_hex", "expect_regex", "sleep", "close", "reason", "timeout"}))
    return e;
  int kinds = 0;
  std::string data;
  auto payload = [&](const std::string& key, WsStepKind kind) -> Error {
    int before = kinds;
    if (Error e = read_payload(j, path, key, data, kinds)) return e;
    if (kinds != before) step.kind = kind;
    return {};
  };
  if (Error e = payload("send", WsStepKind::send_text)) return e;
  if (Error e = payload("send_binary", WsStepKind::send_binary)) return e;
  if (Error e = payload("ping", WsStepKind::ping)) return e;
  if (Error e = payload("expect", WsStepKind::expect)) return e;
  if (auto re = j.find("expect_regex"); re != j.end()) {
    ++kinds;
    step.kind = WsStepKind::expect;
    step.regex = true;
    if (!re->is_string()) return script_error(path + ".expect_regex must be a string (an ECMAScript regular expression)");
    data = re->get<std::string>();
  }
  if (auto sleep = j.find("sleep"); sleep != j.end()) {
    ++kinds;
    step.kind = WsStepKind::sleep;
    if (Error e = read_seconds(j, path, "sleep", step.seconds)) return e;
  }
  if (auto close = j.find("close"); close != j.end()) {
    ++kinds;
    step.kind = WsStepKind::close;
    if (!close->is_number_integer() || close->get<std::int64_t>() < 0 || close->get<std::int64_t>() > 65535)
      return script_error(path + ".close must be a close code like 1000 (0: a close frame without a code)");
    step.code = std::uint16_t(close->get<std::int64_t>());
    if (auto reason = j.find("reason"); reason != j.end()) {
      if (!reason->is_string()) return script_error(path + ".reason must be a string");
      data = reason->get<std::string>();
    }
  } else if (j.contains("reason")) {
    return script_error(path + ".reason belongs to a close step");
  }
  if (kinds != 1)
    return script_error(path + " must be exactly one of send, send_hex, send_binary, send_binary_hex, ping, ping_hex, "
                               "expect, expect_hex, expect_regex, sleep, close");
  if (j.contains("timeout")) {
    if (step.kind != WsStepKind::expect && step.kind != WsStepKind::close)
      return script_error(path + ".timeout belongs to an expect or close step (how long to wait)");
    if (Error e = read_seconds(j, path, "timeout", step.seconds)) return e;
  }
  step.data = std::move(data);
  return {};
}

}  // namespace

Error parse_ws_script(const Json& json, WsScript& out) {
  if (!json.is_object()) return script_error("a websocket experiment needs a \"websocket\" object");
  if (Error e = only_keys(json, kPath, {"url", "headers", "subprotocols", "compress", "no_context_takeover", "steps"})) return e;
  auto url = json.find("url");
  if (url == json.end() || !url->is_string() || url->get<std::string>().empty())
    return script_error(kPath + ".url must be a ws:// or wss:// URL");
  out.url = url->get<std::string>();
  if (auto headers = json.find("headers"); headers != json.end() && !headers->is_null()) {
    if (!headers->is_array()) return script_error(kPath + ".headers must be an array of {\"name\", \"value\"}");
    for (std::size_t i = 0; i < headers->size(); ++i) {
      const Json& h = (*headers)[i];
      const std::string path = kPath + ".headers[" + std::to_string(i) + "]";
      if (!h.is_object() || !h.contains("name") || !h["name"].is_string() || (h.contains("value") && !h["value"].is_string()))
        return script_error(path + " must be {\"name\": \"...\", \"value\": \"...\"}");
      if (Error e = only_keys(h, path, {"name", "value"})) return e;
      out.headers.push_back({h["name"].get<std::string>(), h.contains("value") ? h["value"].get<std::string>() : ""});
    }
  }
  if (auto subs = json.find("subprotocols"); subs != json.end() && !subs->is_null()) {
    if (!subs->is_array()) return script_error(kPath + ".subprotocols must be an array of names");
    for (std::size_t i = 0; i < subs->size(); ++i) {
      if (!(*subs)[i].is_string())
        return script_error(kPath + ".subprotocols[" + std::to_string(i) + "] must be a string");
      out.subprotocols.push_back((*subs)[i].get<std::string>());
    }
  }
  if (Error e = read_bool(json, "compress", out.compress)) return e;
  if (Error e = read_bool(json, "no_context_takeover", out.no_context_takeover)) return e;
  auto steps = json.find("steps");
  if (steps != json.end() && !steps->is_null()) {
    if (!steps->is_array()) return script_error(kPath + ".steps must be an array of steps");
    for (std::size_t i = 0; i < steps->size(); ++i) {
      const std::string path = kPath + ".steps[" + std::to_string(i) + "]";
      WsStep step;
      if (Error e = parse_step((*steps)[i], path, step)) return e;
      // Step 1 of a session is the handshake, so the file's step i is the session's i + 2.
      if (Error e = check_ws_step(step, i + 2)) return script_error(path + ": " + e.message, e.offset);
      out.steps.push_back(std::move(step));
    }
  }
  return {};
}

Json ws_script_json(const WsScript& script) {
  Json root = Json::object();
  root["url"] = script.url;
  Json headers = Json::array();
  for (const Header& h : script.headers) headers.push_back(Json{{"name", h.name}, {"value", h.value}});
  root["headers"] = std::move(headers);
  root["subprotocols"] = script.subprotocols;
  root["compress"] = script.compress;
  root["no_context_takeover"] = script.no_context_takeover;
  Json steps = Json::array();
  auto seconds = [](double s) { return s == std::floor(s) && s < 1e15 ? Json(std::int64_t(s)) : Json(s); };
  for (const WsStep& s : script.steps) {
    Json j = Json::object();
    auto payload = [&](const char* key) {
      if (is_plain_text(s.data)) j[key] = s.data;
      else j[std::string(key) + "_hex"] = hex_of(s.data);
    };
    switch (s.kind) {
      case WsStepKind::send_text: payload("send"); break;
      case WsStepKind::send_binary: payload("send_binary"); break;
      case WsStepKind::ping: payload("ping"); break;
      case WsStepKind::expect:
        if (s.regex) j["expect_regex"] = s.data;
        else payload("expect");
        j["timeout"] = seconds(s.seconds);
        break;
      case WsStepKind::sleep: j["sleep"] = seconds(s.seconds); break;
      case WsStepKind::close:
        j["close"] = s.code;
        if (!s.data.empty()) j["reason"] = s.data;
        j["timeout"] = seconds(s.seconds);
        break;
    }
    steps.push_back(std::move(j));
  }
  root["steps"] = std::move(steps);
  return root;
}

}  // namespace wirepad
