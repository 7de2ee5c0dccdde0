// Wirepad against real curl, one generator of command lines for two tests: for generated
// combinations of curl options (auth, every data form, -F parts and files, --json, -G,
// --url-query, -T, -r, -e, -A, -b, headers, -x to a capturing proxy), the bytes that
// `wirepad run` sends for the imported experiment, and the bytes that `wirepad send ARGS` sends,
// equal the bytes `curl ARGS` sends, all captured by a loopback server (capture_server.py).
// curl's multipart boundary is replaced by Wirepad's; the User-Agent is the same on both sides
// (-A first, so a later -A wins on both). `send` is compared byte for byte (curl's header
// order, an empty header's "Name:", no Content-Length for a method without data, braces
// escaped %7b); `run` header by header as a set (an experiment keeps no header order of curl's,
// and a body method without data keeps its Content-Length: 0, docs/send.md).
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
const std::vector<Args> kMethods = {{}, {}, {"-X", "PUT"}, {"-X", "PATCH"}, {"-X", "POST"}, {"-X", "DELETE"}};
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
    {"-G", "-d", "k=%7B%2f", "--data-urlencode", "t={x}"},
    {"-T", "upload.txt", "-H", "Content-Type: text/plain"},
    {"-H", "Content-Type: application/json", "--data-raw", "{\"x\":\"y\"}"},
    {"-H", "Content-Type:", "-d", "a=1"},
    {"-d", ""},  // a body of 0 bytes: curl states Content-Length: 0
};
const std::vector<Args> kHeaders = {{},
                                    {"-H", "X-Trace: a'b\"c"},
                                    {"-A", "agent/1.0", "-e", "http://ref.test/"},
                                    {"-r", "0-99"},
                                    {"-b", "a=1", "-b", "b=2"},
                                    {"--compressed"},
                                    {"-H", "X-Empty;", "-H", "Accept: text/html"}};
// curl 7.88 writes the %XX escapes of what it appends in lower case, typed ones too ("+u=%7B"
// goes out as "u=%7b"); the URL's own query ("/p?x=%7B") keeps its case.
const std::vector<Args> kQueries = {{}, {"--url-query", "q=a b"}, {"--url-query", "+raw=%41&x"}, {},
                                    {"--url-query", "+u=%7B%7b%2F", "--url-query", "v={}"}};
const std::vector<std::string> kPaths = {"/p", "/p?x=1", "/dir/", "/a/b?flag#frag", "/c?k=%7B%7d"};
// "PROXY" is the capture server's origin: it records the absolute-form request curl and
// Wirepad send it as a proxy.
const std::vector<Args> kProxies = {{}, {}, {}, {"-x", "PROXY"}, {"-x", "PROXY", "-U", "pu:p w"}};
// Headers an experiment cannot hold as curl sends them (an experiment always has User-Agent
// and Accept): drawn for the send test only.
const std::vector<Args> kSendOnlyHeaders = {
    {"-H", "Accept:", "-H", "X-Gone:", "-H", "X-Blank: "},  // "Name:" removes, as does "Name: "
    {"-H", "User-Agent;", "-H", "X-Empty;"},                 // "Name;" sends "Name:" with no value
    {"-A", ""},                                               // no User-Agent at all
};
// Literal braces: curl escapes them %7b%7d in --url-query and -G values (send has no variables).
const std::vector<Args> kSendOnlyQueries = {{"--url-query", "t={{x}} {y}"}, {"--url-query", "{{z}}"}};
// Only `send` reads files when the command runs (an imported experiment keeps paths, and notes
// what curl reads at once): these bodies are drawn for the send test only.
const std::vector<Args> kSendOnlyBodies = {
    {"-d", "@crlf.txt"},                                  // without its CR and LF bytes
    {"-d", "a=1", "-d", "@oneline.txt", "--data-binary", "@crlf.txt"},  // files among other data
    {"-H", "@headers.txt", "-d", "x=1"},                  // one header a line
    {"-F", "t=<notes.txt", "-F", "u=<page.html;type=text/html"},  // text parts from files
    {"--url-query", "q@notes.txt", "--url-query", "@page.html"},
    {"-T", "upload.txt"},                                 // no Content-Type, as curl
    {"-r", "2-5", "-d", "ranged"},                        // Content-Range with a body
    {"-G", "--data-urlencode", "n@notes.txt", "-d", "@oneline.txt"},
    {"--data-urlencode", "@crlf.txt", "--data-urlencode", "k@payload.bin"},
    {"--json", "@body.json", "--json", "[2]"},
    // The user's boundary: curl appends its own after it and frames the parts with its own.
    {"-H", "Content-Type: multipart/form-data; boundary=XyZ", "-F", "a=b", "-F", "f=@notes.txt"},
    {"-H", "Content-Type: multipart/mixed; boundary=\"q t\"; charset=utf-8", "-F", "a=b"},
};

struct Generated {
  Args args;  // without "curl"
  bool has_body = false;
  bool negotiates = false;  // --digest or --anyauth (curl probes first with a body)
};

// `count` command lines; the first ones take each body of `bodies` in turn, the others draw.
std::vector<Generated> generate(const std::string& origin, const std::vector<Args>& bodies, int count, std::uint64_t seed,
                                const std::vector<Args>& headers_drawn = kHeaders,
                                const std::vector<Args>& queries_drawn = kQueries,
                                bool zero_byte_body_negotiates = true) {
  std::uint64_t state = seed;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<Generated> out;
  for (int i = 0; i < count; ++i) {
    const Args& body = bodies[i < int(bodies.size()) ? std::size_t(i) : next() % bodies.size()];
    const Args* auth_drawn = &kAuth[next() % kAuth.size()];
    // An experiment cannot tell `-d ''` (a body of 0 bytes, which curl sends again after a
    // probe that no challenge answered) from no body: that pair is checked by `send` only.
    const bool zero_byte_body = body.size() == 2 && body[0] == "-d" && body[1].empty();
    if (!zero_byte_body_negotiates && zero_byte_body && auth_drawn->size() > 0 &&
        ((*auth_drawn)[0] == "--digest" || (*auth_drawn)[0] == "--anyauth"))
      auth_drawn = &kAuth[0];
    const Args& auth = *auth_drawn;
    const Args* headers = &headers_drawn[next() % headers_drawn.size()];
    bool has_body = false;  // a body goes out (not -G's query, not --url-query)
    for (const std::string& a : body)
      has_body |= a == "-d" || a.rfind("--data", 0) == 0 || a == "--json" || a == "-F" || a == "--form-string" || a == "-T";
    if (!body.empty() && body[0] == "-G") has_body = false;
    // -r with a body is Content-Range in curl, noted by the import (tested in tests/core).
    if (has_body && !headers->empty() && (*headers)[0] == "-r") headers = &kHeaders[0];
    // curl 7.88 drops --url-query when -G is given (later curl appends both, as the import
    // does); that pair is checked in tests/core instead.
    const Args* query = &queries_drawn[next() % queries_drawn.size()];
    if (!body.empty() && body[0] == "-G") query = &kQueries[0];
    Generated g;
    g.args = {"-s", "-o", "/dev/null", "-A", std::string(wirepad::kUserAgent)};
    const Args* proxy = &kProxies[next() % kProxies.size()];
    // With --digest or --anyauth and a body, when no challenge comes (this server answers 200),
    // curl 7.88 sends the request again without -U's Proxy-Authorization, which a real proxy
    // answers with 407 (tinyproxy does); Wirepad keeps it (docs/send.md). With a challenge,
    // both send it in both requests: the -U test at the end of this file.
    bool negotiates = !auth.empty() && (auth[0] == "--digest" || auth[0] == "--anyauth");
    if (negotiates && proxy->size() > 2) proxy = &kProxies[3];
    for (const Args* group : {&kMethods[next() % kMethods.size()], &auth, &body, headers, query, proxy}) {
      for (const std::string& a : *group) g.args.push_back(a == "PROXY" ? origin : a);
    }
    g.args.push_back(origin + kPaths[next() % kPaths.size()]);
    g.has_body = has_body;
    g.negotiates = negotiates;
    out.push_back(std::move(g));
  }
  return out;
}

std::filesystem::path files_folder() {
  char tmpl[] = "/tmp/wirepad-curl-diff-XXXXXX";
  REQUIRE(::mkdtemp(tmpl) != nullptr);
  std::filesystem::path dir = tmpl;
  write(dir / "payload.bin", std::string("\x00\x10 bin\r\n\xfe\xff", 10));
  write(dir / "oneline.txt", "from=file&n=1");
  write(dir / "crlf.txt", "a=1\r\nb=two words\n\nc=3\n");
  write(dir / "headers.txt", "X-From-File: one\r\n\n# not a header\nX-Second: two\n");
  write(dir / "body.json", "{\"from\": \"file\"}");
  write(dir / "notes.txt", "line one\nline two\n");
  write(dir / "page.html", "<p>hi</p>");
  write(dir / "upload.txt", "uploaded text\n");
  std::filesystem::create_directory(dir / "sub");
  write(dir / "sub" / "pic.png", "\x89PNG fake");
  std::filesystem::current_path(dir);  // curl reads its @files from here, as does wirepad send
  return dir;
}

std::string shell_line(const Args& args) {
  std::string command = "curl";
  for (const std::string& a : args) command += " " + wirepad::quote_for_bash(a);
  return command;
}

// curl's request, the one to compare: with Digest or --anyauth and a body, curl first probes
// with "Content-Length: 0" and no body (libcurl's auth negotiation), then, as this server
// answers 200 without a challenge, sends the request again in full. That second request is
// the one compared (Wirepad does the same: wirepad_request).
// Never standard (RFC 9112 Appendix C.2.2), and not sent by Wirepad (docs/proxies.md).
std::string without_proxy_connection(const std::string& request) {
  return replace_all(request, "\r\nProxy-Connection: Keep-Alive", "");
}

// `probe`, when given, gets the probe (empty when there was none).
std::string curl_request(Capture& capture, const Generated& g, std::string* probe = nullptr) {
  Args curl = {"curl"};
  curl.insert(curl.end(), g.args.begin(), g.args.end());
  auto c = run_command(curl);
  REQUIRE(c.status == 0);
  std::string from_curl = capture.next();
  if (g.negotiates && g.has_body && from_curl.find("\r\nContent-Length: 0\r\n") != std::string::npos) {
    if (probe) *probe = without_proxy_connection(from_curl);
    from_curl = capture.next();
  }
  return without_proxy_connection(from_curl);
}

// Wirepad's request, the one to compare: with Digest or --anyauth and a body, Wirepad probes
// as curl does (shared/auth_flow.h: "Content-Length: 0", no body) and, with no challenge,
// sends the request again in full; that second one is compared.
std::string wirepad_request(Capture& capture, const Generated& g, std::string* probe = nullptr) {
  std::string from_wirepad = capture.next();
  if (g.negotiates && g.has_body && from_wirepad.find("\r\nContent-Length: 0\r\n") != std::string::npos) {
    if (probe) *probe = from_wirepad;
    from_wirepad = capture.next();
  }
  return from_wirepad;
}

// curl's request with its multipart boundary replaced by the one Wirepad sent.
std::string with_boundary_of(const std::string& from_curl, const std::string& from_wirepad) {
  std::string theirs = boundary_of(from_curl), ours = boundary_of(from_wirepad);
  if (theirs.empty() || ours.empty()) return from_curl;
  return replace_all(from_curl, theirs, ours);
}

// Compares what Wirepad sent with what curl sent, boundaries made the same.
void compare(std::string from_curl, const std::string& from_wirepad, const Generated& g, bool in_order) {
  std::string theirs = boundary_of(from_curl), ours = boundary_of(from_wirepad);
  if (!theirs.empty() && !ours.empty()) {
    CHECK(theirs.size() == ours.size());
    from_curl = replace_all(from_curl, theirs, ours);
  }
  if (in_order) {
    // `send`: the same bytes, every space and the order of every header.
    CHECK(from_wirepad == from_curl);
    return;
  }
  Parsed expected = parse(from_curl, true), actual = parse(from_wirepad, true);
  // An experiment's body method without data keeps "Content-Length: 0" (servers answer 411
  // without it, docs/send.md); curl sends none for -X PUT/PATCH/POST alone. And an experiment
  // cannot tell `-d ''` from no body: a DELETE with it goes without, curl says 0.
  if (actual.body.empty() && expected.body.empty()) {
    std::erase(actual.headers, std::string("content-length: 0"));
    std::erase(expected.headers, std::string("content-length: 0"));
  }
  CHECK(actual.request_line == expected.request_line);
  CHECK(actual.headers == expected.headers);
  CHECK(actual.body == expected.body);
}

}  // namespace

TEST_CASE("curl commands imported and sent by wirepad run send curl's bytes", "[curl_import][curl][differential]") {
  Capture capture;
  std::filesystem::path dir = files_folder();
  int compared = 0;
  for (const Generated& g : generate(capture.origin, kBodies, 160, 0x2545F4914F6CDD1Dull, kHeaders, kQueries, false)) {
    std::string command = shell_line(g.args);
    CAPTURE(command);
    std::string from_curl = curl_request(capture, g);
    wirepad::Result<wirepad::CurlImport> imported = wirepad::import_curl(command);
    REQUIRE(imported.ok());
    for (const wirepad::ImportNote& n : imported->ignored) UNSCOPED_INFO("note: " << n.what << ": " << n.sentence);
    write(dir / "experiment.json", wirepad::serialize_experiment(imported->experiment));
    auto w = run_command({WIREPAD_BINARY, "run", (dir / "experiment.json").string()});
    INFO("wirepad stderr: " << w.err);
    REQUIRE(w.status == 0);
    compare(from_curl, wirepad_request(capture, g), g, false);
    ++compared;
  }
  CHECK(compared == 160);
}

TEST_CASE("wirepad send ARGS sends the bytes curl ARGS sends, headers in curl's order", "[cli][curl][differential]") {
  Capture capture;
  files_folder();
  std::vector<Args> bodies = kBodies, headers = kHeaders, queries = kQueries;
  bodies.insert(bodies.end(), kSendOnlyBodies.begin(), kSendOnlyBodies.end());
  headers.insert(headers.end(), kSendOnlyHeaders.begin(), kSendOnlyHeaders.end());
  queries.insert(queries.end(), kSendOnlyQueries.begin(), kSendOnlyQueries.end());
  int compared = 0;
  for (const Generated& g : generate(capture.origin, bodies, 180, 0x9E3779B97F4A7C15ull, headers, queries)) {
    CAPTURE(shell_line(g.args));
    std::string curl_probe, wirepad_probe;
    std::string from_curl = curl_request(capture, g, &curl_probe);
    Args send = {WIREPAD_BINARY, "send"};
    send.insert(send.end(), g.args.begin(), g.args.end());
    auto w = run_command(send);
    INFO("wirepad stderr: " << w.err);
    REQUIRE(w.status == 0);
    std::string from_wirepad = wirepad_request(capture, g, &wirepad_probe);
    CHECK(wirepad_probe == with_boundary_of(curl_probe, wirepad_probe));  // Digest's probe, byte for byte
    compare(from_curl, from_wirepad, g, true);
    ++compared;
  }
  CHECK(compared == 180);
}

namespace {

// A Digest Authorization with its random parts (cnonce, and the response computed from it)
// made the same, so two clients' answers to one challenge compare as bytes.
std::string same_cnonce(std::string request) {
  for (const char* field : {"cnonce=\"", "response=\""}) {
    std::size_t at = request.find(field);
    if (at == std::string::npos) continue;
    at += std::string(field).size();
    request.replace(at, request.find('"', at) - at, "X");
  }
  return request;
}

}  // namespace

// curl 7.88 through a proxy with -U and a Digest origin (checked with --trace-ascii through
// Debian's tinyproxy): the probe carries Proxy-Authorization, and so does the answer to the
// challenge, right after Host. Here the capturing server is the proxy and challenges (its
// --digest mode), so both requests of each command are recorded from curl and from Wirepad.
TEST_CASE("wirepad send -U with --digest through a proxy: the probe and the answer are curl's bytes", "[cli][curl][proxy]") {
  Capture capture("--digest");
  files_folder();
  const std::vector<Args> commands = {
      {"--digest", "-u", "user:pw"},
      {"--digest", "-u", "user:pw", "-d", "a=1"},
      {"--digest", "-u", "user:pw", "-X", "PUT"},
      {"--digest", "-u", "user:pw", "-X", "PUT", "--data-binary", "@payload.bin"},
      {"--anyauth", "-u", "a:b", "-F", "f=@notes.txt", "-H", "X-Empty;"},
      {"--digest", "-u", "user:pw", "--json", "[1]", "-H", "Accept:"},
  };
  int compared = 0;
  for (const Args& command : commands) {
    Args args = {"-s", "-o", "/dev/null", "-A", std::string(wirepad::kUserAgent), "-x", capture.origin, "-U", "pu:p w"};
    args.insert(args.end(), command.begin(), command.end());
    args.push_back("http://origin.test/dir/x?q=1");
    CAPTURE(shell_line(args));
    Args curl = {"curl"}, send = {WIREPAD_BINARY, "send"};
    curl.insert(curl.end(), args.begin(), args.end());
    send.insert(send.end(), args.begin(), args.end());
    REQUIRE(run_command(curl).status == 0);
    std::string curl_probe = without_proxy_connection(capture.next());
    std::string curl_answer = without_proxy_connection(capture.next());
    auto w = run_command(send);
    INFO("wirepad stderr: " << w.err);
    REQUIRE(w.status == 0);
    std::string wirepad_probe = capture.next(), wirepad_answer = capture.next();
    CHECK(curl_probe.find("\r\nProxy-Authorization: Basic cHU6cCB3\r\n") != std::string::npos);
    CHECK(curl_probe.find("\r\nAuthorization:") == std::string::npos);
    CHECK(wirepad_probe == with_boundary_of(curl_probe, wirepad_probe));
    CHECK(same_cnonce(wirepad_answer) == same_cnonce(with_boundary_of(curl_answer, wirepad_answer)));
    ++compared;
  }
  CHECK(compared == int(commands.size()));
}
