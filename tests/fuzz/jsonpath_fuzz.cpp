// Fuzz target: JSONPath (shared/jsonpath.h). Input: a query, a line break, a JSON document.
// Properties: no crash or exception on any input; a refused query is invalid_experiment with
// its position inside the query; every node selected has a Normalized Path (RFC 9535 §2.7)
// that parses again and selects exactly that node; a singular query selects at most one.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/json_input.h"
#include "shared/jsonpath.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::size_t cut = input.find('\n');
  std::string query_text = input.substr(0, cut);
  std::string document_text = cut == std::string::npos ? "null" : input.substr(cut + 1);
  Result<jsonpath::Query> query = jsonpath::parse(query_text);
  if (!query) {
    const Error& e = query.error();
    if (e.code != ErrorCode::invalid_experiment || e.message.empty()) std::abort();
    if (e.offset < 0 || std::size_t(e.offset) > query_text.size()) std::abort();
    return 0;
  }
  if (json_input::check_depth(document_text, "fuzz")) return 0;  // as assertion.cpp refuses it
  jsonpath::Json doc = jsonpath::Json::parse(document_text, nullptr, false);
  if (doc.is_discarded()) return 0;
  std::vector<jsonpath::Node> nodes = query->select(doc);
  if (query->singular() && nodes.size() > 1) std::abort();
  std::size_t checked = 0;
  for (const jsonpath::Node& n : nodes) {
    if (++checked > 64) break;  // enough per input; a descendant query may select thousands
    Result<jsonpath::Query> again = jsonpath::parse(n.path);
    if (!again || !again->singular()) std::abort();
    std::vector<jsonpath::Node> one = again->select(doc);
    if (one.size() != 1 || one[0].value != n.value || one[0].path != n.path) std::abort();
  }
  return 0;
}
