// wirepad core: the experiment document (docs/experiment-format.md) and the JSON report of an
// exchange. Depends on: experiment.h, nlohmann-json (this file only).
//
// nlohmann-json is used without letting an exception escape, and without relying on them at
// all on the parsing path: the browser build runs with exception catching disabled, so the
// parse is non-throwing, types are checked before every get(), and dump() replaces invalid
// UTF-8 instead of throwing.
#include "experiment.h"
#include "base64.h"
#include "import_text.h"
#include "json_input.h"
#include "tls_facts_json.h"
#include "test_spec_json.h"
#include "ws_script_json.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

Error experiment_error(std::string message, std::int64_t offset = -1) {
  return make_error(ErrorCode::invalid_experiment, std::move(message), offset);
}

// A SAX handler that accepts everything and remembers where the syntax error is.
struct ErrorLocator {
  std::size_t position = 0;
  std::string message;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const Json::string_t&) { return true; }
  bool string(Json::string_t&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(Json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) {
    position = pos;
    message = ex.what();
    return false;
  }
};

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while
// parsing value - invalid literal; last read: 'x'" -> "syntax error while parsing value -
// invalid literal; last read: 'x'" (the position is reported separately).
std::string plain_reason(const std::string& what) {
  std::size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

std::string type_name(const Json& j) { return j.type_name(); }

// Optional-member readers: a missing key keeps the default; a wrong type is an error naming
// the key path.
bool read_string(const Json& object, const char* key, const std::string& path, std::string& out, Error& error) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_string()) {
    error = experiment_error(path + key + " must be a string, not " + type_name(*it));
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool read_seconds(const Json& object, const char* key, const std::string& path, double& out, Error& error) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_number()) {
    error = experiment_error(path + key + " must be a number of seconds, not " + type_name(*it));
    return false;
  }
  double value = it->get<double>();
  if (!(value >= 0) || !std::isfinite(value)) {
    error = experiment_error(path + key + " must be 0 or more seconds (0 means no limit)");
    return false;
  }
  out = value;
  return true;
}

Json seconds_json(double seconds) {
  // Whole seconds are written as integers ("10", not "10.0") so hand-written files round-trip.
  if (seconds == std::floor(seconds) && std::fabs(seconds) < 1e15) return Json(static_cast<std::int64_t>(seconds));
  return Json(seconds);
}

bool is_valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    if ((n == 2 && c < 0xC2) || (n == 3 && c == 0xE0 && static_cast<unsigned char>(s[i + 1]) < 0xA0) ||
        (n == 3 && c == 0xED && static_cast<unsigned char>(s[i + 1]) > 0x9F) ||
        (n == 4 && (c > 0xF4 || (c == 0xF0 && static_cast<unsigned char>(s[i + 1]) < 0x90) ||
                    (c == 0xF4 && static_cast<unsigned char>(s[i + 1]) > 0x8F))))
      return false;
    i += n;
  }
  return true;
}

std::string dump(const Json& j, int indent) { return j.dump(indent, ' ', false, Json::error_handler_t::replace); }

// Bytes in a file: "send"/"expect" hold text (UTF-8, what people type); "send_hex"/
// "expect_hex" hold any bytes. serialize picks the text form whenever it round-trips.
bool is_plain_text(const std::string& bytes) {
  for (unsigned char c : bytes)
    if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') return false;
  return is_valid_utf8(bytes);
}

Error parse_socket_script(const Json& socket, SocketScript& script) {
  Error error;
  std::string protocol = "tcp";
  if (!read_string(socket, "protocol", "socket.", protocol, error)) return error;
  if (protocol != "tcp" && protocol != "udp") return experiment_error("socket.protocol must be \"tcp\" or \"udp\", not \"" + protocol + "\"");
  script.protocol = protocol == "udp" ? Protocol::udp : Protocol::tcp;
  if (!read_string(socket, "host", "socket.", script.host, error)) return error;
  auto port = socket.find("port");
  if (port == socket.end() || !port->is_number_integer() || port->get<std::int64_t>() < 1 || port->get<std::int64_t>() > 65535)
    return experiment_error("socket.port must be an integer from 1 to 65535");
  script.port = static_cast<std::uint16_t>(port->get<std::int64_t>());
  std::string family = "any";
  if (!read_string(socket, "family", "socket.", family, error)) return error;
  if (family != "any" && family != "ipv4" && family != "ipv6")
    return experiment_error("socket.family must be \"any\", \"ipv4\" or \"ipv6\", not \"" + family + "\"");
  script.family = family == "ipv4" ? AddressFamily::ipv4 : family == "ipv6" ? AddressFamily::ipv6 : AddressFamily::any;
  for (const char* key : {"broadcast", "multicast_loopback"}) {
    auto it = socket.find(key);
    if (it == socket.end()) continue;
    if (!it->is_boolean()) return experiment_error(std::string("socket.") + key + " must be true or false");
    (std::string(key) == "broadcast" ? script.broadcast : script.multicast_loopback) = it->get<bool>();
  }
  if (auto ttl = socket.find("multicast_ttl"); ttl != socket.end()) {
    if (!ttl->is_number_integer() || ttl->get<std::int64_t>() < 0 || ttl->get<std::int64_t>() > 255)
      return experiment_error("socket.multicast_ttl must be an integer from 0 to 255");
    script.multicast_ttl = int(ttl->get<std::int64_t>());
  }
  if (script.protocol == Protocol::tcp) {
    // UDP-only keys mean nothing for TCP and are never written for it: a TCP script keeps
    // the defaults, so it reads back the same after a save (found by tests/fuzz).
    const SocketScript defaults;
    script.broadcast = defaults.broadcast;
    script.multicast_ttl = defaults.multicast_ttl;
    script.multicast_loopback = defaults.multicast_loopback;
  }
  auto steps = socket.find("steps");
  if (steps == socket.end() || !steps->is_array()) return experiment_error("socket.steps must be an array of steps");
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const Json& j = (*steps)[i];
    std::string path = "socket.steps[" + std::to_string(i) + "]";
    if (!j.is_object()) return experiment_error(path + " must be an object like {\"send\": \"hello\"}");
    SocketStep step;
    int kinds = 0;
    auto bytes_of = [&](const char* text_key, const char* hex_key, StepKind kind) -> Error {
      auto text = j.find(text_key);
      auto hex = j.find(hex_key);
      if (text == j.end() && hex == j.end()) return {};
      ++kinds;
      step.kind = kind;
      if (text != j.end()) {
        if (!text->is_string()) return experiment_error(path + "." + text_key + " must be a string");
        step.bytes = text->get<std::string>();
        if (hex != j.end()) return experiment_error(path + " has both " + text_key + " and " + hex_key + "; keep one");
        return {};
      }
      if (!hex->is_string()) return experiment_error(path + "." + hex_key + " must be a string of hex bytes");
      Result<std::string> decoded = decode_payload(hex->get<std::string>(), PayloadFormat::hex);
      if (!decoded) return experiment_error(path + "." + hex_key + ": " + decoded.error().message);
      step.bytes = decoded.value();
      return {};
    };
    if (Error e = bytes_of("send", "send_hex", StepKind::send)) return e;
    if (Error e = bytes_of("expect", "expect_hex", StepKind::expect)) return e;
    if (auto re = j.find("expect_regex"); re != j.end()) {
      ++kinds;
      step.kind = StepKind::expect;
      step.regex = true;
      if (!re->is_string()) return experiment_error(path + ".expect_regex must be a string (an ECMAScript regular expression)");
      step.bytes = re->get<std::string>();
    }
    if (j.contains("receive")) { ++kinds; step.kind = StepKind::receive; }
    if (j.contains("shutdown")) { ++kinds; step.kind = StepKind::shutdown; }
    if (j.contains("connect")) { ++kinds; step.kind = StepKind::connect; }
    if (j.contains("close")) { ++kinds; step.kind = StepKind::close; }
    if (j.contains("sleep")) {
      ++kinds;
      step.kind = StepKind::sleep;
      if (!read_seconds(j, "sleep", path + ".", step.seconds, error)) return error;
    }
    if ((step.kind == StepKind::expect || step.kind == StepKind::receive) && !read_seconds(j, "timeout", path + ".", step.seconds, error))
      return error;
    if (kinds != 1)
      return experiment_error(path +
                              " must be exactly one of connect, send, send_hex, expect, expect_hex, expect_regex, receive, sleep, "
                              "shutdown, close");
    script.steps.push_back(std::move(step));
  }
  if (Error e = SocketSession::validate(script.steps)) return experiment_error("socket.steps: " + e.message, e.offset);
  return {};
}

// Rows of a table: "enabled" is written only when false, so tables without disabled rows read
// as they always did.
Json rows_json(const HeaderRows& rows) {
  Json headers = Json::array();
  for (const HeaderRow& h : rows) {
    Json header = Json::object();
    header["name"] = h.name;
    header["value"] = h.value;
    if (!h.enabled) header["enabled"] = false;
    headers.push_back(std::move(header));
  }
  return headers;
}

Json auth_json(const AuthSpec& a) {
  Json auth = Json::object();
  auth["kind"] = std::string(to_string(a.kind));
  // Each kind's settings are written when they are the chosen kind's or not empty, so
  // switching kinds in the composer loses nothing on save.
  auto wanted = [&](AuthKind kind, bool is_default) { return a.kind == kind || !is_default; };
  if (wanted(AuthKind::basic, a.basic == BasicAuth{}))
    auth["basic"] = Json{{"username", a.basic.username}, {"password", a.basic.password}};
  if (wanted(AuthKind::bearer, a.bearer == BearerAuth{})) auth["bearer"] = Json{{"token", a.bearer.token}};
  if (wanted(AuthKind::api_key, a.api_key == ApiKeyAuth{}))
    auth["api_key"] = Json{{"key", a.api_key.key},
                           {"value", a.api_key.value},
                           {"in", a.api_key.in == ApiKeyPlacement::query ? "query" : "header"}};
  if (wanted(AuthKind::digest, a.digest == DigestAuth{}))
    auth["digest"] = Json{{"username", a.digest.username}, {"password", a.digest.password}};
  if (wanted(AuthKind::oauth2, a.oauth2 == OAuth2Auth{})) {
    const OAuth2Auth& o = a.oauth2;
    auth["oauth2"] = Json{{"grant", o.grant == OAuth2Grant::authorization_code ? "authorization_code" : "client_credentials"},
                          {"token_url", o.token_url},
                          {"auth_url", o.auth_url},
                          {"redirect_uri", o.redirect_uri},
                          {"client_id", o.client_id},
                          {"client_secret", o.client_secret},
                          {"scope", o.scope},
                          {"pkce", o.pkce},
                          {"client_auth", o.client_auth == OAuth2ClientAuth::body ? "body" : "basic_header"},
                          {"access_token", o.access_token}};
  }
  if (wanted(AuthKind::aws_sigv4, a.sigv4 == SigV4Auth{}))
    auth["aws_sigv4"] = Json{{"access_key", a.sigv4.access_key},
                             {"secret_key", a.sigv4.secret_key},
                             {"session_token", a.sigv4.session_token},
                             {"region", a.sigv4.region},
                             {"service", a.sigv4.service}};
  return auth;
}

// Format 3 holds what formats 1 and 2 cannot: written only when the request has some of it.
bool needs_format_3(const RequestSpec& r) {
  bool disabled_header = false;
  for (const HeaderRow& h : r.headers) disabled_header = disabled_header || !h.enabled;
  return disabled_header || params_table_needed(r.url, r.params) || !r.path_variables.empty() || r.auth != AuthSpec{} ||
         r.body_kind != BodyKind::raw || r.body_language != RawLanguage::unspecified || !r.form.empty() ||
         !r.multipart.empty() || !r.binary_file.empty() || r.graphql != GraphQLBody{} || r.proxy != ProxySpec{};
}

Json request_json(const RequestSpec& r) {
  Json request = Json::object();
  request["method"] = r.method;
  request["url"] = r.url;
  if (params_table_needed(r.url, r.params)) {
    Json params = Json::array();
    for (const QueryParam& p : r.params) {
      Json param = Json::object();
      param["name"] = p.name;
      param["value"] = p.value;
      if (!p.has_value) param["has_value"] = false;
      if (!p.enabled) param["enabled"] = false;
      params.push_back(std::move(param));
    }
    request["params"] = std::move(params);
  }
  if (!r.path_variables.empty()) {
    Json vars = Json::array();
    for (const PathVariable& v : r.path_variables) vars.push_back(Json{{"name", v.name}, {"value", v.value}});
    request["path_variables"] = std::move(vars);
  }
  request["headers"] = rows_json(r.headers);
  if (r.auth != AuthSpec{}) request["auth"] = auth_json(r.auth);
  if (r.body_kind != BodyKind::raw) request["body_kind"] = std::string(to_string(r.body_kind));
  if (r.body_language != RawLanguage::unspecified) request["body_language"] = std::string(to_string(r.body_language));
  // Text stays readable (and diffable) as "body"; other bytes go to "body_base64", which
  // only format 2 readers know (serialize_experiment writes the version to match).
  if (is_valid_utf8(r.body)) request["body"] = r.body;
  else request["body_base64"] = encode_base64(r.body);
  if (!r.form.empty()) {
    Json form = Json::array();
    for (const FormField& f : r.form) {
      Json field = Json{{"name", f.name}, {"value", f.value}};
      if (!f.enabled) field["enabled"] = false;
      form.push_back(std::move(field));
    }
    request["form"] = std::move(form);
  }
  if (!r.multipart.empty()) {
    Json parts = Json::array();
    for (const MultipartPart& p : r.multipart) {
      Json part = Json::object();
      part["name"] = p.name;
      part[p.is_file ? "file" : "value"] = p.value;
      if (!p.content_type.empty()) part["content_type"] = p.content_type;
      if (!p.filename.empty()) part["filename"] = p.filename;
      if (!p.enabled) part["enabled"] = false;
      parts.push_back(std::move(part));
    }
    request["multipart"] = std::move(parts);
  }
  if (!r.binary_file.empty()) request["binary_file"] = r.binary_file;
  if (r.graphql != GraphQLBody{}) request["graphql"] = Json{{"query", r.graphql.query}, {"variables", r.graphql.variables}};
  if (r.proxy != ProxySpec{}) {
    const ProxySpec& p = r.proxy;
    Json proxy = Json{{"mode", std::string(to_string(p.mode))}, {"url", p.url}, {"username", p.username}, {"password", p.password}};
    proxy["no_proxy"] = p.no_proxy;
    request["proxy"] = std::move(proxy);
  }
  return request;
}

Json socket_script_json(const SocketScript& script) {
  Json socket = Json::object();
  socket["protocol"] = script.protocol == Protocol::udp ? "udp" : "tcp";
  socket["host"] = script.host;
  socket["port"] = script.port;
  socket["family"] = std::string(to_string(script.family));
  if (script.protocol == Protocol::udp) {  // meaningless for TCP, so not written there
    socket["broadcast"] = script.broadcast;
    socket["multicast_ttl"] = script.multicast_ttl;
    socket["multicast_loopback"] = script.multicast_loopback;
  }
  Json steps = Json::array();
  for (const SocketStep& step : script.steps) {
    Json j = Json::object();
    auto bytes = [&](const char* text_key, const char* hex_key) {
      if (is_plain_text(step.bytes)) {
        j[text_key] = step.bytes;
      } else {
        static const char* digits = "0123456789abcdef";
        std::string hex;
        for (unsigned char c : step.bytes) {
          if (!hex.empty()) hex += ' ';
          hex += digits[c >> 4];
          hex += digits[c & 15];
        }
        j[hex_key] = hex;
      }
    };
    switch (step.kind) {
      case StepKind::connect: j["connect"] = true; break;
      case StepKind::send: bytes("send", "send_hex"); break;
      case StepKind::expect:
        if (step.regex) j["expect_regex"] = step.bytes;
        else bytes("expect", "expect_hex");
        j["timeout"] = seconds_json(step.seconds);
        break;
      case StepKind::receive:
        j["receive"] = true;
        j["timeout"] = seconds_json(step.seconds);
        break;
      case StepKind::shutdown: j["shutdown"] = true; break;
      case StepKind::sleep: j["sleep"] = seconds_json(step.seconds); break;
      case StepKind::close: j["close"] = true; break;
    }
    steps.push_back(std::move(j));
  }
  socket["steps"] = std::move(steps);
  return socket;
}

// Format 2: "body_base64" holds a body that is not UTF-8 (RFC 4648 §4, padding optional).
// With "body" as well it would be ambiguous which one is meant, so that is refused.
Error read_body_base64(const Json& request, std::string& body) {
  auto encoded = request.find("body_base64");
  if (encoded == request.end() || encoded->is_null()) return {};
  if (!encoded->is_string())
    return experiment_error("request.body_base64 must be a string of base64, not " + type_name(*encoded));
  if (request.find("body") != request.end())
    return experiment_error("request has both body and body_base64; keep one (body for UTF-8 text, body_base64 for other bytes)");
  Result<std::string> bytes = decode_base64_standard(encoded->get<std::string>());
  if (!bytes) return experiment_error("request.body_base64: " + bytes.error().message);
  body = std::move(bytes.value());
  return {};
}

bool read_bool(const Json& object, const char* key, const std::string& path, bool& out, Error& error) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return true;
  if (!it->is_boolean()) {
    error = experiment_error(path + key + " must be true or false, not " + type_name(*it));
    return false;
  }
  out = it->get<bool>();
  return true;
}

// A string key whose value is one of `names` (in enum order): out = its index.
template <typename Enum, std::size_t N>
bool read_choice(const Json& object, const char* key, const std::string& path, const char* const (&names)[N], Enum& out,
                 Error& error) {
  std::string text;
  if (!read_string(object, key, path, text, error)) return false;
  if (object.find(key) == object.end() || object.find(key)->is_null()) return true;
  for (std::size_t i = 0; i < N; ++i) {
    if (text == names[i]) {
      out = static_cast<Enum>(i);
      return true;
    }
  }
  std::string list;
  for (std::size_t i = 0; i < N; ++i) list += std::string(i ? ", " : "") + "\"" + names[i] + "\"";
  error = experiment_error(path + key + " must be one of " + list + ", not \"" + text + "\"");
  return false;
}

// An optional array of objects at `key`: fn(object, "path[i].") for each; errors name the path.
template <typename Fn>
Error read_rows(const Json& object, const char* key, const std::string& path, const char* shape, Fn&& fn) {
  auto rows = object.find(key);
  if (rows == object.end() || rows->is_null()) return {};
  if (!rows->is_array()) return experiment_error(path + key + " must be an array of " + shape + " objects, not " + type_name(*rows));
  for (std::size_t i = 0; i < rows->size(); ++i) {
    const Json& row = (*rows)[i];
    std::string at = path + key + "[" + std::to_string(i) + "]";
    if (!row.is_object()) return experiment_error(at + " must be an object with " + shape + ", not " + type_name(row));
    if (Error e = fn(row, at + ".")) return e;
  }
  return {};
}

// An optional object at `key`: fn(object, "path.key.").
template <typename Fn>
Error read_object(const Json& object, const char* key, const std::string& path, Fn&& fn) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_object()) return experiment_error(path + key + " must be an object, not " + type_name(*it));
  return fn(*it, path + key + ".");
}

Error parse_auth(const Json& auth, const std::string& path, AuthSpec& a) {
  Error error;
  static const char* const kinds[] = {"none", "inherit", "basic", "bearer", "api_key", "digest", "oauth2", "aws_sigv4"};
  if (!read_choice(auth, "kind", path, kinds, a.kind, error)) return error;
  auto strings = [&](const Json& j, const std::string& at, std::initializer_list<std::pair<const char*, std::string*>> keys) -> Error {
    Error e;
    for (auto [key, out] : keys)
      if (!read_string(j, key, at, *out, e)) return e;
    return {};
  };
  if (Error failed = read_object(auth, "basic", path, [&](const Json& j, const std::string& at) {
        return strings(j, at, {{"username", &a.basic.username}, {"password", &a.basic.password}});
      }))
    return failed;
  if (Error failed = read_object(auth, "bearer", path, [&](const Json& j, const std::string& at) {
        return strings(j, at, {{"token", &a.bearer.token}});
      }))
    return failed;
  if (Error failed = read_object(auth, "api_key", path, [&](const Json& j, const std::string& at) -> Error {
        if (Error e2 = strings(j, at, {{"key", &a.api_key.key}, {"value", &a.api_key.value}})) return e2;
        static const char* const places[] = {"header", "query"};
        Error e3;
        if (!read_choice(j, "in", at, places, a.api_key.in, e3)) return e3;
        return {};
      }))
    return failed;
  if (Error failed = read_object(auth, "digest", path, [&](const Json& j, const std::string& at) {
        return strings(j, at, {{"username", &a.digest.username}, {"password", &a.digest.password}});
      }))
    return failed;
  if (Error failed = read_object(auth, "oauth2", path, [&](const Json& j, const std::string& at) -> Error {
        OAuth2Auth& o = a.oauth2;
        if (Error e2 = strings(j, at,
                               {{"token_url", &o.token_url}, {"auth_url", &o.auth_url}, {"redirect_uri", &o.redirect_uri},
                                {"client_id", &o.client_id}, {"client_secret", &o.client_secret}, {"scope", &o.scope},
                                {"access_token", &o.access_token}}))
          return e2;
        static const char* const grants[] = {"client_credentials", "authorization_code"};
        static const char* const client_auths[] = {"basic_header", "body"};
        Error e3;
        if (!read_choice(j, "grant", at, grants, o.grant, e3)) return e3;
        if (!read_choice(j, "client_auth", at, client_auths, o.client_auth, e3)) return e3;
        if (!read_bool(j, "pkce", at, o.pkce, e3)) return e3;
        return {};
      }))
    return failed;
  if (Error failed = read_object(auth, "aws_sigv4", path, [&](const Json& j, const std::string& at) {
        SigV4Auth& v = a.sigv4;
        return strings(j, at,
                       {{"access_key", &v.access_key}, {"secret_key", &v.secret_key}, {"session_token", &v.session_token},
                        {"region", &v.region}, {"service", &v.service}});
      }))
    return failed;
  return {};
}

Error parse_request(const Json& request, RequestSpec& r) {
  Error error;
  const std::string path = "request.";
  if (!read_string(request, "method", path, r.method, error)) return error;
  if (!read_string(request, "url", path, r.url, error)) return error;
  if (!read_string(request, "body", path, r.body, error)) return error;
  if (Error e = read_body_base64(request, r.body)) return e;
  if (Error failed = read_rows(request, "headers", path, "{\"name\", \"value\"}", [&](const Json& h, const std::string& at) -> Error {
        HeaderRow header;
        auto name = h.find("name");
        if (name == h.end()) return experiment_error(at + "name is missing");
        if (!name->is_string()) return experiment_error(at + "name must be a string, not " + type_name(*name));
        header.name = name->get<std::string>();
        Error e;
        if (!read_string(h, "value", at, header.value, e) || !read_bool(h, "enabled", at, header.enabled, e)) return e;
        r.headers.push_back(std::move(header));
        return {};
      }))
    return failed;
  // Format 3 (docs/experiment-format.md).
  if (Error failed = read_rows(request, "params", path, "{\"name\", \"value\"}", [&](const Json& j, const std::string& at) -> Error {
        QueryParam p;
        Error e;
        if (!read_string(j, "name", at, p.name, e) || !read_string(j, "value", at, p.value, e) ||
            !read_bool(j, "has_value", at, p.has_value, e) || !read_bool(j, "enabled", at, p.enabled, e))
          return e;
        r.params.push_back(std::move(p));
        return {};
      }))
    return failed;
  // A table the URL says by itself is not kept (the file would not have written it).
  if (!params_table_needed(r.url, r.params)) r.params.clear();
  if (Error failed = read_rows(request, "path_variables", path, "{\"name\", \"value\"}", [&](const Json& j, const std::string& at) -> Error {
        PathVariable v;
        Error e;
        if (!read_string(j, "name", at, v.name, e) || !read_string(j, "value", at, v.value, e)) return e;
        r.path_variables.push_back(std::move(v));
        return {};
      }))
    return failed;
  if (Error failed = read_object(request, "auth", path, [&](const Json& j, const std::string& at) { return parse_auth(j, at, r.auth); }))
    return failed;
  static const char* const body_kinds[] = {"none", "raw", "urlencoded", "multipart", "binary", "graphql"};
  static const char* const languages[] = {"unspecified", "text", "json", "xml", "html", "javascript"};
  if (!read_choice(request, "body_kind", path, body_kinds, r.body_kind, error)) return error;
  if (!read_choice(request, "body_language", path, languages, r.body_language, error)) return error;
  if (Error failed = read_rows(request, "form", path, "{\"name\", \"value\"}", [&](const Json& j, const std::string& at) -> Error {
        FormField f;
        Error e;
        if (!read_string(j, "name", at, f.name, e) || !read_string(j, "value", at, f.value, e) ||
            !read_bool(j, "enabled", at, f.enabled, e))
          return e;
        r.form.push_back(std::move(f));
        return {};
      }))
    return failed;
  if (Error failed = read_rows(request, "multipart", path, "{\"name\", \"value\" or \"file\"}", [&](const Json& j, const std::string& at) -> Error {
        MultipartPart p;
        Error e;
        if (j.contains("value") && j.contains("file"))
          return experiment_error(at.substr(0, at.size() - 1) + " has both value and file; keep one (value for text, file for a file's path)");
        p.is_file = j.contains("file");
        if (!read_string(j, "name", at, p.name, e) || !read_string(j, p.is_file ? "file" : "value", at, p.value, e) ||
            !read_string(j, "content_type", at, p.content_type, e) || !read_string(j, "filename", at, p.filename, e) ||
            !read_bool(j, "enabled", at, p.enabled, e))
          return e;
        r.multipart.push_back(std::move(p));
        return {};
      }))
    return failed;
  if (!read_string(request, "binary_file", path, r.binary_file, error)) return error;
  if (Error failed = read_object(request, "graphql", path, [&](const Json& j, const std::string& at) -> Error {
        Error e;
        if (!read_string(j, "query", at, r.graphql.query, e) || !read_string(j, "variables", at, r.graphql.variables, e)) return e;
        return {};
      }))
    return failed;
  if (Error failed = read_object(request, "proxy", path, [&](const Json& j, const std::string& at) -> Error {
        ProxySpec& p = r.proxy;
        static const char* const modes[] = {"inherit", "none", "system", "url"};
        Error e;
        if (!read_choice(j, "mode", at, modes, p.mode, e) || !read_string(j, "url", at, p.url, e) ||
            !read_string(j, "username", at, p.username, e) || !read_string(j, "password", at, p.password, e))
          return e;
        auto list = j.find("no_proxy");
        if (list != j.end() && !list->is_null()) {
          if (!list->is_array()) return experiment_error(at + "no_proxy must be an array of host names");
          for (std::size_t i = 0; i < list->size(); ++i) {
            if (!(*list)[i].is_string()) return experiment_error(at + "no_proxy[" + std::to_string(i) + "] must be a string");
            p.no_proxy.push_back((*list)[i].get<std::string>());
          }
        }
        return {};
      }))
    return failed;
  return {};
}

}  // namespace

Result<Experiment> parse_experiment(std::string_view bytes) {
  // An experiment edited on Windows may start with a byte order mark or be UTF-16 (Notepad,
  // PowerShell's `>`); a hand-made or hostile file may nest deep enough to cost seconds. Both
  // are handled as the importers handle them (shared/import_text.h, shared/json_input.h).
  // Their errors say invalid_request (the importers' code); an experiment's are invalid_experiment.
  Result<std::string> utf8 = text_as_utf8(bytes, "The experiment");
  if (!utf8) return experiment_error(utf8.error().message, utf8.error().offset);
  const std::string_view text = utf8.value();
  if (Error deep = json_input::check_depth(text, "The experiment")) return experiment_error(deep.message, deep.offset);
  if (Error nul = json_input::check_no_nul(text, "The experiment")) return experiment_error(nul.message, nul.offset);
  Json root = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    ErrorLocator locator;
    Json::sax_parse(text.begin(), text.end(), &locator);
    std::size_t at = locator.position > 0 ? locator.position - 1 : 0;  // nlohmann counts from 1
    return experiment_error("The experiment is not valid JSON at byte " + std::to_string(at) + ": " +
                                plain_reason(locator.message),
                            std::int64_t(at));
  }
  if (!root.is_object()) return experiment_error("An experiment must be a JSON object, not " + type_name(root) + ".");

  auto version = root.find("wirepad");
  if (version != root.end()) {
    if (!version->is_number_integer() && !version->is_number_unsigned()) {
      return experiment_error("wirepad (the format version) must be an integer, not " + type_name(*version));
    }
    std::int64_t v = version->get<std::int64_t>();
    if (v > kExperimentFormatVersion) {
      return experiment_error("this experiment was saved by a newer Wirepad (format " + std::to_string(v) +
                              "); this version reads format " + std::to_string(kExperimentFormatVersion));
    }
    if (v < 1) return experiment_error("wirepad (the format version) must be 1 or more, not " + std::to_string(v));
  }

  Experiment experiment;
  Error error;
  std::string kind = "http";
  if (!read_string(root, "kind", "", kind, error)) return error;
  if (kind != "http" && kind != "socket" && kind != "websocket") {
    return experiment_error("kind '" + kind +
                            "' is not supported by this version of Wirepad; it reads \"http\", \"socket\" and \"websocket\"");
  }
  if (!read_string(root, "name", "", experiment.name, error)) return error;
  if (kind == "socket") {
    experiment.kind = ExperimentKind::socket;
    auto socket = root.find("socket");
    if (socket == root.end() || !socket->is_object()) return experiment_error("a socket experiment needs a \"socket\" object");
    if (Error e = parse_socket_script(*socket, experiment.socket)) return e;
  }
  if (kind == "websocket") {
    experiment.kind = ExperimentKind::websocket;
    auto websocket = root.find("websocket");
    if (websocket == root.end()) return experiment_error("a websocket experiment needs a \"websocket\" object");
    if (Error e = parse_ws_script(*websocket, experiment.websocket)) return e;
  }

  auto request = root.find("request");
  if (request != root.end() && !request->is_null()) {
    if (!request->is_object()) return experiment_error("request must be an object, not " + type_name(*request));
    if (Error e = parse_request(*request, experiment.request)) return e;
  }

  auto test = root.find("test");  // format 4: assertions, captures, skip, repeat (docs/assertions.md)
  if (test != root.end() && !test->is_null()) {
    if (Error e = parse_test_spec(*test, "test", experiment.test)) return e;
    if (Error e = check_test_fits(experiment.test, kind != "http", "test")) return e;
  }

  auto options = root.find("options");
  if (options != root.end() && !options->is_null()) {
    if (!options->is_object()) return experiment_error("options must be an object, not " + type_name(*options));
    ExchangeOptions& o = experiment.options;
    if (!read_seconds(*options, "connect_timeout", "options.", o.connect_timeout, error)) return error;
    if (!read_seconds(*options, "first_byte_timeout", "options.", o.first_byte_timeout, error)) return error;
    if (!read_seconds(*options, "idle_timeout", "options.", o.idle_timeout, error)) return error;
    if (!read_seconds(*options, "total_timeout", "options.", o.total_timeout, error)) return error;
    auto verify = options->find("verify_tls");
    if (verify != options->end() && !verify->is_null()) {
      if (!verify->is_boolean()) return experiment_error("options.verify_tls must be true or false, not " + type_name(*verify));
      o.verify_tls = verify->get<bool>();
    }
    auto follow = options->find("follow_redirects");
    if (follow != options->end() && !follow->is_null()) {
      if (!follow->is_boolean())
        return experiment_error("options.follow_redirects must be true or false, not " + type_name(*follow));
      o.follow_redirects = follow->get<bool>();
    }
    auto max_redirects = options->find("max_redirects");
    if (max_redirects != options->end() && !max_redirects->is_null()) {
      if (!max_redirects->is_number_integer() || max_redirects->get<std::int64_t>() < 0 ||
          max_redirects->get<std::int64_t>() > 1000)
        return experiment_error("options.max_redirects must be an integer from 0 to 1000");
      o.max_redirects = static_cast<int>(max_redirects->get<std::int64_t>());
    }
    auto version = options->find("http_version");  // format 7 (docs/http2.md)
    if (version != options->end() && !version->is_null()) {
      std::optional<HttpVersion> v = version->is_string() ? http_version_from_string(version->get<std::string>()) : std::nullopt;
      if (!v) return experiment_error("options.http_version must be \"http1.1\", \"http2\" or \"http2-prior-knowledge\"");
      o.http_version = *v;
    }
    auto ca_file = options->find("ca_file");  // a path on this machine (docs/tls.md)
    if (ca_file != options->end() && !ca_file->is_null()) {
      if (!ca_file->is_string()) return experiment_error("options.ca_file must be a file path, not " + type_name(*ca_file));
      o.ca_file = ca_file->get<std::string>();
    }
  }
  return experiment;
}

Endpoint endpoint_of(const SocketScript& script, const ExchangeOptions& options) {
  Endpoint endpoint;
  endpoint.protocol = script.protocol;
  endpoint.host = script.host;
  endpoint.port = script.port;
  endpoint.connect_timeout = options.connect_timeout > 0 ? options.connect_timeout : 10;
  endpoint.family = script.family;
  endpoint.broadcast = script.broadcast;
  endpoint.multicast_ttl = script.multicast_ttl;
  endpoint.multicast_loopback = script.multicast_loopback;
  return endpoint;
}

std::string serialize_experiment(const Experiment& experiment) {
  Json root = Json::object();
  // Format 1 unless the file needs format 2 (a body that is not UTF-8) or 3: Wirepads that read
  // only format 1 then refuse the file instead of silently dropping its body.
  // Format 3 when it holds a structured request (params table, auth, body kinds, ...).
  const bool http = experiment.kind == ExperimentKind::http;
  const bool needs_v2 = http && !is_valid_utf8(experiment.request.body);
  // Format 4 when it has a "test" object, which a format 3 reader would drop unseen.
  // Format 6 when a socket or WebSocket experiment has a "test" (over its messages).
  // Format 7 when it asks for HTTP/2 (options.http_version), which an older reader would ignore.
  root["wirepad"] = experiment.options.http_version != HttpVersion::http1_1 ? 7
                    : !http && !experiment.test.empty()           ? 6
                    : experiment.kind == ExperimentKind::websocket ? 5
                    : http && !experiment.test.empty()          ? 4
                    : http && needs_format_3(experiment.request) ? 3
                    : needs_v2                                   ? 2
                                                                 : 1;
  root["kind"] = experiment.kind == ExperimentKind::socket      ? "socket"
                 : experiment.kind == ExperimentKind::websocket ? "websocket"
                                                                : "http";
  root["name"] = experiment.name;
  if (experiment.kind == ExperimentKind::socket) {
    root["socket"] = socket_script_json(experiment.socket);
  } else if (experiment.kind == ExperimentKind::websocket) {
    root["websocket"] = ws_script_json(experiment.websocket);
  } else {
    root["request"] = request_json(experiment.request);
  }
  const ExchangeOptions& o = experiment.options;
  Json options = Json::object();
  options["connect_timeout"] = seconds_json(o.connect_timeout);
  options["first_byte_timeout"] = seconds_json(o.first_byte_timeout);
  options["idle_timeout"] = seconds_json(o.idle_timeout);
  options["total_timeout"] = seconds_json(o.total_timeout);
  options["verify_tls"] = o.verify_tls;
  options["follow_redirects"] = o.follow_redirects;
  options["max_redirects"] = o.max_redirects;
  if (!o.ca_file.empty()) options["ca_file"] = o.ca_file;
  if (o.http_version != HttpVersion::http1_1) options["http_version"] = std::string(to_string(o.http_version));
  root["options"] = std::move(options);
  if (!experiment.test.empty()) root["test"] = test_spec_json(experiment.test);
  return dump(root, 2) + "\n";
}

std::string exchange_log_to_json(const ExchangeLog& log) {
  Json root = Json::object();
  root["phase"] = std::string(to_string(log.phase));
  root["url"] = log.target_url;
  root["status"] = log.response.status;
  root["reason"] = log.response.reason;
  root["http_version"] = log.response.status == 0 ? std::string() : http_version_text(log.response).substr(5);
  Json headers = Json::array();
  for (FieldView h : log.response.headers) headers.push_back(Json{{"name", h.name}, {"value", h.value}});
  root["headers"] = std::move(headers);
  root["body"] = std::string(log.body());  // as received (still content-encoded)
  Json trailers = Json::array();  // the chunked body's trailer section (RFC 9112 §7.1.2)
  for (FieldView h : log.response.trailers) trailers.push_back(Json{{"name", h.name}, {"value", h.value}});
  root["trailers"] = std::move(trailers);
  if (!log.decoding.coding.empty()) {  // the Content-Encoding undone (shared/content_decoding.h)
    root["decoding"] = Json{{"coding", log.decoding.coding},
                            {"complete", log.decoding.complete},
                            {"error", log.decoding.error ? Json(log.decoding.error.message) : Json(nullptr)},
                            {"decoded_body", log.decoding.decoded}};
  }
  Json timings = Json::object();
  timings["namelookup"] = log.timings.namelookup;
  timings["connect"] = log.timings.connect;
  timings["appconnect"] = log.timings.appconnect;
  timings["pretransfer"] = log.timings.pretransfer;
  timings["starttransfer"] = log.timings.starttransfer;
  timings["total"] = log.timings.total;
  if (const RelayTimings& r = log.timings.relay; r.used()) {
    // The browser's relay: "open" and "answered" measured by the page (seconds from start),
    // "dns", "connect", "tls" by the relay (durations; tls -1 when there was none).
    timings["relay"] = Json{{"open", r.open}, {"answered", r.answered}, {"dns", r.dns}, {"connect", r.connect}, {"tls", r.tls}};
  }
  root["timings"] = std::move(timings);
  if (log.error) {
    root["error"] = Json{{"code", std::string(to_string(log.error.code))},
                         {"message", log.error.message},
                         {"offset", log.error.offset}};
  } else {
    root["error"] = nullptr;
  }
  root["remote_address"] = log.remote_address;
  // When it started on the wall clock (ms since 1970, UTC); null when unknown.
  root["started_unix_ms"] = log.started_unix_ms ? Json(log.started_unix_ms) : Json(nullptr);
  root["bytes_sent"] = log.bytes_sent;
  root["bytes_received"] = log.bytes_received;
  if (log.tls) {
    root["tls"] = tls_facts_to_json<Json>(*log.tls);
  } else {
    root["tls"] = nullptr;
  }
  if (log.http2.used) {  // HTTP/2 (docs/http2.md): how it was chosen, our stream, every frame
    Json frames = Json::array();
    for (const H2Frame& f : log.http2.frames) {
      Json frame{{"sent", f.sent},     {"at", f.at},
                 {"type", h2_frame_type_name(f.type)}, {"flags", h2_flags_text(f.type, f.flags)},
                 {"stream", f.stream}, {"length", f.length},
                 {"offset", f.offset}, {"summary", f.summary}};
      if (!f.fields.empty() || f.type == h2_type::headers) {
        Json fields = Json::array();
        for (const Header& h : f.fields) fields.push_back(Json{{"name", h.name}, {"value", h.value}});
        frame["fields"] = std::move(fields);
        frame["block_bytes"] = f.block_bytes;
      }
      frames.push_back(std::move(frame));
    }
    root["http2"] = Json{{"how", log.http2.how}, {"stream", log.http2.stream}, {"frames", std::move(frames)}};
  }
  if (log.sse.active) {  // a text/event-stream body's events (shared/sse_parser.h, docs/sse.md)
    Json events = Json::array();
    for (const SseEvent& e : log.sse.events) {
      Json event{{"type", e.type}, {"data", e.data}, {"id", e.id}, {"at", e.at}, {"offset", e.offset}, {"size", e.size}};
      if (e.retry_ms) event["retry_ms"] = *e.retry_ms;
      events.push_back(std::move(event));
    }
    root["sse"] = Json{{"events", std::move(events)},
                       {"last_event_id", log.sse.last_event_id},
                       {"retry_ms", log.sse.retry_ms ? Json(*log.sse.retry_ms) : Json(nullptr)},
                       {"comments", log.sse.comments},
                       {"discarded", log.sse.discarded},
                       {"error", log.sse.error ? Json(log.sse.error.message) : Json(nullptr)}};
  }
  root["warnings"] = log.warnings;
  Json events = Json::array();
  for (const ExchangeEvent& e : log.events) events.push_back(Json{{"at", e.at}, {"text", e.text}});
  root["events"] = std::move(events);
  return dump(root, -1);
}

std::string socket_log_to_json(const SocketLog& log) {
  Json root = Json::object();
  root["protocol"] = log.endpoint.protocol == Protocol::udp ? "udp" : "tcp";
  root["host"] = log.endpoint.host;
  root["port"] = log.endpoint.port;
  root["state"] = std::string(to_string(log.state));
  root["remote_address"] = log.remote_address;
  root["bytes_sent"] = log.bytes_sent;
  root["bytes_received"] = log.bytes_received;
  root["datagrams_received"] = log.datagrams_received;
  root["connect_seconds"] = log.connect_seconds;
  root["steps_done"] = log.steps_done;
  root["steps_queued"] = log.steps_queued;
  root["peer_finished"] = log.peer_finished;
  root["write_shut"] = log.write_shut;
  root["held"] = log.held;  // made by Create, not connected yet
  Json timeline = Json::array();
  for (const StepRecord& r : log.steps) {
    Json entry = {{"kind", std::string(to_string(r.kind))}, {"label", r.label}, {"started", r.started}, {"ended", r.ended}, {"ok", r.ok}};
    if (!r.error.empty()) entry["error"] = r.error;
    timeline.push_back(std::move(entry));
  }
  root["timeline"] = std::move(timeline);
  if (log.error) {
    root["error"] = Json{{"code", std::string(to_string(log.error.code))}, {"message", log.error.message}};
  } else {
    root["error"] = nullptr;
  }
  Json transcript = Json::array();
  static const char* kinds[] = {"step", "sent", "received", "event", "error"};
  for (const TranscriptEntry& e : log.transcript) {
    Json entry = {{"kind", kinds[static_cast<int>(e.kind)]}, {"at", e.at}};
    if (e.kind == TranscriptEntry::Kind::sent || e.kind == TranscriptEntry::Kind::received) {
      entry["bytes"] = e.bytes;
      entry["bytes_escaped"] = escape_payload(e.bytes);
    } else {
      entry["text"] = e.text;
    }
    transcript.push_back(std::move(entry));
  }
  root["transcript"] = std::move(transcript);
  return dump(root, -1);
}

}  // namespace wirepad
