// wirepad core: capture.h.
#include "capture.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "jsonpath.h"
#include "environment.h"
#include "json_input.h"
#include "regex.h"
#include "xpath.h"

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

Error capture_error(const std::string& message) { return make_error(ErrorCode::invalid_experiment, message); }

// The value of cookie `name` in the response's Set-Cookie fields (RFC 6265 §5.2: name=value up
// to the first ';', both trimmed); the last one wins, as in a cookie store.
std::optional<std::string> set_cookie_value(const FieldList& headers, const std::string& name) {
  std::optional<std::string> found;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    FieldView f = headers[i];
    if (!iequals(f.name, "Set-Cookie")) continue;
    std::string_view pair = f.value.substr(0, f.value.find(';'));
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
      return s;
    };
    if (trim(pair.substr(0, eq)) == name) found = std::string(trim(pair.substr(eq + 1)));
  }
  return found;
}

}  // namespace

std::string_view to_string(CaptureSource source) {
  switch (source) {
    case CaptureSource::json: return "json";
    case CaptureSource::header: return "header";
    case CaptureSource::cookie: return "cookie";
    case CaptureSource::regex: return "regex";
    case CaptureSource::status: return "status";
    case CaptureSource::xpath: return "xpath";
  }
  return "?";
}

std::string describe(const Capture& c) {
  std::string out = c.variable + " from " + std::string(to_string(c.from));
  if (!c.selector.empty()) out += " " + c.selector;
  if (c.from == CaptureSource::regex && c.group != 1) out += " group " + std::to_string(c.group);
  if (c.message != 0) out += " of " + describe_message(c.message);
  return out;
}

Error validate_capture(const Capture& c) {
  if (!is_variable_name(c.variable))
    return capture_error("variable \"" + c.variable + "\" is not a variable name (letters, digits, '_', '-', '.')");
  switch (c.from) {
    case CaptureSource::json: {
      if (c.selector.empty()) return capture_error("a json capture needs \"path\": a JSONPath such as $.token");
      Result<jsonpath::Query> q = jsonpath::parse(c.selector);
      if (!q) return capture_error("path: " + q.error().message);
      return {};
    }
    case CaptureSource::header:
    case CaptureSource::cookie:
      if (c.selector.empty()) return capture_error("a " + std::string(to_string(c.from)) + " capture needs \"name\"");
      return {};
    case CaptureSource::regex: {
      if (c.selector.empty()) return capture_error("a regex capture needs \"regex\": a pattern with a group");
      Result<Regex> re = Regex::compile(c.selector);
      if (!re) return capture_error("regex " + re.error().message);
      if (c.group < 0 || std::size_t(c.group) > re->group_count())
        return capture_error("group " + std::to_string(c.group) + " does not exist: /" + c.selector + "/ has " +
                             std::to_string(re->group_count()) + " group(s)");
      return {};
    }
    case CaptureSource::status: return {};
    case CaptureSource::xpath: {
      if (c.selector.empty()) return capture_error("an xpath capture needs \"path\": an XPath expression such as string(//title)");
      if (Error e = xpath::check(c.selector)) return capture_error("path: " + e.message);
      return {};
    }
  }
  return {};
}

void set_variable(Environment& environment, const std::string& name, const std::string& value, bool secret) {
  for (Variable& v : environment.variables) {
    if (v.name == name) {
      v.value = value;
      v.secret = secret;
      return;
    }
  }
  environment.variables.push_back(Variable{name, value, secret});
}

std::vector<CaptureResult> evaluate_captures(const std::vector<Capture>& captures, const RecordedExchange& exchange,
                                             Environment* into) {
  std::vector<CaptureResult> out;
  const ExchangeLog* log = exchange.final;
  // What a capture reads: the final response's body, or a conversation's message (its own
  // index each), parsed as JSON and as XML/HTML at most once per text.
  std::optional<Json> body_json;
  std::string json_error;
  bool parsed = false;
  std::optional<Result<xpath::Document>> markup;
  std::optional<std::size_t> read_message;  // which message the parses above are of
  std::string_view body;
  std::string body_name = "the body", content_type;
  if (!exchange.conversation && log && log->has_response_head) {
    body = log->display_body();
    content_type = combined_field_value(log->response.headers, "Content-Type");
  }
  for (const Capture& c : captures) {
    CaptureResult r;
    r.variable = c.variable;
    r.secret = c.secret;
    auto fail = [&](const std::string& why) {
      r.ok = false;
      r.message = "capture " + describe(c) + ": " + why;
    };
    if (exchange.conversation) {
      std::optional<std::size_t> index = message_index(c.message, exchange.received.size());
      const bool response_only = c.from == CaptureSource::header || c.from == CaptureSource::cookie || c.from == CaptureSource::status;
      if (response_only || !index) {
        const std::size_t n = exchange.received.size();
        fail(response_only ? "a socket or WebSocket conversation has no " + std::string(to_string(c.from)) + " to capture"
                           : "there is no " + describe_message(c.message) + ": " +
                                 (n == 0 ? std::string("nothing was received")
                                         : std::to_string(n) + (n == 1 ? " message was" : " messages were") + " received"));
        out.push_back(std::move(r));
        continue;
      }
      if (read_message != index) {
        read_message = index;
        body = exchange.received[*index];
        body_name = describe_message(c.message);
        parsed = false;
        body_json.reset();
        json_error.clear();
        markup.reset();
      }
    } else if (!log || !log->has_response_head) {
      fail("there is no response" + (log && log->error ? ": " + log->error.message : std::string()));
      out.push_back(std::move(r));
      continue;
    }
    switch (c.from) {
      case CaptureSource::status:
        r.ok = true;
        r.value = std::to_string(log->response.status);
        break;
      case CaptureSource::header:
        if (!find_header(log->response.headers, c.selector)) fail("the response has no " + c.selector + " header");
        else {
          r.ok = true;
          r.value = combined_field_value(log->response.headers, c.selector);
        }
        break;
      case CaptureSource::cookie:
        if (std::optional<std::string> v = set_cookie_value(log->response.headers, c.selector)) {
          r.ok = true;
          r.value = *v;
        } else {
          fail("the response sets no cookie named " + c.selector);
        }
        break;
      case CaptureSource::regex: {
        Result<Regex> re = Regex::compile(c.selector);
        if (!re) {
          fail(re.error().message);
          break;
        }
        // The whole body: PCRE2 bounds its backtracking (shared/regex.h), an error past it.
        Result<std::optional<RegexMatch>> m = re->search(body);
        if (!m) fail(m.error().message);
        else if (!m->has_value()) fail("/" + c.selector + "/ matched nothing in " + body_name);
        else if (std::size_t(c.group) >= (*m)->groups.size() || !(*m)->groups[std::size_t(c.group)])
          fail("group " + std::to_string(c.group) + " took no part in the match");
        else {
          r.ok = true;
          r.value = std::string((*m)->group(body, std::size_t(c.group)));
        }
        break;
      }
      case CaptureSource::json: {
        if (!parsed) {
          parsed = true;
          std::string_view text = body;
          if (Error deep = json_input::check_depth(text, body_name)) {  // as assertion.cpp: not trusted
            json_error = deep.message;
          } else if (Error nul = json_input::check_no_nul(text, body_name)) {
            json_error = nul.message;
          } else {
            Json j = json_input::parse_whole<Json>(text);
            if (j.is_discarded()) json_error = body_name + (text.empty() ? " is empty, not JSON" : " is not JSON");
            else body_json = std::move(j);
          }
        }
        if (!body_json) {
          fail(json_error);
          break;
        }
        Result<jsonpath::Query> q = jsonpath::parse(c.selector);
        if (!q) {
          fail(q.error().message);
          break;
        }
        std::vector<jsonpath::Node> nodes = q->select(*body_json);
        if (nodes.empty()) fail(c.selector + " selected nothing in " + body_name);
        else if (nodes.size() > 1) fail(c.selector + " selected " + std::to_string(nodes.size()) + " nodes; a capture takes one");
        else {
          r.ok = true;
          const Json& v = *nodes[0].value;
          r.value = v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, Json::error_handler_t::replace);
        }
        break;
      }
      case CaptureSource::xpath: {
        if (!markup) markup = xpath::Document::parse(body, content_type);
        if (!*markup) {
          fail(markup->error().message);
          break;
        }
        Result<xpath::Value> v = (*markup)->evaluate(c.selector);
        if (!v) fail(v.error().message);
        else if (v->kind != xpath::Value::Kind::nodes) r.ok = true, r.value = xpath::to_text(*v);
        else if (v->nodes.empty())
          fail(c.selector + " selected nothing in " + body_name + ((*markup)->note().empty() ? "" : " (" + (*markup)->note() + ")"));
        else if (v->nodes.size() > 1)
          fail(c.selector + " selected " + std::to_string(v->nodes.size()) + " nodes; a capture takes one (or string(...) of the first)");
        else r.ok = true, r.value = v->nodes[0];
        break;
      }
    }
    if (r.ok && into) set_variable(*into, c.variable, r.value, c.secret);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace wirepad
