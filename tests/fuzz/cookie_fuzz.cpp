// Fuzz target: Set-Cookie parsing (shared/cookie_jar.h) and Location resolution
// (shared/redirects.h). The first byte picks the request URL; the rest is one Set-Cookie
// value, also tried as a Location. Properties: a refusal always has a reason; a stored cookie
// has a name, a domain the host domain-matches, a path starting with '/'; the Cookie header
// has no CR, LF or NUL; the jar round-trips through JSON; a resolved Location parses as a URL.
// Built with libFuzzer (scripts/fuzz.sh) and replayed over the corpus by replay_main.cpp.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "shared/cookie_jar.h"
#include "shared/redirects.h"

using namespace wirepad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* urls[] = {"http://www.example.com/a/b?q", "https://example.com/", "http://127.0.0.1:8080/x/",
                               "https://[::1]/"};
  Url url = parse_url(urls[data[0] % 4]).value();
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const UnixTime now = 1445412480;
  CookieJar jar;
  CookieVerdict v = jar.set_cookie(text, url, now);
  if (v.outcome == CookieVerdict::Outcome::rejected) {
    if (v.reason.empty() || !jar.cookies().empty()) std::abort();
  } else if (v.outcome == CookieVerdict::Outcome::stored) {
    const Cookie& c = jar.cookies().at(0);
    if (c.name.empty() || c.path.empty() || c.path[0] != '/' || !domain_match(url.host, c.domain)) std::abort();
  }
  std::string header = jar.cookie_header(url, now);
  for (char ch : header)
    if (ch == '\r' || ch == '\n' || ch == '\0') std::abort();
  Result<CookieJar> back = CookieJar::from_json(jar.to_json());
  if (!back || back->cookies() != jar.cookies()) std::abort();

  Result<std::string> location = resolve_reference(url, text);
  if (location && !parse_url(*location)) std::abort();
  if (!location && location.error().message.empty()) std::abort();
  return 0;
}
