// shared/variable_spans: a text cut into plain runs and {{variable}} references (the URL bar
// draws them in colour). The references found are exactly the ones substitution resolves.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "shared/environment.h"
#include "shared/variable_spans.h"

using namespace wirepad;

namespace {

// "plain|{{var}}|plain" with the variable spans marked as [name].
std::string describe(std::string_view text) {
  std::string out;
  for (const TextSpan& s : split_variable_spans(text)) {
    if (!out.empty()) out += '|';
    out += s.variable ? "[" + std::string(s.name) + "]" + std::string(text.substr(s.begin, s.end - s.begin))
                      : std::string(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

}  // namespace

TEST_CASE("variable spans: plain runs and references, covering the text with no gap", "[variables]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"http://example.com/", "http://example.com/"},
      {"{{host}}", "[host]{{host}}"},
      {"http://{{host}}:{{port}}/a", "http://|[host]{{host}}|:|[port]{{port}}|/a"},
      {"{{a}}{{b}}", "[a]{{a}}|[b]{{b}}"},                       // adjacent
      {"{{ spaced.name-1 }}/", "[spaced.name-1]{{ spaced.name-1 }}|/"},  // spaces inside the braces
      {"{{{x}}}", "{|[x]{{x}}|}"},                                 // nested: the inner pair is the reference
      {"{{{{x}}}}", "{{|[x]{{x}}|}}"},
      {"http://h/{{unterminated", "http://h/{{unterminated"},    // no "}}": plain
      {"{{a}", "{{a}"},
      {"{{}}", "{{}}"},                                           // empty name
      {"{{a b}}", "{{a b}}"},                                     // a space inside the name
      {"{{a}}{{", "[a]{{a}}|{{"},
      {"{{ü}}/{{host}}", "{{ü}}/|[host]{{host}}"},                // UTF-8 is not a name, and not cut
      {"https://例え.jp/{{path}}?q=ラーメン", "https://例え.jp/|[path]{{path}}|?q=ラーメン"},
      {"{\"json\": {{\"x\": 1}}}", "{\"json\": {{\"x\": 1}}}"},
  }));
  CAPTURE(text);
  CHECK(describe(text) == expected);
}

TEST_CASE("variable spans: the references are the ones substitution resolves", "[variables]") {
  for (std::string text : {"http://{{host}}:{{port}}/{{host}}", "{{{x}}}", "{{ a }}{{b}}{{", "{{a b}}{{c}}", "x{{}}y{{ü}}"}) {
    CAPTURE(text);
    std::vector<std::string> names;
    for (const TextSpan& s : split_variable_spans(text))
      if (s.variable && std::find(names.begin(), names.end(), std::string(s.name)) == names.end()) names.emplace_back(s.name);
    CHECK(names == referenced_variables(text));
    // Every span edge sits on a UTF-8 character boundary, and the spans tile the text.
    std::size_t at = 0;
    for (const TextSpan& s : split_variable_spans(text)) {
      CHECK(s.begin == at);
      CHECK(s.end > s.begin);
      CHECK((s.begin == text.size() || (static_cast<unsigned char>(text[s.begin]) & 0xC0) != 0x80));
      at = s.end;
    }
    CHECK(at == text.size());
  }
}

TEST_CASE("variable spans: span_at finds the span under a byte offset", "[variables]") {
  const std::string text = "a{{b}}c";
  auto spans = split_variable_spans(text);
  REQUIRE(spans.size() == 3);
  CHECK(span_at(spans, 0) == &spans[0]);
  CHECK(span_at(spans, 1)->variable);
  CHECK(span_at(spans, 5)->name == "b");
  CHECK(span_at(spans, 6) == &spans[2]);
  CHECK(span_at(spans, 7) == nullptr);
}
