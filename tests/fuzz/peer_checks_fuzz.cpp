// Fuzz target: the importers of the peers' checks (docs/import-export.md): Hurl files, .bru
// requests and Bruno collections (the input split into files at "\n=== NAME\n" lines), httpyac
// `??` lines (in a .http file) and Postman test scripts (the input as a request's test event).
// The first byte picks the importer. Properties: no crash or exception; an error is
// invalid_request with a message (and an offset inside the text when it has one); every
// imported request is an experiment the file format takes back unchanged
// (parse_experiment(serialize_experiment(e)) == e), so an imported check is never one the
// reader would refuse.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/bruno_import.h"
#include "shared/http_file.h"
#include "shared/hurl_import.h"
#include "shared/postman_import.h"

using namespace wirepad;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

void check(const Result<ImportBatch>& batch, std::size_t text_size) {
  if (!batch) {
    const Error& e = batch.error();
    if (e.code != ErrorCode::invalid_request || e.message.empty()) fail("unexpected error", e.message);
    if (e.offset > std::int64_t(text_size)) fail("offset past the text", e.message);
    return;
  }
  for (const ImportedRequest& r : batch->requests) {
    std::string file = serialize_experiment(r.experiment);
    Result<Experiment> again = parse_experiment(file);
    if (!again) fail("an imported experiment is refused by the reader", again.error().message + "\n" + file);
    if (!(again.value() == r.experiment)) fail("an imported experiment changes through its file", file);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int mode = data[0] % 5;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (mode) {
    case 0: check(import_hurl(text), text.size()); break;
    case 1: check(import_bru(text), text.size()); break;
    case 2: check(import_http_file(text), text.size()); break;
    case 3: {
      nlohmann::json collection = {{"info", {{"name", "fuzz"}}},
                                   {"item", {{{"name", "r"}, {"request", "http://127.0.0.1/"},
                                              {"event", {{{"listen", "test"}, {"script", {{"exec", text}}}}}}}}}};
      std::string json = collection.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      check(import_postman(json), json.size());
      break;
    }
    case 4: {
      std::vector<BrunoFile> files;
      std::size_t at = 0;
      std::string name = "request.bru";
      while (at <= text.size()) {
        std::size_t next = text.find("\n=== ", at);
        std::size_t end = next == std::string::npos ? text.size() : next;
        files.push_back({name, text.substr(at, end - at)});
        if (next == std::string::npos) break;
        std::size_t line_end = text.find('\n', next + 5);
        name = text.substr(next + 5, (line_end == std::string::npos ? text.size() : line_end) - next - 5);
        at = line_end == std::string::npos ? text.size() + 1 : line_end + 1;
      }
      Result<ImportBatch> batch = import_bruno_collection(files);
      if (!batch) {
        if (batch.error().code != ErrorCode::invalid_request || batch.error().message.empty())
          fail("unexpected error", batch.error().message);
      } else {
        check(batch, text.size());
      }
      break;
    }
  }
  return 0;
}
