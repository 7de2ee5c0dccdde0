// wirepad core: RequestSpec -> HttpRequest (see request_resolve.h).
// Depends on: request_resolve.h, request_serializer.h, base64.h, text_util.h, nlohmann-json
// (this file only, used without exceptions: the browser build disables them).
#include "request_resolve.h"

#include <nlohmann/json.hpp>

#include "base64.h"
#include "json_input.h"
#include "request_serializer.h"
#include "text_util.h"

namespace wirepad {

namespace {

using Json = nlohmann::ordered_json;

Error resolve_error(std::string message, std::int64_t offset = -1) {
  return make_error(ErrorCode::invalid_request, std::move(message), offset);
}

// Substitutes in place; the first failure is kept in `error` and later calls do nothing.
struct Substituter {
  const Environment* environment;
  bool keep_unknown;
  Error error;

  void operator()(std::string& text, const std::string& field) {
    if (error || text.find("{{") == std::string::npos) return;
    if (keep_unknown) {
      if (environment) text = substitute_known(text, *environment);
      return;
    }
    Result<std::string> r = substitute(text, environment, field);
    if (!r) error = r.error();
    else text = std::move(r.value());
  }
};

std::string row_label(const char* what, std::size_t index, const std::string& name) {
  return std::string(what) + " " + std::to_string(index + 1) + " (" + name + ")";
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

const char* kHex = "0123456789ABCDEF";

void append_pct(std::string& out, unsigned char c) {
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Names and file names in Content-Disposition: curl 7.81+ writes '"' as %22, CR as %0D and LF
// as %0A (the HTML form strategy, RFC 7578 §4.2 / WHATWG).
std::string escape_disposition(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "%22";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string last_path_component(std::string_view path) {
  std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// A boundary shaped like curl's (24 dashes and 16 hex digits; RFC 2046 §5.1.1 allows up to 70
// characters), derived from the content so the same request gives the same bytes, and tried
// again with a counter in the unlikely case that a part contains it.
std::string derived_boundary(const std::vector<MultipartPart>& parts, const std::vector<std::string>& file_bytes) {
  for (std::uint64_t attempt = 0;; ++attempt) {
    std::uint64_t h = 1469598103934665603ull ^ attempt;
    auto mix = [&](std::string_view s) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      h = (h ^ 0xFF) * 1099511628211ull;
    };
    for (const MultipartPart& p : parts) {
      mix(p.name);
      mix(p.value);
      mix(p.filename);
      mix(p.content_type);
    }
    for (const std::string& bytes : file_bytes) mix(bytes);
    std::string out(24, '-');
    for (int i = 15; i >= 0; --i) out += "0123456789abcdef"[(h >> (i * 4)) & 15];
    bool inside = false;
    for (const MultipartPart& p : parts) inside = inside || p.value.find(out) != std::string::npos;
    for (const std::string& bytes : file_bytes) inside = inside || bytes.find(out) != std::string::npos;
    if (!inside) return out;
  }
}

// The boundary parameter of a multipart Content-Type the user typed, or "".
std::string boundary_parameter(std::string_view content_type) {
  std::string lower = text::lower(content_type);
  std::size_t at = lower.find("boundary=");
  if (at == std::string::npos) return "";
  std::string_view value = content_type.substr(at + 9);
  if (!value.empty() && value.front() == '"') {
    std::size_t close = value.find('"', 1);
    return std::string(value.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  std::size_t end = value.find_first_of("; \t");
  return std::string(value.substr(0, end));
}

// The user's own Authorization (or API key header) wins over what the auth scheme makes, so
// a header typed in the table is what is sent; the note says so.
bool user_has_header(const HttpRequest& request, std::string_view name) { return find_header(request.headers, name) != nullptr; }

void add_header(ResolvedRequest& out, std::string name, std::string value) {
  out.request.headers.push_back({name, value});
  out.added.push_back({std::move(name), std::move(value)});
}

Error apply_auth(ResolvedRequest& out, const AuthSpec& auth, std::string& url) {
  const auto bearer = [&](const std::string& token, const char* scheme) {
    if (user_has_header(out.request, "Authorization")) {
      out.notes.push_back(std::string(scheme) + " auth: not applied, the request already has an Authorization header");
      return;
    }
    add_header(out, "Authorization", "Bearer " + token);  // RFC 6750 §2.1
  };
  switch (auth.kind) {
    case AuthKind::none: return {};
    case AuthKind::inherit:
      out.notes.push_back("auth \"inherit\": no folder or collection auth was given, so none is applied");
      return {};
    case AuthKind::basic: {
      if (auth.basic.username.find(':') != std::string::npos)
        return resolve_error("Basic auth: the username contains ':', which Basic auth cannot carry (RFC 7617 §2)");
      if (user_has_header(out.request, "Authorization")) {
        out.notes.push_back("basic auth: not applied, the request already has an Authorization header");
        return {};
      }
      add_header(out, "Authorization", "Basic " + encode_base64(auth.basic.username + ":" + auth.basic.password));  // RFC 7617 §2
      return {};
    }
    case AuthKind::bearer: bearer(auth.bearer.token, "bearer"); return {};
    case AuthKind::api_key: {
      if (auth.api_key.key.empty()) return resolve_error("API key auth: the key name is empty; type the header or parameter name");
      if (auth.api_key.in == ApiKeyPlacement::header) {
        if (user_has_header(out.request, auth.api_key.key)) {
          out.notes.push_back("API key auth: not applied, the request already has a " + auth.api_key.key + " header");
          return {};
        }
        add_header(out, auth.api_key.key, auth.api_key.value);
        return {};
      }
      QueryParams params = params_from_url(url);
      params.push_back({auth.api_key.key, auth.api_key.value});
      url = url_with_params(url, params);
      return {};
    }
    case AuthKind::digest:
      out.pending = PendingAuth::digest_challenge;
      out.pending_note =
          "Digest auth: the first request goes without credentials; the server's 401 challenge (WWW-Authenticate: "
          "Digest) is answered with the username and password (RFC 7616 §3.4)";
      return {};
    case AuthKind::oauth2:
      if (!auth.oauth2.access_token.empty()) {
        bearer(auth.oauth2.access_token, "OAuth 2.0");
        return {};
      }
      out.pending = PendingAuth::oauth2_token;
      out.pending_note = "OAuth 2.0: there is no access token yet; get one from " +
                         (auth.oauth2.token_url.empty() ? std::string("the token URL (none is set)") : auth.oauth2.token_url) +
                         " (RFC 6749 §4) before sending";
      return {};
    case AuthKind::aws_sigv4:
      out.pending = PendingAuth::sigv4_signature;
      out.pending_note = "AWS Signature V4: the request must be signed (Authorization, X-Amz-Date) for region \"" +
                         auth.sigv4.region + "\" and service \"" + auth.sigv4.service + "\" before it is sent";
      return {};
  }
  return {};
}

// Reads the bytes of `path` from the files the platform read.
Error file_bytes(const ResolveOptions& options, const std::string& path, const std::string& what, std::string& out,
                 std::vector<std::string>& notes) {
  if (path.empty()) return resolve_error(what + " names no file; choose one");
  if (options.files) {
    auto it = options.files->find(path);
    if (it != options.files->end()) {
      out = it->second;
      return {};
    }
  }
  if (options.tolerate_missing_files) {
    notes.push_back("the file '" + path + "' (" + what + ") is read when sending");
    out.clear();
    return {};
  }
  return resolve_error("the file '" + path + "' (" + what + ") was not read, so nothing was sent");
}

// Sets the body and its Content-Type (unless the user set one).
Error encode_body(ResolvedRequest& out, const RequestSpec& spec, const ResolveOptions& options) {
  std::string content_type;
  const Header* user_type = find_header(out.request.headers, "Content-Type");
  switch (spec.body_kind) {
    case BodyKind::none: out.request.body.clear(); return {};
    case BodyKind::raw:
      out.request.body = spec.body;
      content_type = std::string(content_type_for(spec.body_language));
      break;
    case BodyKind::urlencoded:
      out.request.body = encode_urlencoded_body(spec.form, options.keep_unknown_variables);
      content_type = "application/x-www-form-urlencoded";
      break;
    case BodyKind::multipart: {
      std::vector<MultipartPart> parts;
      std::vector<std::string> files;
      for (std::size_t i = 0; i < spec.multipart.size(); ++i) {
        const MultipartPart& part = spec.multipart[i];
        if (!part.enabled) continue;
        std::string bytes;
        if (part.is_file) {
          if (Error e = file_bytes(options, part.value, row_label("multipart part", i, part.name), bytes, out.notes)) return e;
        }
        parts.push_back(part);
        files.push_back(std::move(bytes));
      }
      // A multipart Content-Type the user typed keeps its boundary, or gets ours (as curl
      // does with -H 'Content-Type: multipart/form-data' -F ...).
      std::string boundary = options.boundary;
      if (user_type) boundary = boundary_parameter(user_type->value);
      if (boundary.empty()) boundary = options.boundary.empty() ? derived_boundary(parts, files) : options.boundary;
      // Parts are form-data only in multipart/form-data (RFC 7578); in another multipart type
      // the user typed (multipart/mixed...) they are attachments (RFC 2183), as curl -F writes them.
      const bool form_data = !user_type || text::lower(user_type->value).rfind("multipart/", 0) != 0 ||
                             text::lower(user_type->value).rfind("multipart/form-data", 0) == 0;
      out.request.body = encode_multipart_body(parts, files, boundary, form_data ? "form-data" : "attachment");
      if (user_type && text::lower(user_type->value).rfind("multipart/", 0) == 0 && boundary_parameter(user_type->value).empty()) {
        for (Header& h : out.request.headers)
          if (&h == user_type) h.value += "; boundary=" + boundary;
      }
      content_type = "multipart/form-data; boundary=" + boundary;
      break;
    }
    case BodyKind::binary:
      if (Error e = file_bytes(options, spec.binary_file, "the binary body", out.request.body, out.notes)) return e;
      content_type = "application/octet-stream";
      break;
    case BodyKind::graphql: {
      Result<std::string> json = encode_graphql_body(spec.graphql);
      if (!json) return json.error();
      out.request.body = std::move(json.value());
      content_type = "application/json";
      break;
    }
  }
  if (!content_type.empty() && !user_type) add_header(out, "Content-Type", content_type);
  return {};
}

// The length of a {{name}} reference at `at`, or 0.
std::size_t reference_length(std::string_view text, std::size_t at) {
  if (text.substr(at, 2) != "{{") return 0;
  std::size_t close = text.find("}}", at + 2);
  if (close == std::string_view::npos) return 0;
  std::string_view candidate = text.substr(at, close + 2 - at);
  return referenced_variables(candidate).empty() ? 0 : candidate.size();
}

bool never_in_url(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return true;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}': return true;
    default: return false;
  }
}

}  // namespace

Result<RequestSpec> substitute_variables(const RequestSpec& spec, const Environment* environment, bool keep_unknown) {
  RequestSpec out = spec;
  Substituter fill{environment, keep_unknown, {}};
  fill(out.url, "the URL");
  for (std::size_t i = 0; i < out.params.size(); ++i) {
    QueryParam& p = out.params[i];
    if (!p.enabled) continue;
    fill(p.name, row_label("query parameter", i, p.name) + " name");
    fill(p.value, row_label("query parameter", i, p.name) + " value");
  }
  for (PathVariable& v : out.path_variables) fill(v.value, "path variable :" + v.name);
  for (std::size_t i = 0; i < out.headers.size(); ++i) {
    HeaderRow& h = out.headers[i];
    if (!h.enabled) continue;
    std::string label = "header " + std::to_string(i + 1) + " (" + h.name + ")";
    fill(h.name, label + " name");
    fill(h.value, label + " value");
  }
  AuthSpec& a = out.auth;
  switch (a.kind) {
    case AuthKind::none: case AuthKind::inherit: break;
    case AuthKind::basic: fill(a.basic.username, "the Basic auth username"); fill(a.basic.password, "the Basic auth password"); break;
    case AuthKind::bearer: fill(a.bearer.token, "the Bearer token"); break;
    case AuthKind::api_key: fill(a.api_key.key, "the API key name"); fill(a.api_key.value, "the API key value"); break;
    case AuthKind::digest: fill(a.digest.username, "the Digest auth username"); fill(a.digest.password, "the Digest auth password"); break;
    case AuthKind::oauth2:
      for (auto [text, field] : {std::pair{&a.oauth2.token_url, "token URL"}, {&a.oauth2.auth_url, "authorization URL"},
                                 {&a.oauth2.redirect_uri, "redirect URI"}, {&a.oauth2.client_id, "client ID"},
                                 {&a.oauth2.client_secret, "client secret"}, {&a.oauth2.scope, "scope"},
                                 {&a.oauth2.access_token, "access token"}})
        fill(*text, std::string("the OAuth 2.0 ") + field);
      break;
    case AuthKind::aws_sigv4:
      for (auto [text, field] : {std::pair{&a.sigv4.access_key, "access key"}, {&a.sigv4.secret_key, "secret key"},
                                 {&a.sigv4.session_token, "session token"}, {&a.sigv4.region, "region"},
                                 {&a.sigv4.service, "service"}})
        fill(*text, std::string("the AWS SigV4 ") + field);
      break;
  }
  switch (out.body_kind) {
    case BodyKind::none: break;
    case BodyKind::raw: fill(out.body, "the body"); break;
    case BodyKind::urlencoded:
      for (std::size_t i = 0; i < out.form.size(); ++i) {
        FormField& f = out.form[i];
        if (!f.enabled) continue;
        fill(f.name, row_label("form field", i, f.name) + " name");
        fill(f.value, row_label("form field", i, f.name) + " value");
      }
      break;
    case BodyKind::multipart:
      for (std::size_t i = 0; i < out.multipart.size(); ++i) {
        MultipartPart& p = out.multipart[i];
        if (!p.enabled) continue;
        std::string label = row_label("multipart part", i, p.name);
        fill(p.name, label + " name");
        fill(p.value, label + (p.is_file ? " file path" : " value"));
        fill(p.content_type, label + " content type");
        fill(p.filename, label + " file name");
      }
      break;
    case BodyKind::binary: fill(out.binary_file, "the binary body's file path"); break;
    case BodyKind::graphql:
      fill(out.graphql.query, "the GraphQL query");
      fill(out.graphql.variables, "the GraphQL variables");
      break;
  }
  if (fill.error) return fill.error;
  return out;
}

std::vector<std::string> files_to_read(const RequestSpec& spec) {
  std::vector<std::string> paths;
  if (spec.body_kind == BodyKind::binary && !spec.binary_file.empty()) paths.push_back(spec.binary_file);
  if (spec.body_kind == BodyKind::multipart)
    for (const MultipartPart& p : spec.multipart)
      if (p.enabled && p.is_file && !p.value.empty()) paths.push_back(p.value);
  return paths;
}

std::string form_urlencode(std::string_view text, bool keep_references) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::size_t n = keep_references ? reference_length(text, i) : 0) {
      out.append(text.substr(i, n));
      i += n - 1;
    } else if (c == ' ') out += '+';
    else if (is_unreserved(c)) out += char(c);
    else append_pct(out, c);
  }
  return out;
}

std::string encode_urlencoded_body(const std::vector<FormField>& fields, bool keep_references) {
  std::string out;
  for (const FormField& f : fields) {
    if (!f.enabled) continue;
    if (!out.empty()) out += '&';
    out += form_urlencode(f.name, keep_references) + '=' + form_urlencode(f.value, keep_references);
  }
  return out;
}

std::string multipart_type_for_filename(std::string_view filename) {
  // curl's table (lib/mime.c, Curl_mime_contenttype).
  static const std::pair<const char*, const char*> table[] = {
      {".gif", "image/gif"},      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
      {".svg", "image/svg+xml"},  {".txt", "text/plain"}, {".htm", "text/html"},   {".html", "text/html"},
      {".pdf", "application/pdf"}, {".xml", "application/xml"}};
  std::string lower = text::lower(filename);
  for (const auto& [ext, type] : table) {
    std::string_view e(ext);
    if (lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0) return type;
  }
  return "";
}

std::string encode_multipart_body(const std::vector<MultipartPart>& parts, const std::vector<std::string>& file_bytes,
                                  const std::string& boundary, std::string_view disposition) {
  std::string body;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const MultipartPart& p = parts[i];
    if (!p.enabled) continue;
    std::string filename = p.filename;
    if (filename.empty() && p.is_file) filename = last_path_component(p.value);
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: " + std::string(disposition) + "; name=\"" + escape_disposition(p.name) + "\"";
    if (!filename.empty()) body += "; filename=\"" + escape_disposition(filename) + "\"";
    body += "\r\n";
    std::string type = p.content_type;
    // curl -F: a file part gets a type from its name, else application/octet-stream; a text
    // part with a file name gets the name's type, if it has one.
    if (type.empty() && !filename.empty()) type = multipart_type_for_filename(filename);
    if (type.empty() && p.is_file) type = "application/octet-stream";
    if (!type.empty()) body += "Content-Type: " + type + "\r\n";
    body += "\r\n";
    body += p.is_file ? (i < file_bytes.size() ? file_bytes[i] : std::string()) : p.value;
    body += "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

Result<std::string> encode_graphql_body(const GraphQLBody& graphql) {
  Json root = Json::object();
  root["query"] = graphql.query;
  std::string_view vars = text::trim_ows(graphql.variables);
  while (!vars.empty() && (vars.back() == '\n' || vars.back() == '\r')) vars.remove_suffix(1);
  while (!vars.empty() && (vars.front() == '\n' || vars.front() == '\r')) vars.remove_prefix(1);
  if (!vars.empty()) {
    if (Error nul = json_input::check_no_nul(vars, "the GraphQL variables")) return resolve_error(nul.message);
    Json parsed = json_input::parse_whole<Json>(vars);
    if (parsed.is_discarded() || !parsed.is_object())
      return resolve_error("the GraphQL variables must be a JSON object such as {\"id\": 1}");
    root["variables"] = std::move(parsed);
  }
  return root.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string encode_url_for_sending(std::string_view url, bool keep_references) {
  // The scheme and authority are left alone (a host is not percent-encoded); from the path on,
  // bytes that are never valid in a URL (RFC 3986 §2) are encoded, as browsers and Postman do.
  std::size_t sep = url.find("://");
  std::size_t first_delim = url.find_first_of("/?#");
  std::size_t authority = sep != std::string_view::npos && sep <= first_delim ? sep + 3 : 0;
  std::size_t path = url.find_first_of("/?#", authority);
  if (path == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, path));
  for (std::size_t i = path; i < url.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (std::size_t n = keep_references ? reference_length(url, i) : 0) {
      out.append(url.substr(i, n));
      i += n - 1;
      continue;
    }
    if (never_in_url(c)) append_pct(out, c);
    else out += char(c);
  }
  return out;
}

Result<ResolvedRequest> resolve_request_spec(const RequestSpec& spec, const ResolveOptions& options) {
  Result<RequestSpec> substituted = options.substitute_variables
                                        ? substitute_variables(spec, options.environment, options.keep_unknown_variables)
                                        : Result<RequestSpec>(spec);
  if (!substituted) return substituted.error();
  const RequestSpec& s = substituted.value();

  ResolvedRequest out;
  out.request.method = s.method;
  out.auth = s.auth;
  for (const HeaderRow& h : s.headers) {
    // An empty row is an unfinished edit, not a request to send a nameless header.
    if (!h.enabled || (h.name.empty() && h.value.empty())) continue;
    out.request.headers.push_back({h.name, h.value});
  }

  std::string url = url_with_path_variables(s.url, s.path_variables);
  if (!s.params.empty()) url = url_with_params(url, s.params);
  if (Error e = apply_auth(out, s.auth, url)) return e;
  if (Error e = encode_body(out, s, options)) return e;
  out.request.url = options.encode_url ? encode_url_for_sending(url, options.keep_unknown_variables) : url;
  return out;
}

HttpRequest flatten_request(const RequestSpec& spec, std::vector<std::string>* notes) {
  ResolveOptions options;
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  options.encode_url = false;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) {  // cannot happen with keep_unknown_variables; the plain fields then
    HttpRequest plain{spec.method, spec.url, enabled_headers(spec.headers), spec.body};
    if (notes) notes->push_back(resolved.error().message);
    return plain;
  }
  if (notes) {
    for (std::string& n : resolved->notes) notes->push_back(std::move(n));
    if (resolved->pending != PendingAuth::none) notes->push_back(resolved->pending_note);
  }
  return std::move(resolved->request);
}

std::vector<AddedHeader> headers_added_when_sent(const RequestSpec& spec, const Environment* environment,
                                                 const std::map<std::string, std::string>* files) {
  ResolveOptions options;
  options.environment = environment;
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  options.files = files;
  std::vector<AddedHeader> out;
  Result<ResolvedRequest> resolved = resolve_request_spec(spec, options);
  if (!resolved) return out;
  auto source_of = [&](const Header& h) -> std::string {
    for (const Header& a : resolved->added)
      if (a == h) return iequals(h.name, "Content-Type") ? "body" : "auth";
    return "";
  };
  Result<SerializedRequest> serialized = serialize_request(resolved->request);
  if (!serialized) {  // a URL that does not parse yet: what the pipeline adds is still known
    for (const Header& h : resolved->added) out.push_back({h, source_of(h)});
    return out;
  }
  // The serializer keeps the request's headers in order and adds its own around them.
  std::size_t user = 0;
  const Headers& given = resolved->request.headers;
  for (const Header& h : serialized->headers) {
    if (user < given.size() && h == given[user]) {
      std::string source = source_of(h);
      if (!source.empty()) out.push_back({h, source});
      ++user;
    } else {
      out.push_back({h, "wirepad"});
    }
  }
  return out;
}

ProxySettings proxy_settings_for(const ProxySpec& proxy, const ProxySettings& inherited) {
  if (proxy.mode == ProxyMode::inherit) return inherited;
  ProxySettings out;
  if (proxy.mode == ProxyMode::none) {
    out.proxy = "";  // direct, whatever the environment says
    return out;
  }
  if (proxy.mode == ProxyMode::explicit_url) out.proxy = proxy.url;
  if (!proxy.username.empty() || !proxy.password.empty()) out.proxy_user = proxy.username + ":" + proxy.password;
  if (!proxy.no_proxy.empty()) {
    std::string list;
    for (std::size_t i = 0; i < proxy.no_proxy.size(); ++i) list += (i ? "," : "") + proxy.no_proxy[i];
    out.no_proxy = list;
  }
  return out;
}

}  // namespace wirepad
