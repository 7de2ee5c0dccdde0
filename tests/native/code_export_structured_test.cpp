// The code generators speak the structured request (shared/code_export.h, shared/code_plan.h):
// for each structured request below, every generated program (bash + curl, /usr/bin/python3
// with socket / http.client / Debian's requests, node's fetch, g++ with cpp-httplib) runs
// against capture_server.py from the experiment's folder, and must send what `wirepad run`
// of the same experiment file sends: request line, headers (in any order; the multipart
// boundary normalised; what a library insists on adding set aside, as docs/import-export.md
// says) and body, byte for byte. The programs must also use the library's own form, multipart,
// params and auth where that gives the same bytes, and read files when they run.
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "capture_support.h"
#include "child_process.h"
#include "shared/code_export.h"
#include "shared/experiment.h"

using namespace wirepad;
using namespace wirepad::test;

namespace {

struct Sample {
  std::string name;
  RequestSpec request;
  // Text each format's program must hold (the library's structured form, or the note saying
  // why the bytes stay explicit).
  std::vector<std::pair<ExportFormat, std::string>> expect_in_code;
};

std::vector<Sample> samples(const std::string& origin) {
  std::vector<Sample> out;
  {
    Sample s{"urlencoded form", {"POST", origin + "/form"}, {}};
    s.request.body_kind = BodyKind::urlencoded;
    s.request.form = {{"name", "Ada Lovelace"}, {"q", "a-b_c.d"}, {"city", "Z\xc3\xbcrich"}, {"off", "x", false}};
    s.expect_in_code = {{ExportFormat::python_requests, "data=["}, {ExportFormat::js_fetch, "new URLSearchParams("},
                        {ExportFormat::cpp_httplib, "httplib::Params is a multimap"}};
    out.push_back(s);
  }
  {
    Sample s{"urlencoded form with a star", {"POST", origin + "/star"}, {}};
    s.request.body_kind = BodyKind::urlencoded;
    s.request.form = {{"glob", "*.txt"}};
    s.expect_in_code = {{ExportFormat::python_requests, "data=["}, {ExportFormat::js_fetch, "URLSearchParams keeps '*'"}};
    out.push_back(s);
  }
  {
    Sample s{"multipart with files", {"POST", origin + "/upload"}, {}};
    s.request.body_kind = BodyKind::multipart;
    s.request.multipart = {
        {"note", "hello world", false, "", "", true},
        {"avatar", "images/me.png", true, "", "", true},
        {"doc", "data.bin", true, "application/x-custom", "renamed.dat", true},
        {"skipped", "x", false, "", "", false},
        {"inline", "{\"a\":1}", false, "application/json", "inline.json", true},
    };
    s.expect_in_code = {{ExportFormat::python_requests, "files=["}, {ExportFormat::js_fetch, "new FormData()"},
                        {ExportFormat::cpp_httplib, "MultipartFormDataItems items"},
                        {ExportFormat::python_socket, "read_file(\"images/me.png\")"},
                        {ExportFormat::python_http_client, "read_file(\"data.bin\")"}};
    out.push_back(s);
  }
  {
    Sample s{"multipart PATCH with a line break", {"PATCH", origin + "/patch"}, {}};
    s.request.body_kind = BodyKind::multipart;
    s.request.multipart = {{"text", "two\nlines", false, "", "", true}, {"file", "data.bin", true, "", "", true}};
    s.expect_in_code = {{ExportFormat::python_requests, "files=["}, {ExportFormat::js_fetch, "FormData would write"},
                        {ExportFormat::cpp_httplib, "only POST and PUT take items"}};
    out.push_back(s);
  }
  {
    Sample s{"multipart with its own Content-Type", {"POST", origin + "/own"}, {}};
    s.request.headers = {{"Content-Type", "multipart/form-data; boundary=my-own-boundary"}};
    s.request.body_kind = BodyKind::multipart;
    s.request.multipart = {{"f", "data.bin", true, "", "", true}};
    s.expect_in_code = {{ExportFormat::python_requests, "is the experiment's own"}};
    out.push_back(s);
  }
  {
    Sample s{"binary file body", {"PUT", origin + "/blob"}, {}};
    s.request.body_kind = BodyKind::binary;
    s.request.binary_file = "data.bin";
    s.expect_in_code = {{ExportFormat::python_requests, "data=read_file(\"data.bin\")"},
                        {ExportFormat::js_fetch, "fs.readFileSync(\"data.bin\")"},
                        {ExportFormat::cpp_httplib, "read_file(\"data.bin\")"}};
    out.push_back(s);
  }
  {
    Sample s{"basic auth and params", {"GET", origin + "/search?q=two+words&page=2&tag=a%2Fb"}, {}};
    s.request.auth.kind = AuthKind::basic;
    s.request.auth.basic = {"alice", "s3cret:x"};
    s.request.headers = {{"Accept", "application/json"}};
    s.expect_in_code = {{ExportFormat::python_requests, "auth=(\"alice\", \"s3cret:x\")"},
                        {ExportFormat::python_requests, "params=["},
                        {ExportFormat::cpp_httplib, "set_basic_auth(\"alice\", \"s3cret:x\")"}};
    out.push_back(s);
  }
  {
    Sample s{"digest auth, first request", {"GET", origin + "/digest"}, {}};
    s.request.auth.kind = AuthKind::digest;
    s.request.auth.digest = {"bob", "pw"};
    s.expect_in_code = {{ExportFormat::python_requests, "HTTPDigestAuth(\"bob\", \"pw\")"},
                        {ExportFormat::cpp_httplib, "set_digest_auth(\"bob\", \"pw\")"},
                        {ExportFormat::js_fetch, "does\n// not answer the server's challenge"}};
    out.push_back(s);
  }
  {
    Sample s{"json body with a variable left", {"POST", origin + "/json"}, {}};
    s.request.body_kind = BodyKind::raw;
    s.request.body_language = RawLanguage::json;
    s.request.body = "{\"id\": \"{{user_id}}\"}";
    s.expect_in_code = {{ExportFormat::python_requests, "Wirepad variables left as written: {{user_id}}"},
                        {ExportFormat::js_fetch, "Wirepad variables left as written: {{user_id}}"}};
    out.push_back(s);
  }
  return out;
}

struct Runner {
  ExportFormat format;
  std::vector<std::string> aside;  // header names (lower case) the library adds or sends its own way
};

// Runs the program from `dir` (where the experiment and its files are).
RunResult run_program(ExportFormat format, const std::string& code, const std::string& dir) {
  const std::string base = dir + "/program";
  switch (format) {
    case ExportFormat::curl:
      write(base + ".sh", code.substr(0, code.size() - 1) + " -s -o /dev/null -w '%{http_code}\\n'\n");
      return run_command({"bash", "-c", "cd '" + dir + "' && bash program.sh"});
    case ExportFormat::python_socket:
    case ExportFormat::python_http_client:
    case ExportFormat::python_requests:
      write(base + ".py", code);
      return run_command({"bash", "-c", "cd '" + dir + "' && /usr/bin/python3 program.py"});
    case ExportFormat::js_fetch:
      write(base + ".js", code);
      return run_command({"bash", "-c", "cd '" + dir + "' && node program.js"});
    case ExportFormat::cpp_httplib: {
      write(base + ".cpp", code);
      RunResult built = run_command(
          {"bash", "-c", "g++ -std=c++17 -O0 -o " + base + " " + base + ".cpp $(pkg-config --cflags --libs cpp-httplib)"});
      if (built.status != 0) return built;
      return run_command({"bash", "-c", "cd '" + dir + "' && ./program"});
    }
  }
  return {};
}

}  // namespace

TEST_CASE("generated programs send the structured request as wirepad run sends it", "[convert][exec][structured]") {
  test::Capture capture;  // test::, not wirepad::Capture (shared/capture.h)
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("wirepad-structured-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "images");
  // A PNG's first bytes and every byte value: nothing a text path would keep.
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  for (int i = 0; i < 256; ++i) png += char(i);
  write(dir / "images" / "me.png", png);
  write(dir / "data.bin", std::string("data\0file\r\n", 11) + std::string(3000, 'z'));

  const std::vector<Runner> runners = {
      {ExportFormat::curl, {"user-agent"}},
      {ExportFormat::python_socket, {}},
      {ExportFormat::python_http_client, {}},
      {ExportFormat::python_requests, {}},
      // fetch (undici) adds these and may not be told otherwise.
      {ExportFormat::js_fetch, {"connection", "accept-language", "sec-fetch-mode", "accept-encoding"}},
      {ExportFormat::cpp_httplib, {}},
  };
  for (const Sample& sample : samples(capture.origin)) {
    CAPTURE(sample.name);
    Experiment e;
    e.name = sample.name;
    e.request = sample.request;
    // A request still holding a {{variable}} is not sent (wirepad run names it); its programs
    // are only read.
    const bool sendable = sample.name.find("variable") == std::string::npos;
    const std::string file = (dir / "experiment.json").string();
    write(file, serialize_experiment(e));
    std::string by_wirepad;
    if (sendable) {
      RunResult ran = run_command({WIREPAD_BINARY, "run", file});
      CAPTURE(ran.out, ran.err);
      REQUIRE(ran.status == 0);
      by_wirepad = capture.next();
    }
    for (const Runner& runner : runners) {
      CAPTURE(to_string(runner.format));
      Result<std::string> code = export_code(e, runner.format);
      REQUIRE(code.ok());
      CAPTURE(code.value());
      for (const auto& [format, text] : sample.expect_in_code)
        if (format == runner.format) CHECK_THAT(code.value(), Catch::Contains(text));
      // No file's bytes are in the program: it reads them when it runs.
      CHECK(code.value().find("IHDR") == std::string::npos);
      CHECK(code.value().find("zzzzzzzz") == std::string::npos);
      if (!sendable) continue;
      // curl -F with the experiment's own multipart Content-Type sends the header's boundary
      // but writes its own into the body (a known gap of the curl export, docs/import-export.md).
      if (runner.format == ExportFormat::curl && sample.name == "multipart with its own Content-Type") continue;
      RunResult program = run_program(runner.format, code.value(), dir.string());
      CAPTURE(program.out, program.err);
      REQUIRE(program.status == 0);
      std::string by_code = capture.next();
      // The boundary is the library's own (random); the length follows from it.
      std::vector<std::string> aside = runner.aside;
      const std::string b_code = boundary_of(by_code), b_wirepad = boundary_of(by_wirepad);
      if (!b_code.empty() && b_code != b_wirepad) {
        by_code = replace_all(by_code, b_code, b_wirepad);
        aside.push_back("content-length");
      }
      CAPTURE(by_wirepad, by_code);
      if (runner.format == ExportFormat::python_socket || runner.format == ExportFormat::python_http_client) {
        CHECK(by_code == by_wirepad);  // byte for byte, header order included
        continue;
      }
      Parsed expected = parse(by_wirepad), actual = parse(by_code);
      auto without = [&](std::vector<std::string> headers) {
        headers.erase(std::remove_if(headers.begin(), headers.end(),
                                     [&](const std::string& h) {
                                       return std::find(aside.begin(), aside.end(), h.substr(0, h.find(':'))) != aside.end();
                                     }),
                      headers.end());
        return headers;
      };
      CHECK(actual.request_line == expected.request_line);
      CHECK(without(actual.headers) == without(expected.headers));
      CHECK(actual.body == expected.body);
    }
  }
  std::filesystem::remove_all(dir);
}
