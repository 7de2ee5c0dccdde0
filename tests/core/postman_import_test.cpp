// Postman Collection v2.1 import: folders, auth inheritance, bodies, disabled entries,
// variables and scripts listed, errors with the JSON path.
#include <catch2/catch.hpp>

#include "import_test_util.h"
#include "shared/postman_import.h"

using namespace wirepad;
using test::has_note;

namespace {
ImportBatch postman(std::string_view text) {
  Result<ImportBatch> r = import_postman(text);
  if (!r) FAIL(r.error().message);
  return r.value();
}
}  // namespace

TEST_CASE("a Postman v2.1 collection with folders, auth, bodies, variables and scripts", "[postman]") {
  ImportBatch b = postman(test::import_data("collection.postman_collection.json"));
  REQUIRE(b.requests.size() == 5);
  CHECK(has_note(b.not_imported, "event[0]", "prerequest script"));
  // The collection variables become an environment named after the collection, and a note says so.
  CHECK(b.environment == Environment{"Shop", {{"baseUrl", "http://127.0.0.1:8080"}, {"token", "s3cret"}}});
  CHECK(has_note(b.not_imported, "variable", "environment \"Shop\""));

  const ImportedRequest& admins = b.requests[0];
  const RequestSpec& a = admins.experiment.request;
  CHECK(admins.folder == "Users/Admin");
  CHECK(admins.source == "item[0].item[0].item[0]");
  CHECK(admins.experiment.name == "List admins");
  CHECK(a.url == "{{baseUrl}}/admins?page=2");
  CHECK(a.params == QueryParams{{"page", "2"}, {"debug", "1", true, false}});  // the disabled row kept
  CHECK(a.headers == HeaderRows{{"Accept", "application/json"}, {"X-Old", "1", false}});
  CHECK(a.auth.kind == AuthKind::basic);  // the folder's
  CHECK(a.auth.basic == BasicAuth{"ada", "pw"});
  CHECK(a.body_kind == BodyKind::none);
  CHECK_FALSE(has_note(admins.not_imported, "{{baseUrl}}"));  // in the environment: nothing lost
  // Its test script's one check (docs/import-export.md, Postman test scripts).
  REQUIRE(admins.experiment.test.assertions.size() == 1);
  Assertion status = admins.experiment.test.assertions[0];
  CHECK(status.label == "ok");  // the pm.test's name
  status.label.clear();
  CHECK(describe(status) == "status == 200");

  const RequestSpec& create = b.requests[1].experiment.request;
  CHECK(b.requests[1].folder == "Users");
  CHECK(create.body_kind == BodyKind::raw);
  CHECK(create.body_language == RawLanguage::json);
  CHECK(create.body == "{\"name\": \"ada\"}");
  CHECK(create.headers.empty());  // Content-Type comes from the body language when sent
  CHECK(create.auth.kind == AuthKind::bearer);  // the collection's
  CHECK(create.auth.bearer.token == "{{token}}");

  const ImportedRequest& login = b.requests[2];
  const RequestSpec& l = login.experiment.request;
  CHECK(l.auth.kind == AuthKind::none);  // noauth stops the inheritance
  CHECK(l.url == "http://127.0.0.1:8080/login");
  CHECK(l.body_kind == BodyKind::urlencoded);
  CHECK(l.form == std::vector<FormField>{{"user", "ada l"}, {"pw", "p&q"}, {"skip", "x", false}});
  CHECK(test::wire_bytes(l) ==
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "User-Agent: wirepad/0.1\r\nAccept: */*\r\nContent-Length: 19\r\n\r\nuser=ada+l&pw=p%26q");
  CHECK(login.not_imported.empty());

  const ImportedRequest& upload = b.requests[3];
  const RequestSpec& u = upload.experiment.request;
  CHECK(u.auth.kind == AuthKind::digest);
  CHECK(u.body_kind == BodyKind::multipart);
  REQUIRE(u.multipart.size() == 2);
  CHECK(u.multipart[0] == MultipartPart{"note", "hi"});
  CHECK(u.multipart[1].is_file);
  CHECK(u.multipart[1].value == "/home/ada/cat.png");

  const RequestSpec& g = b.requests[4].experiment.request;
  CHECK(g.body_kind == BodyKind::graphql);
  CHECK(g.graphql == GraphQLBody{"query($id: ID!) { user(id: $id) { name } }", "{\"id\": \"7\"}"});
  Result<ResolvedRequest> sent = resolve_request_spec(g, {});
  REQUIRE(sent);
  CHECK(sent->request.body == R"({"query":"query($id: ID!) { user(id: $id) { name } }","variables":{"id":"7"}})");
  CHECK(b.requests[4].not_imported.empty());
}

namespace {
std::string collection(std::string_view items, std::string_view extra = "") {
  return std::string(R"({"info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, )") +
         std::string(extra) + R"("item": [)" + std::string(items) + "]}";
}
const ImportedRequest& only(const ImportBatch& b) {
  REQUIRE(b.requests.size() == 1);
  return b.requests[0];
}
}  // namespace

TEST_CASE("Postman path variables and urlencoded rows keep their {{variables}}", "[postman]") {
  ImportBatch b = postman(collection(R"({"name": "token", "request": {"method": "POST",
    "url": {"raw": "https://{{host}}/users/:id/keys/:kind", "host": ["{{host}}"], "path": ["users", ":id", "keys", ":kind"],
            "variable": [{"key": "id", "value": "{{userId}}"}, {"key": "kind", "value": "rsa"}, {"key": "gone", "value": "1"}]},
    "body": {"mode": "urlencoded", "urlencoded": [
      {"key": "client_id", "value": "{{client_id}}", "type": "text"},
      {"key": "scope", "value": "a b&c", "type": "text"},
      {"key": "debug", "value": "1", "type": "text", "disabled": true}]}}})",
                                   R"("variable": [{"key": "host", "value": "127.0.0.1:8080"}, {"key": "client_id", "value": "abc"}], )"));
  const ImportedRequest& r = only(b);
  const RequestSpec& s = r.experiment.request;
  CHECK(s.url == "https://{{host}}/users/:id/keys/:kind");
  CHECK(s.path_variables == PathVariables{{"id", "{{userId}}"}, {"kind", "rsa"}});
  CHECK(has_note(r.not_imported, "path variable :gone", "no :gone segment"));
  CHECK(s.form == std::vector<FormField>{{"client_id", "{{client_id}}"}, {"scope", "a b&c"}, {"debug", "1", false}});
  CHECK(has_note(r.not_imported, "{{userId}}", "does not define"));
  CHECK_FALSE(has_note(r.not_imported, "{{client_id}}"));
  // Sent with the imported environment: variables filled, then encoded (curl --data-urlencode's bytes).
  Environment env = b.environment;
  env.variables.push_back({"userId", "7"});
  Result<ResolvedRequest> sent = resolve_request_spec(s, {&env});
  REQUIRE(sent);
  CHECK(sent->request.url == "https://127.0.0.1:8080/users/7/keys/rsa");
  CHECK(sent->request.body == "client_id=abc&scope=a+b%26c");

  // An empty query list says nothing about the raw URL's query.
  ImportBatch empty = postman(collection(R"({"name": "q", "request": {"url": {"raw": "http://h/p?x=1", "query": []}}})"));
  CHECK(only(empty).experiment.request.url == "http://h/p?x=1");
}

TEST_CASE("Postman formdata: text and file parts, disabled rows, and an empty form is no body", "[postman]") {
  ImportBatch b = postman(collection(R"(
    {"name": "up", "request": {"method": "POST", "url": "http://h/up", "body": {"mode": "formdata", "formdata": [
      {"key": "meta", "value": "{\"a\":1}", "type": "text", "contentType": "application/json"},
      {"key": "photo", "type": "file", "src": "./cat.png", "contentType": "image/png"},
      {"key": "old", "value": "x", "type": "text", "disabled": true},
      {"key": "none", "type": "file", "src": []}]}}},
    {"name": "empty", "request": {"method": "POST", "url": "http://h/empty", "body": {"mode": "formdata", "formdata": []}}},
    {"name": "bin", "request": {"method": "PUT", "url": "http://h/bin", "body": {"mode": "file", "file": {"src": "data/blob.bin"}}}})"));
  REQUIRE(b.requests.size() == 3);
  const RequestSpec& up = b.requests[0].experiment.request;
  CHECK(up.body_kind == BodyKind::multipart);
  CHECK(up.multipart == std::vector<MultipartPart>{{"meta", "{\"a\":1}", false, "application/json", "", true},
                                                   {"photo", "./cat.png", true, "image/png", "", true},
                                                   {"old", "x", false, "", "", false},
                                                   {"none", "", true, "", "", false}});
  CHECK(has_note(b.requests[0].not_imported, "formdata none", "no file chosen"));
  CHECK(files_to_read(up) == std::vector<std::string>{"./cat.png"});
  std::map<std::string, std::string> files{{"./cat.png", "PNG"}};
  ResolveOptions options;
  options.files = &files;
  options.boundary = "B";
  Result<ResolvedRequest> sent = resolve_request_spec(up, options);
  REQUIRE(sent);
  CHECK(sent->request.body ==
        "--B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n"
        "--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"cat.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n"
        "--B--\r\n");

  const RequestSpec& empty = b.requests[1].experiment.request;
  CHECK(empty.body_kind == BodyKind::none);
  CHECK(test::wire_bytes(empty) == "POST /empty HTTP/1.1\r\nHost: h\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\nContent-Length: 0\r\n\r\n");

  const RequestSpec& bin = b.requests[2].experiment.request;
  CHECK(bin.body_kind == BodyKind::binary);
  CHECK(bin.binary_file == "data/blob.bin");
}

TEST_CASE("Postman auth types, inheritance and the ones Wirepad lacks", "[postman]") {
  ImportBatch b = postman(collection(R"(
    {"name": "F", "auth": {"type": "apikey", "apikey": [{"key": "key", "value": "api_key"}, {"key": "value", "value": "{{k}}"}, {"key": "in", "value": "query"}]},
     "item": [
       {"name": "inherits folder", "request": {"url": "http://h/a"}},
       {"name": "inherit keyword", "request": {"url": "http://h/b", "auth": {"type": "inherit"}}},
       {"name": "noauth", "request": {"url": "http://h/c", "auth": {"type": "noauth"}}}]},
    {"name": "inherits collection", "request": {"url": "http://h/d"}},
    {"name": "digest", "request": {"url": "http://h/e", "auth": {"type": "digest", "digest": [
      {"key": "username", "value": "u"}, {"key": "password", "value": "p"}, {"key": "realm", "value": "r"}, {"key": "algorithm", "value": "MD5"}]}}},
    {"name": "oauth2", "request": {"url": "http://h/f", "auth": {"type": "oauth2", "oauth2": [
      {"key": "grant_type", "value": "authorization_code_with_pkce"}, {"key": "accessTokenUrl", "value": "https://id/token"},
      {"key": "authUrl", "value": "https://id/auth"}, {"key": "clientId", "value": "cid"}, {"key": "clientSecret", "value": "{{secret}}"},
      {"key": "scope", "value": "read"}, {"key": "redirect_uri", "value": "http://127.0.0.1:9/cb"},
      {"key": "client_authentication", "value": "body"}, {"key": "accessToken", "value": "tok"}]}}},
    {"name": "aws", "request": {"url": "http://h/g", "auth": {"type": "awsv4", "awsv4": {"accessKey": "AK", "secretKey": "SK", "region": "eu-west-1", "service": "s3"}}}},
    {"name": "bearer v2.0", "request": {"url": "http://h/h", "auth": {"type": "bearer", "bearer": {"token": "t0"}}}},
    {"name": "ntlm", "request": {"url": "http://h/i", "auth": {"type": "ntlm", "ntlm": []}}},
    {"name": "hawk", "request": {"url": "http://h/j", "auth": {"type": "hawk", "hawk": []}}},
    {"name": "edgegrid", "request": {"url": "http://h/k", "auth": {"type": "edgegrid", "edgegrid": []}}},
    {"name": "oauth1", "request": {"url": "http://h/l", "auth": {"type": "oauth1", "oauth1": []}}})",
                                   R"("auth": {"type": "basic", "basic": [{"key": "username", "value": "c"}, {"key": "password", "value": "d"}]}, )"));
  REQUIRE(b.requests.size() == 12);
  auto auth = [&](std::size_t i) { return b.requests[i].experiment.request.auth; };
  CHECK(auth(0).kind == AuthKind::api_key);
  CHECK(auth(0).api_key == ApiKeyAuth{"api_key", "{{k}}", ApiKeyPlacement::query});
  CHECK(auth(1).kind == AuthKind::api_key);
  CHECK(auth(2).kind == AuthKind::none);
  CHECK(auth(3).kind == AuthKind::basic);
  CHECK(auth(3).basic == BasicAuth{"c", "d"});
  CHECK(auth(4).kind == AuthKind::digest);
  CHECK(auth(4).digest == DigestAuth{"u", "p"});
  CHECK(has_note(b.requests[4].not_imported, "auth digest realm, algorithm", "server's challenge"));
  OAuth2Auth o = auth(5).oauth2;
  CHECK(auth(5).kind == AuthKind::oauth2);
  CHECK(o.grant == OAuth2Grant::authorization_code);
  CHECK(o.pkce);
  CHECK(o.token_url == "https://id/token");
  CHECK(o.auth_url == "https://id/auth");
  CHECK(o.client_id == "cid");
  CHECK(o.client_secret == "{{secret}}");
  CHECK(o.scope == "read");
  CHECK(o.redirect_uri == "http://127.0.0.1:9/cb");
  CHECK(o.client_auth == OAuth2ClientAuth::body);
  CHECK(o.access_token == "tok");
  CHECK(auth(6).kind == AuthKind::aws_sigv4);
  CHECK(auth(6).sigv4 == SigV4Auth{"AK", "SK", "", "eu-west-1", "s3"});
  CHECK(auth(7).kind == AuthKind::bearer);
  CHECK(auth(7).bearer.token == "t0");
  for (std::size_t i = 8; i < 12; ++i) {
    CHECK(auth(i).kind == AuthKind::none);
    CHECK(has_note(b.requests[i].not_imported, "auth " + b.requests[i].experiment.name, "does not compute"));
  }
  // An API key in the query is added when sent, the inherited Basic auth too.
  Environment env{"e", {{"k", "K1"}}};
  Result<ResolvedRequest> a = resolve_request_spec(b.requests[0].experiment.request, {&env});
  REQUIRE(a);
  CHECK(a->request.url == "http://h/a?api_key=K1");
  Result<ResolvedRequest> c = resolve_request_spec(b.requests[3].experiment.request, {});
  REQUIRE(c);
  REQUIRE(find_header(c->request.headers, "Authorization"));
  CHECK(find_header(c->request.headers, "Authorization")->value == "Basic Yzpk");
}

TEST_CASE("Postman prunes GET bodies unless disableBodyPruning", "[postman]") {
  ImportBatch b = postman(collection(R"(
    {"name": "get", "request": {"method": "GET", "url": "http://h/a", "body": {"mode": "raw", "raw": "x=1"}}},
    {"name": "head", "request": {"method": "HEAD", "url": "http://h/a", "body": {"mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]}}},
    {"name": "kept", "protocolProfileBehavior": {"disableBodyPruning": true},
     "request": {"method": "GET", "url": "http://h/a", "body": {"mode": "raw", "raw": "x=1"}}},
    {"name": "F", "protocolProfileBehavior": {"disableBodyPruning": true}, "item": [
      {"name": "folder keeps", "request": {"method": "GET", "url": "http://h/a", "body": {"mode": "raw", "raw": "y"}}}]},
    {"name": "delete", "request": {"method": "DELETE", "url": "http://h/a", "body": {"mode": "raw", "raw": "z"}}},
    {"name": "no body", "request": {"method": "GET", "url": "http://h/a"}},
    {"name": "empty raw", "request": {"method": "GET", "url": "http://h/a", "body": {"mode": "raw", "raw": ""}}})"));
  REQUIRE(b.requests.size() == 7);
  // A GET with no body (or an empty one) has nothing pruned, so nothing to say.
  CHECK(b.requests[5].not_imported.empty());
  CHECK(b.requests[6].not_imported.empty());
  const RequestSpec& get = b.requests[0].experiment.request;
  CHECK(get.body_kind == BodyKind::none);
  CHECK(get.body == "x=1");  // kept in the file, not sent
  CHECK(has_note(b.requests[0].not_imported, "body of GET", "disableBodyPruning"));
  CHECK(test::wire_bytes(get) == "GET /a HTTP/1.1\r\nHost: h\r\nUser-Agent: wirepad/0.1\r\nAccept: */*\r\n\r\n");
  CHECK(b.requests[1].experiment.request.body_kind == BodyKind::none);
  CHECK(b.requests[2].experiment.request.body_kind == BodyKind::raw);
  CHECK(b.requests[2].not_imported.empty());
  CHECK(b.requests[3].experiment.request.body_kind == BodyKind::raw);
  CHECK(b.requests[4].experiment.request.body_kind == BodyKind::raw);
}

TEST_CASE("Postman's own codegen test collections import with nothing lost silently", "[postman]") {
  ImportBatch basic = postman(test::import_data("postman_echo_basic.postman_collection.json"));
  REQUIRE(basic.requests.size() == 14);
  CHECK(basic.environment.variables.empty());
  for (const ImportedRequest& r : basic.requests) {
    INFO(r.experiment.name);
    CHECK(r.experiment.request.url.rfind("https://", 0) == 0);
  }
  const RequestSpec& disabled_query = basic.requests[3].experiment.request;
  CHECK(disabled_query.url == "https://postman-echo.com/get?test=123&anotherone=232");
  CHECK(disabled_query.params.size() == 3);
  CHECK_FALSE(disabled_query.params[2].enabled);
  const RequestSpec& disabled_header = basic.requests[2].experiment.request;
  CHECK(disabled_header.headers.back() == HeaderRow{"disabled header", "DISABLED", false});
  const RequestSpec& text = basic.requests[4].experiment.request;
  CHECK(text.body_kind == BodyKind::raw);
  CHECK(text.body_language == RawLanguage::text);
  CHECK(find_header(text.headers, "Content-Type")->value == "text/plain");  // the collection's own
  CHECK(has_note(basic.requests[4].not_imported, "", "event[0]); JavaScript not run"));
  const RequestSpec& graphql = basic.requests[6].experiment.request;
  CHECK(graphql.body_kind == BodyKind::graphql);
  const RequestSpec& urlencoded = basic.requests[10].experiment.request;
  CHECK(urlencoded.body_kind == BodyKind::urlencoded);
  REQUIRE(urlencoded.form.size() >= 6);
  CHECK(urlencoded.form[4] == FormField{"Special", "!@#$%*()^_=`&~              "});  // as typed, not encoded
  CHECK(basic.requests.back().experiment.request.body.empty());  // DELETE without a body

  ImportBatch files = postman(test::import_data("postman_formdata_files.postman_collection.json"));
  REQUIRE(files.requests.size() == 2);
  const ImportedRequest& up = files.requests[0];
  const std::string dir = "/Users/vishalkumar.shingala@postman.com/pm/postman-code-generators/";
  REQUIRE(up.experiment.request.multipart.size() == 2);
  CHECK(up.experiment.request.multipart[0] == MultipartPart{"single file", dir + "dummyFile1.txt", true, "", "", true});
  CHECK(up.experiment.request.multipart[1].value == dir + "dummyFile2.txt");
  CHECK(has_note(up.not_imported, "formdata multiple files", "only the first"));
  CHECK(files_to_read(files.requests[1].experiment.request) == std::vector<std::string>{dir + "dummyBinaryFile"});
}

TEST_CASE("third-party Postman files (docs/import-report.md): what was wrong is fixed", "[postman][third_party]") {
  // Exported by the Postman app: a GET with no body at all is not "a GET body Postman prunes".
  ImportBatch exported = postman(test::import_data("../third_party/insomnia_postman_scripts_variables.postman_collection.json"));
  REQUIRE(exported.requests.size() == 1);
  CHECK_FALSE(has_note(exported.requests[0].not_imported, "body of GET"));
  CHECK(exported.environment.name == "New Collection");
  // newman's collection SDK shape: no `info`, the name at the top; its variables are named.
  ImportBatch newman = postman(test::import_data("../third_party/newman_inherited_entities.postman_collection.json"));
  CHECK(newman.requests.size() == 8);
  CHECK(newman.environment.name == "Inherited Entities");
  REQUIRE(newman.environment.variables.size() == 3);
  CHECK(newman.environment.variables[1] == Variable{"collectionVariablesURL", "https://postman-echo.com/get?test=collection_variable", false});
  for (const ImportedRequest& r : newman.requests) CHECK_FALSE(has_note(r.not_imported, "body of GET"));
  // v2.0 (postman-collection's example): variables named by `id` when they have no `key`.
  ImportBatch by_id = postman(R"({"info": {"name": "ids", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
    "variable": [{"id": "var-1", "type": "string", "value": "hello-world"}, {"value": "nameless"}],
    "item": [{"name": "r", "request": "http://h/{{var-1}}"}]})");
  REQUIRE(by_id.environment.variables.size() == 1);
  CHECK(by_id.environment.variables[0] == Variable{"var-1", "hello-world", false});
  CHECK(has_note(by_id.not_imported, "variable[1]", "neither key nor id"));
  CHECK_FALSE(has_note(by_id.requests[0].not_imported, "{{var-1}}"));
}

TEST_CASE("malformed Postman collections: errors name the path", "[postman]") {
  auto message = [](std::string_view text) {
    Result<ImportBatch> r = import_postman(text);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK(message(R"({"info": {}, "item": [{"name": "a", "item": [{"name": "b"}]}]})") ==
        "item[0].item[0].request: missing (an item is a folder with item[] or a request)");
  CHECK(message(R"({"info": {}, "item": [{"request": {"method": "GET"}}]})") == "item[0].request.url: missing");
  CHECK(message(R"({"info": {}, "item": [{"request": {"url": {"host": 7}}}]})") ==
        "item[0].request.url.host: must be an array or a string");
  CHECK(message(R"({"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []})") ==
        "info.schema: this is a Postman v1 collection; Wirepad reads v2.0 and v2.1. Export it again from Postman as "
        "Collection v2.1 (the collection's ... menu > Export)");
  // v1 as Postman wrote it: requests, folders and order, no info or item.
  CHECK_THAT(message(R"({"id": "1", "name": "Old", "folders": [], "order": [], "requests": []})"),
             Catch::StartsWith("This is a Postman v1 collection (it has \"requests\", not \"item\")"));
  std::string deep = R"({"info": {}, "item": [)";
  for (int i = 0; i < 70; ++i) deep += R"({"name": "f", "item": [)";
  for (int i = 0; i < 70; ++i) deep += "]}";
  CHECK_THAT(message(deep + "]}"), Catch::EndsWith("folders nested more than 64 deep"));
  CHECK(message(R"({"info": {}})") == "item: missing; is this a Postman v2.1 collection?");
  CHECK_THAT(message("{\"item\": [\n  {\"name\": }\n]}"), Catch::StartsWith("The Postman collection is not valid JSON at line 2, column 12 (byte 22)"));
}
