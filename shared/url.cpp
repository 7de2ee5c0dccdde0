// wirepad core: URL parsing (RFC 3986 subset) for the targets people type.
// Depends on: url.h, text_util.h. No OS calls (no inet_pton: IPv6 literals are checked by
// their characters only; the transport resolves them).
#include "url.h"

#include <string>

#include "text_util.h"

namespace wirepad {

namespace {

Error url_error(std::string message, std::size_t position) {
  return make_error(ErrorCode::invalid_url, std::move(message), std::int64_t(position));
}

bool is_scheme_char(unsigned char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || text::is_digit(c) || c == '+' || c == '-' || c == '.';
}

// reg-name characters (RFC 3986 §3.2.2): unreserved / pct-encoded / sub-delims.
bool is_reg_name_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || text::is_digit(c)) return true;
  switch (c) {
    case '-': case '.': case '_': case '~': case '%':                          // unreserved, pct
    case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',':
    case ';': case '=':                                                         // sub-delims
      return true;
    default:
      return false;
  }
}

}  // namespace

std::uint16_t default_port(std::string_view scheme) {
  if (scheme == "http") return 80;
  if (scheme == "https") return 443;
  return 0;
}

std::string Url::authority() const {
  std::string out = is_ipv6_literal() ? "[" + host + "]" : host;
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string Url::to_string() const {
  std::string out = scheme + "://";
  if (!userinfo.empty()) out += userinfo + "@";
  out += authority();
  out += target;
  if (!fragment.empty()) out += "#" + fragment;
  return out;
}

Result<Url> parse_url(std::string_view text) {
  if (text.empty()) return url_error("The URL is empty; type one such as http://127.0.0.1:8080/.", 0);
  // Spaces and control characters are never part of a URL (RFC 3986 §2); sending them on a
  // request line would break its framing (RFC 9112 §3).
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c == 0x7f) {
      return url_error("URL contains " + text::describe_char(c) + " at position " + std::to_string(i) +
                           (c == ' ' ? "; encode it as %20" : "; remove it"),
                       i);
    }
  }

  Url url;
  std::size_t pos = 0;
  // Scheme: "scheme://" only counts when it comes before any '/', '?' or '#'.
  std::size_t sep = text.find("://");
  std::size_t first_delim = text.find_first_of("/?#");
  if (sep != std::string_view::npos && sep <= first_delim) {
    std::string_view scheme = text.substr(0, sep);
    if (scheme.empty()) return url_error("URL has an empty scheme before '://' at position 0", 0);
    for (std::size_t i = 0; i < scheme.size(); ++i) {
      if (!is_scheme_char(static_cast<unsigned char>(scheme[i]), i == 0)) {
        return url_error("URL scheme contains " + text::describe_char(static_cast<unsigned char>(scheme[i])) +
                             " at position " + std::to_string(i),
                         i);
      }
    }
    url.scheme = text::lower(scheme);
    if (url.scheme != "http" && url.scheme != "https" && url.scheme != "tcp" && url.scheme != "udp") {
      return make_error(ErrorCode::unsupported_scheme,
                        "The scheme '" + url.scheme + "' is not supported; use http, https, tcp or udp.", 0);
    }
    pos = sep + 3;
  } else {
    // "http:/host", "https:host", "http:\\host", "http//host": a scheme we know, typed without
    // its "://". Read as host "http" with a port, it would say something about a port instead.
    for (std::string_view known : {"https", "http", "tcp", "udp"}) {
      if (text.size() <= known.size() || text::lower(text.substr(0, known.size())) != known) continue;
      const std::string_view rest = text.substr(known.size());
      const std::string typed(text.substr(0, known.size()));
      if (rest.front() == ':' && (rest.size() == 1 || !text::is_digit(static_cast<unsigned char>(rest[1])))) {
        std::size_t slashes = 0;
        while (slashes < 2 && 1 + slashes < rest.size() && rest[1 + slashes] == '/') ++slashes;
        const std::size_t at = known.size() + 1 + slashes;
        return url_error("URL has '" + typed + ":' without the two slashes after it: " +
                             (slashes == 1 ? "one '/' is missing" : "write '//'") + " at position " +
                             std::to_string(at) + " (" + typed + "://host)",
                         at);
      }
      if (rest.substr(0, 2) == "//") {
        return url_error("URL has '" + typed + "//' without ':' at position " + std::to_string(known.size()) + " (" +
                             typed + "://host)",
                         known.size());
      }
    }
    url.scheme = "http";  // curl assumes http:// when no scheme is given
  }

  // Authority: up to the first '/', '?' or '#'.
  std::size_t authority_end = text.find_first_of("/?#", pos);
  if (authority_end == std::string_view::npos) authority_end = text.size();
  std::string_view authority = text.substr(pos, authority_end - pos);
  std::size_t host_start = pos;
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    host_start = pos + at + 1;
  }
  std::string_view host_port = text.substr(host_start, authority_end - host_start);

  std::string_view port_text;
  std::size_t port_start = std::string_view::npos;
  if (!host_port.empty() && host_port.front() == '[') {
    std::size_t close = host_port.find(']');
    if (close == std::string_view::npos) {
      return url_error("URL has an IPv6 address without its closing ']' at position " +
                           std::to_string(host_start),
                       host_start);
    }
    std::string_view literal = host_port.substr(1, close - 1);
    if (literal.empty()) {
      return url_error("URL has an empty IPv6 address '[]' at position " + std::to_string(host_start), host_start);
    }
    bool has_colon = false;
    for (std::size_t i = 0; i < literal.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(literal[i]);
      if (c == ':') has_colon = true;
      if (!(text::is_hex(c) || c == ':' || c == '.')) {
        std::size_t p = host_start + 1 + i;
        return url_error("IPv6 address contains " + text::describe_char(c) + " at position " + std::to_string(p), p);
      }
    }
    if (!has_colon) {
      return url_error("'[" + std::string(literal) + "]' is not an IPv6 address (no ':') at position " +
                           std::to_string(host_start + 1),
                       host_start + 1);
    }
    url.host = text::lower(literal);
    std::string_view rest = host_port.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        std::size_t p = host_start + close + 1;
        return url_error("URL has " + text::describe_char(static_cast<unsigned char>(rest.front())) +
                             " after the IPv6 address at position " + std::to_string(p) + "; expected ':' and a port",
                         p);
      }
      port_start = host_start + close + 2;
      port_text = rest.substr(1);
    }
  } else {
    std::size_t colon = host_port.find(':');
    std::string_view host = host_port.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_start = host_start + colon + 1;
      port_text = host_port.substr(colon + 1);
    }
    for (std::size_t i = 0; i < host.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(host[i]);
      if (!is_reg_name_char(c) && c < 0x80) {
        std::size_t p = host_start + i;
        return url_error("URL host contains " + text::describe_char(c) + " at position " + std::to_string(p), p);
      }
    }
    url.host = text::lower(host);
  }
  if (url.host.empty()) return url_error("URL has no host at position " + std::to_string(host_start), host_start);

  if (port_start != std::string_view::npos) {
    if (port_text.empty()) {
      return url_error("URL has no port after ':' at position " + std::to_string(port_start) +
                           "; give one (1-65535) or remove the ':'",
                       port_start);
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < port_text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(port_text[i]);
      if (!text::is_digit(c)) {
        std::size_t p = port_start + i;
        return url_error("URL port contains " + text::describe_char(c) + " at position " + std::to_string(p) +
                             "; a port is a number from 1 to 65535",
                         p);
      }
      if (value <= 65535) value = value * 10 + (c - '0');
    }
    if (value == 0 || value > 65535) {
      return url_error("URL port " + std::string(port_text) + " at position " + std::to_string(port_start) +
                           " is out of range; a port is a number from 1 to 65535",
                       port_start);
    }
    url.port = static_cast<std::uint16_t>(value);
    url.explicit_port = true;
  } else {
    url.port = default_port(url.scheme);
    if (url.port == 0) {
      return url_error("A " + url.scheme + ":// URL needs a port, as in " + url.scheme + "://" +
                           (url.is_ipv6_literal() ? "[" + url.host + "]" : url.host) + ":7 (position " +
                           std::to_string(authority_end) + ")",
                       authority_end);
    }
  }

  // Path and query form the request target; the fragment is never sent (RFC 9110 §4.2.1).
  std::size_t hash = text.find('#', authority_end);
  std::string_view path_query = text.substr(authority_end, (hash == std::string_view::npos ? text.size() : hash) - authority_end);
  if (hash != std::string_view::npos) url.fragment = std::string(text.substr(hash + 1));
  if (path_query.empty()) {
    url.target = "/";
  } else if (path_query.front() == '?') {
    url.target = "/" + std::string(path_query);
  } else {
    url.target = std::string(path_query);
  }
  return url;
}

}  // namespace wirepad
