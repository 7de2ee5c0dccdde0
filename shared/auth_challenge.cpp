// wirepad core: WWW-Authenticate / Proxy-Authenticate challenge parser (see auth_challenge.h).
// Depends on: auth_challenge.h, text_util.h.
#include "auth_challenge.h"

#include "text_util.h"

namespace wirepad {

namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (text::to_lower(a[i]) != text::to_lower(b[i])) return false;
  return true;
}

// token68 (RFC 9110 §11.2): 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool is_token68_char(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '+' || c == '/';
}

// qdtext and the octets a quoted-pair may escape (RFC 9110 §5.6.4); obs-text is allowed.
bool is_qdtext(unsigned char c) {
  return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E) || c >= 0x80;
}
bool is_quotable(unsigned char c) { return c == '\t' || (c >= 0x20 && c <= 0x7E) || c >= 0x80; }

class Parser {
 public:
  Parser(std::string_view s, std::size_t field_index) : s_(s), field_(field_index) {}

  Result<std::vector<AuthChallenge>> run() {
    std::vector<AuthChallenge> out;
    for (;;) {
      skip_list_separators();
      if (at_end()) break;
      AuthChallenge c;
      c.field_index = field_;
      c.offset = std::int64_t(pos_);
      std::size_t start = pos_;
      skip_token();
      if (pos_ == start) return fail("an authentication scheme (a token such as Digest or Basic)");
      c.scheme = std::string(s_.substr(start, pos_ - start));
      if (Error e = challenge_body(c)) return e;
      out.push_back(std::move(c));
    }
    if (out.empty()) return make_error(ErrorCode::malformed_response, "The field holds no challenge; a 401 or 407 response must carry at least one (RFC 9110 §11.6.1, §11.7.1).", 0);
    return out;
  }

 private:
  bool at_end() const { return pos_ >= s_.size(); }
  unsigned char peek(std::size_t at) const { return at < s_.size() ? static_cast<unsigned char>(s_[at]) : 0; }
  void skip_ows() {
    while (!at_end() && text::is_ows(s_[pos_])) ++pos_;
  }
  void skip_list_separators() {
    while (!at_end() && (text::is_ows(s_[pos_]) || s_[pos_] == ',')) ++pos_;
  }
  void skip_token() {
    while (!at_end() && text::is_tchar(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  Error fail(std::string_view expected) const { return fail_at(pos_, expected); }
  Error fail_at(std::size_t at, std::string_view expected) const {
    std::string found = at >= s_.size() ? "the end of the field" : text::describe_char(static_cast<unsigned char>(s_[at]));
    return make_error(ErrorCode::malformed_response,
                      "Expected " + std::string(expected) + " at byte " + std::to_string(at) + ", found " + found + ".",
                      std::int64_t(at));
  }

  // After the scheme: nothing, a token68, or a comma-separated list of auth-params (which may
  // run into the next challenge: a list element that is not `token BWS "="` starts one).
  Error challenge_body(AuthChallenge& c) {
    if (at_end() || s_[pos_] == ',') return {};
    if (s_[pos_] != ' ') return fail("a space after the scheme \"" + c.scheme + "\", or a comma");
    while (!at_end() && s_[pos_] == ' ') ++pos_;
    if (at_end() || s_[pos_] == ',') return {};  // trailing spaces after a bare scheme

    // token68: the whole element up to OWS and then a comma or the end.
    std::size_t t = pos_;
    while (is_token68_char(peek(t))) ++t;
    if (t > pos_) {
      std::size_t e = t;
      while (peek(e) == '=') ++e;
      std::size_t after = e;
      while (after < s_.size() && text::is_ows(s_[after])) ++after;
      if (after >= s_.size() || s_[after] == ',') {
        c.token68 = std::string(s_.substr(pos_, e - pos_));
        pos_ = after;
        return {};
      }
    }

    for (;;) {
      if (Error e = auth_param(c)) return e;
      skip_ows();
      if (at_end()) return {};
      if (s_[pos_] != ',') return fail("a comma between parameters or challenges");
      // Look past the separators: another `token BWS "="` continues this challenge.
      std::size_t save = pos_;
      skip_list_separators();
      if (at_end()) return {};
      std::size_t name_start = pos_;
      skip_token();
      std::size_t name_end = pos_;
      skip_ows();
      bool is_param = name_end > name_start && !at_end() && s_[pos_] == '=';
      pos_ = is_param ? name_start : save;
      if (!is_param) return {};
    }
  }

  Error auth_param(AuthChallenge& c) {
    std::size_t start = pos_;
    skip_token();
    if (pos_ == start) return fail("a parameter name (a token)");
    AuthParam p;
    p.name = std::string(s_.substr(start, pos_ - start));
    for (const AuthParam& q : c.params)
      if (iequal(q.name, p.name))
        return make_error(ErrorCode::malformed_response,
                          "The parameter \"" + p.name + "\" appears twice in the " + c.scheme +
                              " challenge (byte " + std::to_string(start) +
                              "); RFC 9110 §11.2 allows each name once per challenge.",
                          std::int64_t(start));
    skip_ows();
    if (at_end() || s_[pos_] != '=') return fail("'=' after the parameter name \"" + p.name + "\"");
    ++pos_;
    skip_ows();
    if (!at_end() && s_[pos_] == '"') {
      p.quoted = true;
      std::size_t open = pos_++;
      for (;;) {
        if (at_end())
          return make_error(ErrorCode::malformed_response,
                            "The quoted value of \"" + p.name + "\" that opens at byte " + std::to_string(open) +
                                " is never closed.",
                            std::int64_t(open));
        unsigned char ch = static_cast<unsigned char>(s_[pos_]);
        if (ch == '"') {
          ++pos_;
          break;
        }
        if (ch == '\\') {
          if (pos_ + 1 >= s_.size() || !is_quotable(peek(pos_ + 1)))
            return fail_at(pos_ + 1, "a character escaped by the backslash");
          p.value += s_[pos_ + 1];
          pos_ += 2;
          continue;
        }
        if (!is_qdtext(ch)) return fail("a character allowed in a quoted string");
        p.value += char(ch);
        ++pos_;
      }
    } else {
      std::size_t vstart = pos_;
      skip_token();
      if (pos_ == vstart) return fail("a value (a token or a quoted string) for \"" + p.name + "\"");
      p.value = std::string(s_.substr(vstart, pos_ - vstart));
    }
    c.params.push_back(std::move(p));
    return {};
  }

  std::string_view s_;
  std::size_t field_;
  std::size_t pos_ = 0;
};

std::string ordinal(std::size_t n) {
  static const char* names[] = {"first", "second", "third", "fourth", "fifth"};
  return n < 5 ? names[n] : std::to_string(n + 1) + "th";
}

}  // namespace

const std::string* AuthChallenge::param(std::string_view name) const {
  for (const AuthParam& p : params)
    if (iequal(p.name, name)) return &p.value;
  return nullptr;
}

Result<std::vector<AuthChallenge>> parse_auth_challenges(std::string_view field_value, std::size_t field_index) {
  return Parser(field_value, field_index).run();
}

Result<std::vector<AuthChallenge>> parse_auth_challenges(const std::vector<std::string>& field_values,
                                                         std::string_view field_name) {
  std::vector<AuthChallenge> all;
  for (std::size_t i = 0; i < field_values.size(); ++i) {
    auto one = parse_auth_challenges(field_values[i], i);
    if (!one) {
      Error e = one.error();
      e.message = "In the " + ordinal(i) + " " + std::string(field_name) + " field: " + e.message;
      return e;
    }
    for (AuthChallenge& c : *one) all.push_back(std::move(c));
  }
  if (all.empty())
    return make_error(ErrorCode::malformed_response,
                      "The response has no " + std::string(field_name) + " field, so there is no challenge to answer.");
  return all;
}

}  // namespace wirepad
