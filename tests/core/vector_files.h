// Test helper: reads the shared test vectors in tests/data (also the fuzzers' seed corpora).
#pragma once
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace wirepad::test {

inline std::string data_path(const std::string& relative) { return std::string(WIREPAD_TEST_DATA) + "/" + relative; }

inline std::string read_vector(const std::string& relative) {
  std::ifstream in(data_path(relative), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open test vector " + data_path(relative));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace wirepad::test
