// shared/regex.h (PCRE2) and every caller of it with a 1 MiB subject that libstdc++'s
// std::regex, used before, could not survive: `(x|y)+$` recursed once per character and
// overflowed the stack (a crash) from about 20 kB. Each caller gives an error or a result.
// The native callers (the socket lab's --expect-regex, `wirepad ws --expect-regex`) are run
// against real peers in tests/native (socket_lab_test.cpp, ws_peer_test.cpp).
#include <catch2/catch.hpp>

#include "shared/assertion.h"
#include "shared/capture.h"
#include "shared/jsonpath.h"
#include "shared/regex.h"
#include "shared/socket_session.h"

using namespace wirepad;

namespace {

const std::string kMiB(1u << 20, 'x');
const char* kHostile = "(x|y)+$";

ExchangeLog response_with(std::string body) {
  ExchangeLog log;
  log.phase = Phase::done;
  log.has_response_head = true;
  log.request.method = "GET";
  log.target_url = "http://127.0.0.1/x";
  log.response.status = 200;
  log.response.reason = "OK";
  log.response.body = std::move(body);
  return log;
}

}  // namespace

TEST_CASE("regex: ECMAScript syntax as JavaScript reads it, groups and errors with a position", "[regex]") {
  Result<Regex> re = Regex::compile("id=(\\d+)(x)?");
  REQUIRE(re);
  CHECK(re->group_count() == 2);
  Result<std::optional<RegexMatch>> m = re->search("a id=42;");
  REQUIRE(m);
  REQUIRE(m->has_value());
  CHECK((*m)->begin() == 2);
  CHECK((*m)->end() == 7);
  CHECK((*m)->group("a id=42;", 1) == "42");
  CHECK_FALSE((*m)->groups[2]);  // took no part
  // `$` is the very end, not before a final newline (PCRE2's Perl default).
  REQUIRE(Regex::compile("a$"));
  CHECK_FALSE(Regex::compile("a$")->search("a\n")->has_value());
  CHECK(Regex::compile("\\u0041")->search("A")->has_value());  // JavaScript's \u escape
  CHECK(Regex::compile("^x+$")->match_whole("xxx").value());
  CHECK_FALSE(Regex::compile("x")->match_whole("xx").value());
  // Bytes, not UTF-8: '.' is one byte.
  CHECK(Regex::compile("^..$")->search("\xC3\xA9")->has_value());

  Result<Regex> bad = Regex::compile("a(b");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::StartsWith("/a(b/ is not a regular expression: ") && Catch::Contains("offset 3"));
  CHECK(bad.error().offset == 3);
}

TEST_CASE("regex: (x|y)+$ over 1 MiB is an error or a result, never a crash", "[regex][large]") {
  Result<Regex> re = Regex::compile(kHostile);
  REQUIRE(re);
  Result<std::optional<RegexMatch>> m = re->search(kMiB);
  if (m) {
    CHECK(m->has_value());
  } else {
    CHECK_THAT(m.error().message, Catch::Contains("needs more backtracking than Wirepad allows on these 1048576 bytes"));
  }
  // A pattern without alternating repeats runs through a megabyte at once.
  Result<std::optional<RegexMatch>> plain = Regex::compile("[xy]+$")->search(kMiB);
  REQUIRE(plain);
  REQUIRE(plain->has_value());
  CHECK((*plain)->end() == kMiB.size());
}

TEST_CASE("regex callers: assertions and captures over a 1 MiB body, (x|y)+$", "[regex][assertion][capture][large]") {
  const std::vector<ExchangeLog> hops = {response_with(kMiB)};  // the record points into them
  RecordedExchange record = record_of(hops);
  for (AssertOp op : {AssertOp::matches, AssertOp::not_matches}) {
    Assertion a;
    a.subject = AssertSubject::body;
    a.op = op;
    a.expected = "\"(x|y)+$\"";
    REQUIRE_FALSE(validate_assertion(a));
    std::vector<AssertionResult> r = evaluate_assertions({a}, record, nullptr);
    REQUIRE(r.size() == 1);
    // matches: passes (a result) or fails saying why (an error); not_matches never passes
    // on a body the pattern matches or could not be run over.
    if (op == AssertOp::not_matches) CHECK_FALSE(r[0].passed);
    if (!r[0].passed) CHECK_THAT(r[0].message, Catch::Contains("backtracking") || Catch::Contains("matching"));
  }
  Capture c;
  c.variable = "v";
  c.from = CaptureSource::regex;
  c.selector = "(x|y)+$";
  c.group = 1;
  REQUIRE_FALSE(validate_capture(c));
  std::vector<CaptureResult> r = evaluate_captures({c}, record, nullptr);
  REQUIRE(r.size() == 1);
  if (r[0].ok) CHECK(r[0].value == "x");
  else CHECK_THAT(r[0].message, Catch::Contains("needs more backtracking"));
  // The whole body is searched now (std::regex looked at the first 256 KiB only).
  c.selector = "(y)";
  const std::vector<ExchangeLog> with_y = {response_with(kMiB + "y")};
  r = evaluate_captures({c}, record_of(with_y), nullptr);
  REQUIRE(r.size() == 1);
  CHECK(r[0].ok);
  CHECK(r[0].value == "y");
}

TEST_CASE("regex callers: JSONPath match() and search() over a 1 MiB string", "[regex][jsonpath][large]") {
  jsonpath::Json doc = jsonpath::Json::array({jsonpath::Json::object({{"s", kMiB}})});
  for (const char* query : {"$[?match(@.s, '(x|y)+')]", "$[?search(@.s, '(x|y)+$')]"}) {
    CAPTURE(query);
    Result<jsonpath::Query> q = jsonpath::parse(query);
    REQUIRE(q);
    std::vector<jsonpath::Node> nodes = q->select(doc);
    CHECK(nodes.size() <= 1);  // selected, or not (past the bounds the function is false)
  }
  Result<jsonpath::Query> fine = jsonpath::parse("$[?match(@.s, 'x+')]");
  REQUIRE(fine);
  CHECK(fine->select(doc).size() == 1);
}

TEST_CASE("regex callers: a socket expect regex over 1 MiB received, (x|y)+$", "[regex][socket][large]") {
  Endpoint e;
  e.protocol = Protocol::tcp;
  e.host = "127.0.0.1";
  e.port = 9000;
  SocketStep expect{StepKind::expect, kHostile, 5, true};
  auto session = SocketSession::create(e, {SocketStep{StepKind::connect, {}, 5}, expect, SocketStep{StepKind::close, {}, 5}});
  REQUIRE(session);
  SocketSession& s = *session;
  s.start(100);
  s.mark_opened();
  s.on_resolved("127.0.0.1:9000", 100.1);
  s.on_connected(100.2);
  s.on_data(kMiB, 100.3);
  if (s.log().error) {
    CHECK(s.log().error.code == ErrorCode::invalid_request);
    CHECK_THAT(s.log().error.message, Catch::StartsWith("step 2") && Catch::Contains("needs more backtracking"));
  } else {
    CHECK(s.log().steps_done == 3);
  }
  // A bad pattern is refused before anything runs, naming the step.
  auto bad = SocketSession::create(e, {SocketStep{StepKind::connect, {}, 5}, SocketStep{StepKind::expect, "a(", 5, true}});
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::Contains("is not a regular expression"));
}
