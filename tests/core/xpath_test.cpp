// XPath over XML and HTML bodies (shared/xpath.h) and the assertions and captures built on it
// (xpath, xpath_count, capture from xpath), and cert_days over recorded TLS facts
// (shared/assertion.h): values of each kind, HTML that is not XML, errors as values, bodies
// that must not expand or load anything (billion laughs, XXE), libxml2 printing nothing, and
// the file format reading and writing them. Against real servers:
// tests/native/test_cli_test.cpp (the lab's /xml and /html, a TLS server on loopback).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "shared/assertion.h"
#include "shared/capture.h"
#include "shared/environment.h"
#include "shared/experiment.h"
#include "shared/xpath.h"

using namespace wirepad;
using xpath::Document;
using xpath::Value;

namespace {

const char* kXml = R"(<?xml version="1.0" encoding="UTF-8"?>
<library name="Lab shelf">
  <book id="1" lang="en"><title>TCP/IP Illustrated</title><pages>576</pages></book>
  <book id="2" lang="en"><title>High Performance Browser Networking</title><pages>400</pages></book>
  <book id="3" lang="fr"><title>Réseaux</title><pages>960</pages></book>
</library>
)";

// Not XML: void <meta> and <br>, unclosed <li>, no </body>.
const char* kHtml = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Wirepad lab</title></head>
<body><h1>Hello</h1><p class="intro">One<br>two</p>
<ul id="links"><li><a href="/xml">XML</a><li><a href="/anything">echo</a></ul>
)";

// Ten levels of ten: 10^9 "lol" if expanded.
std::string billion_laughs() {
  std::string dtd = "<!ENTITY lol0 \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&lol" + std::to_string(i - 1) + ";";
    dtd += "\">";
  }
  return "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [" + dtd + "]>\n<lolz>&lol9;</lolz>\n";
}

Value eval(const std::string& body, const std::string& expression, const std::string& content_type = "") {
  Result<Document> doc = Document::parse(body, content_type);
  INFO((doc ? std::string() : doc.error().message));
  REQUIRE(doc);
  Result<Value> v = doc->evaluate(expression);
  INFO(expression << ": " << (v ? std::string() : v.error().message));
  REQUIRE(v);
  return v.value();
}

ExchangeLog response(std::string body, const char* content_type) {
  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.request.method = "GET";
  log.target_url = "http://127.0.0.1/x";
  log.response.status = 200;
  log.response.reason = "OK";
  log.response.headers.add("Content-Type", content_type);
  log.response.body = std::move(body);
  log.timings.total = 0.01;
  return log;
}

Assertion make(AssertSubject subject, AssertOp op, std::string expected, std::string selector = {}) {
  Assertion a;
  a.subject = subject;
  a.op = op;
  a.expected = std::move(expected);
  a.selector = std::move(selector);
  INFO(describe(a) << ": " << validate_assertion(a).message);
  REQUIRE_FALSE(validate_assertion(a));
  return a;
}

AssertionResult one(const Assertion& a, const ExchangeLog& log, const Environment* env = nullptr) {
  std::vector<AssertionResult> r = evaluate_assertions({a}, record_of({log}), env);
  REQUIRE(r.size() == 1);
  return r[0];
}

// Whatever is written to stderr while `fn` runs (libxml2 must write nothing).
template <class Fn>
std::string stderr_during(Fn&& fn) {
  std::fflush(stderr);
  std::FILE* tmp = std::tmpfile();
  REQUIRE(tmp);
  const int saved = ::dup(2);
  ::dup2(::fileno(tmp), 2);
  fn();
  std::fflush(stderr);
  ::dup2(saved, 2);
  ::close(saved);
  std::rewind(tmp);
  std::string out;
  char buf[512];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

}  // namespace

TEST_CASE("xpath: node sets, strings, numbers and booleans over XML", "[xpath][assertion]") {
  Value titles = eval(kXml, "//book/title");
  CHECK(titles.kind == Value::Kind::nodes);
  CHECK(titles.nodes == std::vector<std::string>{"TCP/IP Illustrated", "High Performance Browser Networking", "Réseaux"});
  CHECK(eval(kXml, "//book[@id='2']/title").nodes == std::vector<std::string>{"High Performance Browser Networking"});
  CHECK(eval(kXml, "/library/@name").nodes == std::vector<std::string>{"Lab shelf"});
  CHECK(eval(kXml, "//nothing").nodes.empty());

  Value s = eval(kXml, "string(//book[3]/title)");
  CHECK(s.kind == Value::Kind::string);
  CHECK(s.string == "Réseaux");
  Value n = eval(kXml, "count(//book)");
  CHECK(n.kind == Value::Kind::number);
  CHECK(n.number == 3);
  CHECK(xpath::to_text(n) == "3");
  CHECK(xpath::to_text(eval(kXml, "sum(//pages) div 4")) == "484");
  CHECK(xpath::to_text(eval(kXml, "1 div 4")) == "0.25");
  CHECK(xpath::to_text(eval(kXml, "number('x')")) == "NaN");
  Value b = eval(kXml, "boolean(//book[@lang='fr'])");
  CHECK(b.kind == Value::Kind::boolean);
  CHECK(b.boolean);
  CHECK(xpath::to_text(b) == "true");
  CHECK(xpath::to_text(eval(kXml, "//book[1]")) == "TCP/IP Illustrated576");  // a node's string value: its text
  CHECK(xpath::to_number(" 42 ") == 42);
}

TEST_CASE("xpath: HTML by its Content-Type, or when the body is not XML", "[xpath][assertion]") {
  Result<Document> html = Document::parse(kHtml, "text/html; charset=utf-8");
  REQUIRE(html);
  CHECK(html->markup() == xpath::Markup::html);
  CHECK(html->note().empty());  // the Content-Type said so: no XML attempt to report
  CHECK(html->evaluate("string(//title)")->string == "Wirepad lab");
  CHECK(html->evaluate("count(//li)")->number == 2);  // both unclosed <li>
  CHECK(html->evaluate("//p[@class='intro']")->nodes == std::vector<std::string>{"Onetwo"});
  CHECK(html->evaluate("//a/@href")->nodes == std::vector<std::string>{"/xml", "/anything"});

  // No Content-Type, not well-formed: read as HTML, and the note says why.
  Result<Document> guessed = Document::parse(kHtml, "");
  REQUIRE(guessed);
  CHECK(guessed->markup() == xpath::Markup::html);
  CHECK_THAT(guessed->note(), Catch::StartsWith("read as HTML: it is not well-formed XML (line "));
  // Well-formed XHTML served as application/xhtml+xml stays XML.
  Result<Document> xhtml = Document::parse("<html><body><p>x</p></body></html>", "application/xhtml+xml");
  REQUIRE(xhtml);
  CHECK(xhtml->markup() == xpath::Markup::xml);
  // UTF-8 without a <meta charset> is UTF-8 (libxml2's HTML default would be Latin-1).
  CHECK(eval("<p>Réseaux</p>", "string(//p)", "text/html").string == "Réseaux");
}

TEST_CASE("xpath: errors are values that name what is wrong, and nothing is printed", "[xpath][assertion]") {
  const std::string printed = stderr_during([] {
    Result<Document> doc = Document::parse(kXml, "");
    REQUIRE(doc);
    Result<Value> bad = doc->evaluate("//book[");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == ErrorCode::invalid_experiment);
    CHECK(bad.error().message == "invalid XPath //book[: the expression is not valid here at position 7");
    Result<Value> fn = doc->evaluate("nosuch(//book)");
    REQUIRE_FALSE(fn);
    CHECK_THAT(fn.error().message, Catch::Contains("XPath 1.0 has no function of that name"));
    Result<Value> prefix = doc->evaluate("//x:book");
    REQUIRE_FALSE(prefix);
    CHECK_THAT(prefix.error().message, Catch::Contains("the namespace prefix is not declared") && Catch::Contains("local-name()"));
    CHECK_THAT(xpath::check("//p[").message, Catch::StartsWith("invalid XPath //p[:"));
    CHECK_THAT(xpath::check("count()").message, Catch::Contains("a function is called with the wrong number of arguments"));
    CHECK_FALSE(xpath::check("count(//p) > 1"));
    CHECK(xpath::check("").message == "invalid XPath: the expression is empty");
    // Bodies that are not documents.
    CHECK(Document::parse("", "").error().message == "the body is empty, not XML or HTML");
    CHECK(Document::parse(" \r\n", "application/xml").error().message == "the body is empty, not XML or HTML");
    Result<Document> broken = Document::parse("<a><b></a>", "application/xml");  // read as HTML
    REQUIRE(broken);
    CHECK_THAT(broken->note(), Catch::Contains("Opening and ending tag mismatch"));
  });
  CHECK(printed.empty());
}

TEST_CASE("xpath: a billion laughs does not expand and XXE reads nothing", "[xpath][assertion]") {
  const std::string lol = billion_laughs();
  const std::string printed = stderr_during([&] {
    Result<Document> doc = Document::parse(lol, "application/xml");
    REQUIRE(doc);
    // libxml2's XML parser refuses the amplification; read as HTML the references are text.
    CHECK_THAT(doc->note(), Catch::Contains("entity"));
    Result<Value> length = doc->evaluate("string-length(/)");
    REQUIRE(length);
    CHECK(length->number < double(lol.size()));
    Result<Value> all = doc->evaluate("//text()");
    REQUIRE(all);
    std::size_t total = 0;
    for (const std::string& t : all->nodes) total += t.size();
    CHECK(total < lol.size());

    // An external entity (and an external DTD) is never loaded: /etc/passwd stays unread.
    const std::string xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"file:///etc/passwd\" [<!ENTITY x SYSTEM "
                            "\"file:///etc/passwd\">]>\n<r>before&x;after</r>\n";
    Result<Document> x = Document::parse(xxe, "application/xml");
    REQUIRE(x);
    Result<Value> text = x->evaluate("string(/r)");
    REQUIRE(text);
    CHECK_THAT(text->string, !Catch::Contains("root:"));
    CHECK(text->string == "beforeafter");
    // A parameter entity that would pull a remote DTD: nothing fetched, nothing expanded.
    const std::string remote = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]><r>y</r>";
    Result<Document> r = Document::parse(remote, "application/xml");
    REQUIRE(r);
    CHECK(r->evaluate("string(/r)")->string == "y");
  });
  CHECK(printed.empty());
}

TEST_CASE("xpath and xpath_count assertions pass and fail with expected and actual", "[xpath][assertion]") {
  const ExchangeLog xml = response(kXml, "application/xml");
  const ExchangeLog html = response(kHtml, "text/html; charset=utf-8");
  using S = AssertSubject;
  using O = AssertOp;
  struct Case {
    const ExchangeLog* log;
    AssertSubject subject;
    const char* path;
    AssertOp op;
    const char* expected;
    bool passes;
    const char* actual;
  };
  const std::vector<Case> cases = {
      {&xml, S::xpath, "//book[@id='1']/title", O::eq, "\"TCP/IP Illustrated\"", true, "\"TCP/IP Illustrated\""},
      {&xml, S::xpath, "//book[@id='1']/title", O::eq, "\"Other\"", false, "\"TCP/IP Illustrated\""},
      {&xml, S::xpath, "//book[@id='1']/pages", O::eq, "576", true, "\"576\""},  // text read as a number
      {&xml, S::xpath, "//book[@id='1']/pages", O::gt, "600", false, "\"576\""},
      {&xml, S::xpath, "//book[@id='1']/pages", O::in_range, "[500, 600]", true, "\"576\""},
      {&xml, S::xpath, "string(//book[3]/title)", O::eq, "\"Réseaux\"", true, "\"Réseaux\""},
      {&xml, S::xpath, "count(//book)", O::eq, "3", true, "3"},
      {&xml, S::xpath, "count(//book)", O::eq, "\"3\"", true, "3"},  // against a string: its text
      {&xml, S::xpath, "count(//book)", O::ge, "4", false, "3"},
      {&xml, S::xpath, "boolean(//book[@lang='fr'])", O::eq, "true", true, "true"},
      {&xml, S::xpath, "boolean(//book[@lang='de'])", O::eq, "true", false, "false"},
      {&xml, S::xpath, "//book[@lang='fr']", O::exists, "", true, "1 node"},
      {&xml, S::xpath, "//book[@lang='de']", O::exists, "", false, "absent"},
      {&xml, S::xpath, "//book[@lang='de']", O::not_exists, "", true, "absent"},
      {&xml, S::xpath, "//book[2]/title", O::contains, "\"Browser\"", true, "\"High Performance Browser Networking\""},
      {&xml, S::xpath, "//book[2]/title", O::matches, "\"^High .*ing$\"", true, "\"High Performance Browser Networking\""},
      {&xml, S::xpath, "//book[2]/title", O::starts_with, "\"Low\"", false, "\"High Performance Browser Networking\""},
      {&xml, S::xpath_count, "//book", O::eq, "3", true, "3 nodes"},
      {&xml, S::xpath_count, "//book[@lang='en']", O::eq, "1", false, "2 nodes"},
      {&html, S::xpath, "string(//title)", O::eq, "\"Wirepad lab\"", true, "\"Wirepad lab\""},
      {&html, S::xpath, "//h1", O::eq, "\"Hello\"", true, "\"Hello\""},
      {&html, S::xpath, "//h1", O::eq, "\"Bye\"", false, "\"Hello\""},
      {&html, S::xpath_count, "//ul[@id='links']/li", O::eq, "2", true, "2 nodes"},
      {&html, S::xpath_count, "//li", O::gt, "2", false, "2 nodes"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    CAPTURE(i, c.path, c.expected);
    AssertionResult r = one(make(c.subject, c.op, c.expected, c.path), *c.log);
    CAPTURE(r.message);
    CHECK(r.passed == c.passes);
    CHECK(r.actual == c.actual);
    if (!c.passes) CHECK_THAT(r.message, Catch::StartsWith("expected " + std::string(to_string(c.subject)) + " " + c.path));
  }
  // Several nodes for a comparison; a count of something that is not a node set.
  AssertionResult several = one(make(S::xpath, O::eq, "\"x\"", "//book/title"), xml);
  CHECK_FALSE(several.passed);
  CHECK(several.actual == "3 nodes (\"TCP/IP Illustrated\", \"High Performance Browser Networking\", ...)");
  CHECK_THAT(several.message, Catch::EndsWith("a comparison needs exactly one node: narrow the expression, or assert xpath_count"));
  AssertionResult not_nodes = one(make(S::xpath_count, O::eq, "3", "count(//book)"), xml);
  CHECK_FALSE(not_nodes.passed);
  CHECK_THAT(not_nodes.message, Catch::Contains("xpath_count counts the nodes of a node set, and count(//book) gives a number"));
  // Text that is not a number against a number.
  AssertionResult nan = one(make(S::xpath, O::eq, "1", "//book[1]/title"), xml);
  CHECK_FALSE(nan.passed);
  CHECK_THAT(nan.message, Catch::EndsWith("\"TCP/IP Illustrated\" is not a number"));
  // A body that is neither, and one that is empty.
  AssertionResult empty = one(make(S::xpath, O::exists, "", "//p"), response("", "text/plain"));
  CHECK_FALSE(empty.passed);
  CHECK(empty.actual == "not XML or HTML");
  CHECK_THAT(empty.message, Catch::EndsWith("the body is empty, not XML or HTML"));
  // An XML-looking body that did not parse: nothing found says it was read as HTML.
  AssertionResult broken = one(make(S::xpath, O::exists, "", "/a/b"), response("<a><b></a>", "application/xml"));
  CHECK_FALSE(broken.passed);
  CHECK_THAT(broken.message, Catch::Contains("read as HTML: it is not well-formed XML"));
  // {{variables}} in the expression and the expected value.
  Environment env;
  set_variable(env, "id", "2", false);
  set_variable(env, "pages", "400", false);
  AssertionResult templated = one(make(S::xpath, O::eq, "\"{{pages}}\"", "//book[@id='{{id}}']/pages"), xml, &env);
  CHECK(templated.passed);
  AssertionResult unknown = one(make(S::xpath, O::eq, "1", "//book[@id='{{nope}}']"), xml, &env);
  CHECK_FALSE(unknown.passed);
  CHECK_THAT(unknown.message, Catch::Contains("nope"));
}

TEST_CASE("xpath assertions refused when read: the expression, the operator, the value", "[xpath][assertion]") {
  auto refused = [](AssertSubject s, AssertOp op, const std::string& expected, const std::string& path) {
    Assertion a;
    a.subject = s;
    a.op = op;
    a.expected = expected;
    a.selector = path;
    Error e = validate_assertion(a);
    REQUIRE(e);
    return e.message;
  };
  using S = AssertSubject;
  using O = AssertOp;
  CHECK_THAT(refused(S::xpath, O::eq, "\"x\"", "//p["), Catch::StartsWith("path: invalid XPath //p[: the expression is not valid here"));
  CHECK_THAT(refused(S::xpath, O::eq, "\"x\"", ""), Catch::Contains("needs \"path\""));
  CHECK_THAT(refused(S::xpath, O::type, "\"string\"", "//p"), Catch::Contains("which xpath does not take"));
  CHECK_THAT(refused(S::xpath, O::contains, "3", "//p"), Catch::Contains("takes a string value"));
  CHECK_THAT(refused(S::xpath, O::eq, "[1]", "//p"), Catch::Contains("text, a number or a boolean"));
  CHECK_THAT(refused(S::xpath_count, O::eq, "\"2\"", "//p"), Catch::Contains("xpath_count is a number"));
  CHECK_THAT(refused(S::xpath_count, O::contains, "\"2\"", "//p"), Catch::Contains("which xpath_count does not take"));
  CHECK_THAT(refused(S::cert_days, O::gt, "\"30\"", ""), Catch::Contains("cert_days is a number"));
  // A {{variable}} in the expression is checked when it is filled.
  Assertion later = make(S::xpath, O::exists, "", "//p[{{n}}");
  CHECK(later.selector == "//p[{{n}}");
}

TEST_CASE("cert_days: whole days from the exchange's start to the certificate's not-after", "[cert_days][assertion]") {
  auto tls_log = [](std::int64_t started_unix_ms, const std::string& not_after) {
    ExchangeLog log = response("ok", "text/plain");
    log.target_url = "https://127.0.0.1/x";
    log.started_unix_ms = started_unix_ms;
    TlsFacts facts;
    facts.version = "TLSv1.3";
    CertificateInfo leaf;
    leaf.subject = "CN=localhost";
    leaf.not_after = not_after;
    facts.certificates.push_back(leaf);
    log.tls = facts;
    return log;
  };
  // 2026-12-07 12:00:00 UTC = 1796644800000 ms.
  const std::int64_t start = 1796644800000;
  using S = AssertSubject;
  using O = AssertOp;
  AssertionResult thirty = one(make(S::cert_days, O::eq, "30", ""), tls_log(start, "2027-01-06 12:00:00 UTC"));
  CHECK(thirty.passed);
  CHECK(thirty.actual == "30 days (not after 2027-01-06 12:00:00 UTC)");
  // A second short of 30 days is 29; the day it expires is 0; an hour past it is -1.
  CHECK(one(make(S::cert_days, O::eq, "29", ""), tls_log(start, "2027-01-06 11:59:59 UTC")).passed);
  CHECK(one(make(S::cert_days, O::eq, "0", ""), tls_log(start, "2026-12-07 13:00:00 UTC")).passed);
  AssertionResult expired = one(make(S::cert_days, O::gt, "0", ""), tls_log(start, "2026-12-07 11:00:00 UTC"));
  CHECK_FALSE(expired.passed);
  CHECK(expired.actual == "-1 day (not after 2026-12-07 11:00:00 UTC)");
  CHECK(expired.message == "expected cert_days > 0, but it is -1 day (not after 2026-12-07 11:00:00 UTC)");
  CHECK(one(make(S::cert_days, O::eq, "-366", ""), tls_log(start, "2025-12-06 12:00:00 UTC")).passed);
  CHECK(one(make(S::cert_days, O::eq, "1180", ""), tls_log(start, "2030-03-01 12:00:00 UTC")).passed);  // Feb 29, 2028 counted
  // Plain HTTP: no TLS, said so.
  AssertionResult plain = one(make(S::cert_days, O::gt, "30", ""), response("ok", "text/plain"));
  CHECK_FALSE(plain.passed);
  CHECK(plain.actual == "(no TLS)");
  CHECK(plain.message == "expected cert_days > 30, but it is (no TLS): there was no TLS: http://127.0.0.1/x is plain HTTP, "
                         "so there is no certificate");
  // The start time not recorded (a log built by hand, an old history record).
  CHECK_THAT(one(make(S::cert_days, O::gt, "0", ""), tls_log(0, "2027-01-06 12:00:00 UTC")).message,
             Catch::Contains("start time was not recorded"));
  CHECK_THAT(one(make(S::cert_days, O::gt, "0", ""), tls_log(start, "Jan 6 2027")).message, Catch::Contains("not a date"));
  // The handshake happened and the response did not come: the certificate is still known.
  ExchangeLog no_response = tls_log(start, "2027-01-06 12:00:00 UTC");
  no_response.has_response_head = false;
  no_response.phase = Phase::failed;
  no_response.error = make_error(ErrorCode::first_byte_timeout, "no first byte");
  CHECK(one(make(S::cert_days, O::ge, "30", ""), no_response).passed);
}

TEST_CASE("capture from xpath: one node's text, or a string, number or boolean", "[xpath][capture]") {
  const ExchangeLog xml = response(kXml, "application/xml");
  auto capture = [](const std::string& variable, const std::string& path) {
    Capture c;
    c.variable = variable;
    c.from = CaptureSource::xpath;
    c.selector = path;
    REQUIRE_FALSE(validate_capture(c));
    return c;
  };
  Environment env;
  std::vector<CaptureResult> r = evaluate_captures({capture("title", "//book[@id='3']/title"), capture("n", "count(//book)"),
                                                    capture("first", "string(//title)"), capture("fr", "boolean(//book[@lang='fr'])"),
                                                    capture("all", "//title"), capture("none", "//nothing")},
                                                   record_of({xml}), &env);
  REQUIRE(r.size() == 6);
  CHECK(r[0].ok);
  CHECK(r[0].value == "Réseaux");
  CHECK(r[1].value == "3");
  CHECK(r[2].value == "TCP/IP Illustrated");
  CHECK(r[3].value == "true");
  CHECK_FALSE(r[4].ok);
  CHECK(r[4].message == "capture all from xpath //title: //title selected 3 nodes; a capture takes one (or string(...) of the first)");
  CHECK_FALSE(r[5].ok);
  CHECK(r[5].message == "capture none from xpath //nothing: //nothing selected nothing in the body");
  CHECK(env.find("title")->value == "Réseaux");
  CHECK(env.find("n")->value == "3");
  Capture bad;
  bad.variable = "x";
  bad.from = CaptureSource::xpath;
  bad.selector = "//p[";
  CHECK_THAT(validate_capture(bad).message, Catch::StartsWith("path: invalid XPath //p["));
  CHECK(describe(capture("t", "string(//title)")) == "t from xpath string(//title)");
}

TEST_CASE("the test object reads and writes xpath, xpath_count, cert_days and xpath captures", "[xpath][test_spec]") {
  const std::string text = R"x({"wirepad": 4, "kind": "http", "name": "x", "request": {"method": "GET", "url": "https://h/"},
    "test": {"assert": [{"subject": "xpath", "path": "string(//title)", "op": "==", "value": "Lab"},
                        {"subject": "xpath_count", "path": "//li", "op": ">=", "value": 2},
                        {"subject": "cert_days", "op": ">", "value": 30}],
             "capture": [{"variable": "t", "from": "xpath", "path": "string(//h1)"}]}})x";
  Result<Experiment> e = parse_experiment(text);
  INFO((e ? std::string() : e.error().message));
  REQUIRE(e);
  REQUIRE(e->test.assertions.size() == 3);
  CHECK(e->test.assertions[0].subject == AssertSubject::xpath);
  CHECK(e->test.assertions[0].selector == "string(//title)");
  CHECK(e->test.assertions[1].subject == AssertSubject::xpath_count);
  CHECK(e->test.assertions[2].subject == AssertSubject::cert_days);
  REQUIRE(e->test.captures.size() == 1);
  CHECK(e->test.captures[0].from == CaptureSource::xpath);
  const std::string written = serialize_experiment(e.value());
  CHECK_THAT(written, Catch::Contains(R"("subject": "xpath",)") && Catch::Contains(R"x("path": "string(//title)")x") &&
                          Catch::Contains(R"("from": "xpath")"));
  Result<Experiment> again = parse_experiment(written);
  REQUIRE(again);
  CHECK(again.value() == e.value());

  auto error = [](const std::string& test_json) {
    Result<Experiment> r = parse_experiment(R"({"wirepad": 4, "request": {"url": "http://h/"}, "test": )" + test_json + "}");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK_THAT(error(R"({"assert": [{"subject": "xpath", "path": "//p[", "op": "exists"}]})"),
             Catch::Contains("test.assert[0] (xpath //p[ exists) path: invalid XPath //p[: the expression is not valid here at position 4"));
  CHECK_THAT(error(R"({"assert": [{"subject": "xpath", "name": "x", "op": "exists"}]})"), Catch::Contains("needs \"path\""));
  CHECK_THAT(error(R"({"assert": [{"subject": "cert_days", "path": "//p", "op": ">", "value": 1}]})"),
             Catch::Contains("cert_days takes no \"name\" or \"path\""));
  CHECK_THAT(error(R"({"capture": [{"variable": "x", "from": "xpath", "name": "y"}]})"),
             Catch::Contains("test.capture[0].name does not go with from \"xpath\" (it takes \"path\")"));
  CHECK_THAT(error(R"x({"capture": [{"variable": "x", "from": "xpath", "path": "nosuch()"}]})x"),
             Catch::Contains("XPath 1.0 has no function of that name"));
}
