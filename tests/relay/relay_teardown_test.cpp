// tests/relay: connections end when they must, even when the page does not cooperate. Revoking a
// pairing (from another process, through the pairings file) closes that Origin's open
// connections at once; a page that stops reading while its target keeps sending loses its slot
// at the idle timeout and at --max-lifetime, although the relay's write to it never completes.
#include "native/relay_pairing.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::PairingStore;
using wirepad::native::ServeOptions;

namespace {

const std::string kOther = "http://127.0.0.1:8000";

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";
  return o;
}

std::string pair(RunningServe& serve, const std::string& origin) {
  auto res = http_post(serve.port(), "/pair", serve.host(), origin, serve.server->pairing_code());
  REQUIRE(res.result_int() == 200);
  return json::parse(res.body())["token"].get<std::string>();
}

// A target that sends without end and never reads.
class FloodServer {
 public:
  FloodServer() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] {
      beast::error_code ec;
      tcp::socket s(io_);
      acceptor_.accept(s, ec);
      if (ec) return;
      std::string chunk(64 * 1024, 'f');
      while (!stop_) {
        s.write_some(asio::buffer(chunk), ec);
        if (ec) break;
      }
      closed_ = true;
    });
  }
  ~FloodServer() {
    stop_ = true;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  bool closed() const { return closed_; }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stop_{false}, closed_{false};
  std::thread thread_;
};

// A page whose socket takes little and which then never reads again.
std::unique_ptr<PageClient> stalled_page(RunningServe& serve, std::uint16_t flood_port) {
  auto page = std::make_unique<PageClient>(serve);
  int small = 4096;
  ::setsockopt(page->ws.next_layer().native_handle(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  REQUIRE(page->connect("127.0.0.1", flood_port)["op"] == "connected");
  return page;
}

// Seconds until a new connection of this page is admitted again (its limit is one), or -1.
double seconds_until_slot_frees(RunningServe& serve, double give_up_s) {
  auto started = std::chrono::steady_clock::now();
  TcpEchoServer echo;
  while (std::chrono::steady_clock::now() - started < std::chrono::duration<double>(give_up_s)) {
    PageClient again(serve);
    json r = again.connect("127.0.0.1", echo.port());
    if (r["op"] == "connected") return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

}  // namespace

TEST_CASE("pairing: revoking a pairing closes its open connections at once", "[relay][pairing]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  std::string token = pair(serve, kOther);
  std::string kept_token = pair(serve, "http://127.0.0.1:8001");
  PageClient page(serve.port(), token, kOther);
  REQUIRE(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  PageClient kept(serve.port(), kept_token, "http://127.0.0.1:8001");
  REQUIRE(kept.connect("127.0.0.1", echo.port())["op"] == "connected");
  PageClient local(serve);
  REQUIRE(local.connect("127.0.0.1", echo.port())["op"] == "connected");

  // Another process revokes it (`wirepad relay pairings --revoke`): only the file changes.
  auto revoked_at = std::chrono::steady_clock::now();
  REQUIRE(*PairingStore(serve.pairings_file).revoke(kOther) == 1);
  json reply = page.read_json();
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - revoked_at).count();
  CHECK(reply["op"] == "error");
  CHECK(reply["code"] == "relay_refused");
  CHECK(reply["message"] == "The pairing of Origin '" + kOther +
                                "' was revoked (wirepad relay pairings --revoke); the relay closed this connection.");
  CHECK(page.read().closed);
  CHECK(took < 2.0);
  // The others go on.
  kept.send_binary("still here");
  CHECK(kept.read_bytes(10) == "still here");
  local.send_binary("me too");
  CHECK(local.read_bytes(6) == "me too");
  CHECK_FALSE(serve.wait_for_log_containing("origin=" + kOther + " target=tcp 127.0.0.1:" + std::to_string(echo.port())).empty());
}

TEST_CASE("limits: a page that stops reading loses its slot at the idle timeout", "[relay][limits]") {
  FloodServer flood;
  ServeOptions o = relay_options();
  o.idle_timeout = 1;
  o.max_connections_per_page = 1;
  RunningServe serve(o);
  auto page = stalled_page(serve, flood.port());
  double freed = seconds_until_slot_frees(serve, 10);
  CHECK(freed >= 0);
  CHECK(freed < 6);
  CHECK_FALSE(serve.wait_for_log_containing("idle_timeout: No bytes moved").empty());
}

TEST_CASE("limits: a page that stops reading loses its slot at --max-lifetime", "[relay][limits]") {
  FloodServer flood;
  ServeOptions o = relay_options();
  o.max_lifetime = 1;
  o.max_connections_per_page = 1;
  RunningServe serve(o);
  auto page = stalled_page(serve, flood.port());
  double freed = seconds_until_slot_frees(serve, 10);
  CHECK(freed >= 0);
  CHECK(freed < 6);
  CHECK_FALSE(serve.wait_for_log_containing("total_timeout: This connection reached the relay's lifetime limit").empty());
}
