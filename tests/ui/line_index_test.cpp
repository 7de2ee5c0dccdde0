// ui/line_index: a body indexed as it arrives in pieces equals the body indexed whole.
#include <catch2/catch.hpp>
#include <algorithm>
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

// The index keeps a checkpoint every few hundred lines or every 16 KiB and scans in between:
// every line and every offset's line must equal what a start per line says, for lines short
// and long, empty lines, CRLF, and a text indexed in pieces that end anywhere.
TEST_CASE("the sparse index agrees with a start per line", "[ui][lines]") {
  std::string text;
  unsigned seed = 12345;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
  while (text.size() < 300 * 1024) {
    unsigned pick = next() % 100;
    std::size_t length = pick < 10 ? 0 : pick < 85 ? next() % 80 : pick < 97 ? next() % 3000 : 16 * 1024 + next() % 40000;
    text.append(length, char('a' + next() % 26));
    text += pick % 7 == 0 ? "\r\n" : "\n";
    if (pick == 42) text.append(600, '\n');  // more empty lines than a checkpoint spans
  }
  text += "no newline at the end";
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);

  for (std::size_t piece : {std::size_t(0), std::size_t(1), std::size_t(4093), std::size_t(65536)}) {
    CAPTURE(piece);
    LineIndex index;
    if (piece > 0)
      for (std::size_t at = 0; at < text.size(); at += piece) index.update(std::string_view(text).substr(0, at), 9);
    index.update(text, 9);
    REQUIRE(index.line_count() == starts.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
      std::size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
      REQUIRE(index.line(text, i) == std::string_view(text).substr(starts[i], end - starts[i]));
    }
    for (std::size_t offset = 0; offset < text.size(); offset += piece == 1 ? 1 : 13) {
      std::size_t expected = std::size_t(std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
      REQUIRE(index.line_of(text, offset) == expected);
    }
    if (piece == 1) break;  // byte by byte once is enough
  }
}

TEST_CASE("a text ending in a newline, indexed while it grows", "[ui][lines]") {
  std::string text(LineIndex::kLinesPerCheckpoint * 3, '\n');
  LineIndex index;
  index.update(text, 1);
  CHECK(index.line_count() == text.size());
  CHECK(index.line(text, text.size() - 1) == "\n");
  CHECK(index.line_of(text, text.size() - 1) == text.size() - 1);
  text += "tail";
  index.update(text, 1);
  CHECK(index.line_count() == text.size() - 3);
  CHECK(index.line(text, index.line_count() - 1) == "tail");
  CHECK(index.line_of(text, text.size() - 1) == index.line_count() - 1);
}
