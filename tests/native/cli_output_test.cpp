// `wirepad send -o FILE`: the body goes to the file as it arrives (Content-Length, chunked,
// read-until-close), the head still to stdout; `-o -` gives stdout what it gets without -o;
// -L writes only the last hop's body; an unwritable file is a clear error before any request,
// a full disk one during the transfer. Real peers on loopback: cpp-httplib, the chaos lab,
// and the wirepad binary as a user runs it.
#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "child_process.h"
#include "native/chaos_server.h"

using wirepad::test::run_command;

namespace {

const std::string kWirepad = WIREPAD_BINARY;

// 3 MiB of bytes that are not text, so nothing can pass by being "mostly the same".
const std::string& big_body() {
  static const std::string body = [] {
    std::mt19937 random(42);
    std::string b(3u << 20, '\0');
    for (char& c : b) c = static_cast<char>(random() & 0xff);
    return b;
  }();
  return body;
}

struct Server {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::atomic<int> requests{0};
  Server() {
    server.Get("/big", [this](const httplib::Request&, httplib::Response& res) {
      ++requests;
      res.set_content(big_body(), "application/octet-stream");  // Content-Length
    });
    server.Get("/chunked", [this](const httplib::Request&, httplib::Response& res) {
      ++requests;
      res.set_chunked_content_provider("application/octet-stream", [](size_t offset, httplib::DataSink& sink) {
        const std::string& b = big_body();
        if (offset >= b.size()) {
          sink.done();
          return true;
        }
        sink.write(b.data() + offset, std::min<size_t>(100000, b.size() - offset));  // odd chunk sizes
        return true;
      });
    });
    server.Get("/moved", [this](const httplib::Request&, httplib::Response& res) {
      ++requests;
      res.status = 302;
      res.set_header("Location", "/big");
      res.set_content("this redirect body must not reach the file", "text/plain");
    });
    port = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Server() {
    server.stop();
    thread.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
};

std::filesystem::path temp_file(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-output-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("wirepad send -o writes the body to the file, the head to stdout", "[cli][output]") {
  Server server;
  auto path = GENERATE(as<std::string>{}, "/big", "/chunked");
  CAPTURE(path);
  auto file = temp_file("body.bin");
  std::filesystem::remove(file);
  auto r = run_command({kWirepad, "send", "-o", file.string(), server.url(path)});
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  CHECK(read_file(file) == big_body());
  CHECK(r.out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK_THAT(r.out, Catch::EndsWith("\r\n\r\n"));  // the head only
  CHECK(r.out.size() < 1000);
}

TEST_CASE("wirepad send -o - prints what it prints without -o", "[cli][output]") {
  Server server;
  auto streamed = run_command({kWirepad, "send", "-o", "-", server.url("/chunked")});
  auto kept = run_command({kWirepad, "send", server.url("/chunked")});
  CHECK(streamed.status == 0);
  CHECK(kept.status == 0);
  REQUIRE(streamed.out.size() > big_body().size());
  CHECK(streamed.out == kept.out);
  CHECK(streamed.out.substr(streamed.out.size() - big_body().size()) == big_body());
}

TEST_CASE("wirepad send -o with a read-until-close body from the chaos lab", "[cli][output]") {
  wirepad::native::ChaosServer chaos;
  REQUIRE(chaos.start(0));
  auto file = temp_file("no-framing.txt");
  auto url = "http://127.0.0.1:" + std::to_string(chaos.port()) + "/no-framing";
  auto r = run_command({kWirepad, "send", "-v", "-o", file.string(), url});
  CHECK(r.status == 0);
  CHECK(read_file(file) == "no Content-Length, no chunks: the body ends when the connection does.\n");
  CHECK_THAT(r.err, Catch::Contains("streaming the body; it is not kept"));
  CHECK_THAT(r.err, Catch::Contains("body bytes written to '" + file.string() + "'"));
}

TEST_CASE("wirepad send -L -o writes only the last hop's body", "[cli][output]") {
  Server server;
  auto file = temp_file("redirected.bin");
  auto r = run_command({kWirepad, "send", "-L", "-o", file.string(), server.url("/moved")});
  CHECK(r.status == 0);
  CHECK(read_file(file) == big_body());
  CHECK_THAT(r.out, Catch::StartsWith("HTTP/1.1 302 Found\r\n"));
  CHECK_THAT(r.out, Catch::Contains("HTTP/1.1 200 OK\r\n"));
  CHECK(server.requests == 2);
}

TEST_CASE("wirepad send -L -o: a redirect that is not followed after all is the last hop, its body goes to the file", "[cli][output]") {
  Server server;
  auto file = temp_file("not-followed.bin");
  auto r = run_command({kWirepad, "send", "-L", "--max-redirs", "0", "-o", file.string(), server.url("/moved")});
  CHECK(r.status == 1);  // the limit is an error, as with curl
  CHECK(read_file(file) == "this redirect body must not reach the file");
  CHECK_THAT(r.out, Catch::StartsWith("HTTP/1.1 302 Found\r\n"));
  CHECK_THAT(r.out, !Catch::Contains("this redirect body"));  // not on stdout
  CHECK(server.requests == 1);
}

TEST_CASE("wirepad send -o: a file that cannot be written is an error before any request", "[cli][output]") {
  Server server;
  auto r = run_command({kWirepad, "send", "-o", "/nonexistent-wirepad-dir/out.bin", server.url("/big")});
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "wirepad: cannot write the body to '/nonexistent-wirepad-dir/out.bin': No such file or directory\n");
  CHECK(server.requests == 0);
}

TEST_CASE("wirepad send -o: a full disk fails the exchange and says where", "[cli][output]") {
  if (!std::filesystem::exists("/dev/full")) return;  // Linux's always-full device
  Server server;
  auto r = run_command({kWirepad, "send", "-o", "/dev/full", server.url("/big")});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot write the body to '/dev/full' after ") &&
                        Catch::Contains("No space left on device"));
}

TEST_CASE("wirepad send -o: usage errors name the problem", "[cli][output]") {
  auto two = run_command({kWirepad, "send", "-o", "x.bin", "http://127.0.0.1:1/a", "http://127.0.0.1:1/b"});
  CHECK(two.status == 2);
  CHECK_THAT(two.err, Catch::Contains("-o x.bin takes one URL (2 given)"));
}
