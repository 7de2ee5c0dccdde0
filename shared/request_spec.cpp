// wirepad core: RequestSpec helpers: the params table <-> URL query, `:name` path variables,
// and the names of the kinds. Depends on: request_spec.h. No OS calls.
#include "request_spec.h"

#include <algorithm>

namespace wirepad {

namespace {

// Where the query and the fragment of a URL as typed are: the fragment starts at the first
// '#', the query at the first '?' before it (RFC 3986 §3.4, §3.5).
struct UrlParts {
  std::size_t query_mark = std::string_view::npos;  // the '?'
  std::size_t fragment_mark = std::string_view::npos;  // the '#'
};

UrlParts split(std::string_view url) {
  UrlParts parts;
  parts.fragment_mark = url.find('#');
  std::size_t q = url.substr(0, parts.fragment_mark == std::string_view::npos ? url.size() : parts.fragment_mark).find('?');
  parts.query_mark = q;
  return parts;
}

// Where the path starts: after "scheme://authority", or after the authority of a URL typed
// without a scheme ("127.0.0.1:8080/x", curl's way), or npos when there is none.
std::size_t path_start(std::string_view url, std::size_t path_end) {
  std::string_view head = url.substr(0, path_end);
  std::size_t sep = head.find("://");
  std::size_t first_delim = head.find('/');
  std::size_t authority = sep != std::string_view::npos && sep <= first_delim ? sep + 3 : 0;
  return head.find('/', authority);
}

bool is_path_variable_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// A whole segment ":name" -> name, else empty.
std::string_view path_variable_name(std::string_view segment) {
  if (segment.size() < 2 || segment[0] != ':') return {};
  for (char c : segment.substr(1))
    if (!is_path_variable_char(c)) return {};
  return segment.substr(1);
}

// Calls fn(start, end, name) for each ":name" segment of the path.
template <typename Fn>
void for_each_path_variable(std::string_view url, Fn&& fn) {
  UrlParts parts = split(url);
  std::size_t end = std::min(parts.query_mark, parts.fragment_mark);
  if (end == std::string_view::npos) end = url.size();
  std::size_t at = path_start(url, end);
  if (at == std::string_view::npos) return;
  while (at < end) {
    std::size_t start = at + 1;  // after '/'
    std::size_t stop = url.find('/', start);
    if (stop == std::string_view::npos || stop > end) stop = end;
    std::string_view name = path_variable_name(url.substr(start, stop - start));
    if (!name.empty()) fn(start, stop, name);
    at = stop;
  }
}

std::string escape_structural(std::string_view text, bool is_name) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '&') out += "%26";
    else if (c == '#') out += "%23";
    else if (c == '=' && is_name) out += "%3D";
    else out += c;
  }
  return out;
}

}  // namespace

const HeaderRow* find_header(const HeaderRows& rows, std::string_view name) {
  for (const HeaderRow& row : rows)
    if (row.enabled && iequals(row.name, name)) return &row;
  return nullptr;
}

Headers enabled_headers(const HeaderRows& rows) {
  Headers out;
  for (const HeaderRow& row : rows)
    if (row.enabled) out.push_back({row.name, row.value});
  return out;
}

RequestSpec::RequestSpec(const HttpRequest& request) : method(request.method), url(request.url), body(request.body) {
  for (const Header& h : request.headers) headers.push_back(h);
}

RequestSpec spec_from_http(const HttpRequest& request) { return RequestSpec(request); }

bool operator==(const RequestSpec& spec, const HttpRequest& request) { return spec == spec_from_http(request); }

bool operator==(const HeaderRows& rows, const Headers& headers) {
  if (rows.size() != headers.size()) return false;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!rows[i].enabled || rows[i].name != headers[i].name || rows[i].value != headers[i].value) return false;
  return true;
}

namespace {

bool only_a_reference(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() < 5 || text.substr(0, 2) != "{{" || text.substr(text.size() - 2) != "}}") return false;
  std::string_view inner = text.substr(2, text.size() - 4);
  while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
  while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
  if (inner.empty()) return false;
  for (char c : inner)
    if (!is_path_variable_char(c)) return false;  // the same characters as a variable name
  return true;
}

}  // namespace

std::vector<std::string> clear_auth_secrets(RequestSpec& spec) {
  std::vector<std::string> cleared;
  auto clear = [&](std::string& value, const char* what) {
    if (value.empty() || only_a_reference(value)) return;
    value.clear();
    cleared.push_back(what);
  };
  AuthSpec& a = spec.auth;
  clear(a.basic.password, "the Basic auth password");
  clear(a.bearer.token, "the Bearer token");
  clear(a.api_key.value, "the API key value");
  clear(a.digest.password, "the Digest auth password");
  clear(a.oauth2.client_secret, "the OAuth 2.0 client secret");
  clear(a.oauth2.access_token, "the OAuth 2.0 access token");
  clear(a.sigv4.secret_key, "the AWS secret key");
  clear(a.sigv4.session_token, "the AWS session token");
  clear(spec.proxy.password, "the proxy password");
  return cleared;
}

QueryParams params_from_url(std::string_view url, const QueryParams& previous) {
  QueryParams enabled;
  UrlParts parts = split(url);
  if (parts.query_mark != std::string_view::npos) {
    std::size_t end = parts.fragment_mark == std::string_view::npos ? url.size() : parts.fragment_mark;
    std::string_view query = url.substr(parts.query_mark + 1, end - parts.query_mark - 1);
    // "?" alone has no rows; "?a&&b" has an empty one between a and b (kept, so the URL
    // reads back the same).
    if (!query.empty()) {
      std::size_t at = 0;
      while (true) {
        std::size_t amp = query.find('&', at);
        std::string_view row = query.substr(at, amp == std::string_view::npos ? std::string_view::npos : amp - at);
        QueryParam param;
        std::size_t eq = row.find('=');
        if (eq == std::string_view::npos) {
          param.name = std::string(row);
          param.has_value = false;
        } else {
          param.name = std::string(row.substr(0, eq));
          param.value = std::string(row.substr(eq + 1));
        }
        enabled.push_back(std::move(param));
        if (amp == std::string_view::npos) break;
        at = amp + 1;
      }
    }
  }
  // Disabled rows of the previous table go back where they were: after as many enabled rows
  // as preceded them there.
  QueryParams out;
  std::size_t taken = 0;
  std::size_t enabled_before = 0;
  for (const QueryParam& p : previous) {
    if (p.enabled) {
      ++enabled_before;
      continue;
    }
    while (taken < enabled.size() && taken < enabled_before) out.push_back(enabled[taken++]);
    out.push_back(p);
  }
  while (taken < enabled.size()) out.push_back(enabled[taken++]);
  return out;
}

std::string url_with_params(std::string_view url, const QueryParams& params) {
  UrlParts parts = split(url);
  std::size_t base_end = std::min(parts.query_mark, parts.fragment_mark);
  std::string out(url.substr(0, base_end == std::string_view::npos ? url.size() : base_end));
  std::string query;
  bool first = true;
  for (const QueryParam& p : params) {
    if (!p.enabled) continue;
    if (!first) query += '&';
    first = false;
    query += escape_structural(p.name, true);
    if (p.has_value || !p.value.empty()) query += '=' + escape_structural(p.value, false);
  }
  if (!first) out += '?' + query;
  if (parts.fragment_mark != std::string_view::npos) out += url.substr(parts.fragment_mark);
  return out;
}

QueryParams query_table(const RequestSpec& spec) {
  return spec.params.empty() ? params_from_url(spec.url) : spec.params;
}

bool params_table_needed(std::string_view url, const QueryParams& params) {
  return !params.empty() && params != params_from_url(url);
}

PathVariables path_variables_from_url(std::string_view url, const PathVariables& previous) {
  PathVariables out;
  for_each_path_variable(url, [&](std::size_t, std::size_t, std::string_view name) {
    for (const PathVariable& v : out)
      if (v.name == name) return;  // one row per name, however often it appears
    PathVariable variable{std::string(name), ""};
    for (const PathVariable& p : previous)
      if (p.name == name) variable.value = p.value;
    out.push_back(std::move(variable));
  });
  return out;
}

std::string url_with_path_variables(std::string_view url, const PathVariables& variables) {
  std::string out;
  std::size_t copied = 0;
  for_each_path_variable(url, [&](std::size_t start, std::size_t stop, std::string_view name) {
    for (const PathVariable& v : variables) {
      if (v.name != name) continue;
      out.append(url.substr(copied, start - copied));
      out += v.value;
      copied = stop;
      return;
    }
  });
  out.append(url.substr(copied));
  return out;
}

std::string_view to_string(AuthKind kind) {
  switch (kind) {
    case AuthKind::none: return "none";
    case AuthKind::inherit: return "inherit";
    case AuthKind::basic: return "basic";
    case AuthKind::bearer: return "bearer";
    case AuthKind::api_key: return "api_key";
    case AuthKind::digest: return "digest";
    case AuthKind::oauth2: return "oauth2";
    case AuthKind::aws_sigv4: return "aws_sigv4";
  }
  return "none";
}

std::string_view to_string(BodyKind kind) {
  switch (kind) {
    case BodyKind::none: return "none";
    case BodyKind::raw: return "raw";
    case BodyKind::urlencoded: return "urlencoded";
    case BodyKind::multipart: return "multipart";
    case BodyKind::binary: return "binary";
    case BodyKind::graphql: return "graphql";
  }
  return "raw";
}

std::string_view to_string(RawLanguage language) {
  switch (language) {
    case RawLanguage::unspecified: return "unspecified";
    case RawLanguage::text: return "text";
    case RawLanguage::json: return "json";
    case RawLanguage::xml: return "xml";
    case RawLanguage::html: return "html";
    case RawLanguage::javascript: return "javascript";
  }
  return "unspecified";
}

std::string_view to_string(ProxyMode mode) {
  switch (mode) {
    case ProxyMode::inherit: return "inherit";
    case ProxyMode::none: return "none";
    case ProxyMode::system: return "system";
    case ProxyMode::explicit_url: return "url";
  }
  return "inherit";
}

std::string_view content_type_for(RawLanguage language) {
  switch (language) {
    case RawLanguage::unspecified: return "";
    case RawLanguage::text: return "text/plain";
    case RawLanguage::json: return "application/json";
    case RawLanguage::xml: return "application/xml";
    case RawLanguage::html: return "text/html";
    case RawLanguage::javascript: return "application/javascript";
  }
  return "";
}

}  // namespace wirepad
