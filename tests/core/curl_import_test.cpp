// curl import: the request curl would send, what is ignored (with a sentence), and errors
// with the position. Checked against curl itself in tests/native/convert_exec_test.cpp.
#include <catch2/catch.hpp>

#include "shared/code_export.h"
#include "shared/curl_import.h"
#include "shared/import_any.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using namespace wirepad;

namespace {
CurlImport imported(std::string_view command) {
  Result<CurlImport> r = import_curl(command);
  if (!r) FAIL(r.error().message);
  return r.value();
}
bool ignored(const CurlImport& c, std::string_view what) {
  for (const ImportNote& n : c.ignored) {
    if (n.what.find(what) != std::string::npos && !n.sentence.empty()) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("a plain GET", "[curl_import]") {
  CurlImport c = imported("curl http://127.0.0.1:8080/hello");
  CHECK(c.experiment.request == HttpRequest{"GET", "http://127.0.0.1:8080/hello", {}, ""});
  CHECK(c.ignored.empty());
  CHECK(c.experiment.name == "GET 127.0.0.1:8080/hello");
  CHECK(imported("curl example.com/x").experiment.request.url == "http://example.com/x");
  CHECK(imported("curl.exe --url https://a/").experiment.request.url == "https://a/");
  CHECK(imported("/usr/bin/curl https://a/").experiment.request.url == "https://a/");
}

TEST_CASE("headers, method, user agent, referer, cookies", "[curl_import]") {
  CurlImport c = imported(
      "curl -X PUT 'https://api.test/items/1' -H 'X-A:  one ' -H 'X-Empty;' -A 'agent/1' -e https://ref/ "
      "-b 'a=1' -b 'b=2' --compressed");
  const RequestSpec& r = c.experiment.request;
  CHECK(r.method == "PUT");
  CHECK(r.headers == Headers{{"User-Agent", "agent/1"},
                             {"Referer", "https://ref/"},
                             {"Accept-Encoding", kCurlCompressedEncodings},
                             {"Cookie", "a=1;b=2"},
                             {"X-A", "one"},
                             {"X-Empty", ""}});
  // -H beats -A for the same header, as in curl.
  CurlImport d = imported("curl -A a -H 'User-Agent: b' http://x/");
  CHECK(d.experiment.request.headers == Headers{{"User-Agent", "b"}});
}

TEST_CASE("data makes a form POST, as curl does", "[curl_import]") {
  CurlImport c = imported("curl http://x/ -d 'a=1' --data-raw '@not-a-file' --data-binary $'b\\n2'");
  CHECK(c.experiment.request.method == "POST");
  CHECK(c.experiment.request.body == "a=1&@not-a-file&b\n2");
  CHECK(c.experiment.request.headers == Headers{{"Content-Type", "application/x-www-form-urlencoded"}});

  CurlImport json = imported("curl http://x/ -H 'Content-Type: application/json' --data-raw '{\"a\":1}'");
  CHECK(json.experiment.request.headers == Headers{{"Content-Type", "application/json"}});
  CHECK(json.experiment.request.body == "{\"a\":1}");

  CurlImport removed = imported("curl http://x/ -H 'Content-Type:' --data-raw 'x'");
  CHECK(removed.experiment.request.headers.empty());

  CurlImport encoded = imported("curl http://x/ --data-urlencode 'q=a b&c' --data-urlencode '=é' --data-urlencode plain");
  CHECK(encoded.experiment.request.body == "q=a+b%26c&%C3%A9&plain");

  CurlImport put = imported("curl -X PUT http://x/ -d ''");
  CHECK(put.experiment.request.method == "PUT");
  CHECK(put.experiment.request.body.empty());
}

TEST_CASE("curl -G moves the data into the query", "[curl_import]") {
  CurlImport c = imported("curl -G http://x/search?lang=en#top -d q=wire -d n=2");
  CHECK(c.experiment.request.method == "GET");
  CHECK(c.experiment.request.url == "http://x/search?lang=en&q=wire&n=2#top");
  CHECK(c.experiment.request.body.empty());
  CHECK(c.experiment.request.headers.empty());
  CHECK(imported("curl -G http://x -d a=1").experiment.request.url == "http://x/?a=1");
}

TEST_CASE("curl -u and credentials in the URL become Basic auth", "[curl_import]") {
  const RequestSpec u = imported("curl -u alice:s3cret http://x/").experiment.request;
  CHECK(u.auth.kind == AuthKind::basic);
  CHECK(u.auth.basic == BasicAuth{"alice", "s3cret"});
  CHECK(u.headers.empty());
  CHECK(flatten_request(u).headers == Headers{{"Authorization", "Basic YWxpY2U6czNjcmV0"}});
  CurlImport in_url = imported("curl http://alice:s%33cret@x/p");
  CHECK(in_url.experiment.request.url == "http://x/p");
  CHECK(in_url.experiment.request.auth.basic == BasicAuth{"alice", "s3cret"});
  CurlImport no_password = imported("curl -u bob http://x/");
  CHECK(no_password.experiment.request.auth.basic == BasicAuth{"bob", ""});
  CHECK(ignored(no_password, "-u"));
  const RequestSpec bearer = imported("curl --oauth2-bearer tok http://x/").experiment.request;
  CHECK(bearer.auth.kind == AuthKind::bearer);
  CHECK(bearer.auth.bearer.token == "tok");
  CHECK(imported("curl --basic -u a:b http://x/").experiment.request.auth.kind == AuthKind::basic);
  // -H Authorization is the user's own header: kept, and the pipeline then adds no other.
  const RequestSpec own = imported("curl -H 'Authorization: Token t' -u a:b http://x/").experiment.request;
  CHECK(flatten_request(own).headers == Headers{{"Authorization", "Token t"}});
}

TEST_CASE("curl --digest sends no credentials before the challenge", "[curl_import]") {
  for (const char* command : {"curl --digest -u user:pw http://x/", "curl -u user:pw --digest http://x/",
                              "curl --digest http://user:pw@x/"}) {
    CAPTURE(command);
    CurlImport c = imported(command);
    const RequestSpec& r = c.experiment.request;
    CHECK(r.auth.kind == AuthKind::digest);
    CHECK(r.auth.digest == DigestAuth{"user", "pw"});
    CHECK(c.ignored.empty());
    // The first request goes out without Authorization (RFC 7616 §3.3).
    CHECK(find_header(flatten_request(r).headers, "Authorization") == nullptr);
  }
  CurlImport any = imported("curl --anyauth -u user:pw http://x/");
  CHECK(any.experiment.request.auth.kind == AuthKind::digest);
  CHECK(ignored(any, "--anyauth"));
  CurlImport ntlm = imported("curl --ntlm -u user:pw http://x/");
  CHECK(ntlm.experiment.request.auth.kind == AuthKind::none);
  CHECK(ignored(ntlm, "--ntlm"));
  CHECK(imported("curl --digest --no-digest -u a:b http://x/").experiment.request.auth.kind == AuthKind::basic);
}

TEST_CASE("curl --aws-sigv4 with -u KEY:SECRET becomes SigV4 auth", "[curl_import]") {
  CurlImport c = imported("curl --aws-sigv4 'aws:amz:eu-west-1:execute-api' -u AKID:SECRET https://api.example.com/p");
  const SigV4Auth& a = c.experiment.request.auth.sigv4;
  CHECK(c.experiment.request.auth.kind == AuthKind::aws_sigv4);
  CHECK(a == SigV4Auth{"AKID", "SECRET", "", "eu-west-1", "execute-api"});
  CHECK(c.ignored.empty());
  // Region and service from the host name when the option leaves them out, as curl does.
  CurlImport host = imported("curl --aws-sigv4 aws:amz -u K:S https://s3.us-east-2.amazonaws.com/b");
  CHECK(host.experiment.request.auth.sigv4.service == "s3");
  CHECK(host.experiment.request.auth.sigv4.region == "us-east-2");
  CHECK(ignored(imported("curl --aws-sigv4 osc:x:r:s -u K:S https://x/"), "--aws-sigv4"));
  CHECK(ignored(imported("curl --aws-sigv4 aws:amz:r:s https://x/"), "--aws-sigv4"));
}

TEST_CASE("curl -F builds multipart parts", "[curl_import]") {
  CurlImport c = imported("curl -F a=b -F 'f=x;type=text/plain' -F 'g=y;filename=n.txt' -F 'q=\"semi;colon\"' http://x/b");
  const RequestSpec& r = c.experiment.request;
  CHECK(r.method == "POST");
  CHECK(r.headers.empty());
  CHECK(r.body_kind == BodyKind::multipart);
  CHECK(r.multipart == std::vector<MultipartPart>{{"a", "b", false, "", "", true},
                                                  {"f", "x", false, "text/plain", "", true},
                                                  {"g", "y", false, "", "n.txt", true},
                                                  {"q", "semi;colon", false, "", "", true}});
  CHECK(c.ignored.empty());
  // The bytes curl sends (checked against curl in tests/native/curl_import_differential_test.cpp).
  ResolveOptions options;
  options.boundary = "B";
  Result<ResolvedRequest> sent = resolve_request_spec(r, options);
  REQUIRE(sent.ok());
  CHECK(sent->request.body ==
        "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n"
        "--B\r\nContent-Disposition: form-data; name=\"f\"\r\nContent-Type: text/plain\r\n\r\nx\r\n"
        "--B\r\nContent-Disposition: form-data; name=\"g\"; filename=\"n.txt\"\r\nContent-Type: text/plain\r\n\r\ny\r\n"
        "--B\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nsemi;colon\r\n--B--\r\n");
  CHECK(sent->request.headers == Headers{{"Content-Type", "multipart/form-data; boundary=B"}});

  CurlImport files = imported("curl -F 'up=@dir/photo.png;type=image/x-raw;filename=p.png' -F 'txt=<notes.txt' "
                              "--form-string 'lit=@not;a file' -F 'h=v;headers=X-A: 1' http://x/");
  const std::vector<MultipartPart>& parts = files.experiment.request.multipart;
  REQUIRE(parts.size() == 4);
  CHECK(parts[0] == MultipartPart{"up", "dir/photo.png", true, "image/x-raw", "p.png", true});
  CHECK(parts[1].is_file);
  CHECK(parts[1].value == "notes.txt");
  CHECK(ignored(files, "txt=<notes.txt"));  // sent with a filename, which curl does not
  CHECK(parts[2] == MultipartPart{"lit", "@not;a file", false, "", "", true});
  CHECK(parts[3].value == "v");
  CHECK(ignored(files, "headers="));
  CHECK(files_to_read(files.experiment.request) == std::vector<std::string>{"dir/photo.png", "notes.txt"});

  // The user's own multipart Content-Type still gets the boundary, as curl appends it.
  CurlImport own = imported("curl -H 'Content-Type: multipart/form-data' -F a=b http://x/");
  Result<ResolvedRequest> own_sent = resolve_request_spec(own.experiment.request, options);
  REQUIRE(own_sent.ok());
  CHECK(own_sent->request.headers == Headers{{"Content-Type", "multipart/form-data; boundary=B"}});

  // A -F that is not name=value (curl refuses it) is noted and leaves no empty multipart body
  // behind, so the export imports back to the same request (found by curl_import_fuzz).
  CurlImport refused = imported("curl -F . http://x/");
  CHECK(ignored(refused, "-F ."));
  CHECK(refused.experiment.request.body_kind != BodyKind::multipart);
  CHECK(refused.experiment.request.multipart.empty());
  CHECK(refused.experiment.request.method == "GET");
  Result<std::string> exported = export_code(refused.experiment, ExportFormat::curl);
  REQUIRE(exported.ok());
  Result<CurlImport> back = import_curl(exported.value());
  REQUIRE(back.ok());
  CHECK(back->experiment.request == refused.experiment.request);
}

TEST_CASE("curl data becomes urlencoded rows with the values unencoded", "[curl_import]") {
  const RequestSpec r =
      imported("curl http://x/ -d 'grant_type=client_credentials&scope=a+b%2Fc' --data-urlencode 'id={{client_id}}' "
               "--data-urlencode 'msg=a b&c' --data-raw 'k=' --data-ascii 'z=1'")
          .experiment.request;
  CHECK(r.body_kind == BodyKind::urlencoded);
  CHECK(r.form == std::vector<FormField>{{"grant_type", "client_credentials", true},
                                         {"scope", "a b/c", true},
                                         {"id", "{{client_id}}", true},
                                         {"msg", "a b&c", true},
                                         {"k", "", true},
                                         {"z", "1", true}});
  CHECK(r.headers.empty());  // the body kind adds the Content-Type
  // What it sends is curl's bytes (here with the variable left as written).
  CHECK(flatten_request(r).body == "grant_type=client_credentials&scope=a+b%2Fc&id={{client_id}}&msg=a+b%26c&k=&z=1");
  // Not name=value pairs, or pairs that do not encode back to the same bytes: the raw body.
  for (const char* command : {"curl -d 'a b' http://x/", "curl -d 'a=%7e' http://x/", "curl -d '{\"a\":1}' http://x/",
                              "curl --data-urlencode '=x y' http://x/", "curl --data-urlencode 'x y' http://x/"}) {
    CAPTURE(command);
    const RequestSpec raw = imported(command).experiment.request;
    CHECK(raw.body_kind == BodyKind::raw);
    CHECK(raw.headers == Headers{{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  CHECK(imported("curl --data-urlencode 'x y' http://x/").experiment.request.body == "x+y");
}

TEST_CASE("curl @file data is a file body read when sending, never an empty one", "[curl_import]") {
  for (const char* option : {"--data-binary", "-d", "--data-ascii"}) {
    CAPTURE(option);
    CurlImport c = imported(std::string("curl http://x/ ") + option + " @payload.bin");
    const RequestSpec& r = c.experiment.request;
    CHECK(r.body_kind == BodyKind::binary);
    CHECK(r.binary_file == "payload.bin");
    CHECK(r.headers == Headers{{"Content-Type", "application/x-www-form-urlencoded"}});
    CHECK(files_to_read(r) == std::vector<std::string>{"payload.bin"});
    CHECK(ignored(c, "@payload.bin") == (std::string(option) != "--data-binary"));  // -d strips newlines
  }
  // --data-raw takes '@' literally.
  CHECK(imported("curl --data-raw @x http://x/").experiment.request.body == "@x");
  // A file next to other data cannot be part of one body: said, not dropped.
  CurlImport mixed = imported("curl -d a=1 --data-urlencode 'n@file.txt' http://x/");
  CHECK(mixed.experiment.request.body == "a=1");
  CHECK(ignored(mixed, "n@file.txt"));
  CHECK(ignored(imported("curl -G -d @q.txt http://x/"), "@q.txt"));
}

TEST_CASE("curl --json sets Content-Type and Accept as curl does", "[curl_import]") {
  const RequestSpec r = imported("curl --json '{\"a\":' --json '1}' http://x/").experiment.request;
  CHECK(r.method == "POST");
  CHECK(r.body_kind == BodyKind::raw);
  CHECK(r.body_language == RawLanguage::json);
  CHECK(r.body == "{\"a\":1}");
  CHECK(flatten_request(r).headers == Headers{{"Content-Type", "application/json"}, {"Accept", "application/json"}});
  const RequestSpec own = imported("curl -H 'Accept: text/plain' --json '{}' http://x/").experiment.request;
  CHECK(flatten_request(own).headers == Headers{{"Accept", "text/plain"}, {"Content-Type", "application/json"}});
  const RequestSpec file = imported("curl --json @body.json http://x/").experiment.request;
  CHECK(file.body_kind == BodyKind::binary);
  CHECK(file.binary_file == "body.json");
  CHECK(flatten_request(file).headers == Headers{{"Content-Type", "application/json"}, {"Accept", "application/json"}});
}

TEST_CASE("curl --url-query appends to the query and -G moves data there", "[curl_import]") {
  CurlImport c = imported("curl --url-query 'q=a b' --url-query '+raw=%41' --url-query plain http://x/p?x=1#f");
  CHECK(c.experiment.request.url == "http://x/p?x=1&q=a+b&raw=%41&plain#f");
  CHECK(c.ignored.empty());
  CHECK(imported("curl -G -d a=1 --url-query b=2 http://x").experiment.request.url == "http://x/?a=1&b=2");
  CHECK(ignored(imported("curl --url-query 'n@f.txt' http://x/"), "n@f.txt"));
  // A {{variable}} in a value stays a variable (it was %7B%7Bq%7D%7D, never to be filled in);
  // the rest of the value is encoded as curl encodes it.
  CurlImport v = imported("curl --url-query 'q={{q}} x' -G --data-urlencode 'id={{id}}' http://x/");
  CHECK(v.experiment.request.url == "http://x/?id={{id}}&q={{q}}+x");
  Environment env{"e", {{"q", "a&b"}, {"id", "7"}}};
  Result<ResolvedRequest> sent = resolve_request_spec(v.experiment.request, {&env});
  REQUIRE(sent);
  CHECK(sent->request.url == "http://x/?id=7&q=a&b+x");
  // curl 7.88 lower-cases the escapes of what it appends, typed ones too; the URL's own query
  // keeps its case (tests/native/curl_import_differential_test.cpp compares with curl).
  CHECK(imported("curl --url-query '+u=%7B%2F%zz' -G -d 'k=%7B' 'http://x/?z=%7B'").experiment.request.url ==
        "http://x/?z=%7B&k=%7b&u=%7b%2f%zz");
}

TEST_CASE("curl -T uploads a file with PUT, -r sends a Range", "[curl_import]") {
  CurlImport c = imported("curl -T 'my file.txt' http://x/dir/");
  const RequestSpec& r = c.experiment.request;
  CHECK(r.method == "PUT");
  CHECK(r.url == "http://x/dir/my%20file.txt");
  CHECK(r.body_kind == BodyKind::binary);
  CHECK(r.binary_file == "my file.txt");
  CHECK(r.headers == Headers{{"Expect", "100-continue"}});  // as curl 7.88 sends with every -T
  CHECK(ignored(c, "-T"));  // the binary body adds application/octet-stream, curl none
  CHECK(imported("curl -T a/b.bin http://x").experiment.request.url == "http://x/b.bin");
  CHECK(imported("curl -T b.bin http://x/up").experiment.request.url == "http://x/up");
  CHECK(imported("curl -X POST -T b.bin http://x/up").experiment.request.method == "POST");
  CHECK(ignored(imported("curl -T - http://x/"), "-T -"));
  CHECK(imported("curl -r 0-99 http://x/").experiment.request.headers == Headers{{"Range", "bytes=0-99"}});
  // With a body curl sends Content-Range instead (checked against curl): noted, not made up.
  CurlImport upload_range = imported("curl -r 0-9 -d a=1 http://x/");
  CHECK(find_header(upload_range.experiment.request.headers, "Range") == nullptr);
  CHECK(ignored(upload_range, "-r 0-9"));
}

TEST_CASE("curl proxy options become the request's proxy", "[curl_import]") {
  const RequestSpec r = imported("curl -x proxy.lan:3128 -U pu:pp --noproxy 'localhost, .internal' http://x/").experiment.request;
  CHECK(r.proxy.mode == ProxyMode::explicit_url);
  CHECK(r.proxy.url == "http://proxy.lan:3128");
  CHECK(r.proxy.username == "pu");
  CHECK(r.proxy.password == "pp");
  CHECK(r.proxy.no_proxy == std::vector<std::string>{"localhost", ".internal"});
  const RequestSpec in_url = imported("curl --proxy http://a:b@p:8080 http://x/").experiment.request;
  CHECK(in_url.proxy.url == "http://p:8080");
  CHECK(in_url.proxy.username == "a");
  CHECK(imported("curl --noproxy '*' http://x/").experiment.request.proxy.mode == ProxyMode::none);
  CHECK(imported("curl --noproxy a.b http://x/").experiment.request.proxy.mode == ProxyMode::system);
  CurlImport socks = imported("curl -x socks5://p:1080 http://x/");
  CHECK(socks.experiment.request.proxy.mode == ProxyMode::inherit);
  CHECK(ignored(socks, "socks5"));
}

TEST_CASE("several curl commands in one paste are several requests", "[curl_import]") {
  std::string text =
      "# two requests\n"
      "curl -X POST http://x/a \\\n  -d 'a=1'\n"
      "\n"
      "curl -H 'X: y' http://x/b && curl http://x/c; curl 'http://x/d;e'";
  Result<std::vector<CurlImport>> all = import_curl_commands(text);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 4);
  CHECK((*all)[0].experiment.request.url == "http://x/a");
  CHECK((*all)[0].experiment.request.form == std::vector<FormField>{{"a", "1", true}});
  CHECK((*all)[1].experiment.request.url == "http://x/b");
  CHECK((*all)[1].experiment.request.headers == Headers{{"X", "y"}});
  CHECK((*all)[1].experiment.request.body_kind == BodyKind::raw);
  CHECK((*all)[2].experiment.request.url == "http://x/c");
  CHECK((*all)[3].experiment.request.url == "http://x/d;e");
  // One import takes the first and says so; errors keep their place in the whole text.
  CurlImport first = imported(text);
  CHECK(first.experiment.request.url == "http://x/a");
  CHECK(ignored(first, "GET x/b"));
  REQUIRE(first.ignored.size() == 3);
  CHECK(first.ignored[0].offset == text.find("curl -H"));
  CHECK((*all)[3].offset == text.rfind("curl"));
  Result<std::vector<CurlImport>> bad = import_curl_commands("curl http://x/\ncurl -H");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().offset == 20);
  Result<ImportBatch> batch = import_as(ImportFormat::curl, "curl http://x/1\ncurl http://x/2");
  REQUIRE(batch.ok());
  CHECK(batch->requests.size() == 2);
}

TEST_CASE("options are applied or listed, never dropped silently", "[curl_import]") {
  CurlImport c = imported("curl -sSLk -o out.html -w '%{http_code}' --http2 --retry 3 --cert-status -v http://x/ http://y/");
  CHECK_FALSE(c.experiment.options.verify_tls);
  CHECK(c.experiment.request.url == "http://x/");
  CHECK(c.experiment.options.http_version == HttpVersion::http2);  // applied, not listed
  for (const char* what : {"-s", "-S", "-o", "-w", "--retry", "--cert-status", "-v", "http://y/"}) {
    CAPTURE(what);
    CHECK(ignored(c, what));
  }
  CHECK_FALSE(ignored(c, "-k"));
  CHECK_FALSE(ignored(c, "--http2"));
  CHECK_FALSE(ignored(c, "-L"));  // follow_redirects
  CHECK(c.experiment.options.follow_redirects);
  // And back: the curl export says --location.
  Result<std::string> curl = export_code(c.experiment, ExportFormat::curl);
  REQUIRE(curl.ok());
  CHECK(curl->find("--location") != std::string::npos);
  CurlImport t = imported("curl --connect-timeout 2.5 -m 60 -I http://x/");
  CHECK(t.experiment.options.connect_timeout == 2.5);
  CHECK(t.experiment.options.total_timeout == 60);
  CHECK(t.experiment.request.method == "HEAD");
  CurlImport at = imported("curl -d @body.json -H @headers.txt -b cookies.txt http://x/");
  CHECK(ignored(at, "-d"));
  CHECK(ignored(at, "-H"));
  CHECK(ignored(at, "-b"));
  CHECK(at.experiment.request.method == "POST");
}

TEST_CASE("Chromium and Firefox copies import", "[curl_import]") {
  // Chromium, "Copy as cURL (bash)".
  CurlImport chromium = imported(
      "curl 'http://127.0.0.1:8080/api?x=1' \\\n"
      "  -H 'Accept: application/json' \\\n"
      "  -H 'Accept-Language: en-US,en;q=0.9' \\\n"
      "  -H 'Cookie: sid=abc' \\\n"
      "  -H 'Content-Type: application/json' \\\n"
      "  --data-raw $'{\"name\":\"it\\'s\"}' \\\n"
      "  --compressed");
  CHECK(chromium.experiment.request.method == "POST");
  CHECK(chromium.experiment.request.body == "{\"name\":\"it's\"}");
  CHECK(find_header(chromium.experiment.request.headers, "Cookie")->value == "sid=abc");
  CHECK(chromium.ignored.empty());
  // Chromium, "Copy as cURL (cmd)".
  CurlImport cmd = imported(
      "curl ^\"http://127.0.0.1:8080/api?x=1^&y=2^\" ^\n"
      "  -H ^\"Content-Type: application/json^\" ^\n"
      "  --data-raw ^\"^{^\\^\"name^\\^\":^\\^\"a b^\\^\"^}^\" ^\n"
      "  --compressed");
  CHECK(cmd.experiment.request.url == "http://127.0.0.1:8080/api?x=1&y=2");
  CHECK(cmd.experiment.request.body == "{\"name\":\"a b\"}");
  // Firefox, "Copy as cURL".
  CurlImport firefox = imported(
      "curl 'http://127.0.0.1:8080/form' -X POST -H 'User-Agent: Mozilla/5.0' -H 'Accept: */*' "
      "-H 'Content-Type: application/x-www-form-urlencoded' -H 'Origin: http://127.0.0.1:8080' "
      "-H 'Connection: keep-alive' --data-raw 'a=1&b=2'");
  CHECK(firefox.experiment.request.body == "a=1&b=2");
  CHECK(firefox.experiment.request.headers.size() == 5);
}

TEST_CASE("bad curl commands give the position", "[curl_import]") {
  struct Case {
    const char* command;
    std::int64_t offset;
    const char* says;
  };
  auto c = GENERATE(values<Case>({
      {"", 0, "empty"},
      {"wget http://x/", 0, "not curl"},
      {"curl -H", 5, "needs a value"},
      {"curl -s", 7, "no URL"},
      {"curl 'http://x/", 5, "never closed"},
      {"curl -d a -F b=c http://x/", 10, "cannot be used together"},
      {"curl -I -d a http://x/", 5, "HEAD"},
      {"curl --max-time soon http://x/", 5, "seconds"},
      {"curl --frobnicate http://x/", 5, "'--frobnicate' is not a curl option"},
      {"curl -sW http://x/", 5, "'-W' is not a curl option"},
  }));
  CAPTURE(c.command);
  Result<CurlImport> r = import_curl(c.command);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().offset == c.offset);
  CHECK_THAT(r.error().message, Catch::Contains(c.says));
}

TEST_CASE("removing a header Wirepad always sends is noted where it was typed", "[curl_import]") {
  CurlImport c = imported("curl -H 'Accept:' http://x/");
  REQUIRE(c.ignored.size() == 1);
  CHECK(c.ignored[0].what == "-H 'Accept:'");
  CHECK(c.ignored[0].offset == 5);
  CHECK(c.experiment.request.headers.empty());
}

TEST_CASE("random command lines never crash and errors stay inside the text", "[curl_import]") {
  // A deterministic generator over the characters that matter to both shells and to curl.
  const std::string alphabet = "curl -XHdFubG'\"$\\^\n\r\t &|;<>()`%=@:/.#{}ak0x";
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string line = i % 2 ? "curl " : "";
    std::size_t length = next() % 40;
    for (std::size_t k = 0; k < length; ++k) line += alphabet[next() % alphabet.size()];
    Result<CurlImport> r = import_curl(line);
    if (!r) {
      CAPTURE(line, r.error().message);
      REQUIRE(r.error().offset >= 0);
      REQUIRE(std::size_t(r.error().offset) <= line.size());
      REQUIRE_FALSE(r.error().message.empty());
    }
  }
}

TEST_CASE("an argument vector reads as the same command, with the caller's own options beside", "[curl_import]") {
  Result<CurlImport> argv = import_curl_argv({"-sSL", "-XPUT", "-H", "X-A: 1", "--data-raw", "@x", "--max-time=5", "http://h/p"});
  REQUIRE(argv.ok());
  CurlImport text = imported("curl -sSL -XPUT -H 'X-A: 1' --data-raw @x --max-time 5 http://h/p");
  CHECK(argv->experiment.request == text.experiment.request);
  CHECK(argv->experiment.options == text.experiment.options);
  CHECK(argv->custom_headers == Headers{{"X-A", "1"}});

  auto own = [](const std::vector<std::string>& args, std::size_t i) { return args[i] == "--mine" ? 2 : args[i] == "--flag" ? 1 : 0; };
  Result<std::vector<CurlOption>> options = read_curl_argv({"--mine", "v", "-d", "--flag", "--flag", "http://h/"}, own);
  REQUIRE(options.ok());
  REQUIRE(options->size() == 4);
  CHECK(((*options)[0].own && (*options)[0].value == "v"));
  CHECK(((*options)[1].name == "--data" && (*options)[1].value == "--flag"));  // a value is a value
  CHECK(((*options)[2].own && (*options)[2].name == "--flag"));
  CHECK(((*options)[3].name.empty() && (*options)[3].value == "http://h/"));

  Result<CurlImport> bad = import_curl_argv({"http://h/", "--frobnicate"});
  REQUIRE(!bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("'--frobnicate' is not a curl option") && Catch::Contains("(argument 2)"));
  Result<CurlImport> missing = import_curl_argv({"http://h/", "-d"});
  REQUIRE(!missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("-d needs a value"));
}

TEST_CASE("with a file reader, what curl reads at once is read: the bytes curl sends", "[curl_import]") {
  std::map<std::string, std::string> files = {{"crlf.txt", "a=1\r\nb=2\n"}, {"h.txt", "X-F: 1\r\n\n# no\nX-G: 2\n"},
                                              {"t.txt", "text\n"}, {"up.bin", "UP"}};
  CurlImportOptions reading;
  reading.read_file = [&](const std::string& path) -> Result<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return make_error(ErrorCode::io_error, "No such file or directory");
    return it->second;
  };
  auto send = [&](std::vector<std::string> args) {
    Result<CurlImport> c = import_curl_argv(args, reading);
    if (!c) FAIL(c.error().message);
    for (const ImportNote& n : c->ignored) CHECK(n.info);
    std::map<std::string, std::string> none;
    ResolveOptions options;
    options.boundary = "B";
    Result<ResolvedRequest> r = resolve_request_spec(c->experiment.request, options);
    if (!r) FAIL(r.error().message);
    r->request.headers = arrange_headers_as_curl(r->request, *c);
    return r->request;
  };
  HttpRequest d = send({"-d", "@crlf.txt", "-d", "c=3", "http://h/"});
  CHECK(d.body == "a=1b=2&c=3");
  HttpRequest h = send({"-H", "@h.txt", "http://h/"});
  CHECK(h.headers == Headers{{"User-Agent", kUserAgent}, {"Accept", "*/*"}, {"X-F", "1"}, {"X-G", "2"}});
  HttpRequest f = send({"-F", "t=<t.txt;type=text/x", "http://h/"});
  CHECK(f.body == "--B\r\nContent-Disposition: form-data; name=\"t\"\r\nContent-Type: text/x\r\n\r\ntext\n\r\n--B--\r\n");
  HttpRequest t = send({"-T", "up.bin", "-r", "0-1", "http://h/d/"});
  CHECK(t.url == "http://h/d/up.bin");
  CHECK(t.headers == Headers{{"Content-Range", "bytes 0-1/2"}, {"User-Agent", kUserAgent}, {"Accept", "*/*"},
                             {"Content-Length", "2"}, {"Expect", "100-continue"}});
  HttpRequest q = send({"--url-query", "n@t.txt", "-G", "--data-urlencode", "@t.txt", "http://h/"});
  CHECK(q.url == "http://h/?text%0a&n=text%0a");  // curl 7.88 writes query escapes in lower case
  HttpRequest j = send({"-H", "X-A: 1", "--json", "{}", "-u", "u:p", "http://h/"});
  CHECK(j.headers == Headers{{"Authorization", "Basic dTpw"}, {"User-Agent", kUserAgent}, {"X-A", "1"},
                             {"Content-Type", "application/json"}, {"Accept", "application/json"}, {"Content-Length", "2"}});
  Result<CurlImport> missing = import_curl_argv({"-d", "@nope.txt", "http://h/"}, reading);
  REQUIRE(!missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("-d @nope.txt: cannot read 'nope.txt': No such file or directory"));
}

TEST_CASE("a request's proxy as the exchange's proxy settings", "[curl_import][proxy]") {
  auto settings = [](const char* command) { return proxy_settings_for(imported(command).experiment.request.proxy); };
  CHECK(settings("curl http://x/") == ProxySettings{});
  ProxySettings none;
  none.proxy = "";
  CHECK(settings("curl -x '' http://x/") == none);
  CHECK(settings("curl --noproxy '*' http://x/") == none);
  ProxySettings with_user;
  with_user.proxy = "http://p:3128";
  with_user.proxy_user = "a:b c";
  with_user.no_proxy = "localhost,.in";
  CHECK(settings("curl -x http://a:b%20c@p:3128 --noproxy 'localhost, .in' http://x/") == with_user);
  ProxySettings empty_list;
  empty_list.no_proxy = "";
  CHECK(settings("curl --noproxy '' http://x/") == empty_list);
  ProxySettings inherited;
  inherited.proxy = "http://workspace:1";
  CHECK(proxy_settings_for(ProxySpec{}, inherited) == inherited);
}
