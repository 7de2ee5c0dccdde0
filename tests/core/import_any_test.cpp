// Import format detection: by content first, the file name for ties and broken JSON.
#include <catch2/catch.hpp>

#include "import_test_util.h"
#include "shared/import_any.h"

using namespace wirepad;

TEST_CASE("import formats are detected from the content", "[import_any]") {
  CHECK(detect_import_format(test::import_data("chromium_h2.har"), "") == ImportFormat::har);
  CHECK(detect_import_format(test::import_data("collection.postman_collection.json"), "x.json") == ImportFormat::postman);
  CHECK(detect_import_format("  curl -X POST http://h/ -d a", "") == ImportFormat::curl);
  CHECK(detect_import_format("{\"wirepad\": 1, \"request\": {\"url\": \"http://h/\"}}", "") == ImportFormat::experiment);
  CHECK(detect_import_format("GET http://h/\n", "") == ImportFormat::http_file);
  CHECK(detect_import_format("curl http://h/", "requests.http") == ImportFormat::http_file);
  CHECK(detect_import_format("{\"log\": ", "broken.har") == ImportFormat::har);
  CHECK(import_format_from_name("rest") == ImportFormat::http_file);
  CHECK_FALSE(import_format_from_name("insomnia"));
  Result<ImportBatch> curl = import_as(ImportFormat::curl, "curl -L --max-redirs 3 http://h/x");
  REQUIRE(curl.ok());
  REQUIRE(curl->requests.size() == 1);
  CHECK(test::has_note(curl->requests[0].not_imported, "--max-redirs"));  // -L itself is imported
}
