// curl import against real curl: for generated combinations of curl options (auth, every
// data form, -F parts and files, --json, -G, --url-query, -T, -r, -e, -A, -b, headers), the
// bytes `wirepad run` sends for the imported experiment equal the bytes curl sends for the same
// command line, both captured by a loopback server (capture_server.py). curl's multipart
// boundary is replaced by Wirepad's and headers are compared as a set (their order differs);
// the User-Agent is the same on both sides (-A first, so a later -A wins on both).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture_support.h"
#include "child_process.h"
#include "shared/curl_import.h"
#include "shared/experiment.h"
#include "shared/http_message.h"
#include "shared/shell_words.h"

using wirepad::test::ChildProcess;
using wirepad::test::run_command;
using wirepad::test::Capture;
using wirepad::test::Parsed;
using wirepad::test::boundary_of;
using wirepad::test::parse;
using wirepad::test::replace_all;
using wirepad::test::write;

namespace {

using Args = std::vector<std::string>;

// Option groups; one choice of each makes a command line.
const std::vector<Args> kMethods = {{}, {}, {"-X", "PUT"}, {"-X", "PATCH"}};
const std::vector<Args> kAuth = {{},
                                 {"-u", "ada:l0ve:lace"},
                                 {"--digest", "-u", "user:pw"},
                                 {"--oauth2-bearer", "tok.en-1"},
                                 {"--basic", "-u", "x:y z"},
                                 {"--anyauth", "-u", "a:b"}};
const std::vector<Args> kBodies = {
    {},
    {"-d", "a=1&b=two%20words"},
    {"-d", "not pairs"},
    {"--data-ascii", "k=v", "--data-raw", "@literal"},
    {"--data-urlencode", "q=a b&c/=\xc3\xa9~", "--data-urlencode", "=v w", "--data-urlencode", "plain text"},
    {"--data-urlencode", "id=a{b}c", "--data-urlencode", "n=", "-d", "x=1"},
    {"--data-binary", "@payload.bin"},
    {"-d", "@oneline.txt"},
    {"--json", "{\"a\": [1, 2]}"},
    {"--json", "{\"a\":", "--json", "1}"},
    {"--json", "@body.json"},
    {"-F", "a=b", "-F", "f=@notes.txt"},
    {"-F", "g=y;type=text/plain;filename=n.txt", "-F", "q=\"semi;colon\"", "--form-string", "lit=@not;file"},
    {"-F", "pic=@sub/pic.png;filename=other.png", "-F", "page=@page.html;type=text/x-custom"},
    {"-H", "Content-Type: multipart/form-data", "-F", "a=b"},
    {"-G", "-d", "q=wire", "--data-urlencode", "s=a b"},
    {"-T", "upload.txt", "-H", "Content-Type: text/plain"},
    {"-H", "Content-Type: application/json", "--data-raw", "{\"x\":\"y\"}"},
    {"-H", "Content-Type:", "-d", "a=1"},
};
const std::vector<Args> kHeaders = {{},
                                    {"-H", "X-Trace: a'b\"c"},
                                    {"-A", "agent/1.0", "-e", "http://ref.test/"},
                                    {"-r", "0-99"},
                                    {"-b", "a=1", "-b", "b=2"},
                                    {"--compressed"},
                                    {"-H", "X-Empty;", "-H", "Accept: text/html"}};
const std::vector<Args> kQueries = {{}, {"--url-query", "q=a b"}, {"--url-query", "+raw=%41&x"}, {}};
const std::vector<std::string> kPaths = {"/p", "/p?x=1", "/dir/", "/a/b?flag#frag"};

}  // namespace

TEST_CASE("curl commands imported and sent by wirepad run send curl's bytes", "[curl_import][curl]") {
  Capture capture;
  char tmpl[] = "/tmp/wirepad-curl-diff-XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  std::filesystem::path dir = tmpl;
  write(dir / "payload.bin", std::string("\x00\x10 bin\r\n\xfe\xff", 10));
  write(dir / "oneline.txt", "from=file&n=1");
  write(dir / "body.json", "{\"from\": \"file\"}");
  write(dir / "notes.txt", "line one\nline two\n");
  write(dir / "page.html", "<p>hi</p>");
  write(dir / "upload.txt", "uploaded text\n");
  std::filesystem::create_directory(dir / "sub");
  write(dir / "sub" / "pic.png", "\x89PNG fake");
  std::filesystem::current_path(dir);  // curl reads its @files from here, wirepad beside the experiment

  std::uint64_t state = 0x2545F4914F6CDD1Dull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  int compared = 0;
  for (int i = 0; i < 160; ++i) {
    // Every body at least once, with the other groups drawn.
    const Args& body = kBodies[i < int(kBodies.size()) ? std::size_t(i) : next() % kBodies.size()];
    const Args& auth = kAuth[next() % kAuth.size()];
    const Args* headers = &kHeaders[next() % kHeaders.size()];
    bool has_body = !body.empty() && body[0] != "-G";
    // -r with a body is Content-Range in curl, noted by the import (tested in tests/core).
    if (has_body && !headers->empty() && (*headers)[0] == "-r") headers = &kHeaders[0];
    // curl 7.88 drops --url-query when -G is given (later curl appends both, as the import
    // does); that pair is checked in tests/core instead.
    const Args* query = &kQueries[next() % kQueries.size()];
    if (!body.empty() && body[0] == "-G") query = &kQueries[0];
    Args args = {"curl", "-s", "-o", "/dev/null", "-A", std::string(wirepad::kUserAgent)};
    for (const Args* group : {&kMethods[next() % kMethods.size()], &auth, &body, headers, query}) {
      args.insert(args.end(), group->begin(), group->end());
    }
    args.push_back(capture.origin + kPaths[next() % kPaths.size()]);
    std::string command;
    for (const std::string& a : args) command += (command.empty() ? "" : " ") + wirepad::quote_for_bash(a);
    CAPTURE(i, command);
    // -G with -X PUT and friends are fine for curl; -T with a method keeps the method.
    auto c = run_command(args);
    REQUIRE(c.status == 0);
    std::string from_curl = capture.next();
    // Digest and --anyauth with a body: curl first probes with "Content-Length: 0" and no
    // body (libcurl's auth negotiation), then, as this server answers 200 without a
    // challenge, sends the request again in full. That second request is the one compared, and
    // Wirepad's `run` does the same (shared/auth_flow.h).
    bool negotiates = !auth.empty() && (auth[0] == "--digest" || auth[0] == "--anyauth");
    if (negotiates && has_body && from_curl.find("\r\nContent-Length: 0\r\n") != std::string::npos) {
      from_curl = capture.next();
    }

    wirepad::Result<wirepad::CurlImport> imported = wirepad::import_curl(command);
    REQUIRE(imported.ok());
    for (const wirepad::ImportNote& n : imported->ignored) UNSCOPED_INFO("note: " << n.what << ": " << n.sentence);
    write(dir / "experiment.json", wirepad::serialize_experiment(imported->experiment));
    auto w = run_command({WIREPAD_BINARY, "run", (dir / "experiment.json").string()});
    INFO("wirepad stderr: " << w.err);
    REQUIRE(w.status == 0);
    std::string from_wirepad = capture.next();
    // Wirepad's Digest probe does the same as curl's (shared/auth_flow.h): compare the second.
    if (negotiates && has_body && from_wirepad.find("\r\nContent-Length: 0\r\n") != std::string::npos)
      from_wirepad = capture.next();

    std::string theirs = boundary_of(from_curl), ours = boundary_of(from_wirepad);
    if (!theirs.empty() && !ours.empty()) {
      CHECK(theirs.size() == ours.size());
      from_curl = replace_all(from_curl, theirs, ours);
    }
    Parsed expected = parse(from_curl), actual = parse(from_wirepad);
    // A known difference of the serializer (docs/import-export.md): -X PUT/PATCH/DELETE
    // without data sends "Content-Length: 0" in Wirepad, nothing in curl.
    if (!has_body && actual.body.empty() && expected.body.empty()) {
      std::erase(actual.headers, std::string("content-length: 0"));
      std::erase(expected.headers, std::string("content-length: 0"));
    }
    CHECK(actual.request_line == expected.request_line);
    CHECK(actual.headers == expected.headers);
    CHECK(actual.body == expected.body);
    ++compared;
  }
  CHECK(compared == 160);
}
