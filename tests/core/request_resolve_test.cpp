// The send-time pipeline: RequestSpec -> HttpRequest (shared/request_resolve.h). The bytes of
// urlencoded and multipart bodies are checked against real curl in
// tests/native/request_body_curl_test.cpp; here each step's rules, with fixed vectors.
#include <catch2/catch.hpp>

#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using namespace wirepad;

namespace {

Environment env() { return {"local", {{"host", "127.0.0.1:8080"}, {"id", "42"}, {"tok", "s3cr3t"}, {"amp", "a&b c"}}}; }

ResolvedRequest resolve(const RequestSpec& spec, ResolveOptions options = {}) {
  static Environment e = env();
  if (!options.environment) options.environment = &e;
  Result<ResolvedRequest> r = resolve_request_spec(spec, options);
  if (!r) FAIL(r.error().message);
  REQUIRE(r.ok());
  return r.value();
}

Error resolve_error(const RequestSpec& spec, ResolveOptions options = {}) {
  Result<ResolvedRequest> r = resolve_request_spec(spec, options);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("a request of formats 1 and 2 resolves to exactly the request it was", "[resolve]") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = "http://{{host}}/items?x={{id}}";
  spec.headers = {{"X-Id", "{{id}}"}, {"X-Off", "1", false}, {"", ""}};
  spec.body = "{\"id\": {{id}}}";
  ResolvedRequest r = resolve(spec);
  CHECK(r.request == HttpRequest{"POST", "http://127.0.0.1:8080/items?x=42", {{"X-Id", "42"}}, "{\"id\": 42}"});
  CHECK(r.added.empty());
  CHECK(r.pending == PendingAuth::none);
}

TEST_CASE("every unknown variable is named with its field", "[resolve]") {
  Environment e = env();
  ResolveOptions options;
  options.environment = &e;
  auto message = [&](const RequestSpec& spec) { return resolve_error(spec, options).message; };
  RequestSpec spec;
  spec.url = "http://h/:id";
  spec.path_variables = {{"id", "{{nope}}"}};
  CHECK(message(spec) == "unknown variable {{nope}} in path variable :id at position 0: the environment \"local\" has no such variable");
  spec = {};
  spec.url = "http://h/";
  spec.params = {{"a", "1", true, false}, {"q", "x{{missing}}"}};
  CHECK(message(spec).find("{{missing}} in query parameter 2 (q) value at position 1") != std::string::npos);
  spec.params = {{"q", "{{missing}}", true, false}};  // disabled rows are not resolved
  CHECK(resolve_request_spec(spec, options).ok());
  spec = {};
  spec.url = "http://h/";
  spec.body_kind = BodyKind::urlencoded;
  spec.form = {{"a", "{{x}}"}};
  CHECK(message(spec).find("{{x}} in form field 1 (a) value") != std::string::npos);
  spec.body_kind = BodyKind::raw;  // the form of another body kind is not sent, so not resolved
  CHECK(resolve_request_spec(spec, options).ok());
  spec.auth.kind = AuthKind::bearer;
  spec.auth.bearer.token = "{{token}}";
  CHECK(message(spec).find("{{token}} in the Bearer token") != std::string::npos);
  spec.auth = {};
  spec.multipart = {{"f", "{{dir}}/a.png", true}};
  spec.body_kind = BodyKind::multipart;
  CHECK(message(spec).find("{{dir}} in multipart part 1 (f) file path") != std::string::npos);
  spec.body_kind = BodyKind::graphql;
  spec.graphql = {"{ a }", "{\"v\": \"{{v}}\"}"};
  CHECK(message(spec).find("{{v}} in the GraphQL variables") != std::string::npos);
  // With keep_unknown_variables (previews, exports) nothing fails and references stay.
  Result<RequestSpec> kept = substitute_variables(spec, &e, true);
  REQUIRE(kept.ok());
  CHECK(kept->graphql.variables == "{\"v\": \"{{v}}\"}");
}

TEST_CASE("the URL: path variables and params filled, {{values}} resolved, then encoded", "[resolve]") {
  RequestSpec spec;
  spec.url = "http://{{host}}/users/:id/files/:name?ignored=1#frag";
  spec.path_variables = {{"id", "{{id}}"}, {"name", "my file.txt"}};
  spec.params = {{"q", "{{amp}}"}, {"flag", "", false}, {"off", "1", true, false}, {"utf", "\xc3\xa9"}, {"raw", "x%2Fy\"<>"}};
  ResolvedRequest r = resolve(spec);
  // A variable's '&' stays inside its row (%26); space, '"', '<', '>' and non-ASCII are
  // percent-encoded at send time; %2F as typed is kept.
  CHECK(r.request.url ==
        "http://127.0.0.1:8080/users/42/files/my%20file.txt?q=a%26b%20c&flag&utf=%C3%A9&raw=x%2Fy%22%3C%3E#frag");
  // Without a params table, the URL's own query is sent as typed (encoded only where it must be).
  spec.params.clear();
  spec.url = "http://h/s?q={{amp}}&t=a b|c";
  CHECK(resolve(spec).request.url == "http://h/s?q=a&b%20c&t=a%20b%7Cc");
  CHECK(encode_url_for_sending("http://h/{{x}} y", true) == "http://h/{{x}}%20y");
  CHECK(encode_url_for_sending("http://h/{{x}} y") == "http://h/%7B%7Bx%7D%7D%20y");
  CHECK(encode_url_for_sending("http://user@h\xc3\xa9st:80") == "http://user@h\xc3\xa9st:80");  // the host is not touched
}

TEST_CASE("auth: Basic, Bearer, API key in a header or the query, OAuth 2.0 with a token", "[resolve]") {
  RequestSpec spec;
  spec.url = "http://h/r";
  spec.auth.kind = AuthKind::basic;
  spec.auth.basic = {"Aladdin", "open sesame"};
  // RFC 7617 §2's example.
  CHECK(resolve(spec).request.headers == Headers{{"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}});
  CHECK(resolve(spec).added == Headers{{"Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}});
  spec.auth.basic.username = "a:b";
  CHECK(resolve_error(spec).message.find("RFC 7617") != std::string::npos);

  spec.auth.kind = AuthKind::bearer;
  spec.auth.bearer.token = "{{tok}}";
  CHECK(resolve(spec).request.headers == Headers{{"Authorization", "Bearer s3cr3t"}});
  // The user's own Authorization wins, and the note says so; a disabled one does not count.
  spec.headers = {{"Authorization", "Custom x"}};
  ResolvedRequest own = resolve(spec);
  CHECK(own.request.headers == Headers{{"Authorization", "Custom x"}});
  REQUIRE(own.notes.size() == 1);
  CHECK(own.notes[0].find("already has an Authorization header") != std::string::npos);
  spec.headers[0].enabled = false;
  CHECK(resolve(spec).request.headers == Headers{{"Authorization", "Bearer s3cr3t"}});
  spec.headers.clear();

  spec.auth.kind = AuthKind::api_key;
  spec.auth.api_key = {"X-Key", "{{tok}}", ApiKeyPlacement::header};
  CHECK(resolve(spec).request.headers == Headers{{"X-Key", "s3cr3t"}});
  spec.auth.api_key = {"key", "v&1", ApiKeyPlacement::query};
  spec.url = "http://h/r?a=1#f";
  ResolvedRequest q = resolve(spec);
  CHECK(q.request.url == "http://h/r?a=1&key=v%261#f");
  CHECK(q.request.headers.empty());

  spec.auth.kind = AuthKind::oauth2;
  spec.auth.oauth2.access_token = "{{tok}}";
  CHECK(resolve(spec).request.headers == Headers{{"Authorization", "Bearer s3cr3t"}});

  spec.auth.kind = AuthKind::inherit;
  ResolvedRequest inherit = resolve(spec);
  CHECK(inherit.request.headers.empty());
  REQUIRE(inherit.notes.size() == 1);
  CHECK(inherit.notes[0].find("inherit") != std::string::npos);
}

TEST_CASE("Digest, SigV4 and an OAuth 2.0 token still to fetch are handed back as pending, never guessed", "[resolve]") {
  RequestSpec spec;
  spec.url = "http://h/r";
  spec.auth.kind = AuthKind::digest;
  spec.auth.digest = {"ada", "{{tok}}"};
  ResolvedRequest d = resolve(spec);
  CHECK(d.pending == PendingAuth::digest_challenge);
  CHECK(d.request.headers.empty());  // no credentials before the challenge (RFC 7616 §3.4)
  CHECK(d.auth.digest.password == "s3cr3t");  // resolved, for whoever answers the challenge
  spec.auth.kind = AuthKind::oauth2;
  spec.auth.oauth2.token_url = "https://auth.example/token";
  ResolvedRequest o = resolve(spec);
  CHECK(o.pending == PendingAuth::oauth2_token);
  CHECK(o.pending_note.find("https://auth.example/token") != std::string::npos);
  spec.auth.kind = AuthKind::aws_sigv4;
  spec.auth.sigv4 = {"AKID", "secret", "", "us-east-1", "s3"};
  ResolvedRequest s = resolve(spec);
  CHECK(s.pending == PendingAuth::sigv4_signature);
  CHECK(s.request.headers.empty());
}

TEST_CASE("body kinds: none, raw with a language, urlencoded, binary, GraphQL, and Content-Type unless set", "[resolve]") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = "http://h/";
  spec.body = "{\"a\": 1}";
  spec.body_kind = BodyKind::none;
  CHECK(resolve(spec).request.body.empty());
  spec.body_kind = BodyKind::raw;
  for (auto [language, type] : {std::pair{RawLanguage::json, "application/json"}, {RawLanguage::text, "text/plain"},
                                {RawLanguage::xml, "application/xml"}, {RawLanguage::html, "text/html"},
                                {RawLanguage::javascript, "application/javascript"}}) {
    spec.body_language = language;
    ResolvedRequest r = resolve(spec);
    CHECK(r.request.headers == Headers{{"Content-Type", type}});
    CHECK(r.request.body == "{\"a\": 1}");
  }
  spec.headers = {{"content-type", "application/vnd.api+json"}};
  CHECK(resolve(spec).request.headers == Headers{{"content-type", "application/vnd.api+json"}});
  spec.headers.clear();

  spec.body_kind = BodyKind::urlencoded;
  spec.form = {{"name", "Ada Lovelace"}, {"off", "x", false}, {"sym", "~*-._!'()&=+/\xc3\xa9"}, {"a b", ""}};
  ResolvedRequest form = resolve(spec);
  CHECK(form.request.body == "name=Ada+Lovelace&sym=~%2A-._%21%27%28%29%26%3D%2B%2F%C3%A9&a+b=");
  CHECK(form.request.headers == Headers{{"Content-Type", "application/x-www-form-urlencoded"}});

  spec.body_kind = BodyKind::binary;
  spec.binary_file = "data/blob.bin";
  std::map<std::string, std::string> files{{"data/blob.bin", std::string("\0\xff", 2)}};
  ResolveOptions with_files;
  with_files.files = &files;
  ResolvedRequest bin = resolve(spec, with_files);
  CHECK(bin.request.body == std::string("\0\xff", 2));
  CHECK(bin.request.headers == Headers{{"Content-Type", "application/octet-stream"}});
  CHECK(files_to_read(spec) == std::vector<std::string>{"data/blob.bin"});
  Error missing = resolve_error(spec);
  CHECK(missing.message == "the file 'data/blob.bin' (the binary body) was not read, so nothing was sent");

  spec.body_kind = BodyKind::graphql;
  spec.graphql = {"query { me { id } }", "\n{ \"n\": 2, \"s\": \"x\" }\n"};
  ResolvedRequest gql = resolve(spec);
  CHECK(gql.request.body == R"({"query":"query { me { id } }","variables":{"n":2,"s":"x"}})");
  CHECK(gql.request.headers == Headers{{"Content-Type", "application/json"}});
  spec.graphql.variables = "";
  CHECK(resolve(spec).request.body == R"({"query":"query { me { id } }"})");
  spec.graphql.variables = "[1]";
  CHECK(resolve_error(spec).message.find("must be a JSON object") != std::string::npos);
}

TEST_CASE("multipart: curl -F's layout, the boundary an input, files by path, a typed Content-Type keeps its boundary", "[resolve]") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = "http://h/up";
  spec.body_kind = BodyKind::multipart;
  spec.multipart = {{"text", "hello"},
                    {"off", "x", false, "", "", false},
                    {"typed", "t", false, "text/x-a"},
                    {"doc", "dir/notes.txt", true},
                    {"pic", "p.data", true, "", "shown.png"},
                    {"raw", "r.bin", true},
                    {"q\"\r\n", "v", false, "", "a\"b.txt"}};
  std::map<std::string, std::string> files{{"dir/notes.txt", "N\n"}, {"p.data", "P"}, {"r.bin", "R"}};
  ResolveOptions options;
  options.files = &files;
  options.boundary = "------------------------0123456789abcdef";
  ResolvedRequest r = resolve(spec, options);
  const std::string b = "--------------------------0123456789abcdef";
  CHECK(r.request.body == b + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello\r\n" +
                              b + "\r\nContent-Disposition: form-data; name=\"typed\"\r\nContent-Type: text/x-a\r\n\r\nt\r\n" +
                              b + "\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nN\n\r\n" +
                              b + "\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"shown.png\"\r\nContent-Type: image/png\r\n\r\nP\r\n" +
                              b + "\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"r.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nR\r\n" +
                              b + "\r\nContent-Disposition: form-data; name=\"q%22%0D%0A\"; filename=\"a%22b.txt\"\r\nContent-Type: text/plain\r\n\r\nv\r\n" +
                              b + "--\r\n");
  CHECK(r.request.headers == Headers{{"Content-Type", "multipart/form-data; boundary=------------------------0123456789abcdef"}});
  CHECK(files_to_read(spec) == std::vector<std::string>{"dir/notes.txt", "p.data", "r.bin"});

  // The same request gives the same bytes without a boundary given, and it is never inside a part.
  ResolveOptions derived;
  derived.files = &files;
  std::string once = resolve(spec, derived).request.body;
  CHECK(once == resolve(spec, derived).request.body);
  // A multipart Content-Type typed without a boundary gets ours; one with a boundary keeps it.
  spec.headers = {{"Content-Type", "multipart/form-data"}};
  CHECK(resolve(spec, options).request.headers ==
        Headers{{"Content-Type", "multipart/form-data; boundary=------------------------0123456789abcdef"}});
  spec.headers = {{"Content-Type", "multipart/mixed; boundary=\"mine\""}};
  ResolvedRequest mine = resolve(spec, options);
  CHECK(mine.request.body.rfind("--mine\r\n", 0) == 0);
  CHECK(mine.request.headers == Headers{{"Content-Type", "multipart/mixed; boundary=\"mine\""}});
  // A missing file stops it, naming the file and the part.
  files.erase("p.data");
  CHECK(resolve_error(spec, options).message == "the file 'p.data' (multipart part 5 (pic)) was not read, so nothing was sent");
}

TEST_CASE("headers_added_when_sent lists what the body, the auth and the serializer add, in order", "[resolve]") {
  RequestSpec spec;
  spec.method = "POST";
  spec.url = "http://{{host}}/x";
  spec.headers = {{"X-Mine", "1"}};
  spec.auth.kind = AuthKind::bearer;
  spec.auth.bearer.token = "{{tok}}";
  spec.body_kind = BodyKind::urlencoded;
  spec.form = {{"a", "1"}};
  Environment e = env();
  std::vector<AddedHeader> added = headers_added_when_sent(spec, &e);
  CHECK(added == std::vector<AddedHeader>{{{"Host", "127.0.0.1:8080"}, "wirepad"},
                                          {{"Authorization", "Bearer s3cr3t"}, "auth"},
                                          {{"Content-Type", "application/x-www-form-urlencoded"}, "body"},
                                          {{"User-Agent", kUserAgent}, "wirepad"},
                                          {{"Accept", "*/*"}, "wirepad"},
                                          {{"Content-Length", "3"}, "wirepad"}});
  // Unknown variables are shown as written; a missing file does not stop the preview.
  spec.body_kind = BodyKind::binary;
  spec.binary_file = "big.iso";
  // (A URL that does not parse yet: the serializer's part is unknown, the pipeline's is listed.)
  std::vector<AddedHeader> preview = headers_added_when_sent(spec, nullptr);
  CHECK(preview == std::vector<AddedHeader>{{{"Authorization", "Bearer {{tok}}"}, "auth"},
                                            {{"Content-Type", "application/octet-stream"}, "body"}});
}

TEST_CASE("flatten_request is the request itself for formats 1 and 2, and the encoded body for the others", "[resolve]") {
  RequestSpec spec;
  spec.method = "PUT";
  spec.url = "http://{{host}}/a b";
  spec.headers = {{"X", "{{v}}"}};
  spec.body = "{{v}}";
  CHECK(flatten_request(spec) == HttpRequest{"PUT", "http://{{host}}/a b", {{"X", "{{v}}"}}, "{{v}}"});
  spec.body_kind = BodyKind::urlencoded;
  spec.form = {{"k", "{{v}}"}};
  CHECK(flatten_request(spec).body == "k={{v}}");  // exports keep the variable
}
