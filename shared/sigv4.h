// wirepad core: AWS Signature Version 4 (the AWS4-HMAC-SHA256 algorithm of the AWS General
// Reference, "Signing AWS API requests"), sans-I/O: the time comes in as an argument, the
// result is the headers (or query) to add. Each step is exposed (canonical request, string to
// sign, signature) so the UI can show how the signature was made.
// Checked against AWS's published SigV4 test suite (tests/data/sigv4/, see its README).
// Depends on: crypto_hash.h, http_message.h, error.h.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "error.h"
#include "http_message.h"

namespace wirepad {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials (STS); empty when none
};

struct SigV4Options {
  std::string region;   // "us-east-1"
  std::string service;  // "s3", "execute-api", "sts", ...
  std::int64_t unix_time = 0;  // seconds since 1970-01-01 UTC, the request's X-Amz-Date
  // Path canonicalization. Every service but S3 removes dot segments and merges slashes and
  // encodes the path as sent once more ('%' becomes %25); S3 does neither.
  bool normalize_path = true;
  bool double_encode_path = true;
  // Send and sign X-Amz-Content-Sha256 (the payload hash). S3 requires it.
  bool add_content_sha256 = false;
  // The payload hash to sign instead of the body's SHA-256, e.g. "UNSIGNED-PAYLOAD" (S3).
  // Empty: hash the body. An X-Amz-Content-Sha256 header the user set is used the same way.
  std::string payload_hash;
  // false: the session token is sent but not signed (some services want it added after signing).
  bool sign_session_token = true;
  // Presigned URLs only: how long the signature is valid, 1 to 604800 seconds (7 days).
  std::int64_t expires_seconds = 3600;
};

// The options a service needs: for "s3", no path normalization, no double encoding, and the
// X-Amz-Content-Sha256 header; for every other service, the defaults above.
SigV4Options sigv4_options_for(std::string_view service, std::string_view region, std::int64_t unix_time);

// What is signed: the request as it will be sent. `target` is the request-target
// ("/path?query"); `headers` must include Host. Authorization, User-Agent, Expect and
// X-Amzn-Trace-Id are not signed (proxies and clients change them, as AWS's SDKs skip them).
struct SigV4Request {
  std::string_view method;
  std::string_view target;
  const Headers& headers;
  std::string_view body;
};

struct SigV4Result {
  Headers headers_to_add;          // header signing: X-Amz-Date, [X-Amz-Content-Sha256], [X-Amz-Security-Token], Authorization
  std::string target;              // presigning: the request target with the X-Amz-* query appended
  std::string canonical_request;   // the steps, for display and tests
  std::string string_to_sign;
  std::string signature;           // lower-case hex
  std::string signed_headers;      // "host;x-amz-date"
};

// Signs with an Authorization header. Errors (invalid_request), each naming the problem: no
// Host header; empty access key, secret, region or service; a header the signer sets itself
// (Authorization, X-Amz-Date, X-Amz-Security-Token) already present; a time before 1970.
Result<SigV4Result> sigv4_sign_headers(const SigV4Request& request, const AwsCredentials& credentials,
                                       const SigV4Options& options);
// Signs in the query string (a presigned URL): X-Amz-Algorithm, -Credential, -Date,
// -SignedHeaders, -Expires, [-Security-Token], -Signature appended to the target. Errors as
// above, plus an expiry outside 1..604800 seconds, or X-Amz-* signing parameters already in the query.
Result<SigV4Result> sigv4_presign(const SigV4Request& request, const AwsCredentials& credentials,
                                  const SigV4Options& options);

// The same for a whole request whose url is absolute ("https://host/path?q"): the Host the
// serializer will send (Url::authority()) is signed when the headers have none, and the
// target comes from the URL. Errors from parse_url are passed on.
Result<SigV4Result> sigv4_sign_headers(const HttpRequest& request, const AwsCredentials& credentials,
                                       const SigV4Options& options);
Result<SigV4Result> sigv4_presign(const HttpRequest& request, const AwsCredentials& credentials,
                                  const SigV4Options& options);

// "20150830T123600Z" for a Unix time (UTC, ISO 8601 basic format as SigV4 writes it).
std::string sigv4_timestamp(std::int64_t unix_time);

}  // namespace wirepad
