// curl import: the request curl would send, what is ignored (with a sentence), and errors
// with the position. Checked against curl itself in tests/native/convert_exec_test.cpp.
#include <catch2/catch.hpp>

#include "shared/code_export.h"
#include "shared/curl_import.h"
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
  CHECK(imported("curl -u alice:s3cret http://x/").experiment.request.headers ==
        Headers{{"Authorization", "Basic YWxpY2U6czNjcmV0"}});
  CurlImport in_url = imported("curl http://alice:s%33cret@x/p");
  CHECK(in_url.experiment.request.url == "http://x/p");
  CHECK(in_url.experiment.request.headers == Headers{{"Authorization", "Basic YWxpY2U6czNjcmV0"}});
  CurlImport no_password = imported("curl -u bob http://x/");
  CHECK(no_password.experiment.request.headers == Headers{{"Authorization", "Basic Ym9iOg=="}});
  CHECK(ignored(no_password, "-u"));
  CHECK(imported("curl --oauth2-bearer tok http://x/").experiment.request.headers ==
        Headers{{"Authorization", "Bearer tok"}});
}

TEST_CASE("curl -F builds multipart/form-data like curl", "[curl_import]") {
  CurlImport c = imported("curl -F a=b -F 'f=x;type=text/plain' -F 'g=y;filename=n.txt' -F 'q=\"semi;colon\"' http://x/b");
  const RequestSpec& r = c.experiment.request;
  CHECK(r.method == "POST");
  REQUIRE(r.headers.size() == 1);
  std::string type = r.headers[0].value;
  REQUIRE(type.rfind("multipart/form-data; boundary=", 0) == 0);
  std::string boundary = type.substr(30);
  CHECK(boundary.size() == 40);
  CHECK(boundary.substr(0, 24) == std::string(24, '-'));
  std::string b = "--" + boundary;
  CHECK(r.body == b + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n" +
                      b + "\r\nContent-Disposition: form-data; name=\"f\"\r\nContent-Type: text/plain\r\n\r\nx\r\n" +
                      b + "\r\nContent-Disposition: form-data; name=\"g\"; filename=\"n.txt\"\r\nContent-Type: text/plain\r\n\r\ny\r\n" +
                      b + "\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nsemi;colon\r\n" + b + "--\r\n");
  // The same command imports to the same bytes (the boundary is derived from the content).
  CHECK(imported("curl -F a=b -F 'f=x;type=text/plain' -F 'g=y;filename=n.txt' -F 'q=\"semi;colon\"' http://x/b")
            .experiment.request == r);
  CurlImport file = imported("curl -F 'up=@photo.png' -F k=v http://x/");
  CHECK(ignored(file, "up=@photo.png"));
}

TEST_CASE("options are applied or listed, never dropped silently", "[curl_import]") {
  CurlImport c = imported("curl -sSLk -o out.html -w '%{http_code}' --http2 --retry 3 --frobnicate -v http://x/ http://y/");
  CHECK_FALSE(c.experiment.options.verify_tls);
  CHECK(c.experiment.request.url == "http://x/");
  for (const char* what : {"-s", "-S", "-o", "-w", "--http2", "--retry", "--frobnicate", "-v", "http://y/"}) {
    CAPTURE(what);
    CHECK(ignored(c, what));
  }
  CHECK_FALSE(ignored(c, "-k"));
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
