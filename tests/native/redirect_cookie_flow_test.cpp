// End to end: `wirepad send -L` against a cpp-httplib server on loopback that logs in with a
// form, sets cookies and redirects: the cookies sent on the next hop, the method change, the
// loop and hop-limit errors, and -b/-c cookie jar files.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <chrono>
#include <fstream>
#include <httplib.h>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "child_process.h"

using wirepad::test::run_command;

namespace {

const std::string kWirepad = WIREPAD_BINARY;

struct Seen {
  std::string method, cookie, body;
};

// A login flow: POST /login sets cookies and 303s to /account/home, which needs the session
// cookie. Also a loop, a chain of n hops, and a 302 without Location.
class LoginServer {
 public:
  LoginServer() {
    server_.Post("/login", [this](const httplib::Request& req, httplib::Response& res) {
      record("/login", req);
      if (req.body != "user=ada") {
        res.status = 401;
        return;
      }
      res.status = 303;
      res.set_header("Set-Cookie", "session=abc123; Path=/; HttpOnly");
      res.set_header("Set-Cookie", "theme=dark; Path=/account; Max-Age=3600");
      res.set_header("Set-Cookie", "tracker=1; Domain=example.com");  // not ours: refused
      res.set_header("Location", "/account/home");
    });
    server_.Get("/account/home", [this](const httplib::Request& req, httplib::Response& res) {
      record("/account/home", req);
      if (req.get_header_value("Cookie").find("session=abc123") == std::string::npos) {
        res.status = 302;
        res.set_header("Location", "/login-form");
        return;
      }
      res.set_content("welcome ada", "text/plain");
    });
    server_.Get("/loop", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "/loop");
    });
    server_.Get(R"(/hop/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      int n = std::stoi(req.matches[1]);
      if (n == 0) return res.set_content("arrived", "text/plain");
      res.status = 307;
      res.set_header("Location", "/hop/" + std::to_string(n - 1));
    });
    server_.Get("/nowhere", [](const httplib::Request&, httplib::Response& res) { res.status = 302; });
    server_.Get("/empty-location", [](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", "");
    });
    // Redirects to itself once, then answers: curl -L and browsers get the 200.
    server_.Get("/again", [this](const httplib::Request& req, httplib::Response& res) {
      record("/again", req);
      if (again_++ % 2 == 0) {
        res.status = 302;
        res.set_header("Location", "/again");
        return;
      }
      res.set_content("second time", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoginServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::vector<std::pair<std::string, Seen>> seen() {
    std::lock_guard<std::mutex> lock(mutex_);
    return seen_;
  }

 private:
  void record(const std::string& path, const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex_);
    seen_.push_back({path, {req.method, req.get_header_value("Cookie"), req.body}});
  }
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, Seen>> seen_;
  std::atomic<int> again_{0};
};

}  // namespace

TEST_CASE("send -L logs in, stores the cookies and sends them on the next hop", "[cli][redirects][cookies]") {
  LoginServer server;
  auto r = run_command({kWirepad, "send", "-L", "-v", "-d", "user=ada", server.url("/login")});
  CAPTURE(r.out, r.err);
  CHECK(r.status == 0);
  // Each hop printed like curl -iL: the 303's head, then the final response with its body.
  CHECK(r.out.rfind("HTTP/1.1 303 See Other\r\n", 0) == 0);
  CHECK_THAT(r.out, Catch::Contains("\r\n\r\nHTTP/1.1 200 OK\r\n"));
  CHECK_THAT(r.out, Catch::EndsWith("\r\n\r\nwelcome ada"));
  CHECK_THAT(r.err, Catch::Contains("303: POST becomes GET without a body"));
  CHECK_THAT(r.err, Catch::Contains("cookie tracker: rejected, Domain=example.com does not domain-match the host 127.0.0.1") ||
                        Catch::Contains("cookie tracker: rejected, Domain=example.com on a response from the IP address"));

  auto seen = server.seen();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].first == "/login");
  CHECK(seen[0].second.cookie.empty());
  CHECK(seen[1].first == "/account/home");
  CHECK(seen[1].second.method == "GET");
  CHECK(seen[1].second.body.empty());
  // RFC 6265 §5.4: the longer path first; the refused cookie is not sent.
  CHECK(seen[1].second.cookie == "theme=dark; session=abc123");
}

TEST_CASE("without -L the redirect is the final response", "[cli][redirects]") {
  LoginServer server;
  auto r = run_command({kWirepad, "send", "-d", "user=ada", server.url("/login")});
  CHECK(r.status == 0);
  CHECK(r.out.rfind("HTTP/1.1 303 See Other\r\n", 0) == 0);
  CHECK(server.seen().size() == 1);
}

TEST_CASE("loops, the hop limit and a missing Location stop with a clear error", "[cli][redirects]") {
  LoginServer server;
  // A loop runs to the limit (curl's 50 by default, as curl -L does) and then says it is one.
  auto loop = run_command({kWirepad, "send", "-L", server.url("/loop")});
  CHECK(loop.status == 1);
  CHECK_THAT(loop.err, Catch::Contains("redirect_loop: Redirect loop: stopped after 50 redirects (the redirect limit) going round " +
                                       server.url("/loop") + " -> " + server.url("/loop")));
  CHECK_THAT(loop.err, Catch::Contains("--max-redirs"));  // how to raise it, in the CLI's words
  CHECK_THAT(loop.err, !Catch::Contains("max_redirects"));
  CHECK(loop.out.rfind("HTTP/1.1 302 Found\r\n", 0) == 0);  // the 3xx stays the final response
  auto few = run_command({kWirepad, "send", "-L", "--max-redirs", "3", server.url("/loop")});
  CHECK_THAT(few.err, Catch::Contains("stopped after 3 redirects"));

  auto three = run_command({kWirepad, "send", "-L", server.url("/hop/3")});
  CHECK(three.status == 0);
  CHECK_THAT(three.out, Catch::EndsWith("arrived"));
  auto limited = run_command({kWirepad, "send", "-L", "--max-redirs", "2", server.url("/hop/3")});
  CHECK(limited.status == 1);
  CHECK_THAT(limited.err, Catch::Contains("too_many_redirects: Stopped after 2 redirects"));
  CHECK_THAT(limited.err, Catch::Contains(server.url("/hop/1") + " -> " + server.url("/hop/0")));

  auto nowhere = run_command({kWirepad, "send", "-L", server.url("/nowhere")});
  CHECK(nowhere.status == 1);
  CHECK_THAT(nowhere.err, Catch::Contains("bad_redirect") && Catch::Contains("no Location header"));
  auto empty = run_command({kWirepad, "send", "-L", server.url("/empty-location")});
  CHECK(empty.status == 1);
  CHECK_THAT(empty.err, Catch::Contains("has an empty Location header"));
}

TEST_CASE("a redirect back to the same URL that then answers 200 is followed, as curl -L does", "[cli][redirects]") {
  LoginServer server;
  auto r = run_command({kWirepad, "send", "-L", server.url("/again")});
  CAPTURE(r.out, r.err);
  CHECK(r.status == 0);
  CHECK(r.out.rfind("HTTP/1.1 302 Found\r\n", 0) == 0);
  CHECK_THAT(r.out, Catch::EndsWith("second time"));
  CHECK(server.seen().size() == 2);
}

TEST_CASE("-c saves the jar and -b sends it on a later run", "[cli][cookies]") {
  LoginServer server;
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-cookies-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string jar = (dir / "jar.json").string();
  auto login = run_command({kWirepad, "send", "-c", jar, "-d", "user=ada", server.url("/login")});
  CHECK(login.status == 0);
  std::ifstream in(jar);
  std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_THAT(saved, Catch::Contains("\"name\": \"session\"") && Catch::Contains("\"value\": \"abc123\""));
  CHECK_THAT(saved, !Catch::Contains("tracker"));

  auto home = run_command({kWirepad, "send", "-b", jar, server.url("/account/home")});
  CHECK(home.status == 0);
  CHECK_THAT(home.out, Catch::EndsWith("welcome ada"));
  CHECK(server.seen().back().second.cookie == "theme=dark; session=abc123");
  // -b NAME=VALUE pieces and the jar's cookies: one Cookie header (RFC 6265 §5.4; the server
  // reads the first Cookie header, so all of them in it means there was one).
  auto merged = run_command({kWirepad, "send", "-b", "lang=en", "-b", jar, "-b", "x=1", server.url("/account/home")});
  CHECK(merged.status == 0);
  // The -b pieces joined as curl 7.88 joins them (";"), the jar's after them.
  CHECK(server.seen().back().second.cookie == "lang=en;x=1; theme=dark; session=abc123");

  std::ofstream(jar) << "{not json";
  auto bad = run_command({kWirepad, "send", "-b", jar, server.url("/account/home")});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("invalid") || Catch::Contains("not valid JSON"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("several URLs on one command line share one jar: each sends what the earlier ones set, -c saves all", "[cli][cookies]") {
  httplib::Server server;
  std::mutex mutex;
  std::string cookie_at_b;
  server.Get("/a", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", "a=1");
    res.set_content("a", "text/plain");
  });
  server.Get("/b", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mutex);
    cookie_at_b = req.get_header_value("Cookie");
    res.set_header("Set-Cookie", "b=2");
    res.set_content("b", "text/plain");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  auto dir = std::filesystem::temp_directory_path() / ("wirepad-cookies-multi-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string jar = (dir / "jar.json").string();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  auto r = run_command({kWirepad, "send", "-c", jar, base + "/a", base + "/b"});
  server.stop();
  thread.join();
  CHECK(r.status == 0);
  CHECK(cookie_at_b == "a=1");
  std::ifstream in(jar);
  std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK_THAT(saved, Catch::Contains("\"name\": \"a\"") && Catch::Contains("\"name\": \"b\""));
  std::filesystem::remove_all(dir);
}
