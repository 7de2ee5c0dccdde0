// wirepad core: assertion.h. [SECTION] index: names; validation; the facts of a response (the
// body parsed as JSON once, as XML/HTML once); expected values ({{variables}}); certificate
// dates; XPath values; evaluation per subject.
#include "assertion.h"

#include <cmath>
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

// [SECTION] names ------------------------------------------------------------------------

struct SubjectName {
  AssertSubject subject;
  const char* name;
};
constexpr SubjectName kSubjects[] = {
    {AssertSubject::status, "status"},       {AssertSubject::header, "header"},
    {AssertSubject::body, "body"},           {AssertSubject::body_size, "body_size"},
    {AssertSubject::json, "json"},           {AssertSubject::json_count, "json_count"},
    {AssertSubject::duration, "duration"},   {AssertSubject::redirects, "redirects"},
    {AssertSubject::xpath, "xpath"},         {AssertSubject::xpath_count, "xpath_count"},
    {AssertSubject::cert_days, "cert_days"},     {AssertSubject::messages, "messages"},
};

struct OpName {
  AssertOp op;
  const char* name;
};
constexpr OpName kOps[] = {
    {AssertOp::eq, "=="},           {AssertOp::ne, "!="},
    {AssertOp::lt, "<"},            {AssertOp::le, "<="},
    {AssertOp::gt, ">"},            {AssertOp::ge, ">="},
    {AssertOp::exists, "exists"},   {AssertOp::not_exists, "not_exists"},
    {AssertOp::contains, "contains"}, {AssertOp::not_contains, "not_contains"},
    {AssertOp::matches, "matches"}, {AssertOp::not_matches, "not_matches"},
    {AssertOp::starts_with, "starts_with"}, {AssertOp::ends_with, "ends_with"},
    {AssertOp::type, "type"},       {AssertOp::in_range, "in_range"},
    {AssertOp::status_class, "class"},
};

using Ops = std::vector<AssertOp>;
const Ops kNumberOps = {AssertOp::eq, AssertOp::ne, AssertOp::lt, AssertOp::le, AssertOp::gt, AssertOp::ge, AssertOp::in_range};
const Ops kTextOps = {AssertOp::eq,      AssertOp::ne,          AssertOp::contains,    AssertOp::not_contains,
                      AssertOp::matches, AssertOp::not_matches, AssertOp::starts_with, AssertOp::ends_with};

Ops ops_for(AssertSubject s) {
  switch (s) {
    case AssertSubject::status: {
      Ops ops = kNumberOps;
      ops.push_back(AssertOp::status_class);
      return ops;
    }
    case AssertSubject::header: {
      Ops ops = kTextOps;
      ops.insert(ops.begin(), {AssertOp::exists, AssertOp::not_exists});
      return ops;
    }
    case AssertSubject::body: return kTextOps;
    case AssertSubject::json: {
      Ops ops = {AssertOp::eq, AssertOp::ne, AssertOp::lt, AssertOp::le, AssertOp::gt, AssertOp::ge, AssertOp::exists,
                 AssertOp::not_exists, AssertOp::contains, AssertOp::not_contains, AssertOp::matches, AssertOp::not_matches,
                 AssertOp::starts_with, AssertOp::ends_with, AssertOp::type, AssertOp::in_range};
      return ops;
    }
    case AssertSubject::xpath: {
      // As json, without type: an XPath value is a node's text, a string, a number or a boolean.
      Ops ops = {AssertOp::eq, AssertOp::ne, AssertOp::lt, AssertOp::le, AssertOp::gt, AssertOp::ge, AssertOp::in_range,
                 AssertOp::exists, AssertOp::not_exists, AssertOp::contains, AssertOp::not_contains, AssertOp::matches,
                 AssertOp::not_matches, AssertOp::starts_with, AssertOp::ends_with};
      return ops;
    }
    default: return kNumberOps;
  }
}

bool numeric_subject(AssertSubject s) {
  return s == AssertSubject::status || s == AssertSubject::body_size || s == AssertSubject::json_count ||
         s == AssertSubject::duration || s == AssertSubject::redirects || s == AssertSubject::xpath_count ||
         s == AssertSubject::cert_days || s == AssertSubject::messages;
}

bool is_comparison(AssertOp op) {
  return op == AssertOp::eq || op == AssertOp::ne || op == AssertOp::lt || op == AssertOp::le || op == AssertOp::gt ||
         op == AssertOp::ge;
}
bool is_text_op(AssertOp op) {
  return op == AssertOp::contains || op == AssertOp::not_contains || op == AssertOp::matches ||
         op == AssertOp::not_matches || op == AssertOp::starts_with || op == AssertOp::ends_with;
}
bool is_regex_op(AssertOp op) { return op == AssertOp::matches || op == AssertOp::not_matches; }

const char* const kTypes[] = {"string", "number", "integer", "boolean", "null", "array", "object"};

Error assertion_error(const std::string& message) { return make_error(ErrorCode::invalid_experiment, message); }

bool has_reference(std::string_view text) { return !referenced_variables(text).empty(); }

// Long values are cut in messages and reports: a 2 MB body is not an "actual" anyone reads.
std::string clip(std::string text, std::size_t limit = 200) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string show(const Json& j) { return clip(j.dump(-1, ' ', false, Json::error_handler_t::replace)); }
std::string quoted(const std::string& s) { return show(Json(s)); }

std::string number_text(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

// A regex from the file: ECMAScript syntax (shared/regex.h), searched anywhere (as the socket
// lab's expect_regex).
std::optional<Regex> compile_regex(const std::string& pattern, std::string* why) {
  Result<Regex> re = Regex::compile(pattern);
  if (re) return std::move(re.value());
  if (why) *why = re.error().message;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AssertSubject subject) {
  for (const auto& s : kSubjects)
    if (s.subject == subject) return s.name;
  return "?";
}
std::string_view to_string(AssertOp op) {
  for (const auto& o : kOps)
    if (o.op == op) return o.name;
  return "?";
}

std::string describe(const Assertion& a) {
  if (!a.label.empty()) return a.label;
  std::string out(to_string(a.subject));
  if (!a.selector.empty()) out += " " + a.selector;
  out += " ";
  out += to_string(a.op);
  if (!a.expected.empty()) out += " " + a.expected;
  if (a.message != 0) out += " in " + describe_message(a.message);
  return out;
}

bool subject_fits_conversation(AssertSubject s) {
  return s != AssertSubject::status && s != AssertSubject::header && s != AssertSubject::redirects &&
         s != AssertSubject::cert_days;
}
bool subject_fits_response(AssertSubject s) { return s != AssertSubject::messages; }

std::string describe_message(int message) {
  if (message == 0 || message == -1) return "the last message";
  if (message > 0) return "message " + std::to_string(message);
  return "message " + std::to_string(-message) + " from the end";
}

std::optional<std::size_t> message_index(int message, std::size_t received) {
  if (message == 0) message = -1;
  const auto n = static_cast<long long>(received);
  const long long i = message > 0 ? message - 1LL : n + message;
  if (i < 0 || i >= n) return std::nullopt;
  return static_cast<std::size_t>(i);
}

RecordedExchange record_of_conversation(std::vector<std::string_view> received, double duration_ms) {
  RecordedExchange r;
  r.conversation = true;
  r.received = std::move(received);
  r.duration_ms = duration_ms;
  return r;
}

// [SECTION] validation -------------------------------------------------------------------

Error validate_assertion(const Assertion& a) {
  const std::string subject(to_string(a.subject));
  const Ops allowed = ops_for(a.subject);
  if (std::find(allowed.begin(), allowed.end(), a.op) == allowed.end()) {
    std::string list;
    for (AssertOp op : allowed) list += (list.empty() ? "" : ", ") + std::string(to_string(op));
    return assertion_error("has op \"" + std::string(to_string(a.op)) + "\", which " + subject + " does not take (it takes " +
                           list + ")");
  }
  if ((a.subject == AssertSubject::header) && a.selector.empty())
    return assertion_error("a header assertion needs \"name\": the header's name");
  if (a.subject == AssertSubject::json || a.subject == AssertSubject::json_count) {
    if (a.selector.empty()) return assertion_error("a " + subject + " assertion needs \"path\": a JSONPath such as $.id");
    if (!has_reference(a.selector)) {
      Result<jsonpath::Query> q = jsonpath::parse(a.selector);
      if (!q) return assertion_error("path: " + q.error().message);
    }
  }
  if (a.subject == AssertSubject::xpath || a.subject == AssertSubject::xpath_count) {
    if (a.selector.empty())
      return assertion_error("a " + subject + " assertion needs \"path\": an XPath expression such as //title or count(//p)");
    if (!has_reference(a.selector))
      if (Error e = xpath::check(a.selector)) return assertion_error("path: " + e.message);
  }
  const bool no_value = a.op == AssertOp::exists || a.op == AssertOp::not_exists;
  if (no_value) {
    if (!a.expected.empty()) return assertion_error("\"" + std::string(to_string(a.op)) + "\" takes no \"value\"");
    return {};
  }
  if (a.expected.empty()) return assertion_error("needs \"value\": what to compare with");
  Json v = json_input::parse_whole<Json>(a.expected);
  if (v.is_discarded()) return assertion_error("value is not JSON: " + a.expected);
  const bool templated = v.is_string() && has_reference(v.get<std::string>());
  if (a.op == AssertOp::in_range) {
    if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
      return assertion_error("in_range takes [low, high], two numbers (both included)");
    if (v[0] > v[1]) return assertion_error("in_range [" + show(v[0]) + ", " + show(v[1]) + "] is empty: low is above high");
    return {};
  }
  if (a.op == AssertOp::status_class) {
    const std::string c = v.is_string() ? v.get<std::string>() : "";
    if (c.size() != 3 || c[0] < '1' || c[0] > '5' || (c[1] != 'x' && c[1] != 'X') || (c[2] != 'x' && c[2] != 'X'))
      return assertion_error("class takes \"1xx\" to \"5xx\", not " + show(v));
    return {};
  }
  if (a.op == AssertOp::type) {
    for (const char* t : kTypes)
      if (v.is_string() && v.get<std::string>() == t) return {};
    return assertion_error("type takes one of \"string\", \"number\", \"integer\", \"boolean\", \"null\", \"array\", "
                           "\"object\", not " + show(v));
  }
  if (numeric_subject(a.subject)) {
    if (!v.is_number() && !templated)
      return assertion_error(subject + " is a number: value must be a number (or a \"{{variable}}\"), not " + show(v));
    return {};
  }
  if (a.subject == AssertSubject::header || a.subject == AssertSubject::body ||
      (a.subject == AssertSubject::json && is_text_op(a.op) && a.op != AssertOp::contains && a.op != AssertOp::not_contains) ||
      (a.subject == AssertSubject::xpath && is_text_op(a.op))) {
    if (!v.is_string()) return assertion_error(std::string(to_string(a.op)) + " on " + subject + " takes a string value, not " + show(v));
  }
  if (is_regex_op(a.op) && !templated) {
    std::string why;
    if (!compile_regex(v.get<std::string>(), &why))
      return assertion_error("value " + show(v) + ": " + why);
  }
  if ((a.subject == AssertSubject::json || a.subject == AssertSubject::xpath) &&
      (a.op == AssertOp::lt || a.op == AssertOp::le || a.op == AssertOp::gt || a.op == AssertOp::ge) && !v.is_number() &&
      !v.is_string())
    return assertion_error(std::string(to_string(a.op)) + " compares numbers or strings, not " + show(v));
  if (a.subject == AssertSubject::xpath && !v.is_string() && !v.is_number() && !v.is_boolean())
    return assertion_error("an XPath value is text, a number or a boolean: value must be one, not " + show(v));
  return {};
}

RecordedExchange record_of(const std::vector<ExchangeLog>& hops) {
  RecordedExchange r;
  if (hops.empty()) return r;
  r.final = &hops.back();
  r.redirects = int(hops.size()) - 1;
  double total = 0;
  bool known = true;
  for (const ExchangeLog& h : hops) {
    if (h.timings.total < 0) known = false;
    else total += h.timings.total;
  }
  r.duration_ms = known ? total * 1000 : -1;
  return r;
}

namespace {

// [SECTION] the facts of a response ------------------------------------------------------

// What the assertions of one exchange look at: the final response's body, or the one received
// message of a conversation an assertion names (`for_message` moves between them, parsing
// each message at most once in a row of assertions about it).
class Facts {
 public:
  explicit Facts(const RecordedExchange& e) : e_(e) {}
  const ExchangeLog* log() const { return e_.final; }
  bool conversation() const { return e_.conversation; }
  // Conversations: the message the next assertions look at (Assertion::message).
  void for_message(int message) {
    if (!e_.conversation || (message_ == message && chosen_)) return;
    chosen_ = true;
    message_ = message;
    index_ = message_index(message, e_.received.size());
    parsed_ = false;
    json_error_.clear();
    markup_.reset();
  }
  bool has_response() const {
    if (e_.conversation) return index_.has_value();
    return e_.final && e_.final->has_response_head;
  }
  std::string no_response() const {
    if (e_.conversation) {
      const std::size_t n = e_.received.size();
      return "there is no " + describe_message(message_) + ": " +
             (n == 0 ? std::string("nothing was received") : std::to_string(n) + (n == 1 ? " message was" : " messages were") + " received");
    }
    if (!e_.final) return "there is no exchange to look at";
    if (e_.final->error) return "there is no response: " + std::string(to_string(e_.final->error.code)) + ": " + e_.final->error.message;
    return "there is no response (the exchange did not get a status line)";
  }
  std::string_view body() const { return e_.conversation ? e_.received[*index_] : e_.final->display_body(); }
  // What body() is, in sentences: "the body", "message 2".
  std::string body_name() const { return e_.conversation ? describe_message(message_) : "the body"; }
  std::string content_type() const {
    return e_.conversation ? std::string() : combined_field_value(e_.final->response.headers, "Content-Type");
  }
  // The body as JSON, parsed once; null with `why` set when it is not JSON.
  const Json* json(std::string& why) {
    if (!parsed_) {
      parsed_ = true;
      std::string_view text = body();
      // A server's body is not trusted: nesting deeper than json_input's limit is refused
      // before parsing, so neither the parser nor a ".." descent runs out of stack.
      if (Error deep = json_input::check_depth(text, body_name())) {
        json_ = Json(Json::value_t::discarded);
        json_error_ = deep.message;
      } else if (Error nul = json_input::check_no_nul(text, body_name())) {
        json_ = Json(Json::value_t::discarded);
        json_error_ = nul.message;
      } else {
        json_ = json_input::parse_whole<Json>(text);
      }
      if (json_.is_discarded() && json_error_.empty()) {
        std::string type = content_type();
        json_error_ = text.empty()     ? body_name() + " is empty, not JSON"
                      : conversation() ? body_name() + " is not JSON (it starts " + quoted(std::string(text.substr(0, 60))) + ")"
                                       : "the body is not JSON (Content-Type: " + (type.empty() ? std::string("none") : type) +
                                             "; it starts " + quoted(std::string(text.substr(0, 60))) + ")";
      }
    }
    if (json_.is_discarded()) {
      why = json_error_;
      return nullptr;
    }
    return &json_;
  }
  // The body as XML (or HTML), parsed once; null with `why` set when it is neither.
  const xpath::Document* markup(std::string& why) {
    if (!markup_) markup_ = xpath::Document::parse(body(), content_type());
    if (!*markup_) {
      why = markup_->error().message;
      return nullptr;
    }
    return &markup_->value();
  }
  const RecordedExchange& exchange() const { return e_; }

 private:
  const RecordedExchange& e_;
  bool chosen_ = false;
  int message_ = 0;
  std::optional<std::size_t> index_;
  bool parsed_ = false;
  Json json_;
  std::string json_error_;
  std::optional<Result<xpath::Document>> markup_;
};

// [SECTION] expected values --------------------------------------------------------------

// The expected value with {{variables}} filled. A string that is one reference and nothing
// else becomes a number, true, false or null when its value reads as one, so a captured id
// compares with the number in the body; `as_text` then keeps the text, for when the body's
// value is a string (a query parameter echoed back: "86" against {{n}} = 86).
Result<Json> expected_value(const Assertion& a, const Environment* variables, std::optional<Json>* as_text = nullptr) {
  if (a.expected.empty()) return Json();
  Json v = json_input::parse_whole<Json>(a.expected);
  if (v.is_discarded()) return assertion_error("the expected value is not JSON: " + a.expected);
  if (!v.is_string()) return v;
  const std::string text = v.get<std::string>();
  std::vector<std::string> refs = referenced_variables(text);
  if (refs.empty()) return v;
  Result<std::string> filled = substitute(text, variables, "the expected value");
  if (!filled) return filled.error();
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.front() == ' ') trimmed.erase(trimmed.begin());
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.pop_back();
  const bool whole = refs.size() == 1 && trimmed.rfind("{{", 0) == 0 && trimmed.size() >= 4 &&
                     trimmed.compare(trimmed.size() - 2, 2, "}}") == 0 && trimmed.find("}}") == trimmed.size() - 2;
  if (whole && a.subject != AssertSubject::header && a.subject != AssertSubject::body) {
    Json scalar = json_input::parse_whole<Json>(filled.value());
    if (!scalar.is_discarded() && (scalar.is_number() || scalar.is_boolean() || scalar.is_null())) {
      if (as_text) *as_text = Json(filled.value());
      return scalar;
    }
  }
  return Json(filled.value());
}

std::string expected_text(const Assertion& a, const Json& v) {
  switch (a.op) {
    case AssertOp::exists: return "present";
    case AssertOp::not_exists: return "absent";
    case AssertOp::in_range: return "in " + show(v[0]) + ".." + show(v[1]);
    case AssertOp::status_class: return v.get<std::string>();
    case AssertOp::matches: return "matching /" + v.get<std::string>() + "/";
    case AssertOp::not_matches: return "not matching /" + v.get<std::string>() + "/";
    case AssertOp::type: return "of type " + v.get<std::string>();
    case AssertOp::eq: return show(v);
    default: return std::string(to_string(a.op)) + " " + show(v);
  }
}

// [SECTION] evaluation -------------------------------------------------------------------

bool compare_numbers(AssertOp op, double actual, const Json& v) {
  if (op == AssertOp::in_range) return actual >= v[0].get<double>() && actual <= v[1].get<double>();
  if (!v.is_number()) return op == AssertOp::ne;
  double e = v.get<double>();
  switch (op) {
    case AssertOp::eq: return actual == e;
    case AssertOp::ne: return actual != e;
    case AssertOp::lt: return actual < e;
    case AssertOp::le: return actual <= e;
    case AssertOp::gt: return actual > e;
    case AssertOp::ge: return actual >= e;
    default: return false;
  }
}

// A text operator; `why` says what went wrong beyond "it did not hold" (a bad regex).
bool compare_text(AssertOp op, std::string_view actual, const std::string& e, std::string& why) {
  switch (op) {
    case AssertOp::eq: return actual == e;
    case AssertOp::ne: return actual != e;
    case AssertOp::contains: return actual.find(e) != std::string_view::npos;
    case AssertOp::not_contains: return actual.find(e) == std::string_view::npos;
    case AssertOp::starts_with: return actual.substr(0, e.size()) == e;
    case AssertOp::ends_with: return actual.size() >= e.size() && actual.substr(actual.size() - e.size()) == e;
    case AssertOp::matches:
    case AssertOp::not_matches: {
      std::string error;
      std::optional<Regex> re = compile_regex(e, &error);
      if (!re) {
        why = error;
        return false;
      }
      // The whole subject: PCRE2 bounds its backtracking, so a body of any size is searched
      // (std::regex, before, overflowed the stack and looked at 256 KiB only). A pattern
      // that needs more than the bounds fails the assertion, saying why, for both operators.
      Result<std::optional<RegexMatch>> m = re->search(actual);
      if (!m) {
        why = m.error().message;
        return false;
      }
      bool found = m->has_value();
      return op == AssertOp::matches ? found : !found;
    }
    default: return false;
  }
}

std::string json_type(const Json& j) {
  if (j.is_string()) return "string";
  if (j.is_boolean()) return "boolean";
  if (j.is_null()) return "null";
  if (j.is_array()) return "array";
  if (j.is_object()) return "object";
  if (j.is_number_integer() || j.is_number_unsigned()) return "integer";
  if (j.is_number_float()) return std::floor(j.get<double>()) == j.get<double>() ? "integer" : "number";
  return "value";
}

bool compare_json(AssertOp op, const Json& actual, const Json& e, std::string& why) {
  switch (op) {
    case AssertOp::eq: return jsonpath::deep_equal(actual, e);
    case AssertOp::ne: return !jsonpath::deep_equal(actual, e);
    case AssertOp::lt:
    case AssertOp::le:
    case AssertOp::gt:
    case AssertOp::ge: {
      const bool numbers = actual.is_number() && e.is_number();
      const bool strings = actual.is_string() && e.is_string();
      if (!numbers && !strings) {
        why = "a " + json_type(actual) + " and a " + json_type(e) + " cannot be ordered (only two numbers or two strings)";
        return false;
      }
      bool less = actual < e, equal = jsonpath::deep_equal(actual, e);
      if (op == AssertOp::lt) return less;
      if (op == AssertOp::le) return less || equal;
      if (op == AssertOp::gt) return !less && !equal;
      return !less;
    }
    case AssertOp::contains:
    case AssertOp::not_contains: {
      bool found = false;
      if (actual.is_string() && e.is_string()) {
        found = actual.get_ref<const std::string&>().find(e.get_ref<const std::string&>()) != std::string::npos;
      } else if (actual.is_array()) {
        for (const Json& item : actual)
          if (jsonpath::deep_equal(item, e)) found = true;
      } else if (actual.is_object() && e.is_string()) {
        found = actual.contains(e.get<std::string>());
      } else {
        why = "contains looks in a string, an array or an object's keys, not a " + json_type(actual);
        return false;
      }
      return op == AssertOp::contains ? found : !found;
    }
    case AssertOp::matches:
    case AssertOp::not_matches:
    case AssertOp::starts_with:
    case AssertOp::ends_with:
      if (!actual.is_string()) {
        why = std::string(to_string(op)) + " needs a string, and this is a " + json_type(actual);
        return false;
      }
      return compare_text(op, actual.get_ref<const std::string&>(), e.get<std::string>(), why);
    case AssertOp::type: {
      const std::string t = e.get<std::string>();
      const std::string have = json_type(actual);
      return t == have || (t == "number" && actual.is_number());
    }
    case AssertOp::in_range:
      if (!actual.is_number()) {
        why = "in_range needs a number, and this is a " + json_type(actual);
        return false;
      }
      return compare_numbers(op, actual.get<double>(), e);
    default: return false;
  }
}

// [SECTION] certificate dates --------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = unsigned(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + std::int64_t(doe) - 719468;
}

// "2026-11-25 10:03:13 UTC" (CertificateInfo's form, native/tls_client.cpp and the relay's)
// -> milliseconds since 1970 UTC; nullopt when it is not that form.
std::optional<std::int64_t> certificate_time_ms(const std::string& t) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char zone[8] = {};
  if (std::sscanf(t.c_str(), "%4d-%2d-%2d %2d:%2d:%2d %7s", &y, &mo, &d, &h, &mi, &s, zone) != 7 ||
      std::string(zone) != "UTC" || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
      s > 60)
    return std::nullopt;
  const std::int64_t days = days_from_civil(y, unsigned(mo), unsigned(d));
  return ((days * 24 + h) * 60 + mi) * 60000 + std::int64_t(s) * 1000;
}

// Whole days from `from_ms` to `to_ms`, rounded down: 29.9 days left is 29, an hour past
// expiry is -1 (so an expired certificate is always negative).
std::int64_t whole_days(std::int64_t from_ms, std::int64_t to_ms) {
  const std::int64_t diff = to_ms - from_ms, day = 86'400'000;
  return diff >= 0 ? diff / day : -((-diff + day - 1) / day);
}

// [SECTION] XPath values ----------------------------------------------------------------------

// An XPath value compared with an expected JSON value the way XPath compares (§3.4): with a
// number, a node's text or a string is read as a number (number()); with a string, a number
// or a boolean is its text (string()); with a boolean, the value's boolean().
bool compare_xpath(AssertOp op, const xpath::Value& actual, const Json& e, std::string& why) {
  using Kind = xpath::Value::Kind;
  const std::string text = xpath::to_text(actual);
  if (is_text_op(op)) return compare_text(op, text, e.get<std::string>(), why);
  if (op == AssertOp::in_range || e.is_number()) {
    const double n = actual.kind == Kind::number    ? actual.number
                     : actual.kind == Kind::boolean ? (actual.boolean ? 1 : 0)
                                                    : xpath::to_number(text);
    if (std::isnan(n)) {
      why = quoted(text) + " is not a number";
      return op == AssertOp::ne;
    }
    return compare_numbers(op, n, e);
  }
  if (e.is_boolean()) {
    const bool b = actual.kind == Kind::boolean  ? actual.boolean
                   : actual.kind == Kind::number ? (actual.number != 0 && !std::isnan(actual.number))
                                                 : !text.empty();
    if (op == AssertOp::eq) return b == e.get<bool>();
    if (op == AssertOp::ne) return b != e.get<bool>();
    why = "a boolean cannot be ordered";
    return false;
  }
  // A string: compared as text (and ordered as json orders two strings).
  const std::string& want = e.get_ref<const std::string&>();
  switch (op) {
    case AssertOp::eq: return text == want;
    case AssertOp::ne: return text != want;
    case AssertOp::lt: return text < want;
    case AssertOp::le: return text <= want;
    case AssertOp::gt: return text > want;
    case AssertOp::ge: return text >= want;
    default: return false;
  }
}

// How a value shows in a report: a node's or a string's text quoted, a number, a boolean.
std::string show_xpath(const xpath::Value& v) {
  if (v.kind == xpath::Value::Kind::nodes || v.kind == xpath::Value::Kind::string) return quoted(xpath::to_text(v));
  return xpath::to_text(v);
}

std::string header_names(const ExchangeLog& log) {
  std::string out;
  for (std::size_t i = 0; i < log.response.headers.size() && i < 12; ++i)
    out += (out.empty() ? "" : ", ") + std::string(log.response.headers[i].name);
  return out.empty() ? "none" : out;
}

AssertionResult evaluate_one(const Assertion& a, Facts& facts, const Environment* variables) {
  AssertionResult r;
  r.description = describe(a);
  std::optional<Json> expected_as_text;
  Result<Json> expected = expected_value(a, variables, &expected_as_text);
  if (!expected) {
    r.expected = a.expected;
    r.actual = "(not evaluated)";
    r.message = expected.error().message;
    return r;
  }
  const Json& v = expected.value();
  r.expected = expected_text(a, v);
  const std::string what(to_string(a.subject));
  auto failed = [&](const std::string& actual, const std::string& why = {}) {
    r.actual = actual;
    r.passed = false;
    r.message = "expected " + (a.selector.empty() ? what : what + " " + a.selector) + " " + r.expected + ", but it is " +
                actual + (why.empty() ? "" : ": " + why);
    return r;
  };
  auto verdict = [&](bool ok, const std::string& actual, const std::string& why = {}) {
    if (!ok) return failed(actual, why);
    r.passed = true;
    r.actual = actual;
    return r;
  };

  if (facts.conversation() && !subject_fits_conversation(a.subject))
    return failed("(not a response)", "a socket or WebSocket conversation has no " + what + " (it has messages)");
  if (!facts.conversation() && !subject_fits_response(a.subject))
    return failed("(no messages)", "an HTTP exchange has no messages: messages counts a conversation's");
  if (a.subject == AssertSubject::messages) {
    double n = double(facts.exchange().received.size());
    return verdict(compare_numbers(a.op, n, v), number_text(n));
  }
  if (a.subject == AssertSubject::duration) {
    if (facts.exchange().duration_ms < 0) return failed("unknown", "the exchange did not finish, so it has no total time");
    double ms = facts.exchange().duration_ms;
    return verdict(compare_numbers(a.op, ms, v), number_text(ms) + " ms");
  }
  if (a.subject == AssertSubject::redirects) {
    double n = facts.exchange().redirects;
    return verdict(compare_numbers(a.op, n, v), number_text(n));
  }
  if (a.subject == AssertSubject::cert_days) {
    // The certificate is known once the handshake is done, with or without a response.
    const ExchangeLog* log = facts.log();
    if (!log) return failed("(no exchange)", "there is no exchange to look at");
    if (!log->tls)
      return failed("(no TLS)", "there was no TLS: " + (log->target_url.empty() ? std::string("the request") : log->target_url) +
                                    " is plain HTTP, so there is no certificate");
    if (log->tls->certificates.empty()) return failed("(no certificate)", "the TLS session recorded no server certificate");
    const std::string& not_after = log->tls->certificates[0].not_after;
    std::optional<std::int64_t> expires = certificate_time_ms(not_after);
    if (!expires) return failed("(unknown)", "the certificate's not-after \"" + not_after + "\" is not a date Wirepad reads");
    if (log->started_unix_ms <= 0)
      return failed("(unknown)", "the exchange's start time was not recorded, so the days to " + not_after + " are unknown");
    const std::int64_t days = whole_days(log->started_unix_ms, *expires);
    return verdict(compare_numbers(a.op, double(days), v),
                   std::to_string(days) + (days == 1 || days == -1 ? " day" : " days") + " (not after " + not_after + ")");
  }
  if (!facts.has_response()) {
    r.actual = facts.conversation() ? "(no such message)" : "(no response)";
    r.message = "cannot check " + describe(a) + ": " + facts.no_response();
    return r;
  }
  switch (a.subject) {
    case AssertSubject::status: {
      const ExchangeLog& log = *facts.log();
      const int status = log.response.status;
      std::string actual = std::to_string(status) + (log.response.reason.empty() ? "" : " " + log.response.reason);
      if (a.op == AssertOp::status_class) return verdict(status / 100 == v.get<std::string>()[0] - '0', actual);
      return verdict(compare_numbers(a.op, status, v), actual);
    }
    case AssertSubject::header: {
      const ExchangeLog& log = *facts.log();
      const bool present = find_header(log.response.headers, a.selector).has_value();
      if (a.op == AssertOp::exists)
        return verdict(present, present ? "present" : "absent", present ? "" : "the response's headers are " + header_names(log));
      if (a.op == AssertOp::not_exists) return verdict(!present, present ? "present" : "absent");
      if (!present) return failed("absent", "the response has no " + a.selector + " header (it has " + header_names(log) + ")");
      const std::string value = combined_field_value(log.response.headers, a.selector);
      std::string why;
      bool ok = compare_text(a.op, value, v.get<std::string>(), why);
      return verdict(ok, quoted(value), why);
    }
    case AssertSubject::body: {
      std::string why;
      bool ok = compare_text(a.op, facts.body(), v.get<std::string>(), why);
      return verdict(ok, quoted(std::string(facts.body().substr(0, 400))), why);
    }
    case AssertSubject::body_size: {
      double size = double(facts.body().size());
      return verdict(compare_numbers(a.op, size, v), number_text(size) + " bytes");
    }
    case AssertSubject::json:
    case AssertSubject::json_count: {
      std::string why;
      const Json* doc = facts.json(why);
      if (!doc) return failed("not JSON", why);
      std::string path_text = a.selector;
      if (has_reference(path_text)) {
        Result<std::string> filled = substitute(path_text, variables, "the JSONPath");
        if (!filled) {
          r.actual = "(not evaluated)";
          r.message = filled.error().message;
          return r;
        }
        path_text = filled.value();
      }
      Result<jsonpath::Query> query = jsonpath::parse(path_text);
      if (!query) {
        r.actual = "(not evaluated)";
        r.message = query.error().message;
        return r;
      }
      std::vector<jsonpath::Node> nodes = query->select(*doc);
      if (a.subject == AssertSubject::json_count) {
        double n = double(nodes.size());
        return verdict(compare_numbers(a.op, n, v), number_text(n) + (nodes.size() == 1 ? " node" : " nodes"));
      }
      if (a.op == AssertOp::exists)
        return verdict(!nodes.empty(), nodes.empty() ? "absent" : "present", nodes.empty() ? path_text + " selected nothing" : "");
      if (a.op == AssertOp::not_exists)
        return verdict(nodes.empty(), nodes.empty() ? "absent" : show(*nodes[0].value) + " at " + nodes[0].path);
      if (nodes.empty()) return failed("absent", path_text + " selected nothing in " + facts.body_name());
      if (nodes.size() > 1)
        return failed(std::to_string(nodes.size()) + " nodes (" + nodes[0].path + ", " + nodes[1].path + (nodes.size() > 2 ? ", ..." : "") + ")",
                      "a comparison needs exactly one node: narrow the path, or assert json_count");
      const Json& actual = *nodes[0].value;
      // A whole {{reference}} that reads as a number compares as text with a string.
      const Json& wanted = expected_as_text && actual.is_string() ? *expected_as_text : v;
      bool ok = compare_json(a.op, actual, wanted, why);
      if (a.op == AssertOp::type) return verdict(ok, json_type(actual) + " " + show(actual), why);
      return verdict(ok, show(actual), why);
    }
    case AssertSubject::xpath:
    case AssertSubject::xpath_count: {
      std::string why;
      const xpath::Document* doc = facts.markup(why);
      if (!doc) return failed("not XML or HTML", why);
      std::string expression = a.selector;
      if (has_reference(expression)) {
        Result<std::string> filled = substitute(expression, variables, "the XPath expression");
        if (!filled) {
          r.actual = "(not evaluated)";
          r.message = filled.error().message;
          return r;
        }
        expression = filled.value();
      }
      Result<xpath::Value> value = doc->evaluate(expression);
      if (!value) {
        r.actual = "(not evaluated)";
        r.message = value.error().message;
        return r;
      }
      const xpath::Value& x = value.value();
      const bool nodes = x.kind == xpath::Value::Kind::nodes;
      // An XML-looking body read as HTML says so when nothing is found: the likely reason.
      const std::string note = doc->note().empty() ? "" : " (" + doc->note() + ")";
      auto count_text = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " node" : " nodes"); };
      if (a.subject == AssertSubject::xpath_count) {
        if (!nodes)
          return failed(std::string(xpath::kind_name(x.kind)) + " " + show_xpath(x),
                        "xpath_count counts the nodes of a node set, and " + expression + " gives a " +
                            std::string(xpath::kind_name(x.kind)) + " (assert xpath " + expression + " instead)");
        return verdict(compare_numbers(a.op, double(x.nodes.size()), v), count_text(x.nodes.size()),
                       x.nodes.empty() ? expression + " selected nothing" + note : "");
      }
      if (a.op == AssertOp::exists || a.op == AssertOp::not_exists) {
        // A string, number or boolean result is there; a node set when it is not empty.
        const bool present = !nodes || !x.nodes.empty();
        const std::string actual = !nodes ? show_xpath(x) : present ? count_text(x.nodes.size()) : "absent";
        if (a.op == AssertOp::exists) return verdict(present, actual, present ? "" : expression + " selected nothing" + note);
        return verdict(!present, actual);
      }
      if (nodes && x.nodes.empty()) return failed("absent", expression + " selected nothing in " + facts.body_name() + note);
      if (nodes && x.nodes.size() > 1)
        return failed(std::to_string(x.nodes.size()) + " nodes (" + quoted(x.nodes[0]) + ", " + quoted(x.nodes[1]) +
                          (x.nodes.size() > 2 ? ", ..." : "") + ")",
                      "a comparison needs exactly one node: narrow the expression, or assert xpath_count");
      bool ok = compare_xpath(a.op, x, v, why);
      return verdict(ok, show_xpath(x), why);
    }
    default: return failed("?", "unknown subject");
  }
}

}  // namespace

std::vector<AssertionResult> evaluate_assertions(const std::vector<Assertion>& assertions, const RecordedExchange& exchange,
                                                 const Environment* variables) {
  Facts facts(exchange);
  std::vector<AssertionResult> out;
  for (const Assertion& a : assertions) {
    if (!a.enabled) continue;
    facts.for_message(a.message);
    out.push_back(evaluate_one(a, facts, variables));
  }
  return out;
}

}  // namespace wirepad
