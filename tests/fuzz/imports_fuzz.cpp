// Fuzz target: the HAR, .http and Postman importers, every input through all three, and
// through format detection + import_as (which adds the text decoding and the JSON checks).
// Properties: no crash or exception; an error is invalid_request with a message; an imported
// batch exports (HAR for the requests the serializer accepts, .http for all) to text that
// imports again to the same number of requests, and HAR sends the same bytes. The same text
// with a UTF-8 BOM, or as UTF-16LE/BE (with a BOM or without), imports exactly as the plain
// text does.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/import_any.h"
#include "shared/import_text.h"
#include <algorithm>
#include <cstdio>

#include "shared/postman_import.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using namespace wirepad;

namespace {

void check_error(const Error& e) {
  // invalid_experiment: a Wirepad document inside the import (parse_experiment's own code).
  const bool bad_input = e.code == ErrorCode::invalid_request || e.code == ErrorCode::invalid_experiment;
  if (!bad_input || e.message.empty()) {
    std::fprintf(stderr, "unexpected error %d: %s\n", int(e.code), e.message.c_str());
    std::abort();
  }
}

// A request's bytes with its header lines sorted: HAR keeps an auth's settings (_wirepadAuth)
// rather than where its header sat, so the header it adds comes back in another place.
std::string in_any_header_order(const std::string& bytes) {
  std::size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return bytes;
  std::size_t first = bytes.find("\r\n");
  std::vector<std::string> lines;
  for (std::size_t at = first + 2; at < head_end + 2;) {
    std::size_t end = bytes.find("\r\n", at);
    lines.push_back(bytes.substr(at, end - at));
    at = end + 2;
  }
  std::sort(lines.begin(), lines.end());
  std::string out = bytes.substr(0, first + 2);
  for (const std::string& l : lines) out += l + "\r\n";
  return out + bytes.substr(head_end + 2);
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
    if (!s || in_any_header_order(s->bytes) != in_any_header_order(bytes[i])) std::abort();
  }
  HttpFileExport http = export_http_file(all);
  Result<ImportBatch> again = import_http_file(http.text);
  // Names, methods or URLs with line breaks or '###' can make a different file; the export
  // then said so or the import refuses: only a crash or a wrong error code is a failure.
  if (!again) check_error(again.error());
}

// UTF-8 (valid) -> UTF-16 code units, with or without a BOM.
std::string to_utf16(std::string_view utf8, bool le, bool bom) {
  std::string out;
  auto put = [&](std::uint32_t u) {
    if (le) out += char(u & 0xFF), out += char(u >> 8);
    else out += char(u >> 8), out += char(u & 0xFF);
  };
  if (bom) put(0xFEFF);
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    if (cp >= 0x10000) {
      put(0xD800 + ((cp - 0x10000) >> 10));
      put(0xDC00 + ((cp - 0x10000) & 0x3FF));
    } else {
      put(cp);
    }
    i += n;
  }
  return out;
}

// Two results of importing the same text: the same outcome.
void require_same(const Result<ImportBatch>& a, const Result<ImportBatch>& b) {
  if (a.ok() != b.ok()) std::abort();
  if (!a.ok()) {
    if (a.error().message != b.error().message) std::abort();
    return;
  }
  if (a->requests.size() != b->requests.size() || a->not_imported.size() != b->not_imported.size()) std::abort();
  for (std::size_t i = 0; i < a->requests.size(); ++i) {
    if (serialize_experiment(a->requests[i].experiment) != serialize_experiment(b->requests[i].experiment)) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (auto import : {import_har, import_http_file, import_postman}) {
    Result<ImportBatch> batch = import(text);
    if (!batch) check_error(batch.error());
    else check_batch(batch.value());
  }
  ImportFormat format = detect_import_format(text, "");
  Result<ImportBatch> any = import_as(format, text);
  if (!any) check_error(any.error());

  Result<std::string> utf8 = text_as_utf8(text);
  if (!utf8) check_error(utf8.error());
  // Encoded copies of a plain text decode back to it, so they import the same.
  // (Not one starting with NUL: after a UTF-16LE BOM that reads as UTF-32LE's BOM.)
  if (text_encoding_name(text).empty() && is_valid_utf8(text) && text.size() <= 4096 && (text.empty() || text[0] != '\0')) {
    Result<ImportBatch> plain = import_http_file(text);
    require_same(plain, import_http_file("\xEF\xBB\xBF" + text));
    require_same(plain, import_http_file(to_utf16(text, true, true)));
    require_same(plain, import_http_file(to_utf16(text, false, true)));
    require_same(any, import_as(format, "\xEF\xBB\xBF" + text));
    require_same(any, import_as(format, to_utf16(text, true, true)));
  }
  return 0;
}
