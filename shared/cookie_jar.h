// wirepad core: a cookie jar (RFC 6265): Set-Cookie parsing (§5.2), the cookie dates of
// §5.1.1, domain and path matching (§5.1.3-4), the storage model (§5.3) and the Cookie header
// (§5.4). Two rules come from RFC 6265bis, as every browser applies them: a Secure cookie is
// only set over https, and the __Secure-/__Host- name prefixes. Time is an argument (seconds
// since the Unix epoch): the core reads no clock. Every refused cookie says why.
// Not done: the public suffix list (a Domain with no dot, like "com", is refused unless it is
// the host itself) and SameSite enforcement (stored and shown; Wirepad has no "site" to
// compare with, so it sends every matching cookie, as curl does).
// Depends on: url.h, http_message.h, error.h; nlohmann-json in the .cpp only.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "http_message.h"
#include "url.h"

namespace wirepad {

using UnixTime = std::int64_t;  // seconds since 1970-01-01T00:00:00Z
inline constexpr UnixTime kNoExpiry = INT64_MAX;  // session cookie: ends with the jar

struct Cookie {
  std::string name;
  std::string value;
  std::string domain;      // lower case, no leading dot
  std::string path = "/";
  bool host_only = true;   // no Domain attribute: sent to exactly `domain`, not its subdomains
  bool persistent = false; // had Expires or Max-Age
  UnixTime expires = kNoExpiry;
  bool secure = false;
  bool http_only = false;
  std::string same_site;   // "Strict", "Lax", "None" or "" (not given)
  UnixTime created = 0;
  std::uint64_t sequence = 0;  // creation order within the same second (the Cookie header order)
  bool operator==(const Cookie&) const = default;
};

// RFC 6265 §5.1.1: a cookie date in any of the formats servers use (RFC 1123, RFC 850,
// asctime, and the sloppy ones). Returns nullopt when the algorithm fails.
std::optional<UnixTime> parse_cookie_date(std::string_view text);
// "Wed, 21 Oct 2015 07:28:00 GMT" (RFC 1123 / IMF-fixdate), for display and tests.
std::string format_http_date(UnixTime time);

// §5.1.3; `host` lower case. An IP address only matches itself.
bool domain_match(std::string_view host, std::string_view domain);
// §5.1.4.
bool path_match(std::string_view request_path, std::string_view cookie_path);
std::string default_cookie_path(std::string_view request_target);

// The outcome of one Set-Cookie header.
struct CookieVerdict {
  enum class Outcome { stored, replaced, deleted, rejected };
  Outcome outcome = Outcome::rejected;
  std::string header;  // the Set-Cookie value as received
  std::string name;    // the cookie name, when it could be read
  std::string reason;  // why rejected, or what happened ("replaces the cookie set at ...")
  Cookie cookie;       // the cookie as stored (stored/replaced)
};
std::string_view to_string(CookieVerdict::Outcome outcome);

class CookieJar {
 public:
  // Applies one Set-Cookie header value received in the response to `request_url`.
  CookieVerdict set_cookie(std::string_view set_cookie_value, const Url& request_url, UnixTime now);
  // Every Set-Cookie header of a response, in order.
  std::vector<CookieVerdict> store_from_response(const FieldList& response_headers, const Url& request_url, UnixTime now);
  // The cookies for a request to `url`, in the Cookie header's order (§5.4: longer paths first,
  // then earlier creation). Expired cookies are skipped.
  std::vector<Cookie> cookies_for(const Url& url, UnixTime now) const;
  // "a=1; b=2", or "" when no cookie applies.
  std::string cookie_header(const Url& url, UnixTime now) const;
  // `request` with the jar's cookies for its URL: appended to a Cookie header it already has
  // ("mine=1; a=1"), else in a Cookie header of their own. Unchanged when none applies or the
  // URL does not parse (sending it reports that).
  HttpRequest with_cookies(HttpRequest request, UnixTime now) const;
  // Drops the cookies expired at `now`.
  void remove_expired(UnixTime now);

  const std::vector<Cookie>& cookies() const { return cookies_; }
  std::vector<Cookie>& cookies() { return cookies_; }  // for the editor: edit or erase in place
  void clear() { cookies_.clear(); }

  // A JSON array of cookies (every field), to persist a jar per environment.
  std::string to_json() const;
  // Errors: invalid_cookie_jar naming the entry and field.
  static Result<CookieJar> from_json(std::string_view json);

 private:
  std::vector<Cookie> cookies_;
  std::uint64_t next_sequence_ = 1;
};

}  // namespace wirepad
