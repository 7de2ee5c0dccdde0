// Native integration tests for the pcap export (shared/pcap_export.h): real exchanges on
// loopback (the lab hello server, a cpp-httplib server sending 100 KB, over IPv4 and IPv6)
// are modelled, exported, and read back by Debian's tshark, which must decode the HTTP
// request and response, find no malformed packet and no bad IP/TCP/UDP checksum, raise no
// TCP analysis warning, and reassemble the TCP stream to exactly the bytes that were sent
// and received. Also the `wirepad layers --pcap` command itself.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "native/cli_layers.h"
#include "native/lab_servers.h"
#include "native/posix_transport.h"
#include "shared/pcap_export.h"
#include "shared/protocol_layers.h"
#include "tests/native/child_process.h"
#include "tests/native/lighttpd_digest.h"  // free_port

using namespace wirepad;

namespace {

void require_tshark() {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0)
    FAIL("tshark is not installed: run scripts/setup.sh (it installs Debian's tshark)");
}

// Runs a shell command; returns its stdout and sets `status` to its exit status.
std::string run(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[65536];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int rc = pclose(pipe);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// A temporary file removed at scope exit.
struct TempFile {
  std::string path;
  TempFile() {
    char name[] = "/tmp/wirepad-pcap-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    path = name;
  }
  ~TempFile() { std::remove(path.c_str()); }
  void write(const std::string& bytes) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
  }
};

ExchangeLog get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  auto exchange = HttpExchange::create(request);
  REQUIRE(exchange.ok());
  ExchangeLog log = native::perform_blocking(std::move(exchange).value());
  INFO(log.error.message);
  REQUIRE(log.phase == Phase::done);
  return log;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// `tshark -z follow,tcp,raw,0`: hex lines, the second node's (server's) indented by a tab.
std::pair<std::string, std::string> follow_tcp_stream(const std::string& pcap_path) {
  std::string out = run("tshark -r " + pcap_path + " -q -z follow,tcp,raw,0");
  std::string client, server;
  bool in_data = false;
  for (const std::string& line : lines_of(out)) {
    if (line.rfind("Node 1:", 0) == 0) {
      in_data = true;
      continue;
    }
    if (!in_data || line.empty() || line[0] == '=') continue;
    if (line[0] == '\t')
      server += from_hex(line.substr(1));
    else
      client += from_hex(line);
  }
  return {client, server};
}

// Every check the issue asks for, on one exported exchange.
void check_with_tshark(const ExchangeLog& log, const LayerModel& model, const std::string& path) {
  // 1. tshark decodes the HTTP request and response.
  int status = -1;
  std::string http = run("tshark -r " + path + " -Y http -T fields -e http.request.method -e http.response.code", &status);
  INFO("tshark -Y http said:\n" << http);
  REQUIRE(status == 0);
  CHECK(http.find("GET") != std::string::npos);
  CHECK(http.find("200") != std::string::npos);

  // 2. One line per packet: nothing malformed, checksums verified good (1 = good, 0 = bad,
  //    2 = unverified), no TCP analysis flag (retransmission, out-of-order, ACKed unseen, ...).
  bool v6 = model.ipv6;
  std::string fields = run("tshark -r " + path +
                               " -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE"
                               " -T fields -e frame.number -e _ws.malformed -e " +
                               std::string(v6 ? "ipv6.version" : "ip.checksum.status") +
                               " -e tcp.checksum.status -e tcp.analysis.flags -e _ws.expert.severity",
                           &status);
  INFO("per-packet fields (number/malformed/ip/tcp checksum status/analysis flags/expert):\n" << fields);
  REQUIRE(status == 0);
  auto packets = lines_of(fields);
  CHECK(packets.size() == model.segments.size());
  for (const std::string& p : packets) {
    CAPTURE(p);
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t tab; (tab = p.find('\t', start)) != std::string::npos; start = tab + 1)
      f.push_back(p.substr(start, tab - start));
    f.push_back(p.substr(start));
    REQUIRE(f.size() == 6);
    CHECK(f[1].empty());                  // _ws.malformed
    CHECK(f[2] == (v6 ? "6" : "1"));      // IPv4 header checksum good
    CHECK(f[3] == "1");                   // TCP checksum good
    CHECK(f[4].empty());                  // tcp.analysis.flags
  }
  CHECK(run("tshark -r " + path + " -Y '_ws.malformed || _ws.expert.severity >= \"warning\"'").empty());

  // 3. The TCP stream reassembles to exactly the bytes that crossed the connection.
  auto [client, server] = follow_tcp_stream(path);
  CHECK(client.size() == log.bytes_sent.size());
  CHECK(server.size() == log.bytes_received.size());
  CHECK(client == log.bytes_sent);
  CHECK(server == log.bytes_received);
}

// A cpp-httplib server on an ephemeral loopback port sending `size` bytes for GET /big.
struct BigServer {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  explicit BigServer(std::size_t size, const char* host = "127.0.0.1") {
    std::string body(size, '\0');
    for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>('a' + i % 26);
    server.Get("/big", [body](const httplib::Request&, httplib::Response& res) { res.set_content(body, "text/plain"); });
    port = server.bind_to_any_port(host);
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~BigServer() {
    server.stop();
    thread.join();
  }
};

}  // namespace

TEST_CASE("tshark decodes the pcap of a real exchange with the lab hello server", "[layers][tshark]") {
  require_tshark();
  native::LabServers lab;
  native::LabOptions options;
  options.hello_port = 0;
  options.tcp_echo_port = 0;
  options.udp_echo_port = 0;
  native::LabStatus status = lab.start(options);
  REQUIRE(status.hello_port > 0);
  ExchangeLog log = get("http://127.0.0.1:" + std::to_string(status.hello_port) + "/");
  REQUIRE(log.body() == "Hello, World!");

  LayerOptions layer_options;
  layer_options.capture_start_unix = 1700000000;
  LayerModel model = model_layers(log, layer_options);
  TempFile pcap;
  pcap.write(export_pcap(model));
  check_with_tshark(log, model, pcap.path);
  // The handshake and teardown are there too.
  CHECK(lines_of(run("tshark -r " + pcap.path + " -Y tcp.flags.syn==1 -T fields -e frame.number")).size() == 2);
  CHECK(lines_of(run("tshark -r " + pcap.path + " -Y tcp.flags.fin==1 -T fields -e frame.number")).size() == 2);
  CHECK(run("tshark -r " + pcap.path + " -Y tcp.flags.syn==1 -T fields -e tcp.options.mss_val") == "1460\n1460\n");
  // Timestamps come from the exchange: the first packet at the given start.
  CHECK(run("tshark -r " + pcap.path + " -c 1 -T fields -e frame.time_epoch").rfind("1700000000", 0) == 0);
}

TEST_CASE("a 100 KB response is cut into MSS segments that tshark reassembles", "[layers][tshark]") {
  require_tshark();
  const std::size_t size = 100 * 1024;
  BigServer big(size);
  ExchangeLog log = get("http://127.0.0.1:" + std::to_string(big.port) + "/big");
  REQUIRE(log.body().size() == size);
  LayerModel model = model_layers(log);
  std::size_t response_segments = 0;
  for (const Segment& s : model.segments)
    if (s.direction == PacketDirection::server_to_client && s.payload_size > 0) ++response_segments;
  CHECK(response_segments == (log.bytes_received.size() + 1459) / 1460);
  TempFile pcap;
  pcap.write(export_pcap(model));
  check_with_tshark(log, model, pcap.path);
  // tshark sees the same segments with data that the model counted.
  auto with_data = lines_of(run("tshark -r " + pcap.path + " -Y 'tcp.len > 0 && tcp.srcport == " +
                                std::to_string(big.port) + "' -T fields -e tcp.len"));
  CHECK(with_data.size() == response_segments);
  CHECK(with_data.front() == "1460");
}

TEST_CASE("over IPv6 the pcap has 40-byte headers and MSS 1440", "[layers][tshark]") {
  require_tshark();
  BigServer big(5000, "::1");
  ExchangeLog log = get("http://[::1]:" + std::to_string(big.port) + "/big");
  LayerModel model = model_layers(log);
  REQUIRE(model.ipv6);
  TempFile pcap;
  pcap.write(export_pcap(model));
  check_with_tshark(log, model, pcap.path);
  auto lengths = lines_of(run("tshark -r " + pcap.path + " -Y 'tcp.len > 0 && ipv6.src == ::1' -T fields -e tcp.len"));
  CHECK(std::find(lengths.begin(), lengths.end(), "1440") != lengths.end());
}

TEST_CASE("the UDP model exports fragments that tshark reassembles with good checksums", "[layers][tshark][udp]") {
  require_tshark();
  BigServer big(4000);
  ExchangeLog log = get("http://127.0.0.1:" + std::to_string(big.port) + "/big");
  LayerOptions udp;
  udp.transport = LayerTransport::udp;
  LayerModel model = model_layers(log, udp);
  TempFile pcap;
  pcap.write(export_pcap(model));
  std::string out = run("tshark -r " + pcap.path +
                        " -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE -Y udp -T fields"
                        " -e udp.length -e udp.checksum.status -e ip.checksum.status -e _ws.malformed");
  INFO(out);
  auto datagrams = lines_of(out);
  REQUIRE(datagrams.size() >= 2);
  for (const std::string& d : datagrams) {
    CAPTURE(d);
    CHECK(d.find("\t1\t1\t") != std::string::npos);  // UDP and IP checksums good, not malformed
    CHECK(d.back() == '\t');
  }
  // The fragmented response datagrams are reassembled to their full lengths.
  std::string lengths = run("tshark -r " + pcap.path + " -Y 'udp.srcport == " + std::to_string(big.port) +
                            "' -T fields -e udp.length");
  std::size_t from_tshark = 0;
  for (const std::string& l : lines_of(lengths)) from_tshark += std::stoul(l) - 8;
  CHECK(from_tshark == log.bytes_received.size());
  CHECK_FALSE(run("tshark -r " + pcap.path + " -Y 'ip.flags.mf == 1' -T fields -e frame.number").empty());
}

TEST_CASE("wirepad layers --pcap writes a file tshark decodes", "[layers][tshark][cli]") {
  require_tshark();
  native::LabServers lab;
  native::LabOptions options;
  options.hello_port = 0;
  options.tcp_echo_port = 0;
  options.udp_echo_port = 0;
  int port = lab.start(options).hello_port;
  REQUIRE(port > 0);
  TempFile pcap;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  std::vector<std::string> words{"wirepad", "layers", "--pcap", pcap.path, url};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  CHECK(native::run_layers_command(static_cast<int>(argv.size()), argv.data()) == 0);
  std::string http = run("tshark -r " + pcap.path + " -Y http -T fields -e http.request.method -e http.response.code");
  CHECK(http.find("GET") != std::string::npos);
  CHECK(http.find("200") != std::string::npos);
  auto [client, server] = follow_tcp_stream(pcap.path);
  CHECK(client.rfind("GET / HTTP/1.1\r\n", 0) == 0);
  CHECK(server.find("Hello, World!") != std::string::npos);

  std::vector<std::string> bad{"wirepad", "layers", "--pcap"};
  std::vector<char*> bad_argv;
  for (auto& w : bad) bad_argv.push_back(w.data());
  CHECK(native::run_layers_command(static_cast<int>(bad_argv.size()), bad_argv.data()) == 2);
}

TEST_CASE("an HTTP/2 exchange with nghttpd: packets name their frames and tshark decodes them as HTTP/2", "[layers][tshark][h2]") {
  require_tshark();
  // nghttpd (Debian's nghttp2-server) speaking h2c to prior knowledge, serving one small file.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("wirepad-pcap-h2-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  { std::ofstream(dir / "a.txt") << "hello over h2\n"; }
  const std::uint16_t port = test::free_port();
  test::ChildProcess server({"/usr/sbin/nghttpd", "-d", dir.string(), "--no-tls", std::to_string(port)}, true);
  REQUIRE(server.started());
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/a.txt";
  for (int i = 0; i < 200 && run("curl -s --http2-prior-knowledge " + url).empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));

  TempFile pcap;
  std::vector<std::string> words{"wirepad", "layers", "--http2-prior-knowledge", "--pcap", pcap.path, url};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  REQUIRE(native::run_layers_command(static_cast<int>(argv.size()), argv.data()) == 0);

  // Told the port is HTTP/2 (as the command's hint says), tshark finds the request's HEADERS
  // (type 1) and the answer's DATA (type 0) on stream 1, with the decoded field names.
  const std::string decode = " -d tcp.port==" + std::to_string(port) + ",http2";
  std::string frames = run("tshark -r " + pcap.path + decode + " -Y http2 -T fields -e http2.type -e http2.streamid -e http2.header.name");
  INFO(frames);
  CHECK(frames.find(":method,:scheme,:authority,:path") != std::string::npos);
  CHECK(frames.find(":status") != std::string::npos);
  CHECK(frames.find("0,0,1") != std::string::npos);  // SETTINGS, WINDOW_UPDATE on stream 0, then stream 1
  CHECK(run("tshark -r " + pcap.path + decode + " -Y '_ws.malformed || _ws.expert.severity >= warning'").empty());
  auto [client, received] = follow_tcp_stream(pcap.path);
  CHECK(client.rfind("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0) == 0);
  CHECK(received.find("hello over h2") != std::string::npos);

  // The same exchange modelled in the core: the client's first data packet carries the
  // SETTINGS and the HEADERS of stream 1, and some server packet the DATA of stream 1.
  HttpRequest request;
  request.url = url;
  ExchangeOptions options;
  options.http_version = HttpVersion::http2_prior_knowledge;
  auto exchange = HttpExchange::create(request, options);
  REQUIRE(exchange);
  ExchangeLog log = native::perform_blocking(std::move(exchange).value());
  REQUIRE(log.phase == Phase::done);
  LayerModel model = model_layers(log);
  CHECK(model.http2);
  bool headers_sent = false, data_received = false;
  for (const Segment& s : model.segments) {
    bool from_client = s.direction == PacketDirection::client_to_server;
    headers_sent |= from_client && s.carries.find("SETTINGS[0]") != std::string::npos && s.carries.find("HEADERS[1]") != std::string::npos;
    data_received |= !from_client && s.carries.find("DATA[1]") != std::string::npos;
    if (s.payload_size == 0) CHECK(s.carries.empty());
  }
  CHECK(headers_sent);
  CHECK(data_received);
  fs::remove_all(dir);
}
