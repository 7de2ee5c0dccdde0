// curl export <-> import on the structured request: for generated RequestSpecs (auth kinds,
// urlencoded rows, multipart text and file parts, file bodies, proxies, headers with quotes and
// {{variables}}), import(export(spec)) sends the same bytes as spec, and import -> export ->
// import is a fixed point (the same RequestSpec and the same command).
#include <catch2/catch.hpp>

#include <cstdint>

#include "shared/code_export.h"
#include "shared/curl_import.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using namespace wirepad;

namespace {

// xorshift64: the same requests on every run, a different set per seed.
struct Generator {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  std::size_t below(std::size_t n) { return std::size_t(next() % n); }
  bool coin() { return next() & 1; }
  template <typename T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }
};

const std::string kTexts[] = {"plain", "two words", "a&b=c", "{{token}}", "semi;colon", "quote\"d", "it's",
                              "caf\xc3\xa9", "",  "@at", "<lt", "back\\slash", "$HOME `x`", "100%", "x+y"};
const std::string kNames[] = {"a", "name", "user_id", "q", "X-1", "b.c", "tilde~"};
const std::string kFiles[] = {"data.bin", "dir/photo.png", "my file.txt", "notes.txt"};
const std::string kBoundary = "------------------------0123456789abcdef";
const std::string kOwnBoundary = "----WirepadFormBoundary7c1e";

RequestSpec generate(Generator& g) {
  RequestSpec r;
  static const char* methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  r.method = g.pick(methods);
  static const char* urls[] = {"http://127.0.0.1:8080/p", "https://api.test/v1/items?x=1&y={{y}}", "http://h.test/a/b?flag",
                               "http://h.test/x/{{path}}"};
  r.url = g.pick(urls);
  for (std::size_t i = g.below(3); i > 0; --i) {
    static const char* header_names[] = {"X-Trace", "Accept", "X-Empty", "Cache-Control"};
    r.headers.push_back(HeaderRow{g.pick(header_names), g.pick(kTexts)});
  }
  switch (g.below(5)) {
    case 0: break;
    case 1: r.auth.kind = AuthKind::basic; r.auth.basic = {g.pick(kNames), g.pick(kTexts)}; break;
    case 2: r.auth.kind = AuthKind::digest; r.auth.digest = {g.pick(kNames), g.pick(kTexts)}; break;
    case 3: r.auth.kind = AuthKind::bearer; r.auth.bearer.token = g.pick(kNames) + ".{{t}}"; break;
    case 4:
      r.auth.kind = AuthKind::aws_sigv4;
      r.auth.sigv4 = {"AKID" + g.pick(kNames), g.pick(kTexts), "", "eu-west-1", "execute-api"};
      break;
  }
  switch (g.below(6)) {
    case 5:  // what curl --json makes
      r.body_language = RawLanguage::json;
      r.body = "{\"k\": \"" + g.pick(kTexts) + "\"}";
      r.headers.push_back(HeaderRow{"Content-Type", "application/json"});
      r.headers.push_back(HeaderRow{"Accept", "application/json"});
      break;
    case 0:  // raw, with or without a Content-Type row
      if (r.method != "GET") {
        r.body = g.pick(kTexts) + g.pick(kTexts);
        if (g.coin()) r.headers.push_back(HeaderRow{"Content-Type", "text/plain"});
      }
      break;
    case 1:
      r.body_kind = BodyKind::urlencoded;
      for (std::size_t i = 1 + g.below(3); i > 0; --i) r.form.push_back({g.pick(kNames), g.pick(kTexts), true});
      break;
    case 2:
      r.body_kind = BodyKind::multipart;
      for (std::size_t i = 1 + g.below(3); i > 0; --i) {
        MultipartPart p;
        p.name = g.pick(kNames);
        p.is_file = g.coin();
        p.value = p.is_file ? g.pick(kFiles) : g.pick(kTexts);
        if (g.coin()) p.content_type = "text/x-custom";
        if (g.coin()) p.filename = "given.txt";
        r.multipart.push_back(p);
      }
      // A type with a boundary of its own (an imported HAR's, Wirepad's): curl -F frames the
      // parts with one it makes, so the export leaves this one out.
      if (g.below(3) == 0) r.headers.push_back(HeaderRow{"Content-Type", g.coin() ? "multipart/form-data; boundary=" + kOwnBoundary
                                                                                  : "multipart/mixed; charset=utf-8; boundary=\"" + kOwnBoundary + "\""});
      break;
    case 3:
      r.body_kind = BodyKind::binary;
      r.binary_file = g.pick(kFiles);
      r.headers.push_back(HeaderRow{"Content-Type", "application/octet-stream"});
      break;
    case 4: break;  // no body
  }
  switch (g.below(4)) {
    case 0: break;
    case 1: r.proxy.mode = ProxyMode::explicit_url; r.proxy.url = "http://proxy.lan:3128"; break;
    case 2:
      r.proxy.mode = ProxyMode::explicit_url;
      r.proxy.url = "http://10.0.0.1:8080";
      r.proxy.username = g.pick(kNames);
      r.proxy.password = g.pick(kTexts);
      r.proxy.no_proxy = {"localhost", ".internal"};
      break;
    case 3: r.proxy.mode = ProxyMode::none; break;
  }
  return r;
}

// The request's bytes, a multipart body framed by kBoundary whichever boundary its type names.
std::string sent_bytes(const RequestSpec& spec) {
  ResolveOptions options;
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  options.encode_url = false;
  options.boundary = kBoundary;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  REQUIRE(resolved.ok());
  const HttpRequest& r = resolved->request;
  std::string out = r.method + " " + r.url + "\n";
  for (const Header& h : r.headers) out += h.name + ": " + h.value + "\n";
  out += "\n" + r.body;
  for (const std::string& own : {"\"" + kOwnBoundary + "\"", kOwnBoundary}) {
    for (std::size_t at = out.find(own); at != std::string::npos; at = out.find(own, at + kBoundary.size()))
      out.replace(at, own.size(), kBoundary);
  }
  return out;
}

}  // namespace

TEST_CASE("curl export then import keeps the structured request (generated requests)", "[code_export][curl_import]") {
  auto seed = GENERATE(take(4, random(std::uint64_t(1), std::uint64_t(1) << 62)));
  Generator g{seed | 1};
  for (int i = 0; i < 100; ++i) {
    Experiment e;
    e.request = generate(g);
    CAPTURE(seed, i);
    Result<std::string> first = export_code(e, ExportFormat::curl);
    if (!first.ok()) FAIL(first.error().message);
    CAPTURE(first.value());
    Result<CurlImport> back = import_curl(first.value());
    REQUIRE(back.ok());
    CHECK(back->ignored.empty());
    // The same request goes out (auth, body kind, files and proxy carried by curl's options).
    CHECK(sent_bytes(back->experiment.request) == sent_bytes(e.request));
    CHECK(back->experiment.request.auth == e.request.auth);
    CHECK(back->experiment.request.proxy == e.request.proxy);
    CHECK(files_to_read(back->experiment.request) == files_to_read(e.request));
    // import -> export -> import: a fixed point.
    Result<std::string> second = export_code(back->experiment, ExportFormat::curl);
    REQUIRE(second.ok());
    CHECK(second.value() == first.value());
    Result<CurlImport> again = import_curl(second.value());
    REQUIRE(again.ok());
    CHECK(again->experiment.request == back->experiment.request);
  }
}

TEST_CASE("the curl export writes the structured request with curl's own options", "[code_export]") {
  Experiment e;
  e.request = RequestSpec{"POST", "http://x/login"};
  e.request.auth.kind = AuthKind::digest;
  e.request.auth.digest = {"ann", "pw"};
  e.request.body_kind = BodyKind::urlencoded;
  e.request.form = {{"id", "{{client_id}}", true}, {"off", "x", false}, {"scope", "a b", true}};
  e.request.proxy.mode = ProxyMode::explicit_url;
  e.request.proxy.url = "http://p:3128";
  e.request.proxy.username = "pu";
  e.request.proxy.password = "pp";
  CHECK(export_code(e, ExportFormat::curl).value() ==
        "curl http://x/login \\\n"
        "  --digest \\\n"
        "  -u ann:pw \\\n"
        "  --data-urlencode 'id={{client_id}}' \\\n"
        "  --data-urlencode 'scope=a b' \\\n"
        "  -x http://p:3128 \\\n"
        "  -U pu:pp\n");
  // curl --json comes back as --json (the same RequestSpec, not a raw body with two headers).
  Result<CurlImport> json = import_curl("curl -H 'X-A: 1' --json '{\"a\": 1}' http://x/j");
  REQUIRE(json.ok());
  CHECK(export_code(json->experiment, ExportFormat::curl).value() ==
        "curl http://x/j \\\n"
        "  -H 'X-A: 1' \\\n"
        "  --json '{\"a\": 1}'\n");
  CHECK(import_curl(export_code(json->experiment, ExportFormat::curl).value())->experiment.request ==
        json->experiment.request);
  Experiment m;
  m.request = RequestSpec{"POST", "http://x/up"};
  m.request.auth.kind = AuthKind::aws_sigv4;
  m.request.auth.sigv4 = {"AK", "SK", "", "us-east-1", "s3"};
  m.request.body_kind = BodyKind::multipart;
  m.request.multipart = {{"t", "a;b", false, "", "", true}, {"f", "pic.png", true, "image/png", "", true}};
  CHECK(export_code(m, ExportFormat::curl).value() ==
        "curl http://x/up \\\n"
        "  --aws-sigv4 aws:amz:us-east-1:s3 \\\n"
        "  -u AK:SK \\\n"
        "  --form-string 't=a;b' \\\n"
        "  -F 'f=@pic.png;type=image/png'\n");
}
