// Fuzz target: XPath over response bodies (shared/xpath.h). Input: the first byte picks the
// Content-Type (XML, HTML, none), then an expression, a line break, the body.
// Properties: no crash, hang or exception on any input; every refusal is invalid_experiment
// with a message; a node set's size is what count() of the same expression says; to_text and
// to_number take any value. Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus
// by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/xpath.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kTypes[] = {"application/xml", "text/html; charset=utf-8", ""};
  const char* content_type = kTypes[data[0] % 3];
  std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  std::size_t cut = input.find('\n');
  const std::string expression = input.substr(0, cut);
  const std::string body = cut == std::string::npos ? "<r/>" : input.substr(cut + 1);
  if (Error e = xpath::check(expression))
    if (e.code != ErrorCode::invalid_experiment || e.message.empty()) std::abort();
  Result<xpath::Document> doc = xpath::Document::parse(body, content_type);
  if (!doc) {
    if (doc.error().code != ErrorCode::invalid_experiment || doc.error().message.empty()) std::abort();
    return 0;
  }
  Result<xpath::Value> v = doc->evaluate(expression);
  if (!v) {
    if (v.error().code != ErrorCode::invalid_experiment || v.error().message.empty()) std::abort();
    return 0;
  }
  (void)xpath::to_number(xpath::to_text(*v));
  if (v->kind == xpath::Value::Kind::nodes) {
    Result<xpath::Value> n = doc->evaluate("count(" + expression + ")");
    if (n && n->kind == xpath::Value::Kind::number && n->number != double(v->nodes.size())) std::abort();
  }
  return 0;
}
