// Import format detection: by content first, the file name for ties and broken JSON.
#include <catch2/catch.hpp>

#include <chrono>

#include "import_test_util.h"
#include "shared/har.h"
#include "shared/http_file.h"
#include "shared/import_any.h"
#include "shared/import_text.h"
#include "shared/postman_import.h"

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
  Result<ImportBatch> curl = import_as(ImportFormat::curl, "curl -L --max-redirs 3 --retry 2 http://h/x");
  REQUIRE(curl.ok());
  REQUIRE(curl->requests.size() == 1);
  CHECK(test::has_note(curl->requests[0].not_imported, "--retry"));  // -L and --max-redirs are imported
  CHECK(curl->requests[0].experiment.options.max_redirects == 3);
}

namespace {

// `text` (ASCII or UTF-8 with BMP characters only) as UTF-16, with or without a BOM.
std::string utf16(std::string_view utf8, bool little_endian, bool bom) {
  std::string out;
  auto put = [&](unsigned u) {
    if (little_endian) out += char(u & 0xFF), out += char(u >> 8);
    else out += char(u >> 8), out += char(u & 0xFF);
  };
  if (bom) put(0xFEFF);
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) put(c), i += 1;
    else if ((c & 0xE0) == 0xC0) put((c & 0x1Fu) << 6 | (utf8[i + 1] & 0x3F)), i += 2;
    else put((c & 0x0Fu) << 12 | (utf8[i + 1] & 0x3Fu) << 6 | (utf8[i + 2] & 0x3F)), i += 3;
  }
  return out;
}

const std::string kBom = "\xEF\xBB\xBF";

}  // namespace

TEST_CASE("imports read UTF-8 with a BOM and UTF-16, in every format", "[import_any][encoding]") {
  const std::string http_text = "### Größe\nPOST http://127.0.0.1:8080/anything\nContent-Type: text/plain\n\nnaïve café\n";
  const std::string har = test::import_data("chromium_h2.har");
  const std::string postman = test::import_data("collection.postman_collection.json");
  const std::string curl = "curl -d 'a=1' http://127.0.0.1:8080/post";
  auto [name, plain, format] = GENERATE_COPY(table<std::string, std::string, ImportFormat>({
      {"requests.http", http_text, ImportFormat::http_file},
      {"session.har", har, ImportFormat::har},
      {"shop.postman_collection.json", postman, ImportFormat::postman},
      {"command.txt", curl, ImportFormat::curl},
  }));
  Result<ImportBatch> expected = import_as(format, plain);
  REQUIRE(expected.ok());
  auto [encoding, bytes] = GENERATE_COPY(table<std::string, std::string>({
      {"UTF-8 with a byte order mark", kBom + plain},
      {"UTF-16LE", utf16(plain, true, true)},
      {"UTF-16BE", utf16(plain, false, true)},
      {"UTF-16LE", utf16(plain, true, false)},  // no BOM: told by the zero bytes
      {"UTF-16BE", utf16(plain, false, false)},
  }));
  CAPTURE(name, encoding);
  CHECK(text_encoding_name(bytes) == encoding);
  CHECK(detect_import_format(bytes, name) == format);
  CHECK(detect_import_format(bytes, "") == format);
  Result<ImportBatch> got = import_as(format, bytes);
  REQUIRE(got.ok());
  REQUIRE(got->requests.size() == expected->requests.size());
  for (std::size_t i = 0; i < got->requests.size(); ++i) {
    CHECK(serialize_experiment(got->requests[i].experiment) == serialize_experiment(expected->requests[i].experiment));
  }
  // Each importer on its own reads them too (the UI's paste and the fuzz target call them).
  if (format == ImportFormat::http_file) {
    Result<ImportBatch> direct = import_http_file(bytes);
    REQUIRE(direct.ok());
    CHECK(direct->requests.at(0).experiment.name == "Größe");
    CHECK(direct->requests.at(0).experiment.request.body == "naïve café");
  }
}

TEST_CASE("text that is UTF-32 or broken UTF-16 is refused naming the encoding", "[import_any][encoding]") {
  std::string utf32 = std::string("\xFF\xFE\0\0", 4) + std::string("G\0\0\0E\0\0\0T\0\0\0", 12);
  Result<ImportBatch> r = import_as(ImportFormat::http_file, utf32);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "The file is UTF-32LE text; Wirepad reads UTF-8 and UTF-16. Save it as UTF-8 and import it again.");

  std::string odd = utf16("GET http://h/\n", true, true) + "x";
  Result<ImportBatch> o = import_as(ImportFormat::http_file, odd);
  REQUIRE_FALSE(o.ok());
  CHECK(o.error().message == "The file is UTF-16LE text, but it ends with half a character at byte " +
                                 std::to_string(odd.size() - 1) + "; save it as UTF-8 and import it again.");

  std::string lone = utf16("GET http://h/", false, true) + std::string("\xDC\x00", 2);
  Result<ImportBatch> l = import_http_file(lone);
  REQUIRE_FALSE(l.ok());
  CHECK(l.error().message.find("The .http file is UTF-16BE text, but a low surrogate stands alone at byte 28") == 0);

  // A surrogate pair decodes to one character outside the BMP.
  std::string pair = std::string("\xFF\xFE", 2) + utf16("GET http://h/", true, false) + std::string("\x3D\xD8\x00\xDE", 4);
  Result<std::string> emoji = text_as_utf8(pair);
  REQUIRE(emoji.ok());
  CHECK(emoji.value() == "GET http://h/\xF0\x9F\x98\x80");
  // Plain text is left alone, even with a stray NUL.
  CHECK(text_as_utf8(std::string("GET http://h/\0x\n", 16)).value() == std::string("GET http://h/\0x\n", 16));
}

TEST_CASE("JSON that is no format Wirepad imports is an error that says what was looked for", "[import_any][json]") {
  auto error_of = [](std::string_view text, std::string_view name) {
    ImportFormat format = detect_import_format(text, name);
    Result<ImportBatch> r = import_as(format, text);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  for (std::string name : {"", "data.json", "x.http"}) {
    CAPTURE(name);
    std::string m = error_of("{\"foo\": 1, \"bar\": [2]}", name);
    CHECK(m == "This JSON (an object with foo, bar) is none of the formats Wirepad imports: a HAR file has "
               "log.entries, a Postman v2 collection has info and item, a Wirepad experiment has request or kind.");
  }
  CHECK_THAT(error_of("[1, 2]", ""), Catch::StartsWith("This JSON (a JSON array) is none of the formats"));
  CHECK_THAT(error_of("{}", "x.json"), Catch::StartsWith("This JSON (an empty object) is none"));
  // A HAR handed to the experiment reader says what it is.
  CHECK(import_as(ImportFormat::experiment, test::import_data("chromium_h2.har")).error().message ==
        "This JSON is a HAR file, not a Wirepad experiment: import it as har.");
  CHECK(import_as(ImportFormat::http_file, test::import_data("chromium_h2.har")).error().message ==
        "This is JSON (a har document), not a .http file: import it as har.");

  // Postman v1: requests/folders/order, no info or item.
  const std::string v1 = R"({"id": "6b1f", "name": "Old", "order": ["a"], "folders": [],
    "requests": [{"id": "a", "name": "Get", "method": "GET", "url": "http://127.0.0.1:8080/get", "headers": ""}]})";
  CHECK(detect_import_format(v1, "old.json") == ImportFormat::postman);
  for (std::string name : {"", "old.json", "old.postman_collection.json"}) {
    std::string m = error_of(v1, name);
    CHECK_THAT(m, Catch::StartsWith("This is a Postman v1 collection"));
    CHECK_THAT(m, Catch::Contains("export it again as Collection v2.1"));
  }
  // v1 named by its schema (some v1 exports carry info.schema).
  CHECK_THAT(error_of(R"({"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []})", ""),
             Catch::Contains("Postman v1 collection"));
}

TEST_CASE("JSON nested 100,000 deep is refused quickly, before it is parsed", "[import_any][json]") {
  for (char open : {'[', '{'}) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += open == '[' ? "[" : "{\"a\":";
    deep += "1";
    for (int i = 0; i < 100000; ++i) deep += open == '[' ? ']' : '}';
    for (std::string name : {"", "deep.json", "deep.har", "deep.postman_collection.json"}) {
      CAPTURE(open, name);
      auto start = std::chrono::steady_clock::now();
      ImportFormat format = detect_import_format(deep, name);
      Result<ImportBatch> r = import_as(format, deep);
      auto took = std::chrono::steady_clock::now() - start;
      REQUIRE_FALSE(r.ok());
      CHECK_THAT(r.error().message, Catch::Contains("nests arrays and objects more than 256 deep at line 1, column "));
      CHECK(took < std::chrono::milliseconds(500));
    }
  }
  // Each JSON importer checks it too.
  std::string deep(300, '[');
  CHECK_THAT(import_har(deep).error().message, Catch::StartsWith("The HAR file nests arrays and objects more than 256 deep"));
  CHECK_THAT(import_postman(deep).error().message, Catch::StartsWith("The Postman collection nests"));
  // 256 levels are fine (an ordinary syntax error here, not the depth).
  CHECK_THAT(import_har(std::string(256, '[')).error().message, Catch::Contains("not valid JSON"));
}
