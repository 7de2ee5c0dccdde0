// Integration: the lab's httpbin-style endpoints (native/lab_httpbin.h) over real loopback
// sockets, asked with the core's HttpExchange over the POSIX transport and, for the codings
// and the cookie flow, with curl as the reference client.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "child_process.h"
#include "native/lab_servers.h"
#include "native/posix_transport.h"
#include "shared/content_decoding.h"
#include "shared/text_util.h"

using namespace wirepad;
using namespace wirepad::native;
using Json = nlohmann::json;
using wirepad::test::run_command;

namespace {

struct Lab {
  LabServers servers;
  std::string base;
  Lab() {
    LabOptions o;
    o.hello_port = 0;
    o.tcp_echo_port = 0;
    o.udp_echo_port = 0;
    LabStatus status = servers.start(o);
    REQUIRE(status.hello_port > 0);
    base = "http://127.0.0.1:" + std::to_string(status.hello_port);
  }
};

ExchangeLog send(const std::string& method, const std::string& url, Headers headers = {}, std::string body = "") {
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers = std::move(headers);
  request.body = std::move(body);
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  ExchangeLog log = perform_blocking(std::move(exchange).value());
  REQUIRE(log.phase == Phase::done);
  return log;
}

std::string body_text(const ExchangeLog& log) { return std::string(log.body()); }

std::string header(const ExchangeLog& log, std::string_view name) {
  auto h = find_header(log.response.headers, name);
  return h ? std::string(h->value) : std::string();
}

std::vector<std::string> all_headers(const ExchangeLog& log, std::string_view name) {
  std::vector<std::string> out;
  for (FieldView h : log.response.headers)
    if (iequals(h.name, name)) out.emplace_back(h.value);
  return out;
}

Json json_of(const ExchangeLog& log) {
  INFO(body_text(log));
  Json j = Json::parse(body_text(log), nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace

TEST_CASE("lab: GET / is still Hello, World! and other methods on / are told where to go", "[lab][httpbin]") {
  Lab lab;
  ExchangeLog hello = send("GET", lab.base + "/");
  CHECK(hello.response.status == 200);
  CHECK(body_text(hello) == "Hello, World!");
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    CAPTURE(method);
    ExchangeLog post = send(method, lab.base + "/", {{"Content-Type", "text/plain"}}, "hi");
    CHECK(post.response.status == 405);
    CHECK(header(post, "Allow") == "GET, HEAD");
    CHECK_THAT(body_text(post), Catch::Contains(std::string(method) + " / is not answered here") &&
                                Catch::Contains("send it to /anything"));
  }
  ExchangeLog missing = send("GET", lab.base + "/nope");
  CHECK(missing.response.status == 404);
  CHECK_THAT(body_text(missing), Catch::StartsWith("Not found: GET /nope") && Catch::Contains("/anything"));
}

TEST_CASE("lab: /anything echoes the request as JSON in httpbin's shape", "[lab][httpbin]") {
  Lab lab;
  SECTION("JSON body and a repeated query parameter") {
    ExchangeLog log = send("POST", lab.base + "/anything/deep/path?x=1&x=2&y=%20z",
                           {{"Content-Type", "application/json"}, {"X-Learner", "ada"}}, "{\"a\": [1, 2]}");
    CHECK(log.response.status == 200);
    CHECK(header(log, "Content-Type") == "application/json");
    Json j = json_of(log);
    std::vector<std::string> keys;
    for (auto& [k, v] : j.items()) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"args", "data", "files", "form", "headers", "json", "method", "origin", "url"});
    CHECK(j["args"] == Json{{"x", {"1", "2"}}, {"y", " z"}});
    CHECK(j["data"] == "{\"a\": [1, 2]}");
    CHECK(j["json"] == Json{{"a", {1, 2}}});
    CHECK(j["form"] == Json::object());
    CHECK(j["method"] == "POST");
    CHECK(j["origin"] == "127.0.0.1");
    CHECK(j["url"] == lab.base + "/anything/deep/path?x=1&x=2&y=%20z");
    CHECK(j["headers"]["X-Learner"] == "ada");
    CHECK(j["headers"]["Host"] == lab.base.substr(7));
    CHECK_FALSE(j["headers"].contains("REMOTE_ADDR"));  // cpp-httplib's, never sent
  }
  SECTION("a form, and a multipart form with a file") {
    Json form = json_of(send("PUT", lab.base + "/anything?q=1", {{"Content-Type", "application/x-www-form-urlencoded"}},
                             "name=Ada+L&lang=c%2B%2B"));
    CHECK(form["form"] == Json{{"name", "Ada L"}, {"lang", "c++"}});
    CHECK(form["args"] == Json{{"q", "1"}});  // the query stays apart from the form
    CHECK(form["data"] == "");
    CHECK(form["json"].is_null());
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        "file text\r\n--XyZ--\r\n";
    Json multi = json_of(send("POST", lab.base + "/anything", {{"Content-Type", "multipart/form-data; boundary=XyZ"}}, body));
    CHECK(multi["form"] == Json{{"note", "hello"}});
    CHECK(multi["files"] == Json{{"upload", "file text"}});
  }
  SECTION("bytes that are not UTF-8 come back as a data URL") {
    Json j = json_of(send("POST", lab.base + "/anything", {{"Content-Type", "application/octet-stream"}}, std::string("\xff\x00\x01", 3)));
    CHECK(j["data"] == "data:application/octet-stream;base64,/wAB");
  }
  SECTION("every method") {
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      CAPTURE(method);
      ExchangeLog log = send(method, lab.base + "/anything");
      CHECK(log.response.status == 200);
      CHECK(json_of(log)["method"] == method);
    }
  }
}

TEST_CASE("lab: /get /post /put /patch /delete answer their method and refuse the others", "[lab][httpbin]") {
  Lab lab;
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    std::string path = "/" + text::lower(method);
    CAPTURE(path);
    ExchangeLog ok = send(method, lab.base + path + "?k=v", {}, std::string(method) == "GET" ? "" : "body");
    CHECK(ok.response.status == 200);
    Json j = json_of(ok);
    CHECK(j["method"] == method);
    CHECK(j["args"] == Json{{"k", "v"}});
    CHECK(j.contains("data") == (std::string(method) != "GET"));  // httpbin's /get has no body keys
    ExchangeLog wrong = send(std::string(method) == "GET" ? "POST" : "GET", lab.base + path);
    CHECK(wrong.response.status == 405);
    CHECK(header(wrong, "Allow") == (std::string(method) == "GET" ? "GET, HEAD" : method));
    CHECK_THAT(json_of(wrong)["error"].get<std::string>(), Catch::Contains("/anything answers every method"));
  }
}

TEST_CASE("lab: /status/N, /delay/N and /stream/N", "[lab][httpbin]") {
  Lab lab;
  for (int code : {200, 204, 404, 418, 500, 503}) {
    ExchangeLog log = send("GET", lab.base + "/status/" + std::to_string(code));
    CHECK(log.response.status == code);
    CHECK(body_text(log).empty());
  }
  CHECK(header(send("POST", lab.base + "/status/302"), "Location") == "/redirect/1");
  ExchangeLog bad = send("GET", lab.base + "/status/99");
  CHECK(bad.response.status == 400);
  CHECK_THAT(json_of(bad)["error"].get<std::string>(), Catch::Contains("from 200 to 599"));

  auto start = std::chrono::steady_clock::now();
  ExchangeLog delayed = send("POST", lab.base + "/delay/0.4", {{"Content-Type", "text/plain"}}, "late");
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(400));
  CHECK(delayed.response.status == 200);
  CHECK(json_of(delayed)["data"] == "late");
  CHECK(send("GET", lab.base + "/delay/11").response.status == 400);
  CHECK(send("GET", lab.base + "/delay/-1").response.status == 400);

  ExchangeLog stream = send("GET", lab.base + "/stream/3");
  CHECK(stream.response.status == 200);
  CHECK(header(stream, "Transfer-Encoding") == "chunked");
  CHECK(header(stream, "Content-Length").empty());
  std::string body = body_text(stream);
  int lines = 0;
  for (std::size_t at = 0, nl; (nl = body.find('\n', at)) != std::string::npos; at = nl + 1, ++lines) {
    Json line = Json::parse(body.substr(at, nl - at));
    CHECK(line["id"] == lines);
    CHECK(line["url"] == lab.base + "/stream/3");
  }
  CHECK(lines == 3);
  CHECK(send("GET", lab.base + "/stream/101").response.status == 400);
}

TEST_CASE("lab: stopping does not wait for a sleeping /delay", "[lab][httpbin]") {
  auto lab = std::make_unique<Lab>();
  std::string url = lab->base + "/delay/10";
  std::thread client([url] {
    HttpRequest request;
    request.url = url;
    auto exchange = HttpExchange::create(request);
    if (exchange) perform_blocking(std::move(exchange).value());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto start = std::chrono::steady_clock::now();
  lab.reset();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  client.join();
}

TEST_CASE("lab: /gzip /deflate /brotli /zstd are encoded, and decode to the echo", "[lab][httpbin][content]") {
  Lab lab;
  auto [path, coding, flag] = GENERATE(table<std::string, std::string, std::string>(
      {{"/gzip", "gzip", "gzipped"}, {"/deflate", "deflate", "deflated"}, {"/brotli", "br", "brotli"}, {"/zstd", "zstd", "zstd"}}));
  CAPTURE(path);
  ExchangeLog log = send("GET", lab.base + path);
  CHECK(log.response.status == 200);
  CHECK(header(log, "Content-Encoding") == coding);
  Result<std::string> decoded = decode_content(coding, body_text(log));
  REQUIRE(decoded.ok());
  Json j = Json::parse(decoded.value());
  CHECK(j[flag] == true);
  CHECK(j["method"] == "GET");
  // curl, the reference client, decodes the same bytes to the same text.
  auto curl = run_command({"curl", "-s", "--compressed", lab.base + path});
  REQUIRE(curl.status == 0);
  Json from_curl = Json::parse(curl.out);
  CHECK(from_curl[flag] == true);
}

TEST_CASE("lab: cookies are set, echoed and deleted, and curl's cookie jar agrees", "[lab][httpbin][cookies]") {
  Lab lab;
  ExchangeLog set = send("GET", lab.base + "/cookies/set?flavour=oat&size=2");
  CHECK(set.response.status == 302);
  CHECK(header(set, "Location") == "/cookies");
  CHECK(all_headers(set, "Set-Cookie") == std::vector<std::string>{"flavour=oat; Path=/", "size=2; Path=/"});
  CHECK(all_headers(send("GET", lab.base + "/cookies/set/k/v"), "Set-Cookie") == std::vector<std::string>{"k=v; Path=/"});
  Json echoed = json_of(send("GET", lab.base + "/cookies", {{"Cookie", "flavour=oat; size=2"}}));
  CHECK(echoed == Json{{"cookies", {{"flavour", "oat"}, {"size", "2"}}}});
  ExchangeLog del = send("GET", lab.base + "/cookies/delete?size");
  CHECK(del.response.status == 302);
  CHECK_THAT(header(del, "Set-Cookie"), Catch::StartsWith("size=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));

  // The whole flow through a real cookie jar: curl -L -c/-b.
  std::string jar = "/tmp/wirepad-lab-cookies-" + std::to_string(::getpid());
  auto a = run_command({"curl", "-s", "-L", "-c", jar, "-b", jar, lab.base + "/cookies/set?a=1&b=2"});
  CHECK(Json::parse(a.out) == Json{{"cookies", {{"a", "1"}, {"b", "2"}}}});
  auto b = run_command({"curl", "-s", "-L", "-c", jar, "-b", jar, lab.base + "/cookies/delete?a"});
  CHECK(Json::parse(b.out) == Json{{"cookies", {{"b", "2"}}}});
  std::remove(jar.c_str());
}

TEST_CASE("lab: /redirect/N and /redirect-to", "[lab][httpbin][redirects]") {
  Lab lab;
  ExchangeLog three = send("GET", lab.base + "/redirect/3");
  CHECK(three.response.status == 302);
  CHECK(header(three, "Location") == "/redirect/2");
  CHECK(header(send("GET", lab.base + "/redirect/1"), "Location") == "/get");
  CHECK(send("GET", lab.base + "/redirect/0").response.status == 400);
  auto curl = run_command({"curl", "-s", "-L", "-w", "\n%{num_redirects}", lab.base + "/redirect/4"});
  CHECK_THAT(curl.out, Catch::EndsWith("\n4"));
  CHECK_THAT(curl.out, Catch::Contains("\"url\": \"" + lab.base + "/get\""));

  ExchangeLog to = send("POST", lab.base + "/redirect-to?url=http%3A%2F%2F127.0.0.1%3A9%2Fx&status_code=307");
  CHECK(to.response.status == 307);
  CHECK(header(to, "Location") == "http://127.0.0.1:9/x");
  CHECK(send("GET", lab.base + "/redirect-to").response.status == 400);
  CHECK(send("GET", lab.base + "/redirect-to?url=/get&status_code=200").response.status == 400);
}

TEST_CASE("lab: /headers /ip /user-agent /basic-auth /bearer", "[lab][httpbin][auth]") {
  Lab lab;
  CHECK(json_of(send("GET", lab.base + "/headers", {{"X-A", "1"}}))["headers"]["X-A"] == "1");
  CHECK(json_of(send("GET", lab.base + "/ip")) == Json{{"origin", "127.0.0.1"}});
  CHECK(json_of(send("GET", lab.base + "/user-agent", {{"User-Agent", "learner/1"}})) == Json{{"user-agent", "learner/1"}});

  ExchangeLog no_auth = send("GET", lab.base + "/basic-auth/ada/s3cret");
  CHECK(no_auth.response.status == 401);
  CHECK(header(no_auth, "WWW-Authenticate") == "Basic realm=\"Fake Realm\"");
  ExchangeLog wrong = send("GET", lab.base + "/basic-auth/ada/s3cret", {{"Authorization", "Basic YWRhOm5vcGU="}});
  CHECK(wrong.response.status == 401);
  // curl -u is the reference for what Basic credentials look like on the wire.
  auto curl = run_command({"curl", "-s", "-u", "ada:s3cret", lab.base + "/basic-auth/ada/s3cret"});
  CHECK(Json::parse(curl.out) == Json{{"authenticated", true}, {"user", "ada"}});

  ExchangeLog no_token = send("GET", lab.base + "/bearer");
  CHECK(no_token.response.status == 401);
  CHECK(header(no_token, "WWW-Authenticate") == "Bearer");
  CHECK(json_of(send("GET", lab.base + "/bearer", {{"Authorization", "Bearer abc.def"}})) ==
        Json{{"authenticated", true}, {"token", "abc.def"}});
}
