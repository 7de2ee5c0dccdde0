// Property: for generated structured requests (seeded, so a failure names its seed), HAR and
// .http import -> export -> import is a fixed point, and what each format can hold (HAR: form
// and multipart tables, the query as queryString, a binary file body as _wirepadFile, every
// auth kind as _wirepadAuth; .http: multipart parts with files, a `< file` binary body,
// GraphQL; both: the query parameters) survives the first trip.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "import_test_util.h"
#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"
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

// Every auth kind, with words that need escaping and {{variables}} in its settings.
AuthSpec generate_auth(Gen& g) {
  AuthSpec a;
  switch (g.below(9)) {
    case 0: break;
    case 1:
      a.kind = AuthKind::basic;
      a.basic = {g.word(), g.word()};
      break;
    case 2:
      a.kind = AuthKind::bearer;
      a.bearer.token = g.word();
      break;
    case 3:
    case 4:
      a.kind = AuthKind::api_key;
      a.api_key = {g.coin() ? "X-Api-Key" : "api_key", g.word(), g.below(2) ? ApiKeyPlacement::query : ApiKeyPlacement::header};
      // In the query the value is text of the URL, as the query rows are (form-encoded words):
      // the URL is encoded when sent, and "50%" or a space there is the user's to escape.
      if (a.api_key.in == ApiKeyPlacement::query) a.api_key.value = form_urlencode(a.api_key.value, true);
      break;
    case 5:
      a.kind = AuthKind::digest;
      a.digest = {g.word(), g.word()};
      break;
    case 6:
      a.kind = AuthKind::aws_sigv4;
      a.sigv4 = {"AKID" + g.name(), g.word(), g.coin() ? g.word() : "", "us-east-1", "s3"};
      break;
    default:
      a.kind = AuthKind::oauth2;
      a.oauth2.grant = g.coin() ? OAuth2Grant::client_credentials : OAuth2Grant::authorization_code;
      a.oauth2.token_url = "https://auth.test/token";
      a.oauth2.client_id = g.word();
      a.oauth2.client_secret = g.word();
      a.oauth2.scope = g.coin() ? "read write" : "";
      if (g.coin()) a.oauth2.access_token = g.coin() ? "{{oauth_token}}" : g.word();
  }
  return a;
}

// `kinds`: how many body kinds may be drawn, in the order raw, urlencoded, multipart, binary
// (a file body: HAR's _wirepadFile, .http's `< file`), graphql (.http only).
RequestSpec generate(Gen& g, std::size_t kinds) {
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
  switch (g.below(kinds)) {
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

// What goes out (files unread, variables kept): the request line, the headers in name order
// (an imported request lists them as recorded, the auth adds its own after them) and the body.
std::string sent(const RequestSpec& spec) {
  Result<SerializedRequest> s = serialize_request(flatten_request(spec));
  if (!s) FAIL(s.error().message);
  Headers headers = s->headers;
  std::stable_sort(headers.begin(), headers.end(), [](const Header& a, const Header& b) { return a.name < b.name; });
  std::string out = s->bytes.substr(0, s->bytes.find("\r\n")) + "\n";
  for (const Header& h : headers) out += h.name + ": " + h.value + "\n";
  return out + "\n" + s->bytes.substr(s->bytes.find("\r\n\r\n") + 4);
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
  RequestSpec spec = generate(g, 4);
  spec.auth = generate_auth(g);
  CAPTURE(to_string(spec.auth.kind));
  RequestSpec first = via_har(spec);
  RequestSpec second = via_har(first);
  CHECK(second == first);
  // The auth is the auth again, not a header or a query parameter it once put on the wire.
  CHECK(first.auth == spec.auth);
  CHECK(sent(first) == sent(spec));
  if (spec.body_kind == BodyKind::binary) {
    CHECK(first.binary_file == spec.binary_file);
    const HeaderRow* type = find_header(first.headers, "Content-Type");
    const HeaderRow* given = find_header(spec.headers, "Content-Type");
    CHECK((type ? type->value : "") == (given ? given->value : ""));
  }
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
  RequestSpec spec = generate(g, 5);
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
