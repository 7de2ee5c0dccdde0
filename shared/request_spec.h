// wirepad core: the request a person composes and a file keeps (RequestSpec), as opposed to
// the request sent (HttpRequest). It holds the query parameters as a table, `:name` path
// variables, an auth scheme, a body kind with its fields and file parts, and proxy settings,
// all with their {{variables}} unresolved. shared/request_resolve.h turns it into an
// HttpRequest at send time; docs/experiment-format.md (format 3) is how a file holds it.
// The params table and the URL are kept in sync by two pure functions, params_from_url and
// url_with_params, so either can be edited.
// Depends on: http_message.h. No OS calls.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "http_message.h"

namespace wirepad {

// One row of the query table, text as it appears in the URL (percent-escapes and {{vars}}
// kept as typed; see url_with_params for what is escaped when a row is written back).
struct QueryParam {
  std::string name;
  std::string value;
  bool has_value = true;  // false: "?flag" (no '='), which servers may read apart from "?flag="
  bool enabled = true;    // a disabled row is kept in the table but not in the URL
  bool operator==(const QueryParam&) const = default;
};
using QueryParams = std::vector<QueryParam>;

// A `:name` path segment and what it is replaced with when sent (Postman's model).
struct PathVariable {
  std::string name;  // without ':'
  std::string value;
  bool operator==(const PathVariable&) const = default;
};
using PathVariables = std::vector<PathVariable>;

// A header row in the composer: a disabled one is kept (and saved) but not sent.
struct HeaderRow {
  std::string name;
  std::string value;
  bool enabled = true;
  HeaderRow() = default;
  HeaderRow(std::string n, std::string v, bool on = true) : name(std::move(n)), value(std::move(v)), enabled(on) {}
  HeaderRow(const Header& h) : name(h.name), value(h.value) {}  // NOLINT: a sent header is an enabled row
  bool operator==(const HeaderRow&) const = default;
};
using HeaderRows = std::vector<HeaderRow>;

// The first enabled row with that name (ASCII case-insensitive), or nullptr.
const HeaderRow* find_header(const HeaderRows& rows, std::string_view name);
// The enabled rows, in order, as they are handed to the serializer.
Headers enabled_headers(const HeaderRows& rows);

// [auth] ------------------------------------------------------------------------------------

enum class AuthKind { none, inherit, basic, bearer, api_key, digest, oauth2, aws_sigv4 };
enum class ApiKeyPlacement { header, query };
enum class OAuth2Grant { client_credentials, authorization_code };
// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
enum class OAuth2ClientAuth { basic_header, body };

struct BasicAuth {
  std::string username;
  std::string password;
  bool operator==(const BasicAuth&) const = default;
};

struct BearerAuth {
  std::string token;
  bool operator==(const BearerAuth&) const = default;
};

struct ApiKeyAuth {
  std::string key;    // header name, or query parameter name
  std::string value;
  ApiKeyPlacement in = ApiKeyPlacement::header;
  bool operator==(const ApiKeyAuth&) const = default;
};

// RFC 7616: the algorithm and qop come from the server's challenge, so only the credentials
// are settings. They are never sent before the challenge.
struct DigestAuth {
  std::string username;
  std::string password;
  bool operator==(const DigestAuth&) const = default;
};

// RFC 6749 (§4.4 client credentials, §4.1 authorization code) with PKCE (RFC 7636).
struct OAuth2Auth {
  OAuth2Grant grant = OAuth2Grant::client_credentials;
  std::string token_url;
  std::string auth_url;      // authorization code only
  std::string redirect_uri;  // authorization code only; a loopback URI on the desktop (RFC 8252 §7.3)
  std::string client_id;
  std::string client_secret;
  std::string scope;
  bool pkce = true;          // authorization code: S256 code challenge (RFC 7636 §4.2)
  OAuth2ClientAuth client_auth = OAuth2ClientAuth::basic_header;
  // The token in use, typically a {{variable}} of the environment where a fetched token is
  // kept as a secret; sent as "Authorization: Bearer ..." (RFC 6750 §2.1) when not empty.
  std::string access_token;
  bool operator==(const OAuth2Auth&) const = default;
};

// AWS Signature Version 4 (docs.aws.amazon.com, "Signature Version 4 signing process").
struct SigV4Auth {
  std::string access_key;
  std::string secret_key;
  std::string session_token;  // optional: X-Amz-Security-Token
  std::string region;         // e.g. us-east-1
  std::string service;        // e.g. s3, execute-api
  bool operator==(const SigV4Auth&) const = default;
};

// A tagged struct rather than a variant: switching kinds in the composer keeps what was typed
// under the other kinds (as Postman does); `kind` says which one is used.
struct AuthSpec {
  AuthKind kind = AuthKind::none;
  BasicAuth basic;
  BearerAuth bearer;
  ApiKeyAuth api_key;
  DigestAuth digest;
  OAuth2Auth oauth2;
  SigV4Auth sigv4;
  bool operator==(const AuthSpec&) const = default;
};

// [body] ------------------------------------------------------------------------------------

enum class BodyKind { none, raw, urlencoded, multipart, binary, graphql };
// The language of a raw body sets its Content-Type (unless the user set one). `unspecified`
// adds none: what formats 1 and 2 mean, and what a body typed without choosing one sends.
enum class RawLanguage { unspecified, text, json, xml, html, javascript };

// A row of an application/x-www-form-urlencoded body; name and value as typed (encoded when
// sent, so {{variables}} stay variables).
struct FormField {
  std::string name;
  std::string value;
  bool enabled = true;
  bool operator==(const FormField&) const = default;
};

// A part of a multipart/form-data body (RFC 7578): text, or the bytes of a file.
struct MultipartPart {
  std::string name;
  std::string value;          // the text, or for a file part its path (relative to the experiment file)
  bool is_file = false;
  std::string content_type;   // empty: none for text; guessed from the file name for files, as curl does
  std::string filename;       // empty: none for text; the path's last component for files
  bool enabled = true;
  bool operator==(const MultipartPart&) const = default;
};

struct GraphQLBody {
  std::string query;
  std::string variables;  // JSON text (an object), or empty
  bool operator==(const GraphQLBody&) const = default;
};

// [proxy] -----------------------------------------------------------------------------------

enum class ProxyMode {
  inherit,      // the workspace's setting
  none,         // connect directly
  system,       // http_proxy / https_proxy / no_proxy from the environment, as curl reads them
  explicit_url  // `url` below
};

struct ProxySpec {
  ProxyMode mode = ProxyMode::inherit;
  std::string url;  // http://host:port (absolute-form for http, CONNECT for https)
  std::string username;
  std::string password;
  std::vector<std::string> no_proxy;  // host names / domains / addresses reached directly
  bool operator==(const ProxySpec&) const = default;
};

// [the request] ------------------------------------------------------------------------------

struct RequestSpec {
  std::string method = "GET";
  // As typed: {{variables}}, :path variables and the query included. When `params` is empty
  // the URL's query is sent as written; otherwise the enabled rows of `params` are.
  std::string url;
  // The query table when it says something the URL cannot (disabled rows); empty when it is
  // params_from_url(url). Use query_table() to show it.
  QueryParams params;
  PathVariables path_variables;
  HeaderRows headers;
  AuthSpec auth;
  BodyKind body_kind = BodyKind::raw;
  RawLanguage body_language = RawLanguage::unspecified;
  std::string body;  // the raw body (kind raw), any bytes
  std::vector<FormField> form;             // kind urlencoded
  std::vector<MultipartPart> multipart;    // kind multipart
  std::string binary_file;                 // kind binary: a path
  GraphQLBody graphql;                     // kind graphql
  ProxySpec proxy;

  RequestSpec() = default;
  // A request as sent (or imported as bytes): headers as enabled rows, the body raw. Implicit,
  // as nothing is lost on the way (the other way, flatten_request, is explicit).
  RequestSpec(const HttpRequest& request);  // NOLINT(google-explicit-constructor)
  RequestSpec(std::string method, std::string url, HeaderRows headers = {}, std::string body = {})
      : method(std::move(method)), url(std::move(url)), headers(std::move(headers)), body(std::move(body)) {}
  bool operator==(const RequestSpec&) const = default;
};

// A request as sent (or imported as bytes) as a spec: headers as enabled rows, body raw.
RequestSpec spec_from_http(const HttpRequest& request);

// A plain request compared with one sent: equal when the spec is spec_from_http(request),
// i.e. nothing structured, every header enabled, the same method, URL, headers and body.
bool operator==(const RequestSpec& spec, const HttpRequest& request);
// Rows compared with sent headers: all enabled, same names and values in the same order.
bool operator==(const HeaderRows& rows, const Headers& headers);

// The secrets an auth or proxy setting holds as literal text (a password, a token, an API key,
// a client secret), cleared; a value that is only a {{variable}} is kept (a link carries the
// reference, not the value). Returns what was cleared, for "left out" lists.
std::vector<std::string> clear_auth_secrets(RequestSpec& spec);

// [params <-> URL] ---------------------------------------------------------------------------

// The query of `url` as rows (split on '&', then on the first '='), text kept as written. The
// disabled rows of `previous` are kept at their places among the enabled ones, so editing the
// URL never loses a disabled row.
QueryParams params_from_url(std::string_view url, const QueryParams& previous = {});
// `url` with its query replaced by the enabled rows (the fragment kept). '&' and '#' in a
// name or value, and '=' in a name, are written %26, %23, %3D so they stay inside their row;
// all else is kept as typed. No enabled row: no '?'.
std::string url_with_params(std::string_view url, const QueryParams& params);
// The table the composer shows: `spec.params`, or the URL's query when that is empty.
QueryParams query_table(const RequestSpec& spec);
// True when the table cannot be read back from the URL alone (a disabled row, a row order the
// URL does not have): then it is kept in `params` and a file needs format 3.
bool params_table_needed(std::string_view url, const QueryParams& params);

// The `:name` path segments of `url`, in order, each with its value from `previous` (by name)
// or empty. Only whole segments of the path count ("/users/:id/posts"), not a port.
PathVariables path_variables_from_url(std::string_view url, const PathVariables& previous = {});
// `url` with each `:name` segment that `variables` lists replaced by its value (as given).
std::string url_with_path_variables(std::string_view url, const PathVariables& variables);

// Names used in messages and in the file format.
std::string_view to_string(AuthKind kind);
std::string_view to_string(BodyKind kind);
std::string_view to_string(RawLanguage language);
std::string_view to_string(ProxyMode mode);
// The Content-Type a raw body of that language gets: "" for unspecified.
std::string_view content_type_for(RawLanguage language);

}  // namespace wirepad
