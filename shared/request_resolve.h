// wirepad core: the send-time pipeline, RequestSpec -> HttpRequest, each step a pure function
// (docs/experiment-format.md, ARCHITECTURE "A structured request, resolved at send time"):
//
//   substitute_variables  {{name}} in every field, each unknown one named with its field
//   -> apply auth         Basic, Bearer, API key, an OAuth 2.0 token; Digest, SigV4 and fetching
//                         an OAuth token are left to the caller, said in ResolvedRequest::pending
//   -> encode the body    urlencoded (curl's --data-urlencode bytes), multipart (curl -F's
//                         bytes, boundary an input), JSON/GraphQL, file bytes
//   -> HttpRequest        the URL with path variables and params filled in and encoded
//
// Files are the only input from outside: the platform reads the paths files_to_read() lists
// (desktop/CLI: relative to the experiment file; browser: picked files) and passes the bytes.
// Depends on: request_spec.h, environment.h, http_message.h. No OS calls.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "environment.h"
#include "error.h"
#include "http_message.h"
#include "proxy_choice.h"
#include "request_spec.h"

namespace wirepad {

// Every {{name}} of the enabled parts resolved (disabled rows are left as they are). Errors:
// invalid_request naming the variable and the field ("unknown variable {{id}} in path
// variable :id at position 0 ..."). With keep_unknown, a reference without a value stays as
// written (previews, exports), and this never fails.
Result<RequestSpec> substitute_variables(const RequestSpec& spec, const Environment* environment, bool keep_unknown = false);

// The files sending `spec` reads, in order (its body kind's file parts or binary file).
std::vector<std::string> files_to_read(const RequestSpec& spec);

// What an auth scheme still needs from code outside this pipeline (shared/digest_auth.h,
// shared/sigv4.h, shared/oauth2.h, wired by the caller).
enum class PendingAuth {
  none,
  digest_challenge,  // sent without credentials; answer the 401's WWW-Authenticate (RFC 7616 §3.4)
  oauth2_token,      // no access token yet: fetch one (RFC 6749 §4) and send again
  sigv4_signature,   // sign the request (X-Amz-Date, Authorization) before sending it
};

struct ResolveOptions {
  const Environment* environment = nullptr;  // null: no environment chosen
  bool keep_unknown_variables = false;       // previews and exports: {{name}} left as written
  // false: {{name}} is text like any other, encoded as such (wirepad send: curl has no variables)
  bool substitute_variables = true;
  // multipart/form-data boundary (RFC 2046 §5.1.1); empty: one shaped like curl's, derived from
  // the content so the same request gives the same bytes, and never found inside a part.
  std::string boundary;
  // path -> bytes, for files_to_read(spec); a path missing here is an error naming it.
  const std::map<std::string, std::string>* files = nullptr;
  bool tolerate_missing_files = false;  // previews: a missing file counts as empty, and is noted
  bool encode_url = true;  // false: the URL as typed (exports keep what the user wrote)
};

struct ResolvedRequest {
  HttpRequest request;  // for the serializer: method, URL (encoded), enabled headers, body bytes
  AuthSpec auth;        // the auth settings with variables resolved (what a signer needs)
  PendingAuth pending = PendingAuth::none;
  std::string pending_note;  // a sentence saying what is left to do, when pending
  // Headers this pipeline added (Content-Type from the body kind, Authorization or the API key
  // from auth), also inside request.headers; the composer shows them greyed.
  Headers added;
  std::vector<std::string> notes;  // what was left out and why ("inherit: no parent auth ...")
};

// The whole pipeline. Errors (invalid_request): an unknown variable (with its field), a file
// not read (naming it and the part), GraphQL variables that are not a JSON object (with the
// position), an Authorization the scheme cannot make.
Result<ResolvedRequest> resolve_request_spec(const RequestSpec& spec, const ResolveOptions& options);

// The steps, for tests and the composer's step-by-step view.
// application/x-www-form-urlencoded as curl's --data-urlencode writes it: RFC 3986 unreserved
// bytes as they are, space as '+', every other byte %XX (upper-case hex).
// With keep_references, {{name}} is left as written (flatten_request: exports keep variables).
std::string form_urlencode(std::string_view text, bool keep_references = false);
std::string encode_urlencoded_body(const std::vector<FormField>& fields, bool keep_references = false);
// multipart/form-data (RFC 7578) with curl -F's bytes. `file_bytes[i]` holds part i's file;
// `disposition` is "attachment" for parts in another multipart type (multipart/mixed), as curl.
std::string encode_multipart_body(const std::vector<MultipartPart>& parts, const std::vector<std::string>& file_bytes,
                                  const std::string& boundary,
                                  std::string_view disposition = "form-data");
// The Content-Type curl gives a file part named `filename` ("" when it gives none).
std::string multipart_type_for_filename(std::string_view filename);
// {"query": ..., "variables": {...}} (compact JSON); variables must be a JSON object or empty.
Result<std::string> encode_graphql_body(const GraphQLBody& graphql);
// The URL with the bytes that may never appear in one (controls, space, non-ASCII, "<>\^`{|})
// percent-encoded in its path, query and fragment; what is already %XX is kept. With
// keep_references, {{name}} is left as written (for a URL still holding variables).
std::string encode_url_for_sending(std::string_view url, bool keep_references = false);

// The request as one HttpRequest with its {{variables}} kept and files left unread (noted):
// what the exporters and code generators write until they speak the structured request. For
// a request of formats 1 and 2 it is exactly the request (method, URL, headers, body).
HttpRequest flatten_request(const RequestSpec& spec, std::vector<std::string>* notes = nullptr);

// The headers Wirepad adds to the user's when `spec` is sent (Host, User-Agent, Accept,
// Content-Type, Content-Length, Authorization), with their values as they will go out, in
// the order sent. Uses keep_unknown_variables and tolerate_missing_files. `source` says who
// adds each: "body", "auth" or "wirepad".
struct AddedHeader {
  Header header;
  std::string source;
  bool operator==(const AddedHeader&) const = default;
};
std::vector<AddedHeader> headers_added_when_sent(const RequestSpec& spec, const Environment* environment,
                                                 const std::map<std::string, std::string>* files = nullptr);

// A request's proxy (ProxySpec) as the exchange's settings (docs/proxies.md): inherit keeps
// `inherited` (the workspace's; the CLI's default reads the environment); none goes direct,
// the environment ignored (curl -x ""); system reads http_proxy & co, with the request's proxy
// credentials (-U) and no_proxy list; explicit_url is curl -x URL. A no_proxy list replaces
// the environment's no_proxy, joined with ','; one empty entry is curl --noproxy "" (no host
// goes direct, whatever no_proxy says).
ProxySettings proxy_settings_for(const ProxySpec& proxy, const ProxySettings& inherited = {});

}  // namespace wirepad
