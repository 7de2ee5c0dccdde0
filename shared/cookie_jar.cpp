// wirepad core: cookie_jar.h. Section numbers are RFC 6265's unless marked 6265bis.
// nlohmann-json is used without exceptions (the browser build disables them): non-throwing
// parse, types checked before every get().
#include "cookie_jar.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <type_traits>
#include <nlohmann/json.hpp>

#include "json_input.h"
#include "text_util.h"

namespace wirepad {

namespace {

// --- dates (§5.1.1) ---------------------------------------------------------------------

bool is_date_delimiter(unsigned char c) {
  return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
         (c >= 0x7B && c <= 0x7E);
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// n digits (min..max) at the start of `token`, followed by nothing or a non-digit.
bool leading_digits(std::string_view token, std::size_t min, std::size_t max, int& value) {
  std::size_t n = 0;
  while (n < token.size() && text::is_digit(static_cast<unsigned char>(token[n]))) ++n;
  if (n < min || n > max) return false;
  value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + (token[i] - '0');
  return true;
}

// hms-time = time-field ":" time-field ":" time-field, each 1*2DIGIT; then non-digit *OCTET.
bool parse_time_token(std::string_view token, int& h, int& m, int& s) {
  int* fields[] = {&h, &m, &s};
  std::size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    std::size_t n = 0;
    while (pos + n < token.size() && text::is_digit(static_cast<unsigned char>(token[pos + n]))) ++n;
    if (n < 1 || n > 2) return false;
    *fields[i] = 0;
    for (std::size_t k = 0; k < n; ++k) *fields[i] = *fields[i] * 10 + (token[pos + k] - '0');
    pos += n;
    if (i < 2) {
      if (pos >= token.size() || token[pos] != ':') return false;
      ++pos;
    }
  }
  return pos == token.size() || !text::is_digit(static_cast<unsigned char>(token[pos]));
}

// --- Set-Cookie (§5.2) ------------------------------------------------------------------

std::string_view trim_wsp(std::string_view s) { return text::trim_ows(s); }

bool is_ip_address(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6 (the URL keeps it unbracketed)
  if (host.empty()) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (!text::is_digit(static_cast<unsigned char>(c))) return false;
  }
  return dots == 3;
}

// 6265bis §5.6: a name or value with control characters (other than HTAB) is refused.
bool has_forbidden_control(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != 0x09) || c == 0x7f) return true;
  return false;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && c < 0xC2) || (n == 4 && c > 0xF4)) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1 < s.size() ? i + 1 : i]);
    if ((n == 3 && c == 0xE0 && c1 < 0xA0) || (n == 3 && c == 0xED && c1 > 0x9F) || (n == 4 && c == 0xF0 && c1 < 0x90) ||
        (n == 4 && c == 0xF4 && c1 > 0x8F))
      return false;
    i += n;
  }
  return true;
}

std::string request_path(const Url& url) {
  std::string path = url.target.substr(0, url.target.find('?'));
  return path.empty() ? "/" : path;
}

CookieVerdict reject(CookieVerdict v, std::string reason) {
  v.outcome = CookieVerdict::Outcome::rejected;
  v.reason = std::move(reason);
  return v;
}

std::string two(unsigned v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02u", v % 100);
  return buf;
}

}  // namespace

std::optional<UnixTime> parse_cookie_date(std::string_view text) {
  bool found_time = false, found_day = false, found_month = false, found_year = false;
  int hour = 0, minute = 0, second = 0, day = 0, month = 0, year = 0;
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_date_delimiter(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view token = text.substr(start, i - start);
    if (token.empty()) continue;
    int h, m, s, v;
    if (!found_time && parse_time_token(token, h, m, s)) {
      found_time = true;
      hour = h, minute = m, second = s;
    } else if (!found_day && leading_digits(token, 1, 2, v)) {
      found_day = true;
      day = v;
    } else if (!found_month && token.size() >= 3 && [&] {
                 std::string prefix = text::lower(token.substr(0, 3));
                 for (int k = 0; k < 12; ++k)
                   if (prefix == months[k]) return month = k + 1, true;
                 return false;
               }()) {
      found_month = true;
    } else if (!found_year && leading_digits(token, 2, 4, v)) {
      found_year = true;
      year = v;
    }
  }
  if (found_year && year >= 70 && year <= 99) year += 1900;
  else if (found_year && year >= 0 && year <= 69) year += 2000;
  if (!found_time || !found_day || !found_month || !found_year) return std::nullopt;
  if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  if (static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) return std::nullopt;  // "Feb 30"
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
         minute * 60 + second;
}

std::string format_http_date(UnixTime time) {
  static const char* names[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::int64_t days = time >= 0 ? time / 86400 : (time - 86399) / 86400;
  std::int64_t secs = time - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  std::int64_t weekday = ((days % 7) + 7) % 7;
  return std::string(names[weekday]) + ", " + two(d) + " " + months[m - 1] + " " + std::to_string(y) + " " +
         two(unsigned(secs / 3600)) + ":" + two(unsigned(secs / 60 % 60)) + ":" + two(unsigned(secs % 60)) + " GMT";
}

bool domain_match(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  if (is_ip_address(host) || domain.empty()) return false;
  return host.size() > domain.size() && host.substr(host.size() - domain.size()) == domain &&
         host[host.size() - domain.size() - 1] == '.';
}

bool path_match(std::string_view request_path, std::string_view cookie_path) {
  if (request_path == cookie_path) return true;
  if (request_path.size() > cookie_path.size() && request_path.substr(0, cookie_path.size()) == cookie_path) {
    return cookie_path.back() == '/' || request_path[cookie_path.size()] == '/';
  }
  return false;
}

std::string default_cookie_path(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  if (path.empty() || path[0] != '/') return "/";
  std::size_t slash = path.rfind('/');
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string_view to_string(CookieVerdict::Outcome outcome) {
  switch (outcome) {
    case CookieVerdict::Outcome::stored: return "stored";
    case CookieVerdict::Outcome::replaced: return "replaced";
    case CookieVerdict::Outcome::deleted: return "deleted";
    case CookieVerdict::Outcome::rejected: return "rejected";
  }
  return "rejected";
}

CookieVerdict CookieJar::set_cookie(std::string_view header, const Url& url, UnixTime now) {
  CookieVerdict v;
  v.header = std::string(header);
  // §5.2 steps 1-6: the name-value pair is everything before the first ';'.
  std::size_t semi = header.find(';');
  std::string_view pair = header.substr(0, semi);
  std::string_view attributes = semi == std::string_view::npos ? std::string_view() : header.substr(semi);
  std::size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return reject(v, "no '=' in the name=value pair, so it is ignored (RFC 6265 §5.2)");
  std::string_view name = trim_wsp(pair.substr(0, eq));
  std::string_view value = trim_wsp(pair.substr(eq + 1));
  v.name = std::string(name);
  if (name.empty()) return reject(v, "the cookie name is empty (RFC 6265 §5.2)");
  if (has_forbidden_control(name) || has_forbidden_control(value))
    return reject(v, "the name or value contains a control character (RFC 6265bis §5.6)");
  // Bytes that are not UTF-8 could not be shown or saved (the jar is JSON text); browsers
  // decode cookies as UTF-8 too.
  if (!is_valid_utf8(name) || !is_valid_utf8(value))
    return reject(v, "the name or value is not valid UTF-8, so it could not be shown or saved");
  if (name.size() + value.size() > 4096)
    return reject(v, "name and value are longer than 4096 bytes together (RFC 6265bis §5.6)");

  Cookie c;
  c.name = std::string(name);
  c.value = std::string(value);
  std::optional<UnixTime> expires, max_age_expiry;
  std::optional<std::string> domain_attr;
  std::optional<std::string> path_attr;
  // §5.2 steps: each attribute in turn; the last one of a name wins; unknown ones are ignored.
  while (!attributes.empty()) {
    attributes.remove_prefix(1);  // the ';'
    std::size_t next = attributes.find(';');
    std::string_view av = attributes.substr(0, next);
    attributes = next == std::string_view::npos ? std::string_view() : attributes.substr(next);
    std::size_t aeq = av.find('=');
    std::string key = text::lower(trim_wsp(av.substr(0, aeq)));
    std::string_view val = aeq == std::string_view::npos ? std::string_view() : trim_wsp(av.substr(aeq + 1));
    if (key == "expires") {
      if (auto t = parse_cookie_date(val)) expires = *t;  // an unparsable date is ignored (§5.2.1)
    } else if (key == "max-age") {
      // §5.2.2: DIGIT or '-' first, then digits; anything else ignores the attribute.
      bool ok = !val.empty() && (text::is_digit(static_cast<unsigned char>(val[0])) || val[0] == '-');
      for (std::size_t k = 1; ok && k < val.size(); ++k) ok = text::is_digit(static_cast<unsigned char>(val[k]));
      if (ok && val != "-") {
        bool negative = val[0] == '-';
        std::int64_t delta = 0;
        for (std::size_t k = negative ? 1 : 0; k < val.size(); ++k)
          delta = std::min<std::int64_t>(delta * 10 + (val[k] - '0'), std::int64_t(1) << 40);
        // Zero or negative: "the earliest representable date" (expired now).
        max_age_expiry = (negative || delta == 0) ? std::numeric_limits<UnixTime>::min() : now + delta;
      }
    } else if (key == "domain") {
      if (!val.empty()) {  // §5.2.3: an empty Domain is ignored
        std::string_view d = val;
        if (d.front() == '.') d.remove_prefix(1);
        domain_attr = text::lower(d);
      }
    } else if (key == "path") {
      if (val.empty() || val.front() != '/') path_attr.reset();  // §5.2.4: default-path
      else path_attr = std::string(val);
    } else if (key == "secure") {
      c.secure = true;
    } else if (key == "httponly") {
      c.http_only = true;
    } else if (key == "samesite") {
      std::string s = text::lower(val);
      c.same_site = s == "strict" ? "Strict" : s == "lax" ? "Lax" : s == "none" ? "None" : "";
    }
  }

  // §5.3 storage model.
  if (max_age_expiry) {  // Max-Age wins over Expires (§5.3 step 3)
    c.persistent = true;
    c.expires = *max_age_expiry;
  } else if (expires) {
    c.persistent = true;
    c.expires = *expires;
  }
  const std::string& host = url.host;
  if (domain_attr) {
    const std::string& d = *domain_attr;
    if (is_ip_address(host) && d != host)
      return reject(v, "Domain=" + d + " on a response from the IP address " + host +
                           ": an IP address has no parent domain to share cookies with (RFC 6265 §5.1.3)");
    if (d.find('.') == std::string::npos && d != host)
      return reject(v, "Domain=" + d + " is a top-level name; a cookie for a whole public suffix is refused "
                                       "(RFC 6265 §5.3 step 5)");
    if (!domain_match(host, d))
      return reject(v, "Domain=" + d + " does not domain-match the host " + host +
                           "; a server may only set cookies for itself or a parent domain (RFC 6265 §5.3 step 6)");
    // The same name as the host (or an IP address, or a bare name) is host-only (§5.3 step 5).
    c.host_only = d == host && (is_ip_address(host) || d.find('.') == std::string::npos);
    c.domain = d;
  } else {
    c.host_only = true;
    c.domain = host;
  }
  c.path = path_attr ? *path_attr : default_cookie_path(url.target);
  if (!is_valid_utf8(c.path)) return reject(v, "the Path is not valid UTF-8, so it could not be shown or saved");
  const bool secure_origin = url.scheme == "https";
  if (c.secure && !secure_origin)
    return reject(v, "Secure cookie set over plain http; only https may set it (RFC 6265bis §5.7 step 8)");
  // 6265bis §4.1.3: name prefixes.
  if (c.name.rfind("__Secure-", 0) == 0 && !(c.secure && secure_origin))
    return reject(v, "a __Secure- cookie must have the Secure attribute and come over https (RFC 6265bis §4.1.3.1)");
  if (c.name.rfind("__Host-", 0) == 0 && !(c.secure && secure_origin && !domain_attr && c.path == "/"))
    return reject(v, "a __Host- cookie must be Secure, come over https, have no Domain and Path=/ (RFC 6265bis §4.1.3.2)");
  // 6265bis §5.7 step 16: plain http may not shadow a Secure cookie of the same name.
  if (!secure_origin && !c.secure) {
    for (const Cookie& old : cookies_) {
      if (old.secure && old.name == c.name && (domain_match(c.domain, old.domain) || domain_match(old.domain, c.domain)) &&
          path_match(c.path, old.path))
        return reject(v, "plain http may not overwrite the Secure cookie " + old.name + " for " + old.domain +
                             " (RFC 6265bis §5.7 step 16)");
    }
  }

  c.created = now;
  c.sequence = next_sequence_++;
  auto same = std::find_if(cookies_.begin(), cookies_.end(), [&](const Cookie& old) {
    return old.name == c.name && old.domain == c.domain && old.host_only == c.host_only && old.path == c.path;
  });
  const bool expired = c.persistent && c.expires <= now;
  if (same != cookies_.end()) {
    // §5.3 step 11: the new cookie keeps the old one's creation time (so its place in the
    // Cookie header).
    c.created = same->created;
    c.sequence = same->sequence;
    cookies_.erase(same);
    if (expired) {
      v.outcome = CookieVerdict::Outcome::deleted;
      v.reason = "expired, so it removes the stored cookie " + c.name + " (" + c.domain + c.path + ")";
      v.cookie = c;
      return v;
    }
    v.outcome = CookieVerdict::Outcome::replaced;
    v.reason = "replaces the stored cookie with the same name, domain and path";
  } else {
    if (expired) return reject(v, "already expired (" + (c.expires == std::numeric_limits<UnixTime>::min()
                                                             ? std::string("Max-Age of 0 or less")
                                                             : format_http_date(c.expires)) +
                                      ") and no stored cookie to remove");
    v.outcome = CookieVerdict::Outcome::stored;
    v.reason = c.host_only ? "for " + c.domain + " only" : "for " + c.domain + " and its subdomains";
  }
  v.cookie = c;
  cookies_.push_back(std::move(c));
  return v;
}

std::vector<CookieVerdict> CookieJar::store_from_response(const FieldList& headers, const Url& url, UnixTime now) {
  std::vector<CookieVerdict> out;
  for (FieldView h : headers)
    if (iequals(h.name, "Set-Cookie")) out.push_back(set_cookie(h.value, url, now));
  return out;
}

std::vector<Cookie> CookieJar::cookies_for(const Url& url, UnixTime now) const {
  std::vector<Cookie> out;
  const std::string path = request_path(url);
  for (const Cookie& c : cookies_) {
    if (c.persistent && c.expires <= now) continue;
    if (c.host_only ? url.host != c.domain : !domain_match(url.host, c.domain)) continue;
    if (!path_match(path, c.path)) continue;
    if (c.secure && url.scheme != "https") continue;
    out.push_back(c);
  }
  std::stable_sort(out.begin(), out.end(), [](const Cookie& a, const Cookie& b) {
    if (a.path.size() != b.path.size()) return a.path.size() > b.path.size();
    if (a.created != b.created) return a.created < b.created;
    return a.sequence < b.sequence;
  });
  return out;
}

HttpRequest CookieJar::with_cookies(HttpRequest request, UnixTime now) const {
  Result<Url> url = parse_url(request.url);
  if (!url) return request;
  const std::string header = cookie_header(*url, now);
  if (header.empty()) return request;
  auto given = std::find_if(request.headers.begin(), request.headers.end(), [](const Header& h) { return iequals(h.name, "Cookie"); });
  if (given != request.headers.end()) given->value += "; " + header;
  else request.headers.push_back({"Cookie", header});
  return request;
}

std::string CookieJar::cookie_header(const Url& url, UnixTime now) const {
  std::string out;
  for (const Cookie& c : cookies_for(url, now)) {
    if (!out.empty()) out += "; ";
    out += c.name + "=" + c.value;
  }
  return out;
}

void CookieJar::remove_expired(UnixTime now) {
  cookies_.erase(std::remove_if(cookies_.begin(), cookies_.end(),
                                [&](const Cookie& c) { return c.persistent && c.expires <= now; }),
                 cookies_.end());
}

std::string CookieJar::to_json() const {
  using Json = nlohmann::ordered_json;
  Json all = Json::array();
  for (const Cookie& c : cookies_) {
    Json j = Json::object();
    j["name"] = c.name;
    j["value"] = c.value;
    j["domain"] = c.domain;
    j["path"] = c.path;
    j["host_only"] = c.host_only;
    j["expires"] = c.persistent ? Json(c.expires) : Json(nullptr);  // null: a session cookie
    j["secure"] = c.secure;
    j["http_only"] = c.http_only;
    j["same_site"] = c.same_site;
    j["created"] = c.created;
    j["sequence"] = c.sequence;
    all.push_back(std::move(j));
  }
  return all.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<CookieJar> CookieJar::from_json(std::string_view text) {
  using Json = nlohmann::json;
  auto fail = [](std::string message) { return make_error(ErrorCode::invalid_cookie_jar, std::move(message)); };
  if (Error nul = json_input::check_no_nul(text, "The cookie jar")) return fail(nul.message);
  Json root = json_input::parse_whole<Json>(text);
  if (root.is_discarded()) return fail("The cookie jar is not valid JSON.");
  if (!root.is_array()) return fail("A cookie jar is a JSON array of cookies, not " + std::string(root.type_name()) + ".");
  CookieJar jar;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const Json& j = root[i];
    const std::string where = "cookie [" + std::to_string(i) + "]";
    if (!j.is_object()) return fail(where + " must be an object");
    Cookie c;
    auto str = [&](const char* key, std::string& out, bool required) -> bool {
      auto it = j.find(key);
      if (it == j.end() || it->is_null()) return !required;
      if (!it->is_string()) return false;
      out = it->get<std::string>();
      return true;
    };
    auto boolean = [&](const char* key, bool& out) -> bool {
      auto it = j.find(key);
      if (it == j.end() || it->is_null()) return true;
      if (!it->is_boolean()) return false;
      out = it->get<bool>();
      return true;
    };
    auto integer = [&](const char* key, auto& out, bool& present) -> bool {
      auto it = j.find(key);
      present = false;
      if (it == j.end() || it->is_null()) return true;
      if (!it->is_number_integer()) return false;
      out = it->get<std::remove_reference_t<decltype(out)>>();
      present = true;
      return true;
    };
    if (!str("name", c.name, true) || c.name.empty()) return fail(where + ".name must be a non-empty string");
    if (!str("value", c.value, false)) return fail(where + ".value must be a string");
    if (!str("domain", c.domain, true) || c.domain.empty()) return fail(where + ".domain must be a non-empty string");
    if (!str("path", c.path, false) || c.path.empty() || c.path[0] != '/') return fail(where + ".path must start with '/'");
    if (!str("same_site", c.same_site, false)) return fail(where + ".same_site must be a string");
    if (!boolean("host_only", c.host_only)) return fail(where + ".host_only must be true or false");
    if (!boolean("secure", c.secure)) return fail(where + ".secure must be true or false");
    if (!boolean("http_only", c.http_only)) return fail(where + ".http_only must be true or false");
    bool present = false;
    if (!integer("expires", c.expires, present)) return fail(where + ".expires must be seconds since 1970 or null");
    c.persistent = present;
    if (!present) c.expires = kNoExpiry;
    if (!integer("created", c.created, present)) return fail(where + ".created must be seconds since 1970");
    if (!integer("sequence", c.sequence, present)) return fail(where + ".sequence must be a whole number");
    jar.next_sequence_ = std::max(jar.next_sequence_, c.sequence + 1);
    jar.cookies_.push_back(std::move(c));
  }
  return jar;
}

}  // namespace wirepad
