// wirepad core: jsonpath.h. [SECTION] index: the compiled form; the parser (RFC 9535 §2.1
// grammar, ABNF rule names in comments); type checking of functions (§2.4.3); evaluation
// (§2.3 selectors, §2.5 segments, §2.3.5.2 filter semantics).
//
// No exception is thrown on the parse or select path (match() and search() run PCRE2 through
// shared/regex.h, which reports errors as values).
#include "jsonpath.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <optional>

#include "regex.h"

namespace wirepad::jsonpath {

// [SECTION] the compiled form ------------------------------------------------------------

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Selector {
  enum class Kind { name, wildcard, index, slice, filter } kind = Kind::name;
  std::string name;
  std::int64_t index = 0;
  std::optional<std::int64_t> start, end, step;
  ExprPtr filter;
};

Selector wildcard_selector() {
  Selector s;
  s.kind = Selector::Kind::wildcard;
  return s;
}

struct Segment {
  bool descendant = false;
  std::vector<Selector> selectors;
};

struct PathExpr {
  bool relative = false;  // "@" (the filter's current node) or "$" (the root)
  std::vector<Segment> segments;
  bool singular() const {
    for (const Segment& s : segments) {
      if (s.descendant || s.selectors.size() != 1) return false;
      if (s.selectors[0].kind != Selector::Kind::name && s.selectors[0].kind != Selector::Kind::index) return false;
    }
    return true;
  }
};

// §2.4.1: the three types of function parameters and results.
enum class Type { value, logical, nodes };

enum class Function { length, count, match, search, value };

struct Expr {
  enum class Kind { or_, and_, not_, compare, query, function, literal } kind = Kind::literal;
  std::vector<ExprPtr> operands;  // or/and: 2+; not: 1; compare: 2; function: its arguments
  std::string op;                 // compare: == != < <= > >=
  PathExpr query;                 // kind query
  Function function = Function::length;
  Json literal;
  std::size_t position = 0;       // where it starts in the query text, for type errors
};

struct Program {
  PathExpr path;
};

namespace {

// [SECTION] the parser --------------------------------------------------------------------

constexpr std::int64_t kMaxInt = 9007199254740991;  // 2^53 - 1, I-JSON's exact range (§2.1)
constexpr int kMaxDepth = 64;

struct Function_info {
  const char* name;
  Function function;
  Type result;
  std::vector<Type> parameters;
};

const std::vector<Function_info>& functions() {
  static const std::vector<Function_info> table = {
      {"length", Function::length, Type::value, {Type::value}},
      {"count", Function::count, Type::value, {Type::nodes}},
      {"match", Function::match, Type::logical, {Type::value, Type::value}},
      {"search", Function::search, Type::logical, {Type::value, Type::value}},
      {"value", Function::value, Type::value, {Type::nodes}},
  };
  return table;
}

const Function_info& info(Function f) {
  for (const auto& i : functions())
    if (i.function == f) return i;
  return functions()[0];
}

bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// name-first = ALPHA / "_" / %x80-D7FF / %xE000-10FFFF (any byte of a non-ASCII character).
bool is_name_first(unsigned char c) { return is_alpha(c) || c == '_' || c >= 0x80; }
bool is_name_char(unsigned char c) { return is_name_first(c) || is_digit(c); }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Program> run() {
    Program program;
    if (!eat('$')) return fail("a JSONPath query starts with '$' (the root)");
    if (!segments(program.path)) return error_;
    blanks();
    if (pos_ != s_.size()) {
      if (!error_) fail("unexpected '" + std::string(1, s_[pos_]) + "'; expected '.', '..' or '['");
      return error_;
    }
    return program;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  Error error_;

  Error fail(const std::string& what) { return fail_at(pos_, what); }
  Error fail_at(std::size_t at, const std::string& what) {
    if (!error_) {
      error_ = make_error(ErrorCode::invalid_experiment,
                          "invalid JSONPath \"" + std::string(s_) + "\" at position " + std::to_string(at) + ": " + what,
                          std::int64_t(at));
    }
    return error_;
  }
  bool at_end() const { return pos_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool eat(char c) {
    if (peek() != c || at_end()) return false;
    ++pos_;
    return true;
  }
  bool eat(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  void blanks() {
    while (!at_end() && is_blank(s_[pos_])) ++pos_;
  }
  std::string shown(std::size_t at) const {
    if (at >= s_.size()) return "the end";
    return "'" + std::string(1, s_[at]) + "'";
  }

  // segments = *(S segment). Whitespace is allowed before a segment, so look past it and
  // step back when no segment follows (the caller may have "&&", ")" or "]" to read).
  bool segments(PathExpr& path) {
    for (;;) {
      std::size_t before = pos_;
      blanks();
      if (peek() == '.' && peek(1) == '.') {
        pos_ += 2;
        Segment seg;
        seg.descendant = true;
        if (peek() == '[') {
          if (!bracketed(seg)) return false;
        } else if (eat('*')) {
          seg.selectors.push_back(wildcard_selector());
        } else if (is_name_first(peek()) && !at_end()) {
          seg.selectors.push_back(shorthand());
        } else {
          fail("expected a member name, '*' or '[' after '..'");
          return false;
        }
        path.segments.push_back(std::move(seg));
      } else if (peek() == '.') {
        ++pos_;
        Segment seg;
        if (eat('*')) {
          seg.selectors.push_back(wildcard_selector());
        } else if (is_name_first(peek()) && !at_end()) {
          seg.selectors.push_back(shorthand());
        } else {
          fail(is_blank(peek()) ? "no space is allowed after '.'" : "expected a member name or '*' after '.'");
          return false;
        }
        path.segments.push_back(std::move(seg));
      } else if (peek() == '[') {
        Segment seg;
        if (!bracketed(seg)) return false;
        path.segments.push_back(std::move(seg));
      } else {
        pos_ = before;
        return true;
      }
    }
  }

  Selector shorthand() {  // member-name-shorthand
    Selector sel;
    std::size_t start = pos_;
    while (!at_end() && is_name_char(s_[pos_])) ++pos_;
    sel.name = std::string(s_.substr(start, pos_ - start));
    return sel;
  }

  // bracketed-selection = "[" S selector *(S "," S selector) S "]"
  bool bracketed(Segment& seg) {
    ++pos_;  // '['
    for (;;) {
      blanks();
      Selector sel;
      if (!selector(sel)) return false;
      seg.selectors.push_back(std::move(sel));
      blanks();
      if (eat(',')) continue;
      if (eat(']')) return true;
      fail("expected ',' or ']' in a bracketed selection, not " + shown(pos_));
      return false;
    }
  }

  bool selector(Selector& sel) {
    char c = peek();
    if (at_end()) {
      fail("the bracketed selection is not closed: expected a selector and ']'");
      return false;
    }
    if (c == '\'' || c == '"') {
      sel.kind = Selector::Kind::name;
      return string_literal(sel.name);
    }
    if (c == '*') {
      ++pos_;
      sel.kind = Selector::Kind::wildcard;
      return true;
    }
    if (c == '?') {
      ++pos_;
      sel.kind = Selector::Kind::filter;
      blanks();
      if (++depth_ > kMaxDepth) {
        fail("the query nests deeper than " + std::to_string(kMaxDepth) + " levels");
        return false;
      }
      sel.filter = logical_or();
      --depth_;
      if (!sel.filter) return false;
      return check_test(*sel.filter);
    }
    if (c == ':' || c == '-' || is_digit(c)) {
      std::optional<std::int64_t> first;
      if (c != ':') {
        std::int64_t v;
        if (!integer(v)) return false;
        first = v;
        blanks();
        if (peek() != ':') {
          sel.kind = Selector::Kind::index;
          sel.index = v;
          return true;
        }
      }
      // slice-selector = [start S] ":" S [end S] [":" [S step]]
      sel.kind = Selector::Kind::slice;
      sel.start = first;
      ++pos_;  // ':'
      blanks();
      if (peek() == '-' || is_digit(peek())) {
        std::int64_t v;
        if (!integer(v)) return false;
        sel.end = v;
        blanks();
      }
      if (eat(':')) {
        blanks();
        if (peek() == '-' || is_digit(peek())) {
          std::int64_t v;
          if (!integer(v)) return false;
          sel.step = v;
        }
      }
      return true;
    }
    fail("expected a selector (a quoted name, '*', an index, a slice or '?filter'), not " + shown(pos_));
    return false;
  }

  // int = "0" / (["-"] DIGIT1 *DIGIT), within +-(2^53-1)
  bool integer(std::int64_t& out) {
    std::size_t start = pos_;
    bool negative = eat('-');
    if (!is_digit(peek()) || at_end()) {
      fail_at(start, "expected digits of an integer");
      return false;
    }
    if (peek() == '0' && (negative || is_digit(peek(1)))) {
      fail_at(start, negative ? "\"-0\" is not an integer in JSONPath" : "an integer has no leading zeros");
      return false;
    }
    std::int64_t v = 0;
    while (!at_end() && is_digit(peek())) {
      v = v * 10 + (s_[pos_++] - '0');
      if (v > kMaxInt) {
        fail_at(start, "the integer is out of range (JSONPath allows -(2^53-1) to 2^53-1)");
        return false;
      }
    }
    out = negative ? -v : v;
    return true;
  }

  // string-literal: '...' or "..." with JSON's escapes plus \' inside single quotes (§2.3.1.1)
  bool string_literal(std::string& out) {
    char quote = s_[pos_];
    std::size_t start = pos_++;
    for (;;) {
      if (at_end()) {
        fail_at(start, "the string is not closed: expected " + std::string(1, quote));
        return false;
      }
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == static_cast<unsigned char>(quote)) {
        ++pos_;
        return true;
      }
      if (c < 0x20) {
        fail("a control character must be escaped inside a string (\\n, \\t, \\u00XX)");
        return false;
      }
      if (c != '\\') {
        out += char(c);
        ++pos_;
        continue;
      }
      ++pos_;
      char e = peek();
      if (at_end()) {
        fail("the escape is cut off");
        return false;
      }
      ++pos_;
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '/': out += '/'; break;
        case '\\': out += '\\'; break;
        case '\'':
        case '"':
          if (e != quote) {
            fail_at(pos_ - 2, std::string("\\") + e + " is not an escape inside " + (quote == '\'' ? "single" : "double") +
                                  " quotes: write the quote as it is");
            return false;
          }
          out += e;
          break;
        case 'u': {
          std::uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail_at(pos_ - 6, "a low surrogate \\u" + std::string(s_.substr(pos_ - 4, 4)) + " without a high one before it");
            return false;
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low;
            if (!(eat("\\u") && hex4(low)) || low < 0xDC00 || low > 0xDFFF) {
              fail("a high surrogate must be followed by a low one (\\uDC00-\\uDFFF)");
              return false;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default:
          fail_at(pos_ - 2, std::string("unknown escape \\") + e);
          return false;
      }
    }
  }

  bool hex4(std::uint32_t& out) {
    out = 0;
    for (int i = 0; i < 4; ++i) {
      char c = peek();
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0 || at_end()) {
        fail("\\u takes four hex digits");
        return false;
      }
      out = out * 16 + std::uint32_t(d);
      ++pos_;
    }
    return true;
  }

  // logical-or-expr = logical-and-expr *(S "||" S logical-and-expr)
  ExprPtr logical_or() {
    std::size_t start = pos_;
    ExprPtr first = logical_and();
    if (!first) return nullptr;
    std::vector<ExprPtr> items;
    items.push_back(std::move(first));
    for (;;) {
      std::size_t before = pos_;
      blanks();
      if (!eat("||")) {
        pos_ = before;
        break;
      }
      blanks();
      ExprPtr next = logical_and();
      if (!next) return nullptr;
      items.push_back(std::move(next));
    }
    if (items.size() == 1) return std::move(items[0]);
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::or_;
    e->operands = std::move(items);
    e->position = start;
    return e;
  }

  ExprPtr logical_and() {
    std::size_t start = pos_;
    ExprPtr first = basic();
    if (!first) return nullptr;
    std::vector<ExprPtr> items;
    items.push_back(std::move(first));
    for (;;) {
      std::size_t before = pos_;
      blanks();
      if (!eat("&&")) {
        pos_ = before;
        break;
      }
      blanks();
      ExprPtr next = basic();
      if (!next) return nullptr;
      items.push_back(std::move(next));
    }
    for (std::size_t i = 0; items.size() > 1 && i < items.size(); ++i)
      if (!check_test(*items[i])) return nullptr;
    if (items.size() == 1) return std::move(items[0]);
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::and_;
    e->operands = std::move(items);
    e->position = start;
    return e;
  }

  // basic-expr = paren-expr / comparison-expr / test-expr, with "!" before a paren or a test.
  // A lone literal is returned too: a function argument may be one (the caller checks).
  ExprPtr basic() {
    std::size_t start = pos_;
    if (++depth_ > kMaxDepth) {
      fail("the query nests deeper than " + std::to_string(kMaxDepth) + " levels");
      return nullptr;
    }
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth_};
    if (eat('!')) {
      blanks();
      ExprPtr inner;
      if (eat('(')) {
        inner = parenthesized();
      } else {
        std::size_t at = pos_;
        inner = comparable();
        if (inner && inner->kind != Expr::Kind::query && inner->kind != Expr::Kind::function) {
          fail_at(at, "'!' applies to a query, a function or a parenthesized expression, not a literal");
          return nullptr;
        }
        if (inner) {
          std::size_t before = pos_;
          blanks();
          if (comparison_op_ahead()) {
            fail_at(start, "'!' binds tighter than a comparison: write !(a == b)");
            return nullptr;
          }
          pos_ = before;
        }
      }
      if (!inner || !check_test(*inner)) return nullptr;
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::not_;
      e->position = start;
      e->operands.push_back(std::move(inner));
      return e;
    }
    if (eat('(')) return parenthesized();
    ExprPtr left = comparable();
    if (!left) return nullptr;
    std::size_t before = pos_;
    blanks();
    std::string op = comparison_op();
    if (op.empty()) {
      pos_ = before;
      return left;
    }
    blanks();
    if (at_end()) {
      fail("expected a value (a literal, a singular query or a function) after \"" + op + "\"");
      return nullptr;
    }
    ExprPtr right = comparable();
    if (!right) return nullptr;
    if (!check_comparable(*left) || !check_comparable(*right)) return nullptr;
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::compare;
    e->op = op;
    e->position = start;
    e->operands.push_back(std::move(left));
    e->operands.push_back(std::move(right));
    return e;
  }

  ExprPtr parenthesized() {
    blanks();
    ExprPtr inner = logical_or();
    if (!inner) return nullptr;
    if (!check_test(*inner)) return nullptr;
    blanks();
    if (!eat(')')) {
      fail("expected ')' to close the parenthesis, not " + shown(pos_));
      return nullptr;
    }
    return inner;
  }

  bool comparison_op_ahead() const {
    std::string_view rest = s_.substr(pos_);
    return rest.rfind("==", 0) == 0 || rest.rfind("!=", 0) == 0 || rest.rfind("<", 0) == 0 || rest.rfind(">", 0) == 0;
  }

  std::string comparison_op() {
    for (const char* op : {"==", "!=", "<=", ">=", "<", ">"})
      if (eat(std::string_view(op))) return op;
    return {};
  }

  // comparable = literal / singular-query / function-expr; any query is read here, and
  // check_comparable refuses a non-singular one in a comparison.
  ExprPtr comparable() {
    std::size_t start = pos_;
    auto e = std::make_unique<Expr>();
    e->position = start;
    char c = peek();
    if (at_end()) {
      fail("expected a query, a function, a literal or '(' here");
      return nullptr;
    }
    if (c == '@' || c == '$') {
      ++pos_;
      e->kind = Expr::Kind::query;
      e->query.relative = c == '@';
      if (!segments(e->query)) return nullptr;
      return e;
    }
    if (c == '\'' || c == '"') {
      std::string text;
      if (!string_literal(text)) return nullptr;
      e->kind = Expr::Kind::literal;
      e->literal = text;
      return e;
    }
    if (c == '-' || is_digit(c)) {
      if (!number(e->literal)) return nullptr;
      e->kind = Expr::Kind::literal;
      return e;
    }
    if (is_alpha(c)) {
      std::size_t name_start = pos_;
      while (!at_end() && (is_alpha(peek()) || is_digit(peek()) || peek() == '_')) ++pos_;
      std::string word(s_.substr(name_start, pos_ - name_start));
      if (peek() != '(') {
        if (word == "true" || word == "false" || word == "null") {
          e->kind = Expr::Kind::literal;
          e->literal = word == "null" ? Json(nullptr) : Json(word == "true");
          return e;
        }
        fail_at(name_start, "unknown word '" + word + "': expected a query (@ or $), a literal (true, false, null, a number, a quoted string) or a function call");
        return nullptr;
      }
      return function_call(word, name_start);
    }
    fail("expected a query (@ or $), a literal or a function, not " + shown(pos_));
    return nullptr;
  }

  // number = (int / "-0") [ frac ] [ exp ], as JSON's numbers
  bool number(Json& out) {
    std::size_t start = pos_;
    eat('-');
    if (!is_digit(peek()) || at_end()) {
      fail_at(start, "expected a number");
      return false;
    }
    if (peek() == '0' && is_digit(peek(1))) {
      fail_at(start, "a number has no leading zeros");
      return false;
    }
    while (is_digit(peek()) && !at_end()) ++pos_;
    bool integral = true;
    if (peek() == '.') {
      ++pos_;
      integral = false;
      if (!is_digit(peek()) || at_end()) {
        fail("expected digits after the decimal point");
        return false;
      }
      while (is_digit(peek()) && !at_end()) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      integral = false;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek()) || at_end()) {
        fail("expected digits in the exponent");
        return false;
      }
      while (is_digit(peek()) && !at_end()) ++pos_;
    }
    std::string text(s_.substr(start, pos_ - start));
    if (integral && text.size() < 16) {
      out = std::stoll(text);
    } else {
      out = std::strtod(text.c_str(), nullptr);
    }
    return true;
  }

  // function-expr = function-name "(" S [function-argument *(S "," S function-argument)] S ")"
  ExprPtr function_call(const std::string& name, std::size_t start) {
    const Function_info* found = nullptr;
    for (const auto& f : functions())
      if (name == f.name) found = &f;
    if (!found) {
      fail_at(start, "unknown function " + name + "(): this Wirepad knows length(), count(), match(), search() and value()");
      return nullptr;
    }
    if (!is_alpha(name[0]) || name[0] < 'a') {
      fail_at(start, "function names are lower case");
      return nullptr;
    }
    ++pos_;  // '('
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::function;
    e->function = found->function;
    e->position = start;
    blanks();
    if (!eat(')')) {
      for (;;) {
        blanks();
        std::size_t arg_at = pos_;
        ExprPtr arg = logical_or();
        if (!arg) return nullptr;
        std::size_t index = e->operands.size();
        if (index < found->parameters.size() && !check_argument(*arg, found->parameters[index], name, index, arg_at))
          return nullptr;
        e->operands.push_back(std::move(arg));
        blanks();
        if (eat(',')) continue;
        if (eat(')')) break;
        fail("expected ',' or ')' in the arguments of " + name + "(), not " + shown(pos_));
        return nullptr;
      }
    }
    if (e->operands.size() != found->parameters.size()) {
      fail_at(start, name + "() takes " + std::to_string(found->parameters.size()) + " argument" +
                         (found->parameters.size() == 1 ? "" : "s") + ", not " + std::to_string(e->operands.size()));
      return nullptr;
    }
    return e;
  }

  // [SECTION] type checking (§2.4.3) ---------------------------------------------------------

  // A test-expr (a filter, an operand of && || !): a query (existence), a function whose
  // result is LogicalType or NodesType, or a logical expression. Not a literal, and not a
  // ValueType function (§2.4.3: "?length(@) " is not well-typed).
  bool check_test(const Expr& e) {
    if (e.kind == Expr::Kind::literal) {
      fail_at(e.position, "a literal is not a test: compare it with something (@.a == " + e.literal.dump() + ")");
      return false;
    }
    if (e.kind == Expr::Kind::function && info(e.function).result == Type::value) {
      fail_at(e.position, std::string(info(e.function).name) + "() gives a value, not a test: compare it (" +
                              info(e.function).name + "(...) == 1)");
      return false;
    }
    return true;
  }

  // A side of a comparison: a literal, a singular query, or a ValueType function.
  bool check_comparable(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::literal: return true;
      case Expr::Kind::query:
        if (!e.query.singular()) {
          fail_at(e.position, "a comparison needs a singular query (names and indexes only, §2.3.5.1); this one may select "
                              "several nodes");
          return false;
        }
        return true;
      case Expr::Kind::function:
        if (info(e.function).result != Type::value) {
          fail_at(e.position, std::string(info(e.function).name) + "() is a test, not a value: it cannot be compared");
          return false;
        }
        return true;
      default:
        fail_at(e.position, "a comparison compares values: a literal, a singular query or a function; put a logical "
                            "expression in a filter instead");
        return false;
    }
  }

  bool check_argument(const Expr& e, Type parameter, const std::string& name, std::size_t index, std::size_t at) {
    std::string which = "argument " + std::to_string(index + 1) + " of " + name + "()";
    switch (parameter) {
      case Type::value:
        if (e.kind == Expr::Kind::literal) return true;
        if (e.kind == Expr::Kind::query && e.query.singular()) return true;
        if (e.kind == Expr::Kind::function && info(e.function).result == Type::value) return true;
        fail_at(at, which + " is a value: a literal, a singular query or a function giving a value");
        return false;
      case Type::nodes:
        if (e.kind == Expr::Kind::query) return true;
        fail_at(at, which + " is a node list: a query such as @.items[*]");
        return false;
      case Type::logical:
        if (e.kind == Expr::Kind::literal) {
          fail_at(at, which + " is a test, not a literal");
          return false;
        }
        return true;
    }
    return true;
  }
};

// [SECTION] evaluation ----------------------------------------------------------------------

// A value in a filter (§2.4.1 ValueType): a node of the document, a literal or a function's
// result, or Nothing.
struct Value {
  const Json* ref = nullptr;
  Json own;
  bool nothing = true;
  static Value of(const Json* j) {
    Value v;
    v.ref = j;
    v.nothing = false;
    return v;
  }
  static Value owned(Json j) {
    Value v;
    v.own = std::move(j);
    v.nothing = false;
    return v;
  }
  const Json& get() const { return ref ? *ref : own; }
};

bool less_than(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a < b;
  // Strings compare by Unicode scalar values; UTF-8's byte order is the same order.
  if (a.is_string() && b.is_string()) return a.get_ref<const std::string&>() < b.get_ref<const std::string&>();
  return false;
}

std::size_t scalar_count(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string normalized_index(std::int64_t i) { return "[" + std::to_string(i) + "]"; }

class Evaluator {
 public:
  explicit Evaluator(const Json& root) : root_(root) {}

  void run(const PathExpr& path, const Json& start, const std::string& start_path, std::vector<Node>& out,
           bool want_paths) {
    std::vector<Node> current{{&start, want_paths ? start_path : std::string()}};
    std::vector<Node> next;
    for (const Segment& seg : path.segments) {
      next.clear();
      for (const Node& n : current) {
        if (seg.descendant) descend(seg, n, next, want_paths);
        else apply(seg, n, next, want_paths);
      }
      current.swap(next);
      if (current.empty()) break;
    }
    out.insert(out.end(), std::make_move_iterator(current.begin()), std::make_move_iterator(current.end()));
  }

 private:
  const Json& root_;
  std::map<std::string, std::optional<Regex>> regexes_;

  void descend(const Segment& seg, const Node& n, std::vector<Node>& out, bool want_paths) {
    // §2.5.2.2: the node itself, then its descendants, parents before children.
    apply(seg, n, out, want_paths);
    const Json& v = *n.value;
    if (v.is_array()) {
      for (std::size_t i = 0; i < v.size(); ++i)
        descend(seg, Node{&v[i], want_paths ? n.path + normalized_index(std::int64_t(i)) : std::string()}, out, want_paths);
    } else if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it)
        descend(seg, Node{&it.value(), want_paths ? n.path + "[" + normalized_name(it.key()) + "]" : std::string()}, out,
                want_paths);
    }
  }

  void apply(const Segment& seg, const Node& n, std::vector<Node>& out, bool want_paths) {
    for (const Selector& sel : seg.selectors) select(sel, n, out, want_paths);
  }

  void select(const Selector& sel, const Node& n, std::vector<Node>& out, bool want_paths) {
    const Json& v = *n.value;
    auto child_path = [&](const std::string& key) { return want_paths ? n.path + "[" + normalized_name(key) + "]" : std::string(); };
    auto index_path = [&](std::int64_t i) { return want_paths ? n.path + normalized_index(i) : std::string(); };
    switch (sel.kind) {
      case Selector::Kind::name:
        if (v.is_object()) {
          auto it = v.find(sel.name);
          if (it != v.end()) out.push_back(Node{&it.value(), child_path(sel.name)});
        }
        return;
      case Selector::Kind::wildcard:
        if (v.is_array()) {
          for (std::size_t i = 0; i < v.size(); ++i) out.push_back(Node{&v[i], index_path(std::int64_t(i))});
        } else if (v.is_object()) {
          for (auto it = v.begin(); it != v.end(); ++it) out.push_back(Node{&it.value(), child_path(it.key())});
        }
        return;
      case Selector::Kind::index:
        if (v.is_array()) {
          std::int64_t size = std::int64_t(v.size());
          std::int64_t i = sel.index < 0 ? size + sel.index : sel.index;
          if (i >= 0 && i < size) out.push_back(Node{&v[std::size_t(i)], index_path(i)});
        }
        return;
      case Selector::Kind::slice: {
        if (!v.is_array()) return;
        // §2.3.4.2.2, with the defaults of Table 8.
        const std::int64_t len = std::int64_t(v.size());
        const std::int64_t step = sel.step.value_or(1);
        if (step == 0) return;
        auto normalize = [len](std::int64_t i) { return i >= 0 ? i : len + i; };
        std::int64_t start = sel.start ? normalize(*sel.start) : (step > 0 ? 0 : len - 1);
        std::int64_t end = sel.end ? normalize(*sel.end) : (step > 0 ? len : -len - 1);
        if (step > 0) {
          std::int64_t lower = std::min(std::max(start, std::int64_t(0)), len);
          std::int64_t upper = std::min(std::max(end, std::int64_t(0)), len);
          for (std::int64_t i = lower; i < upper; i += step) out.push_back(Node{&v[std::size_t(i)], index_path(i)});
        } else {
          std::int64_t upper = std::min(std::max(start, std::int64_t(-1)), len - 1);
          std::int64_t lower = std::min(std::max(end, std::int64_t(-1)), len - 1);
          for (std::int64_t i = upper; lower < i; i += step) out.push_back(Node{&v[std::size_t(i)], index_path(i)});
        }
        return;
      }
      case Selector::Kind::filter:
        if (v.is_array()) {
          for (std::size_t i = 0; i < v.size(); ++i)
            if (test(*sel.filter, v[i])) out.push_back(Node{&v[i], index_path(std::int64_t(i))});
        } else if (v.is_object()) {
          for (auto it = v.begin(); it != v.end(); ++it)
            if (test(*sel.filter, it.value())) out.push_back(Node{&it.value(), child_path(it.key())});
        }
        return;
    }
  }

  std::vector<Node> nodes(const PathExpr& q, const Json& current) {
    std::vector<Node> out;
    run(q, q.relative ? current : root_, "$", out, false);
    return out;
  }

  // A logical expression (§2.3.5.2), @ being `current`.
  bool test(const Expr& e, const Json& current) {
    switch (e.kind) {
      case Expr::Kind::or_:
        for (const ExprPtr& o : e.operands)
          if (test(*o, current)) return true;
        return false;
      case Expr::Kind::and_:
        for (const ExprPtr& o : e.operands)
          if (!test(*o, current)) return false;
        return true;
      case Expr::Kind::not_: return !test(*e.operands[0], current);
      case Expr::Kind::query: return !nodes(e.query, current).empty();
      case Expr::Kind::function:
        if (info(e.function).result == Type::nodes) return false;  // none of the five
        return logical_function(e, current);
      case Expr::Kind::compare: return compare(e, current);
      case Expr::Kind::literal: return false;  // refused by the parser
    }
    return false;
  }

  bool compare(const Expr& e, const Json& current) {
    Value a = value(*e.operands[0], current);
    Value b = value(*e.operands[1], current);
    auto equal = [&] {
      if (a.nothing || b.nothing) return a.nothing && b.nothing;
      return deep_equal(a.get(), b.get());
    };
    auto less = [&](const Value& x, const Value& y) { return !x.nothing && !y.nothing && less_than(x.get(), y.get()); };
    if (e.op == "==") return equal();
    if (e.op == "!=") return !equal();
    if (e.op == "<") return less(a, b);
    if (e.op == "<=") return less(a, b) || equal();
    if (e.op == ">") return less(b, a);
    if (e.op == ">=") return less(b, a) || equal();
    return false;
  }

  Value value(const Expr& e, const Json& current) {
    switch (e.kind) {
      case Expr::Kind::literal: return Value::of(&e.literal);
      case Expr::Kind::query: {
        std::vector<Node> found = nodes(e.query, current);
        return found.size() == 1 ? Value::of(found[0].value) : Value();
      }
      case Expr::Kind::function: return value_function(e, current);
      default: return Value();
    }
  }

  Value value_function(const Expr& e, const Json& current) {
    switch (e.function) {
      case Function::length: {
        Value arg = value(*e.operands[0], current);
        if (arg.nothing) return Value();
        const Json& j = arg.get();
        if (j.is_string()) return Value::owned(Json(std::uint64_t(scalar_count(j.get_ref<const std::string&>()))));
        if (j.is_array() || j.is_object()) return Value::owned(Json(std::uint64_t(j.size())));
        return Value();
      }
      case Function::count: return Value::owned(Json(std::uint64_t(nodes(e.operands[0]->query, current).size())));
      case Function::value: {
        std::vector<Node> found = nodes(e.operands[0]->query, current);
        return found.size() == 1 ? Value::of(found[0].value) : Value();
      }
      default: return Value();
    }
  }

  bool logical_function(const Expr& e, const Json& current) {
    // match() and search() (§2.4.6, §2.4.7): false unless both are strings and the second is a
    // regular expression that compiles.
    Value subject = value(*e.operands[0], current);
    Value pattern = value(*e.operands[1], current);
    if (subject.nothing || pattern.nothing || !subject.get().is_string() || !pattern.get().is_string()) return false;
    const Regex* re = regex(pattern.get().get_ref<const std::string&>());
    if (!re) return false;
    const std::string& s = subject.get().get_ref<const std::string&>();
    // A subject that needs more backtracking than PCRE2's bounds (shared/regex.h) does not
    // match: false, as for a pattern that does not compile.
    if (e.function == Function::match) {
      Result<bool> whole = re->match_whole(s);
      return whole.ok() && whole.value();
    }
    Result<std::optional<RegexMatch>> found = re->search(s);
    return found.ok() && found->has_value();
  }

  const Regex* regex(const std::string& iregexp) {
    auto it = regexes_.find(iregexp);
    if (it == regexes_.end()) {
      // I-Regexp's '.' is any character but \n and \r (RFC 9485 §5.3); ECMAScript's also
      // excludes \u2028/\u2029, which bytes never are here.
      std::string translated;
      bool in_class = false;
      for (std::size_t i = 0; i < iregexp.size(); ++i) {
        char c = iregexp[i];
        if (c == '\\' && i + 1 < iregexp.size()) {
          translated += c;
          translated += iregexp[++i];
          continue;
        }
        if (c == '[') in_class = true;
        if (c == ']') in_class = false;
        translated += (c == '.' && !in_class) ? std::string("[^\\n\\r]") : std::string(1, c);
      }
      Result<Regex> compiled = Regex::compile(translated);
      it = regexes_.emplace(iregexp, compiled ? std::optional<Regex>(std::move(compiled.value())) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }
};

}  // namespace

bool deep_equal(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a == b;  // 1 == 1.0 (nlohmann compares the values)
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!deep_equal(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    // Member order does not matter (§2.3.5.2.2); ordered_json's own == would say it does.
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !deep_equal(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::string normalized_name(std::string_view name) {
  std::string out = "'";
  for (unsigned char c : name) {
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += char(c);
        }
    }
  }
  return out + "'";
}

Result<Query> parse(std::string_view text) {
  Parser parser(text);
  Result<Program> program = parser.run();
  if (!program) return program.error();
  Query q;
  q.program_ = std::make_shared<const Program>(std::move(program).value());
  q.text_ = std::string(text);
  return q;
}

std::vector<Node> Query::select(const Json& document) const {
  std::vector<Node> out;
  if (!program_) return out;
  Evaluator(document).run(program_->path, document, "$", out, true);
  return out;
}

bool Query::singular() const { return program_ && program_->path.singular(); }

}  // namespace wirepad::jsonpath
