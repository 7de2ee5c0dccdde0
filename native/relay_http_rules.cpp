// native: HTTP rules of `wirepad serve` (see relay_http_rules.h).
#include "native/relay_http_rules.h"

#include <algorithm>
#include <cctype>

namespace wirepad::native {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 2.1 percent-decoding; nullopt on a truncated or non-hex escape.
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += char(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "host" part as it appears in a URL authority: IPv6 literals in brackets.
std::string authority_host(std::string_view bind_address) {
  if (bind_address.find(':') != std::string_view::npos) return "[" + std::string(bind_address) + "]";
  return std::string(bind_address);
}

bool is_wildcard(std::string_view bind_address) {
  return bind_address.empty() || bind_address == "0.0.0.0" || bind_address == "::";
}

// Authorities ("host:port") this server answers to.
bool authority_is_this_server(std::string_view authority, std::uint16_t port, std::string_view bind_address) {
  std::string suffix = ":" + std::to_string(port);
  if (authority.size() <= suffix.size() || authority.substr(authority.size() - suffix.size()) != suffix) return false;
  std::string_view host = authority.substr(0, authority.size() - suffix.size());
  if (host == "127.0.0.1" || iequals(host, "localhost") || host == "[::1]") return true;
  return !is_wildcard(bind_address) && iequals(host, authority_host(bind_address));
}

}  // namespace

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

Result<std::string> web_path_for_target(std::string_view target) {
  // RFC 9112 3.2.1: a request to an origin server uses origin-form, "/" followed by the path.
  if (target.empty() || target.front() != '/')
    return make_error(ErrorCode::invalid_request, "The request target must start with '/'.", 0);
  std::string_view raw = target_path(target);
  auto decoded = percent_decode(raw);
  if (!decoded) return make_error(ErrorCode::invalid_request, "The path has a broken percent-escape.");
  const std::string& path = *decoded;
  if (path == "/") return std::string("index.html");
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos)
    return make_error(ErrorCode::invalid_request, "The path contains a NUL or a backslash, which no file here has.");
  // Check every segment of the decoded path: "..", "." and empty segments never name a file
  // under the web root, and ".." is how a request would climb out of it.
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::size_t end = slash == std::string::npos ? path.size() : slash;
    std::string_view segment(path.data() + start, end - start);
    if (segment == "..")
      return make_error(ErrorCode::invalid_request, "Paths containing '..' are refused: only files under the web root are served.",
                        std::int64_t(start));
    if (segment.empty() || segment == ".")
      return make_error(ErrorCode::invalid_request, "The path has an empty or '.' segment; no file here has such a name.",
                        std::int64_t(start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return path.substr(1);
}

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
  std::size_t q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      if (eq == std::string_view::npos) return std::string();
      return percent_decode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string_view content_type_for(std::string_view path) {
  std::size_t dot = path.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : std::string(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == "html" || ext == "htm") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "wasm") return "application/wasm";  // needed by WebAssembly.instantiateStreaming
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "ico") return "image/x-icon";
  if (ext == "json" || ext == "map") return "application/json";
  if (ext == "ttf") return "font/ttf";
  if (ext == "woff2") return "font/woff2";
  if (ext == "txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool host_is_this_server(std::string_view host, std::uint16_t port, std::string_view bind_address, std::string_view local_address) {
  if (authority_is_this_server(host, port, bind_address)) return true;
  return !is_wildcard(local_address) && authority_is_this_server(host, port, local_address);
}

bool origin_is_this_server(std::string_view origin, std::uint16_t port, std::string_view bind_address) {
  constexpr std::string_view scheme = "http://";
  if (origin.size() <= scheme.size() || !iequals(origin.substr(0, scheme.size()), scheme)) return false;
  return authority_is_this_server(origin.substr(scheme.size()), port, bind_address);
}

std::string server_url(std::string_view bind_address, std::uint16_t port) {
  std::string host = is_wildcard(bind_address) ? "127.0.0.1" : authority_host(bind_address);
  return "http://" + host + ":" + std::to_string(port) + "/";
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Lengths are not secret (the token's length is fixed); the content is compared without an
  // early exit.
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string substitute_placeholder(std::string page, std::string_view placeholder, std::string_view value) {
  std::size_t at = 0;
  while ((at = page.find(placeholder, at)) != std::string::npos) {
    page.replace(at, placeholder.size(), value);
    at += value.size();
  }
  return page;
}

std::string substitute_token(std::string page, std::string_view token) {
  return substitute_placeholder(std::move(page), "%WIREPAD_RELAY_TOKEN%", token);
}

std::string content_security_policy(std::uint16_t port) {
  std::string p = std::to_string(port);
  // 'unsafe-eval': Emscripten's glue uses new Function for EM_ASM/dynCall in some builds;
  // 'wasm-unsafe-eval': lets browsers that know it compile wasm without full eval;
  // 'unsafe-inline': the shell page's bootstrap script. connect-src 'self' already covers
  // ws:// to the same host in CSP3 browsers; the explicit ws:// entries cover older ones
  // (Chromium rejects an IPv6 literal source like ws://[::1]:port, so none is listed).
  return "default-src 'self'; "
         "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' 'unsafe-inline'; "
         "style-src 'self' 'unsafe-inline'; "
         "img-src 'self' data: blob:; "
         "font-src 'self' data:; "
         "connect-src 'self' ws://127.0.0.1:" + p + " ws://localhost:" + p + "; "
         "worker-src 'self' blob:; "
         "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

}  // namespace wirepad::native
