// wirepad core: JSONPath (RFC 9535) over nlohmann::ordered_json, for assertions and captures
// on JSON response bodies (shared/assertion.h). Debian packages no C++ JSONPath library, so
// this is a small evaluator of its own: the whole RFC 9535 grammar (names, wildcards, indexes,
// slices, descendants "..", filters with comparisons, && || !, parentheses) and its five
// functions length(), count(), match(), search(), value(), type-checked as §2.4.3 says.
//
// A query is compiled once (parse) and run over any number of documents (select); a query
// that is not valid is refused with the position and what was expected there, as §2.1 asks
// ("invalid JSONPath ... at position 7: expected ']' ..."). Evaluation cannot fail: what
// selects nothing gives an empty node list.
//
// Known limits (docs/assertions.md): match()/search() run the I-Regexp (RFC 9485) as an
// ECMAScript regular expression (shared/regex.h, PCRE2) with '.' meaning [^\n\r]; character
// classes are byte-wise, so '.' stands for one byte of a non-ASCII character, and \p{..} is
// not supported (the function is then false, as for any regex that does not compile, or one
// that needs more backtracking than regex.h's bounds on the subject).
// Depends on: error.h, nlohmann-json. No OS calls.
#pragma once
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad::jsonpath {

using Json = nlohmann::ordered_json;

// One node of a result: the value (pointing into the document; valid while it lives) and its
// Normalized Path (§2.7), e.g. $['users'][0]['id'].
struct Node {
  const Json* value = nullptr;
  std::string path;
};

struct Program;  // the compiled query (jsonpath.cpp)

class Query {
 public:
  // The node list in the order §2.3/§2.5 define (document order for objects: ordered_json
  // keeps members as they came).
  std::vector<Node> select(const Json& document) const;
  // A singular query (§2.3.5.1: names and indexes only) selects at most one node.
  bool singular() const;
  const std::string& text() const { return text_; }

 private:
  friend Result<Query> parse(std::string_view text);
  std::shared_ptr<const Program> program_;
  std::string text_;
};

// Errors: invalid_experiment with the 0-based byte position as the offset and a message that
// quotes the query and says what was expected. Nesting deeper than 64 levels is refused.
Result<Query> parse(std::string_view text);

// §2.7: a member name inside a Normalized Path, quoted and escaped ('a\'b').
std::string normalized_name(std::string_view name);

// RFC 9535 comparison semantics, exposed for the assertion layer: deep equality where object
// member order does not matter and 1 == 1.0.
bool deep_equal(const Json& a, const Json& b);

}  // namespace wirepad::jsonpath
