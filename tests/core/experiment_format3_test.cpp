// Experiment format 3: the structured request (params table, path variables, disabled headers,
// auth, body kinds, proxy) in the file, written only when needed; formats 1 and 2 still read.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "shared/experiment.h"
#include "shared/share_link.h"

using namespace wirepad;

namespace {

Experiment full() {
  Experiment e;
  e.name = "everything";
  RequestSpec& r = e.request;
  r.method = "POST";
  r.url = "{{base}}/users/:id?a=1&a=2";
  r.params = {{"a", "1"}, {"off", "{{x}}", true, false}, {"a", "2"}, {"flag", "", false, false}};
  r.path_variables = {{"id", "{{user_id}}"}};
  r.headers = {{"X-On", "1"}, {"X-Off", "2", false}};
  r.auth.kind = AuthKind::oauth2;
  r.auth.basic = {"kept", "when switching"};
  r.auth.oauth2 = {OAuth2Grant::authorization_code, "https://a/token", "https://a/auth", "http://127.0.0.1:5000/cb",
                   "cid", "{{secret}}", "read write", true, OAuth2ClientAuth::body, "{{access_token}}"};
  r.body_kind = BodyKind::multipart;
  r.body_language = RawLanguage::json;
  r.body = "{\"raw\": \"kept too\"}";
  r.form = {{"k", "{{v}}"}, {"off", "", false}};
  r.multipart = {{"t", "text"}, {"f", "files/a b.png", true, "image/png", "shown.png", false}};
  r.binary_file = "blob.bin";
  r.graphql = {"{ me }", "{\"a\": 1}"};
  r.proxy = {ProxyMode::explicit_url, "http://proxy:3128", "u", "{{proxy_pw}}", {"localhost", ".internal"}};
  return e;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("format 3 round-trips every field of a structured request, {{variables}} kept", "[experiment][format3]") {
  Experiment e = full();
  std::string text = serialize_experiment(e);
  CHECK(text.find("\"wirepad\": 3") != std::string::npos);
  CHECK(text.find("{{secret}}") != std::string::npos);
  Result<Experiment> back = parse_experiment(text);
  REQUIRE(back.ok());
  CHECK(back.value() == e);
  CHECK(serialize_experiment(back.value()) == text);  // stable key order
  // Each auth kind and body kind, one at a time.
  for (AuthKind kind : {AuthKind::none, AuthKind::inherit, AuthKind::basic, AuthKind::bearer, AuthKind::api_key, AuthKind::digest,
                        AuthKind::oauth2, AuthKind::aws_sigv4}) {
    Experiment k;
    k.request.url = "http://h/";
    k.request.auth.kind = kind;
    k.request.auth.api_key.in = ApiKeyPlacement::query;
    k.request.auth.sigv4.region = "eu-west-1";
    Result<Experiment> again = parse_experiment(serialize_experiment(k));
    REQUIRE(again.ok());
    CHECK(again.value() == k);
  }
  for (BodyKind kind : {BodyKind::none, BodyKind::raw, BodyKind::urlencoded, BodyKind::multipart, BodyKind::binary, BodyKind::graphql}) {
    Experiment k;
    k.request.body_kind = kind;
    Result<Experiment> again = parse_experiment(serialize_experiment(k));
    REQUIRE(again.ok());
    CHECK(again.value() == k);
  }
}

TEST_CASE("format 3 is written only when the request needs it", "[experiment][format3]") {
  Experiment plain;
  plain.request.url = "http://h/?a=1&b";
  plain.request.headers = {{"X", "1"}};
  plain.request.body = "text";
  std::string text = serialize_experiment(plain);
  CHECK(text.find("\"wirepad\": 1") != std::string::npos);
  // The exact document formats 1 and 2 always had: no new keys.
  for (const char* key : {"params", "auth", "body_kind", "form", "multipart", "proxy", "enabled", "path_variables"})
    CHECK(text.find(key) == std::string::npos);
  // A params table the URL says by itself is not written, and reads back as none.
  plain.request.params = params_from_url(plain.request.url);
  CHECK(serialize_experiment(plain) == text);
  Experiment binary;
  binary.request.body = std::string("\xff\x00", 2);
  CHECK(serialize_experiment(binary).find("\"wirepad\": 2") != std::string::npos);
  auto version_of = [](const Experiment& e) {
    std::string t = serialize_experiment(e);
    return t.substr(t.find("\"wirepad\": ") + 11, 1);
  };
  Experiment e;
  e.request.headers = {{"X", "1", false}};
  CHECK(version_of(e) == "3");
  e = {};
  e.request.body_language = RawLanguage::json;
  CHECK(version_of(e) == "3");
  e = {};
  e.request.proxy.mode = ProxyMode::none;
  CHECK(version_of(e) == "3");
  e = {};
  e.request.url = "http://h/?a=1";
  e.request.params = {{"a", "1"}, {"b", "2", true, false}};
  CHECK(version_of(e) == "3");
}

TEST_CASE("format 3 files are checked: wrong types and unknown kinds name their key path", "[experiment][format3]") {
  auto error = [](const std::string& request) {
    Result<Experiment> r = parse_experiment(R"({"wirepad": 3, "request": )" + request + "}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::invalid_experiment);
    return r.error().message;
  };
  CHECK(error(R"({"body_kind": "soap"})") ==
        "request.body_kind must be one of \"none\", \"raw\", \"urlencoded\", \"multipart\", \"binary\", \"graphql\", not \"soap\"");
  CHECK(error(R"({"auth": {"kind": "ntlm"}})").find("request.auth.kind must be one of") == 0);
  CHECK(error(R"({"auth": {"kind": "api_key", "api_key": {"in": "cookie"}}})").find("request.auth.api_key.in must be one of") == 0);
  CHECK(error(R"({"headers": [{"name": "X", "enabled": "no"}]})") == "request.headers[0].enabled must be true or false, not string");
  CHECK(error(R"({"params": [{"name": 1}]})") == "request.params[0].name must be a string, not number");
  CHECK(error(R"({"multipart": [{"name": "f", "value": "a", "file": "b"}]})") ==
        "request.multipart[0] has both value and file; keep one (value for text, file for a file's path)");
  CHECK(error(R"({"form": {}})") == "request.form must be an array of {\"name\", \"value\"} objects, not object");
  CHECK(error(R"({"proxy": {"no_proxy": "localhost"}})") == "request.proxy.no_proxy must be an array of host names");
  CHECK(error(R"({"graphql": {"query": 3}})") == "request.graphql.query must be a string, not number");
  Result<Experiment> newer = parse_experiment(R"({"wirepad": 8})");
  REQUIRE_FALSE(newer.ok());
  CHECK(newer.error().message.find("this version reads format 7") != std::string::npos);
}

TEST_CASE("format 1 and 2 files still open, as the requests they were", "[experiment][format3]") {
  for (const char* name : {"get_hello.json", "post_json.json"}) {
    std::string path = std::string(WIREPAD_TEST_DATA) + "/experiments/" + name;
    std::string text = read_file(path);
    REQUIRE_FALSE(text.empty());
    INFO(path);
    Result<Experiment> e = parse_experiment(text);
    REQUIRE(e.ok());
    CHECK(e->request.body_kind == BodyKind::raw);
    CHECK(e->request.body_language == RawLanguage::unspecified);
    CHECK(e->request.auth == AuthSpec{});
    CHECK(e->request.params.empty());
    CHECK(serialize_experiment(e.value()) == text);
  }
  Result<Experiment> v2 = parse_experiment(R"({"wirepad": 2, "kind": "http", "name": "b",
    "request": {"method": "PUT", "url": "http://h/", "headers": [{"name": "A", "value": "1"}], "body_base64": "/wA="}})");
  REQUIRE(v2.ok());
  CHECK(v2->request.body == std::string("\xff\x00", 2));
  CHECK(v2->request.headers == HeaderRows{{"A", "1"}});
  CHECK(enabled_headers(v2->request.headers) == Headers{{"A", "1"}});
}

TEST_CASE("share links leave out the auth settings' typed secrets, and keep {{variable}} references", "[experiment][format3]") {
  Experiment e;
  e.request.url = "http://h/";
  e.request.auth.kind = AuthKind::basic;
  e.request.auth.basic = {"ada", "pa55-secret"};
  e.request.auth.oauth2.access_token = "{{token}}";
  e.request.proxy = {ProxyMode::explicit_url, "http://p:3128", "u", "proxy-secret", {}};
  ShareLink link = make_share_link(e);
  CHECK(link.left_out == std::vector<std::string>{"the Basic auth password", "the proxy password"});
  Result<Experiment> back = open_share_link(link.fragment);
  REQUIRE(back.ok());
  CHECK(back->request.auth.basic == BasicAuth{"ada", ""});
  CHECK(back->request.auth.oauth2.access_token == "{{token}}");
  CHECK(back->request.proxy.password.empty());
  ShareLinkOptions all;
  all.include_secrets = true;
  Result<Experiment> kept = open_share_link(make_share_link(e, all).fragment);
  REQUIRE(kept.ok());
  CHECK(kept.value() == e);
}
