// Fuzz target: parse_experiment (the JSON format files, share links and the browser load).
// Properties: no crash or exception on any input; an error is invalid_experiment with a
// message; a parsed experiment serializes to a document that parses back to the same value,
// and serializing that again gives the same text (stable key order).
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/experiment.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string json(reinterpret_cast<const char*>(data), size);
  Result<Experiment> parsed = parse_experiment(json);
  if (!parsed) {
    if (parsed.error().code != ErrorCode::invalid_experiment || parsed.error().message.empty()) std::abort();
    return 0;
  }
  std::string text = serialize_experiment(parsed.value());
  Result<Experiment> again = parse_experiment(text);
  if (!again) std::abort();
  if (!(again.value() == parsed.value())) std::abort();
  if (serialize_experiment(again.value()) != text) std::abort();
  return 0;
}
