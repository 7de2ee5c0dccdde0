// tests/relay: the relay never connects to itself. Through itself a paired page could read
// index.html with the per-run token, and take the connection slots of the local page. Every
// address the relay listens on is refused (a wildcard bind listens on every address of this
// machine), and `allow_loopback: false` refuses every address of this machine, not only 127/8.
// The wildcard cases run in a private network namespace (relay_netns.h), where the test knows
// all of "this machine's" addresses.
#include "relay_netns.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::ServeOptions;

namespace {

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";
  return o;
}

std::string itself(const std::string& shown) {
  return "The relay refuses " + shown + ": that is this relay itself (wirepad serve listens there), and a page must not "
         "reach the relay's own page, token or connection slots through it.";
}

constexpr const char* kThisMachine = "198.51.100.7";  // a public-class address of the namespace's machine

json wildcard_scenario(const fs::path& dir) {
  json out = json::object();
  ServeOptions o;
  o.port = 0;
  o.bind = "0.0.0.0";
  o.web_root = "/nonexistent";
  o.pairings_file = (dir / "pairings.json").string();
  o.log = [](const std::string&) {};
  wirepad::native::ServeServer server(o);
  if (std::string why = server.start(); !why.empty()) return json{{"error", why}};
  o.policy.allow_loopback = false;
  wirepad::native::ServeServer no_loopback(o);
  if (std::string why = no_loopback.start(); !why.empty()) return json{{"error", why}};
  std::uint16_t free_port = closed_port();
  try {
    auto ask = [&](wirepad::native::ServeServer& s, const std::string& host, std::uint16_t port) {
      PageClient page(s.port(), s.token(), "http://127.0.0.1:" + std::to_string(s.port()));
      return page.connect(host, port);
    };
    for (const char* host : {"127.0.0.1", "127.0.0.2", "localhost", kThisMachine, "::ffff:127.0.0.3"})
      out[std::string("self via ") + host] = ask(server, host, server.port());
    // allow_loopback false: this machine's other addresses are this machine too.
    out["own address, loopback refused"] = ask(no_loopback, kThisMachine, free_port);
    out["own address, loopback allowed"] = ask(server, kThisMachine, free_port);
  } catch (const std::exception& e) {
    out["exception"] = e.what();
  }
  server.stop();
  no_loopback.stop();
  return out;
}

}  // namespace

TEST_CASE("relay: its own listening addresses are refused", "[relay][policy]") {
  RunningServe serve(relay_options());
  std::string p = std::to_string(serve.port());
  for (const std::string& host : {std::string("127.0.0.1"), std::string("localhost"), std::string("::ffff:127.0.0.1")}) {
    PageClient page(serve);
    json reply = page.connect(host, serve.port());
    INFO(host << ": " << reply.dump());
    CHECK(reply["code"] == "relay_refused");
    std::string shown = host == "::ffff:127.0.0.1" ? "[::ffff:127.0.0.1]:" + p : "127.0.0.1:" + p;
    if (host == "localhost") {  // 127.0.0.1 and ::1, in the resolver's order: both refused
      CHECK(reply["message"].get<std::string>().rfind("'localhost' resolves only to addresses the relay refuses. The relay refuses ", 0) == 0);
      CHECK(reply["message"].get<std::string>().find("that is this relay itself") != std::string::npos);
    } else {
      CHECK(reply["message"] == itself(shown));
    }
  }
  // Other ports on loopback stay allowed (the lab servers, the user's own dev servers).
  TcpEchoServer echo;
  PageClient page(serve);
  CHECK(page.connect("127.0.0.1", echo.port())["op"] == "connected");
  CHECK_FALSE(serve.wait_for_log_containing("that is this relay itself").empty());
}

TEST_CASE("relay: bound to 0.0.0.0 it refuses itself on every address and allow_loopback false refuses this machine",
          "[relay][policy][namespace]") {
  TempDir dir;
  IsolatedRun run = run_isolated({kThisMachine}, [&] { return wildcard_scenario(dir.path).dump(); });
  if (!run.isolated) {
    WARN("SKIPPED: cannot create a network namespace here (" << run.report << "); the wildcard self checks did not run");
    return;
  }
  INFO(run.report);
  json r = json::parse(run.report);
  REQUIRE_FALSE(r.contains("error"));
  REQUIRE_FALSE(r.contains("exception"));
  for (const char* host : {"127.0.0.1", "127.0.0.2", "localhost", kThisMachine, "::ffff:127.0.0.3"}) {
    json reply = r[std::string("self via ") + host];
    INFO(host);
    CHECK(reply["code"] == "relay_refused");
    CHECK(reply["message"].get<std::string>().find("that is this relay itself") != std::string::npos);
  }
  CHECK(r["own address, loopback refused"]["code"] == "relay_refused");
  CHECK(r["own address, loopback refused"]["message"] ==
        std::string("The relay refuses ") + kThisMachine +
            ": it is an address of this machine, and this relay was started without access to this machine's own services.");
  // With loopback allowed it is tried (and nothing listens there).
  CHECK(r["own address, loopback allowed"]["code"] == "connect_refused");
}
