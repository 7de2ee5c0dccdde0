// Share links: experiment -> link -> experiment, secrets left out unless asked, and clear
// errors with positions for cut, damaged and newer links.
#include <catch2/catch.hpp>

#include "convert_samples.h"
#include "shared/base64.h"
#include "shared/request_resolve.h"
#include "shared/request_serializer.h"
#include "shared/share_link.h"

using namespace wirepad;

TEST_CASE("experiment -> link -> experiment, with secrets included", "[share_link]") {
  for (const Experiment& e : test::convert_samples()) {
    CAPTURE(e.name);
    ShareLink link = make_share_link(e, {.include_secrets = true});
    CHECK(link.left_out.empty());
    CHECK(link.fragment.rfind("x=1.", 0) == 0);
    CHECK(link.fragment.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4) ==
          std::string::npos);
    std::string url = share_link_url("http://127.0.0.1:7070/#old", link);
    CHECK(url.rfind("http://127.0.0.1:7070/#x=1.", 0) == 0);
    Result<Experiment> back = open_share_link(url);
    REQUIRE(back.ok());
    if (e.request.body.find('\xff') == std::string::npos) {
      // The experiment format stores the body as a JSON string, so invalid UTF-8 does not survive
      // it (see docs/experiment-format.md); everything else is identical.
      CHECK(back.value() == e);
      CHECK(serialize_request(flatten_request(back->request)).value().bytes == serialize_request(flatten_request(e.request)).value().bytes);
    }
    CHECK(open_share_link("#" + link.fragment).ok());
    CHECK(open_share_link(link.fragment).ok());
    CHECK(open_share_link("http://h/#a=b&" + link.fragment).ok());
  }
}

TEST_CASE("Authorization, Cookie and URL passwords stay out unless asked", "[share_link]") {
  Experiment e;
  e.request = HttpRequest{"GET", "http://alice:pw@127.0.0.1/",
                          {{"authorization", "Bearer secret-token"}, {"Cookie", "sid=secret"}, {"X-Keep", "visible"}},
                          ""};
  ShareLink link = make_share_link(e);
  CHECK(link.left_out == std::vector<std::string>{"the value of the authorization header",
                                                  "the value of the Cookie header", "the password in the URL"});
  Result<Experiment> back = open_share_link(link.fragment);
  REQUIRE(back.ok());
  CHECK(back->request.url == "http://alice@127.0.0.1/");
  CHECK(back->request.headers == Headers{{"authorization", ""}, {"Cookie", ""}, {"X-Keep", "visible"}});
  Result<std::string> raw = decode_base64url(std::string_view(link.fragment).substr(4));
  REQUIRE(raw.ok());
  // Nothing secret anywhere in the link, even compressed.
  CHECK(link.fragment.find("secret") == std::string::npos);
}

TEST_CASE("a link is compact", "[share_link]") {
  Experiment e = test::convert_samples()[1];
  ShareLink link = make_share_link(e);
  CHECK(link.fragment.size() < link.json_bytes);
}

TEST_CASE("cut, damaged and newer links say where and what", "[share_link]") {
  Experiment e = test::convert_samples()[1];
  std::string url = share_link_url("http://127.0.0.1:7070/", make_share_link(e));
  std::size_t payload = url.find("x=1.") + 4;

  SECTION("every cut is refused") {
    for (std::size_t cut = url.find('#'); cut < url.size(); ++cut) {
      CAPTURE(cut);
      Result<Experiment> r = open_share_link(url.substr(0, cut));
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == ErrorCode::invalid_experiment);
      CHECK(r.error().offset >= 0);
      CHECK(std::size_t(r.error().offset) <= cut);
    }
  }
  SECTION("a character outside base64url") {
    std::string bad = url;
    bad[payload + 10] = '!';
    Result<Experiment> r = open_share_link(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().offset == std::int64_t(payload + 10));
    CHECK_THAT(r.error().message, Catch::Contains("damaged at character " + std::to_string(payload + 10)));
  }
  SECTION("a damaged compressed stream") {
    std::string bad = url;
    bad[payload] = bad[payload] == '_' ? '-' : '_';  // first block header: reserved block type
    Result<Experiment> r = open_share_link(bad);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("damaged"));
    CHECK(r.error().offset >= std::int64_t(payload));
  }
  SECTION("a newer link format") {
    std::string newer = url;
    newer.replace(payload - 2, 1, "7");
    Result<Experiment> r = open_share_link(newer);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("newer Wirepad (link format 7)"));
    CHECK(r.error().offset == std::int64_t(payload - 2));
  }
  SECTION("a newer experiment format inside a current link") {
    std::string json = serialize_experiment(e);
    json.replace(json.find("\"wirepad\": 1"), 12, "\"wirepad\": 9");
    Result<Experiment> r = open_share_link(encode_share_fragment(json));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("newer Wirepad (format 9)"));
  }
  SECTION("broken JSON inside names its byte") {
    Result<Experiment> r = open_share_link(encode_share_fragment("{\"wirepad\": 1, \"name\": }"));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("not valid JSON at byte 23"));
    CHECK(r.error().offset == 23);
  }
  SECTION("extra characters after the end") {
    Result<Experiment> r = open_share_link(url + "AAAA");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("extra characters"));
  }
  SECTION("not a share link at all") {
    Result<Experiment> r = open_share_link("http://127.0.0.1:7070/#y=2");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("#x="));
    CHECK(open_share_link("http://h/#x=1.").error().offset == 14);
    CHECK(open_share_link("http://h/#x=.abc").error().offset == 12);
  }
}
