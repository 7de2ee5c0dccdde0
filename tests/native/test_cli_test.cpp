// `wirepad test` end to end (native/cli_test_run.cpp) against the lab's httpbin-style server
// on an ephemeral loopback port: every assertion kind passing and failing, a chained run where
// request 2 sends request 1's capture, a cookie and a redirect count, a data-driven run of 100
// iterations, repeat_until's limit, exit codes 0/1/2, and the JUnit report checked by a real
// consumer (xmllint --schema tests/data/junit/junit.xsd); XPath over the lab's /xml and /html,
// and cert_days against a TLS server on loopback (a throwaway PKI, tls_test_pki.h) compared
// with the days OpenSSL counts for that certificate.
#include <openssl/asn1.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "child_process.h"
#include "native/lab_servers.h"
#include "native/posix_transport.h"
#include "shared/assertion.h"
#include "shared/exchange.h"
#include "tls_test_pki.h"

using wirepad::test::run_command;
namespace fs = std::filesystem;

namespace {

const std::string kWirepad = WIREPAD_BINARY;
const std::string kJunitXsd = std::string(WIREPAD_TEST_DATA) + "/junit/junit.xsd";

struct Lab {
  wirepad::native::LabServers servers;
  wirepad::native::LabStatus status;
  Lab() {
    wirepad::native::LabOptions o;
    o.hello_port = 0;
    o.tcp_echo_port = o.udp_echo_port = 0;
    status = servers.start(o);
    REQUIRE(status.hello_port > 0);
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(status.hello_port); }
};

fs::path fresh_dir(const std::string& name) {
  char pattern[] = "/tmp/wirepad-test-run-XXXXXX";
  fs::path dir = fs::path(::mkdtemp(pattern)) / name;
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An experiment file: the request and its "test" object.
std::string experiment(const std::string& name, const std::string& method, const std::string& url, const std::string& test,
                       const std::string& extra_request = "", const std::string& options = "") {
  return R"({"wirepad": 4, "kind": "http", "name": ")" + name + R"(", "request": {"method": ")" + method + R"(", "url": ")" +
         url + "\"" + extra_request + "}" + (options.empty() ? "" : ", \"options\": " + options) + R"(, "test": )" + test + "}\n";
}

nlohmann::json json_report(const std::vector<std::string>& args, int expected_status) {
  std::vector<std::string> argv = {kWirepad, "test"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--reporter");
  argv.push_back("json");
  auto r = run_command(argv);
  INFO(r.out << r.err);
  REQUIRE(r.status == expected_status);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("every assertion kind passes and fails against the lab server", "[test_cli]") {
  Lab lab;
  fs::path dir = fresh_dir("kinds");
  // Pairs: the same kind once holding, once not; the JSON report says which held.
  const std::string pass_fail = R"({"assert": [
      {"subject": "status", "op": "==", "value": 200},            {"subject": "status", "op": "==", "value": 404},
      {"subject": "status", "op": "in_range", "value": [200, 299]}, {"subject": "status", "op": "in_range", "value": [500, 599]},
      {"subject": "status", "op": "class", "value": "2xx"},       {"subject": "status", "op": "class", "value": "3xx"},
      {"subject": "header", "name": "Content-Type", "op": "exists"}, {"subject": "header", "name": "X-Nope", "op": "exists"},
      {"subject": "header", "name": "Content-Type", "op": "==", "value": "application/json"},
      {"subject": "header", "name": "Content-Type", "op": "==", "value": "text/plain"},
      {"subject": "header", "name": "Content-Type", "op": "matches", "value": "^application/.*json"},
      {"subject": "header", "name": "Content-Type", "op": "matches", "value": "^text/"},
      {"subject": "body", "op": "contains", "value": "\"q\": \"wire\""}, {"subject": "body", "op": "contains", "value": "nowhere"},
      {"subject": "body", "op": "matches", "value": "\"method\": \"POST\""}, {"subject": "body", "op": "matches", "value": "^\\s*\\["},
      {"subject": "body", "op": "!=", "value": "x"},              {"subject": "body", "op": "==", "value": "x"},
      {"subject": "body_size", "op": ">", "value": 50},           {"subject": "body_size", "op": "<", "value": 50},
      {"subject": "json", "path": "$.args.q", "op": "==", "value": "wire"}, {"subject": "json", "path": "$.args.q", "op": "==", "value": "pad"},
      {"subject": "json", "path": "$.json.n", "op": ">=", "value": 3}, {"subject": "json", "path": "$.json.n", "op": "<", "value": 3},
      {"subject": "json", "path": "$.json.tags", "op": "contains", "value": "b"}, {"subject": "json", "path": "$.json.tags", "op": "contains", "value": "z"},
      {"subject": "json", "path": "$.json.n", "op": "type", "value": "integer"}, {"subject": "json", "path": "$.json.n", "op": "type", "value": "string"},
      {"subject": "json", "path": "$.json.items[?@.id > 1].id", "op": "==", "value": 2},
      {"subject": "json", "path": "$.json.items[?@.id > 5].id", "op": "exists"},
      {"subject": "json_count", "path": "$.json.items[*]", "op": "==", "value": 2}, {"subject": "json_count", "path": "$..id", "op": "==", "value": 9},
      {"subject": "duration", "op": "<", "value": 10000},         {"subject": "duration", "op": "<", "value": 0},
      {"subject": "redirects", "op": "==", "value": 0},           {"subject": "redirects", "op": ">", "value": 0}
    ]})";
  const std::string body = R"(, "headers": [{"name": "Content-Type", "value": "application/json"}], "body": "{\"n\": 3, \"tags\": [\"a\", \"b\"], \"items\": [{\"id\": 1}, {\"id\": 2}]}")";
  write(dir / "kinds.json", experiment("kinds", "POST", lab.base() + "/anything?q=wire", pass_fail, body));
  nlohmann::json report = json_report({dir.string()}, 1);
  const auto& assertions = report["results"][0]["assertions"];
  REQUIRE(assertions.size() == 36);
  for (std::size_t i = 0; i < assertions.size(); ++i) {
    CAPTURE(i, assertions[i].dump());
    CHECK(assertions[i]["passed"].get<bool>() == (i % 2 == 0));
    CHECK_FALSE(assertions[i]["expected"].get<std::string>().empty());
    CHECK_FALSE(assertions[i]["actual"].get<std::string>().empty());
  }
  CHECK(assertions[1]["actual"] == "200 OK");
  CHECK(assertions[1]["message"] == "expected status 404, but it is 200 OK");
  CHECK(assertions[21]["actual"] == "\"wire\"");
  CHECK(assertions[31]["actual"] == "2 nodes");
  CHECK(report["counts"]["assertions_failed"] == 18);
}

TEST_CASE("a chained run: request 2 sends request 1's captures, a cookie and a redirect count", "[test_cli]") {
  Lab lab;
  fs::path dir = fresh_dir("chain");
  write(dir / "1_login.json",
        experiment("login", "GET", lab.base() + "/cookies/set?session=s-4711",
                   R"({"assert": [{"subject": "status", "op": "==", "value": 302}],
                       "capture": [{"variable": "session", "from": "cookie", "name": "session"},
                                   {"variable": "where", "from": "header", "name": "Location"},
                                   {"variable": "code", "from": "status"}]})"));
  write(dir / "2_token.json",
        experiment("token", "GET", lab.base() + "/anything?token=tk-{{session}}",
                   R"x({"capture": [{"variable": "token", "from": "json", "path": "$.args.token", "secret": true},
                                   {"variable": "digits", "from": "regex", "regex": "s-(\\d+)", "group": 1}]})x"));
  write(dir / "3_use.json",
        experiment("use", "GET", lab.base() + "/anything/{{digits}}",
                   R"({"assert": [{"subject": "json", "path": "$.headers.Authorization", "op": "==", "value": "Bearer {{token}}"},
                                  {"subject": "json", "path": "$.url", "op": "ends_with", "value": "/anything/4711"},
                                  {"subject": "json", "path": "$.headers['X-From']", "op": "==", "value": "{{where}} {{code}}"}]})",
                   R"(, "headers": [{"name": "Authorization", "value": "Bearer {{token}}"}, {"name": "X-From", "value": "{{where}} {{code}}"}])"));
  write(dir / "4_redirects.json",
        experiment("redirects", "GET", lab.base() + "/redirect/3",
                   R"({"assert": [{"subject": "redirects", "op": "==", "value": 3}, {"subject": "status", "op": "==", "value": 200}]})",
                   "", R"({"follow_redirects": true})"));
  auto r = run_command({kWirepad, "test", dir.string()});
  INFO(r.out << r.err);
  CHECK(r.status == 0);
  CHECK(r.out.find("4 requests: 4 passed, 0 failed, 0 errors, 0 skipped; 6 assertions, 0 failed") != std::string::npos);
  // The secret capture stays out of every report, even where an assertion compared it.
  for (const char* reporter : {"json", "junit", "tap", "html"}) {
    auto rep = run_command({kWirepad, "test", dir.string(), "--reporter", reporter});
    CHECK(rep.status == 0);
    CHECK(rep.out.find("tk-s-4711") == std::string::npos);
    CHECK(rep.out.find("(secret)") != std::string::npos);
  }
  // --bail after a failure in request 1: nothing after it is sent.
  write(dir / "1_login.json", experiment("login", "GET", lab.base() + "/status/500",
                                         R"({"assert": [{"subject": "status", "op": "class", "value": "2xx"}]})"));
  nlohmann::json bailed = json_report({dir.string(), "--bail"}, 1);
  CHECK(bailed["bailed"] == true);
  CHECK(bailed["results"].size() == 1);
  // Without --bail request 2 is not sent ({{session}} has no value) and says so.
  nlohmann::json all = json_report({dir.string()}, 1);
  CHECK(all["results"][1]["outcome"] == "error");
  CHECK(all["results"][1]["message"].get<std::string>().find("session") != std::string::npos);
}

TEST_CASE("a data-driven run of 100 iterations, with an environment, checked by xmllint", "[test_cli]") {
  Lab lab;
  fs::path dir = fresh_dir("data");
  std::string csv = "user,n\r\n";
  for (int i = 1; i <= 100; ++i) csv += "\"user " + std::to_string(i) + "\"," + std::to_string(i) + "\r\n";
  write(dir / "rows.csv", csv);
  write(dir / "environments.json",
        R"({"environments": [{"name": "lab", "variables": [{"name": "base", "value": ")" + lab.base() + R"("}]}]})");
  write(dir / "tests" / "echo.json",
        experiment("echo", "GET", "{{base}}/anything?user={{user}}&n={{n}}",
                   R"({"assert": [{"subject": "json", "path": "$.args.user", "op": "==", "value": "{{user}}"},
                                  {"subject": "json", "path": "$.args.n", "op": "==", "value": "{{n}}"}]})"));
  fs::path xml = dir / "report.xml";
  auto r = run_command({kWirepad, "test", (dir / "tests").string(), "--env", "lab", "--data", (dir / "rows.csv").string(),
                        "--reporter", "junit", "--out", xml.string()});
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("100 requests: 100 passed") != std::string::npos);
  CHECK(r.out.find("100 iterations") != std::string::npos);
  auto lint = run_command({"xmllint", "--noout", "--schema", kJunitXsd, xml.string()});
  INFO(lint.err);
  CHECK(lint.status == 0);
  std::string junit = slurp(xml);
  CHECK(junit.find("tests=\"200\" failures=\"0\" errors=\"0\"") != std::string::npos);
  CHECK(junit.find("echo.json (echo) #100") != std::string::npos);

  // A failing run's report validates too: failures, an error and a skip.
  write(dir / "tests" / "fail.json", experiment("fail", "GET", "{{base}}/status/418",
                                                R"({"assert": [{"subject": "status", "op": "==", "value": 200}]})"));
  write(dir / "tests" / "refused.json", experiment("refused", "GET", "http://127.0.0.1:1/", R"({"assert": []})"));
  write(dir / "tests" / "skip.json", experiment("skip", "GET", "{{base}}/", R"({"skip": true})"));
  auto failing = run_command({kWirepad, "test", (dir / "tests").string(), "--env", "lab", "--reporter", "junit", "--out", xml.string()});
  CHECK(failing.status == 1);
  auto lint2 = run_command({"xmllint", "--noout", "--schema", kJunitXsd, xml.string()});
  INFO(lint2.err);
  CHECK(lint2.status == 0);
  junit = slurp(xml);
  CHECK(junit.find("<failure message=\"expected status 200, but it is 418") != std::string::npos);
  CHECK(junit.find("<error message=") != std::string::npos);
  CHECK(junit.find("<skipped message=\"skipped: &quot;skip&quot; is set\"/>") != std::string::npos);
  // And the schema is not a rubber stamp: a testcase without its classname is refused.
  std::string broken = junit;
  broken.replace(broken.find(" classname="), 11, " class_name=");
  write(dir / "broken.xml", broken);
  CHECK(run_command({"xmllint", "--noout", "--schema", kJunitXsd, (dir / "broken.xml").string()}).status != 0);
}

TEST_CASE("repeat_until gives up at its limit, and bad input exits 2 naming what", "[test_cli]") {
  Lab lab;
  fs::path dir = fresh_dir("repeat");
  write(dir / "poll.json", experiment("poll", "GET", lab.base() + "/anything?state=running",
                                      R"({"repeat_until": {"assert": [{"subject": "json", "path": "$.args.state", "op": "==", "value": "done"}],
                                                           "max_attempts": 3, "delay_ms": 20}})"));
  nlohmann::json report = json_report({(dir / "poll.json").string()}, 1);
  CHECK(report["results"][0]["attempts"] == 3);
  CHECK(report["results"][0]["message"].get<std::string>().rfind("gave up after 3 sends", 0) == 0);
  // The same experiment from a collection file (wirepad collection export) runs the same.
  fs::path collection = dir.parent_path() / "collection.json";
  REQUIRE(run_command({kWirepad, "collection", "export", dir.string(), "-o", collection.string()}).status == 0);
  nlohmann::json from_collection = json_report({collection.string()}, 1);
  CHECK(from_collection["results"][0]["path"] == collection.string() + ":poll.json");
  CHECK(from_collection["results"][0]["attempts"] == 3);

  auto bad = [&](std::vector<std::string> args, const std::string& says) {
    args.insert(args.begin(), {kWirepad, "test"});
    auto r = run_command(args);
    CAPTURE(says, r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(says) != std::string::npos);
  };
  write(dir / "typo.json", R"({"wirepad": 4, "request": {"url": "http://x/"}, "test": {"asserts": []}})");
  bad({(dir / "typo.json").string()}, "typo.json: test.asserts is not a key here");
  bad({(dir / "poll.json").string(), "--env", "prod"}, "--env prod: no environments.json");
  write(dir / "rows.csv", "a,b\n1\n");
  bad({(dir / "poll.json").string(), "--data", (dir / "rows.csv").string()}, "rows.csv: record 2 (from line 2) has 1 field");
  bad({(dir / "poll.json").string(), "--reporter", "xml"}, "--reporter takes junit, tap, json or html, not 'xml'");
  bad({(dir / "nothing").string()}, "no such file or folder");
  bad({}, "test needs experiment files or folders");
}

namespace {

// An HTTPS server on 127.0.0.1 presenting `leaf`, answering every GET with a small XML document.
class XmlTlsServer {
 public:
  explicit XmlTlsServer(const wirepad::test::TestCert& leaf)
      : server_([leaf](SSL_CTX& ctx) {
          SSL_CTX_use_certificate(&ctx, leaf.cert);
          SSL_CTX_use_PrivateKey(&ctx, leaf.key);
          return true;
        }) {
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<status><service name=\"api\">up</service><service name=\"db\">up</service></status>",
                      "application/xml");
    });
    server_.set_read_timeout(60, 0);  // the client may take seconds to load the system CAs under ASan
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~XmlTlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "https://localhost:" + std::to_string(port_) + "/"; }

 private:
  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

// The whole days OpenSSL counts from `unix_seconds` to the certificate's notAfter, rounded
// down as cert_days rounds (ASN1_TIME_diff truncates toward zero, days and seconds of one sign).
long openssl_days_left(X509* cert, std::int64_t unix_seconds) {
  ASN1_TIME* from = ASN1_TIME_set(nullptr, time_t(unix_seconds));
  int days = 0, seconds = 0;
  REQUIRE(ASN1_TIME_diff(&days, &seconds, from, X509_get0_notAfter(cert)) == 1);
  ASN1_TIME_free(from);
  return (days < 0 || seconds < 0) && seconds != 0 ? days - 1 : days;
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("wirepad test: xpath assertions and captures over the lab's /xml and /html", "[test_cli][xpath]") {
  Lab lab;
  fs::path dir = fresh_dir("xpath");
  // Pairs again: the first of each holds, the second does not.
  write(dir / "1_xml.json", experiment("xml", "GET", lab.base() + "/xml", R"x({"assert": [
      {"subject": "xpath", "path": "string(/library/@name)", "op": "==", "value": "Lab shelf"},
      {"subject": "xpath", "path": "string(/library/@name)", "op": "==", "value": "Other shelf"},
      {"subject": "xpath", "path": "//book[@id='2']/title", "op": "contains", "value": "Browser"},
      {"subject": "xpath", "path": "//book[@id='2']/title", "op": "matches", "value": "^Low"},
      {"subject": "xpath", "path": "//book[@id='3']/pages", "op": ">", "value": 900},
      {"subject": "xpath", "path": "//book[@id='3']/pages", "op": "<", "value": 900},
      {"subject": "xpath", "path": "count(//book[@lang='en'])", "op": "==", "value": 2},
      {"subject": "xpath", "path": "count(//book[@lang='en'])", "op": "==", "value": 3},
      {"subject": "xpath", "path": "//book[@lang='fr']", "op": "exists"},
      {"subject": "xpath", "path": "//book[@lang='de']", "op": "exists"},
      {"subject": "xpath_count", "path": "//book", "op": "==", "value": 3},
      {"subject": "xpath_count", "path": "//book", "op": "<", "value": 3},
      {"subject": "xpath", "path": "//book/title", "op": "==", "value": "TCP/IP Illustrated"}
    ],
    "capture": [{"variable": "first_title", "from": "xpath", "path": "string(//book[1]/title)"},
                {"variable": "books", "from": "xpath", "path": "count(//book)"}]})x"));
  write(dir / "2_html.json", experiment("html", "GET", lab.base() + "/html", R"x({"assert": [
      {"subject": "xpath", "path": "string(//title)", "op": "==", "value": "Wirepad lab"},
      {"subject": "xpath", "path": "string(//title)", "op": "==", "value": "{{first_title}}"},
      {"subject": "xpath_count", "path": "//ul[@id='links']/li", "op": "==", "value": 2},
      {"subject": "xpath_count", "path": "//ul[@id='links']/li", "op": "==", "value": "{{books}}"},
      {"subject": "xpath", "path": "//p[@class='intro']", "op": "starts_with", "value": "A page to try XPath on."},
      {"subject": "xpath", "path": "//p[@class='intro']/br", "op": "not_exists"}
    ]})x"));
  nlohmann::json report = json_report({dir.string()}, 1);
  REQUIRE(report["results"].size() == 2);
  const auto& xml = report["results"][0]["assertions"];
  REQUIRE(xml.size() == 13);
  for (std::size_t i = 0; i + 1 < xml.size(); ++i) {
    CAPTURE(i, xml[i].dump());
    CHECK(xml[i]["passed"].get<bool>() == (i % 2 == 0));
  }
  CHECK(xml[1]["actual"] == "\"Lab shelf\"");
  CHECK(xml[1]["message"] == "expected xpath string(/library/@name) \"Other shelf\", but it is \"Lab shelf\"");
  CHECK(xml[5]["actual"] == "\"960\"");
  CHECK(xml[9]["message"] == "expected xpath //book[@lang='de'] present, but it is absent: //book[@lang='de'] selected nothing");
  CHECK(xml[11]["actual"] == "3 nodes");
  CHECK_FALSE(xml[12]["passed"].get<bool>());  // three titles for one comparison
  CHECK(xml[12]["message"].get<std::string>().find("narrow the expression, or assert xpath_count") != std::string::npos);
  const auto& captures = report["results"][0]["captures"];
  REQUIRE(captures.size() == 2);
  CHECK(captures[0]["value"] == "TCP/IP Illustrated");
  CHECK(captures[1]["value"] == "3");
  const auto& html = report["results"][1]["assertions"];
  REQUIRE(html.size() == 6);
  std::vector<bool> passed;
  for (const auto& a : html) passed.push_back(a["passed"].get<bool>());
  // The HTML page: <br> is void and <li> left open, as browsers allow; the captures flow in.
  CHECK(passed == std::vector<bool>{true, false, true, false, true, false});
  CHECK(html[1]["actual"] == "\"Wirepad lab\"");
  CHECK(html[3]["actual"] == "2 nodes");
  CHECK(html[5]["actual"] == "1 node");
}

TEST_CASE("cert_days: the days OpenSSL counts, over TLS on loopback, and plain http has none", "[test_cli][cert_days][tls]") {
  using wirepad::test::TestPki;
  const long day = TestPki::kDay;
  TestPki pki;
  // Ten days and three hours left; and one that expired two days and three hours ago.
  wirepad::test::TestCert valid = pki.leaf("valid", "localhost", "DNS:localhost,IP:127.0.0.1", -day, 10 * day + 3 * 3600);
  wirepad::test::TestCert expired = pki.leaf("expired", "localhost", "DNS:localhost,IP:127.0.0.1", -10 * day, -(2 * day + 3 * 3600));

  SECTION("one exchange: cert_days equals OpenSSL's count from the exchange's own start") {
    for (auto* cert : {&valid, &expired}) {
      XmlTlsServer server(*cert);
      wirepad::HttpRequest request;
      request.url = server.url();
      wirepad::ExchangeOptions options;
      options.connect_timeout = options.first_byte_timeout = options.idle_timeout = 30;
      options.total_timeout = 60;
      options.ca_file = pki.ca.cert_file;
      options.verify_tls = cert == &valid;  // the expired one is refused when verified
      auto exchange = wirepad::HttpExchange::create(request, options);
      REQUIRE(exchange.ok());
      wirepad::ExchangeLog log = wirepad::native::perform_blocking(std::move(exchange).value());
      CAPTURE(log.error.message);
      REQUIRE(log.phase == wirepad::Phase::done);
      REQUIRE(log.started_unix_ms > 0);
      const long expected = openssl_days_left(cert->cert, log.started_unix_ms / 1000);
      CHECK(expected == (cert == &valid ? 10 : -3));
      wirepad::Assertion a;
      a.subject = wirepad::AssertSubject::cert_days;
      a.op = wirepad::AssertOp::eq;
      a.expected = std::to_string(expected);
      std::vector<wirepad::AssertionResult> r = wirepad::evaluate_assertions({a}, wirepad::record_of({log}), nullptr);
      REQUIRE(r.size() == 1);
      CAPTURE(r[0].message);
      CHECK(r[0].passed);
      CHECK(r[0].actual.rfind(std::to_string(expected) + " days (not after ", 0) == 0);
    }
  }

  SECTION("wirepad test: a file with xpath and cert_days over TLS, and the same over plain http") {
    Lab lab;
    XmlTlsServer server(valid);
    fs::path dir = fresh_dir("cert");
    const std::int64_t before = now_seconds();
    const long low = openssl_days_left(valid.cert, before);
    write(dir / "1_tls.json",
          experiment("status over TLS", "GET", server.url(), R"x({"assert": [
              {"subject": "cert_days", "op": ">=", "value": 0},
              {"subject": "cert_days", "op": ">", "value": 30, "label": "a month left"},
              {"subject": "xpath", "path": "string(//service[@name='db'])", "op": "==", "value": "up"},
              {"subject": "xpath_count", "path": "//service", "op": "==", "value": 2}
            ]})x",
                     "", R"({"ca_file": ")" + pki.ca.cert_file + R"("})"));
    write(dir / "2_plain.json", experiment("plain", "GET", lab.base() + "/xml",
                                           R"x({"assert": [{"subject": "cert_days", "op": ">", "value": 0}]})x"));
    nlohmann::json report = json_report({dir.string()}, 1);
    const long high = openssl_days_left(valid.cert, now_seconds());
    REQUIRE(report["results"].size() == 2);
    const auto& tls = report["results"][0]["assertions"];
    REQUIRE(tls.size() == 4);
    CHECK(tls[0]["passed"] == true);
    CHECK(tls[2]["passed"] == true);
    CHECK(tls[3]["passed"] == true);
    CHECK(tls[1]["passed"] == false);
    CHECK(tls[1]["assertion"] == "a month left");
    // The days the run counted are the days OpenSSL counts for that certificate, from a
    // moment between just before and just after the run (10 both times, three hours spare).
    CHECK(low == 10);
    CHECK(high == 10);
    const std::string actual = tls[1]["actual"];
    CHECK(actual.rfind("10 days (not after ", 0) == 0);
    const auto& plain = report["results"][1]["assertions"];
    REQUIRE(plain.size() == 1);
    CHECK(plain[0]["passed"] == false);
    CHECK(plain[0]["actual"] == "(no TLS)");
    CHECK(plain[0]["message"] == "expected cert_days > 0, but it is (no TLS): there was no TLS: " + lab.base() +
                                     "/xml is plain HTTP, so there is no certificate");
  }
}
