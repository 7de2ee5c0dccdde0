// Fuzz target: check_json_body and beautify_json_body (shared/json_body.h), the composer's JSON
// body check and Beautify. Properties: an error names a byte inside the input; Beautify
// succeeds exactly when the check does; its output passes the check, is its own Beautify, and
// differs from the input only in whitespace outside strings.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "shared/json_body.h"

using namespace wirepad;

namespace {

// The text without the whitespace outside strings.
std::string tokens(std::string_view text) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) out += text[++i];
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out += c;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Error checked = check_json_body(text);
  if (checked && (checked.message.empty() || checked.offset > std::int64_t(size))) std::abort();
  Result<std::string> pretty = beautify_json_body(text);
  if (bool(pretty) == bool(checked)) std::abort();
  if (!pretty) return 0;
  if (check_json_body(pretty.value())) std::abort();
  if (tokens(pretty.value()) != tokens(text)) std::abort();
  Result<std::string> again = beautify_json_body(pretty.value());
  if (!again || again.value() != pretty.value()) std::abort();
  return 0;
}
