// Structured requests (format 3: body kinds, auth, params, path variables) sent by `wirepad run`
// against the same requests sent by real curl, both captured byte for byte by a loopback server
// (capture_server.py). curl's User-Agent is set to Wirepad's and its multipart boundary is
// replaced by Wirepad's before comparing; headers are compared as a set (their order differs).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture_support.h"
#include "child_process.h"
#include "shared/har.h"
#include "shared/http_message.h"
#include "shared/postman_import.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using wirepad::test::ChildProcess;
using wirepad::test::run_command;
using wirepad::test::Capture;
using wirepad::test::Parsed;
using wirepad::test::boundary_of;
using wirepad::test::parse;
using wirepad::test::replace_all;
using wirepad::test::write;

namespace {

std::filesystem::path temp_dir() {
  char path[] = "/tmp/wirepad-body-curl-XXXXXX";
  REQUIRE(::mkdtemp(path) != nullptr);
  return path;
}

// Runs curl (with Wirepad's User-Agent) and `wirepad run` on `experiment_json` (written into
// `dir`, so its files are read from there), and checks both sent the same request.
void check_same_as_curl(Capture& capture, const std::filesystem::path& dir, std::vector<std::string> curl_args,
                        const std::string& experiment_json) {
  std::vector<std::string> curl = {"curl", "-s", "-o", "/dev/null", "-A", wirepad::kUserAgent};
  curl.insert(curl.end(), curl_args.begin(), curl_args.end());
  auto c = run_command(curl);
  REQUIRE(c.status == 0);
  std::string from_curl = capture.next();

  write(dir / "experiment.json", experiment_json);
  auto w = run_command({WIREPAD_BINARY, "run", (dir / "experiment.json").string()});
  INFO("wirepad stderr: " << w.err);
  REQUIRE(w.status == 0);
  std::string from_wirepad = capture.next();

  // curl's random boundary -> Wirepad's (both 40 characters, so Content-Length is unchanged).
  std::string theirs = boundary_of(from_curl), ours = boundary_of(from_wirepad);
  if (!theirs.empty() && !ours.empty()) {
    CHECK(theirs.size() == ours.size());
    from_curl = replace_all(from_curl, theirs, ours);
  }
  Parsed expected = parse(from_curl), actual = parse(from_wirepad);
  CHECK(actual.request_line == expected.request_line);
  CHECK(actual.headers == expected.headers);
  CHECK(actual.body == expected.body);
}

std::string experiment(const std::string& origin, const std::string& request_fields) {
  return R"({"wirepad": 3, "kind": "http", "name": "t", "request": {"url": ")" + origin + "\", " + request_fields + "}}";
}

}  // namespace

TEST_CASE("wirepad run sends a urlencoded form with curl --data-urlencode's bytes", "[request][curl]") {
  Capture capture;
  auto dir = temp_dir();
  check_same_as_curl(capture, dir,
                     {capture.origin + "/form", "--data-urlencode", "q=a b&c/=\xc3\xa9~*'()!", "--data-urlencode",
                      "plus=x+y%20z", "--data-urlencode", "empty=", "--data-urlencode", "vars={not_a_var}}"},
                     experiment(capture.origin + "/form", R"("method": "POST", "body_kind": "urlencoded", "form": [
                       {"name": "q", "value": "a b&c/=\u00e9~*'()!"}, {"name": "plus", "value": "x+y%20z"},
                       {"name": "off", "value": "not sent", "enabled": false},
                       {"name": "empty", "value": ""}, {"name": "vars", "value": "{not_a_var}}"}])"));
}

TEST_CASE("wirepad run sends multipart/form-data with curl -F's bytes, files read beside the experiment", "[request][curl]") {
  Capture capture;
  auto dir = temp_dir();
  write(dir / "notes.txt", "line one\nline two\n");
  write(dir / "blob.bin", std::string("\x00\x01\xff\r\n--x", 8));
  write(dir / "page.html", "<p>hi</p>");
  std::filesystem::create_directory(dir / "sub");
  write(dir / "sub" / "pic.png", "\x89PNG fake");
  std::filesystem::current_path(dir);  // curl reads @files from here
  check_same_as_curl(capture, dir,
                     {capture.origin + "/upload", "-F", "text=hello world", "-F", "typed=x<b>;type=text/x-custom",
                      "-F", "named=abc;filename=given.txt", "-F", "notes=@notes.txt", "-F", "blob=@blob.bin",
                      "-F", "page=@page.html;type=text/plain", "-F", "pic=@sub/pic.png;filename=other.png",
                      "-F", "quote\"d=v"},
                     experiment(capture.origin + "/upload", R"("method": "POST", "body_kind": "multipart", "multipart": [
                       {"name": "text", "value": "hello world"},
                       {"name": "typed", "value": "x<b>", "content_type": "text/x-custom"},
                       {"name": "named", "value": "abc", "filename": "given.txt"},
                       {"name": "skipped", "value": "x", "enabled": false},
                       {"name": "notes", "file": "notes.txt"},
                       {"name": "blob", "file": "blob.bin"},
                       {"name": "page", "file": "page.html", "content_type": "text/plain"},
                       {"name": "pic", "file": "sub/pic.png", "filename": "other.png"},
                       {"name": "quote\"d", "value": "v"}])"));
}

TEST_CASE("wirepad run sends a binary file body, a JSON body and a GraphQL body as curl does", "[request][curl]") {
  Capture capture;
  auto dir = temp_dir();
  std::string bytes("\x00\x10 binary \xfe\xff", 12);
  write(dir / "payload.bin", bytes);
  std::filesystem::current_path(dir);
  check_same_as_curl(capture, dir,
                     {capture.origin + "/bin", "--data-binary", "@payload.bin", "-H", "Content-Type: application/octet-stream"},
                     experiment(capture.origin + "/bin", R"("method": "POST", "body_kind": "binary", "binary_file": "payload.bin")"));
  check_same_as_curl(capture, dir,
                     {"-X", "PUT", capture.origin + "/json", "-H", "Content-Type: application/json", "--data-raw", "{\"a\": [1, 2]}"},
                     experiment(capture.origin + "/json", R"("method": "PUT", "body_language": "json", "body": "{\"a\": [1, 2]}")"));
  check_same_as_curl(capture, dir,
                     {capture.origin + "/graphql", "-H", "Content-Type: application/json", "--data-raw",
                      R"({"query":"query($id: ID!) { user(id: $id) { name } }","variables":{"id":"7"}})"},
                     experiment(capture.origin + "/graphql", R"("method": "POST", "body_kind": "graphql",
                       "graphql": {"query": "query($id: ID!) { user(id: $id) { name } }", "variables": "{\"id\": \"7\"}"})"));
}

TEST_CASE("wirepad run applies Basic, Bearer and API key auth, params and path variables as curl sends them", "[request][curl]") {
  Capture capture;
  auto dir = temp_dir();
  check_same_as_curl(capture, dir, {"-u", "ada:l0ve:lace", capture.origin + "/basic"},
                     experiment(capture.origin + "/basic",
                                R"("auth": {"kind": "basic", "basic": {"username": "ada", "password": "l0ve:lace"}})"));
  check_same_as_curl(capture, dir, {"--oauth2-bearer", "tok.en-1", capture.origin + "/bearer"},
                     experiment(capture.origin + "/bearer", R"("auth": {"kind": "bearer", "bearer": {"token": "tok.en-1"}}, "headers": [{"name": "Authorization", "value": "Basic old", "enabled": false}])"));
  check_same_as_curl(capture, dir, {"-H", "X-Api-Key: k123", capture.origin + "/key"},
                     experiment(capture.origin + "/key", R"("auth": {"kind": "api_key", "api_key": {"key": "X-Api-Key", "value": "k123", "in": "header"}})"));
  check_same_as_curl(capture, dir, {capture.origin + "/users/42/posts?a=1&flag&b=x%20y&api_key=k%26"},
                     R"({"wirepad": 3, "kind": "http", "request": {"url": ")" + capture.origin +
                         R"(/users/:id/posts?a=1&flag", "path_variables": [{"name": "id", "value": "42"}],
                       "params": [{"name": "a", "value": "1"}, {"name": "flag", "value": "", "has_value": false},
                                  {"name": "off", "value": "1", "enabled": false}, {"name": "b", "value": "x y"}],
                       "auth": {"kind": "api_key", "api_key": {"key": "api_key", "value": "k&", "in": "query"}}}})");
}

TEST_CASE("wirepad run stops before sending when a file the body needs is missing, and names it", "[request]") {
  auto dir = temp_dir();
  write(dir / "e.json", R"({"wirepad": 3, "request": {"method": "POST", "url": "http://127.0.0.1:9/",
    "body_kind": "multipart", "multipart": [{"name": "f", "file": "missing.png"}]}})");
  auto r = run_command({WIREPAD_BINARY, "run", (dir / "e.json").string()});
  CHECK(r.status == 2);
  CHECK(r.err.find("missing.png") != std::string::npos);
  CHECK(r.err.find("nothing was sent") != std::string::npos);

  write(dir / "v.json", R"({"wirepad": 3, "request": {"url": "http://127.0.0.1:9/users/:id",
    "path_variables": [{"name": "id", "value": "{{user}}"}]}})");
  auto v = run_command({WIREPAD_BINARY, "run", (dir / "v.json").string()});
  CHECK(v.status == 2);
  CHECK(v.err.find("unknown variable {{user}} in path variable :id") != std::string::npos);
}

// An imported Postman collection (urlencoded rows with a {{variable}} and a disabled row,
// formdata with a text part, a typed text part and a file part, a disabled part) and a HAR
// entry with postData.params, written as experiments and sent by `wirepad run`: the bytes of
// curl --data-urlencode / -F for the same form. The variable is filled in before writing, as
// the environment the import returns would fill it.
TEST_CASE("wirepad run of imported Postman and HAR form and multipart requests sends curl's bytes", "[request][curl][postman]") {
  Capture capture;
  auto dir = temp_dir();
  write(dir / "cat.txt", "meow\n");
  std::filesystem::current_path(dir);  // curl reads @files from here
  wirepad::Result<wirepad::ImportBatch> pm = wirepad::import_postman(R"({"info": {"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
    "variable": [{"key": "client", "value": "a b&c"}],
    "item": [
      {"name": "form", "request": {"method": "POST", "url": ")" + capture.origin + R"(/token",
        "body": {"mode": "urlencoded", "urlencoded": [{"key": "client_id", "value": "{{client}}"}, {"key": "grant", "value": "x/y=z"},
                                                      {"key": "off", "value": "1", "disabled": true}]}}},
      {"name": "upload", "request": {"method": "POST", "url": ")" + capture.origin + R"(/upload",
        "body": {"mode": "formdata", "formdata": [{"key": "note", "value": "hi there", "type": "text"},
          {"key": "meta", "value": "{}", "type": "text", "contentType": "application/json"},
          {"key": "off", "value": "x", "type": "text", "disabled": true},
          {"key": "photo", "type": "file", "src": "cat.txt", "contentType": "text/plain"}]}}}]})");
  REQUIRE(pm);
  REQUIRE(pm->requests.size() == 2);
  wirepad::Experiment form = pm->requests[0].experiment;
  wirepad::Result<wirepad::RequestSpec> filled = wirepad::substitute_variables(form.request, &pm->environment);
  REQUIRE(filled);
  form.request = *filled;
  check_same_as_curl(capture, dir,
                     {capture.origin + "/token", "--data-urlencode", "client_id=a b&c", "--data-urlencode", "grant=x/y=z"},
                     wirepad::serialize_experiment(form));
  check_same_as_curl(capture, dir,
                     {capture.origin + "/upload", "-F", "note=hi there", "-F", "meta={};type=application/json", "-F",
                      "photo=@cat.txt;type=text/plain"},
                     wirepad::serialize_experiment(pm->requests[1].experiment));

  wirepad::Result<wirepad::ImportBatch> har = wirepad::import_har(R"({"log": {"version": "1.2", "entries": [{"request": {"method": "POST", "url": ")" +
                                                         capture.origin + R"(/h", "headers": [],
    "postData": {"mimeType": "multipart/form-data; boundary=xyz", "params": [{"name": "a", "value": "1"}, {"name": "photo", "fileName": "cat.txt", "contentType": "text/plain"}]}}}]}})");
  REQUIRE(har);
  check_same_as_curl(capture, dir, {capture.origin + "/h", "-F", "a=1", "-F", "photo=@cat.txt;type=text/plain"},
                     wirepad::serialize_experiment(har->requests[0].experiment));
}
