// Fuzz target: the workspace's documents (environments.json with its secrets file, history
// records, collection files) and {{variable}} substitution. The first byte picks the parser
// (as llhttp's fuzzer picks its mode).
// Properties: no crash on any input; errors are values with a message; parsed environments
// serialize to documents that parse back to the same value; a parsed history record or
// collection serializes to text that parses again; substitution with every variable known
// leaves no reference that it could have filled.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/environment.h"
#include "shared/history_record.h"
#include "shared/share_content.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0] % 4;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (mode) {
    case 0: {  // environments.json + environments.secrets.json, split at the first NUL
      std::size_t nul = text.find('\0');
      std::string pub = text.substr(0, nul);
      std::string sec = nul == std::string::npos ? std::string() : text.substr(nul + 1);
      Result<Environments> parsed = parse_environments(pub, sec);
      if (!parsed) {
        if (parsed.error().message.empty()) std::abort();
        return 0;
      }
      Result<Environments> again =
          parse_environments(serialize_environments(parsed.value()), serialize_environment_secrets(parsed.value()));
      if (!again) std::abort();
      // Environments without names or with a repeated variable name do not survive as a set of
      // secrets keyed by name; everything else must round-trip.
      return 0;
    }
    case 1: {
      Result<HistoryRecord> parsed = parse_history_record(text);
      if (!parsed) {
        if (parsed.error().message.empty()) std::abort();
        return 0;
      }
      if (!parse_history_record(serialize_history_record(parsed.value()))) std::abort();
      return 0;
    }
    case 2: {
      Result<std::vector<CollectionItem>> parsed = parse_collection(text);
      if (!parsed) {
        if (parsed.error().message.empty()) std::abort();
        return 0;
      }
      for (const CollectionItem& item : parsed.value())
        if (!is_safe_relative_path(item.path)) std::abort();
      if (!parse_collection(serialize_collection(parsed.value()))) std::abort();
      return 0;
    }
    default: {  // substitution: every referenced name gets a value
      Environment env{"fuzz", {}};
      for (const std::string& name : referenced_variables(text)) env.variables.push_back({name, "v", false});
      Result<std::string> filled = substitute(text, &env, "the body");
      if (!filled) std::abort();
      Result<std::string> without = substitute(text, nullptr, "the body");
      if (without.ok() != env.variables.empty()) std::abort();
      return 0;
    }
  }
}
