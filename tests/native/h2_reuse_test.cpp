// native: an HTTP/2 connection kept for the next request to its origin (shared/http_session.h),
// as curl and browsers keep them: through BlockingHttpClient (the path of `wirepad test`, the
// CLI's URLs one at a time and, with the platform's session, the apps' Send) against nghttpd
// (Debian's nghttp2-server), whose own -v log says which session carried which stream.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "lighttpd_digest.h"  // free_port
#include "native/blocking_client.h"
#include "shared/h2_frame.h"
#include "shared/wire_segments.h"
#include "tls_test_pki.h"

using namespace wirepad;
using namespace wirepad::native;

namespace {

namespace fs = std::filesystem;

struct Folder {
  fs::path path;
  explicit Folder(const std::string& name)
      : path(fs::temp_directory_path() / (name + "-" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path / name) << text; }
};

// nghttpd -v on a free port: plain h2c, or TLS (ALPN h2) with a throwaway certificate.
struct VerboseNghttpd {
  std::uint16_t port = test::free_port();
  std::unique_ptr<test::ChildProcess> process;
  explicit VerboseNghttpd(const fs::path& dir, const test::TestCert* tls = nullptr) {
    std::vector<std::string> args{"/usr/sbin/nghttpd", "-v", "-d", dir.string()};
    if (tls)
      args.insert(args.end(), {std::to_string(port), tls->key_file, tls->cert_file});
    else
      args.insert(args.end(), {"--no-tls", std::to_string(port)});
    process = std::make_unique<test::ChildProcess>(args, true);
    REQUIRE(process->started());
    for (int i = 0; i < 200 && !test::loopback_port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE(test::loopback_port_open(port));
  }
  // What nghttpd logged up to the line naming `needle` (its session ids are [id=N]).
  std::string log_until(const std::string& needle) {
    process->wait_for_line(needle, 20);
    return process->seen();
  }
};

ExchangeLog get(BlockingHttpClient& client, const std::string& url, HttpVersion version, bool verify = true) {
  HttpRequest request;
  request.url = url;
  ExchangeOptions options;
  options.http_version = version;
  options.verify_tls = verify;
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange);
  return client.perform(std::move(exchange).value());
}

// The nghttpd sessions ([id=N]) that received a request's HEADERS: one when every request
// shared a connection (the readiness probes connect too, but send nothing).
std::set<std::string> sessions_with_requests(const std::string& log) {
  std::set<std::string> ids;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);)
    if (line.find("recv HEADERS frame") != std::string::npos && line.find("[id=") != std::string::npos)
      ids.insert(line.substr(line.find("[id="), line.find(']', line.find("[id=")) - line.find("[id=") + 1));
  return ids;
}

bool has_event(const ExchangeLog& log, const std::string& text) {
  for (const ExchangeEvent& e : log.events)
    if (e.text.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("HTTP/2 reuse: three requests with prior knowledge are streams 1, 3 and 5 of one nghttpd session", "[h2][reuse][peers]") {
  Folder dir("wirepad-h2-reuse");
  dir.write("a.txt", "first\n");
  dir.write("b.txt", "second\n");
  VerboseNghttpd server(dir.path);
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port);
  BlockingHttpClient client;

  ExchangeLog first = get(client, base + "/a.txt", HttpVersion::http2_prior_knowledge);
  REQUIRE(first.phase == Phase::done);
  CHECK(first.http2.stream == 1);
  CHECK(begins_with_h2_preface(first.bytes_sent));
  CHECK(client.idle_connections() == 1);

  ExchangeLog second = get(client, base + "/b.txt", HttpVersion::http2_prior_knowledge);
  REQUIRE(second.phase == Phase::done);
  CHECK(second.body() == "second\n");
  CHECK(second.http2.stream == 3);
  CHECK(second.http2.how == "prior knowledge, reused connection");
  CHECK(has_event(second, "reused connection to 127.0.0.1:"));
  CHECK(second.timings.connect == 0);
  // Its own bytes start with its HEADERS frame, not with the preface, and its frame list
  // counts offsets from there: the Wire view splits them the same way.
  CHECK_FALSE(begins_with_h2_preface(second.bytes_sent));
  REQUIRE_FALSE(second.http2.frames.empty());
  const H2Frame& headers = second.http2.frames.front();
  CHECK(headers.sent);
  CHECK(headers.type == h2_type::headers);
  CHECK(headers.stream == 3);
  CHECK(headers.offset == 0);
  std::vector<WireSegment> segments = segment_h2(second.bytes_sent, second.http2.frames, true);
  REQUIRE_FALSE(segments.empty());
  CHECK(segments.front().part == WirePart::h2_frame_header);
  bool received_data_of_3 = false;
  for (const H2Frame& f : second.http2.frames) {
    if (f.sent) continue;
    CHECK(f.offset + f.size() <= second.bytes_received.size());
    received_data_of_3 |= f.type == h2_type::data && f.stream == 3;
  }
  CHECK(received_data_of_3);

  ExchangeLog third = get(client, base + "/a.txt", HttpVersion::http2_prior_knowledge);
  REQUIRE(third.phase == Phase::done);
  CHECK(third.http2.stream == 5);

  // nghttpd's own account: the three requests came on one session, the last as stream 5.
  std::string log = server.log_until("stream_id=5 closed");
  INFO(log);
  CHECK(log.find("flags=0x05, stream_id=5>") != std::string::npos);  // HEADERS with END_STREAM | END_HEADERS
  CHECK(sessions_with_requests(log).size() == 1);
}

TEST_CASE("HTTP/2 reuse: an HTTP/1.1 request never takes the HTTP/2 connection", "[h2][reuse][peers]") {
  Folder dir("wirepad-h2-reuse-mixed");
  dir.write("a.txt", "first\n");
  test::TestPki pki;
  auto leaf = pki.leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1");
  VerboseNghttpd server(dir.path, &leaf);
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port) + "/a.txt";
  BlockingHttpClient client;

  ExchangeLog h2 = get(client, url, HttpVersion::http2, false);
  REQUIRE(h2.phase == Phase::done);
  REQUIRE(h2.tls);
  CHECK(h2.tls->alpn == "h2");
  ExchangeLog again = get(client, url, HttpVersion::http2, false);
  REQUIRE(again.phase == Phase::done);
  CHECK(again.http2.how == "ALPN h2, reused connection");
  CHECK(again.http2.stream == 3);
  CHECK(again.timings.appconnect == 0);
  // HTTP/1.1 asked: a new connection (nghttpd speaks only h2, so its handshake fails), never a
  // stream of the pooled one.
  ExchangeLog h1 = get(client, url, HttpVersion::http1_1, false);
  CHECK_FALSE(has_event(h1, "reused connection"));
  CHECK_FALSE(h1.http2.used);
  // The HTTP/2 one is still there for the next request that asks for it.
  ExchangeLog last = get(client, url, HttpVersion::http2, false);
  REQUIRE(last.phase == Phase::done);
  CHECK(last.http2.stream == 5);
}

TEST_CASE("HTTP/2 reuse: wirepad test runs a collection's requests as streams of one connection", "[h2][reuse][peers][cli]") {
  Folder www("wirepad-h2-reuse-www");
  www.write("a.txt", "alpha\n");
  VerboseNghttpd server(www.path);
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port);
  Folder collection("wirepad-h2-reuse-collection");
  for (int i = 1; i <= 3; ++i) {
    collection.write(std::to_string(i) + "_get.json",
                     R"({"wirepad": 7, "kind": "http", "name": "get )" + std::to_string(i) +
                         R"(", "request": {"method": "GET", "url": ")" + base +
                         R"(/a.txt"}, "options": {"http_version": "http2-prior-knowledge"}, "test": {"assert": [{"subject": "status", "op": "==", "value": 200}]}})"
                         "\n");
  }
  auto run = test::run_command({WIREPAD_BINARY, "test", collection.path.string()});
  INFO(run.out << run.err);
  CHECK(run.status == 0);
  CHECK(run.out.find("3 requests: 3 passed") != std::string::npos);
  std::string log = server.log_until("stream_id=5 closed");
  INFO(log);
  CHECK(log.find("stream_id=5") != std::string::npos);
  CHECK(sessions_with_requests(log).size() == 1);
}

TEST_CASE("HTTP/2 reuse: after nginx's GOAWAY (keepalive_requests 2) the next request opens a new connection", "[h2][reuse][peers][tls]") {
  test::TestPki pki;
  auto leaf = pki.leaf("server", "localhost", "DNS:localhost,IP:127.0.0.1");
  Folder dir("wirepad-h2-reuse-nginx");
  fs::create_directories(dir.path / "www");
  dir.write("www/page.txt", "from nginx\n");
  const std::uint16_t port = test::free_port();
  const std::string d = dir.path.string();
  dir.write("nginx.conf", "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
                              "/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path " + d +
                              "/body;\n  proxy_temp_path " + d + "/proxy;\n  fastcgi_temp_path " + d +
                              "/fcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n  scgi_temp_path " + d + "/scgi;\n" +
                              "  ssl_certificate " + leaf.cert_file + ";\n  ssl_certificate_key " + leaf.key_file + ";\n" +
                              "  keepalive_requests 2;\n  server {\n    listen 127.0.0.1:" + std::to_string(port) +
                              " ssl http2;\n    root " + d + "/www;\n  }\n}\n");
  test::ChildProcess nginx({"/usr/sbin/nginx", "-c", d + "/nginx.conf", "-p", d}, true);
  REQUIRE(nginx.started());
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/page.txt";
  BlockingHttpClient client;
  ExchangeLog probe;
  for (int i = 0; i < 200; ++i) {  // nginx listening
    BlockingHttpClient once;
    probe = get(once, url, HttpVersion::http2, false);
    if (probe.phase == Phase::done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  REQUIRE(probe.phase == Phase::done);

  std::vector<std::int32_t> streams;
  std::vector<bool> reused;
  for (int i = 0; i < 4; ++i) {
    ExchangeLog log = get(client, url, HttpVersion::http2, false);
    INFO("request " << i + 1 << ": " << log.error.message);
    REQUIRE(log.phase == Phase::done);
    CHECK(log.body() == "from nginx\n");
    streams.push_back(log.http2.stream);
    reused.push_back(has_event(log, "reused connection"));
  }
  // Two requests a connection: nginx says GOAWAY after the second, so the third starts over.
  CHECK(streams == std::vector<std::int32_t>{1, 3, 1, 3});
  CHECK(reused == std::vector<bool>{false, true, false, true});
}
