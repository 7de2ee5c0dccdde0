// wirepad core: httpyac_assert.h.
#include "httpyac_assert.h"

#include <optional>
#include <vector>

#include "import_checks.h"
#include "text_util.h"

namespace wirepad {

namespace {

struct Word {
  std::string_view text;
  std::size_t at;  // in the line
};

std::vector<Word> words_of(std::string_view s) {
  std::vector<Word> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && text::is_ows(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !text::is_ows(s[i])) ++i;
    if (i > start) out.push_back({s.substr(start, i - start), start});
  }
  return out;
}

const char* const kPredicates[] = {"==",        "===",      "equals",   "!=",      "!==",       ">",        ">=",
                                   "<",         "<=",       "startsWith", "endsWith", "includes", "contains", "matches",
                                   "exists",    "isTrue",   "isFalse",  "isNumber", "isBoolean", "isString", "isArray",
                                   "sha256",    "sha512",   "md5"};

bool is_predicate(std::string_view w) {
  for (const char* p : kPredicates)
    if (w == p) return true;
  return false;
}

// An expected literal as JSON: a number, true, false, null, or the text (quotes kept as
// typed: httpyac compares the text after converting it to the actual value's type).
std::string literal(std::string_view v, bool text_subject) {
  v = text::trim_ows(v);
  if (text_subject) return json_quote(v);
  if (v == "true" || v == "false" || v == "null") return std::string(v);
  if (auto n = json_number(v)) return *n;
  return json_quote(v);
}

}  // namespace

void import_httpyac_assert(ImportedRequest& r, std::string_view line, std::size_t offset, std::size_t line_number) {
  const std::string what(line);
  const std::string where = " (line " + std::to_string(line_number) + ")";
  auto skip = [&](const std::string& why) { note_not_imported(r, what, why + where, offset); };
  std::string_view rest = text::trim_ows(line.substr(2));
  std::vector<Word> words = words_of(rest);
  // The predicate: the last word that is one, after the type (httpyac's greedy value).
  std::size_t p = 0;
  for (std::size_t i = words.size(); i-- > 1;) {
    if (is_predicate(words[i].text)) {
      p = i;
      break;
    }
  }
  if (p == 0) {
    skip("an httpyac assertion without a predicate Wirepad knows (==, includes, exists, ...)");
    return;
  }
  std::string_view type = words[0].text;
  std::string_view value = p > 1 ? text::trim_ows(rest.substr(words[1].at, words[p].at - words[1].at)) : std::string_view();
  std::string_view predicate = words[p].text;
  std::string_view expected = text::trim_ows(rest.substr(words[p].at + predicate.size()));

  Assertion a;
  if (type == "status" && value.empty()) {
    a.subject = AssertSubject::status;
  } else if (type == "header" && !value.empty()) {
    a.subject = AssertSubject::header, a.selector = std::string(value);
  } else if (type == "body" && value.empty()) {
    a.subject = AssertSubject::body;
  } else if (type == "body" || type == "js") {
    std::string_view access = value;
    if (type == "js") {
      if (access == "response.statusCode") {
        a.subject = AssertSubject::status;
      } else if (access == "response.body") {
        a.subject = AssertSubject::body;
      } else if (access.starts_with("response.parsedBody")) {
        access.remove_prefix(19);
      } else {
        skip("a JavaScript expression; JavaScript not run (Wirepad reads response.parsedBody.<path> and response.statusCode)");
        return;
      }
    } else {
      access = value;
      a.subject = AssertSubject::json;
    }
    if (a.subject == AssertSubject::json || (type == "js" && value.starts_with("response.parsedBody"))) {
      std::string dotted = access.empty() || access[0] == '.' || access[0] == '[' ? std::string(access) : "." + std::string(access);
      if (dotted.ends_with(".length")) {
        std::optional<std::string> path = jsonpath_from_js_access(std::string_view(dotted).substr(0, dotted.size() - 7));
        if (!path) {
          skip("a JavaScript expression; JavaScript not run (Wirepad reads a property path)");
          return;
        }
        a.subject = AssertSubject::json_count, a.selector = *path + "[*]";
      } else {
        std::optional<std::string> path = jsonpath_from_js_access(dotted);
        if (!path) {
          skip("a JavaScript expression; JavaScript not run (Wirepad reads a property path such as data.items[0].id)");
          return;
        }
        a.subject = AssertSubject::json, a.selector = *path;
      }
    }
  } else if (type == "duration") {
    if (!value.empty() && value != "total") {
      skip("the " + std::string(value) + " timing; Wirepad checks the total duration");
      return;
    }
    a.subject = AssertSubject::duration;
  } else if (type == "xpath") {
    skip("an XPath assertion; Wirepad does not check XML by XPath yet");
    return;
  } else {
    skip("an httpyac assertion on '" + std::string(type) + "', which Wirepad does not read");
    return;
  }

  const bool text_subject = a.subject == AssertSubject::header || a.subject == AssertSubject::body;
  const bool number_subject = a.subject == AssertSubject::status || a.subject == AssertSubject::duration ||
                              a.subject == AssertSubject::json_count;
  auto need = [&]() {
    if (expected.empty()) {
      skip(std::string(predicate) + " needs a value");
      return false;
    }
    return true;
  };
  if (predicate == "==" || predicate == "===" || predicate == "equals" || predicate == "!=" || predicate == "!==") {
    if (!need()) return;
    a.op = predicate[0] == '!' ? AssertOp::ne : AssertOp::eq;
    a.expected = literal(expected, text_subject);
  } else if (predicate == ">" || predicate == ">=" || predicate == "<" || predicate == "<=") {
    if (!need()) return;
    a.op = predicate == ">" ? AssertOp::gt : predicate == ">=" ? AssertOp::ge : predicate == "<" ? AssertOp::lt : AssertOp::le;
    std::optional<std::string> n = json_number(expected);
    if (!n) {
      skip("httpyac compares numbers with " + std::string(predicate) + ", and '" + std::string(expected) + "' is not one");
      return;
    }
    a.expected = *n;
  } else if (predicate == "startsWith" || predicate == "endsWith" || predicate == "includes" || predicate == "contains" ||
             predicate == "matches") {
    if (!need()) return;
    if (number_subject) {
      skip(std::string(predicate) + " on a number: Wirepad compares it as a number (==, <, >)");
      return;
    }
    a.op = predicate == "startsWith" ? AssertOp::starts_with : predicate == "endsWith" ? AssertOp::ends_with
           : predicate == "matches"  ? AssertOp::matches
                                     : AssertOp::contains;
    a.expected = json_quote(expected);
  } else if (predicate == "exists" || predicate == "isTrue" || predicate == "isFalse") {
    if (a.subject == AssertSubject::header || a.subject == AssertSubject::json) {
      a.op = predicate == "isFalse" ? AssertOp::not_exists : AssertOp::exists;
      if (predicate == "isTrue" || (predicate == "isFalse" && a.subject == AssertSubject::json)) {
        skip(std::string(predicate) + " checks that a value is " + (predicate == "isTrue" ? "truthy" : "falsy") +
             " in JavaScript; Wirepad has no such check (assert == true, or exists)");
        return;
      }
    } else {
      skip(std::string(predicate) + " on the " + std::string(type) + ": always true or false here");
      return;
    }
  } else if (predicate == "isNumber" || predicate == "isBoolean" || predicate == "isString" || predicate == "isArray") {
    if (a.subject != AssertSubject::json) {
      skip(std::string(predicate) + " on the " + std::string(type) + ": Wirepad checks the type of a JSON value");
      return;
    }
    a.op = AssertOp::type;
    a.expected = json_quote(predicate == "isNumber" ? "number" : predicate == "isBoolean" ? "boolean"
                            : predicate == "isString" ? "string" : "array");
  } else {
    skip("a " + std::string(predicate) + " hash check; Wirepad does not hash the body in a check");
    return;
  }
  add_imported_assertion(r, a, what, offset);
}

}  // namespace wirepad
