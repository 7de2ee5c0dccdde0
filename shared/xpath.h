// wirepad core: XPath 1.0 over XML and HTML response bodies, for assertions and captures
// (shared/assertion.h, capture.h; docs/assertions.md). A small wrapper of libxml2 (Debian's
// natively, the same 2.9.14 source built for wasm by scripts/setup.sh): its XML parser, its
// HTML parser (the forgiving one browsers' markup needs) and its XPath engine.
//
// A body comes from a server and is not trusted: no entity is substituted (XML_PARSE_NOENT is
// never set, so a "billion laughs" body stays small), no DTD or external entity is loaded and
// nothing is fetched from the network (XML_PARSE_NONET, and an entity loader that refuses
// everything), libxml2's own limits (depth, amplification) stay on, and an expression's
// evaluation is bounded in steps. libxml2 prints nothing: its errors are collected per parse
// and per evaluation and returned as values.
// Depends on: error.h. libxml2 inside the .cpp only.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace wirepad::xpath {

// What an expression evaluated to (XPath 1.0 §1: node-set, string, number, boolean).
struct Value {
  enum class Kind { nodes, string, number, boolean };
  Kind kind = Kind::nodes;
  std::vector<std::string> nodes;  // nodes: each node's string value (§5), in document order
  std::string string;              // string
  double number = 0;               // number (NaN and the infinities as XPath has them)
  bool boolean = false;            // boolean
  bool operator==(const Value&) const = default;
};

// "node-set", "string", "number", "boolean".
std::string_view kind_name(Value::Kind kind);
// A value as XPath's string() says (§4.2): a node set's first node, a number without ".0"
// ("2", "0.5", "NaN", "Infinity"), "true"/"false".
std::string to_text(const Value& value);
// A string as XPath's number() reads it (§4.4): NaN when it is not a number.
double to_number(std::string_view text);

// Checks that an expression compiles (the file reader's check): invalid_experiment with
// libxml2's reason and the position ("invalid XPath //p[: Invalid predicate at position 4").
Error check(std::string_view expression);

enum class Markup { xml, html };

class Document {
 public:
  // Parses a body: as HTML when `content_type` names html (text/html, application/xhtml+xml is
  // XML), else as XML, and as HTML when it is not well-formed XML (`note()` then says why).
  // Fails (invalid_experiment naming what is wrong) on an empty body or one neither parser
  // makes a document of.
  static Result<Document> parse(std::string_view body, std::string_view content_type);

  // Evaluates an expression against the root. Errors: the expression does not compile or
  // cannot be evaluated (libxml2's reason), or took more than the step bound.
  Result<Value> evaluate(std::string_view expression) const;

  Markup markup() const { return markup_; }
  // Why an XML-looking body was read as HTML ("it is not well-formed XML: line 3: ..."), or "".
  const std::string& note() const { return note_; }

 private:
  struct Doc;
  std::shared_ptr<Doc> doc_;
  Markup markup_ = Markup::xml;
  std::string note_;
};

}  // namespace wirepad::xpath
