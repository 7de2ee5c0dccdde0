// tests: helpers for the importer tests (HAR, .http, Postman): read a test data file, find a
// note, and serialize a request to the bytes Wirepad would send.
#pragma once
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "shared/import_batch.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

namespace wirepad::test {

inline std::string import_data(const std::string& name) {
  std::ifstream in(std::string(WIREPAD_TEST_DATA) + "/imports/" + name, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline bool has_note(const std::vector<ImportNote>& notes, std::string_view what, std::string_view in_sentence = "") {
  for (const ImportNote& n : notes) {
    if (n.what.find(what) != std::string::npos && n.sentence.find(in_sentence) != std::string::npos &&
        !n.sentence.empty()) {
      return true;
    }
  }
  return false;
}

// The structured request as it is sent for now (shared/request_resolve.h, flatten_request).
inline std::string wire_bytes(const RequestSpec& r) {
  Result<SerializedRequest> s = serialize_request(flatten_request(r));
  if (!s) FAIL(s.error().message);
  return s->bytes;
}

}  // namespace wirepad::test
