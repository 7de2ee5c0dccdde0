// ui/line_index: a body indexed as it arrives in pieces equals the body indexed whole.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "ui/line_index.h"

using namespace wirepad::ui;

namespace {

std::vector<std::string> lines_of(const LineIndex& index, std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < index.line_count(); ++i) out.emplace_back(index.line(text, i));
  return out;
}

}  // namespace

TEST_CASE("lines keep their endings, and a trailing newline starts no line", "[ui][lines]") {
  LineIndex index;
  std::string text = "one\r\ntwo\n\nfour";
  index.update(text, 1);
  CHECK(lines_of(index, text) == std::vector<std::string>{"one\r\n", "two\n", "\n", "four"});
  CHECK(index.longest_line() == 5);

  std::string ends = "a\nb\n";
  index.update(ends, 2);
  CHECK(lines_of(index, ends) == std::vector<std::string>{"a\n", "b\n"});
  index.update("", 3);
  CHECK(index.line_count() == 0);
}

TEST_CASE("indexing in pieces, split at every position, equals indexing whole", "[ui][lines]") {
  std::string text = "HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody line 1\nline 2\n\nlast without newline";
  LineIndex whole;
  whole.update(text, 7);
  for (std::size_t split = 0; split <= text.size(); ++split) {
    CAPTURE(split);
    LineIndex pieces;
    pieces.update(std::string_view(text).substr(0, split), 7);
    pieces.update(text, 7);
    CHECK(lines_of(pieces, text) == lines_of(whole, text));
    CHECK(pieces.longest_line() == whole.longest_line());
  }
}

TEST_CASE("a new generation or a shorter text starts over", "[ui][lines]") {
  LineIndex index;
  index.update("a\nb\nc", 1);
  CHECK(index.line_count() == 3);
  index.update("x", 2);
  CHECK(index.line_count() == 1);
  index.update("x\ny\n", 2);
  index.update("q", 2);  // shorter: not the same text any more
  CHECK(lines_of(index, "q") == std::vector<std::string>{"q"});
}
