// Shell word splitting: bash and Windows cmd as browsers' "Copy as cURL" write them, and
// errors that name the position.
#include <catch2/catch.hpp>

#include "shared/shell_words.h"

using namespace wirepad;

namespace {
std::vector<std::string> texts(std::string_view line, ShellDialect dialect) {
  Result<std::vector<ShellWord>> words = split_shell_words(line, dialect);
  REQUIRE(words.ok());
  std::vector<std::string> out;
  for (const ShellWord& w : words.value()) out.push_back(w.text);
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("bash quoting", "[shell_words]") {
  auto b = ShellDialect::bash;
  CHECK(texts("curl 'http://a/?x=1&y=2' -H 'A: b c'", b) == V{"curl", "http://a/?x=1&y=2", "-H", "A: b c"});
  CHECK(texts("a\\ b \"c \\\"d\\\" \\$e \\x\" ''", b) == V{"a b", "c \"d\" $e \\x", ""});
  CHECK(texts("it'''s' \"x\"'y'z", b) == V{"its", "xyz"});
  CHECK(texts("curl \\\n  -H 'a: b' \\\r\n  url", b) == V{"curl", "-H", "a: b", "url"});
  CHECK(texts("\"a\\\nb\"", b) == V{"ab"});
  CHECK(texts("x # a comment ' unclosed\ny", b) == V{"x", "y"});
  CHECK(texts("a#b", b) == V{"a#b"});
  CHECK(texts("price $ 5 $", b) == V{"price", "$", "5", "$"});
}

TEST_CASE("bash ANSI-C quoting as Chromium writes it", "[shell_words]") {
  auto b = ShellDialect::bash;
  CHECK(texts("$'{\"a\":\"line\\nnext\\ttab\\\\ \\'q\\'\"}'", b) == V{"{\"a\":\"line\nnext\ttab\\ 'q'\"}"});
  CHECK(texts("$'\\x41\\101\\u00e9\\U0001F600\\cA\\e'", b) == V{std::string("AA\xc3\xa9\xf0\x9f\x98\x80\x01\x1b")});
  CHECK(texts("$'\\q\\x'", b) == V{"\\q\\x"});
  CHECK(texts("$'\\0'x", b) == V{std::string("\0x", 2)});
}

TEST_CASE("bash errors name the position", "[shell_words]") {
  struct Case {
    const char* line;
    std::int64_t offset;
    const char* says;
  };
  auto c = GENERATE(values<Case>({
      {"curl 'abc", 5, "never closed"},
      {"curl \"abc", 5, "never closed"},
      {"curl $'abc", 5, "never closed"},
      {"curl -H \"Authorization: $TOKEN\"", 24, "$TOKEN"},
      {"curl ${URL}", 5, "expansion"},
      {"curl $(cat u)", 5, "expansion"},
      {"curl `cat u`", 5, "command substitution"},
      {"curl http://a/ | jq", 15, "operator"},
      {"curl http://a/?a=1&b=2", 18, "operator"},
      {"curl x > out", 7, "operator"},
      {"curl x\\", 6, "backslash"},
  }));
  CAPTURE(c.line);
  Result<std::vector<ShellWord>> r = split_shell_words(c.line, ShellDialect::bash);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().offset == c.offset);
  CHECK_THAT(r.error().message, Catch::Contains(c.says));
}

TEST_CASE("word offsets point into the original text", "[shell_words]") {
  Result<std::vector<ShellWord>> r = split_shell_words("curl  'x' \\\n -H", ShellDialect::bash);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 3);
  CHECK(r.value()[1].offset == 6);
  CHECK(r.value()[2].offset == 13);
}

TEST_CASE("cmd quoting as Chromium's Copy as cURL (cmd) writes it", "[shell_words]") {
  auto c = ShellDialect::cmd;
  // Chromium: ^" around every argument, \^" for a quote inside, ^ before specials, " ^\n  "
  // between arguments, "^\n\n" for a newline inside a value, %^ before a variable-like %.
  std::string copied =
      "curl ^\"http://127.0.0.1:8080/p?a=1^&b=2^\" ^\n"
      "  -H ^\"content-type: application/json^\" ^\n"
      "  --data-raw ^\"^{^\\^\"k^\\^\":^\\^\"a^|b ^<c^> 100%^25 %^PATH%^\\^\"^}^\" ^\n"
      "  --data-raw ^\"line1^\n\nline2^\" ^\n"
      "  --compressed";
  CHECK(texts(copied, c) == V{"curl", "http://127.0.0.1:8080/p?a=1&b=2", "-H", "content-type: application/json",
                              "--data-raw", "{\"k\":\"a|b <c> 100%25 %PATH%\"}", "--data-raw", "line1\nline2",
                              "--compressed"});
  CHECK(texts("curl \"http://a/?x=1&y=2\" -d \"a b\"", c) == V{"curl", "http://a/?x=1&y=2", "-d", "a b"});
  // The C runtime's backslash rules: 2n backslashes + quote -> n backslashes and a toggle.
  CHECK(texts(R"(a\\\"b "c\\" d\e "x""y")", c) == V{"a\\\"b", "c\\", "d\\e", "x\"y"});
  CHECK(texts("curl ^\r\n  url\r\n", c) == V{"curl", "url"});
}

TEST_CASE("cmd errors name the position", "[shell_words]") {
  struct Case {
    const char* line;
    std::int64_t offset;
    const char* says;
  };
  auto c = GENERATE(values<Case>({
      {"curl http://a/?a=1&b=2", 18, "operator"},
      {"curl \"abc", 5, "never closed"},
      {"curl x ^", 7, "^"},
      {"curl x\ncurl y", 6, "line break"},
      {"curl %URL%", 5, "variable"},
  }));
  CAPTURE(c.line);
  Result<std::vector<ShellWord>> r = split_shell_words(c.line, ShellDialect::cmd);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().offset == c.offset);
  CHECK_THAT(r.error().message, Catch::Contains(c.says));
}

TEST_CASE("the dialect is guessed from cmd's marks", "[shell_words]") {
  CHECK(guess_shell_dialect("curl ^\"http://a/^\"") == ShellDialect::cmd);
  CHECK(guess_shell_dialect("curl http://a/ ^\n -k") == ShellDialect::cmd);
  CHECK(guess_shell_dialect("curl 'http://a/?x=^2'") == ShellDialect::bash);
  CHECK(guess_shell_dialect("curl 'http://a/' \\\n -k") == ShellDialect::bash);
}

TEST_CASE("quote_for_bash gives back every byte through split_shell_words", "[shell_words]") {
  std::vector<std::string> samples = {"", "plain", "a b", "it's", "$HOME", "`x`", "a\nb\r\n", "\t\\\"",
                                      "caf\xc3\xa9", "bad \xff\xfe utf8", std::string("\x01\x7f", 2), "!#&;|<>()*?[]{}~"};
  std::string all;
  for (int i = 1; i < 256; ++i) all += char(i);
  samples.push_back(all);
  for (const std::string& s : samples) {
    CAPTURE(s);
    std::string quoted = quote_for_bash(s);
    Result<std::vector<ShellWord>> back = split_shell_words("x " + quoted + " y", ShellDialect::bash);
    REQUIRE(back.ok());
    REQUIRE(back->size() == 3);
    CHECK(back.value()[1].text == s);
  }
  CHECK(quote_for_bash("http://a/b") == "http://a/b");
  CHECK(quote_for_bash("a b") == "'a b'");
  CHECK(quote_for_bash("a\nb") == "$'a\\nb'");
}
