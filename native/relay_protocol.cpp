// native: relay message format (see relay_protocol.h and docs/relay-protocol.md).
#include "native/relay_protocol.h"
#include "shared/json_input.h"
#include "shared/tls_facts_json.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace wirepad::native {
namespace {

using nlohmann::json;

Error refused(std::string sentence) { return make_error(ErrorCode::relay_refused, std::move(sentence)); }

// Rounded to microseconds so the JSON stays short and readable.
double round_ms(double ms) { return std::round(ms * 1000.0) / 1000.0; }

// The fields a request that names a target may have (connect, create).
constexpr std::string_view kTargetFields[] = {"op", "proto", "host", "port", "tls", "tls_verify", "alpn", "connect_timeout_ms"};

// A name or value the page sent, for a sentence: at most 40 bytes, control bytes as '?'.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text.substr(0, 40)) out += c < 0x20 || c == 0x7f ? '?' : char(c);
  if (text.size() > 40) out += "...";
  return out;
}

// The "op" of a control message that passed the size and nesting limits; "" when it is not a
// JSON object with a string "op". `fields` counts its members.
std::string op_of(std::string_view text, std::size_t& fields, std::string& first_other) {
  fields = 0;
  if (text.size() > kMaxControlMessage || json_nesting_depth(text, kMaxControlNesting) > kMaxControlNesting) return "";
  json j = json_input::parse_whole<json>(text);
  if (!j.is_object()) return "";
  fields = j.size();
  for (const auto& [key, value] : j.items()) {
    (void)value;
    if (key != "op" && first_other.empty()) first_other = key;
  }
  auto op = j.find("op");
  return op != j.end() && op->is_string() ? op->get<std::string>() : std::string();
}

}  // namespace

int json_nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Error control_message_too_big() {
  return refused("A text message from the page (a control message such as the connect request) had more than " +
                 std::to_string(kMaxControlMessage) + " bytes, the relay's limit for control messages; the relay closed the connection.");
}

Result<ConnectRequest> parse_connect_request(std::string_view text) {
  // Bounded before parsing (relay_protocol.h): the parser's cost grows with both.
  if (text.size() > kMaxControlMessage) return control_message_too_big();
  if (json_nesting_depth(text, kMaxControlNesting) > kMaxControlNesting)
    return refused("The connect request nests JSON more than " + std::to_string(kMaxControlNesting) +
                   " levels deep, the relay's limit for control messages.");
  if (Error nul = json_input::check_no_nul(text, "The connect request")) return refused(nul.message);
  json j = json_input::parse_whole<json>(text);
  if (j.is_discarded())
    return refused("The first message must be JSON such as {\"op\":\"connect\",\"host\":\"127.0.0.1\",\"port\":8080}.");
  if (!j.is_object()) return refused("The first message must be a JSON object.");
  auto op = j.find("op");
  if (op == j.end() || !op->is_string() || (*op != "connect" && *op != "create"))
    return refused("The first message must have \"op\":\"connect\" (create and connect the socket) or \"op\":\"create\" "
                   "(create it and wait for {\"op\":\"connect\"}).");
  ConnectRequest r;
  r.create = *op == "create";
  if (r.create) {
    for (const auto& [key, value] : j.items()) {
      (void)value;
      if (std::find(std::begin(kTargetFields), std::end(kTargetFields), key) == std::end(kTargetFields))
        return refused("The \"create\" request has a field the relay does not know: \"" + printable(key) +
                       "\" (it takes op, proto, host, port, tls, tls_verify, alpn, connect_timeout_ms).");
    }
  }
  if (auto p = j.find("proto"); p != j.end()) {
    if (*p == "tcp") {
      r.proto = RelayProto::tcp;
    } else if (*p == "udp") {
      r.proto = RelayProto::udp;
    } else {
      return refused("\"proto\" must be \"tcp\" or \"udp\".");
    }
  }
  auto host = j.find("host");
  if (host == j.end() || !host->is_string() || host->get_ref<const std::string&>().empty())
    return refused("\"host\" must be a non-empty string (a name or an IP address).");
  r.host = host->get<std::string>();
  if (r.host.size() >= 2 && r.host.front() == '[' && r.host.back() == ']') r.host = r.host.substr(1, r.host.size() - 2);
  // RFC 1035 2.3.4: names are at most 253 characters as text; refuse control bytes outright.
  if (r.host.size() > 253) return refused("\"host\" is longer than the 253 characters a DNS name may have.");
  for (unsigned char c : r.host) {
    if (c <= 0x20 || c == 0x7f) return refused("\"host\" contains a space or a control character.");
  }
  auto port = j.find("port");
  if (port == j.end() || !port->is_number_integer() || *port < 1 || *port > 65535)
    return refused("\"port\" must be an integer from 1 to 65535.");
  r.port = std::uint16_t(port->get<int>());
  if (auto t = j.find("tls"); t != j.end()) {
    if (!t->is_boolean()) return refused("\"tls\" must be true or false.");
    r.tls = t->get<bool>();
  }
  if (auto v = j.find("tls_verify"); v != j.end()) {
    if (!v->is_boolean()) return refused("\"tls_verify\" must be true or false.");
    r.tls_verify = v->get<bool>();
  }
  if (auto a = j.find("alpn"); a != j.end()) {
    // At most 8 names of 1 to 255 bytes each (RFC 7301 §3.1's limits on one name).
    if (!a->is_array() || a->size() > 8) return refused("\"alpn\" must be an array of at most 8 protocol names.");
    for (const json& name : *a) {
      if (!name.is_string() || name.get<std::string>().empty() || name.get<std::string>().size() > 255)
        return refused("\"alpn\" must hold protocol names of 1 to 255 bytes, such as \"h2\".");
      r.alpn.push_back(name.get<std::string>());
    }
  }
  if (r.tls && r.proto == RelayProto::udp) return refused("TLS over UDP (DTLS) is not supported; use \"tls\":false with UDP.");
  if (auto t = j.find("connect_timeout_ms"); t != j.end()) {
    if (!t->is_number() || *t < 0) return refused("\"connect_timeout_ms\" must be a number of milliseconds, 0 or more.");
    if (*t > 0) r.connect_timeout_ms = t->get<double>();  // 0: no wish, the relay's own cap applies
  }
  return r;
}

Error check_connect_after_create(std::string_view text) {
  if (text.size() > kMaxControlMessage) return control_message_too_big();
  std::size_t fields = 0;
  std::string other;
  std::string op = op_of(text, fields, other);
  if (op == "connect" && fields == 1) return {};
  if (op == "connect")
    return refused("After \"created\" the relay expects exactly {\"op\":\"connect\"}: the target was named in \"create\", "
                   "and this connect also has \"" + printable(other) + "\".");
  if (op == "create")
    return refused("A second \"create\" came after \"created\": this WebSocket holds one socket already; send "
                   "{\"op\":\"connect\"} to connect it, or open another WebSocket for another socket.");
  if (op == "shutdown")
    return refused("\"shutdown\" came after \"created\", before \"connect\": the socket is not connected yet, so there is "
                   "nothing to half-close; send {\"op\":\"connect\"} first.");
  if (!op.empty())
    return refused("After \"created\" the relay expects {\"op\":\"connect\"}, not \"op\":\"" + printable(op) + "\".");
  return refused("After \"created\" the relay expects the text message {\"op\":\"connect\"}; this one is not a JSON object "
                 "with an \"op\".");
}

Error refuse_text_after_connected(std::string_view text, bool udp) {
  std::size_t fields = 0;
  std::string other;
  std::string op = op_of(text, fields, other);
  if (op == "connect" || op == "create")
    return refused("\"" + op + "\" came after \"connected\": this WebSocket carries one connection and it is connected "
                   "already; open another WebSocket for another connection.");
  if (udp) return refused("After \"connected\" a UDP relay carries binary frames only, one datagram each.");
  return refused("After \"connected\" the relay carries binary frames only (and {\"op\":\"shutdown\"}).");
}

std::string created_message(const CreatedReport& report) {
  json j = json::object();
  j["op"] = "created";
  j["address"] = report.address;
  j["dns_ms"] = round_ms(report.dns_ms);
  j["socket"] = report.socket;
  j["hold_timeout_ms"] = round_ms(report.hold_timeout_s * 1000.0);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string connected_message(const ConnectedReport& report) {
  json j = json::object();
  j["op"] = "connected";
  j["address"] = report.address;
  j["dns_ms"] = round_ms(report.dns_ms);
  j["connect_ms"] = round_ms(report.connect_ms);
  j["tls_ms"] = round_ms(report.tls_ms);
  if (report.tls) {
    j["tls"] = tls_facts_to_json<json>(*report.tls);
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);  // certificate names may not be UTF-8
}

std::string error_message(const Error& error) {
  json j = json::object();
  j["op"] = "error";
  j["code"] = std::string(to_string(error.code));
  j["message"] = error.message;
  // Never throw on a message that is not UTF-8 (an OS error text, say): replace bad bytes.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string closed_message() { return R"({"op":"closed"})"; }

bool is_shutdown_request(std::string_view text) {
  if (text.size() > kMaxControlMessage || json_nesting_depth(text, kMaxControlNesting) > kMaxControlNesting) return false;
  json j = json_input::parse_whole<json>(text);
  if (!j.is_object()) return false;
  auto op = j.find("op");
  return op != j.end() && op->is_string() && *op == "shutdown";
}

}  // namespace wirepad::native
