// Fuzz target: the HAR, .http and Postman importers, every input through all three.
// Properties: no crash or exception; an error is invalid_request with a message; an imported
// batch exports (HAR for the requests the serializer accepts, .http for all) to text that
// imports again to the same number of requests, and HAR sends the same bytes.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/import_text.h"
#include "shared/postman_import.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using namespace wirepad;

namespace {

void check_error(const Error& e) {
  if (e.code != ErrorCode::invalid_request || e.message.empty()) std::abort();
}

void check_batch(const ImportBatch& batch) {
  std::vector<Experiment> sendable;
  std::vector<std::string> bytes;
  std::vector<Experiment> all;
  for (const ImportedRequest& r : batch.requests) {
    all.push_back(r.experiment);
    Result<SerializedRequest> s = serialize_request(flatten_request(r.experiment.request));
    // HAR is JSON text: a URL or header that is not UTF-8 cannot travel exactly (the body
    // can, as base64).
    bool text = is_valid_utf8(r.experiment.request.url) && is_valid_utf8(r.experiment.request.method);
    for (const HeaderRow& h : r.experiment.request.headers) text = text && is_valid_utf8(h.name) && is_valid_utf8(h.value);
    if (s && text) sendable.push_back(r.experiment), bytes.push_back(s->bytes);
  }
  Result<std::string> har = export_har_requests(sendable, "2026-01-01T00:00:00.000Z");
  if (!har) std::abort();
  Result<ImportBatch> back = import_har(har.value());
  if (!back || back->requests.size() != sendable.size()) std::abort();
  for (std::size_t i = 0; i < sendable.size(); ++i) {
    Result<SerializedRequest> s = serialize_request(flatten_request(back->requests[i].experiment.request));
    if (!s || s->bytes != bytes[i]) std::abort();
  }
  HttpFileExport http = export_http_file(all);
  Result<ImportBatch> again = import_http_file(http.text);
  // Names, methods or URLs with line breaks or '###' can make a different file; the export
  // then said so or the import refuses: only a crash or a wrong error code is a failure.
  if (!again) check_error(again.error());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (auto import : {import_har, import_http_file, import_postman}) {
    Result<ImportBatch> batch = import(text);
    if (!batch) check_error(batch.error());
    else check_batch(batch.value());
  }
  return 0;
}
