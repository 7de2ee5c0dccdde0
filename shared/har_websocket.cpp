// wirepad core: har_websocket.h.
#include "har_websocket.h"

#include "http_message.h"
#include "import_text.h"
#include "text_util.h"
#include "ws_session.h"

namespace wirepad {
namespace {

using json_input::Json;
using json_input::index_path;
using json_input::join_path;

// Handshake headers the session writes itself (and checks the answer to); what they offered
// is carried as subprotocols and the deflate offer.
bool written_by_handshake(const std::string& name) {
  for (const char* own : {"Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
                          "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol"})
    if (iequals(name, own)) return true;
  return false;
}

std::vector<std::string> comma_list(const std::string& value) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= value.size()) {
    std::size_t comma = value.find(',', at);
    std::string item(text::trim_ows(value.substr(at, comma == std::string::npos ? std::string::npos : comma - at)));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return out;
}

}  // namespace

Result<ImportedRequest> import_har_websocket(const Json& entry, const std::string& path, std::string url,
                                             const std::vector<std::pair<std::string, std::string>>& headers) {
  ImportedRequest r;
  r.source = path;
  r.experiment.kind = ExperimentKind::websocket;
  WsScript& ws = r.experiment.websocket;
  // Chromium records the URL as the page opened it (ws:// or wss://); a recorder that wrote
  // the upgrade's http(s):// URL means the same connection.
  std::size_t scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? std::string() : text::lower(url.substr(0, scheme_end));
  if (scheme == "http") url = "ws" + url.substr(scheme_end);
  else if (scheme == "https") url = "wss" + url.substr(scheme_end);
  ws.url = url;
  r.experiment.name = "WebSocket " + url;

  for (const auto& [name, value] : headers) {
    if (iequals(name, "Sec-WebSocket-Protocol")) {
      for (std::string& p : comma_list(value)) ws.subprotocols.push_back(std::move(p));
    } else if (iequals(name, "Sec-WebSocket-Extensions")) {
      std::vector<std::string> offered;
      for (const std::string& e : comma_list(value)) {
        std::string ext(text::trim_ows(e.substr(0, e.find(';'))));
        if (iequals(ext, "permessage-deflate")) ws.compress = true;
        else offered.push_back(ext);
      }
      for (const std::string& ext : offered)
        r.not_imported.push_back({"Sec-WebSocket-Extensions: " + ext, "an extension Wirepad does not speak; not offered", 0});
    } else if (!written_by_handshake(name)) {
      ws.headers.push_back({name, value});
    }
  }

  Error error;
  const Json* messages = json_input::array_member(entry, "_webSocketMessages", path, error);
  if (error) return error;
  if (!messages) {
    r.not_imported.push_back({"_webSocketMessages", "the HAR holds no messages for this WebSocket (Firefox writes none): "
                                                    "the experiment connects and closes; add steps to it", 0});
    return r;
  }
  const std::string base = join_path(path, "_webSocketMessages");
  std::size_t skipped_control = 0;
  for (std::size_t i = 0; i < messages->size(); ++i) {
    const Json& m = (*messages)[i];
    const std::string at = index_path(base, i);
    if (!m.is_object()) return json_input::path_error(at, std::string("must be an object, not ") + m.type_name());
    std::string type, data;
    if (!json_input::required_string(m, "type", at, type, error)) return error;
    if (type != "send" && type != "receive")
      return json_input::path_error(join_path(at, "type"), "must be \"send\" or \"receive\", not \"" + type + "\"");
    const Json* opcode = json_input::member(m, "opcode");
    if (!opcode || !opcode->is_number_integer())
      return json_input::path_error(join_path(at, "opcode"), "must be a WebSocket opcode (1 text, 2 binary)");
    const std::int64_t op = opcode->get<std::int64_t>();
    const Json* value = json_input::member(m, "data");
    if (value && !value->is_string())
      return json_input::path_error(join_path(at, "data"), std::string("must be a string, not ") + value->type_name());
    if (value) data = value->get<std::string>();
    if (op != 1 && op != 2) {  // control frames: the session pings and pongs itself
      ++skipped_control;
      continue;
    }
    if (op == 2) {  // Chromium writes a binary message's bytes as base64
      Result<std::string> bytes = decode_base64_standard(data);
      if (!bytes) return json_input::path_error(join_path(at, "data"), "a binary message's data must be base64: " + bytes.error().message);
      data = std::move(bytes.value());
    }
    WsStep step;
    step.data = std::move(data);
    if (type == "send") {
      step.kind = op == 1 ? WsStepKind::send_text : WsStepKind::send_binary;
      // A text message that is not UTF-8 cannot be sent as text (RFC 6455 §5.6).
      if (Error e = check_ws_step(step, ws.steps.size() + 2))
        return json_input::path_error(at, e.message);
    } else {
      step.kind = WsStepKind::expect;  // the recorded payload, found in a message within 5 s
    }
    ws.steps.push_back(std::move(step));
  }
  if (skipped_control)
    r.not_imported.push_back({std::to_string(skipped_control) + " control frame(s)",
                              "pings, pongs and closes are the session's own (it answers pings and closes at the end)", 0});
  return r;
}

}  // namespace wirepad
