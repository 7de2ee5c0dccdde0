// Test support for comparing the bytes two clients send: capture_server.py on an ephemeral
// loopback port records each request it receives, and Parsed reads a request into a line, a
// sorted set of lower-cased headers and the body, so Wirepad's and curl's requests compare
// whatever order they write their headers in. Used by the curl differential tests.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "child_process.h"

namespace wirepad::test {

struct Capture {
  ChildProcess process;
  std::string origin;
  // `mode`: "" records and answers 200; "--digest" challenges first (capture_server.py).
  explicit Capture(const std::string& mode = "")
      : process(mode.empty() ? std::vector<std::string>{"/usr/bin/python3", WIREPAD_CAPTURE_SERVER}
                             : std::vector<std::string>{"/usr/bin/python3", WIREPAD_CAPTURE_SERVER, mode}) {
    auto line = process.wait_for_line("listening");
    REQUIRE(line);
    origin = "http://127.0.0.1:" + line->substr(line->rfind(' ') + 1);
  }
  // The bytes of the next request it recorded.
  std::string next() {
    auto line = process.wait_for_line("request ", 20);
    REQUIRE(line);
    std::string hex = line->substr(line->find(' ') + 1), bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += char(std::stoi(hex.substr(i, 2), nullptr, 16));
    return bytes;
  }
};

inline void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

struct Parsed {
  std::string request_line;
  std::vector<std::string> headers;  // "name: value", name lower-cased, sorted unless asked not to
  std::string body;
};

inline Parsed parse(const std::string& bytes, bool sorted = true) {
  Parsed p;
  std::size_t end = bytes.find("\r\n\r\n");
  REQUIRE(end != std::string::npos);
  std::string head = bytes.substr(0, end);
  p.body = bytes.substr(end + 4);
  std::size_t line_end = head.find("\r\n");
  p.request_line = head.substr(0, line_end);
  std::size_t at = line_end == std::string::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    std::size_t next = head.find("\r\n", at);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(at, next - at);
    std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon), value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    p.headers.push_back(name + ": " + value);
    at = next + 2;
  }
  if (sorted) std::sort(p.headers.begin(), p.headers.end());
  return p;
}

// The boundary that frames the body: the last boundary= of the Content-Type line (curl appends
// its own after one the user typed, and frames the parts with its own).
inline std::string boundary_of(const std::string& bytes) {
  std::size_t head_end = bytes.find("\r\n\r\n");
  std::string head = bytes.substr(0, head_end);
  std::transform(head.begin(), head.end(), head.begin(), ::tolower);  // fetch writes content-type
  std::size_t line = head.find("\r\ncontent-type: multipart/");
  if (line == std::string::npos || line > head_end) return "";
  std::size_t end = bytes.find("\r\n", line + 2);
  std::size_t at = bytes.rfind("boundary=", end);
  if (at == std::string::npos || at < line) return "";
  return bytes.substr(at + 9, end - at - 9);
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

}  // namespace wirepad::test
