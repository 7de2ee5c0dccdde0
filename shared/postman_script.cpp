// wirepad core: postman_script.h. [SECTION] index: text (comments, statements, compacting);
// values; subjects; chains; statements.
#include "postman_script.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <vector>

#include "import_checks.h"
#include "text_util.h"

namespace wirepad {

namespace {

// [SECTION] text -------------------------------------------------------------------------

// Skips a '...', "..." or `...` literal starting at i; returns the index after it.
std::size_t skip_string(std::string_view s, std::size_t i) {
  char q = s[i++];
  while (i < s.size() && s[i] != q) i += s[i] == '\\' ? 2 : 1;
  return std::min(i + 1, s.size());
}

std::string strip_comments(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t end = skip_string(s, i);
      out += s.substr(i, end - i);
      i = end;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      std::size_t end = s.find("*/", i + 2);
      i = end == std::string_view::npos ? s.size() : end + 2;
      out += ' ';
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

// Statements at bracket depth 0, split at ';' and at line breaks.
std::vector<std::string> statements(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  auto flush = [&] {
    std::string_view t = text::trim_ows(current);
    while (!t.empty() && (t.back() == '\r' || t.back() == '\n' || text::is_ows(t.back()))) t.remove_suffix(1);
    while (!t.empty() && (t.front() == '\r' || t.front() == '\n' || text::is_ows(t.front()))) t.remove_prefix(1);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t end = skip_string(s, i);
      current += s.substr(i, end - i);
      i = end;
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth <= 0 && (c == ';' || c == '\n')) {
      // A line that ends inside a chain (".to" on the next line) goes on.
      std::size_t next = s.find_first_not_of(" \t\r\n", i + 1);
      if (c == '\n' && next != std::string_view::npos && s[next] == '.') {
        ++i;
        continue;
      }
      depth = 0;
      flush();
    } else {
      current += c;
    }
    ++i;
  }
  flush();
  return out;
}

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// White space dropped outside literals, except one space between two words ("var x").
std::string compact(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = true;
      ++i;
      continue;
    }
    if (pending_space && !out.empty() && ident_char(out.back()) && ident_char(c)) out += ' ';
    pending_space = false;
    if (c == '"' || c == '\'' || c == '`') {
      std::size_t end = skip_string(s, i);
      out += s.substr(i, end - i);
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

// The index of the bracket closing the one at `open`, or npos.
std::size_t matching(std::string_view s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size();) {
    char c = s[i];
    if (c == '"' || c == '\'' || c == '`') {
      i = skip_string(s, i);
      continue;
    }
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return i;
    }
    ++i;
  }
  return std::string_view::npos;
}

// [SECTION] values -------------------------------------------------------------------------

std::optional<std::string> string_literal(std::string_view s) {
  if (s.size() < 2 || (s.front() != '"' && s.front() != '\'') || s.back() != s.front()) return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      char e = s[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
    } else if (s[i] == s.front()) {
      return std::nullopt;  // "a" + "b": not one literal
    } else {
      out += s[i];
    }
  }
  return out;
}

// A JavaScript value written literally, as JSON text: numbers, strings, true, false, null,
// JSON objects and arrays, and pm.environment.get("x") (and the other scopes) as "{{x}}".
std::optional<std::string> js_value(std::string_view s) {
  if (s == "true" || s == "false" || s == "null") return std::string(s);
  if (auto n = json_number(s)) return *n;
  if (auto str = string_literal(s)) return json_quote(*str);
  for (std::string_view scope : {"pm.environment.get(", "pm.collectionVariables.get(", "pm.globals.get(", "pm.variables.get("}) {
    if (s.starts_with(scope) && s.ends_with(")")) {
      if (auto name = string_literal(s.substr(scope.size(), s.size() - scope.size() - 1))) return json_quote("{{" + *name + "}}");
    }
  }
  if (!s.empty() && (s[0] == '{' || s[0] == '[')) {
    auto j = nlohmann::ordered_json::parse(s.begin(), s.end(), nullptr, false);
    if (!j.is_discarded()) return j.dump();
  }
  return std::nullopt;
}

// [SECTION] subjects -----------------------------------------------------------------------

struct Subject {
  AssertSubject subject = AssertSubject::status;
  std::string selector;
  CaptureSource capture = CaptureSource::status;
  std::string capture_selector;  // when it differs: the whole body as a regex capture
};

std::optional<Subject> subject_of(std::string_view s, const std::set<std::string>& json_vars) {
  Subject out;
  if (s == "pm.response.code" || s == "responseCode.code") return out;
  if (s == "pm.response.responseTime" || s == "responseTime") {
    out.subject = AssertSubject::duration;
    return out;
  }
  if (s == "pm.response.text()" || s == "responseBody") {
    out.subject = AssertSubject::body;
    out.capture = CaptureSource::regex;
    out.capture_selector = "[\\s\\S]*";
    return out;
  }
  for (std::string_view getter : {"pm.response.headers.get(", "pm.response.headers.one("}) {
    if (s.starts_with(getter) && s.ends_with(")")) {
      auto name = string_literal(s.substr(getter.size(), s.size() - getter.size() - 1));
      if (!name || !text::is_token(*name)) return std::nullopt;
      out.subject = AssertSubject::header, out.capture = CaptureSource::header, out.selector = *name;
      return out;
    }
  }
  std::string_view rest;
  bool json = false;
  if (s.starts_with("pm.response.json()")) json = true, rest = s.substr(18);
  for (const std::string& v : json_vars) {
    if (!json && s.starts_with(v) && (s.size() == v.size() || s[v.size()] == '.' || s[v.size()] == '[')) json = true, rest = s.substr(v.size());
  }
  if (!json) return std::nullopt;
  std::optional<std::string> path = jsonpath_from_js_access(rest);
  if (!path) return std::nullopt;
  out.subject = AssertSubject::json, out.capture = CaptureSource::json, out.selector = *path;
  return out;
}

// [SECTION] chains -------------------------------------------------------------------------

struct Link {
  std::string word;
  std::optional<std::string> args;  // inside (...), when called
};

// ".to.have.status(200)" -> to, have, status(200). nullopt when it is not such a chain.
std::optional<std::vector<Link>> chain_of(std::string_view s) {
  std::vector<Link> links;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '.') return std::nullopt;
    std::size_t start = ++i;
    while (i < s.size() && ident_char(s[i])) ++i;
    if (i == start) return std::nullopt;
    Link l{std::string(s.substr(start, i - start)), std::nullopt};
    if (i < s.size() && s[i] == '(') {
      std::size_t close = matching(s, i);
      if (close == std::string_view::npos) return std::nullopt;
      l.args = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
    }
    links.push_back(std::move(l));
  }
  return links;
}

bool language_word(std::string_view w) {
  for (std::string_view l : {"to", "be", "been", "is", "that", "which", "and", "has", "have", "with", "at", "of", "same",
                             "but", "does", "still", "deep", "nested", "own", "ordered", "any", "all"})
    if (w == l) return true;
  return false;
}

// Applies the chain's check to the subject; returns why not, or "" when added.
std::string check(ImportedRequest& r, Subject subject, const std::vector<Link>& chain, const std::string& label,
                  const std::string& what, std::size_t offset) {
  bool negated = false;
  std::size_t k = 0;
  for (; k < chain.size(); ++k) {
    if (chain[k].word == "not" && !chain[k].args) negated = !negated;
    else if (!language_word(chain[k].word) || chain[k].args) break;
  }
  if (k + 1 != chain.size()) return "a chain Wirepad does not read";
  const Link& last = chain[k];
  Assertion a;
  a.subject = subject.subject;
  a.selector = subject.selector;
  a.label = label;
  const std::string& w = last.word;
  auto value = [&]() -> bool {
    if (!last.args) return false;
    std::optional<std::string> v = js_value(text::trim_ows(*last.args));
    if (!v) return false;
    a.expected = *v;
    if ((a.subject == AssertSubject::header || a.subject == AssertSubject::body) && !v->starts_with("\"")) a.expected = json_quote(*v);
    return true;
  };
  auto negate = [&](AssertOp yes, AssertOp no) { a.op = negated ? no : yes; };
  if (w == "eql" || w == "equal" || w == "equals" || w == "eq") {
    if (!value()) return "a value Wirepad cannot read without running JavaScript";
    negate(AssertOp::eq, AssertOp::ne);
  } else if (w == "above" || w == "gt" || w == "greaterThan" || w == "below" || w == "lt" || w == "lessThan" ||
             w == "least" || w == "gte" || w == "most" || w == "lte") {
    if (!value()) return "a value Wirepad cannot read without running JavaScript";
    if (w == "above" || w == "gt" || w == "greaterThan") negate(AssertOp::gt, AssertOp::le);
    else if (w == "below" || w == "lt" || w == "lessThan") negate(AssertOp::lt, AssertOp::ge);
    else if (w == "least" || w == "gte") negate(AssertOp::ge, AssertOp::lt);
    else negate(AssertOp::le, AssertOp::gt);
  } else if (w == "include" || w == "includes" || w == "contain" || w == "contains") {
    if (!value()) return "a value Wirepad cannot read without running JavaScript";
    negate(AssertOp::contains, AssertOp::not_contains);
  } else if ((w == "a" || w == "an") && a.subject == AssertSubject::json && !negated) {
    auto t = last.args ? string_literal(text::trim_ows(*last.args)) : std::nullopt;
    if (!t) return "a type Wirepad cannot read";
    a.op = AssertOp::type;
    a.expected = json_quote(*t);
  } else if (w == "exist" && !last.args && (a.subject == AssertSubject::json || a.subject == AssertSubject::header)) {
    negate(AssertOp::exists, AssertOp::not_exists);
  } else if ((w == "true" || w == "false" || w == "null") && !last.args && a.subject == AssertSubject::json) {
    a.expected = w;
    negate(AssertOp::eq, AssertOp::ne);
  } else if ((w == "lengthOf" || w == "length") && a.subject == AssertSubject::json && !negated) {
    if (!value()) return "a length Wirepad cannot read";
    a.subject = AssertSubject::json_count;
    a.selector += "[*]";
    a.op = AssertOp::eq;
  } else if (w == "match" && last.args) {
    std::string_view re = text::trim_ows(*last.args);
    if (re.size() < 2 || re.front() != '/' || re.back() != '/') return "a regular expression with flags, or not written /.../";
    a.expected = json_quote(re.substr(1, re.size() - 2));
    negate(AssertOp::matches, AssertOp::not_matches);
  } else {
    return "." + w + " has no Wirepad equivalent";
  }
  if (!add_imported_assertion(r, a, what, offset)) return "-";  // noted already
  return "";
}

// [SECTION] statements ---------------------------------------------------------------------

struct Reader {
  ImportedRequest& r;
  std::string where;
  std::set<std::string> json_vars;

  void skip(const std::string& statement, const std::string& why) {
    std::string shown = statement.size() > 100 ? statement.substr(0, 97) + "..." : statement;
    note_not_imported(r, shown, why + " (" + where + "); JavaScript not run", 0);
  }

  void statement(const std::string& raw, const std::string& label) {
    const std::string s = compact(raw);
    // pm.test("name", function () { ... }) / () => { ... }
    if (s.starts_with("pm.test(")) {
      std::size_t close = matching(s, 7);
      // The name is a literal that may hold commas.
      std::size_t comma = s.size() > 8 && (s[8] == '"' || s[8] == '\'') ? s.find(',', skip_string(s, 8)) : s.find(',', 8);
      std::size_t brace = s.find('{', 8);
      if (brace == std::string::npos || brace > close) brace = close;  // an arrow without braces
      if (close != std::string::npos && comma != std::string::npos && comma < close) {
        std::optional<std::string> name = string_literal(std::string_view(s).substr(8, comma - 8));
        std::string_view fn = std::string_view(s).substr(comma + 1, brace - comma - 1);
        std::size_t end = matching(s, brace);
        bool function = fn == "function()" || fn == "()=>" || (fn.starts_with("function") && fn.ends_with("()"));
        // pm.test("name", () => <one expression>)
        std::string_view arrow = std::string_view(s).substr(comma + 1, close - comma - 1);
        if (name && arrow.starts_with("()=>") && !arrow.substr(4).starts_with("{")) {
          statement(std::string(arrow.substr(4)), *name);
          return;
        }
        if (name && function && end != std::string::npos && end < close) {
          // The body from the original text, so its statements keep their line breaks.
          std::size_t raw_brace = raw.find('{');
          std::size_t raw_end = raw_brace == std::string::npos ? std::string::npos : matching(raw, raw_brace);
          std::string body = raw_end == std::string::npos ? s.substr(brace + 1, end - brace - 1)
                                                          : raw.substr(raw_brace + 1, raw_end - raw_brace - 1);
          for (const std::string& inner : statements(body)) statement(inner, *name);
          if (s.size() > close + 1 && s.substr(close + 1) != ";") skip(s, "what follows pm.test(...)");
          return;
        }
      }
      skip(s, "a pm.test Wirepad cannot read");
      return;
    }
    // var jsonData = pm.response.json();
    for (std::string_view decl : {"var ", "let ", "const "}) {
      if (!s.starts_with(decl)) continue;
      std::size_t eq = s.find('=');
      if (eq == std::string::npos) break;
      std::string name = s.substr(decl.size(), eq - decl.size());
      std::string value = s.substr(eq + 1);
      bool ident = !name.empty();
      for (char c : name) ident = ident && ident_char(c);
      if (ident && (value == "pm.response.json()" || value == "JSON.parse(responseBody)" || value == "JSON.parse(pm.response.text())")) {
        json_vars.insert(name);
        return;
      }
      skip(s, "a variable that is not the response's JSON");
      return;
    }
    // pm.environment.set("name", <subject>)
    for (std::string_view setter : {"pm.environment.set(", "pm.collectionVariables.set(", "pm.globals.set(", "pm.variables.set("}) {
      if (!s.starts_with(setter)) continue;
      std::size_t close = matching(s, setter.size() - 1);
      std::size_t comma = s.find(',', setter.size());
      std::optional<std::string> name =
          comma == std::string::npos ? std::nullopt : string_literal(std::string_view(s).substr(setter.size(), comma - setter.size()));
      if (!name || close == std::string::npos || comma > close || close + 1 != s.size()) {
        skip(s, "a variable set from something Wirepad cannot read");
        return;
      }
      std::optional<Subject> from = subject_of(std::string_view(s).substr(comma + 1, close - comma - 1), json_vars);
      if (!from || from->subject == AssertSubject::duration) {
        skip(s, "a variable set from an expression, not from the response");
        return;
      }
      Capture c;
      c.variable = *name;
      c.from = from->capture;
      c.selector = from->capture_selector.empty() ? from->selector : from->capture_selector;
      if (c.from == CaptureSource::regex) c.group = 0;
      add_imported_capture(r, c, s, 0);
      return;
    }
    // tests["name"] = responseCode.code === 200;   (the script style before pm.*)
    if (s.starts_with("tests[")) {
      std::size_t close = matching(s, 5);
      std::size_t eq = close == std::string::npos ? close : s.find('=', close);
      if (eq != std::string::npos && eq == close + 1) {
        std::optional<std::string> name = string_literal(std::string_view(s).substr(6, close - 6));
        std::string expr = s.substr(eq + 1);
        std::size_t op = expr.find("===");
        if (op == std::string::npos) op = expr.find("==");
        std::size_t op_len = expr.compare(op == std::string::npos ? 0 : op, 3, "===") == 0 ? 3 : 2;
        if (name && op != std::string::npos) {
          std::optional<Subject> subj = subject_of(expr.substr(0, op), json_vars);
          std::optional<std::string> v = js_value(expr.substr(op + op_len));
          if (subj && v) {
            Assertion a;
            a.subject = subj->subject, a.selector = subj->selector, a.op = AssertOp::eq, a.expected = *v, a.label = *name;
            add_imported_assertion(r, a, s, 0);
            return;
          }
        }
      }
      skip(s, "a tests[...] check Wirepad cannot read");
      return;
    }
    // pm.expect(<subject>).<chain>
    if (s.starts_with("pm.expect(")) {
      std::size_t close = matching(s, 9);
      if (close == std::string::npos) {
        skip(s, "a pm.expect Wirepad cannot read");
        return;
      }
      std::optional<Subject> subject = subject_of(std::string_view(s).substr(10, close - 10), json_vars);
      if (!subject) {
        skip(s, "pm.expect of something other than the response's status, time, header, text or JSON");
        return;
      }
      std::optional<std::vector<Link>> chain = chain_of(std::string_view(s).substr(close + 1));
      if (!chain) {
        skip(s, "a chain Wirepad does not read");
        return;
      }
      if (std::string why = check(r, *subject, *chain, label, s, 0); !why.empty()) {
        if (why != "-") skip(s, why);
      }
      return;
    }
    // pm.response.to.have.status(200) / .header("X"[, "v"]) / .body("text")
    if (s.starts_with("pm.response.to.")) {
      std::optional<std::vector<Link>> chain = chain_of(std::string_view(s).substr(11));
      if (!chain || chain->empty()) {
        skip(s, "a pm.response check Wirepad cannot read");
        return;
      }
      bool negated = false;
      for (std::size_t k = 0; k + 1 < chain->size(); ++k) {
        if ((*chain)[k].word == "not") negated = !negated;
        else if (!language_word((*chain)[k].word)) {
          skip(s, "a pm.response check Wirepad cannot read");
          return;
        }
      }
      const Link& last = chain->back();
      Assertion a;
      a.label = label;
      if (last.word == "status" && last.args) {
        std::optional<std::string> n = json_number(text::trim_ows(*last.args));
        if (!n) {
          skip(s, "a status given by its reason phrase (Wirepad checks the code)");
          return;
        }
        a.subject = AssertSubject::status, a.op = negated ? AssertOp::ne : AssertOp::eq, a.expected = *n;
      } else if (last.word == "header" && last.args) {
        std::string args = *last.args;
        std::size_t comma = std::string::npos;
        for (std::size_t i = 0; i < args.size();) {
          if (args[i] == '"' || args[i] == '\'') {
            i = skip_string(args, i);
            continue;
          }
          if (args[i] == ',') {
            comma = i;
            break;
          }
          ++i;
        }
        std::optional<std::string> name = string_literal(text::trim_ows(std::string_view(args).substr(0, comma)));
        if (!name || !text::is_token(*name)) {
          skip(s, "a header Wirepad cannot read");
          return;
        }
        a.subject = AssertSubject::header, a.selector = *name;
        if (comma == std::string::npos) {
          a.op = negated ? AssertOp::not_exists : AssertOp::exists;
        } else {
          std::optional<std::string> v = string_literal(text::trim_ows(std::string_view(args).substr(comma + 1)));
          if (!v) {
            skip(s, "a header value Wirepad cannot read");
            return;
          }
          a.op = negated ? AssertOp::ne : AssertOp::eq, a.expected = json_quote(*v);
        }
      } else if (last.word == "body" && last.args) {
        std::optional<std::string> v = string_literal(text::trim_ows(*last.args));
        if (!v) {
          skip(s, "a body Wirepad cannot read");
          return;
        }
        a.subject = AssertSubject::body, a.op = negated ? AssertOp::ne : AssertOp::eq, a.expected = json_quote(*v);
      } else {
        skip(s, "pm.response." + std::string(s.substr(12)) + " has no Wirepad equivalent");
        return;
      }
      add_imported_assertion(r, a, s, 0);
      return;
    }
    skip(s, "a statement Wirepad does not read");
  }
};

}  // namespace

void import_postman_test_script(ImportedRequest& r, const std::string& script, const std::string& where) {
  Reader reader{r, where, {}};
  for (const std::string& s : statements(strip_comments(script))) reader.statement(s, "");
}

}  // namespace wirepad
