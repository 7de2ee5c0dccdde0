// Property: for generated structured requests (seeded, so a failure names its seed), HAR and
// .http import -> export -> import is a fixed point, and what each format can hold (HAR: form
// and multipart tables, the query as queryString; .http: multipart parts with files, a `< file`
// binary body, GraphQL; both: the query parameters) survives the first trip.
#include <catch2/catch.hpp>

#include <random>

#include "import_test_util.h"
#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/request_resolve.h"
#include "shared/request_spec.h"

using namespace wirepad;

namespace {

struct Gen {
  std::mt19937 rng;
  explicit Gen(unsigned seed) : rng(seed) {}
  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
  bool coin() { return below(2) == 1; }
  // Words with the characters forms escape ('&', '=', '+', '%', space, non-ASCII) and
  // {{variables}}; never a leading '<' or '#' (.http syntax) nor line breaks.
  std::string word() {
    static const char* pieces[] = {"a", "bc", "x y", "p&q", "k=v", "1+2", "50%", "caf\xc3\xa9", "{{token}}", "-", "_z"};
    std::string w;
    for (std::size_t n = 1 + below(3); n > 0; --n) w += pieces[below(std::size(pieces))];
    return w;
  }
  std::string name() {
    static const char* names[] = {"id", "user", "q", "file", "meta", "x-1"};
    return names[below(std::size(names))];
  }
};

// `format_kinds`: graphql (the .http trip) and binary (a `< file` body, .http too) may be drawn.
RequestSpec generate(Gen& g, bool format_kinds) {
  RequestSpec r;
  static const char* methods[] = {"POST", "PUT", "PATCH", "DELETE"};
  r.method = methods[g.below(4)];
  r.url = "http://127.0.0.1:8080/p/" + g.name() + (g.coin() ? "?page=" + std::to_string(g.below(9)) : "");
  // A query table: rows as they appear in the URL (form-encoded words).
  if (g.coin()) {
    QueryParams rows = params_from_url(r.url);
    for (std::size_t n = 1 + g.below(3); n > 0; --n) {
      std::string value = g.word();
      for (std::size_t at; (at = value.find("{{token}}")) != std::string::npos;) value.replace(at, 9, "tok");
      rows.push_back({g.name(), form_urlencode(value)});
    }
    r.url = url_with_params(r.url, rows);
  }
  for (std::size_t n = g.below(3); n > 0; --n) r.headers.push_back({"X-" + g.name(), g.word()});
  switch (g.below(format_kinds ? 5 : 3)) {
    case 0:
      r.body_kind = BodyKind::raw;
      r.body = g.word() + " " + g.word();
      break;
    case 1:
      r.body_kind = BodyKind::urlencoded;
      for (std::size_t n = 1 + g.below(4); n > 0; --n) r.form.push_back({g.name(), g.word()});
      break;
    case 2:
      r.body_kind = BodyKind::multipart;
      for (std::size_t n = 1 + g.below(4); n > 0; --n) {
        MultipartPart p{g.name(), g.word()};
        if (g.coin()) {
          p.is_file = true;
          p.value = "files/" + g.name() + ".bin";
          if (g.coin()) p.filename = "given.bin";
        }
        if (g.coin()) p.content_type = g.coin() ? "text/plain" : "application/json";
        r.multipart.push_back(std::move(p));
      }
      break;
    case 3:
      r.body_kind = BodyKind::binary;
      r.binary_file = (g.coin() ? "./files/" : "../up/") + g.name() + ".bin";
      if (g.coin()) r.headers.push_back({"Content-Type", "image/png"});
      break;
    default:
      r.body_kind = BodyKind::graphql;
      r.graphql.query = "query { " + g.name() + " }";
      if (g.coin()) r.graphql.variables = "{\"id\": 1}";
  }
  return r;
}

RequestSpec via_har(const RequestSpec& spec) {
  Experiment e;
  e.name = "r";
  e.request = spec;
  Result<std::string> har = export_har_requests({e}, "2026-01-01T00:00:00.000Z");
  if (!har) FAIL(har.error().message);
  Result<ImportBatch> back = import_har(*har);
  if (!back) FAIL(back.error().message);
  REQUIRE(back->requests.size() == 1);
  return back->requests[0].experiment.request;
}

RequestSpec via_http(const RequestSpec& spec) {
  Experiment e;
  e.name = "r";
  e.request = spec;
  HttpFileExport file = export_http_file({e});
  Result<ImportBatch> back = import_http_file(file.text);
  if (!back) FAIL(back.error().message);
  REQUIRE(back->requests.size() == 1);
  return back->requests[0].experiment.request;
}

std::vector<MultipartPart> with_default_filenames_cleared(std::vector<MultipartPart> parts) {
  for (MultipartPart& p : parts) {
    if (p.is_file && p.filename == p.value.substr(p.value.find_last_of('/') + 1)) p.filename.clear();
  }
  return parts;
}

}  // namespace

TEST_CASE("HAR import -> export -> import is a fixed point for generated requests", "[har][property]") {
  const unsigned seed = GENERATE(range(1u, 151u));
  CAPTURE(seed);
  Gen g(seed);
  RequestSpec spec = generate(g, false);
  RequestSpec first = via_har(spec);
  RequestSpec second = via_har(first);
  CHECK(second == first);
  // The query parameters survive as the URL's query and the HAR's queryString alike.
  CHECK(query_table(first) == query_table(spec));
  CHECK(first.body_kind == spec.body_kind);
  if (spec.body_kind == BodyKind::urlencoded) CHECK(first.form == spec.form);
  if (spec.body_kind == BodyKind::multipart) CHECK(first.multipart == with_default_filenames_cleared(spec.multipart));
  if (spec.body_kind == BodyKind::raw) CHECK(first.body == spec.body);
}

TEST_CASE(".http import -> export -> import is a fixed point for generated requests", "[http_file][property]") {
  const unsigned seed = GENERATE(range(1u, 151u));
  CAPTURE(seed);
  Gen g(seed);
  RequestSpec spec = generate(g, true);
  RequestSpec first = via_http(spec);
  RequestSpec second = via_http(first);
  CHECK(second == first);
  bool has_file = false;
  for (const MultipartPart& p : spec.multipart) has_file = has_file || p.is_file;
  CHECK(query_table(first) == query_table(spec));
  if (spec.body_kind == BodyKind::graphql) CHECK(first.graphql == spec.graphql);
  // A `< file` body stays a reference to the file, with the type the user gave (or none).
  if (spec.body_kind == BodyKind::binary) {
    CHECK(first.body_kind == BodyKind::binary);
    CHECK(first.binary_file == spec.binary_file);
    CHECK(first.headers == spec.headers);
  }
  if (spec.body_kind == BodyKind::multipart && has_file) {
    CHECK(first.multipart == with_default_filenames_cleared(spec.multipart));
  }
  // Otherwise (raw, urlencoded, text-only multipart) the body is the bytes it is sent as.
  if (spec.body_kind != BodyKind::graphql && spec.body_kind != BodyKind::binary &&
      !(spec.body_kind == BodyKind::multipart && has_file)) {
    CHECK(first.body == flatten_request(spec).body);
  }
}
