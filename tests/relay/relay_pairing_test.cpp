// tests/relay: pages served elsewhere. A second origin cannot use the relay until it pairs with
// the one-time code; pairing gives it a token for its Origin only; revoking ends it at once.
// Real ServeServer, real HTTP and WebSockets on 127.0.0.1, the pairings file in a temp folder.
#include <sys/stat.h>

#include "native/relay_pairing.h"
#include "relay_test_support.h"

using namespace relay_test;
using wirepad::native::PairingCode;
using wirepad::native::PairingStore;
using wirepad::native::ServeOptions;

namespace {

const std::string kOther = "http://127.0.0.1:8000";  // a static copy of the page, another port

ServeOptions relay_options() {
  ServeOptions o;
  o.web_root = "/nonexistent";
  return o;
}

// Pairs kOther (or `origin`) and returns its token.
std::string pair(RunningServe& serve, const std::string& origin = kOther) {
  auto res = http_post(serve.port(), "/pair", serve.host(), origin, serve.server->pairing_code());
  INFO(res.body());
  REQUIRE(res.result_int() == 200);
  json j = json::parse(res.body());
  CHECK(j["origin"] == origin);
  return j["token"].get<std::string>();
}

std::string how_to_pair(RunningServe& serve) {
  return "pair it by opening that page and entering the one-time pairing code `wirepad serve` printed (the page asks for "
         "it), or open http://127.0.0.1:" + std::to_string(serve.port()) + "/ instead.\n";
}

}  // namespace

TEST_CASE("pairing: a foreign Origin without pairing is refused, and told how to pair", "[relay][pairing]") {
  RunningServe serve(relay_options());
  // Even with the per-run token (which a foreign page cannot read anyway).
  auto res = upgrade_request(serve.port(), "/relay?token=" + serve.token(), serve.host(), kOther);
  CHECK(res.result_int() == 403);
  CHECK(res.body() == "Origin '" + kOther + "' is not paired with this relay; " + how_to_pair(serve));
  CHECK_THROWS(PageClient(serve.port(), serve.token(), kOther));
  CHECK_FALSE(serve.wait_for_log_containing("refused upgrade from Origin '" + kOther + "': Origin '" + kOther + "' is not paired").empty());
}

TEST_CASE("pairing: the code buys a token for that Origin, which then uses the relay", "[relay][pairing]") {
  TcpEchoServer echo;
  RunningServe serve(relay_options());
  std::string code = serve.server->pairing_code();
  REQUIRE(code.size() == 9);
  CHECK(code[4] == '-');

  auto res = http_post(serve.port(), "/pair", serve.host(), kOther, code);
  REQUIRE(res.result_int() == 200);
  // CORS for the asking Origin only, so its page can read the token.
  CHECK(res[http::field::access_control_allow_origin] == kOther);
  std::string token = json::parse(res.body())["token"];
  CHECK(token.size() == 64);
  CHECK(token != serve.token());
  CHECK_FALSE(serve.wait_for_log_containing("relay: paired Origin '" + kOther + "'").empty());

  PageClient page(serve.port(), token, kOther);
  json reply = page.connect("127.0.0.1", echo.port());
  CHECK(reply["op"] == "connected");
  page.send_binary("paired page");
  CHECK(page.read_bytes(11) == "paired page");
  page.ws.close(websocket::close_code::normal);
  CHECK_FALSE(serve.wait_for_log_containing("origin=" + kOther + " target=tcp 127.0.0.1").empty());

  // /pair/check answers the page that kept its token.
  auto check = http_post(serve.port(), "/pair/check", serve.host(), kOther, token);
  CHECK(check.result_int() == 200);
  CHECK(json::parse(check.body())["paired"] == true);

  // The file holds a hash of the token, never the token, and only its owner may read it.
  struct stat st{};
  REQUIRE(::stat(serve.pairings_file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(serve.pairings_file);
  std::string file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(file.find(kOther) != std::string::npos);
  CHECK(file.find(token) == std::string::npos);
}

TEST_CASE("pairing: the code works once, and a wrong code is refused with a sentence", "[relay][pairing]") {
  RunningServe serve(relay_options());
  std::string code = serve.server->pairing_code();
  auto wrong = http_post(serve.port(), "/pair", serve.host(), kOther, "AAAA-AAAA");
  CHECK(wrong.result_int() == 403);
  CHECK(wrong.body().find("That pairing code is wrong or was used already") == 0);
  CHECK(wrong[http::field::access_control_allow_origin] == kOther);  // the page can show why

  auto first = http_post(serve.port(), "/pair", serve.host(), kOther, code);
  CHECK(first.result_int() == 200);
  auto again = http_post(serve.port(), "/pair", serve.host(), "http://127.0.0.1:8001", code);
  CHECK(again.result_int() == 403);
  CHECK(serve.server->pairing_code() != code);  // a new one for the next page
  CHECK_FALSE(serve.wait_for_log_containing("pairing code is now " + serve.server->pairing_code()).empty());
}

TEST_CASE("pairing: too many wrong codes replace the code, so it cannot be guessed", "[relay][pairing]") {
  RunningServe serve(relay_options());
  std::string code = serve.server->pairing_code();
  for (int i = 0; i < PairingCode::kMaxWrongGuesses; ++i)
    CHECK(http_post(serve.port(), "/pair", serve.host(), kOther, "WRONG" + std::to_string(i)).result_int() == 403);
  // The right (old) code no longer works: the guesser burned it.
  CHECK(http_post(serve.port(), "/pair", serve.host(), kOther, code).result_int() == 403);
  CHECK_FALSE(serve.wait_for_log_containing("too many wrong codes: pairing code is now").empty());
}

TEST_CASE("pairing: a token is good for its own Origin only", "[relay][pairing]") {
  RunningServe serve(relay_options());
  std::string token = pair(serve);
  auto other = upgrade_request(serve.port(), "/relay?token=" + token, serve.host(), "http://127.0.0.1:8002");
  CHECK(other.result_int() == 403);
  CHECK(other.body().find("Origin 'http://127.0.0.1:8002' is not paired with this relay") == 0);
  // Nor for the page this server serves (its token is the per-run one).
  CHECK(upgrade_request(serve.port(), "/relay?token=" + token, serve.host(), serve.origin()).result_int() == 401);

  std::string wrong = token;
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  auto bad = upgrade_request(serve.port(), "/relay?token=" + wrong, serve.host(), kOther);
  CHECK(bad.result_int() == 401);
  CHECK(bad.body() == "The pairing token from Origin '" + kOther + "' is wrong; " + how_to_pair(serve));
  auto none = upgrade_request(serve.port(), "/relay", serve.host(), kOther);
  CHECK(none.result_int() == 401);
  CHECK(none.body().find("Origin '" + kOther + "' is paired, but the upgrade has no ?token=...") == 0);
}

TEST_CASE("pairing: a revoked pairing is refused at once, by a running relay", "[relay][pairing]") {
  RunningServe serve(relay_options());
  std::string token = pair(serve);
  CHECK_NOTHROW(PageClient(serve.port(), token, kOther));
  PairingStore store(serve.pairings_file);  // what `wirepad relay pairings --revoke` does
  auto n = store.revoke(kOther);
  REQUIRE(n.ok());
  CHECK(*n == 1);
  auto res = upgrade_request(serve.port(), "/relay?token=" + token, serve.host(), kOther);
  CHECK(res.result_int() == 403);
  CHECK(res.body() == "The pairing of Origin '" + kOther +
                          "' was revoked (wirepad relay pairings --revoke); to use the relay again, " + how_to_pair(serve));
  auto check = http_post(serve.port(), "/pair/check", serve.host(), kOther, token);
  CHECK(check.result_int() == 403);
  CHECK(check.body().find("was revoked") != std::string::npos);
  // Pairing again works and replaces the revoked entry.
  std::string fresh = pair(serve);
  CHECK_NOTHROW(PageClient(serve.port(), fresh, kOther));
  CHECK(store.load()->size() == 1);
  CHECK(*store.revoke("all") == 1);
  CHECK(upgrade_request(serve.port(), "/relay?token=" + fresh, serve.host(), kOther).result_int() == 403);
}

TEST_CASE("pairing: origins that cannot pair, and requests that are not a pairing", "[relay][pairing]") {
  RunningServe serve(relay_options());
  std::string code = serve.server->pairing_code();
  auto null_origin = http_post(serve.port(), "/pair", serve.host(), "null", code);
  CHECK(null_origin.result_int() == 403);
  CHECK(null_origin.body().find("Origin 'null' cannot pair: serve the page over http://") == 0);
  auto null_upgrade = upgrade_request(serve.port(), "/relay?token=x", serve.host(), "null");
  CHECK(null_upgrade.result_int() == 403);
  CHECK(null_upgrade.body().find("Origin 'null' may not use this relay and cannot pair") == 0);
  auto no_origin = http_post(serve.port(), "/pair", serve.host(), "", code);
  CHECK(no_origin.result_int() == 403);
  auto own = http_post(serve.port(), "/pair", serve.host(), serve.origin(), code);
  CHECK(own.result_int() == 400);
  CHECK(own.body().find("needs no pairing") != std::string::npos);
  // None of these used up the code.
  CHECK(serve.server->pairing_code() == code);
  // The Host check guards pairing too (DNS rebinding).
  auto rebound = http_post(serve.port(), "/pair", "evil.example:" + std::to_string(serve.port()), kOther, code);
  CHECK(rebound.result_int() == 403);
  auto get = http_get(serve.port(), "/pair", serve.host());
  CHECK(get.result_int() == 405);
  // The preflight a JSON body or Private Network Access asks for.
  auto preflight = http_request(serve.port(), http::verb::options, "/pair",
                                {{"Host", serve.host()}, {"Origin", kOther}, {"Access-Control-Request-Method", "POST"}});
  CHECK(preflight.result_int() == 204);
  CHECK(preflight[http::field::access_control_allow_origin] == kOther);
  CHECK(preflight["Access-Control-Allow-Private-Network"] == "true");
  // JSON bodies work as well as text.
  auto as_json = http_post(serve.port(), "/pair", serve.host(), kOther, json{{"code", code}}.dump());
  CHECK(as_json.result_int() == 200);
}

TEST_CASE("pairing store: missing, broken and revoked files", "[relay][pairing]") {
  TempDir dir;
  PairingStore store((dir.path / "sub" / "pairings.json").string());
  CHECK(store.load()->empty());
  CHECK(store.check(kOther, "x") == wirepad::native::PairingVerdict::not_paired);
  CHECK(*store.revoke("all") == 0);
  auto token = store.add(kOther);
  REQUIRE(token.ok());
  CHECK(store.check(kOther, *token) == wirepad::native::PairingVerdict::accepted);
  CHECK(store.check(kOther, "") == wirepad::native::PairingVerdict::no_token);
  write_file(dir.path / "sub" / "pairings.json", "{not json");
  auto broken = store.load();
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().message.find("is not what Wirepad writes") != std::string::npos);
  CHECK(store.check(kOther, *token) == wirepad::native::PairingVerdict::not_paired);
}
