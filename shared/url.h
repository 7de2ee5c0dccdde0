// wirepad core: URL parsing for the targets people type (RFC 3986 subset: scheme, userinfo,
// host incl. IPv6 literal, port, path, query, fragment). Without a scheme, http:// is
// assumed, as curl does. Errors name the character position.
// Depends on: error.h only.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "error.h"

namespace wirepad {

struct Url {
  std::string scheme;    // lower case: "http", "https", "tcp", "udp"
  std::string userinfo;  // "user:pass" as typed (percent-encoded), empty if none
  std::string host;      // lower-cased reg-name or IPv4, or IPv6 without brackets
  std::uint16_t port = 0;  // explicit port, or the scheme's default
  bool explicit_port = false;
  std::string target;    // path + "?" + query as sent on the request line, at least "/"
  std::string fragment;  // without '#', never sent

  bool is_ipv6_literal() const { return host.find(':') != std::string::npos; }
  bool is_tls() const { return scheme == "https"; }
  // Host header value: host, bracketed if IPv6, ":port" only when not the default.
  std::string authority() const;
  // Normalized text form: scheme://[userinfo@]authority target[#fragment].
  std::string to_string() const;
};

// Default port of a scheme, 0 if it has none (tcp/udp need an explicit one).
std::uint16_t default_port(std::string_view scheme);

Result<Url> parse_url(std::string_view text);

}  // namespace wirepad
