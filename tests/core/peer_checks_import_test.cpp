// Importing the peers' checks (docs/import-export.md, "Checks from other tools"): Hurl files,
// Bruno collections, httpyac `??` lines and Postman test scripts, from the peers' own example
// files in tests/data/peers (sources in its README) and small inline cases: what becomes an
// assertion or capture, and that everything else is listed with its reason.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "shared/bruno_import.h"
#include "shared/experiment.h"
#include "shared/http_file.h"
#include "shared/hurl_import.h"
#include "shared/import_any.h"
#include "shared/postman_import.h"
#include "shared/test_spec_json.h"

using namespace wirepad;
namespace fs = std::filesystem;

namespace {

std::string peer_file(const std::string& name) {
  std::ifstream in(std::string(WIREPAD_TEST_DATA) + "/peers/" + name, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool has_note(const ImportedRequest& r, std::string_view what, std::string_view why = "") {
  for (const ImportNote& n : r.not_imported)
    if (n.what.find(what) != std::string::npos && n.sentence.find(why) != std::string::npos) return true;
  return false;
}

std::string described(const Experiment& e) {
  std::string out;
  for (Assertion a : e.test.assertions) {
    a.label.clear();  // the check itself, not its name (Bruno's line, a pm.test name)
    out += describe(a) + "\n";
  }
  for (const Capture& c : e.test.captures) out += describe(c) + "\n";
  return out;
}

bool has_assertion(const Experiment& e, AssertSubject subject, const std::string& selector, AssertOp op, const std::string& expected) {
  for (const Assertion& a : e.test.assertions)
    if (a.subject == subject && a.selector == selector && a.op == op && a.expected == expected) return true;
  return false;
}

}  // namespace

TEST_CASE("Hurl: requests, sections, bodies and options", "[peers][hurl]") {
  Result<ImportBatch> b = import_hurl(R"(# a comment
POST http://127.0.0.1:8000/login?x=1   # trailing comment
Accept: application/json
[QueryStringParams]
q: a b
v: {{value}}
[BasicAuth]
bob: secret
[Options]
location: true
max-redirs: 3
insecure: true
connect-timeout: 500ms
retry: 2
retry-interval: 250
variable: value=42
delay: 100
{
  "user": "ada", "tags": ["a", "}"]
}
HTTP 201
Content-Type: application/json
[Captures]
token: jsonpath "$.token" redact
sid: cookie "sid"
[Asserts]
jsonpath "$.user" == "ada"
duration < 1000

GET http://127.0.0.1:8000/form
[MultipartFormData]
f: file,data.bin; application/octet-stream
HTTP *

PUT http://127.0.0.1:8000/file
file,payload.json;
)");
  REQUIRE(b);
  REQUIRE(b->requests.size() == 3);
  const ImportedRequest& login = b->requests[0];
  const Experiment& e = login.experiment;
  CHECK(e.request.method == "POST");
  CHECK(e.request.url == "http://127.0.0.1:8000/login?x=1&q=a%20b&v={{value}}");
  CHECK(e.request.headers[0].name == "Accept");
  CHECK(e.request.auth.kind == AuthKind::basic);
  CHECK(e.request.auth.basic.username == "bob");
  CHECK(e.request.auth.basic.password == "secret");
  CHECK(e.request.body_language == RawLanguage::json);
  CHECK(e.request.body == "{\n  \"user\": \"ada\", \"tags\": [\"a\", \"}\"]\n}");
  CHECK(e.options.follow_redirects);
  CHECK(e.options.max_redirects == 3);
  CHECK_FALSE(e.options.verify_tls);
  CHECK(e.options.connect_timeout == Approx(0.5));
  REQUIRE(e.test.repeat);
  CHECK(e.test.repeat->max_attempts == 3);
  CHECK(e.test.repeat->delay_ms == 250);
  CHECK(e.test.repeat->until == e.test.assertions);
  CHECK(b->environment.find("value")->value == "42");
  CHECK(has_note(login, "delay: 100", "a Hurl option Wirepad does not have"));
  // The status line and the header under it are assertions, then [Asserts].
  CHECK(described(e) ==
        "status == 201\nheader Content-Type == \"application/json\"\njson $.user == \"ada\"\nduration < 1000\n"
        "token from json $.token\nsid from cookie sid\n");
  CHECK(e.test.captures[0].secret);
  const Experiment& form = b->requests[1].experiment;
  CHECK(form.request.body_kind == BodyKind::multipart);
  REQUIRE(form.request.multipart.size() == 1);
  CHECK(form.request.multipart[0].is_file);
  CHECK(form.request.multipart[0].value == "data.bin");
  CHECK(form.request.multipart[0].content_type == "application/octet-stream");
  CHECK(form.test.assertions.empty());  // HTTP *: any status
  const Experiment& file = b->requests[2].experiment;
  CHECK(file.request.body_kind == BodyKind::binary);
  CHECK(file.request.binary_file == "payload.json");
  CHECK(b->requests[2].body_file == "payload.json");
}

TEST_CASE("Hurl: syntax errors name the line and column", "[peers][hurl]") {
  auto error_of = [](std::string_view text) {
    Result<ImportBatch> b = import_hurl(text);
    REQUIRE_FALSE(b);
    return b.error().message;
  };
  CHECK(error_of("Accept: x\n") == "line 1, column 1: expected a request line (METHOD URL) here");
  CHECK(error_of("GET http://x/\n[Nonsense]\n") == "line 2, column 1: [Nonsense] is not a Hurl section");
  CHECK(error_of("GET http://x/\nHTTP 200\n[Options]\n").find("[Options] belongs to the request") != std::string::npos);
  CHECK(error_of("POST http://x/\n{\"a\": [1,\n") == "line 2, column 1: a JSON body whose brackets are not closed");
  CHECK(error_of("POST http://x/\n```\nabc\n") == "line 2, column 1: a ``` body without its closing ```");
  CHECK(error_of("GET http://x/\nX-A \\u{zz}: 1\n").find("line 2") == 0);
  Result<ImportBatch> b = import_hurl("GET http://x/\nHTTP 200\nHTTP 200\n");
  REQUIRE_FALSE(b);
  CHECK(b.error().offset == 23);
}

TEST_CASE("Hurl: the integration tests' assert_json.hurl", "[peers][hurl]") {
  Result<ImportBatch> b = import_hurl(peer_file("hurl/assert_json.hurl"));
  REQUIRE(b);
  REQUIRE(b->requests.size() == 8);
  const ImportedRequest& first = b->requests[0];
  const Experiment& e = first.experiment;
  // Carried, as Hurl means them.
  CHECK(has_assertion(e, AssertSubject::status, "", AssertOp::eq, "200"));
  CHECK(has_assertion(e, AssertSubject::json, "$.count", AssertOp::eq, "5"));
  CHECK(has_assertion(e, AssertSubject::json, "$.count", AssertOp::eq, "\"{{five}}\""));
  CHECK(has_assertion(e, AssertSubject::json, "$.count", AssertOp::ne, "4"));  // not == 4
  CHECK(has_assertion(e, AssertSubject::json_count, "$.errors[*]", AssertOp::eq, "2"));
  CHECK(has_assertion(e, AssertSubject::json_count, "$..id", AssertOp::eq, "3"));
  CHECK(has_assertion(e, AssertSubject::json, "$.errors", AssertOp::type, "\"array\""));
  CHECK(has_assertion(e, AssertSubject::json, "$.message", AssertOp::eq, "\"Bob says \\\"Hello\\\"\""));
  CHECK(has_assertion(e, AssertSubject::json, "$.toto", AssertOp::not_exists, ""));
  CHECK(has_assertion(e, AssertSubject::json, "$.errors[?(@.id)].id[0]", AssertOp::eq, "\"error1\"") == false);
  CHECK(has_assertion(e, AssertSubject::json, "$['profile-id']", AssertOp::eq, "\"123abc\""));
  // The body under the status line is the expected JSON.
  CHECK(e.test.assertions.back().subject == AssertSubject::json);
  CHECK(e.test.assertions.back().selector == "$");
  CHECK(e.test.captures.size() == 1);  // count; the two toDate captures are listed
  // Listed, with the reason.
  CHECK(has_note(first, "toDate", "filter"));
  CHECK(has_note(first, "isCollection", "no Wirepad operator"));
  CHECK(has_note(first, "isFloat", "no Wirepad operator"));
  CHECK(has_note(first, "not isObject", "no negation"));
  CHECK(has_note(first, "$.errors[*].id\" contains", "selects several"));
  CHECK(has_note(first, "nth 0", "nth over a JSONPath that selects several"));
  CHECK(has_note(first, "isUuid"));
  CHECK(b->environment.variables.size() == 6);
  CHECK(b->environment.find("five")->value == "5");
  // The body capture: the whole body.
  const Experiment& index = b->requests[1].experiment;
  REQUIRE(index.test.captures.size() == 1);
  CHECK(index.test.captures[0].from == CaptureSource::regex);
  CHECK(index.test.captures[0].group == 0);
  std::size_t carried = 0, listed = 0;
  for (const ImportedRequest& r : b->requests) {
    carried += r.experiment.test.assertions.size() + r.experiment.test.captures.size();
    listed += r.not_imported.size();
  }
  CHECK(carried == 97);
  CHECK(listed == 28);
}

TEST_CASE("Hurl: headers, captures and forms from the integration tests", "[peers][hurl]") {
  Result<ImportBatch> headers = import_hurl(peer_file("hurl/assert_header.hurl"));
  REQUIRE(headers);
  REQUIRE(headers->requests.size() == 5);
  const ImportedRequest& h = headers->requests[0];
  // Set-Cookie twice under the status line: each value is one of several, checked as contained.
  CHECK(has_assertion(h.experiment, AssertSubject::header, "Set-Cookie", AssertOp::contains, "\"cookie1=value1; Path=/\""));
  CHECK(has_assertion(h.experiment, AssertSubject::header, "Custom", AssertOp::not_exists, ""));
  CHECK(has_note(h, "header \"Set-Cookie\" count == 3", "count"));
  CHECK(has_note(h, "url ==", "no assertion on the url") == false);
  CHECK(has_note(headers->requests[2], "url ==", "Wirepad has no assertion on the url"));

  Result<ImportBatch> captures = import_hurl(peer_file("hurl/captures.hurl"));
  REQUIRE(captures);
  const ImportedRequest& c = captures->requests[0];
  CHECK(described(c.experiment).find("param1 from header header1") != std::string::npos);
  CHECK(has_note(c, "param2: header \"header2\" regex", "the filter regex"));
  CHECK(has_note(c, "variable \"param1\" == \"value1\"", "not on the response"));
  CHECK(captures->requests[1].experiment.request.url == "http://localhost:8000/captures-check?param1={{param1}}&param2={{param2}}");
  CHECK(has_note(captures->requests[3], "a_node_set: xpath \"//p\"", "Hurl captures the node set //p; Wirepad captures one value"));
  CHECK(has_note(captures->requests[4], "foo[Path]", "cookie attribute"));
  CHECK(has_note(captures->requests[5], "some_bytes: bytes", "does not capture bytes"));

  Result<ImportBatch> forms = import_hurl(peer_file("hurl/form_params.hurl"));
  REQUIRE(forms);
  REQUIRE(forms->requests.size() == 3);
  const RequestSpec& f = forms->requests[0].experiment.request;
  REQUIRE(f.form.size() == 6);
  CHECK(f.form[4].name == "values[0]");  // values\u{5b}0\u{5d}
  CHECK(f.form[3].value == "a%3db");
  CHECK(forms->requests[1].experiment.request.form == f.form);  // [Form] is [FormParams]
  CHECK(forms->requests[2].experiment.request.body == "param1=value1&param2=&param3=a%3db&param4=a%253db&values[0]=0&values[1]=1");
}

TEST_CASE("Hurl: xpath asserts and captures, and the certificate's Expire-Date, are carried", "[peers][hurl][xpath]") {
  Result<ImportBatch> b = import_hurl(R"x(GET https://example.org/books.xml
HTTP 200
[Captures]
title: xpath "string(//book[1]/title)"
count: xpath "count(//book)"
nodes: xpath "//book"
upper: xpath "string(//title)" regex "(.*)"
[Asserts]
xpath "string(//title)" == "Books"
xpath "normalize-space(//h1)" startsWith "Lab"
xpath "//book" count == 3
xpath "//book[@id='1']/pages" > 500
xpath "boolean(count(//book))" == true
xpath "//missing" not exists
xpath "//book" exists
xpath "//title" isString
xpath "//p[" exists
certificate "Expire-Date" daysAfterNow > 15
certificate "Expire-Date" daysAfterNow not < 30
certificate "Subject" == "CN=example.org"
certificate "Issuer" contains "Let's Encrypt"
certificate "Start-Date" daysBeforeNow < 100
certificate "Expire-Date" toString contains "2027"
)x");
  REQUIRE(b);
  REQUIRE(b->requests.size() == 1);
  const ImportedRequest& r = b->requests[0];
  const Experiment& e = r.experiment;
  CHECK(has_assertion(e, AssertSubject::xpath, "string(//title)", AssertOp::eq, "\"Books\""));
  CHECK(has_assertion(e, AssertSubject::xpath, "normalize-space(//h1)", AssertOp::starts_with, "\"Lab\""));
  CHECK(has_assertion(e, AssertSubject::xpath_count, "//book", AssertOp::eq, "3"));
  CHECK(has_assertion(e, AssertSubject::xpath, "//book[@id='1']/pages", AssertOp::gt, "500"));
  CHECK(has_assertion(e, AssertSubject::xpath, "boolean(count(//book))", AssertOp::eq, "true"));
  CHECK(has_assertion(e, AssertSubject::xpath, "//missing", AssertOp::not_exists, ""));
  CHECK(has_assertion(e, AssertSubject::xpath, "//book", AssertOp::exists, ""));
  CHECK(has_assertion(e, AssertSubject::cert_days, "", AssertOp::gt, "15"));
  CHECK(has_assertion(e, AssertSubject::cert_days, "", AssertOp::ge, "30"));  // not < 30
  REQUIRE(e.test.captures.size() == 2);
  CHECK(e.test.captures[0].from == CaptureSource::xpath);
  CHECK(e.test.captures[0].selector == "string(//book[1]/title)");
  CHECK(e.test.captures[1].selector == "count(//book)");
  // Listed, each with its reason.
  CHECK(has_note(r, "nodes: xpath \"//book\"", "wrap the path in string(...)"));
  CHECK(has_note(r, "upper: xpath", "the filter regex"));
  CHECK(has_note(r, "xpath \"//title\" isString", "applies to a JSON value"));
  CHECK(has_note(r, "xpath \"//p[\" exists", "invalid XPath //p["));
  CHECK(has_note(r, "certificate \"Subject\"", "Wirepad checks the certificate's expiry only"));
  CHECK(has_note(r, "certificate \"Issuer\"", "expiry only"));
  CHECK(has_note(r, "certificate \"Start-Date\" daysBeforeNow", "the filter daysBeforeNow"));
  CHECK(has_note(r, "certificate \"Expire-Date\" toString", "the filter toString"));
  CHECK(r.not_imported.size() == 8);
  // What it imported reads back from the file format unchanged.
  Result<Experiment> again = parse_experiment(serialize_experiment(e));
  REQUIRE(again);
  CHECK(again->test == e.test);
}

TEST_CASE("Hurl: detection", "[peers][hurl]") {
  CHECK(detect_import_format("GET http://x/\nHTTP 200\n", "") == ImportFormat::hurl);
  CHECK(detect_import_format("GET http://x/\n[Asserts]\nstatus == 200\n", "") == ImportFormat::hurl);
  CHECK(detect_import_format("GET http://x/\n", "a.hurl") == ImportFormat::hurl);
  CHECK(detect_import_format("GET http://x/\n\nHTTP/1.1 200 OK\n", "") == ImportFormat::http_file);
  CHECK(import_format_from_name("hurl") == ImportFormat::hurl);
}

TEST_CASE("Bruno: the testbench collection", "[peers][bruno]") {
  std::vector<BrunoFile> files;
  const fs::path root = fs::path(WIREPAD_TEST_DATA) / "peers/bruno/testbench";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files.push_back({fs::relative(entry.path(), root).generic_string(), std::string(std::istreambuf_iterator<char>(in), {})});
  }
  Result<ImportBatch> b = import_bruno_collection(files);
  REQUIRE(b);
  REQUIRE(b->requests.size() == 4);
  CHECK(b->environment.name == "bruno-testbench");
  REQUIRE(b->named_environments.size() == 1);
  const Environment& local = b->named_environments[0];
  CHECK(local.name == "Local");
  CHECK(local.find("host")->value == "http://localhost:8080");
  CHECK(local.find("typed_env_num")->value == "300");  // after its @number annotation
  CHECK(local.find("typed_env_obj")->value == "{\"scope\":\"env\"}");
  CHECK(local.find("github_client_secret")->secret);
  // The collection's requests first (none), then asserts/, then echo/ by seq.
  CHECK(b->requests[0].source == "asserts/test-assert-combinations.bru");
  CHECK(b->requests[1].experiment.name == "echo numbers");  // seq 1
  CHECK(b->requests[2].experiment.name == "echo json");     // seq 2
  CHECK(b->requests[3].experiment.name == "echo plaintext");
  const ImportedRequest& combos = b->requests[0];
  CHECK(combos.experiment.request.method == "POST");
  CHECK(combos.experiment.request.body_language == RawLanguage::json);
  CHECK(combos.experiment.request.body.rfind("{\n  \"type\": \"application/json\",", 0) == 0);
  const Experiment& e = combos.experiment;
  CHECK(has_assertion(e, AssertSubject::json, "$.string", AssertOp::eq, "\"foo\""));
  CHECK(has_assertion(e, AssertSubject::json, "$.stringWithSQuotes", AssertOp::eq, "\"'foo'\""));
  CHECK(has_assertion(e, AssertSubject::json, "$.number", AssertOp::eq, "123"));
  CHECK(has_assertion(e, AssertSubject::json, "$.numberAsString", AssertOp::eq, "\"123\""));
  CHECK(has_assertion(e, AssertSubject::json, "$.null", AssertOp::eq, "null"));
  CHECK(has_assertion(e, AssertSubject::json, "$.nonexistent", AssertOp::not_exists, ""));
  CHECK(has_assertion(e, AssertSubject::json, "$.stringWithDoubleCurlyBraces", AssertOp::eq, "\"{{foobar}}\""));
  CHECK(has_note(combos, "numberBig.toString()", "JavaScript not run"));
  CHECK(e.test.assertions.size() == 27);
  const ImportedRequest& json = b->requests[2];
  CHECK(json.experiment.request.auth.kind == AuthKind::none);  // auth: none, the auth:basic block kept aside
  CHECK(json.experiment.request.headers[0].name == "foo");
  CHECK(has_note(json, "tests", "JavaScript not run"));
  CHECK(has_note(json, "script:pre-request", "JavaScript not run"));
  CHECK(b->not_imported.size() == 1);  // bruno.json's proxy and script settings
  CHECK(json.experiment.options.follow_redirects);
}

TEST_CASE("Bruno: the language's request fixture", "[peers][bruno]") {
  Result<ImportBatch> b = import_bru(peer_file("bruno/lang/request.bru"));
  REQUIRE(b);
  const ImportedRequest& r = b->requests[0];
  const RequestSpec& q = r.experiment.request;
  CHECK(r.experiment.name == "Send Bulk SMS");
  CHECK(q.method == "GET");
  CHECK(q.auth.kind == AuthKind::bearer);
  CHECK(q.auth.bearer.token == "123");
  REQUIRE(q.path_variables.size() == 1);
  CHECK(q.path_variables[0].value == "123");
  // The query rows, the disabled ones kept disabled.
  REQUIRE(q.params.size() == 8);
  CHECK(q.params[1].value == "998877665");
  CHECK(q.params[2].name == "key with spaces");
  CHECK(q.params[4].name == "nested escaped \"quote\"");
  CHECK_FALSE(q.params[6].enabled);
  CHECK(q.headers[5].name == "nested escaped \"quote\"");
  CHECK_FALSE(q.headers.back().enabled);
  CHECK(q.body_language == RawLanguage::json);
  // vars:post-response with $res: captures; assert with no operator: eq.
  CHECK(described(r.experiment) == "status == 200\njson $.message == \"success\"\ntoken from json $.token\norderNumber from json $.orderNumber\n");
  CHECK(r.experiment.test.assertions[0].label == "$res.status: 200");
  CHECK_FALSE(r.experiment.test.assertions[1].enabled);
  CHECK(has_note(r, "vars:post-response petId", "disabled"));
  CHECK(has_note(r, "vars:pre-request departingDate", "environment"));
  CHECK(has_note(r, "body:xml", "not sent"));
  CHECK(has_note(r, "docs"));
}

TEST_CASE("Bruno: errors and detection", "[peers][bruno]") {
  Result<ImportBatch> b = import_bru("meta {\n  name: x\n}\nget {\n  url: http://x/\n");
  REQUIRE_FALSE(b);
  CHECK(b.error().message == "line 4: the get block is not closed (a '}' at the start of a line)");
  b = import_bru("meta {\n  name x\n}\n");
  REQUIRE_FALSE(b);
  CHECK(b.error().message == "line 2: expected 'key: value' in the meta block");
  b = import_bru("meta {\n  name: x\n}\n");
  REQUIRE_FALSE(b);
  CHECK(b.error().message == "no request block (get {, post {, ...)");
  CHECK(detect_import_format("meta {\n  name: a\n}\nget {\n  url: http://x\n}\n", "") == ImportFormat::bruno);
  b = import_as(ImportFormat::bruno, "get {\n  url: http://x/\n}\nassert {\n  res.status: in 200,201\n  res.body.items: length 2\n  res.headers['content-type']: contains json\n  res.responseTime: lt 500\n}\n");
  REQUIRE(b);
  const ImportedRequest& r = b->requests[0];
  CHECK(described(r.experiment) ==
        "json_count $.items[*] == 2\nheader content-type contains \"json\"\nduration < 500\n");
  CHECK(has_note(r, "res.status: in 200,201", "operator in"));
}

TEST_CASE("httpyac: ?? lines become the request's checks", "[peers][httpyac]") {
  Result<ImportBatch> b = import_http_file(peer_file("httpyac/checks.http"));
  REQUIRE(b);
  REQUIRE(b->requests.size() == 2);
  const ImportedRequest& json = b->requests[0];
  CHECK(described(json.experiment) ==
        "status == 200\nheader content-type contains \"json\"\njson $.count == 5\njson $.errors[0].id == \"error1\"\n"
        "json $.tags type \"array\"\njson $.success type \"boolean\"\njson $.duration < 2\n"
        "json $.message starts_with \"Bob\"\nstatus == 201\njson $.count > 7\nduration < 5000\n");
  CHECK(has_note(json, "?? js response.parsedBody.errors.map", "JavaScript not run"));
  const ImportedRequest& text = b->requests[1];
  CHECK(described(text.experiment) ==
        "status == 200\nbody == \"Hello world!\"\nbody contains \"world\"\nbody matches \"^Hello\"\n"
        "header header2 == \"Hello Bob!\"\nheader header1 starts_with \"nope\"\n");
  CHECK(has_note(text, "sha256", "hash"));
}

TEST_CASE("Postman: the simplest pm.test patterns become checks", "[peers][postman]") {
  Result<ImportBatch> b = import_postman(peer_file("postman/tests.postman_collection.json"));
  REQUIRE(b);
  REQUIRE(b->requests.size() == 3);
  const ImportedRequest& json = b->requests[0];
  CHECK(described(json.experiment) ==
        "status == 200\njson $.count == 5\njson $.errors[1].id == \"error2\"\njson $.tags contains \"test\"\n"
        "json $.success == false\njson $.count > 7\nstatus == 201\nheader Content-Type exists\nduration < 5000\nstatus == 200\n");
  CHECK(json.experiment.test.assertions[0].label == "Status code is 200");
  CHECK(json.experiment.test.assertions.back().label == "Status code is 200 (old style)");
  CHECK(has_note(json, "jsonData.errors.forEach", "JavaScript not run"));
  const ImportedRequest& captures = b->requests[1];
  CHECK(described(captures.experiment) == "body contains \"world\"\np1 from header Header1\n");
  CHECK(b->requests[2].experiment.test.assertions.size() == 1);
}

TEST_CASE("Postman: scripts that are not read are listed, statement by statement", "[peers][postman]") {
  const std::string collection = R"({"info": {"name": "c"}, "item": [{"name": "r", "request": "http://x/",
    "event": [{"listen": "test", "script": {"exec": [
      "// a comment",
      "const schema = { type: 'object' };",
      "pm.test('schema', function () { pm.response.to.have.jsonSchema(schema); });",
      "pm.expect(pm.response.code).to.be.oneOf([200, 201]);",
      "pm.response.to.be.ok;",
      "if (pm.response.code === 200) { pm.environment.set('x', 1); }"
    ]}}, {"listen": "prerequest", "script": {"exec": ["pm.variables.set('a', 1);"]}}]}]})";
  Result<ImportBatch> b = import_postman(collection);
  REQUIRE(b);
  const ImportedRequest& r = b->requests[0];
  CHECK(r.experiment.test.assertions.empty());
  CHECK(has_note(r, "const schema", "not the response's JSON"));
  CHECK(has_note(r, "jsonSchema(schema)", "jsonSchema(schema) has no Wirepad equivalent"));
  CHECK(has_note(r, "oneOf", ".oneOf has no Wirepad equivalent"));
  CHECK(has_note(r, "pm.response.to.be.ok", "no Wirepad equivalent"));
  CHECK(has_note(r, "if(pm.response.code", "a statement Wirepad does not read"));
  CHECK(has_note(r, "item[0].event[1]", "prerequest script"));
}
