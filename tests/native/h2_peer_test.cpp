// native: `wirepad send` speaking HTTP/2 against real servers on loopback: nghttpd (h2c with
// prior knowledge, and h2 over TLS chosen by ALPN), nginx's http2 module and hypercorn
// (tests/native/h2_peer.py), side by side with curl for the bytes printed; and the raw-socket
// servers of h2_peer.py that break HTTP/2 on purpose, each a named error.
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/native/child_process.h"
#include "tests/native/lighttpd_digest.h"  // free_port
#include "tests/native/tls_test_pki.h"

using wirepad::test::ChildProcess;
using wirepad::test::free_port;
using wirepad::test::run_command;
using wirepad::test::RunResult;
using Json = nlohmann::json;

namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

void wait_for_port(std::uint16_t port) {
  for (int i = 0; i < 200 && !wirepad::test::loopback_port_open(port); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  REQUIRE(wirepad::test::loopback_port_open(port));
}

RunResult send(std::vector<std::string> args) {
  args.insert(args.begin(), {WIREPAD_BINARY, "send"});
  return run_command(args);
}

// The date changes from one second to the next: compared without it.
std::string without_date(const std::string& head) {
  std::istringstream in(head);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind("date:", 0) != 0) out += line + "\n";
  return out;
}

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string pattern_bytes(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = char(i * 7 % 253);
  return s;
}

// nghttpd serving `dir`: plain h2c, or TLS (ALPN h2) with the given certificate.
struct Nghttpd {
  std::uint16_t port = free_port();
  std::unique_ptr<ChildProcess> process;
  Nghttpd(const fs::path& dir, const std::string& cert = "", const std::string& key = "") {
    std::vector<std::string> args{"/usr/sbin/nghttpd", "-d", dir.string()};
    if (cert.empty()) {
      args.push_back("--no-tls");
      args.push_back(std::to_string(port));
    } else {
      args.insert(args.end(), {std::to_string(port), key, cert});
    }
    process = std::make_unique<ChildProcess>(args, true);
    REQUIRE(process->started());
    wait_for_port(port);
  }
};

struct EchoPeer {  // hypercorn, h2_peer.py echo
  std::uint16_t port = free_port();
  std::unique_ptr<ChildProcess> process;
  explicit EchoPeer(const std::string& cert = "", const std::string& key = "") {
    std::vector<std::string> args{"/usr/bin/python3", WIREPAD_H2_PEER, "echo", std::to_string(port)};
    if (!cert.empty()) args.insert(args.end(), {cert, key});
    process = std::make_unique<ChildProcess>(args);
    REQUIRE(process->started());
    REQUIRE(process->wait_for_line("listening", 20));
  }
  std::string url(const std::string& path, bool tls = false) const {
    return std::string(tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port) + path;
  }
};

}  // namespace

TEST_CASE("h2c with prior knowledge against nghttpd prints the bytes curl prints", "[h2][peers]") {
  TempDir dir("wirepad-h2c");
  std::ofstream(dir.path / "hello.txt") << "hello over h2c\n";
  Nghttpd server(dir.path);
  std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/hello.txt";
  RunResult ours = send({"--http2-prior-knowledge", url});
  RunResult curl = run_command({"curl", "-si", "--http2-prior-knowledge", url});
  REQUIRE(ours.status == 0);
  REQUIRE(curl.status == 0);
  CHECK(ours.out.rfind("HTTP/2 200 \r\n", 0) == 0);
  CHECK(without_date(ours.out) == without_date(curl.out));
  CHECK(has(ours.out, "hello over h2c\n"));

  SECTION("-v lists the frames both ways, with the decoded fields") {
    RunResult verbose = send({"-v", "--http2-prior-knowledge", url});
    REQUIRE(verbose.status == 0);
    CHECK(has(verbose.err, "HTTP/2 (prior knowledge), request on stream 1"));
    CHECK(has(verbose.err, "send SETTINGS <length=18, flags=none, stream=0> MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=33554432, ENABLE_PUSH=0"));
    CHECK(has(verbose.err, "send HEADERS <length="));
    CHECK(has(verbose.err, "> :path: /hello.txt"));
    CHECK(has(verbose.err, "recv SETTINGS"));
    CHECK(has(verbose.err, "< :status: 200"));
    CHECK(has(verbose.err, "recv DATA <length=15, flags=END_STREAM, stream=1> 15 bytes of data"));
  }
  SECTION("--json has the frames, their offsets and sizes in the bytes received") {
    RunResult json = send({"--json", "--http2-prior-knowledge", url});
    REQUIRE(json.status == 0);
    Json j = Json::parse(json.out);
    CHECK(j["http_version"] == "2");
    CHECK(j["http2"]["how"] == "prior knowledge");
    std::size_t received = 0, sent = 24;  // the client preface comes before the first frame sent
    for (const Json& f : j["http2"]["frames"]) {
      std::size_t& at = f["sent"].get<bool>() ? sent : received;
      CHECK(f["offset"].get<std::size_t>() == at);
      at += 9 + f["length"].get<std::size_t>();
    }
    // Every byte of each direction is in a frame (JSON's strings hold binary bytes escaped, so
    // the totals come from the timeline's reads and writes).
    std::size_t read = 0, written = 0;
    for (const Json& e : j["events"]) {
      std::string text = e["text"];
      if (text.rfind("received ", 0) == 0) read += std::stoul(text.substr(9));
      if (text.rfind("sent ", 0) == 0) written += std::stoul(text.substr(5));
    }
    CHECK(received == read);
    CHECK(sent == written);
  }
}

TEST_CASE("h2 over TLS: ALPN chooses h2 with nghttpd, and a 4 MiB download arrives whole", "[h2][peers][tls]") {
  wirepad::test::TestPki pki;
  auto leaf = pki.leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1");
  TempDir dir("wirepad-h2tls");
  const std::string big = pattern_bytes(4 << 20);
  std::ofstream(dir.path / "big.bin", std::ios::binary) << big;
  std::ofstream(dir.path / "small.txt") << "small\n";
  Nghttpd server(dir.path, leaf.cert_file, leaf.key_file);
  const std::string base = "https://127.0.0.1:" + std::to_string(server.port);

  RunResult json = send({"--json", "--http2", "--cacert", pki.ca.cert_file, base + "/small.txt"});
  REQUIRE(json.status == 0);
  Json j = Json::parse(json.out);
  CHECK(j["tls"]["alpn"] == "h2");
  CHECK(j["http2"]["how"] == "ALPN h2");
  CHECK(j["body"] == "small\n");

  RunResult download = send({"--http2", "--cacert", pki.ca.cert_file, "-o", (dir.path / "got.bin").string(), base + "/big.bin"});
  REQUIRE(download.status == 0);
  std::ifstream got(dir.path / "got.bin", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(got)), std::istreambuf_iterator<char>());
  CHECK(bytes.size() == big.size());
  CHECK(bytes == big);

  SECTION("several URLs share one connection as streams 1, 3, 5, each printed in order") {
    RunResult r = send({"-v", "--http2", "--cacert", pki.ca.cert_file, base + "/small.txt", base + "/big.bin", base + "/small.txt"});
    REQUIRE(r.status == 0);
    CHECK(has(r.err, "one connection, 3 requests as HTTP/2 streams"));
    for (const char* stream : {"goes on stream 1", "goes on stream 3", "goes on stream 5"}) CHECK(has(r.err, stream));
    // One TLS handshake for the three: the connection's frames list one client preface SETTINGS.
    std::size_t settings = 0;
    for (std::size_t at = 0; (at = r.err.find("send SETTINGS <length=18", at)) != std::string::npos; ++at) ++settings;
    CHECK(settings == 1);
    const std::size_t first = r.out.find("small\n"), second = r.out.find(big.substr(0, 64)), third = r.out.rfind("small\n");
    REQUIRE(first != std::string::npos);
    REQUIRE(second != std::string::npos);
    CHECK(first < second);
    CHECK(second < third);
    CHECK(r.out.size() > big.size());
  }
  SECTION("without --http2 the same server is asked for http/1.1 only, and refuses") {
    // nghttpd speaks only h2: offered http/1.1 alone it fails the handshake or closes.
    RunResult h1 = send({"--cacert", pki.ca.cert_file, base + "/small.txt"});
    CHECK(h1.status != 0);
  }
}

TEST_CASE("nginx's http2 module: the same status line, fields and body as curl --http2", "[h2][peers][tls]") {
  wirepad::test::TestPki pki;
  auto leaf = pki.leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1");
  TempDir dir("wirepad-h2nginx");
  fs::create_directories(dir.path / "www");
  std::ofstream(dir.path / "www" / "page.html") << "<p>nginx over h2</p>\n";
  std::uint16_t h2_port = free_port(), h1_port = free_port();
  std::ofstream(dir.path / "nginx.conf")
      << "daemon off;\nmaster_process off;\nworker_processes 1;\npid " << (dir.path / "nginx.pid").string() << ";\n"
      << "error_log " << (dir.path / "error.log").string() << ";\nevents {}\n"
      << "http {\n  access_log off;\n  client_body_temp_path " << dir.path.string() << "/body;\n"
      << "  proxy_temp_path " << dir.path.string() << "/proxy;\n  fastcgi_temp_path " << dir.path.string() << "/fcgi;\n"
      << "  uwsgi_temp_path " << dir.path.string() << "/uwsgi;\n  scgi_temp_path " << dir.path.string() << "/scgi;\n"
      << "  ssl_certificate " << leaf.cert_file << ";\n  ssl_certificate_key " << leaf.key_file << ";\n"
      << "  server {\n    listen 127.0.0.1:" << h2_port << " ssl http2;\n    root " << (dir.path / "www").string() << ";\n"
      << "    location = /proto { default_type text/plain; return 200 \"$server_protocol $request_method\\n\"; }\n  }\n"
      << "  server {\n    listen 127.0.0.1:" << h1_port << " ssl;\n    root " << (dir.path / "www").string() << ";\n"
      << "    location = /proto { default_type text/plain; return 200 \"$server_protocol $request_method\\n\"; }\n  }\n}\n";
  ChildProcess nginx({"/usr/sbin/nginx", "-c", (dir.path / "nginx.conf").string(), "-p", dir.path.string()}, true);
  REQUIRE(nginx.started());
  wait_for_port(h2_port);
  wait_for_port(h1_port);
  const std::string h2 = "https://127.0.0.1:" + std::to_string(h2_port);

  for (const std::string path : {"/page.html", "/proto"}) {
    RunResult ours = send({"--http2", "--cacert", pki.ca.cert_file, h2 + path});
    RunResult curl = run_command({"curl", "-si", "--http2", "--cacert", pki.ca.cert_file, h2 + path});
    REQUIRE(ours.status == 0);
    REQUIRE(curl.status == 0);
    CHECK(without_date(ours.out) == without_date(curl.out));
  }
  RunResult proto = send({"--http2", "--cacert", pki.ca.cert_file, "-X", "DELETE", h2 + "/proto"});
  CHECK(has(proto.out, "HTTP/2.0 DELETE\n"));

  SECTION("several URLs to a server that chooses http/1.1 go one by one, as HTTP/1.1") {
    const std::string h1 = "https://127.0.0.1:" + std::to_string(h1_port) + "/proto";
    RunResult v = send({"-v", "--http2", "--cacert", pki.ca.cert_file, h1, h1});
    REQUIRE(v.status == 0);
    CHECK(has(v.err, "the server did not choose h2 in ALPN: the URLs go one by one"));
    std::size_t answers = 0;
    for (std::size_t at = 0; (at = v.out.find("HTTP/1.1 GET\n", at)) != std::string::npos; ++at) ++answers;
    CHECK(answers == 2);
  }
  SECTION("a server that chooses http/1.1 in ALPN is spoken to in HTTP/1.1, and the log says why") {
    RunResult v = send({"-v", "--http2", "--cacert", pki.ca.cert_file, "https://127.0.0.1:" + std::to_string(h1_port) + "/proto"});
    REQUIRE(v.status == 0);
    CHECK(v.out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(has(v.out, "HTTP/1.1 GET\n"));
    CHECK(has(v.err, "HTTP/1.1: the server did not choose h2 in ALPN"));
  }
}

TEST_CASE("hypercorn over h2c: bodies, a 1 MiB upload and the fields HTTP/2 forbids", "[h2][peers]") {
  EchoPeer peer;
  SECTION("a form body and a query") {
    RunResult r = send({"--http2-prior-knowledge", "-d", "a=1&b=2", peer.url("/echo?x=1")});
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("HTTP/2 201 \r\n", 0) == 0);
    Json j = Json::parse(r.out.substr(r.out.find("\r\n\r\n") + 4));
    CHECK(j["http_version"] == "2");
    CHECK(j["method"] == "POST");
    CHECK(j["query"] == "x=1");
    CHECK(j["body_size"] == 7);
  }
  SECTION("1 MiB upload, past the 65,535-byte initial window: flow control keeps it whole") {
    TempDir dir("wirepad-h2up");
    const std::string body = pattern_bytes(1 << 20);
    std::ofstream(dir.path / "up.bin", std::ios::binary) << body;
    RunResult r = send({"--http2-prior-knowledge", "--data-binary", "@" + (dir.path / "up.bin").string(), peer.url("/echo")});
    REQUIRE(r.status == 0);
    Json j = Json::parse(r.out.substr(r.out.find("\r\n\r\n") + 4));
    CHECK(j["body_size"] == body.size());
    RunResult sha = run_command({"sha256sum", (dir.path / "up.bin").string()});
    CHECK(sha.out.substr(0, 64) == j["body_sha256"].get<std::string>());
  }
  SECTION("Connection, Keep-Alive, Upgrade and Transfer-Encoding are not sent, names are lower case") {
    RunResult r = send({"--http2-prior-knowledge", "-H", "Connection: keep-alive", "-H", "Keep-Alive: 5", "-H",
                           "Upgrade: foo", "-H", "X-Mixed-Case: yes", peer.url("/echo")});
    REQUIRE(r.status == 0);
    Json j = Json::parse(r.out.substr(r.out.find("\r\n\r\n") + 4));
    std::string names;
    for (const Json& h : j["headers"]) names += h[0].get<std::string>() + ",";
    CHECK(has(names, "x-mixed-case,"));
    CHECK_FALSE(has(names, "connection,"));
    CHECK_FALSE(has(names, "keep-alive,"));
    CHECK_FALSE(has(names, "upgrade,"));
  }
  SECTION("--http2 on plain http stays HTTP/1.1 and says so") {
    RunResult r = send({"-v", "--http2", peer.url("/echo")});
    REQUIRE(r.status == 0);
    CHECK(has(r.out, "\"http_version\": \"1.1\""));
    CHECK(has(r.err, "the Upgrade: h2c request curl sends is not supported"));
  }
}

TEST_CASE("servers that break HTTP/2 are named errors, with the frames that arrived", "[h2][peers][chaos]") {
  struct Case {
    const char* mode;
    std::vector<const char*> expect;
    bool head = false;  // a response head arrived before the failure: it and the partial body are printed
  };
  const std::vector<Case> cases = {
      {"bad-settings", {"The server broke HTTP/2 in its SETTINGS frame (a SETTINGS payload must be a multiple of 6 bytes",
                        "GOAWAY FRAME_SIZE_ERROR"}},
      {"rst", {"The server reset stream 1 with RST_STREAM REFUSED_STREAM", "sending it again is safe"}},
      {"goaway-unprocessed", {"GOAWAY NO_ERROR (last stream 0, \"going away\")", "it did not process the request"}},
      {"goaway-mid-stream", {"GOAWAY INTERNAL_ERROR (last stream 1, \"maintenance\") before stream 1 ended"}, true},
      {"upper-header", {"Wirepad reset stream 1 with RST_STREAM PROTOCOL_ERROR", "X-Upper"}},
      {"huge-table", {"GOAWAY COMPRESSION_ERROR"}},
      {"window-overflow", {"GOAWAY FLOW_CONTROL_ERROR"}},
      {"close-mid-stream", {"closed_early", "before stream 1 ended"}, true},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.mode) {
      ChildProcess peer({"/usr/bin/python3", WIREPAD_H2_PEER, "chaos", c.mode});
      auto line = peer.wait_for_line("listening", 20);
      REQUIRE(line);
      std::string url = "http://127.0.0.1:" + line->substr(line->find(' ') + 1) + "/";
      RunResult r = send({"--http2-prior-knowledge", "--max-time", "10", url});
      CHECK(r.status == 1);
      for (const char* e : c.expect) CHECK(has(r.err, e));
      // What arrived is never lost: the head and the partial body, or else the frames.
      if (c.head)
        CHECK(has(r.out, "HTTP/2 200 \r\ncontent-length: 100\r\n\r\n" + std::string(40, 'x')));
      else
        CHECK(has(r.err, "recv SETTINGS"));
    }
  }
}
