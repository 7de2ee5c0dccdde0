// WWW-Authenticate parsing (shared/auth_challenge.h) and Digest (shared/digest_auth.h): RFC
// 9110 §11 grammar cases, strict errors with byte positions, and RFC 7616 §3.9.1's published
// example. The round trips against curl and lighttpd are in tests/native/auth_peers_test.cpp.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "shared/auth_challenge.h"
#include "shared/digest_auth.h"

using namespace wirepad;

namespace {

// RFC 7616 §3.9.1: the server offers SHA-256 and MD5 in two fields.
const std::vector<std::string> kRfcChallenges = {
    "Digest\r\n realm=\"http-auth@example.org\",\r\n qop=\"auth, auth-int\",\r\n algorithm=SHA-256,\r\n "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"",
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""};

std::vector<std::string> unfold(std::vector<std::string> fields) {
  // A received field value has its obs-fold already replaced by spaces (RFC 9112 §5.2).
  for (std::string& f : fields) {
    std::size_t at;
    while ((at = f.find("\r\n")) != std::string::npos) f.replace(at, 2, " ");
  }
  return fields;
}

const DigestCredentials kMufasa{"Mufasa", "Circle of Life"};

}  // namespace

TEST_CASE("challenges: several in one field, params, token68, quoted strings with escapes", "[auth][challenge]") {
  auto r = parse_auth_challenges(
      "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\", Negotiate abc+/==, "
      "Bearer");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 4);
  CHECK((*r)[0].scheme == "Newauth");
  CHECK((*r)[0].params.size() == 3);
  CHECK(*(*r)[0].param("TITLE") == "Login to \"apps\"");
  CHECK(*(*r)[0].param("type") == "1");
  CHECK_FALSE((*r)[0].params[1].quoted);
  CHECK((*r)[1].scheme == "Basic");
  CHECK(*(*r)[1].param("realm") == "simple");
  CHECK((*r)[1].offset == 57);
  CHECK((*r)[2].scheme == "Negotiate");
  CHECK((*r)[2].token68 == "abc+/==");
  CHECK((*r)[2].params.empty());
  CHECK((*r)[3].scheme == "Bearer");
  CHECK((*r)[3].params.empty());
}

TEST_CASE("challenges: whitespace around '=' and empty list elements are accepted", "[auth][challenge]") {
  auto r = parse_auth_challenges(" , Digest realm = \"a b\" ,, nonce=xyz , , Basic realm=\"b\" ,");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK(*(*r)[0].param("realm") == "a b");
  CHECK(*(*r)[0].param("nonce") == "xyz");
  CHECK((*r)[1].scheme == "Basic");
}

TEST_CASE("challenges: a token68 that ends in '=' is not read as a parameter", "[auth][challenge]") {
  // RFC 9110 §11.2: "realm=" alone is a token68 (a name and '=' with no value is not a param).
  auto bare = parse_auth_challenges("Digest realm=");
  REQUIRE(bare.ok());
  CHECK((*bare)[0].token68 == "realm=");
  auto r = parse_auth_challenges("Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagGDAWBgkqhkiC9xIBAgIGCSqGSIb3EgECAg==");
  REQUIRE(r.ok());
  CHECK((*r)[0].token68 == "YIIBhgYGKwYBBQUCoIIBejCCAXagGDAWBgkqhkiC9xIBAgIGCSqGSIb3EgECAg==");
}

TEST_CASE("challenges: malformed fields are errors with the byte position", "[auth][challenge]") {
  auto [field, offset, words] = GENERATE(table<std::string, int, std::string>({
      {"", 0, "no challenge"},
      {"Digest realm=\"unterminated", 13, "never closed"},
      {"Digest a=1, realm=", 18, "a value"},
      {"Digest a=\"x\"y", 12, "a comma"},
      {"Digest realm=\"a\" nonce=\"b\"", 17, "a comma"},
      {"Digest realm=\"a\", realm=\"b\"", 18, "appears twice"},
      {"Digest\trealm=\"a\"", 6, "a space after the scheme"},
      {"Digest realm=\"a\x01\"", 15, "a character allowed in a quoted string"},
      {"Digest realm=\"a\\", 16, "escaped by the backslash"},
      {"=Digest", 0, "an authentication scheme"},
      {"Digest realm=@", 13, "a value"},
  }));
  CAPTURE(field);
  auto r = parse_auth_challenges(field);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::malformed_response);
  CHECK(r.error().offset == offset);
  CHECK_THAT(r.error().message, Catch::Contains(words));
}

TEST_CASE("challenges: an error in a later field line names that line", "[auth][challenge]") {
  auto r = parse_auth_challenges(std::vector<std::string>{"Basic realm=\"x\"", "Digest realm=\"y"});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::StartsWith("In the second WWW-Authenticate field:"));
  CHECK(r.error().offset == 13);
  auto none = parse_auth_challenges(std::vector<std::string>{});
  REQUIRE_FALSE(none.ok());
  CHECK_THAT(none.error().message, Catch::Contains("no WWW-Authenticate field"));
}

TEST_CASE("challenges: every prefix of a valid field parses or fails with a position inside it", "[auth][challenge]") {
  const std::string field = unfold(kRfcChallenges)[0] + ", Basic realm=\"x\", Negotiate abc==";
  for (std::size_t n = 0; n <= field.size(); ++n) {
    auto r = parse_auth_challenges(std::string_view(field).substr(0, n));
    if (!r.ok()) {
      CAPTURE(n);
      CHECK(r.error().offset >= 0);
      CHECK(r.error().offset <= std::int64_t(n));
      CHECK_FALSE(r.error().message.empty());
    }
  }
}

TEST_CASE("digest: RFC 7616 §3.9.1's example gives the published responses", "[auth][digest]") {
  auto all = parse_auth_challenges(unfold(kRfcChallenges));
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);

  DigestRequest rq{"GET", "/dir/index.html", "", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1};
  auto sha = select_digest_challenge(unfold(kRfcChallenges));
  REQUIRE(sha.ok());
  CHECK(sha->algorithm == DigestAlgorithm::sha256);  // the stronger of the two
  CHECK(sha->qop == DigestQop::auth);
  CHECK(digest_response(*sha, kMufasa, rq) == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  auto header = digest_authorization(*sha, kMufasa, rq);
  REQUIRE(header.ok());
  CHECK(header->name == "Authorization");
  CHECK(header->value ==
        "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
        "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", "
        "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", nc=00000001, qop=auth, "
        "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
        "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", algorithm=SHA-256");

  auto md5 = select_digest_challenge(std::vector<std::string>{unfold(kRfcChallenges)[1]});
  REQUIRE(md5.ok());
  CHECK(md5->algorithm == DigestAlgorithm::md5);
  CHECK(digest_response(*md5, kMufasa, rq) == "8ca523f5e9506fed4657c9700eebdbec");
}

TEST_CASE("digest: -sess, auth-int and no-qop responses follow RFC 7616 §3.4.2 and §3.4.3", "[auth][digest]") {
  // Expected values computed independently with Python's hashlib from the RFC's formulas.
  DigestChallenge c;
  c.realm = "wirepad";
  c.nonce = "abc";
  c.qop = DigestQop::auth;
  DigestRequest rq{"POST", "/x", "hello", "cn", 2};
  c.algorithm = DigestAlgorithm::md5_sess;
  CHECK(digest_response(c, kMufasa, rq) == "5b4c8a8c435f96c1ba0c4b204fe2586c");
  c.algorithm = DigestAlgorithm::sha256_sess;
  CHECK(digest_response(c, kMufasa, rq) == "5dda1bb35fddb86af1d12473fdf70249516da7076ca113da5c27f4a839691cf4");
  c.algorithm = DigestAlgorithm::sha256;
  c.qop = DigestQop::auth_int;
  CHECK(digest_response(c, kMufasa, rq) == "764fb6974cc8e7c1486cc0f805bed07cd735682918a2fb5446fd0d124ce2268c");
  c.algorithm = DigestAlgorithm::md5;
  c.qop = DigestQop::none;
  CHECK(digest_response(c, kMufasa, rq) == "087b69b18354aa743f18cab777f1d620");
}

TEST_CASE("digest: choosing among challenges", "[auth][digest]") {
  SECTION("SHA-256 beats MD5 whatever the order, Basic is ignored") {
    auto c = select_digest_challenge(std::vector<std::string>{
        "Basic realm=\"b\", Digest realm=\"r\", nonce=\"1\", algorithm=MD5, qop=\"auth\"",
        "Digest realm=\"r\", nonce=\"2\", algorithm=SHA-256-sess, qop=\"auth\"",
        "Digest realm=\"r\", nonce=\"3\", algorithm=sha-256, qop=\"auth-int,auth\""});
    REQUIRE(c.ok());
    CHECK(c->nonce == "3");
    CHECK(c->algorithm == DigestAlgorithm::sha256);
    CHECK(c->qop == DigestQop::auth);
  }
  SECTION("auth-int when it is the only qop, stale and userhash read") {
    auto c = select_digest_challenge(std::vector<std::string>{
        "Digest realm=\"r\", nonce=\"1\", qop=\"auth-int\", stale=TRUE, userhash=true, domain=\"/a /b\""});
    REQUIRE(c.ok());
    CHECK(c->qop == DigestQop::auth_int);
    CHECK(c->stale);
    CHECK(c->userhash);
    CHECK(c->domain == "/a /b");
    CHECK_FALSE(c->algorithm_given);
    CHECK(c->algorithm == DigestAlgorithm::md5);  // §3.3: absent means MD5
  }
  SECTION("only SHA-512-256 is an error naming it") {
    auto c = select_digest_challenge(
        std::vector<std::string>{"Digest realm=\"r\", nonce=\"1\", algorithm=SHA-512-256, qop=\"auth\""});
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.error().message, Catch::Contains("algorithm=SHA-512-256"));
    CHECK_THAT(c.error().message, Catch::Contains("cannot compute"));
  }
  SECTION("SHA-512-256 next to MD5: MD5 is answered") {
    auto c = select_digest_challenge(std::vector<std::string>{
        "Digest realm=\"r\", nonce=\"1\", algorithm=SHA-512-256, qop=\"auth\", Digest realm=\"r\", nonce=\"2\", "
        "algorithm=MD5, qop=\"auth\""});
    REQUIRE(c.ok());
    CHECK(c->nonce == "2");
  }
  SECTION("unknown qop values only") {
    auto c = select_digest_challenge(std::vector<std::string>{"Digest realm=\"r\", nonce=\"1\", qop=\"auth-conf\""});
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.error().message, Catch::Contains("qop=\"auth-conf\""));
  }
  SECTION("no Digest at all names the schemes offered") {
    auto c = select_digest_challenge(std::vector<std::string>{"Basic realm=\"x\", Bearer"});
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.error().message, Catch::Contains("Basic, Bearer"));
  }
  SECTION("a Digest challenge without nonce") {
    auto c = select_digest_challenge(std::vector<std::string>{"Digest realm=\"x\""});
    REQUIRE_FALSE(c.ok());
    CHECK_THAT(c.error().message, Catch::Contains("no nonce"));
  }
  SECTION("from Proxy-Authenticate the answer is Proxy-Authorization") {
    auto c = select_digest_challenge(std::vector<std::string>{"Digest realm=\"p\", nonce=\"1\""}, true);
    REQUIRE(c.ok());
    auto h = digest_authorization(*c, kMufasa, DigestRequest{"GET", "http://example.com/", "", "", 1});
    REQUIRE(h.ok());
    CHECK(h->name == "Proxy-Authorization");
    CHECK(h->value.find("cnonce") == std::string::npos);  // no qop: the RFC 2069 form
  }
}

TEST_CASE("digest: usernames are escaped, hashed, or sent as username*", "[auth][digest]") {
  DigestChallenge c;
  c.realm = "api@example.org";
  c.nonce = "n";
  c.qop = DigestQop::auth;
  c.algorithm = DigestAlgorithm::sha256;
  c.algorithm_given = true;
  DigestRequest rq{"GET", "/", "", "cn", 1};
  auto quoted = digest_authorization(c, {"a\"b\\c", "pw"}, rq);
  REQUIRE(quoted.ok());
  CHECK_THAT(quoted->value, Catch::StartsWith("Digest username=\"a\\\"b\\\\c\", "));

  // RFC 7616 §3.4.4 and §3.9.2: a non-ASCII name goes as username* in RFC 8187 form.
  auto ext = digest_authorization(c, {"J\xC3\xA4s\xC3\xB8n Doe", "Secret, or not?"}, rq);
  REQUIRE(ext.ok());
  CHECK_THAT(ext->value, Catch::StartsWith("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, "));

  // §3.9.2 (with SHA-256 in place of SHA-512-256): userhash = H(username ":" realm).
  c.userhash = true;
  auto hashed = digest_authorization(c, {"Mufasa", "Circle of Life"}, rq);
  REQUIRE(hashed.ok());
  CHECK_THAT(hashed->value,
             Catch::StartsWith("Digest username=\"0a9ed318a424c7024ff890c5575b3c3769cea2f13ccc6c22410f516c68249d4d\""));
  CHECK_THAT(hashed->value, Catch::EndsWith(", algorithm=SHA-256, userhash=true"));
}

TEST_CASE("digest: inputs no header can carry are errors that say what to fix", "[auth][digest]") {
  DigestChallenge c;
  c.realm = "r";
  c.nonce = "n";
  c.qop = DigestQop::auth;
  auto no_cnonce = digest_authorization(c, kMufasa, DigestRequest{"GET", "/", "", "", 1});
  REQUIRE_FALSE(no_cnonce.ok());
  CHECK(no_cnonce.error().code == ErrorCode::invalid_request);
  CHECK_THAT(no_cnonce.error().message, Catch::Contains("cnonce"));
  auto bad_user = digest_authorization(c, {"a\nb", "pw"}, DigestRequest{"GET", "/", "", "x", 1});
  REQUIRE_FALSE(bad_user.ok());
  CHECK_THAT(bad_user.error().message, Catch::Contains("control character"));
  auto bad_uri = digest_authorization(c, kMufasa, DigestRequest{"GET", "/a\"b", "", "x", 1});
  REQUIRE_FALSE(bad_uri.ok());
  CHECK(to_string(DigestAlgorithm::sha256_sess) == "SHA-256-sess");
}
