// wirepad core: bruno_import.h. [SECTION] index: blocks (the .bru grammar: dictionary, text
// and list blocks); values; the request; assertions and captures; environments; the collection.
#include "bruno_import.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "import_checks.h"
#include "import_text.h"
#include "text_util.h"

namespace wirepad {

namespace {

// [SECTION] blocks -------------------------------------------------------------------------

struct Pair {
  std::string key;
  std::string value;
  bool enabled = true;
  std::size_t offset = 0;
  std::size_t line = 0;
};

struct Block {
  std::string name;          // "meta", "get", "body:json", "vars:secret"
  bool list = false;         // "name [ ... ]"
  std::vector<Pair> pairs;   // dictionary blocks (and list items as keys)
  std::string text;          // text blocks, outdented by two spaces
  std::size_t offset = 0;
  std::size_t line = 0;
};

bool is_text_block(std::string_view name) {
  return name.starts_with("body") ? !(name == "body:form-urlencoded" || name == "body:multipart-form" || name == "body:file" ||
                                      name == "body:grpc" || name == "body:ws")
                                  : (name.starts_with("script:") || name == "tests" || name == "docs" || name == "example");
}

bool is_block_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_';
}

struct RawLine {
  std::string_view text;
  std::size_t offset;
  std::size_t number;
};

std::vector<RawLine> lines_of(std::string_view text) {
  std::vector<RawLine> out;
  std::size_t at = 0, n = 1;
  while (at <= text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(at, end - at);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    out.push_back({l, at, n++});
    if (end == text.size()) break;
    at = end + 1;
  }
  return out;
}

Error error_at(const RawLine& l, const std::string& what) {
  return make_error(ErrorCode::invalid_request, "line " + std::to_string(l.number) + ": " + what, std::int64_t(l.offset));
}

std::string outdent(std::string_view line, std::size_t spaces) {
  std::size_t n = 0;
  while (n < spaces && n < line.size() && line[n] == ' ') ++n;
  return std::string(line.substr(n));
}

// A dictionary line: [~]key: value, or [~]"quoted key": value.
std::optional<Pair> parse_pair(std::string_view t, std::string& why) {
  t = text::trim_ows(t);
  Pair p;
  if (!t.empty() && t[0] == '~') {
    p.enabled = false;
    t.remove_prefix(1);
  }
  if (!t.empty() && t[0] == '"') {
    std::size_t i = 1;
    std::string key;
    while (i < t.size() && t[i] != '"') {
      if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '"') ++i;
      key += t[i++];
    }
    if (i >= t.size()) {
      why = "a quoted key without its closing '\"'";
      return std::nullopt;
    }
    t = text::trim_ows(t.substr(i + 1));
    if (t.empty() || t[0] != ':') {
      why = "a key is followed by ':' and its value";
      return std::nullopt;
    }
    p.key = key;
    p.value = std::string(text::trim_ows(t.substr(1)));
    return p;
  }
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos) {
    why = "expected 'key: value'";
    return std::nullopt;
  }
  p.key = std::string(text::trim_ows(t.substr(0, colon)));
  p.value = std::string(text::trim_ows(t.substr(colon + 1)));
  if (p.key.empty()) {
    why = "a value without a key";
    return std::nullopt;
  }
  return p;
}

Result<std::vector<Block>> parse_blocks(std::string_view text) {
  std::vector<RawLine> lines = lines_of(text);
  std::vector<Block> blocks;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view t = lines[i].text;
    if (text::trim_ows(t).empty()) continue;
    std::size_t n = 0;
    while (n < t.size() && is_block_name_char(t[n])) ++n;
    std::string_view rest = text::trim_ows(t.substr(n));
    if (n == 0 || (rest != "{" && rest != "[" && rest != "{}")) {
      return error_at(lines[i], "expected a block such as 'meta {' or 'get {', not '" + std::string(text::trim_ows(t)) + "'");
    }
    Block b;
    b.name = std::string(t.substr(0, n));
    b.offset = lines[i].offset;
    b.line = lines[i].number;
    if (rest == "{}") {
      blocks.push_back(std::move(b));
      continue;
    }
    b.list = rest == "[";
    const char close = b.list ? ']' : '}';
    const bool text_block = !b.list && is_text_block(b.name);
    std::size_t k = i + 1;
    std::vector<std::string> text_lines;
    for (; k < lines.size(); ++k) {
      std::string_view l = lines[k].text;
      if (!l.empty() && l[0] == close && text::trim_ows(l).size() == 1) break;
      if (text_block) {
        text_lines.push_back(outdent(l, 2));
        continue;
      }
      std::string_view trimmed = text::trim_ows(l);
      if (trimmed.empty()) continue;
      if (b.list) {
        // vars:secret [ a, b ]: names separated by commas and line breaks.
        std::size_t at = 0;
        while (at <= trimmed.size()) {
          std::size_t comma = trimmed.find(',', at);
          if (comma == std::string_view::npos) comma = trimmed.size();
          std::string_view item = text::trim_ows(trimmed.substr(at, comma - at));
          if (!item.empty()) {
            Pair p;
            p.enabled = item[0] != '~';
            p.key = std::string(p.enabled ? item : item.substr(1));
            p.offset = lines[k].offset;
            p.line = lines[k].number;
            b.pairs.push_back(std::move(p));
          }
          at = comma + 1;
        }
        continue;
      }
      if (trimmed[0] == '@' && trimmed.find(':') == std::string_view::npos) continue;  // an annotation (@number)
      std::string why;
      // Assert keys are expressions ("res.body.items[0]"); Bruno splits them at the first ':' too.
      std::optional<Pair> p = parse_pair(trimmed, why);
      if (!p) return error_at(lines[k], why + " in the " + b.name + " block");
      p->offset = lines[k].offset;
      p->line = lines[k].number;
      // A list value ("tags: [" then one item a line, then "]").
      if (p->value == "[") {
        std::string items;
        std::size_t m = k + 1;
        for (; m < lines.size() && text::trim_ows(lines[m].text) != "]"; ++m)
          items += (items.empty() ? "" : ", ") + std::string(text::trim_ows(lines[m].text));
        if (m >= lines.size()) return error_at(lines[k], "a [ list without its closing ]");
        p->value = items;
        k = m;
      }
      // A multiline value: ''' on its own, the lines, then ''' (content indented by 4).
      if (p->value == "'''" || p->value.starts_with("''' ")) {
        std::string value;
        std::size_t m = k + 1;
        for (; m < lines.size(); ++m) {
          if (text::trim_ows(lines[m].text).starts_with("'''")) break;
          if (!value.empty()) value += "\n";
          value += outdent(lines[m].text, 4);
        }
        if (m >= lines.size()) return error_at(lines[k], "a ''' value without its closing '''");
        p->value = value;
        k = m;
      }
      b.pairs.push_back(std::move(*p));
    }
    if (k >= lines.size()) return error_at(lines[i], "the " + b.name + " block is not closed (a '" + std::string(1, close) + "' at the start of a line)");
    if (text_block) {
      while (!text_lines.empty() && text_lines.back().empty()) text_lines.pop_back();
      std::string joined;
      for (std::size_t t2 = 0; t2 < text_lines.size(); ++t2) joined += (t2 ? "\n" : "") + text_lines[t2];
      b.text = joined;
    }
    blocks.push_back(std::move(b));
    i = k;
  }
  return blocks;
}

const Block* find_block(const std::vector<Block>& blocks, std::string_view name) {
  for (const Block& b : blocks)
    if (b.name == name) return &b;
  return nullptr;
}

std::string pair_value(const Block* b, std::string_view key, std::string fallback = {}) {
  if (!b) return fallback;
  for (const Pair& p : b->pairs)
    if (p.enabled && p.key == key) return p.value;
  return fallback;
}

// [SECTION] values -------------------------------------------------------------------------

// Bruno's right-hand side (evaluateJsTemplateLiteral): true false null, a 'quoted' or
// "quoted" string (no escapes), a number, else the text as a string. nullopt: undefined, or
// a template with ${...} (JavaScript).
std::optional<std::string> rhs_json(std::string_view v, std::string& why) {
  v = text::trim_ows(v);
  if (v == "true" || v == "false" || v == "null") return std::string(v);
  if (v == "undefined") {
    why = "undefined";
    return std::nullopt;
  }
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\'')))
    return json_quote(v.substr(1, v.size() - 2));
  if (auto n = json_number(v)) return *n;
  if (v.find("${") != std::string_view::npos) {
    why = "a JavaScript template (${...}) in the expected value";
    return std::nullopt;
  }
  return json_quote(v);
}

// [SECTION] assertions and captures --------------------------------------------------------

struct Lhs {
  AssertSubject subject = AssertSubject::status;
  std::string selector;
  CaptureSource capture = CaptureSource::status;
  bool whole_body = false;
  bool length = false;  // ".length" at the end: how many items
};

// res.status, res.body[.path], res.headers.name / res.headers['name'], res.responseTime
// (a leading '$' as older files write it).
std::optional<Lhs> parse_lhs(std::string_view e) {
  e = text::trim_ows(e);
  if (e.starts_with("$")) e.remove_prefix(1);
  Lhs l;
  if (e == "res.status" || e == "res.getStatus()") return l;
  if (e == "res.responseTime" || e == "res.getResponseTime()") {
    l.subject = AssertSubject::duration;
    return l;
  }
  if (e.starts_with("res.headers")) {
    std::string_view rest = e.substr(11);
    std::string name;
    if (rest.starts_with(".")) name = std::string(rest.substr(1));
    else if (rest.size() > 4 && rest[0] == '[' && (rest[1] == '"' || rest[1] == '\'') && rest.back() == ']')
      name = std::string(rest.substr(2, rest.size() - 4));
    if (name.empty() || !text::is_token(name)) return std::nullopt;
    l.subject = AssertSubject::header, l.capture = CaptureSource::header, l.selector = name;
    return l;
  }
  if (e == "res.body" || e == "res.getBody()") {
    l.subject = AssertSubject::body, l.whole_body = true;
    return l;
  }
  if (e.starts_with("res.body") || e.starts_with("res.getBody()")) {
    std::string_view rest = e.substr(e.starts_with("res.body") ? 8 : 13);
    if (rest.ends_with(".length")) {
      l.length = true;
      rest.remove_suffix(7);
    }
    std::optional<std::string> path = jsonpath_from_js_access(rest);
    if (!path) return std::nullopt;
    l.subject = l.length ? AssertSubject::json_count : AssertSubject::json;
    l.capture = CaptureSource::json;
    l.selector = l.length ? *path + "[*]" : *path;
    return l;
  }
  // res('a.b'): Bruno's query helper, a property path.
  if (e.starts_with("res(") && e.ends_with(")") && e.size() > 6 && (e[4] == '\'' || e[4] == '"') && e[e.size() - 2] == e[4]) {
    std::optional<std::string> path = jsonpath_from_js_access("." + std::string(e.substr(5, e.size() - 7)));
    if (!path) return std::nullopt;
    l.subject = AssertSubject::json, l.capture = CaptureSource::json, l.selector = *path;
    return l;
  }
  return std::nullopt;
}

void add_assert(ImportedRequest& r, const Pair& p) {
  const std::string what = (p.enabled ? "" : "~") + p.key + ": " + p.value;
  std::optional<Lhs> lhs = parse_lhs(p.key);
  if (!lhs) {
    note_not_imported(r, what, "a JavaScript expression on the left; Wirepad reads res.status, res.body and a property path, "
                               "res.headers[...] and res.responseTime (JavaScript not run)", p.offset);
    return;
  }
  // "op value"; no known operator: eq with the whole text (Bruno's rule).
  static const char* const kOps[] = {"eq", "neq", "gt", "gte", "lt", "lte", "in", "notIn", "contains", "notContains",
                                     "length", "matches", "notMatches", "startsWith", "endsWith", "between", "isEmpty",
                                     "isNotEmpty", "isNull", "isUndefined", "isDefined", "isTruthy", "isFalsy", "isJson",
                                     "isNumber", "isString", "isBoolean", "isArray"};
  std::string_view v = text::trim_ows(p.value);
  std::size_t space = v.find(' ');
  std::string op(v.substr(0, space));
  std::string_view rhs = space == std::string_view::npos ? std::string_view() : text::trim_ows(v.substr(space + 1));
  bool known = false;
  for (const char* o : kOps) known = known || op == o;
  if (!known) {
    op = "eq";
    rhs = v;
  }
  Assertion a;
  a.subject = lhs->subject;
  a.selector = lhs->selector;
  a.enabled = p.enabled;
  a.label = p.key + ": " + p.value;  // reports name it as the .bru file and `bru run` do
  std::string why;
  auto expect_value = [&]() -> bool {
    std::optional<std::string> j = rhs_json(rhs, why);
    if (!j) {
      if (why == "undefined" && op == "eq" && lhs->subject == AssertSubject::json) {
        a.op = AssertOp::not_exists;  // eq undefined: not there
        return true;
      }
      note_not_imported(r, what, why == "undefined" ? "a comparison with undefined" : why, p.offset);
      return false;
    }
    a.expected = *j;
    // Text subjects compare text.
    if ((a.subject == AssertSubject::header || a.subject == AssertSubject::body) && !j->starts_with("\""))
      a.expected = json_quote(*j);
    return true;
  };
  static const std::pair<const char*, AssertOp> kBinary[] = {
      {"eq", AssertOp::eq},          {"neq", AssertOp::ne},         {"gt", AssertOp::gt},
      {"gte", AssertOp::ge},         {"lt", AssertOp::lt},          {"lte", AssertOp::le},
      {"contains", AssertOp::contains}, {"notContains", AssertOp::not_contains},
      {"startsWith", AssertOp::starts_with}, {"endsWith", AssertOp::ends_with}};
  for (auto [name, o] : kBinary) {
    if (op == name) {
      a.op = o;
      if (!expect_value()) return;
      add_imported_assertion(r, a, what, p.offset);
      return;
    }
  }
  if (op == "matches" || op == "notMatches") {
    std::string re(rhs);
    if (re.size() >= 2 && re.front() == '/' && re.back() == '/') re = re.substr(1, re.size() - 2);
    a.op = op == "matches" ? AssertOp::matches : AssertOp::not_matches;
    a.expected = json_quote(re);
    add_imported_assertion(r, a, what, p.offset);
    return;
  }
  if (op == "between") {
    std::size_t comma = rhs.find(',');
    std::optional<std::string> lo = comma == std::string_view::npos ? std::nullopt : json_number(text::trim_ows(rhs.substr(0, comma)));
    std::optional<std::string> hi = comma == std::string_view::npos ? std::nullopt : json_number(text::trim_ows(rhs.substr(comma + 1)));
    if (!lo || !hi) {
      note_not_imported(r, what, "between takes two numbers, 'low, high'", p.offset);
      return;
    }
    a.op = AssertOp::in_range;
    a.expected = "[" + *lo + "," + *hi + "]";
    add_imported_assertion(r, a, what, p.offset);
    return;
  }
  if (op == "length") {
    if (a.subject != AssertSubject::json) {
      note_not_imported(r, what, "length of something that is not a JSON array", p.offset);
      return;
    }
    a.subject = AssertSubject::json_count;
    a.selector += "[*]";
    a.op = AssertOp::eq;
    if (!expect_value()) return;
    add_imported_assertion(r, a, what, p.offset);
    return;
  }
  static const std::pair<const char*, const char*> kTypes[] = {
      {"isNumber", "number"}, {"isString", "string"}, {"isBoolean", "boolean"}, {"isArray", "array"}};
  for (auto [name, type] : kTypes) {
    if (op == name) {
      a.op = AssertOp::type;
      a.expected = json_quote(type);
      add_imported_assertion(r, a, what, p.offset);
      return;
    }
  }
  if (op == "isNull") {
    a.op = AssertOp::eq;
    a.expected = "null";
    add_imported_assertion(r, a, what, p.offset);
    return;
  }
  if (op == "isDefined" || op == "isUndefined") {
    a.op = op == "isDefined" ? AssertOp::exists : AssertOp::not_exists;
    add_imported_assertion(r, a, what, p.offset);
    return;
  }
  note_not_imported(r, what, "the operator " + op + " has no Wirepad equivalent", p.offset);
}

void add_post_response_var(ImportedRequest& r, const Pair& p) {
  const std::string what = "vars:post-response " + p.key + ": " + p.value;
  if (!p.enabled) {
    note_not_imported(r, what, "disabled in the file", p.offset);
    return;
  }
  std::string name = p.key;
  if (name.starts_with("@")) name.erase(0, 1);
  std::optional<Lhs> lhs = parse_lhs(p.value);
  if (!lhs || lhs->length || lhs->subject == AssertSubject::duration) {
    note_not_imported(r, what, "a JavaScript expression; Wirepad captures res.status, res.body with a property path and "
                               "res.headers[...] (JavaScript not run)", p.offset);
    return;
  }
  Capture c;
  c.variable = name;
  c.from = lhs->capture;
  c.selector = lhs->selector;
  if (lhs->whole_body) c.from = CaptureSource::regex, c.selector = "[\\s\\S]*", c.group = 0;
  add_imported_capture(r, c, what, p.offset);
}

// [SECTION] the request --------------------------------------------------------------------

struct Inherited {
  HeaderRows headers;
  AuthSpec auth;
  bool has_auth = false;
  std::string from;  // "collection.bru", "users/folder.bru"
};

AuthSpec read_auth(const std::vector<Block>& blocks, const std::string& mode, ImportedRequest* r, bool& ok) {
  AuthSpec a;
  ok = true;
  const Block* b = find_block(blocks, "auth:" + mode);
  auto v = [&](const char* key) { return pair_value(b, key); };
  if (mode == "none" || mode.empty()) return a;
  if (mode == "basic") a.kind = AuthKind::basic, a.basic = {v("username"), v("password")};
  else if (mode == "bearer") a.kind = AuthKind::bearer, a.bearer.token = v("token");
  else if (mode == "digest") a.kind = AuthKind::digest, a.digest = {v("username"), v("password")};
  else if (mode == "apikey") {
    a.kind = AuthKind::api_key;
    a.api_key.key = v("key");
    a.api_key.value = v("value");
    a.api_key.in = v("placement") == "queryparams" ? ApiKeyPlacement::query : ApiKeyPlacement::header;
  } else if (mode == "awsv4") {
    a.kind = AuthKind::aws_sigv4;
    a.sigv4 = {v("accessKeyId"), v("secretAccessKey"), v("sessionToken"), v("region"), v("service")};
  } else {
    ok = false;
    if (r) note_not_imported(*r, "auth:" + mode, "Wirepad does not compute " + mode + " authentication here; the request is sent without it", b ? b->offset : 0);
  }
  return a;
}

void read_headers(const std::vector<Block>& blocks, HeaderRows& into) {
  if (const Block* h = find_block(blocks, "headers"))
    for (const Pair& p : h->pairs) into.push_back({p.key, p.value, p.enabled});
}

void note_scripts(const std::vector<Block>& blocks, ImportedRequest* r, std::vector<ImportNote>* batch_notes, const std::string& where) {
  for (const Block& b : blocks) {
    bool script = b.name.starts_with("script:") || b.name == "tests";
    if (!script || text::trim_ows(b.text).empty()) continue;
    std::string sentence = (b.name == "tests" ? std::string("a tests block") : "a " + b.name.substr(7) + " script") +
                           (where.empty() ? "" : " in " + where) + "; JavaScript not run (its checks are not imported)";
    if (r) note_not_imported(*r, b.name, sentence, b.offset);
    else if (batch_notes) batch_notes->push_back({b.name, sentence, b.offset});
  }
}

Result<ImportedRequest> request_from_blocks(const std::vector<Block>& blocks, const std::vector<Inherited>& inherited) {
  ImportedRequest r;
  Experiment& e = r.experiment;
  RequestSpec& q = e.request;
  const Block* meta = find_block(blocks, "meta");
  e.name = pair_value(meta, "name");
  std::string type = pair_value(meta, "type", "http");
  static const char* const kMethods[] = {"get", "post", "put", "delete", "patch", "options", "head", "connect", "trace", "http"};
  const Block* http = nullptr;
  for (const char* m : kMethods)
    if (!http) http = find_block(blocks, m);
  if (!http) {
    if (find_block(blocks, "grpc") || find_block(blocks, "ws") || type == "grpc" || type == "ws")
      return make_error(ErrorCode::invalid_request, "a " + (type == "http" ? std::string("gRPC or WebSocket") : type) +
                                                        " request: Wirepad imports HTTP requests from Bruno");
    return make_error(ErrorCode::invalid_request, "no request block (get {, post {, ...)");
  }
  q.method = http->name == "http" ? text::lower(pair_value(http, "method", "GET")) : http->name;
  for (char& c : q.method) c = char(c >= 'a' && c <= 'z' ? c - 32 : c);
  q.url = pair_value(http, "url");
  if (e.name.empty()) e.name = q.method + " " + q.url;
  // Bruno follows redirects unless a request's settings say otherwise.
  e.options.follow_redirects = true;
  e.options.max_redirects = 5;
  if (const Block* s = find_block(blocks, "settings")) {
    if (pair_value(s, "followRedirects") == "false") e.options.follow_redirects = false;
    if (auto n = json_number(pair_value(s, "maxRedirects")); n && n->find_first_of(".eE-") == std::string::npos && n->size() < 5)
      e.options.max_redirects = std::stoi(*n);
    if (auto t = json_number(pair_value(s, "timeout")); t && *t != "0") e.options.total_timeout = std::stod(*t) / 1000;
  }
  if (type == "graphql") q.body_kind = BodyKind::graphql;
  // Query rows: the URL carries the enabled ones; the table keeps the disabled ones too.
  if (const Block* params = find_block(blocks, "params:query")) {
    QueryParams rows;
    for (const Pair& p : params->pairs) rows.push_back({p.key, p.value, true, p.enabled});
    if (params_table_needed(q.url, rows)) {
      q.params = rows;
      q.url = url_with_params(q.url, rows);
    }
  }
  if (const Block* path = find_block(blocks, "params:path"))
    for (const Pair& p : path->pairs) q.path_variables.push_back({p.key, p.value});
  for (const Inherited& in : inherited)
    for (const HeaderRow& h : in.headers) q.headers.push_back(h);
  read_headers(blocks, q.headers);
  // The body the request block names.
  std::string body = pair_value(http, "body", "none");
  auto text_of = [&](const char* name) -> const Block* { return find_block(blocks, name); };
  if (body == "json" || body == "text" || body == "xml" || body == "sparql") {
    const Block* b = text_of(("body:" + body).c_str());
    q.body_kind = BodyKind::raw;
    q.body = b ? b->text : "";
    q.body_language = body == "json" ? RawLanguage::json : body == "xml" ? RawLanguage::xml : RawLanguage::text;
    if (body == "sparql") q.headers.push_back({"Content-Type", "application/sparql-query"});
  } else if (body == "formUrlEncoded") {
    q.body_kind = BodyKind::urlencoded;
    if (const Block* b = text_of("body:form-urlencoded"))
      for (const Pair& p : b->pairs) q.form.push_back({p.key, p.value, p.enabled});
  } else if (body == "multipartForm") {
    q.body_kind = BodyKind::multipart;
    if (const Block* b = text_of("body:multipart-form")) {
      for (const Pair& p : b->pairs) {
        MultipartPart part;
        part.name = p.key;
        part.enabled = p.enabled;
        std::string v = p.value;
        if (std::size_t ct = v.rfind(" @contentType("); ct != std::string::npos && v.ends_with(")")) {
          part.content_type = v.substr(ct + 14, v.size() - ct - 15);
          v.resize(ct);
        }
        if (v.starts_with("@file(") && v.ends_with(")")) {
          part.is_file = true;
          part.value = v.substr(6, v.size() - 7);
          if (part.value.find('|') != std::string::npos)
            note_not_imported(r, p.key + ": " + p.value, "several files in one part; Wirepad sends the first", p.offset);
          part.value = part.value.substr(0, part.value.find('|'));
          part.filename = part.value.substr(part.value.find_last_of('/') + 1);
        } else {
          part.value = v;
        }
        q.multipart.push_back(std::move(part));
      }
    }
  } else if (body == "graphql") {
    q.body_kind = BodyKind::graphql;
    if (const Block* b = text_of("body:graphql")) q.graphql.query = b->text;
    if (const Block* b = text_of("body:graphql:vars")) q.graphql.variables = b->text;
  } else if (body == "file") {
    q.body_kind = BodyKind::binary;
    if (const Block* b = text_of("body:file")) {
      for (const Pair& p : b->pairs) {
        if (!p.enabled) continue;
        std::string v = p.value;
        if (std::size_t ct = v.rfind(" @contentType("); ct != std::string::npos && v.ends_with(")")) {
          q.headers.push_back({"Content-Type", v.substr(ct + 14, v.size() - ct - 15)});
          v.resize(ct);
        }
        if (v.starts_with("@file(") && v.ends_with(")")) {
          q.binary_file = v.substr(6, v.size() - 7);
          r.body_file = q.binary_file;
          break;
        }
      }
    }
  } else if (body == "none") {
    if (q.body_kind != BodyKind::graphql) q.body_kind = BodyKind::none;
  } else {
    note_not_imported(r, "body: " + body, "a body mode Wirepad does not know; sent without a body", http->offset);
    q.body_kind = BodyKind::none;
  }
  // Other body blocks the file keeps but Bruno does not send.
  for (const Block& b : blocks) {
    if (!b.name.starts_with("body:")) continue;
    std::string mode = b.name.substr(5);
    const std::string selected = body == "formUrlEncoded" ? "form-urlencoded" : body == "multipartForm" ? "multipart-form" : body;
    if (mode == selected || (mode == "graphql:vars" && body == "graphql")) continue;
    if (b.pairs.empty() && text::trim_ows(b.text).empty()) continue;
    note_not_imported(r, b.name, "kept in the .bru file but not sent (the request's body mode is " + body + ")", b.offset);
  }
  // Auth: the request's mode; inherit takes the nearest folder's, then the collection's.
  std::string mode = pair_value(http, "auth", "none");
  bool ok = true;
  if (mode == "inherit") {
    for (auto it = inherited.rbegin(); it != inherited.rend(); ++it) {
      if (it->has_auth) {
        q.auth = it->auth;
        break;
      }
    }
  } else {
    q.auth = read_auth(blocks, mode, &r, ok);
  }
  if (const Block* pre = find_block(blocks, "vars:pre-request")) {
    for (const Pair& p : pre->pairs)
      note_not_imported(r, "vars:pre-request " + p.key + ": " + p.value,
                        "a request variable; Wirepad takes variables from the environment (define " + p.key + " there)", p.offset);
  }
  if (const Block* post = find_block(blocks, "vars:post-response"))
    for (const Pair& p : post->pairs) add_post_response_var(r, p);
  if (const Block* as = find_block(blocks, "assert"))
    for (const Pair& p : as->pairs) add_assert(r, p);
  note_scripts(blocks, &r, nullptr, "");
  if (const Block* docs = find_block(blocks, "docs"); docs && !text::trim_ows(docs->text).empty())
    note_not_imported(r, "docs", "the request's documentation is not kept in the experiment", docs->offset);
  return r;
}

Inherited inherited_from(const std::vector<Block>& blocks, const std::string& from, std::vector<ImportNote>& notes) {
  Inherited in;
  in.from = from;
  read_headers(blocks, in.headers);
  if (const Block* auth = find_block(blocks, "auth")) {
    std::string mode = pair_value(auth, "mode", "none");
    bool ok = true;
    in.auth = read_auth(blocks, mode, nullptr, ok);
    in.has_auth = mode != "inherit";
    if (!ok) notes.push_back({from + " auth:" + mode, "Wirepad does not compute " + mode + " authentication; requests that inherit it are sent without it", auth->offset});
  }
  note_scripts(blocks, nullptr, &notes, from);
  for (const Block& b : blocks) {
    if (b.name == "vars:pre-request" || b.name == "vars:post-response" || b.name == "assert")
      if (!b.pairs.empty()) notes.push_back({from + " " + b.name, "checks and variables of a folder or the collection are not imported; put them on the requests", b.offset});
  }
  return in;
}

}  // namespace

bool looks_like_bru(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  std::string_view t = text.substr(start);
  for (std::string_view head : {"meta {", "get {", "post {", "put {", "delete {", "patch {", "options {", "head {"})
    if (t.starts_with(head)) return true;
  return false;
}

Result<ImportBatch> import_bru(std::string_view text) {
  Result<std::vector<Block>> blocks = parse_blocks(text);
  if (!blocks) return blocks.error();
  Result<ImportedRequest> r = request_from_blocks(*blocks, {});
  if (!r) return r.error();
  r->source = "the .bru file";
  ImportBatch batch;
  batch.requests.push_back(std::move(r.value()));
  return batch;
}

Result<Environment> import_bruno_environment(std::string_view text, const std::string& name) {
  Result<std::vector<Block>> blocks = parse_blocks(text);
  if (!blocks) return blocks.error();
  Environment env;
  env.name = name;
  for (const Block& b : *blocks) {
    if (b.name == "vars") {
      for (const Pair& p : b.pairs)
        if (p.enabled) env.variables.push_back({p.key, p.value, false});
    } else if (b.name == "vars:secret") {
      for (const Pair& p : b.pairs) {
        if (!p.enabled) continue;
        bool found = false;
        for (Variable& v : env.variables) {
          if (v.name == p.key) v.secret = found = true;
        }
        if (!found) env.variables.push_back({p.key, "", true});
      }
    }
  }
  return env;
}

Result<ImportBatch> import_bruno_collection(const std::vector<BrunoFile>& input) {
  ImportBatch batch;
  std::vector<BrunoFile> files = input;
  std::sort(files.begin(), files.end(), [](const BrunoFile& a, const BrunoFile& b) { return a.path < b.path; });
  auto folder_of = [](const std::string& path) {
    std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
  };
  std::string collection_name;
  std::map<std::string, Inherited> folders;  // "" is the collection
  for (const BrunoFile& f : files) {
    if (f.path == "bruno.json") {
      auto j = nlohmann::json::parse(f.text, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return make_error(ErrorCode::invalid_request, "bruno.json is not a JSON object");
      if (j.contains("name") && j["name"].is_string()) collection_name = j["name"].get<std::string>();
      if (j.contains("scripts") || j.contains("proxy") || j.contains("clientCertificates"))
        batch.not_imported.push_back({"bruno.json", "the collection's proxy, client certificate and script settings are not imported", 0});
    } else if (f.path == "collection.bru" || f.path.ends_with("/folder.bru") || f.path == "folder.bru") {
      Result<std::vector<Block>> blocks = parse_blocks(f.text);
      if (!blocks) return make_error(ErrorCode::invalid_request, f.path + ": " + blocks.error().message, blocks.error().offset);
      folders[f.path == "collection.bru" ? std::string() : folder_of(f.path)] = inherited_from(*blocks, f.path, batch.not_imported);
    }
  }
  if (collection_name.empty() && folders.empty()) {
    bool any_bru = false;
    for (const BrunoFile& f : files) any_bru = any_bru || f.path.ends_with(".bru");
    if (!any_bru) return make_error(ErrorCode::invalid_request, "no bruno.json and no .bru file: this is not a Bruno collection");
  }
  struct Ordered {
    std::string folder;
    double seq;
    std::string path;
    ImportedRequest request;
  };
  std::vector<Ordered> requests;
  for (const BrunoFile& f : files) {
    if (!f.path.ends_with(".bru") || f.path == "collection.bru" || f.path.ends_with("folder.bru")) continue;
    if (f.path.starts_with("environments/")) {
      std::string name = f.path.substr(13, f.path.size() - 17);
      Result<Environment> env = import_bruno_environment(f.text, name);
      if (!env) return make_error(ErrorCode::invalid_request, f.path + ": " + env.error().message, env.error().offset);
      batch.named_environments.push_back(std::move(env.value()));
      continue;
    }
    Result<std::vector<Block>> blocks = parse_blocks(f.text);
    if (!blocks) return make_error(ErrorCode::invalid_request, f.path + ": " + blocks.error().message, blocks.error().offset);
    std::string folder = folder_of(f.path);
    // The collection's and each enclosing folder's headers and auth, outermost first.
    std::vector<Inherited> chain;
    if (auto c = folders.find(""); c != folders.end()) chain.push_back(c->second);
    for (std::size_t at = 0; !folder.empty() && at <= folder.size();) {
      std::size_t slash = folder.find('/', at);
      if (slash == std::string::npos) slash = folder.size();
      if (auto it = folders.find(folder.substr(0, slash)); it != folders.end()) chain.push_back(it->second);
      at = slash + 1;
    }
    Result<ImportedRequest> r = request_from_blocks(*blocks, chain);
    if (!r) {
      batch.not_imported.push_back({f.path, r.error().message + "; not imported", 0});
      continue;
    }
    r->source = f.path;
    r->folder = folder;
    double seq = 1e9;
    if (const Block* meta = find_block(*blocks, "meta"))
      if (auto n = json_number(pair_value(meta, "seq"))) seq = std::stod(*n);
    requests.push_back({folder, seq, f.path, std::move(r.value())});
  }
  // Bruno's runner: a folder's requests by seq, then its sub-folders by name.
  std::stable_sort(requests.begin(), requests.end(), [](const Ordered& a, const Ordered& b) {
    if (a.folder != b.folder) return a.folder < b.folder;  // the collection's own requests first
    if (a.seq != b.seq) return a.seq < b.seq;
    return a.path < b.path;
  });
  for (Ordered& o : requests) batch.requests.push_back(std::move(o.request));
  // Bruno sends an undefined {{name}} as it is written; Wirepad stops before sending and names
  // it. Said per request for names no environment of the collection defines (a script's
  // bru.setVar cannot be seen here).
  for (ImportedRequest& r : batch.requests) {
    const RequestSpec& q = r.experiment.request;
    std::string texts = q.url + "\n" + q.body + "\n" + q.graphql.query + "\n" + q.graphql.variables;
    for (const HeaderRow& h : q.headers) texts += "\n" + h.value;
    for (const FormField& f : q.form) texts += "\n" + f.value;
    for (const MultipartPart& m : q.multipart) texts += "\n" + m.value;
    for (const std::string& name : template_variables(texts)) {
      bool defined = false;
      for (const Environment& e : batch.named_environments) defined = defined || e.find(name);
      if (!defined)
        note_not_imported(r, "{{" + name + "}}", "no environment of the collection defines it: Bruno sends it as written, "
                                                 "Wirepad stops before sending and names it (define it in the environment)", 0);
    }
  }
  batch.environment.name = collection_name.empty() ? "Bruno collection" : collection_name;
  return batch;
}

}  // namespace wirepad
