// wirepad core: the hashes and the MAC the auth schemes need, and hex. MD5 and SHA-256 for
// HTTP Digest (RFC 7616 §3.2), SHA-256 for PKCE (RFC 7636 §4.2) and for AWS Signature V4's
// payload and canonical-request hashes, HMAC-SHA256 (RFC 2104) for SigV4's signing key.
// Never hand-written: every function calls mbedTLS's libmbedcrypto, the same library in the
// native and the wasm build (cmake/dependencies.cmake). SHA-512/256 (FIPS 180-4 §5.3.6) is not
// offered: mbedTLS 2.28 has no SHA-512/256, so Digest's "SHA-512-256" is reported unsupported.
// Depends on: mbedTLS (in the .cpp only).
#pragma once
#include <string>
#include <string_view>

namespace wirepad {

enum class HashAlgorithm { md5, sha256 };

// The raw digest bytes (16 for MD5, 32 for SHA-256).
std::string hash_bytes(HashAlgorithm algorithm, std::string_view data);
// The same as lower-case hex, which is how Digest and SigV4 write hashes.
std::string hash_hex(HashAlgorithm algorithm, std::string_view data);
std::string sha256_bytes(std::string_view data);
std::string sha256_hex(std::string_view data);
std::string md5_hex(std::string_view data);
// HMAC-SHA256 (RFC 2104), raw 32 bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Lower-case hex of any bytes.
std::string to_hex(std::string_view bytes);

}  // namespace wirepad
