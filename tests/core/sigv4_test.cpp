// AWS Signature V4 (shared/sigv4.h) against AWS's published SigV4 test suite, as kept in
// tests/data/sigv4/ (see its README for the source). For every vector: the canonical request,
// the string to sign, the signature, the headers added (header signing) and the signed
// request target (presigned query) must equal the published ones byte for byte.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/sigv4.h"
#include "vector_files.h"

using namespace wirepad;
using wirepad::test::read_vector;

namespace {

struct Vector {
  std::string method, target, body;
  Headers headers;
  AwsCredentials credentials;
  SigV4Options options;
};

// request.txt: "METHOD TARGET HTTP/1.1", header lines (a line starting with whitespace
// continues the previous one, obs-fold), a blank line, the body. The target may hold raw
// spaces and UTF-8 (the suite's way of saying "this path, before encoding").
Vector load(const std::string& name) {
  Vector v;
  std::string text = read_vector("sigv4/" + name + "/request.txt");
  std::size_t eol = text.find('\n');
  std::string line = text.substr(0, eol);
  v.method = line.substr(0, line.find(' '));
  v.target = line.substr(v.method.size() + 1, line.rfind(' ') - v.method.size() - 1);
  std::size_t at = eol == std::string::npos ? text.size() : eol + 1;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    line = text.substr(at, end - at);
    at = end + 1;
    if (line.empty()) {
      v.body = at < text.size() ? text.substr(at) : "";
      break;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      v.headers.back().value += "\n" + line;
      continue;
    }
    std::size_t colon = line.find(':');
    v.headers.push_back({line.substr(0, colon), line.substr(colon + 1)});
  }
  auto context = nlohmann::json::parse(read_vector("sigv4/" + name + "/context.json"));
  v.credentials.access_key_id = context["credentials"]["access_key_id"];
  v.credentials.secret_access_key = context["credentials"]["secret_access_key"];
  if (context["credentials"].contains("token")) v.credentials.session_token = context["credentials"]["token"];
  v.options.region = context["region"];
  v.options.service = context["service"];
  v.options.normalize_path = context["normalize"];
  v.options.add_content_sha256 = context["sign_body"];
  v.options.sign_session_token = !context.value("omit_session_token", false);
  v.options.expires_seconds = context["expiration_in_seconds"];
  REQUIRE(context["timestamp"] == "2015-08-30T12:36:00Z");
  v.options.unix_time = 1440938160;
  return v;
}

std::vector<std::string> vector_names() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(wirepad::test::data_path("sigv4")))
    if (e.is_directory()) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The header lines of a signed-request file that the unsigned request did not have.
std::vector<std::string> added_lines(const std::string& signed_text, const std::string& request_text) {
  auto lines = [](const std::string& t) {
    std::vector<std::string> out;
    std::size_t at = t.find('\n') + 1;
    while (at < t.size()) {
      std::size_t end = t.find('\n', at);
      if (end == std::string::npos) end = t.size();
      std::string l = t.substr(at, end - at);
      if (l.empty()) break;
      at = end + 1;
      if (l[0] == ' ' || l[0] == '\t') continue;  // a folded line continues the one before
      std::size_t colon = l.find(':');
      out.push_back(lower(l.substr(0, colon)) + l.substr(colon));
    }
    return out;
  };
  std::vector<std::string> before = lines(request_text), after = lines(signed_text), added;
  for (const auto& l : after)
    if (std::find(before.begin(), before.end(), l) == before.end()) added.push_back(l);
  std::sort(added.begin(), added.end());
  return added;
}

}  // namespace

TEST_CASE("sigv4: the suite holds at least 15 vectors", "[auth][sigv4]") { CHECK(vector_names().size() >= 15); }

TEST_CASE("sigv4: header signing matches every vector of AWS's test suite", "[auth][sigv4]") {
  for (const std::string& name : vector_names()) {
    CAPTURE(name);
    Vector v = load(name);
    auto r = sigv4_sign_headers(SigV4Request{v.method, v.target, v.headers, v.body}, v.credentials, v.options);
    REQUIRE(r.ok());
    CHECK(r->canonical_request == read_vector("sigv4/" + name + "/header-canonical-request.txt"));
    CHECK(r->string_to_sign == read_vector("sigv4/" + name + "/header-string-to-sign.txt"));
    CHECK(r->signature == read_vector("sigv4/" + name + "/header-signature.txt"));
    std::vector<std::string> ours;
    for (const Header& h : r->headers_to_add) ours.push_back(lower(h.name) + ":" + h.value);
    std::sort(ours.begin(), ours.end());
    CHECK(ours == added_lines(read_vector("sigv4/" + name + "/header-signed-request.txt"),
                              read_vector("sigv4/" + name + "/request.txt")));
  }
}

TEST_CASE("sigv4: presigned query matches every vector of AWS's test suite", "[auth][sigv4]") {
  for (const std::string& name : vector_names()) {
    CAPTURE(name);
    Vector v = load(name);
    auto r = sigv4_presign(SigV4Request{v.method, v.target, v.headers, v.body}, v.credentials, v.options);
    REQUIRE(r.ok());
    CHECK(r->canonical_request == read_vector("sigv4/" + name + "/query-canonical-request.txt"));
    CHECK(r->string_to_sign == read_vector("sigv4/" + name + "/query-string-to-sign.txt"));
    CHECK(r->signature == read_vector("sigv4/" + name + "/query-signature.txt"));
    std::string signed_request = read_vector("sigv4/" + name + "/query-signed-request.txt");
    std::string first_line = signed_request.substr(0, signed_request.find('\n'));
    CHECK(first_line == v.method + " " + r->target + " HTTP/1.1");
  }
}

TEST_CASE("sigv4: a whole request with an absolute URL signs the Host the serializer sends", "[auth][sigv4]") {
  HttpRequest request;
  request.method = "GET";
  request.url = "https://example.amazonaws.com/?Param2=value2&Param1=value1";
  AwsCredentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
  SigV4Options o = sigv4_options_for("service", "us-east-1", 1440938160);
  auto r = sigv4_sign_headers(request, c, o);
  REQUIRE(r.ok());
  // The suite's get-vanilla-query-order-key-case signature.
  CHECK(r->signature == read_vector("sigv4/get-vanilla-query-order-key-case/header-signature.txt"));
}

TEST_CASE("sigv4: S3's options and the payload hash header", "[auth][sigv4]") {
  SigV4Options s3 = sigv4_options_for("s3", "us-east-1", 1440938160);
  CHECK_FALSE(s3.normalize_path);
  CHECK_FALSE(s3.double_encode_path);
  CHECK(s3.add_content_sha256);
  Headers h = {{"Host", "examplebucket.s3.amazonaws.com"}};
  AwsCredentials c{"AKIDEXAMPLE", "secret", ""};
  // S3 keeps the path as sent: an encoded space stays one encoding, '//' and '.' stay.
  auto r = sigv4_sign_headers(SigV4Request{"GET", "/my%20dir//./a.txt", h, ""}, c, s3);
  REQUIRE(r.ok());
  CHECK_THAT(r->canonical_request, Catch::StartsWith("GET\n/my%20dir//./a.txt\n\n"));
  CHECK(r->headers_to_add.at(1).name == "X-Amz-Content-Sha256");
  CHECK(r->headers_to_add.at(1).value == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(r->signed_headers == "host;x-amz-content-sha256;x-amz-date");
  // Other services encode the path as sent once more.
  auto other = sigv4_sign_headers(SigV4Request{"GET", "/my%20dir", h, ""}, c, sigv4_options_for("execute-api", "eu-west-1", 0));
  REQUIRE(other.ok());
  CHECK_THAT(other->canonical_request, Catch::StartsWith("GET\n/my%2520dir\n"));
  // UNSIGNED-PAYLOAD, as S3 allows.
  s3.payload_hash = "UNSIGNED-PAYLOAD";
  auto unsigned_payload = sigv4_sign_headers(SigV4Request{"PUT", "/k", h, "body"}, c, s3);
  REQUIRE(unsigned_payload.ok());
  CHECK_THAT(unsigned_payload->canonical_request, Catch::EndsWith("\nUNSIGNED-PAYLOAD"));
}

TEST_CASE("sigv4: timestamps and errors", "[auth][sigv4]") {
  CHECK(sigv4_timestamp(0) == "19700101T000000Z");
  CHECK(sigv4_timestamp(1440938160) == "20150830T123600Z");
  CHECK(sigv4_timestamp(951782400) == "20000229T000000Z");  // a leap day
  CHECK(sigv4_timestamp(4102444799) == "20991231T235959Z");

  AwsCredentials c{"AKID", "secret", ""};
  SigV4Options o = sigv4_options_for("service", "us-east-1", 0);
  Headers none;
  auto no_host = sigv4_sign_headers(SigV4Request{"GET", "/", none, ""}, c, o);
  REQUIRE_FALSE(no_host.ok());
  CHECK_THAT(no_host.error().message, Catch::Contains("Host"));
  Headers dated = {{"Host", "h"}, {"X-Amz-Date", "20150830T123600Z"}};
  auto twice = sigv4_sign_headers(SigV4Request{"GET", "/", dated, ""}, c, o);
  REQUIRE_FALSE(twice.ok());
  CHECK_THAT(twice.error().message, Catch::Contains("X-Amz-Date header, which AWS Signature V4 sets itself"));
  Headers host = {{"Host", "h"}};
  auto no_key = sigv4_sign_headers(SigV4Request{"GET", "/", host, ""}, AwsCredentials{}, o);
  REQUIRE_FALSE(no_key.ok());
  CHECK_THAT(no_key.error().message, Catch::Contains("access key ID"));
  o.expires_seconds = 604801;
  auto too_long = sigv4_presign(SigV4Request{"GET", "/", host, ""}, c, o);
  REQUIRE_FALSE(too_long.ok());
  CHECK_THAT(too_long.error().message, Catch::Contains("604800"));
  o.expires_seconds = 60;
  auto resigned = sigv4_presign(SigV4Request{"GET", "/?X-Amz-Signature=abc", host, ""}, c, o);
  REQUIRE_FALSE(resigned.ok());
  CHECK_THAT(resigned.error().message, Catch::Contains("X-Amz-Signature"));
}
