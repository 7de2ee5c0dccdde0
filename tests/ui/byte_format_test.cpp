// ui/byte_format: every byte visible, sizes and durations readable.
#include <catch2/catch.hpp>

#include "ui/byte_format.h"

using namespace wirepad::ui;

TEST_CASE("escape_bytes shows line endings and control bytes, keeps text and UTF-8", "[ui][format]") {
  using Row = std::tuple<std::string, std::string>;
  auto [input, expected] = GENERATE(table<std::string, std::string>({
      Row{"HTTP/1.1 200 OK\r\n", "HTTP/1.1 200 OK\\r\\n"},
      Row{"a\tb", "a\\tb"},
      Row{std::string("nul\0byte", 8), "nul\\x00byte"},
      Row{"back\\slash", "back\\\\slash"},
      Row{"caf\xC3\xA9", "caf\xC3\xA9"},                // valid UTF-8 is kept
      Row{"\xC3", "\\xC3"},                            // truncated sequence
      Row{"\xC0\xAF", "\\xC0\\xAF"},                   // overlong '/'
      Row{"\xED\xA0\x80", "\\xED\\xA0\\x80"},          // UTF-16 surrogate
      Row{"\x7F\x1B[0m", "\\x7F\\x1B[0m"},
  }));
  CAPTURE(input);
  CHECK(escape_bytes(input) == expected);
}

TEST_CASE("escape_bytes cuts long input and says how much is hidden", "[ui][format]") {
  CHECK(escape_bytes(std::string(10, 'x'), 4) == "xxxx ... (6 more bytes)");
  CHECK(escape_bytes("abcd", 4) == "abcd");
}

TEST_CASE("hex_dump_row is the classic 16-byte layout", "[ui][format]") {
  CHECK(hex_dump_row("HTTP/1.1 200 OK\r", 16) ==
        "00000010  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  |HTTP/1.1 200 OK.|");
  CHECK(hex_dump_row("\n", 0) ==
        "00000000  0a                                                |.|");
}

TEST_CASE("durations and sizes read like a person writes them", "[ui][format]") {
  CHECK(format_seconds(-1) == "-");
  CHECK(format_seconds(0.0004213) == "0.421 ms");
  CHECK(format_seconds(0.0123) == "12.30 ms");
  CHECK(format_seconds(1.25) == "1.25 s");
  CHECK(format_size(512) == "512 B");
  CHECK(format_size(1536) == "1.5 KiB");
  CHECK(format_size(20u * 1024 * 1024) == "20.0 MiB");
}
