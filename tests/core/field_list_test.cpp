// FieldList: a received field section in one buffer, read through FieldView.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "shared/http_message.h"

using namespace wirepad;

TEST_CASE("a field list keeps names and values in order and survives copies", "[fields]") {
  FieldList fields = {{"Content-Type", "text/plain"}, {"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}};
  FieldList copy = fields;
  fields.clear();  // the copy owns its own bytes
  REQUIRE(copy.size() == 3);
  CHECK(copy[0].name == "Content-Type");
  CHECK(copy[0].value == "text/plain");
  CHECK(copy.back().value == "b=2");
  CHECK(combined_field_value(copy, "SET-COOKIE") == "a=1, b=2");
  auto type = find_header(copy, "content-type");
  REQUIRE(type);
  CHECK(type->value == "text/plain");
  CHECK_FALSE(find_header(copy, "Location"));
  CHECK(std::count_if(copy.begin(), copy.end(), [](FieldView f) { return iequals(f.name, "set-cookie"); }) == 2);
  CHECK(copy == Headers{{"Content-Type", "text/plain"}, {"Set-Cookie", "a=1"}, {"set-cookie", "b=2"}});
  CHECK(to_field_list(to_headers(copy)) == copy);
}

TEST_CASE("appending to the last value works wherever the value lies in the buffer", "[fields]") {
  FieldList fields;
  // As the parser stores received lines: raw bytes first, then fields named inside them.
  std::size_t at = fields.append_raw("X-A: one\r\nX-B: two\r\n");
  fields.add_within(at + 0, 3, at + 5, 3);
  fields.add_within(at + 10, 3, at + 15, 3);
  CHECK(fields[1].value == "two");
  fields.append_to_last_value(" more");  // "two" is followed by CRLF, not the end
  CHECK(fields[1].value == "two more");
  CHECK(fields[0].value == "one");
  fields.add("X-C", "");
  fields.append_to_last_value("three");
  CHECK(fields.back() == FieldView{"X-C", "three"});
  CHECK(fields.size() == 3);
}
