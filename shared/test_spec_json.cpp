// wirepad core: test_spec_json.h and test_spec.h's conditions. Strict: a key this version does
// not know is an error naming it, so a typo ("asserts") never turns into a test that checks
// nothing. Never throws: every type is checked before get().
#include "test_spec_json.h"

#include <initializer_list>
#include "environment.h"
#include "json_input.h"

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

Error spec_error(const std::string& message) { return make_error(ErrorCode::invalid_experiment, message); }

Error only_keys(const Json& object, const std::string& path, std::initializer_list<const char*> keys) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    std::string list;
    for (const char* k : keys) {
      if (it.key() == k) known = true;
      list += (list.empty() ? "" : ", ") + std::string(k);
    }
    if (!known) return spec_error(path + "." + it.key() + " is not a key here (it takes " + list + ")");
  }
  return {};
}

Error read_string(const Json& object, const char* key, const std::string& path, std::string& out, bool required) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) return spec_error(path + " needs \"" + key + "\"");
    return {};
  }
  if (!it->is_string()) return spec_error(path + "." + key + " must be a string, not " + std::string(it->type_name()));
  out = it->get<std::string>();
  return {};
}

Error read_bool(const Json& object, const char* key, const std::string& path, bool& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_boolean()) return spec_error(path + "." + key + " must be true or false, not " + std::string(it->type_name()));
  out = it->get<bool>();
  return {};
}

Error read_int(const Json& object, const char* key, const std::string& path, int low, int high, int& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_number_integer() || it->get<std::int64_t>() < low || it->get<std::int64_t>() > high)
    return spec_error(path + "." + key + " must be an integer from " + std::to_string(low) + " to " + std::to_string(high));
  out = int(it->get<std::int64_t>());
  return {};
}

// A conversation's message index: 1 the first, -1 the last (0, the default, is the last too).
constexpr int kMaxMessageIndex = 1000000;
Error read_message(const Json& object, const std::string& path, int& out) {
  auto it = object.find("message");
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_number_integer() || it->get<std::int64_t>() == 0 || it->get<std::int64_t>() < -kMaxMessageIndex ||
      it->get<std::int64_t>() > kMaxMessageIndex)
    return spec_error(path + ".message must be a message's number: 1 the first received, 2 the second, ..., -1 the "
                             "last, -2 the one before (not 0; at most " + std::to_string(kMaxMessageIndex) + ")");
  out = int(it->get<std::int64_t>());
  return {};
}

// In AssertSubject's order.
const char* const kSubjectNames[] = {"status",   "header",    "body",  "body_size",   "json",     "json_count",
                                     "duration", "redirects", "xpath", "xpath_count", "cert_days", "messages"};
const char* const kOpNames[] = {"==",          "!=",      "<",           "<=",        ">",    ">=",
                                "exists",      "not_exists", "contains", "not_contains", "matches", "not_matches",
                                "starts_with", "ends_with", "type",     "in_range",   "class"};
const AssertOp kOpValues[] = {AssertOp::eq,          AssertOp::ne,         AssertOp::lt,       AssertOp::le,
                              AssertOp::gt,          AssertOp::ge,         AssertOp::exists,   AssertOp::not_exists,
                              AssertOp::contains,    AssertOp::not_contains, AssertOp::matches, AssertOp::not_matches,
                              AssertOp::starts_with, AssertOp::ends_with,  AssertOp::type,     AssertOp::in_range,
                              AssertOp::status_class};

template <class Fn>
Error read_list(const Json& object, const char* key, const std::string& path, Fn&& fn) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_array()) return spec_error(path + "." + key + " must be a list, not " + std::string(it->type_name()));
  for (std::size_t i = 0; i < it->size(); ++i) {
    const std::string at = path + "." + key + "[" + std::to_string(i) + "]";
    if (!(*it)[i].is_object()) return spec_error(at + " must be an object, not " + std::string((*it)[i].type_name()));
    if (Error e = fn((*it)[i], at)) return e;
  }
  return {};
}

}  // namespace

Error parse_assertion(const Json& j, const std::string& path, Assertion& a) {
  if (Error e = only_keys(j, path, {"subject", "name", "path", "op", "value", "label", "enabled", "message"})) return e;
  std::string subject, op;
  if (Error e = read_string(j, "subject", path, subject, true)) return e;
  bool found = false;
  for (std::size_t i = 0; i < std::size(kSubjectNames); ++i)
    if (subject == kSubjectNames[i]) a.subject = AssertSubject(i), found = true;
  if (!found)
    return spec_error(path + ".subject \"" + subject +
                      "\" is not one this version checks (status, header, body, body_size, json, json_count, duration, "
                      "redirects, xpath, xpath_count, cert_days, messages)");
  if (Error e = read_string(j, "op", path, op, true)) return e;
  found = false;
  for (std::size_t i = 0; i < std::size(kOpNames); ++i)
    if (op == kOpNames[i]) a.op = kOpValues[i], found = true;
  if (!found) return spec_error(path + ".op \"" + op + "\" is not an operator (==, !=, <, <=, >, >=, exists, not_exists, contains, not_contains, matches, not_matches, starts_with, ends_with, type, in_range, class)");
  if (a.subject == AssertSubject::header) {
    if (Error e = read_string(j, "name", path, a.selector, true)) return e;
    if (j.contains("path")) return spec_error(path + ".path is for json and xpath assertions; a header assertion has \"name\"");
  } else if (a.subject == AssertSubject::json || a.subject == AssertSubject::json_count || a.subject == AssertSubject::xpath ||
             a.subject == AssertSubject::xpath_count) {
    if (Error e = read_string(j, "path", path, a.selector, true)) return e;
    if (j.contains("name")) return spec_error(path + ".name is for header assertions; a " + subject + " assertion has \"path\"");
  } else if (j.contains("name") || j.contains("path")) {
    return spec_error(path + ": " + subject + " takes no \"name\" or \"path\"");
  }
  auto value = j.find("value");
  if (value != j.end()) a.expected = value->dump(-1, ' ', false, Json::error_handler_t::replace);
  if (Error e = read_string(j, "label", path, a.label, false)) return e;
  if (Error e = read_bool(j, "enabled", path, a.enabled)) return e;
  if (Error e = read_message(j, path, a.message)) return e;
  if (Error e = validate_assertion(a)) return spec_error(path + " (" + describe(a) + ") " + e.message);
  return {};
}

Json assertion_json(const Assertion& a) {
  Json j = Json::object();
  j["subject"] = std::string(to_string(a.subject));
  if (a.subject == AssertSubject::header) j["name"] = a.selector;
  if (a.subject == AssertSubject::json || a.subject == AssertSubject::json_count || a.subject == AssertSubject::xpath ||
      a.subject == AssertSubject::xpath_count)
    j["path"] = a.selector;
  j["op"] = std::string(to_string(a.op));
  if (!a.expected.empty()) {
    Json v = json_input::parse_whole<Json>(a.expected);
    j["value"] = v.is_discarded() ? Json(a.expected) : v;
  }
  if (!a.label.empty()) j["label"] = a.label;
  if (!a.enabled) j["enabled"] = false;
  if (a.message != 0) j["message"] = a.message;
  return j;
}

namespace {

Error parse_capture(const Json& j, const std::string& path, Capture& c) {
  if (Error e = only_keys(j, path, {"variable", "from", "path", "name", "regex", "group", "secret", "message"})) return e;
  if (Error e = read_string(j, "variable", path, c.variable, true)) return e;
  std::string from;
  if (Error e = read_string(j, "from", path, from, true)) return e;
  const char* key = nullptr;
  if (from == "json") c.from = CaptureSource::json, key = "path";
  else if (from == "header") c.from = CaptureSource::header, key = "name";
  else if (from == "cookie") c.from = CaptureSource::cookie, key = "name";
  else if (from == "regex") c.from = CaptureSource::regex, key = "regex";
  else if (from == "status") c.from = CaptureSource::status;
  else if (from == "xpath") c.from = CaptureSource::xpath, key = "path";
  else return spec_error(path + ".from \"" + from + "\" is not a source (json, header, cookie, regex, status, xpath)");
  for (const char* k : {"path", "name", "regex"})
    if (j.contains(k) && (!key || std::string(k) != key))
      return spec_error(path + "." + k + " does not go with from \"" + from + "\"" + (key ? std::string(" (it takes \"") + key + "\")" : std::string()));
  if (key)
    if (Error e = read_string(j, key, path, c.selector, true)) return e;
  if (j.contains("group") && c.from != CaptureSource::regex) return spec_error(path + ".group is for regex captures");
  if (Error e = read_int(j, "group", path, 0, 99, c.group)) return e;
  if (Error e = read_bool(j, "secret", path, c.secret)) return e;
  if (Error e = read_message(j, path, c.message)) return e;
  if (Error e = validate_capture(c)) return spec_error(path + " (" + describe(c) + "): " + e.message);
  return {};
}

Json capture_json(const Capture& c) {
  Json j = Json::object();
  j["variable"] = c.variable;
  j["from"] = std::string(to_string(c.from));
  if (c.from == CaptureSource::json || c.from == CaptureSource::xpath) j["path"] = c.selector;
  if (c.from == CaptureSource::header || c.from == CaptureSource::cookie) j["name"] = c.selector;
  if (c.from == CaptureSource::regex) {
    j["regex"] = c.selector;
    if (c.group != 1) j["group"] = c.group;
  }
  if (c.secret) j["secret"] = true;
  if (c.message != 0) j["message"] = c.message;
  return j;
}

Error parse_condition(const Json& j, const std::string& path, VariableCondition& c) {
  if (Error e = only_keys(j, path, {"variable", "op", "value"})) return e;
  if (Error e = read_string(j, "variable", path, c.variable, true)) return e;
  if (!is_variable_name(c.variable)) return spec_error(path + ".variable \"" + c.variable + "\" is not a variable name");
  std::string op;
  if (Error e = read_string(j, "op", path, op, true)) return e;
  if (op == "exists") c.op = AssertOp::exists;
  else if (op == "not_exists") c.op = AssertOp::not_exists;
  else if (op == "==") c.op = AssertOp::eq;
  else if (op == "!=") c.op = AssertOp::ne;
  else return spec_error(path + ".op \"" + op + "\": a condition takes exists, not_exists, == or !=");
  const bool wants_value = c.op == AssertOp::eq || c.op == AssertOp::ne;
  if (wants_value) {
    if (Error e = read_string(j, "value", path, c.value, true)) return e;
  } else if (j.contains("value")) {
    return spec_error(path + ".value: " + op + " takes no value");
  }
  return {};
}

}  // namespace

Error parse_test_spec(const Json& j, const std::string& path, TestSpec& spec) {
  if (!j.is_object()) return spec_error(path + " must be an object, not " + std::string(j.type_name()));
  if (Error e = only_keys(j, path, {"skip", "skip_if", "repeat_until", "assert", "capture"})) return e;
  if (Error e = read_bool(j, "skip", path, spec.skip)) return e;
  if (Error e = read_list(j, "skip_if", path, [&](const Json& item, const std::string& at) {
        VariableCondition c;
        if (Error e = parse_condition(item, at, c)) return e;
        spec.skip_if.push_back(std::move(c));
        return Error();
      }))
    return e;
  auto repeat = j.find("repeat_until");
  if (repeat != j.end() && !repeat->is_null()) {
    const std::string at = path + ".repeat_until";
    if (!repeat->is_object()) return spec_error(at + " must be an object");
    if (Error e = only_keys(*repeat, at, {"assert", "max_attempts", "delay_ms"})) return e;
    RepeatUntil r;
    if (Error e = read_list(*repeat, "assert", at, [&](const Json& item, const std::string& where) {
          Assertion a;
          if (Error e = parse_assertion(item, where, a)) return e;
          r.until.push_back(std::move(a));
          return Error();
        }))
      return e;
    if (r.until.empty()) return spec_error(at + ".assert must list what to wait for");
    if (Error e = read_int(*repeat, "max_attempts", at, 1, 1000, r.max_attempts)) return e;
    if (Error e = read_int(*repeat, "delay_ms", at, 0, 600000, r.delay_ms)) return e;
    spec.repeat = std::move(r);
  }
  if (Error e = read_list(j, "assert", path, [&](const Json& item, const std::string& at) {
        Assertion a;
        if (Error e = parse_assertion(item, at, a)) return e;
        spec.assertions.push_back(std::move(a));
        return Error();
      }))
    return e;
  return read_list(j, "capture", path, [&](const Json& item, const std::string& at) {
    Capture c;
    if (Error e = parse_capture(item, at, c)) return e;
    spec.captures.push_back(std::move(c));
    return Error();
  });
}

Json test_spec_json(const TestSpec& spec) {
  Json j = Json::object();
  if (spec.skip) j["skip"] = true;
  if (!spec.skip_if.empty()) {
    Json list = Json::array();
    for (const VariableCondition& c : spec.skip_if) {
      Json item = Json::object();
      item["variable"] = c.variable;
      item["op"] = std::string(to_string(c.op));
      if (c.op == AssertOp::eq || c.op == AssertOp::ne) item["value"] = c.value;
      list.push_back(std::move(item));
    }
    j["skip_if"] = std::move(list);
  }
  if (spec.repeat) {
    Json r = Json::object();
    Json until = Json::array();
    for (const Assertion& a : spec.repeat->until) until.push_back(assertion_json(a));
    r["assert"] = std::move(until);
    r["max_attempts"] = spec.repeat->max_attempts;
    r["delay_ms"] = spec.repeat->delay_ms;
    j["repeat_until"] = std::move(r);
  }
  if (!spec.assertions.empty()) {
    Json list = Json::array();
    for (const Assertion& a : spec.assertions) list.push_back(assertion_json(a));
    j["assert"] = std::move(list);
  }
  if (!spec.captures.empty()) {
    Json list = Json::array();
    for (const Capture& c : spec.captures) list.push_back(capture_json(c));
    j["capture"] = std::move(list);
  }
  return j;
}

namespace {

Error assertion_fits(const Assertion& a, bool conversation, const std::string& at) {
  const std::string subject(to_string(a.subject));
  if (conversation && !subject_fits_conversation(a.subject))
    return spec_error(at + ": a socket or WebSocket conversation has no " + subject +
                      " to check (its assertions look at the messages it received: body, body_size, json, json_count, "
                      "xpath, xpath_count, duration, messages)");
  if (!conversation && !subject_fits_response(a.subject))
    return spec_error(at + ": messages counts what a socket or WebSocket conversation received; an HTTP experiment has none");
  if (!conversation && a.message != 0)
    return spec_error(at + ".message picks a socket or WebSocket conversation's message; an HTTP experiment has one response");
  return {};
}

}  // namespace

Error check_test_fits(const TestSpec& spec, bool conversation, const std::string& path) {
  for (std::size_t i = 0; i < spec.assertions.size(); ++i)
    if (Error e = assertion_fits(spec.assertions[i], conversation, path + ".assert[" + std::to_string(i) + "]")) return e;
  if (spec.repeat) {
    if (conversation)
      return spec_error(path + ".repeat_until sends an HTTP request again; a socket or WebSocket conversation is not repeated");
    for (std::size_t i = 0; i < spec.repeat->until.size(); ++i)
      if (Error e = assertion_fits(spec.repeat->until[i], conversation, path + ".repeat_until.assert[" + std::to_string(i) + "]"))
        return e;
  }
  for (std::size_t i = 0; i < spec.captures.size(); ++i) {
    const Capture& c = spec.captures[i];
    const std::string at = path + ".capture[" + std::to_string(i) + "]";
    const bool response_only = c.from == CaptureSource::header || c.from == CaptureSource::cookie || c.from == CaptureSource::status;
    if (conversation && response_only)
      return spec_error(at + ": a socket or WebSocket conversation has no " + std::string(to_string(c.from)) +
                        " to capture (it captures from a received message: json, regex, xpath)");
    if (!conversation && c.message != 0)
      return spec_error(at + ".message picks a socket or WebSocket conversation's message; an HTTP experiment has one response");
  }
  return {};
}

bool holds(const VariableCondition& c, const Environment& variables) {
  const Variable* v = variables.find(c.variable);
  switch (c.op) {
    case AssertOp::exists: return v != nullptr;
    case AssertOp::not_exists: return v == nullptr;
    case AssertOp::eq: return v && v->value == c.value;
    case AssertOp::ne: return !v || v->value != c.value;
    default: return false;
  }
}

std::string describe(const VariableCondition& c) {
  std::string out = "{{" + c.variable + "}} " + std::string(to_string(c.op));
  if (c.op == AssertOp::eq || c.op == AssertOp::ne) out += " \"" + c.value + "\"";
  return out;
}

}  // namespace wirepad
