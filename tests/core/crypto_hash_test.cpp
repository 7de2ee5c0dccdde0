// The hashes and HMAC behind the auth schemes (shared/crypto_hash.h) against published
// vectors: RFC 1321 §A.5 (MD5), FIPS 180-2 appendix B (SHA-256), RFC 4231 §4 (HMAC-SHA256).
#include <catch2/catch.hpp>

#include <string>

#include "shared/crypto_hash.h"

using namespace wirepad;

TEST_CASE("MD5 matches RFC 1321's test suite", "[auth][crypto]") {
  auto [input, hex] = GENERATE(table<std::string, std::string>({
      {"", "d41d8cd98f00b204e9800998ecf8427e"},
      {"a", "0cc175b9c0f1b6a831c399e269772661"},
      {"abc", "900150983cd24fb0d6963f7d28e17f72"},
      {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
      {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
       "57edf4a22be3c955ac49da2e2107b67a"},
  }));
  CAPTURE(input);
  CHECK(md5_hex(input) == hex);
  CHECK(hash_bytes(HashAlgorithm::md5, input).size() == 16);
}

TEST_CASE("SHA-256 matches FIPS 180-2's examples", "[auth][crypto]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(sha256_bytes("abc").size() == 32);
  CHECK(to_hex(sha256_bytes("abc")) == sha256_hex("abc"));
}

TEST_CASE("HMAC-SHA256 matches RFC 4231's test cases", "[auth][crypto]") {
  // Test case 1: key = 20 bytes of 0x0b, data "Hi There".
  CHECK(to_hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: a key shorter than the block.
  CHECK(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block (131 bytes of 0xaa) is hashed first.
  CHECK(to_hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST_CASE("to_hex writes lower-case pairs for every byte value", "[auth][crypto]") {
  CHECK(to_hex(std::string("\x00\x0f\xf0\xff", 4)) == "000ff0ff");
  CHECK(to_hex("") == "");
}
