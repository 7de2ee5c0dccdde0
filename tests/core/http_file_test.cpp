// .http / .rest files: the REST Client and JetBrains syntax, variables, scripts and file
// bodies listed, errors with line and column, and experiment -> .http -> experiment.
#include <catch2/catch.hpp>

#include "convert_samples.h"
#include "import_test_util.h"
#include "shared/http_file.h"

using namespace wirepad;
using test::has_note;

namespace {
ImportBatch http(std::string_view text) {
  Result<ImportBatch> r = import_http_file(text);
  if (!r) FAIL(r.error().message);
  return r.value();
}
std::string error_of(std::string_view text) {
  Result<ImportBatch> r = import_http_file(text);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}
}  // namespace

TEST_CASE(".http: separators, names, comments, variables, versions", "[http_file]") {
  ImportBatch b = http(
      "@host = http://127.0.0.1:8080\r\n"
      "@api = {{host}}/api\r\n"
      "\r\n"
      "// a comment before anything\r\n"
      "### List users\r\n"
      "GET {{api}}/users HTTP/1.1\r\n"
      "Accept: application/json\r\n"
      "\r\n"
      "###\r\n"
      "# @name createUser\r\n"
      "# @no-redirect\r\n"
      "POST {{api}}/users\r\n"
      "  ?page=2\r\n"
      "  &size=10\r\n"
      "Content-Type: application/json\r\n"
      "# a comment between headers\r\n"
      "Authorization: Bearer {{token}}\r\n"
      "\r\n"
      "{\r\n"
      "  \"name\": \"ada\"\r\n"
      "}\r\n"
      "\r\n"
      "> {%\r\n"
      "  client.global.set(\"id\", response.body.id);\r\n"
      "%}\r\n"
      ">> ./saved.json\r\n"
      "\r\n"
      "### third\r\n"
      "https://example.test/plain\r\n"
      "###\r\n"
      "DELETE http://h/x HTTP/2\r\n");
  REQUIRE(b.requests.size() == 4);
  const RequestSpec& list = b.requests[0].experiment.request;
  CHECK(b.requests[0].experiment.name == "List users");
  CHECK(list == HttpRequest{"GET", "http://127.0.0.1:8080/api/users", {{"Accept", "application/json"}}, ""});
  CHECK(b.requests[0].not_imported.empty());
  CHECK(b.requests[0].source == "line 6");

  const ImportedRequest& create = b.requests[1];
  CHECK(create.experiment.name == "createUser");
  CHECK(create.experiment.request.method == "POST");
  CHECK(create.experiment.request.url == "http://127.0.0.1:8080/api/users?page=2&size=10");
  CHECK(create.experiment.request.headers ==
        Headers{{"Content-Type", "application/json"}, {"Authorization", "Bearer {{token}}"}});
  CHECK(create.experiment.request.body == "{\n  \"name\": \"ada\"\n}");
  CHECK(has_note(create.not_imported, "{{token}}", "kept as typed"));
  CHECK(has_note(create.not_imported, "@no-redirect"));
  CHECK(has_note(create.not_imported, "> {% %}", "script"));
  CHECK(has_note(create.not_imported, ">> ./saved.json"));

  CHECK(b.requests[2].experiment.request == HttpRequest{"GET", "https://example.test/plain", {}, ""});
  CHECK(b.requests[2].experiment.name == "third");
  CHECK(b.requests[3].experiment.request.method == "DELETE");
  CHECK(has_note(b.requests[3].not_imported, "HTTP/2", "HTTP/1.1"));
  CHECK(b.requests[3].experiment.name == "DELETE h/x");
  ImportBatch loop = http("@a = x{{b}}\n@b = {{a}}\nGET http://h/{{a}}\n");
  CHECK(loop.requests[0].experiment.request.url == "http://h/x{{a}}");
  CHECK(has_note(loop.requests[0].not_imported, "{{", "uses itself"));
}

TEST_CASE(".http: file bodies, multipart with CRLF, trailing blank lines", "[http_file]") {
  ImportBatch b = http(
      "POST http://h/upload\n"
      "Content-Type: application/octet-stream\n"
      "\n"
      "< ./payload.bin\n"
      "\n\n"
      "###\n"
      "POST http://h/form\n"
      "Content-Type: multipart/form-data; boundary=B\n"
      "\n"
      "--B\n"
      "Content-Disposition: form-data; name=\"a\"\n"
      "\n"
      "1\n"
      "--B\n"
      "Content-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\n"
      "\n"
      "< ./x.txt\n"
      "--B--\n");
  REQUIRE(b.requests.size() == 2);
  // A whole body `< file` is a binary-file body: the file is read when sent, nothing is lost.
  CHECK(b.requests[0].body_file == "./payload.bin");
  CHECK(b.requests[0].experiment.request.body_kind == BodyKind::binary);
  CHECK(b.requests[0].experiment.request.binary_file == "./payload.bin");
  CHECK(b.requests[0].experiment.request.body.empty());
  CHECK(b.requests[0].not_imported.empty());
  // A multipart body with `< file` parts becomes the multipart table: the file is read when sent.
  const RequestSpec& m = b.requests[1].experiment.request;
  CHECK(m.body_kind == BodyKind::multipart);
  CHECK(m.multipart == std::vector<MultipartPart>{{"a", "1"}, {"f", "./x.txt", true, "", "", true}});
  CHECK(find_header(m.headers, "Content-Type")->value == "multipart/form-data; boundary=B");  // used when sent
  std::map<std::string, std::string> files{{"./x.txt", "X"}};
  ResolveOptions options;
  options.files = &files;
  Result<ResolvedRequest> sent = resolve_request_spec(m, options);
  REQUIRE(sent);
  CHECK(sent->request.body ==
        "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\nContent-Disposition: form-data; "
        "name=\"f\"; filename=\"x.txt\"\r\nContent-Type: text/plain\r\n\r\nX\r\n--B--\r\n");  // curl's type for .txt
  CHECK_FALSE(has_note(b.requests[1].not_imported, "< ./x.txt", "kept as text"));
}

TEST_CASE(".http multipart parts with files, types and names, and text-only multipart stays as written", "[http_file]") {
  ImportBatch b = http(
      "POST http://h/up\n"
      "Content-Type: multipart/form-data; boundary=\"XY\"\n"
      "\n"
      "--XY\n"
      "Content-Disposition: form-data; name=\"meta\"\n"
      "Content-Type: application/json\n"
      "\n"
      "{\"a\": 1}\n"
      "--XY\n"
      "Content-Disposition: form-data; name=\"pic\"; filename=\"given.png\"\n"
      "Content-Type: image/png\n"
      "\n"
      "<@ ./img/cat.png\n"
      "--XY--\n"
      "###\n"
      "POST http://h/text\n"
      "Content-Type: multipart/form-data; boundary=B\n"
      "\n"
      "--B\n"
      "Content-Disposition: form-data; name=\"a\"\n"
      "\n"
      "1\n"
      "--B--\n");
  REQUIRE(b.requests.size() == 2);
  const RequestSpec& up = b.requests[0].experiment.request;
  CHECK(up.multipart == std::vector<MultipartPart>{{"meta", "{\"a\": 1}", false, "application/json", "", true},
                                                   {"pic", "./img/cat.png", true, "image/png", "given.png", true}});
  CHECK(files_to_read(up) == std::vector<std::string>{"./img/cat.png"});
  const RequestSpec& text = b.requests[1].experiment.request;
  CHECK(text.body_kind == BodyKind::raw);
  CHECK(text.body == "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B--\r\n");
}

TEST_CASE(".http GraphQL requests (REST Client's X-REQUEST-TYPE: GraphQL) and <@ bodies", "[http_file]") {
  ImportBatch b = http(
      "@id = 7\n"
      "POST http://h/graphql\n"
      "Content-Type: application/json\n"
      "X-REQUEST-TYPE: GraphQL\n"
      "\n"
      "query ($id: ID!) {\n"
      "  user(id: $id) { name }\n"
      "}\n"
      "\n"
      "{\"id\": \"{{id}}\"}\n"
      "###\n"
      "POST http://h/tmpl\n"
      "\n"
      "<@ ./body.json\n");
  REQUIRE(b.requests.size() == 2);
  const RequestSpec& g = b.requests[0].experiment.request;
  CHECK(g.body_kind == BodyKind::graphql);
  CHECK(g.graphql == GraphQLBody{"query ($id: ID!) {\n  user(id: $id) { name }\n}", "{\"id\": \"7\"}"});
  CHECK(g.headers == HeaderRows{{"Content-Type", "application/json"}});  // the marker is not sent
  Result<ResolvedRequest> sent = resolve_request_spec(g, {});
  REQUIRE(sent);
  CHECK(sent->request.body == R"({"query":"query ($id: ID!) {\n  user(id: $id) { name }\n}","variables":{"id":"7"}})");
  CHECK(b.requests[1].body_file == "./body.json");
  CHECK(b.requests[1].experiment.request.body_kind == BodyKind::binary);
  CHECK(b.requests[1].experiment.request.binary_file == "./body.json");
  CHECK(has_note(b.requests[1].not_imported, "<@ ./body.json", "replaces {{variables}} inside this file"));
  // No Content-Type: REST Client sends none, Wirepad's binary body application/octet-stream; said.
  CHECK(has_note(b.requests[1].not_imported, "< ./body.json", "application/octet-stream"));
}

TEST_CASE(".http from REST Client's README (docs/import-report.md): @prompt and a Windows path", "[http_file][third_party]") {
  ImportBatch b = http(
      "# @prompt username\n"
      "# @prompt refCode Your reference code display on webpage\n"
      "POST https://api.example.com:8080/verify-otp/{{refCode}} HTTP/1.1\n"
      "\n"
      "###\n"
      "POST https://example.com/comments HTTP/1.1\n"
      "Content-Type: application/xml\n"
      "\n"
      "< C:\\Users\\Default\\Desktop\\demo.xml\n");
  REQUIRE(b.requests.size() == 2);
  // Each @prompt names its variable and says what REST Client does with it.
  CHECK(has_note(b.requests[0].not_imported, "@prompt username", "asks for this variable's value"));
  CHECK(has_note(b.requests[0].not_imported, "@prompt refCode", "keeps {{refCode}} as typed"));
  CHECK_FALSE(has_note(b.requests[0].not_imported, "@prompt", "redirects"));
  // An absolute Windows path gets no folder put in front of it.
  RequestSpec windows = b.requests[1].experiment.request;
  CHECK(windows.binary_file == "C:\\Users\\Default\\Desktop\\demo.xml");
  rebase_file_paths(windows, "/somewhere/");
  CHECK(windows.binary_file == "C:\\Users\\Default\\Desktop\\demo.xml");
  RequestSpec relative = windows;
  relative.binary_file = "./demo.xml";
  rebase_file_paths(relative, "/somewhere/");
  CHECK(relative.binary_file == "/somewhere/demo.xml");
}

TEST_CASE("malformed .http: errors name the line and column", "[http_file]") {
  CHECK(error_of("GET http://h/\nAccept application/json\n") ==
        "line 2, column 1: a header is written 'Name: value' (no ':' here); leave a blank line before the body");
  Result<ImportBatch> method = import_http_file("\n\nGE(T http://h/\n");
  REQUIRE_FALSE(method.ok());
  CHECK_THAT(method.error().message, Catch::StartsWith("line 3, column 3: the method contains"));
  CHECK(method.error().offset == 4);
  CHECK(error_of("@host http://h\nGET {{host}}/\n") ==
        "line 1, column 15: a file variable is written '@name = value'; '=' is missing");
  CHECK(error_of("GET http://h/ HTTP/9.9\n") == "line 1, column 15: 'HTTP/9.9' is not an HTTP version (HTTP/1.1, HTTP/2, ...)");
  CHECK(error_of("GET http://h/\nX Bad: 1\n") ==
        "line 2, column 2: the header name contains a space; a header name is a token (RFC 9110 §5.1)");
  CHECK_THAT(error_of("POST http://h/\n\n{}\n> {%\n client.log(1)\n"), Catch::StartsWith("line 5, column 15: a script opened"));
  CHECK(error_of("DELETE\n") == "line 1, column 7: a URL is missing after the method DELETE");
  // Variables that double at every level would need gigabytes: refused, not expanded.
  std::string doubling = "@v0 = xxxxxxxxxxxxxxxx\n";
  for (int i = 1; i <= 30; ++i) {
    doubling += "@v" + std::to_string(i) + " = {{v" + std::to_string(i - 1) + "}}{{v" + std::to_string(i - 1) + "}}\n";
  }
  CHECK_THAT(error_of(doubling + "GET http://h/{{v30}}\n"), Catch::StartsWith("line 32: the file variables expand to more than 16 MiB"));
}

TEST_CASE("experiment -> .http -> experiment sends the same bytes, or says why not", "[http_file][roundtrip]") {
  std::vector<Experiment> samples = test::convert_samples();
  // A multipart body as curl -F builds it (CRLF lines).
  Experiment multipart;
  multipart.name = "multipart";
  multipart.request = {"POST", "http://127.0.0.1:8080/m", {{"Content-Type", "multipart/form-data; boundary=XyZ"}},
                       "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--XyZ--\r\n"};
  samples.push_back(multipart);
  std::size_t identical = 0;
  for (const Experiment& e : samples) {
    CAPTURE(e.name);
    HttpFileExport out = export_http_file({e});
    ImportBatch back = http(out.text);
    REQUIRE(back.requests.size() == 1);
    CAPTURE(out.text);
    CHECK(back.requests[0].experiment.name == e.name);
    bool same = test::wire_bytes(back.requests[0].experiment.request) == test::wire_bytes(e.request);
    // Either the same bytes, or the export said what the file cannot hold: never a silent change.
    if (!same) CHECK_FALSE(out.not_exported.empty());
    bool default_options = e.options == ExchangeOptions{};
    CHECK(default_options == !test::has_note(out.not_exported, e.name, "options"));
    if (same && default_options) CHECK(out.not_exported.empty());
    identical += same;
  }
  // json post (trailing newline), utf-8 body (CR), binary body: listed; the other six identical.
  CHECK(identical == samples.size() - 3);
  HttpFileExport all = export_http_file(samples);
  ImportBatch back = http(all.text);
  CHECK(back.requests.size() == samples.size());
}

TEST_CASE(".http: what wirepad run would refuse is noted at import", "[http_file][sendable]") {
  ImportBatch b = http(
      "GET /users?page=2\n"
      "Host: 127.0.0.1:8080\n"
      "\n"
      "###\n"
      "GET /orphan\n"
      "\n"
      "###\n"
      "GET ws://127.0.0.1:8080/chat\n"
      "\n"
      "###\n"
      "GET {{base}}/later\n");
  REQUIRE(b.requests.size() == 4);
  // The short form with a Host header (JetBrains, REST Client): joined, and said.
  CHECK(b.requests[0].experiment.request.url == "http://127.0.0.1:8080/users?page=2");
  CHECK(has_note(b.requests[0].not_imported, "/users?page=2", "joined with the Host header into http://127.0.0.1:8080/users?page=2"));
  CHECK(has_note(b.requests[1].not_imported, "/orphan", "no Host header to join it with; wirepad run refuses it"));
  CHECK(has_note(b.requests[2].not_imported, "ws://127.0.0.1:8080/chat", "wirepad run would refuse this request: The scheme 'ws' is not supported"));
  // An unknown variable is noted once, as such, not as a bad URL.
  REQUIRE(b.requests[3].not_imported.size() == 1);
  CHECK(has_note(b.requests[3].not_imported, "{{base}}", "no file variable defines it"));
}

TEST_CASE(".http: scripts, assertions, saved responses and stray request lines are noted, never silently body",
          "[http_file][notes]") {
  ImportBatch b = http(
      "{{\n"
      "  exports.started = Date.now();\n"
      "}}\n"
      "POST http://127.0.0.1:8080/post\n"
      "?? status == 200\n"
      "Content-Type: application/json\n"
      "\n"
      "{\"a\": 1}\n"
      "?? body a == 1\n"
      "{{@response\n"
      "  console.info(response.parsedBody);\n"
      "}}\n"
      "<> 2026-12-01T101010.200.json\n"
      "\n"
      "HTTP/1.1 200 - OK\n"
      "content-type: application/json\n"
      "\n"
      "{\"json\": {\"a\": 1}}\n"
      "###\n"
      "POST http://127.0.0.1:8080/post\n"
      "\n"
      "first=1\n"
      "GET http://127.0.0.1:8080/get\n"
      "Accept: text/plain\n");
  REQUIRE(b.requests.size() == 2);
  const ImportedRequest& first = b.requests[0];
  CHECK(first.experiment.request.body == "{\"a\": 1}");
  REQUIRE(first.experiment.request.headers.size() == 1);
  CHECK(has_note(first.not_imported, "{{ ... }}", "an httpyac script block (from line 1"));
  // httpyac's ?? lines are the request's checks (shared/httpyac_assert.h).
  REQUIRE(first.experiment.test.assertions.size() == 2);
  CHECK(describe(first.experiment.test.assertions[0]) == "status == 200");
  CHECK(describe(first.experiment.test.assertions[1]) == "json $.a == 1");
  CHECK(has_note(first.not_imported, "{{@response ... }}", "from line 10"));
  CHECK(has_note(first.not_imported, "<> 2026-12-01T101010.200.json", "a JetBrains reference to an earlier response"));
  CHECK(has_note(first.not_imported, "HTTP/1.1 200 - OK", "a saved response (line 15)"));
  // A request line inside a body: kept (REST Client sends it so), but said, with the fix.
  const ImportedRequest& second = b.requests[1];
  CHECK(second.experiment.request.body == "first=1\nGET http://127.0.0.1:8080/get\nAccept: text/plain");
  CHECK(has_note(second.not_imported, "GET http://127.0.0.1:8080/get", "line 23 looks like a request line"));
  CHECK(has_note(second.not_imported, "GET http://127.0.0.1:8080/get", "put '###' on the line before it"));

  // A REST Client response saved as a .http file holds no request: nothing imported, and why.
  ImportBatch saved = http("HTTP/1.1 404 Not Found\nContent-Type: text/plain\n\nno such user\n");
  CHECK(saved.requests.empty());
  CHECK(has_note(saved.not_imported, "HTTP/1.1 404 Not Found", "a saved response (line 1)"));

  // {{host}}/path is a request line, not a script block.
  ImportBatch templated = http("@host = http://127.0.0.1:8080\n{{host}}/get\n");
  REQUIRE(templated.requests.size() == 1);
  CHECK(templated.requests[0].experiment.request.url == "http://127.0.0.1:8080/get");
  CHECK(error_of("GET http://h/\n\n{{\nexports.x = 1;\n") ==
        "line 3, column 1: an httpyac script block opened with '{{' is never closed with a line '}}'");
}

TEST_CASE(".http: REST Client system and request variables, JetBrains import and run lines, say what they are",
          "[http_file][notes]") {
  ImportBatch b = http(
      "import ./auth.http\n"
      "run #login\n"
      "\n"
      "POST http://127.0.0.1:8080/post\n"
      "X-Request-Id: {{$guid}}\n"
      "Authorization: Bearer {{login.response.body.$.token}}\n"
      "X-Other: {{other}}\n");
  REQUIRE(b.requests.size() == 1);
  const auto& notes = b.requests[0].not_imported;
  CHECK(has_note(notes, "import ./auth.http", "a JetBrains 'import' line (line 1)"));
  CHECK(has_note(notes, "run #login", "a JetBrains 'run' line (line 2)"));
  CHECK(has_note(notes, "{{$guid}}", "a REST Client system variable"));
  CHECK(has_note(notes, "{{login.response.body.$.token}}", "the request named 'login'"));
  CHECK(has_note(notes, "{{other}}", "no file variable defines it"));
  // "run" as a method-less URL is still a request.
  ImportBatch get = http("GET http://127.0.0.1:8080/run\n");
  CHECK(get.requests.size() == 1);
}

TEST_CASE(".http: REST Client's auth shorthands become auth, the wire forms stay headers, and export writes them back",
          "[http_file][auth]") {
  ImportBatch b = http(
      "GET http://127.0.0.1:1/a\n"
      "Authorization: Basic ada:s3cret\n"
      "\n###\n"
      "GET http://127.0.0.1:1/b\n"
      "Authorization: Basic ada s3cret\n"
      "\n###\n"
      "GET http://127.0.0.1:1/c\n"
      "Authorization: Digest ada s3cret\n"
      "\n###\n"
      "GET http://127.0.0.1:1/d\n"
      "Authorization: AWS AKID SECRET token:T region:eu-west-1 service:s3\n"
      "\n###\n"
      "GET http://127.0.0.1:1/e\n"
      "Authorization: Basic YWRhOnMzY3JldA==\n"
      "\n###\n"
      "GET http://127.0.0.1:1/f\n"
      "Authorization: Digest username=\"ada\", realm=\"r\"\n"
      "\n###\n"
      "GET http://127.0.0.1:1/g\n"
      "Authorization: AWS AKID SECRET\n"
      "\n###\n"
      "GET http://127.0.0.1:1/h\n"
      "Authorization: Basic {{user}}:{{password}}\n");
  REQUIRE(b.requests.size() == 8);
  auto request = [&](std::size_t i) -> const RequestSpec& { return b.requests[i].experiment.request; };
  CHECK(request(0).auth.kind == AuthKind::basic);
  CHECK(request(0).auth.basic == BasicAuth{"ada", "s3cret"});
  CHECK(request(0).headers.empty());
  // Sent as REST Client sends it: the base64 header, never the shorthand.
  CHECK(test::wire_bytes(request(0)).find("Authorization: Basic YWRhOnMzY3JldA==\r\n") != std::string::npos);
  CHECK(request(1).auth.basic == BasicAuth{"ada", "s3cret"});
  CHECK(request(2).auth.kind == AuthKind::digest);
  CHECK(request(2).auth.digest == DigestAuth{"ada", "s3cret"});
  CHECK(request(3).auth.kind == AuthKind::aws_sigv4);
  CHECK(request(3).auth.sigv4 == SigV4Auth{"AKID", "SECRET", "T", "eu-west-1", "s3"});
  CHECK(b.requests[3].not_imported.empty());
  CHECK(request(4).auth.kind == AuthKind::none);  // already the wire form
  CHECK(request(4).headers.size() == 1);
  CHECK(request(5).auth.kind == AuthKind::none);
  CHECK(request(6).auth.kind == AuthKind::aws_sigv4);
  CHECK(has_note(b.requests[6].not_imported, "Authorization: AWS", "region"));
  CHECK(request(7).auth.basic == BasicAuth{"{{user}}", "{{password}}"});

  std::vector<Experiment> experiments;
  for (const ImportedRequest& r : b.requests) experiments.push_back(r.experiment);
  HttpFileExport out = export_http_file(experiments);
  CHECK(out.text.find("Authorization: Digest ada s3cret\n") != std::string::npos);
  CHECK(out.text.find("Authorization: AWS AKID SECRET token:T region:eu-west-1 service:s3\n") != std::string::npos);
  ImportBatch back = http(out.text);
  REQUIRE(back.requests.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    INFO(i);
    CHECK(back.requests[i].experiment.request.auth == request(i).auth);
  }
}
