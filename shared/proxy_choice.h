// wirepad core: which proxy a request goes through, decided as curl 7.88 decides it. A pure
// function of the URL, the proxy settings (curl's -x, --noproxy, -U) and a snapshot of the
// environment the platform read (http_proxy, https_proxy, all_proxy, no_proxy): no getenv here,
// so the desktop, the CLI and tests give the same answer for the same inputs. See docs/proxies.md.
// Depends on: error.h, url.h, address_policy.h, base64.h.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "error.h"
#include "url.h"

namespace wirepad {

// The environment variables curl reads for proxies, by exact name (case matters: curl reads
// `http_proxy` but never `HTTP_PROXY`, see choose_proxy). Only these names are looked at.
using ProxyEnvironment = std::map<std::string, std::string>;
// The names a platform should copy into a ProxyEnvironment.
inline constexpr const char* kProxyEnvironmentNames[] = {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
                                                         "ALL_PROXY",  "no_proxy",    "NO_PROXY",    "HTTP_PROXY"};

// What a request (or a workspace) says about proxies; plain values, so a request model's
// proxy part can be mapped onto it.
struct ProxySettings {
  // curl -x/--proxy: "[http://][user:password@]host[:port]" (port 1080 when left out, as
  // curl). nullopt: not given, the environment decides; "": given empty: no proxy at all.
  std::optional<std::string> proxy;
  // curl --noproxy: hosts that go direct. nullopt: no_proxy / NO_PROXY from the environment;
  // "" overrides the environment with an empty list.
  std::optional<std::string> no_proxy;
  // curl -U/--proxy-user "user:password": replaces the credentials in the proxy URL.
  std::optional<std::string> proxy_user;
  bool use_environment = true;  // false: ignore http_proxy & co (a workspace that pins -x)
  bool operator==(const ProxySettings&) const = default;
};

struct ProxyChoice {
  bool direct = true;
  // Why: "no proxy configured", "no_proxy matches 'example.com'", "--proxy", "https_proxy".
  std::string reason;
  std::string host;  // the proxy's host (IPv6 without brackets)
  std::uint16_t port = 0;
  std::string user, password;  // percent-decoded; empty user: no Proxy-Authorization
  bool tunnel = false;  // the origin is https: CONNECT host:port first (RFC 9110 §9.3.6)
  bool operator==(const ProxyChoice&) const = default;

  // "http://127.0.0.1:3128" (never with the credentials: it goes into logs).
  std::string url() const;
  // "127.0.0.1:3128", "[::1]:3128".
  std::string authority() const;
  // The Proxy-Authorization value, "Basic dTpw" (RFC 9110 §11.7.2, RFC 7617); "" without a user.
  std::string authorization() const;
};

// Errors (invalid_url / unsupported_scheme) name the setting: a proxy URL that does not
// parse, a SOCKS or https:// proxy (not supported yet), a target that is not http(s).
Result<ProxyChoice> choose_proxy(const Url& target, const ProxySettings& settings, const ProxyEnvironment& environment);

// curl's no_proxy test (lib/noproxy.c in 7.88): the list is split at commas and blanks; "*"
// alone matches every host; a name matches itself and its subdomains ("example.com" and
// ".example.com" both match www.example.com, never notexample.com), trailing dots ignored,
// case-insensitive; an IPv4 host is compared with IPv4 entries, "10.0.0.0/8" CIDR allowed.
// IPv6 hosts are compared as text (as curl 7.88 does: "::1" matches [::1], "::1/64" does not).
bool no_proxy_matches(std::string_view host, std::string_view no_proxy);

}  // namespace wirepad
