// wirepad core: hashes and HMAC over mbedTLS's generic message-digest API (see crypto_hash.h).
// The generic API (mbedtls/md.h) has the same calls in mbedTLS 2.x and 3.x.
// Depends on: crypto_hash.h, mbedTLS.
#include "crypto_hash.h"

#include <mbedtls/md.h>

#include <cstdlib>

namespace wirepad {

namespace {

const mbedtls_md_info_t* info(HashAlgorithm algorithm) {
  const mbedtls_md_info_t* i =
      mbedtls_md_info_from_type(algorithm == HashAlgorithm::md5 ? MBEDTLS_MD_MD5 : MBEDTLS_MD_SHA256);
  // Both are compiled into every libmbedcrypto we link (Debian's and setup.sh's); a missing
  // one is a build mistake, not an input error.
  if (i == nullptr) std::abort();
  return i;
}

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

std::string hash_bytes(HashAlgorithm algorithm, std::string_view data) {
  const mbedtls_md_info_t* i = info(algorithm);
  std::string out(mbedtls_md_get_size(i), '\0');
  if (mbedtls_md(i, bytes_of(data), data.size(), reinterpret_cast<unsigned char*>(out.data())) != 0) std::abort();
  return out;
}

std::string hash_hex(HashAlgorithm algorithm, std::string_view data) { return to_hex(hash_bytes(algorithm, data)); }
std::string sha256_bytes(std::string_view data) { return hash_bytes(HashAlgorithm::sha256, data); }
std::string sha256_hex(std::string_view data) { return hash_hex(HashAlgorithm::sha256, data); }
std::string md5_hex(std::string_view data) { return hash_hex(HashAlgorithm::md5, data); }

std::string hmac_sha256(std::string_view key, std::string_view data) {
  const mbedtls_md_info_t* i = info(HashAlgorithm::sha256);
  std::string out(mbedtls_md_get_size(i), '\0');
  if (mbedtls_md_hmac(i, bytes_of(key), key.size(), bytes_of(data), data.size(),
                      reinterpret_cast<unsigned char*>(out.data())) != 0)
    std::abort();
  return out;
}

std::string to_hex(std::string_view bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out += digits[(static_cast<unsigned char>(c) >> 4) & 15];
    out += digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

}  // namespace wirepad
