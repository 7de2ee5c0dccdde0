// Fuzz target: parse_url, and split_variable_spans over the same text (what the URL bar
// draws): the spans tile the text, and their names are the references substitution sees. Properties: an error names a position inside the input; a parsed
// URL's normalized text parses again to the same URL (normalizing is idempotent), and its
// parts keep the invariants the serializer relies on (a target starting with '/', no CR, LF
// or NUL anywhere, a port when the scheme has none by default).
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/environment.h"
#include "shared/url.h"
#include "shared/variable_spans.h"

using namespace wirepad;

namespace {

bool has_control(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t covered = 0;
  std::vector<std::string> names;
  for (const TextSpan& span : split_variable_spans(text)) {
    if (span.begin != covered || span.end <= span.begin || span.end > size) std::abort();
    if (span.variable && std::find(names.begin(), names.end(), std::string(span.name)) == names.end()) names.emplace_back(span.name);
    covered = span.end;
  }
  if (covered != size || names != referenced_variables(text)) std::abort();
  Result<Url> url = parse_url(text);
  if (!url) {
    if (url.error().message.empty()) std::abort();
    if (url.error().offset > std::int64_t(size)) std::abort();
    return 0;
  }
  const Url& u = url.value();
  if (u.target.empty() || u.target[0] != '/') std::abort();
  if (has_control(u.host) || has_control(u.target) || has_control(u.userinfo) || has_control(u.fragment)) std::abort();
  std::string normalized = u.to_string();
  Result<Url> again = parse_url(normalized);
  if (!again) std::abort();
  if (again->to_string() != normalized) std::abort();
  if (again->host != u.host || again->port != u.port || again->target != u.target || again->scheme != u.scheme) {
    std::abort();
  }
  return 0;
}
