// Code export: experiment -> curl -> experiment sends byte-identical requests; the other
// generators carry the exact request bytes or headers. (Each generator's output is executed
// against a capture server in tests/native/convert_exec_test.cpp.)
#include <catch2/catch.hpp>

#include "convert_samples.h"
#include "shared/code_export.h"
#include "shared/curl_import.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"

using namespace wirepad;

TEST_CASE("experiment -> curl -> experiment sends the same bytes", "[code_export]") {
  for (const Experiment& e : test::convert_samples()) {
    CAPTURE(e.name);
    Result<std::string> curl = export_code(e, ExportFormat::curl);
    REQUIRE(curl.ok());
    CAPTURE(curl.value());
    Result<CurlImport> back = import_curl(curl.value());
    REQUIRE(back.ok());
    CHECK(back->ignored.empty());
    Result<SerializedRequest> original = serialize_request(flatten_request(e.request));
    Result<SerializedRequest> again = serialize_request(flatten_request(back->experiment.request));
    REQUIRE(original.ok());
    REQUIRE(again.ok());
    CHECK(again->bytes == original->bytes);
    CHECK(back->experiment.options == e.options);
  }
}

TEST_CASE("the curl export reads like a browser's copy", "[code_export]") {
  Experiment e = test::convert_samples()[1];
  Result<std::string> curl = export_code(e, ExportFormat::curl);
  REQUIRE(curl.ok());
  CHECK(curl.value() ==
        "curl http://127.0.0.1:8080/api/items \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        "  -H 'X-Trace: a'\\''b\"c $HOME `x`' \\\n"
        "  --data-raw $'{\"name\": \"it\\'s\",\\n \"n\": 2}\\n'\n");
  Experiment head;
  head.request = HttpRequest{"HEAD", "http://x/", {}, ""};
  CHECK(export_code(head, ExportFormat::curl).value() == "curl http://x/ \\\n  --head\n");
}

TEST_CASE("python socket code carries the exact request bytes", "[code_export]") {
  Experiment e = test::convert_samples()[1];
  Result<std::string> code = export_code(e, ExportFormat::python_socket);
  REQUIRE(code.ok());
  CHECK_THAT(code.value(), Catch::Contains("import socket"));
  CHECK_THAT(code.value(), Catch::Contains("HOST = \"127.0.0.1\"\nPORT = 8080\n"));
  CHECK_THAT(code.value(), Catch::Contains("    b\"POST /api/items HTTP/1.1\\r\\n\"\n    b\"Host: 127.0.0.1:8080\\r\\n\"\n"));
  CHECK_THAT(code.value(), Catch::Contains("sock.sendall(REQUEST)"));
  Experiment tls = e;
  tls.request.url = "https://127.0.0.1:8443/";
  tls.options.verify_tls = false;
  CHECK_THAT(export_code(tls, ExportFormat::python_socket).value(), Catch::Contains("_create_unverified_context"));
}

TEST_CASE("every format names itself and refuses a request Wirepad would refuse", "[code_export]") {
  for (ExportFormat f : all_export_formats()) {
    CAPTURE(to_string(f));
    CHECK(export_format_from_name(to_string(f)) == f);
    Experiment bad;
    bad.request.url = "http://x/";
    bad.request.headers = {{"X-Smuggle", "a\r\nInjected: 1"}};
    Result<std::string> r = export_code(bad, f);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::invalid_request);
  }
  CHECK_FALSE(export_format_from_name("cobol").has_value());
  Experiment nul;
  nul.request = HttpRequest{"POST", "http://x/", {}, std::string("a\0b", 3)};
  Result<std::string> r = export_code(nul, ExportFormat::curl);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().offset == 1);
  CHECK(export_code(nul, ExportFormat::python_socket).ok());
}

TEST_CASE("curl export says the redirect limit unless it is curl's own (50)", "[code_export]") {
  Experiment e;
  e.request.url = "http://h/";
  e.options.follow_redirects = true;
  Result<std::string> ten = export_code(e, ExportFormat::curl);  // the experiment's default, 10
  REQUIRE(ten.ok());
  CHECK_THAT(ten.value(), Catch::Contains("--location") && Catch::Contains("--max-redirs 10"));
  e.options.max_redirects = 50;
  Result<std::string> fifty = export_code(e, ExportFormat::curl);
  REQUIRE(fifty.ok());
  CHECK_THAT(fifty.value(), !Catch::Contains("--max-redirs"));
}
