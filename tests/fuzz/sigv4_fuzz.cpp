// Fuzz target: AWS Signature V4's canonicalization (shared/sigv4.h) of what the user typed:
// the path and query of the URL, header names and values, the body. The first byte picks the
// options (bit 0: S3's rules, bit 1: presign, bit 2: a session token, bit 3: the whole-request
// form with an absolute URL). The rest, '\n'-separated: the request target (or URL), then
// "Name: value" header lines up to an empty line, then the body.
// Properties: no crash or exception; a refusal has a sentence; a signature is 64 lower-case
// hex digits and the same when signed twice; the canonical URI and query hold only unreserved
// characters, '/', '=', '&' and %XX with upper-case hex (each byte encoded exactly once); the
// signed header names are lower case, sorted, and include host; the header form's
// Authorization ends with the signature, the presigned target with X-Amz-Signature=it.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "shared/sigv4.h"

using namespace wirepad;

namespace {

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// Canonical URI or query: unreserved bytes, the allowed separators and %XX only.
void check_encoded(std::string_view s, std::string_view separators) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool unreserved = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved || separators.find(c) != std::string_view::npos) continue;
    if (c != '%' || i + 2 >= s.size() || !is_upper_hex(s[i + 1]) || !is_upper_hex(s[i + 2])) std::abort();
    i += 2;
  }
}

// names_have_semicolon: a header name with ';' (not an HTTP token, but nothing refuses it
// here) makes the signed names ambiguous, so their order is not checked then.
void check(const SigV4Result& r, bool presign, bool names_have_semicolon) {
  if (r.signature.size() != 64) std::abort();
  for (char c : r.signature)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) std::abort();
  // Lines: method, URI, query, then the headers.
  std::vector<std::string_view> lines;
  std::string_view cr = r.canonical_request;
  for (std::size_t at = 0; lines.size() < 3;) {
    std::size_t nl = cr.find('\n', at);
    if (nl == std::string_view::npos) std::abort();
    lines.push_back(cr.substr(at, nl - at));
    at = nl + 1;
  }
  check_encoded(lines[1], "/");
  check_encoded(lines[2], "=&");
  std::string_view names = r.signed_headers;
  std::string previous;
  bool host = false;
  while (!names.empty()) {
    std::size_t semi = names.find(';');
    std::string name(names.substr(0, semi));
    for (char c : name)
      if (c >= 'A' && c <= 'Z') std::abort();
    if (!names_have_semicolon && name < previous) std::abort();
    host = host || name == "host";
    previous = name;
    names.remove_prefix(semi == std::string_view::npos ? names.size() : semi + 1);
  }
  if (!host) std::abort();
  const std::string& sig = r.signature;
  if (presign) {
    std::string tail = "X-Amz-Signature=" + sig;
    if (r.target.size() < tail.size() || r.target.compare(r.target.size() - tail.size(), tail.size(), tail) != 0)
      std::abort();
  } else {
    if (r.headers_to_add.empty()) std::abort();
    const Header& auth = r.headers_to_add.back();
    if (auth.name != "Authorization" || auth.value.size() < sig.size() ||
        auth.value.compare(auth.value.size() - sig.size(), sig.size(), sig) != 0)
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned flags = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  std::size_t nl = rest.find('\n');
  std::string target(rest.substr(0, nl));
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  Headers headers;
  while (!rest.empty()) {
    nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  std::string body(rest);

  const bool s3 = flags & 1, presign = flags & 2, token = flags & 4, whole = flags & 8;
  SigV4Options options = sigv4_options_for(s3 ? "s3" : "execute-api", "us-east-1", 1440938160);
  AwsCredentials credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token ? "tok/en=" : ""};

  auto sign = [&]() -> Result<SigV4Result> {
    if (whole) {
      HttpRequest request{"GET", target, headers, body};
      return presign ? sigv4_presign(request, credentials, options) : sigv4_sign_headers(request, credentials, options);
    }
    // The target as typed; a Host the input adds too is joined to this one, as SigV4 joins repeats.
    Headers with_host = headers;
    with_host.insert(with_host.begin(), Header{"Host", "example.amazonaws.com"});
    SigV4Request request{"POST", target, with_host, body};
    return presign ? sigv4_presign(request, credentials, options) : sigv4_sign_headers(request, credentials, options);
  };
  Result<SigV4Result> first = sign();
  if (!first) {
    if (first.error().message.empty()) std::abort();
    return 0;
  }
  bool semicolon = false;
  for (const Header& h : headers) semicolon = semicolon || h.name.find(';') != std::string::npos;
  check(*first, presign, semicolon);
  Result<SigV4Result> again = sign();
  if (!again || again->signature != first->signature || again->canonical_request != first->canonical_request)
    std::abort();
  return 0;
}
