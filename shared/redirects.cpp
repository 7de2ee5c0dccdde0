// wirepad core: redirects.h. Behaviour follows RFC 9110 §15.4 and what curl -L and browsers
// do where the RFC leaves a choice (301/302 POST -> GET).
#include "redirects.h"

#include <algorithm>
#include <string>

#include "text_util.h"

namespace wirepad {

namespace {

Error redirect_error(ErrorCode code, std::string message) { return make_error(code, std::move(message)); }

// RFC 3986 §5.2.4.
std::string remove_dot_segments(std::string_view input) {
  std::string in(input), out;
  while (!in.empty()) {
    if (in.rfind("../", 0) == 0) in.erase(0, 3);
    else if (in.rfind("./", 0) == 0) in.erase(0, 2);
    else if (in.rfind("/./", 0) == 0) in.erase(0, 2);
    else if (in == "/.") in = "/";
    else if (in.rfind("/../", 0) == 0 || in == "/..") {
      in = in == "/.." ? "/" : in.substr(3);
      std::size_t slash = out.rfind('/');
      out.erase(slash == std::string::npos ? 0 : slash);
    } else if (in == "." || in == "..") in.clear();
    else {
      std::size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      if (next == std::string::npos) next = in.size();
      out += in.substr(0, next);
      in.erase(0, next);
    }
  }
  return out;
}

// Splits "path?query#fragment" parts of a reference (after scheme and authority are gone).
struct Tail {
  std::string path;
  bool has_query = false;
  std::string query;
};

Tail split_tail(std::string_view s) {
  Tail t;
  std::size_t q = s.find('?');
  t.path = std::string(s.substr(0, q));
  if (q != std::string_view::npos) {
    t.has_query = true;
    t.query = std::string(s.substr(q + 1));
  }
  return t;
}

std::string percent_encode_invalid(std::string_view s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += char(c);
    }
  }
  return out;
}

bool has_scheme(std::string_view ref, std::string& scheme) {
  std::size_t colon = ref.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  if (ref.find_first_of("/?#") < colon) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(ref[i]);
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!(alpha || (i > 0 && (text::is_digit(c) || c == '+' || c == '-' || c == '.')))) return false;
  }
  scheme = text::lower(ref.substr(0, colon));
  return true;
}

void remove_headers(Headers& headers, std::string_view name) {
  headers.erase(std::remove_if(headers.begin(), headers.end(), [&](const Header& h) { return iequals(h.name, name); }),
                headers.end());
}

}  // namespace

bool same_origin(const Url& a, const Url& b) { return a.scheme == b.scheme && a.host == b.host && a.port == b.port; }

Result<std::string> resolve_reference(const Url& base, std::string_view raw) {
  std::string ref = percent_encode_invalid(raw);
  std::string fragment;
  bool has_fragment = false;
  if (std::size_t hash = ref.find('#'); hash != std::string::npos) {
    fragment = ref.substr(hash + 1);
    has_fragment = true;
    ref.erase(hash);
  }
  // The base's path and query, from its request target.
  Tail base_tail = split_tail(base.target);
  std::string base_authority = base.authority();

  std::string scheme, authority;
  Tail tail;
  std::string ref_scheme;
  if (has_scheme(ref, ref_scheme)) {
    if (ref_scheme != "http" && ref_scheme != "https") {
      return make_error(ErrorCode::unsupported_scheme, "The redirect target '" + std::string(raw) + "' uses the scheme '" +
                                                            ref_scheme + "'; only http and https redirects are followed.");
    }
    std::string rest = ref.substr(ref_scheme.size() + 1);
    if (rest.rfind("//", 0) != 0) {
      return make_error(ErrorCode::invalid_url, "The redirect target '" + std::string(raw) + "' has no host after '" +
                                                    ref_scheme + ":'.");
    }
    ref = rest;  // continue as a network-path reference with this scheme
    scheme = ref_scheme;
  } else {
    scheme = base.scheme;
  }
  if (ref.rfind("//", 0) == 0) {
    std::size_t end = ref.find_first_of("/?", 2);
    authority = ref.substr(2, end == std::string::npos ? std::string::npos : end - 2);
    tail = split_tail(end == std::string::npos ? std::string_view() : std::string_view(ref).substr(end));
    tail.path = remove_dot_segments(tail.path);
  } else {
    authority = base_authority;
    Tail r = split_tail(ref);
    if (r.path.empty()) {
      tail.path = base_tail.path;
      tail.has_query = r.has_query ? true : base_tail.has_query;
      tail.query = r.has_query ? r.query : base_tail.query;
    } else {
      if (r.path[0] == '/') {
        tail.path = remove_dot_segments(r.path);
      } else {
        // §5.2.3 merge: the base path up to its last '/', then the reference.
        std::size_t slash = base_tail.path.rfind('/');
        std::string merged = slash == std::string::npos ? "/" + r.path : base_tail.path.substr(0, slash + 1) + r.path;
        tail.path = remove_dot_segments(merged);
      }
      tail.has_query = r.has_query;
      tail.query = r.query;
    }
  }
  if (tail.path.empty()) tail.path = "/";
  std::string out = scheme + "://" + authority + tail.path;
  if (tail.has_query) out += "?" + tail.query;
  if (has_fragment) out += "#" + fragment;
  Result<Url> check = parse_url(out);
  if (!check) {
    return make_error(check.error().code, "The redirect target '" + std::string(raw) + "' (resolved to '" + out +
                                              "') is not a valid URL: " + check.error().message);
  }
  return out;
}

RedirectDecision RedirectChain::next(const HttpRequest& sent, const ExchangeLog& log) {
  RedirectDecision d;
  Result<Url> base = parse_url(log.target_url.empty() ? sent.url : log.target_url);
  if (urls_.empty() && base) urls_.push_back(base->to_string());
  if (log.phase != Phase::done || !base) return d;
  const int status = log.response.status;
  if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) return d;

  const std::string status_text = std::to_string(status);
  auto location = find_header(log.response.headers, "Location");
  if (!location || text::trim_ows(location->value).empty()) {
    d.verdict = RedirectVerdict::stop;
    d.error = redirect_error(ErrorCode::bad_redirect, "The " + status_text + " response from " + base->to_string() +
                                                          (location ? " has an empty Location header"
                                                                    : " has no Location header") +
                                                          ", so there is nowhere to go; it is shown as the final response.");
    return d;
  }
  Result<std::string> target = resolve_reference(*base, text::trim_ows(location->value));
  if (!target) {
    d.verdict = RedirectVerdict::stop;
    d.error = redirect_error(ErrorCode::bad_redirect, "The " + status_text + " response from " + base->to_string() +
                                                          " has a Location we cannot follow: " + target.error().message);
    return d;
  }
  Url next_url = parse_url(*target).value();

  if (followed_ >= max_redirects_) {
    d.verdict = RedirectVerdict::stop;
    std::vector<std::string> hops = urls_;
    hops.push_back(next_url.to_string());
    // Where the chain first came back to a URL it had visited: a loop (or a server that
    // changes its mind after a while, which the limit was not long enough to see).
    std::size_t from = 0, to = 0;
    for (std::size_t j = 1; j < hops.size() && to == 0; ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        if (hops[i] == hops[j]) {
          from = i;
          to = j;
          break;
        }
      }
    }
    const std::string count = std::to_string(followed_) + " redirect" + (followed_ == 1 ? "" : "s");
    if (to != 0) {
      std::string cycle;
      for (std::size_t k = from; k <= to; ++k) cycle += (k > from ? " -> " : "") + hops[k];
      d.error = redirect_error(ErrorCode::redirect_loop, "Redirect loop: stopped after " + count +
                                                             " (the redirect limit) going round " + cycle + " -> ...");
    } else {
      std::string chain;
      for (std::size_t k = 0; k < hops.size(); ++k) chain += (k ? " -> " : "") + hops[k];
      d.error = redirect_error(ErrorCode::too_many_redirects, "Stopped after " + count + " (the redirect limit): " + chain);
    }
    return d;
  }

  // RFC 9110 §15.4.2-3: 301/302 may change POST to GET (every browser and curl do); §15.4.4:
  // 303 means GET the other resource (HEAD stays HEAD); 307/308 keep method and body.
  HttpRequest next = sent;
  next.url = *target;
  const std::string method = sent.method;
  bool to_get = (status == 303 && !iequals(method, "GET") && !iequals(method, "HEAD")) ||
                ((status == 301 || status == 302) && iequals(method, "POST"));
  if (to_get) {
    next.method = "GET";
    next.body.clear();
    for (const char* name : {"Content-Length", "Content-Type", "Transfer-Encoding", "Content-Encoding"})
      remove_headers(next.headers, name);
    d.notes.push_back(status_text + ": " + method + " becomes GET without a body");
  } else if (!sent.body.empty()) {
    d.notes.push_back(status_text + ": " + method + " is repeated with the same body");
  }

  if (!same_origin(*base, next_url)) {
    // Credentials are for the origin the user chose (RFC 9110 §15.4; curl drops them too).
    bool dropped = false;
    for (const char* name : {"Authorization", "Cookie", "Proxy-Authorization", "Host"}) {
      if (find_header(next.headers, name)) {
        remove_headers(next.headers, name);
        d.notes.push_back(std::string("the ") + name + " header is not sent to another origin (" +
                          next_url.scheme + "://" + next_url.authority() + ")");
        dropped = true;
      }
    }
    (void)dropped;
  }
  if (base->scheme == "https" && next_url.scheme == "http") {
    d.warnings.push_back("redirect from https to plain http (" + next_url.to_string() +
                         "): this hop is not encrypted");
  }

  // Coming back to a URL already visited is followed, as curl and browsers do: a server may
  // set a cookie, count the visits or change its answer (the same URL answering 200 the second
  // time). A real loop ends at the redirect limit, and that error names the loop.
  const std::string key_url = next_url.to_string();
  urls_.push_back(key_url);
  ++followed_;
  d.verdict = RedirectVerdict::follow;
  d.next = std::move(next);
  return d;
}

}  // namespace wirepad
