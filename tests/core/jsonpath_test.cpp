// JSONPath (shared/jsonpath.h) against the examples of RFC 9535: the bookstore of §1.5, each
// selector's examples (§2.3), the comparison table (§2.3.5.2), the function well-typedness
// examples (§2.4.3), child and descendant segments (§2.5), null semantics (§2.6) and
// Normalized Paths (§2.7). Documents and queries are the RFC's; expected node lists were
// worked out from its rules and checked against the RFC's tables.
#include <catch2/catch.hpp>

#include "shared/jsonpath.h"

using namespace wirepad;
using Json = jsonpath::Json;

namespace {

Json select_values(const std::string& query, const Json& doc) {
  Result<jsonpath::Query> q = jsonpath::parse(query);
  INFO(query << ": " << (q ? std::string() : q.error().message));
  REQUIRE(q.ok());
  Json out = Json::array();
  for (const jsonpath::Node& n : q->select(doc)) out.push_back(*n.value);
  return out;
}

std::vector<std::string> select_paths(const std::string& query, const Json& doc) {
  Result<jsonpath::Query> q = jsonpath::parse(query);
  REQUIRE(q.ok());
  std::vector<std::string> out;
  for (const jsonpath::Node& n : q->select(doc)) out.push_back(n.path);
  return out;
}

void check(const Json& doc, const std::string& query, const char* expected) {
  CAPTURE(query);
  Json got = select_values(query, doc);
  Json want = Json::parse(expected);
  CHECK(got.dump() == want.dump());
}

const char* kBookstore = R"({"store": {
  "book": [
    {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
    {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
    {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
    {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99}
  ],
  "bicycle": {"color": "red", "price": 399}}})";

}  // namespace

TEST_CASE("RFC 9535 §1.5: the bookstore queries", "[jsonpath][rfc9535]") {
  Json doc = Json::parse(kBookstore);
  check(doc, "$.store.book[*].author", R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])");
  check(doc, "$..author", R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])");
  CHECK(select_values("$.store.*", doc).size() == 2);
  check(doc, "$.store..price", "[8.95,12.99,8.99,22.99,399]");
  check(doc, "$..book[2].author", R"(["Herman Melville"])");
  check(doc, "$..book[2].publisher", "[]");
  check(doc, "$..book[-1].title", R"(["The Lord of the Rings"])");
  check(doc, "$..book[0,1].title", R"(["Sayings of the Century","Sword of Honour"])");
  check(doc, "$..book[:2].title", R"(["Sayings of the Century","Sword of Honour"])");
  check(doc, "$..book[?@.isbn].title", R"(["Moby Dick","The Lord of the Rings"])");
  check(doc, "$..book[?@.price<10].title", R"(["Sayings of the Century","Moby Dick"])");
  // $..*: store, book, bicycle, 4 books, 18 book members, 2 bicycle members.
  CHECK(select_values("$..*", doc).size() == 27);
  CHECK(select_paths("$..book[2].author", doc) == std::vector<std::string>{"$['store']['book'][2]['author']"});
}

TEST_CASE("RFC 9535 §2.3.1-2.3.4: name, wildcard, index and slice selectors", "[jsonpath][rfc9535]") {
  Json names = Json::parse(R"({"o": {"j j": {"k.k": 3}}, "'": {"@": 2}})");
  check(names, "$.o['j j']", R"([{"k.k": 3}])");
  check(names, "$.o['j j']['k.k']", "[3]");
  check(names, R"($.o["j j"]["k.k"])", "[3]");
  check(names, R"($["'"]["@"])", "[2]");

  Json wild = Json::parse(R"({"o": {"j": 1, "k": 2}, "a": [5, 3]})");
  check(wild, "$[*]", R"([{"j": 1, "k": 2}, [5, 3]])");
  check(wild, "$.o[*]", "[1, 2]");
  check(wild, "$.o[*, *]", "[1, 2, 1, 2]");
  check(wild, "$.a[*]", "[5, 3]");

  Json ab = Json::parse(R"(["a", "b"])");
  check(ab, "$[1]", R"(["b"])");
  check(ab, "$[-2]", R"(["a"])");
  check(ab, "$[2]", "[]");

  Json letters = Json::parse(R"(["a", "b", "c", "d", "e", "f", "g"])");
  check(letters, "$[1:3]", R"(["b", "c"])");
  check(letters, "$[5:]", R"(["f", "g"])");
  check(letters, "$[1:5:2]", R"(["b", "d"])");
  check(letters, "$[5:1:-2]", R"(["f", "d"])");
  check(letters, "$[::-1]", R"(["g", "f", "e", "d", "c", "b", "a"])");
  check(letters, "$[::0]", "[]");  // §2.3.4.2.2: step 0 selects nothing
  check(letters, "$[-100:100]", R"(["a", "b", "c", "d", "e", "f", "g"])");
}

TEST_CASE("RFC 9535 §2.3.5.3: filter selectors", "[jsonpath][rfc9535]") {
  Json doc = Json::parse(R"({"a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
                             "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}}, "e": "f"})");
  check(doc, "$.a[?@.b == 'kilo']", R"([{"b": "kilo"}])");
  check(doc, "$.a[?(@.b == 'kilo')]", R"([{"b": "kilo"}])");
  check(doc, "$.a[?@>3.5]", "[5, 4, 6]");
  check(doc, "$.a[?@.b]", R"([{"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}])");
  CHECK(select_paths("$[?@.*]", doc) == std::vector<std::string>{"$['a']", "$['o']"});
  CHECK(select_paths("$[?@[?@.b]]", doc) == std::vector<std::string>{"$['a']"});
  check(doc, "$.o[?@<3, ?@<3]", "[1, 2, 1, 2]");
  check(doc, R"($.a[?@<2 || @.b == "k"])", R"([1, {"b": "k"}])");
  check(doc, R"($.a[?match(@.b, "[jk]")])", R"([{"b": "j"}, {"b": "k"}])");
  check(doc, R"($.a[?search(@.b, "[jk]")])", R"([{"b": "j"}, {"b": "k"}, {"b": "kilo"}])");
  check(doc, "$.o[?@>1 && @<4]", "[2, 3]");
  check(doc, "$.o[?@.u || @.x]", R"([{"u": 6}])");
  check(doc, "$.a[?@.b == $.x]", "[3, 5, 1, 2, 4, 6]");  // Nothing == Nothing
  CHECK(select_values("$.a[?@ == @]", doc).size() == 10);
  check(doc, "$.a[?!@.b]", "[3, 5, 1, 2, 4, 6]");
}

TEST_CASE("RFC 9535 §2.3.5.2: the comparison table", "[jsonpath][rfc9535]") {
  // The comparisons do not look at @, so $[?(...)] selects both members or none.
  Json doc = Json::parse(R"({"obj": {"x": "y"}, "arr": [2, 3]})");
  auto truth = [&](const std::string& comparison) { return select_values("$[?(" + comparison + ")]", doc).size() == 2; };
  const std::vector<std::pair<const char*, bool>> table = {
      {"$.absent1 == $.absent2", true}, {"$.absent1 <= $.absent2", true}, {"$.absent == 'g'", false},
      {"$.absent1 != $.absent2", false}, {"$.absent != 'g'", true},      {"1 <= 2", true},
      {"1 > 2", false},                 {"13 == '13'", false},          {"'a' <= 'b'", true},
      {"'a' > 'b'", false},             {"$.obj == $.arr", false},      {"$.obj != $.arr", true},
      {"$.obj == $.obj", true},         {"$.obj != $.obj", false},      {"$.arr == $.arr", true},
      {"$.arr != $.arr", false},        {"$.obj == 17", false},         {"$.obj != 17", true},
      {"$.obj <= $.arr", false},        {"$.obj < $.arr", false},       {"$.obj <= $.obj", true},
      {"$.arr <= $.arr", true},         {"1 <= $.arr", false},          {"1 >= $.arr", false},
      {"1 > $.arr", false},             {"1 < $.arr", false},           {"true <= true", true},
      {"true > true", false},           {"1 == 1.0", true},
  };
  for (std::size_t i = 0; i < table.size(); ++i) {
    CAPTURE(table[i].first);
    CHECK(truth(table[i].first) == table[i].second);
  }
}

TEST_CASE("RFC 9535 §2.4: functions and their well-typedness", "[jsonpath][rfc9535]") {
  const std::vector<std::pair<const char*, bool>> typed = {
      {"$[?length(@) < 3]", true},
      {"$[?length(@.*) < 3]", false},
      {"$[?count(@.*) == 1]", true},
      {"$[?count(1) == 1]", false},
      {"$[?match(@.timezone, 'Europe/.*')]", true},
      {"$[?match(@.timezone, 'Europe/.*') == true]", false},
      {"$[?value(@..color) == \"red\"]", true},
      {"$[?value(@..color)]", false},
      {"$[?length(@)]", false},
      {"$[?nosuch(@)]", false},
  };
  for (const auto& [query, ok] : typed) {
    CAPTURE(query);
    Result<jsonpath::Query> q = jsonpath::parse(query);
    CHECK(q.ok() == ok);
    if (!q.ok()) CHECK(q.error().message.find("invalid JSONPath") == 0);
  }
  Json doc = Json::parse(R"([{"tz": "Europe/Berlin", "tags": ["a", "b"], "name": "\u00e9t\u00e9"},
                             {"tz": "America/Lima", "tags": [], "name": "x"}])");
  check(doc, "$[?match(@.tz, 'Europe/.*')].tz", R"(["Europe/Berlin"])");
  check(doc, "$[?search(@.tz, 'Lim')].tz", R"(["America/Lima"])");
  check(doc, "$[?match(@.tz, 'Lim')].tz", "[]");  // match() is anchored at both ends
  check(doc, "$[?count(@.tags[*]) == 2].tz", R"(["Europe/Berlin"])");
  check(doc, "$[?length(@.name) == 3].tz", R"(["Europe/Berlin"])");  // Unicode scalar values, not bytes
  check(doc, "$[?value(@.tags[0]) == 'a'].tz", R"(["Europe/Berlin"])");
  check(doc, "$[?match(@.tz, '[')]", "[]");  // a regex that does not compile: false, not an error
}

TEST_CASE("RFC 9535 §2.5: child and descendant segments", "[jsonpath][rfc9535]") {
  Json letters = Json::parse(R"(["a", "b", "c", "d", "e", "f", "g"])");
  check(letters, "$[0, 3]", R"(["a", "d"])");
  check(letters, "$[0:2, 5]", R"(["a", "b", "f"])");
  check(letters, "$[0, 0]", R"(["a", "a"])");

  Json doc = Json::parse(R"({"o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]]})");
  check(doc, "$..j", "[1, 4]");
  check(doc, "$..[0]", R"([5, {"j": 4}])");
  check(doc, "$..[*]", R"([{"j": 1, "k": 2}, [5, 3, [{"j": 4}, {"k": 6}]], 1, 2, 5, 3, [{"j": 4}, {"k": 6}], {"j": 4}, {"k": 6}, 4, 6])");
  check(doc, "$..*", R"([{"j": 1, "k": 2}, [5, 3, [{"j": 4}, {"k": 6}]], 1, 2, 5, 3, [{"j": 4}, {"k": 6}], {"j": 4}, {"k": 6}, 4, 6])");
  check(doc, "$..o", R"([{"j": 1, "k": 2}])");
  check(doc, "$.o..[*, *]", "[1, 2, 1, 2]");
  check(doc, "$.a..[0, 1]", R"([5, 3, {"j": 4}, {"k": 6}])");
}

TEST_CASE("RFC 9535 §2.6 and §2.7: null and Normalized Paths", "[jsonpath][rfc9535]") {
  Json doc = Json::parse(R"({"a": null, "b": [null], "c": [{}], "null": 1})");
  check(doc, "$.a", "[null]");
  check(doc, "$.a[0]", "[]");
  check(doc, "$.a.d", "[]");
  check(doc, "$.b[0]", "[null]");
  check(doc, "$.b[*]", "[null]");
  check(doc, "$.b[?@]", "[null]");
  check(doc, "$.b[?@==null]", "[null]");
  check(doc, "$.c[?@.d==null]", "[]");
  check(doc, "$.null", "[1]");

  Json paths = Json::parse(R"({"a": {"b": [0, 1]}, "\u000b": 1, "l": [0, 1, 2, 3], "q'": 2})");
  CHECK(select_paths("$.a", paths) == std::vector<std::string>{"$['a']"});
  CHECK(select_paths("$.l[-3]", paths) == std::vector<std::string>{"$['l'][1]"});
  CHECK(select_paths("$.a.b[1:2]", paths) == std::vector<std::string>{"$['a']['b'][1]"});
  CHECK(select_paths(R"($["\u000B"])", paths) == std::vector<std::string>{"$['\\u000b']"});
  CHECK(select_paths(R"($["\u0061"])", paths) == std::vector<std::string>{"$['a']"});
  CHECK(select_paths(R"($["q'"])", paths) == std::vector<std::string>{"$['q\\'']"});
}

TEST_CASE("invalid queries are refused with the position and what was expected", "[jsonpath]") {
  struct Bad {
    const char* query;
    std::int64_t position;
    const char* says;
  };
  const std::vector<Bad> bad = {
      {"", 0, "starts with '$'"},
      {"store.book", 0, "starts with '$'"},
      {"$.", 2, "expected a member name or '*'"},
      {"$. a", 2, "no space is allowed after '.'"},
      {"$[1", 3, "expected ',' or ']'"},
      {"$['a", 2, "the string is not closed"},
      {"$[01]", 2, "leading zeros"},
      {"$[-0]", 2, "\"-0\" is not an integer"},
      {"$[9007199254740992]", 2, "out of range"},
      {"$[?@.a == ]", 10, "expected a query (@ or $), a literal or a function, not ']'"},
      {"$[?@.* == 1]", 3, "singular query"},
      {"$[?1]", 3, "a literal is not a test"},
      {"$[?!@.a == 1]", 3, "'!' binds tighter"},
      {"$[?foo(@)]", 3, "unknown function foo()"},
      {"$[?length(@, @)==1]", 3, "takes 1 argument, not 2"},
      {"$['\\x']", 3, "unknown escape"},
      {"$[\"\\'\"]", 3, "is not an escape inside double quotes"},
      {"$['\\ud800']", 9, "a high surrogate must be followed by a low one"},
      {"$.a)", 3, "unexpected ')'"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.query);
    Result<jsonpath::Query> q = jsonpath::parse(b.query);
    REQUIRE_FALSE(q.ok());
    CHECK(q.error().code == ErrorCode::invalid_experiment);
    CHECK_THAT(q.error().message, Catch::Contains(b.says));
    CHECK_THAT(q.error().message, Catch::Contains("at position " + std::to_string(b.position)));
  }
  // Nesting is bounded, so a hostile query cannot exhaust the stack.
  std::string deep = "$[?" + std::string(200, '(') + "@" + std::string(200, ')') + "]";
  Result<jsonpath::Query> q = jsonpath::parse(deep);
  REQUIRE_FALSE(q.ok());
  CHECK_THAT(q.error().message, Catch::Contains("deeper than 64"));
}

TEST_CASE("deep_equal: member order does not matter, 1 equals 1.0", "[jsonpath]") {
  CHECK(jsonpath::deep_equal(Json::parse(R"({"a":1,"b":[1,2]})"), Json::parse(R"({"b":[1,2.0],"a":1.0})")));
  CHECK_FALSE(jsonpath::deep_equal(Json::parse("[1,2]"), Json::parse("[2,1]")));
  CHECK_FALSE(jsonpath::deep_equal(Json::parse("\"1\""), Json::parse("1")));
  CHECK(jsonpath::parse("$.a[0]")->singular());
  CHECK_FALSE(jsonpath::parse("$.a[*]")->singular());
  CHECK_FALSE(jsonpath::parse("$..a")->singular());
}
