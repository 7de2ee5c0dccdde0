// ui: the response viewers' pure parts: find, the JSON tree's paths and parsing.
#include <catch2/catch.hpp>
#include <string>

#include "ui/json_tree.h"
#include "ui/text_search.h"

using namespace wirepad::ui;
using Offsets = std::vector<std::size_t>;

TEST_CASE("find_all finds every match, case-insensitive by default", "[ui][find]") {
  std::string text = "Hello, World! hello again, HELLO.";
  CHECK(find_all(text, "hello", false) == Offsets{0, 14, 27});
  CHECK(find_all(text, "hello", true) == Offsets{14});
  CHECK(find_all(text, "Hello", true) == Offsets{0});
  CHECK(find_all(text, "", false).empty());
  CHECK(find_all(text, "absent", false).empty());
  CHECK(find_all("aaaa", "aa", false) == Offsets{0, 1, 2});  // overlapping matches count
  CHECK(find_all("ab", "abc", false).empty());
  CHECK(find_all("x1y1z1", "1", false, 2) == Offsets{1, 3});  // stops at the limit
}

TEST_CASE("find_all agrees with a naive search on mixed-case text", "[ui][find]") {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += (i % 7 == 0) ? "Ab" : (i % 5 == 0 ? "aB" : "xa");
  Offsets naive;
  for (std::size_t i = 0; i + 2 <= text.size(); ++i) {
    char a = char(std::tolower(static_cast<unsigned char>(text[i])));
    char b = char(std::tolower(static_cast<unsigned char>(text[i + 1])));
    if (a == 'a' && b == 'b') naive.push_back(i);
  }
  CHECK(find_all(text, "AB", false) == naive);
}

TEST_CASE("JSON paths use dots for identifiers and brackets for anything else", "[ui][json]") {
  CHECK(json_path_member("$", "items") == "$.items");
  CHECK(json_path_index("$.items", 3) == "$.items[3]");
  CHECK(json_path_member("$.items[3]", "first name") == "$.items[3][\"first name\"]");
  CHECK(json_path_member("$", "a\"b") == "$[\"a\\\"b\"]");
  CHECK(json_path_member("$", "1st") == "$[\"1st\"]");
}

TEST_CASE("a JSON body is recognized by its media type, or by its first byte when untyped", "[ui][json]") {
  CHECK(looks_like_json("application/json; charset=utf-8", "{}"));
  CHECK(looks_like_json("Application/Problem+JSON", "{}"));
  CHECK(looks_like_json("", "  \n[1, 2]"));
  CHECK_FALSE(looks_like_json("text/html", "{}"));
  CHECK_FALSE(looks_like_json("", "Hello"));
}

TEST_CASE("invalid JSON says where it broke", "[ui][json]") {
  JsonParse ok = parse_json_document(R"({"b": 1, "a": [true, null]})");
  CHECK(ok.document);
  CHECK(ok.error.empty());
  JsonParse bad = parse_json_document("{\"a\": 1,\n \"b\": tru}");
  CHECK_FALSE(bad.document);
  CHECK(bad.error.find("line 2") != std::string::npos);
  CHECK(bad.error.find("json.exception") == std::string::npos);  // no library jargon
}
