// wirepad core: choosing the proxy for a request, as curl 7.88 does (lib/url.c detect_proxy,
// lib/noproxy.c). Checked against the real curl on this machine; see tests/core/proxy_choice_test.cpp.
// Depends on: proxy_choice.h, address_policy.h, base64.h, text_util.h.
#include "proxy_choice.h"

#include "address_policy.h"
#include "base64.h"
#include "text_util.h"

namespace wirepad {
namespace {

// curl_getenv() answers NULL for a variable set to "", so an empty value counts as unset.
const std::string* env_value(const ProxyEnvironment& environment, const char* name) {
  auto it = environment.find(name);
  return it == environment.end() || it->second.empty() ? nullptr : &it->second;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        text::is_hex(static_cast<unsigned char>(s[i + 1])) && text::is_hex(static_cast<unsigned char>(s[i + 2]))) {
      out += char(text::hex_value(static_cast<unsigned char>(s[i + 1])) * 16 +
                  text::hex_value(static_cast<unsigned char>(s[i + 2])));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (text::to_lower(a[i]) != text::to_lower(b[i])) return false;
  return true;
}

// curl's Curl_cidr4_match: `bits` 0 means all 32.
bool cidr4_match(const IpAddress& host, std::string_view entry) {
  unsigned bits = 32;
  if (std::size_t slash = entry.find('/'); slash != std::string_view::npos) {
    unsigned n = 0;
    std::string_view digits = entry.substr(slash + 1);
    for (char c : digits) {  // atoi: leading digits count, the rest is ignored
      if (!text::is_digit(static_cast<unsigned char>(c))) break;
      n = n * 10 + unsigned(c - '0');
      if (n > 1000) break;
    }
    if (n != 0) bits = n;
    entry = entry.substr(0, slash);
  }
  if (bits > 32) return false;
  std::optional<IpAddress> network = parse_ip_address(entry);
  if (!network || network->is_v6) return false;
  // IpAddress keeps an IPv4 address in its first four bytes (IpAddress::v4).
  for (unsigned i = 0; i < bits; ++i) {
    unsigned byte = i / 8, mask = 0x80u >> (i % 8);
    if ((host.bytes[byte] & mask) != (network->bytes[byte] & mask)) return false;
  }
  return true;
}

}  // namespace

bool no_proxy_matches(std::string_view host, std::string_view no_proxy) {
  if (no_proxy.empty()) return false;
  if (no_proxy == "*") return true;  // exactly "*": " *" is an ordinary (never matching) entry
  std::optional<IpAddress> ip = parse_ip_address(host);
  const bool ipv4 = ip && !ip->is_v6;
  std::string_view name = host;
  if (!ipv4 && !name.empty() && name.back() == '.') name.remove_suffix(1);
  std::size_t p = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (p < no_proxy.size()) {
    while (p < no_proxy.size() && (blank(no_proxy[p]) || no_proxy[p] == ',')) ++p;
    std::size_t start = p;
    while (p < no_proxy.size() && !blank(no_proxy[p]) && no_proxy[p] != ',') ++p;
    std::string_view token = no_proxy.substr(start, p - start);
    if (token.empty()) continue;
    if (ipv4) {
      if (cidr4_match(*ip, token)) return true;
      continue;
    }
    if (token.back() == '.') token.remove_suffix(1);
    if (!token.empty() && token.front() == '.') token.remove_prefix(1);
    if (token.size() == name.size()) {
      if (iequal(token, name)) return true;
    } else if (token.size() < name.size()) {
      // A subdomain: the character before the matching tail must be a dot.
      if (name[name.size() - token.size() - 1] == '.' && iequal(token, name.substr(name.size() - token.size())))
        return true;
    }
  }
  return false;
}

std::string ProxyChoice::authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return h + ":" + std::to_string(port);
}

std::string ProxyChoice::url() const { return "http://" + authority(); }

std::string ProxyChoice::authorization() const {
  if (user.empty()) return {};
  return "Basic " + encode_base64(user + ":" + password);
}

Result<ProxyChoice> choose_proxy(const Url& target, const ProxySettings& settings, const ProxyEnvironment& environment) {
  ProxyChoice choice;
  if (target.scheme != "http" && target.scheme != "https") {
    choice.reason = target.scheme + ":// does not go through an HTTP proxy";
    return choice;
  }
  // Which proxy: -x first; else <scheme>_proxy in lower case; for schemes other than http
  // also in upper case (curl never reads HTTP_PROXY: under CGI, a request's "Proxy:" header
  // arrives as HTTP_PROXY, the "httpoxy" attack); else all_proxy, ALL_PROXY.
  std::string proxy_text, source;
  if (settings.proxy) {
    if (settings.proxy->empty()) {
      choice.reason = "the proxy is set to \"\" (no proxy)";
      return choice;
    }
    proxy_text = *settings.proxy;
    source = "--proxy";
  } else if (settings.use_environment) {
    const std::string lower = target.scheme + "_proxy";
    const std::string upper = target.scheme == "https" ? "HTTPS_PROXY" : "";
    for (const std::string& name : {lower, upper, std::string("all_proxy"), std::string("ALL_PROXY")}) {
      if (name.empty()) continue;
      if (const std::string* v = env_value(environment, name.c_str())) {
        proxy_text = *v;
        source = name;
        break;
      }
    }
  }
  if (proxy_text.empty()) {
    choice.reason = settings.use_environment && env_value(environment, "HTTP_PROXY") && target.scheme == "http"
                        ? "no proxy configured (HTTP_PROXY is ignored, as curl does: use http_proxy)"
                        : "no proxy configured";
    return choice;
  }
  // --noproxy, else no_proxy, else NO_PROXY: it applies to -x too, as in curl.
  std::string no_proxy;
  if (settings.no_proxy) {
    no_proxy = *settings.no_proxy;
  } else if (settings.use_environment) {
    if (const std::string* v = env_value(environment, "no_proxy")) no_proxy = *v;
    else if (const std::string* v2 = env_value(environment, "NO_PROXY")) no_proxy = *v2;
  }
  if (no_proxy_matches(target.host, no_proxy)) {
    choice.reason = "no_proxy ('" + no_proxy + "') matches " + target.host;
    return choice;
  }

  // The proxy URL: "[scheme://][user:password@]host[:port]".
  std::string_view rest = proxy_text;
  std::string where = source == "--proxy" ? "the proxy" : "the proxy in " + source;
  if (std::size_t sep = rest.find("://"); sep != std::string_view::npos) {
    std::string scheme = text::lower(rest.substr(0, sep));
    if (scheme != "http") {
      std::string what = scheme.rfind("socks", 0) == 0 ? "SOCKS proxies are"
                         : scheme == "https"           ? "HTTPS proxies (TLS to the proxy itself) are"
                                                       : scheme + ":// proxies are";
      return make_error(ErrorCode::unsupported_scheme,
                        where + " is '" + proxy_text + "': " + what + " not supported yet; use an http:// proxy");
    }
    rest.remove_prefix(sep + 3);
  }
  Result<Url> parsed = parse_url("http://" + std::string(rest));
  if (!parsed || parsed->host.empty())
    return make_error(ErrorCode::invalid_url, where + " is '" + proxy_text + "', which is not a proxy URL" +
                                                  (parsed ? std::string(" (no host)") : ": " + parsed.error().message));
  choice.direct = false;
  choice.reason = source;
  choice.host = parsed->host;
  choice.port = parsed->explicit_port ? parsed->port : 1080;  // curl's CURL_DEFAULT_PROXY_PORT
  std::string_view userinfo = parsed->userinfo;
  if (settings.proxy_user) userinfo = *settings.proxy_user;
  if (!userinfo.empty()) {
    std::size_t colon = userinfo.find(':');
    std::string_view user = userinfo.substr(0, colon);
    std::string_view password = colon == std::string_view::npos ? std::string_view() : userinfo.substr(colon + 1);
    // -U is taken as typed; a URL's userinfo is percent-encoded (RFC 3986 §3.2.1).
    choice.user = settings.proxy_user ? std::string(user) : percent_decode(user);
    choice.password = settings.proxy_user ? std::string(password) : percent_decode(password);
  }
  choice.tunnel = target.scheme == "https";
  return choice;
}

}  // namespace wirepad
