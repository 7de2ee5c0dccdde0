// wirepad core: AWS Signature Version 4 (see sigv4.h). The steps follow AWS's "Create a signed
// AWS API request" guide: canonical request, string to sign, signing key, signature.
// Depends on: sigv4.h, crypto_hash.h, url.h, text_util.h.
#include "sigv4.h"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "crypto_hash.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

bool is_unreserved(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// SigV4's URI encoding: every byte but the RFC 3986 unreserved set as %XX, upper-case hex;
// '/' kept only in paths.
std::string aws_encode(std::string_view s, bool keep_slash) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out += char(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// %XX decoded; anything else (a lone '%', '+') kept as it is.
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && text::is_hex(static_cast<unsigned char>(s[i + 1])) &&
        text::is_hex(static_cast<unsigned char>(s[i + 2]))) {
      out += char(text::hex_value(static_cast<unsigned char>(s[i + 1])) * 16 +
                  text::hex_value(static_cast<unsigned char>(s[i + 2])));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Dot segments removed (RFC 3986 §5.2.4) and empty segments dropped, as AWS normalizes; a
// trailing slash stays.
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> out;
  bool trailing = !path.empty() && path.back() == '/';
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view seg = path.substr(i, slash - i);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      if (slash == path.size()) trailing = true;
    } else if (seg == ".") {
      if (slash == path.size()) trailing = true;
    } else if (!seg.empty()) {
      out.push_back(seg);
    }
    i = slash + 1;
  }
  std::string result;
  for (std::string_view seg : out) {
    result += '/';
    result += seg;
  }
  if (result.empty() || trailing) result += '/';
  return result;
}

std::string canonical_uri(std::string_view path, const SigV4Options& o) {
  std::string p(path.empty() ? "/" : path);
  if (o.normalize_path) p = normalize_path(p);
  if (o.double_encode_path) return aws_encode(p, true);
  return aws_encode(percent_decode(p), true);
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The query's parameters, decoded (so the canonical form encodes each exactly once).
Pairs query_pairs(std::string_view query) {
  Pairs out;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    if (!item.empty()) {
      std::size_t eq = item.find('=');
      out.emplace_back(percent_decode(item.substr(0, eq)),
                       eq == std::string_view::npos ? std::string() : percent_decode(item.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string canonical_query(const Pairs& pairs) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [k, v] : pairs) encoded.emplace_back(aws_encode(k, false), aws_encode(v, false));
  std::sort(encoded.begin(), encoded.end());  // by encoded name, then encoded value
  std::string out;
  for (const auto& [k, v] : encoded) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

bool skipped_header(std::string_view lower_name) {
  return lower_name == "authorization" || lower_name == "user-agent" || lower_name == "expect" ||
         lower_name == "x-amzn-trace-id";
}

// Trimmed, and every run of whitespace (a folded line's CR LF too) made one space.
std::string canonical_value(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

struct CanonicalHeaders {
  std::string block;   // "name:value\n" lines
  std::string signed_names;
};

CanonicalHeaders canonical_headers(const Headers& headers) {
  std::vector<std::pair<std::string, std::string>> lines;  // lower name -> joined values
  for (const Header& h : headers) {
    std::string name = text::lower(h.name);
    if (skipped_header(name)) continue;
    auto it = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first == name; });
    if (it == lines.end())
      lines.emplace_back(name, canonical_value(h.value));
    else
      it->second += "," + canonical_value(h.value);
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  CanonicalHeaders c;
  for (const auto& [name, value] : lines) {
    c.block += name + ":" + value + "\n";
    if (!c.signed_names.empty()) c.signed_names += ';';
    c.signed_names += name;
  }
  return c;
}

const Header* find(const Headers& headers, std::string_view name) {
  for (const Header& h : headers)
    if (text::lower(h.name) == name) return &h;
  return nullptr;
}

Error check_common(const SigV4Request& r, const AwsCredentials& c, const SigV4Options& o) {
  auto missing = [](std::string_view what) {
    return make_error(ErrorCode::invalid_request, "AWS Signature V4 needs " + std::string(what) + "; it is empty.");
  };
  if (c.access_key_id.empty()) return missing("an access key ID");
  if (c.secret_access_key.empty()) return missing("a secret access key");
  if (o.region.empty()) return missing("a region (such as us-east-1)");
  if (o.service.empty()) return missing("a service name (such as s3 or execute-api)");
  if (o.unix_time < 0) return make_error(ErrorCode::invalid_request, "The signing time is before 1970.");
  if (find(r.headers, "host") == nullptr)
    return make_error(ErrorCode::invalid_request,
                      "AWS Signature V4 signs the Host header, and the request has none; add it (or sign the whole "
                      "request with its URL).");
  for (std::string_view own : {"authorization", "x-amz-date", "x-amz-security-token"})
    if (const Header* h = find(r.headers, own))
      return make_error(ErrorCode::invalid_request, "The request already has a " + h->name +
                                                        " header, which AWS Signature V4 sets itself; remove it.");
  return {};
}

struct Scope {
  std::string timestamp, date, scope;
};
Scope scope_of(const SigV4Options& o) {
  Scope s;
  s.timestamp = sigv4_timestamp(o.unix_time);
  s.date = s.timestamp.substr(0, 8);
  s.scope = s.date + "/" + o.region + "/" + o.service + "/aws4_request";
  return s;
}

// The payload hash: the user's X-Amz-Content-Sha256, the option, or the body's SHA-256.
std::string payload_hash(const SigV4Request& r, const SigV4Options& o) {
  if (const Header* h = find(r.headers, "x-amz-content-sha256")) return canonical_value(h->value);
  if (!o.payload_hash.empty()) return o.payload_hash;
  return sha256_hex(r.body);
}

void finish(SigV4Result& out, std::string_view method, std::string_view path, const std::string& query,
            const CanonicalHeaders& ch, const std::string& hash, const Scope& s, const AwsCredentials& c,
            const SigV4Options& o) {
  out.canonical_request = std::string(method) + "\n" + canonical_uri(path, o) + "\n" + query + "\n" + ch.block +
                          "\n" + ch.signed_names + "\n" + hash;
  out.signed_headers = ch.signed_names;
  out.string_to_sign = std::string(kAlgorithm) + "\n" + s.timestamp + "\n" + s.scope + "\n" +
                       sha256_hex(out.canonical_request);
  std::string key = hmac_sha256("AWS4" + c.secret_access_key, s.date);
  key = hmac_sha256(key, o.region);
  key = hmac_sha256(key, o.service);
  key = hmac_sha256(key, "aws4_request");
  out.signature = to_hex(hmac_sha256(key, out.string_to_sign));
}

Result<SigV4Request> from_http(const HttpRequest& request, Headers& headers, std::string& target) {
  auto url = parse_url(request.url);
  if (!url) return url.error();
  headers = request.headers;
  if (find(headers, "host") == nullptr) headers.insert(headers.begin(), Header{"Host", url->authority()});
  target = url->target;
  return SigV4Request{request.method, target, headers, request.body};
}

}  // namespace

std::string sigv4_timestamp(std::int64_t unix_time) {
  // Civil date from days since 1970-01-01 (Howard Hinnant's days_from_civil inverse), so no
  // time-zone database or clock is involved.
  std::int64_t days = unix_time / 86400, secs = unix_time % 86400;
  if (secs < 0) secs += 86400, --days;
  std::int64_t z = days + 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  std::int64_t y = yoe + era * 400 + (m <= 2);
  char buf[128];  // room for any int64 fields, so the compiler sees nothing can be cut
  std::snprintf(buf, sizeof buf, "%04lld%02lld%02lldT%02lld%02lld%02lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

SigV4Options sigv4_options_for(std::string_view service, std::string_view region, std::int64_t unix_time) {
  SigV4Options o;
  o.service = std::string(service);
  o.region = std::string(region);
  o.unix_time = unix_time;
  if (service == "s3") {
    o.normalize_path = false;
    o.double_encode_path = false;
    o.add_content_sha256 = true;
  }
  return o;
}

Result<SigV4Result> sigv4_sign_headers(const SigV4Request& r, const AwsCredentials& c, const SigV4Options& o) {
  if (Error e = check_common(r, c, o)) return e;
  Scope s = scope_of(o);
  std::string_view target = r.target;
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string query = q == std::string_view::npos ? "" : canonical_query(query_pairs(target.substr(q + 1)));

  std::string hash = payload_hash(r, o);
  SigV4Result out;
  Headers to_sign = r.headers;
  out.headers_to_add.push_back({"X-Amz-Date", s.timestamp});
  if (o.add_content_sha256 && find(r.headers, "x-amz-content-sha256") == nullptr)
    out.headers_to_add.push_back({"X-Amz-Content-Sha256", hash});
  if (!c.session_token.empty()) out.headers_to_add.push_back({"X-Amz-Security-Token", c.session_token});
  for (const Header& h : out.headers_to_add)
    if (h.name != "X-Amz-Security-Token" || o.sign_session_token) to_sign.push_back(h);
  CanonicalHeaders ch = canonical_headers(to_sign);
  finish(out, r.method, path, query, ch, hash, s, c, o);
  out.headers_to_add.push_back({"Authorization", std::string(kAlgorithm) + " Credential=" + c.access_key_id + "/" +
                                                     s.scope + ", SignedHeaders=" + ch.signed_names +
                                                     ", Signature=" + out.signature});
  out.target = std::string(r.target);
  return out;
}

Result<SigV4Result> sigv4_presign(const SigV4Request& r, const AwsCredentials& c, const SigV4Options& o) {
  if (Error e = check_common(r, c, o)) return e;
  if (o.expires_seconds < 1 || o.expires_seconds > 604800)
    return make_error(ErrorCode::invalid_request, "A presigned URL's expiry must be 1 to 604800 seconds (7 days); it is " +
                                                      std::to_string(o.expires_seconds) + ".");
  Scope s = scope_of(o);
  std::string_view target = r.target;
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  Pairs pairs = q == std::string_view::npos ? Pairs{} : query_pairs(target.substr(q + 1));
  for (const auto& [k, v] : pairs)
    if (text::lower(k).rfind("x-amz-", 0) == 0 &&
        (text::lower(k) == "x-amz-signature" || text::lower(k) == "x-amz-credential" ||
         text::lower(k) == "x-amz-algorithm" || text::lower(k) == "x-amz-date"))
      return make_error(ErrorCode::invalid_request,
                        "The URL already carries " + k + "; remove the old signature's parameters before presigning.");

  CanonicalHeaders ch = canonical_headers(r.headers);
  // The parameters, in the order AWS's suite appends them; the canonical query sorts them.
  Pairs added = {{"X-Amz-Algorithm", std::string(kAlgorithm)},
                 {"X-Amz-Credential", c.access_key_id + "/" + s.scope},
                 {"X-Amz-Date", s.timestamp},
                 {"X-Amz-SignedHeaders", ch.signed_names},
                 {"X-Amz-Expires", std::to_string(o.expires_seconds)}};
  if (!c.session_token.empty()) added.push_back({"X-Amz-Security-Token", c.session_token});
  Pairs all = pairs;
  for (const auto& p : added)
    if (p.first != "X-Amz-Security-Token" || o.sign_session_token) all.push_back(p);

  SigV4Result out;
  finish(out, r.method, path, canonical_query(all), ch, payload_hash(r, o), s, c, o);
  out.target = std::string(target);
  bool first = q == std::string_view::npos;
  if (!first && out.target.back() != '?' && out.target.back() != '&') out.target += '&';
  if (first) out.target += '?';
  added.push_back({"X-Amz-Signature", out.signature});
  for (std::size_t i = 0; i < added.size(); ++i)
    out.target += (i ? "&" : "") + aws_encode(added[i].first, false) + "=" + aws_encode(added[i].second, false);
  return out;
}

Result<SigV4Result> sigv4_sign_headers(const HttpRequest& request, const AwsCredentials& c, const SigV4Options& o) {
  Headers headers;
  std::string target;
  auto r = from_http(request, headers, target);
  if (!r) return r.error();
  return sigv4_sign_headers(*r, c, o);
}

Result<SigV4Result> sigv4_presign(const HttpRequest& request, const AwsCredentials& c, const SigV4Options& o) {
  Headers headers;
  std::string target;
  auto r = from_http(request, headers, target);
  if (!r) return r.error();
  return sigv4_presign(*r, c, o);
}

}  // namespace wirepad
