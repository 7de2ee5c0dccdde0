// Fuzz target: the curl importer (one command and a paste of several). Properties: no crash or
// exception; an error is invalid_request with a message and a position inside the text; every
// imported request exports to a curl command that imports again, and that second import
// exports to the same command (import -> export -> import is a fixed point).
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/code_export.h"
#include "shared/curl_import.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  Result<std::vector<CurlImport>> all = import_curl_commands(text);
  if (!all) {
    const Error& e = all.error();
    if (e.code != ErrorCode::invalid_request || e.message.empty()) std::abort();
    return 0;
  }
  for (const CurlImport& c : all.value()) {
    Result<std::string> first = export_code(c.experiment, ExportFormat::curl);
    if (!first) continue;  // a request the serializer refuses (a bad URL) has no export
    Result<CurlImport> back = import_curl(first.value());
    if (!back) std::abort();
    Result<std::string> second = export_code(back->experiment, ExportFormat::curl);
    if (!second || second.value() != first.value()) std::abort();
  }
  return 0;
}
