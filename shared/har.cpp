// wirepad core: HAR 1.2 import and export (see har.h).
//
// HAR records what went over the wire, so an entry's headers already include Host,
// User-Agent, Content-Length, ...: imported as they are, Wirepad sends them as they are
// (the serializer adds only what is missing). Export writes the headers as sent for the same
// reason, so experiment -> HAR -> experiment sends the same bytes.
#include "har.h"

#include <cmath>
#include <cstdio>

#include "base64.h"
#include "experiment.h"
#include "har_websocket.h"
#include "import_text.h"
#include "json_input.h"
#include "request_resolve.h"
#include "request_serializer.h"
#include "text_util.h"
#include "url.h"

namespace wirepad {

namespace {

using json_input::Json;
using json_input::index_path;
using json_input::join_path;

void note(ImportedRequest& r, std::string what, std::string sentence) {
  r.not_imported.push_back({std::move(what), std::move(sentence), 0});
}

// [SECTION] import --------------------------------------------------------------------------

// The name/value pairs of a HAR array (headers, queryString, cookies, params).
Error read_pairs(const Json& entry_object, const char* key, const std::string& path,
                 std::vector<std::pair<std::string, std::string>>& out) {
  Error error;
  const Json* array = json_input::array_member(entry_object, key, path, error);
  if (error || !array) return error;
  std::string base = join_path(path, key);
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Json& item = (*array)[i];
    std::string at = index_path(base, i);
    if (!item.is_object()) return json_input::path_error(at, std::string("must be an object, not ") + item.type_name());
    std::string name, value;
    if (!json_input::required_string(item, "name", at, name, error)) return error;
    const Json* v = json_input::member(item, "value");
    if (v && !json_input::scalar_text(*v, value)) {
      return json_input::path_error(join_path(at, "value"), std::string("must be a string, not ") + v->type_name());
    }
    out.emplace_back(std::move(name), std::move(value));
  }
  return {};
}

// A postData.params row (HAR 1.2 §postData): name, value, and for a file part fileName and
// contentType.
struct HarParam {
  std::string name;
  std::string value;
  bool has_file_name = false;
  std::string file_name;
  std::string content_type;
  std::string filename;  // _wirepadFilename: the name sent, when not the path's last component
};

Error read_params(const Json& post, const std::string& path, std::vector<HarParam>& out) {
  Error error;
  const Json* array = json_input::array_member(post, "params", path, error);
  if (error || !array) return error;
  std::string base = join_path(path, "params");
  for (std::size_t i = 0; i < array->size(); ++i) {
    const Json& item = (*array)[i];
    std::string at = index_path(base, i);
    if (!item.is_object()) return json_input::path_error(at, std::string("must be an object, not ") + item.type_name());
    HarParam p;
    if (!json_input::required_string(item, "name", at, p.name, error)) return error;
    const Json* v = json_input::member(item, "value");
    if (v && !json_input::scalar_text(*v, p.value)) {
      return json_input::path_error(join_path(at, "value"), std::string("must be a string, not ") + v->type_name());
    }
    p.has_file_name = json_input::string_member(item, "fileName", at, p.file_name, error);
    if (error) return error;
    json_input::string_member(item, "contentType", at, p.content_type, error);
    if (error) return error;
    json_input::string_member(item, "_wirepadFilename", at, p.filename, error);
    if (error) return error;
    out.push_back(std::move(p));
  }
  return {};
}

bool same_pairs(const std::vector<std::pair<std::string, std::string>>& a,
                const std::vector<std::pair<std::string, std::string>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Devtools write queryString values decoded (Chromium) or as in the URL (some tools).
    bool name_ok = a[i].first == b[i].first || a[i].first == percent_decode_text(b[i].first, true);
    bool value_ok = a[i].second == b[i].second || a[i].second == percent_decode_text(b[i].second, true) ||
                    percent_decode_text(a[i].second, true) == b[i].second;
    if (!name_ok || !value_ok) return false;
  }
  return true;
}

// [SECTION] Wirepad's own fields ------------------------------------------------------------
//
// HAR 1.2 allows custom fields whose names start with "_". Wirepad writes what a flat request
// cannot say, so experiment -> HAR -> experiment loses nothing, and reads them back:
// - request._wirepadAuth: the auth settings, as the experiment format's "auth" object
//   (docs/experiment-format.md), for every kind but none and inherit. What the auth put on
//   the wire (a Basic or Bearer Authorization, an API key header or query parameter) is in the
//   entry too, for other tools; on import it is taken out again, as the auth adds it when sent.
//   Digest, SigV4 and an OAuth token still to fetch put nothing on the wire before their round
//   trip: only this field holds them. A browser's HAR has no such field: its Authorization
//   stays a header.
// - request.postData._wirepadFile: a binary-file body's path (the bytes are not read for an
//   export), read back as that body kind.

// The "auth" object as the experiment format writes it (its own writer, through a stub).
Json auth_as_json(const AuthSpec& auth) {
  Experiment stub;
  stub.request.auth = auth;
  return Json::parse(serialize_experiment(stub))["request"]["auth"];
}

// `object` read by the experiment format's own reader; errors name `path`.
Error read_wirepad_auth(const Json& object, const std::string& path, AuthSpec& auth) {
  Experiment stub;
  stub.request.url = "http://stub/";
  Json document = Json::parse(serialize_experiment(stub));
  document["request"]["auth"] = object;
  Result<Experiment> read = parse_experiment(document.dump());
  if (!read) {
    std::string message = read.error().message;
    if (message.rfind("request.auth", 0) == 0) message = path + message.substr(12);
    else message = path + ": " + message;
    return make_error(ErrorCode::invalid_request, message);
  }
  auth = read->request.auth;
  return {};
}

// Takes out of `out` what `out.auth` adds when sent (the export wrote it as sent): the auth's
// headers, and an API key's query parameter when it is the URL's last.
void take_out_what_auth_adds(RequestSpec& out) {
  RequestSpec bare;
  bare.method = out.method;
  bare.url = "http://stub/";
  bare.auth = out.auth;
  ResolveOptions options;
  options.keep_unknown_variables = true;
  options.tolerate_missing_files = true;
  options.encode_url = false;
  Result<ResolvedRequest> resolved = resolve_request_spec(bare, options);
  if (!resolved) return;
  for (const Header& added : resolved->added) {
    for (auto it = out.headers.begin(); it != out.headers.end(); ++it) {
      if (iequals(it->name, added.name) && it->value == added.value) {
        out.headers.erase(it);
        break;
      }
    }
  }
  if (out.auth.kind == AuthKind::api_key && out.auth.api_key.in == ApiKeyPlacement::query) {
    QueryParams params = params_from_url(out.url);
    if (params.empty()) return;
    QueryParams fewer(params.begin(), params.end() - 1);
    QueryParams again = fewer;
    again.push_back({out.auth.api_key.key, out.auth.api_key.value});
    // Only when adding the key back gives this very URL (the auth appended it last).
    if (url_with_params(url_with_params(out.url, fewer), again) != out.url) return;
    out.url = url_with_params(out.url, fewer);
    if (!out.params.empty()) out.params = fewer;
    if (!params_table_needed(out.url, out.params)) out.params.clear();
  }
}

std::string entry_name(const std::string& method, const std::string& url) {
  Result<Url> parsed = parse_url(url);
  std::string where = parsed ? parsed->authority() + parsed->target : url;
  std::size_t q = where.find('?');
  if (q != std::string::npos) where.resize(q);
  return method + " " + where;
}

Error import_entry(const Json& entry, const std::string& path, ImportBatch& batch) {
  Error error;
  if (!entry.is_object()) return json_input::path_error(path, std::string("must be an object, not ") + entry.type_name());
  const Json* request = json_input::object_member(entry, "request", path, error);
  if (error) return error;
  if (!request) return json_input::path_error(join_path(path, "request"), "missing");
  std::string rpath = join_path(path, "request");

  ImportedRequest r;
  r.source = path;
  RequestSpec& out = r.experiment.request;
  if (!json_input::required_string(*request, "method", rpath, out.method, error)) return error;
  if (!json_input::required_string(*request, "url", rpath, out.url, error)) return error;
  // An entry with an empty URL (Insomnia's HAR importer fixture, from a Chromium export) names
  // nothing to send: left out, said, the other entries imported.
  if (text::trim_ows(out.url).empty()) {
    batch.not_imported.push_back({path, "a " + out.method + " request with an empty URL: nothing to send, not imported", 0});
    return {};
  }

  // WebSocket entries (Chromium: _resourceType "websocket", ws:// URLs, the conversation in
  // _webSocketMessages) become WebSocket experiments (shared/har_websocket.h).
  std::string resource_type;
  json_input::string_member(entry, "_resourceType", path, resource_type, error);
  error = {};
  // The scheme only when there is one: a URL "ws" (a host, http:// assumed) is not
  // WebSocket (found by the imports fuzz target).
  std::size_t scheme_end = out.url.find("://");
  std::string scheme = scheme_end == std::string::npos ? std::string() : text::lower(out.url.substr(0, scheme_end));
  if (resource_type == "websocket" || scheme == "ws" || scheme == "wss" || json_input::member(entry, "_webSocketMessages")) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (Error e = read_pairs(*request, "headers", rpath, headers)) return e;
    std::erase_if(headers, [](const auto& h) { return !h.first.empty() && h.first[0] == ':'; });  // HTTP/2's
    Result<ImportedRequest> ws = import_har_websocket(entry, path, out.url, headers);
    if (!ws) return ws.error();
    batch.requests.push_back(std::move(ws.value()));
    return {};
  }
  r.experiment.name = entry_name(out.method, out.url);
  json_input::string_member(entry, "_wirepadName", path, r.experiment.name, error);
  error = {};
  if (const Json* options = json_input::object_member(entry, "_wirepadOptions", path, error)) {
    ExchangeOptions& o = r.experiment.options;
    std::string opath = join_path(path, "_wirepadOptions");
    for (auto [key, field] : {std::pair{"connect_timeout", &o.connect_timeout}, std::pair{"first_byte_timeout", &o.first_byte_timeout},
                              std::pair{"idle_timeout", &o.idle_timeout}, std::pair{"total_timeout", &o.total_timeout}}) {
      if (const Json* v = json_input::member(*options, key)) {
        if (!v->is_number() || !(v->get<double>() >= 0)) return json_input::path_error(join_path(opath, key), "must be 0 or more seconds");
        *field = v->get<double>();
      }
    }
    json_input::bool_member(*options, "verify_tls", opath, o.verify_tls, error);
  }
  if (error) return error;

  std::string version;
  json_input::string_member(*request, "httpVersion", rpath, version, error);
  if (error) return error;
  std::string v = text::lower(version);
  if (!v.empty() && v != "http/1.1" && v != "unknown") {
    note(r, "httpVersion " + version, "recorded over " + version + "; Wirepad sends it as HTTP/1.1");
  }

  std::vector<std::pair<std::string, std::string>> headers;
  if (Error e = read_pairs(*request, "headers", rpath, headers)) return e;
  std::string pseudo;
  bool has_cookie_header = false;
  for (auto& [name, value] : headers) {
    // HTTP/2 and HTTP/3 pseudo-headers (RFC 9113 §8.3) are not HTTP/1.1 fields; the request
    // line and Host carry the same facts.
    if (!name.empty() && name[0] == ':') {
      pseudo += (pseudo.empty() ? "" : ", ") + name;
      continue;
    }
    if (iequals(name, "Cookie")) has_cookie_header = true;
    out.headers.push_back({name, value});
  }
  if (!pseudo.empty()) note(r, pseudo, "HTTP/2 pseudo-headers; the request line and Host say the same in HTTP/1.1");

  std::vector<std::pair<std::string, std::string>> cookies;
  if (Error e = read_pairs(*request, "cookies", rpath, cookies)) return e;
  if (!cookies.empty()) {
    if (has_cookie_header) {
      note(r, "cookies", "the cookies array repeats the Cookie header, which is imported; not added twice");
    } else {
      std::string joined;
      for (const auto& [name, value] : cookies) joined += (joined.empty() ? "" : "; ") + name + "=" + value;
      out.headers.push_back({"Cookie", joined});
    }
  }

  // queryString: what Chromium and Firefox write mirrors the URL's query (values decoded or
  // not); then the URL says it all. A queryString that adds to the URL's query (a HAR written
  // by a tool that keeps the query apart) or differs from it is the params table, and the
  // URL's query follows it (RequestSpec keeps the two in step): a row the URL has keeps the
  // URL's own text, another is written form-encoded ({{variables}} kept).
  std::vector<std::pair<std::string, std::string>> query;
  if (Error e = read_pairs(*request, "queryString", rpath, query)) return e;
  const std::size_t qmark = out.url.find('?');
  const std::size_t hash = out.url.find('#');
  const std::string url_query =
      qmark == std::string::npos ? std::string()
                                 : out.url.substr(qmark + 1, hash == std::string::npos ? std::string::npos : hash - qmark - 1);
  const std::vector<std::pair<std::string, std::string>> url_pairs = split_query(url_query);
  if (!query.empty() && !same_pairs(query, url_pairs)) {
    const QueryParams url_rows = params_from_url(out.url);
    QueryParams rows;
    bool adds = url_pairs.size() < query.size();
    for (std::size_t i = 0; i < query.size(); ++i) {
      // (The URL's own text only when its rows line up with the decoded pairs: no empty row.)
      const bool same_row = i < url_pairs.size() && url_rows.size() == url_pairs.size() &&
                            same_pairs({query[i]}, {url_pairs[i]});
      if (same_row) {
        rows.push_back(url_rows[i]);
      } else {
        if (i < url_pairs.size()) adds = false;
        rows.push_back({form_urlencode(query[i].first, true), form_urlencode(query[i].second, true)});
      }
    }
    if (!adds && !url_query.empty()) {
      note(r, "queryString", "differs from the URL's query (?" + url_query +
                                  "); its rows are imported as the query parameters, and the URL's query follows them");
    }
    out.url = url_with_params(out.url, rows);
    if (params_table_needed(out.url, rows)) out.params = std::move(rows);
  }

  const Json* post = json_input::object_member(*request, "postData", rpath, error);
  if (error) return error;
  bool body_known = true;
  bool structured = false;  // a form or multipart table: its length is computed when sent
  if (post) {
    std::string ppath = join_path(rpath, "postData");
    std::string mime, text, encoding;
    json_input::string_member(*post, "mimeType", ppath, mime, error);
    if (error) return error;
    bool has_text = json_input::string_member(*post, "text", ppath, text, error);
    if (error) return error;
    json_input::string_member(*post, "encoding", ppath, encoding, error);
    if (error) return error;
    std::vector<HarParam> params;
    if (Error e = read_params(*post, ppath, params)) return e;
    std::string wirepad_file;
    bool binary_file = json_input::string_member(*post, "_wirepadFile", ppath, wirepad_file, error);
    if (error) return error;
    std::string type = text::lower(mime.substr(0, mime.find(';')));
    type = std::string(text::trim_ows(type));
    if (has_text) {
      if (encoding == "base64") {  // not in HAR 1.2, but written by Wirepad and some tools
        Result<std::string> bytes = decode_base64_standard(text);
        if (!bytes) return json_input::path_error(join_path(ppath, "text"), "is not base64: " + bytes.error().message);
        out.body = bytes.value();
      } else {
        out.body = text;
      }
    }
    if (binary_file) {
      // A binary-file body Wirepad exported: the file is read when sent, as before the export.
      if (wirepad_file.empty()) return json_input::path_error(join_path(ppath, "_wirepadFile"), "is empty; it names the body's file");
      out.body.clear();
      out.body_kind = BodyKind::binary;
      out.binary_file = wirepad_file;
      structured = true;
      // The Content-Type the body kind adds anyway goes with it.
      for (std::size_t i = 0; i < out.headers.size(); ++i) {
        if (iequals(out.headers[i].name, "Content-Type") && out.headers[i].value == "application/octet-stream" &&
            text::lower(mime) == "application/octet-stream") {
          out.headers.erase(out.headers.begin() + std::ptrdiff_t(i));
          break;
        }
      }
    } else if (!params.empty() && type == "application/x-www-form-urlencoded") {
      // The rows as a form table when they give the recorded bytes (or there are none): then
      // {{variables}} and edits stay in the table. Otherwise the text is the body, as recorded.
      std::vector<FormField> form;
      for (const HarParam& p : params) form.push_back({p.name, p.value, true});
      // (keep_references: an exported table with {{variables}} wrote them unencoded)
      if (!has_text || encode_urlencoded_body(form) == out.body || encode_urlencoded_body(form, true) == out.body) {
        out.body.clear();
        out.body_kind = BodyKind::urlencoded;
        out.form = std::move(form);
        structured = true;
      }
    } else if (!params.empty() && type == "multipart/form-data") {
      // HAR 1.2 §postData: params hold the parts, fileName naming a file's (its bytes are not in
      // the HAR: the path is the file name, to be found next to the experiment when sent).
      out.body.clear();
      out.body_kind = BodyKind::multipart;
      for (const HarParam& p : params) {
        MultipartPart part{p.name, p.value, false, p.content_type, p.filename, true};
        if (p.has_file_name) {
          part.is_file = true;
          part.value = p.file_name;
          if (p.file_name.empty()) {
            part.enabled = false;
            note(r, "postData.params " + p.name, "a file part with no file name; kept disabled");
          } else {
            note(r, "postData.params " + p.name, "the file " + p.file_name +
                                                    " is not in the HAR; Wirepad reads it next to the experiment when sending");
          }
        }
        out.multipart.push_back(std::move(part));
      }
      structured = true;
    } else if (!has_text && (!params.empty() || !mime.empty())) {
      body_known = false;
      note(r, "postData", "the HAR has no text for this " + (type.empty() ? std::string("body") : type + " body") +
                              " (binary or file uploads are left out by the browser); the body is empty");
    }
    if (structured) {
      // Content-Length is computed when sent. A recorded multipart Content-Type stays: its
      // boundary is used for the parts (request_resolve.h), so the bytes are the recorded ones.
      for (std::size_t i = 0; i < out.headers.size(); ++i) {
        if (iequals(out.headers[i].name, "Content-Length")) {
          out.headers.erase(out.headers.begin() + std::ptrdiff_t(i));
          --i;
        }
      }
    }
    if (!structured && !mime.empty() && !find_header(out.headers, "Content-Type")) out.headers.push_back({"Content-Type", mime});
  }
  // A recorded Content-Length that no longer matches the body would break the framing; the
  // serializer writes the right one when it is left out.
  for (std::size_t i = 0; i < out.headers.size() && !structured; ++i) {
    if (!iequals(out.headers[i].name, "Content-Length")) continue;
    if (!body_known || out.headers[i].value != std::to_string(out.body.size())) {
      note(r, "Content-Length: " + out.headers[i].value,
           "does not match the imported body of " + std::to_string(out.body.size()) + " bytes; Wirepad sends the right length");
      out.headers.erase(out.headers.begin() + std::ptrdiff_t(i));
      --i;
    }
  }
  if (const Json* auth = json_input::member(*request, "_wirepadAuth")) {
    if (!auth->is_object()) {
      return json_input::path_error(join_path(rpath, "_wirepadAuth"), std::string("must be an object, not ") + auth->type_name());
    }
    if (Error e = read_wirepad_auth(*auth, join_path(rpath, "_wirepadAuth"), out.auth)) return e;
    take_out_what_auth_adds(out);
  }
  batch.requests.push_back(std::move(r));
  return {};
}

// [SECTION] export --------------------------------------------------------------------------

template <class Fields>  // Headers or FieldList
Json pairs_json(const Fields& headers) {
  Json a = Json::array();
  for (const auto& h : headers) a.push_back({{"name", h.name}, {"value", h.value}});
  return a;
}

Json query_json(const std::string& target) {
  Json a = Json::array();
  std::size_t q = target.find('?');
  if (q == std::string::npos) return a;
  for (auto& [name, value] : split_query(target.substr(q + 1))) a.push_back({{"name", name}, {"value", value}});
  return a;
}

// Text when it is UTF-8; otherwise base64 with "encoding": "base64" (HAR 1.2 §content).
void put_text(Json& object, std::string_view bytes) {
  if (is_valid_utf8(bytes)) {
    object["text"] = std::string(bytes);
  } else {
    object["text"] = encode_base64(bytes);
    object["encoding"] = "base64";
  }
}

template <class Fields>  // Headers or FieldList
std::string header_value(const Fields& headers, std::string_view name) {
  auto h = find_header(headers, name);
  return h ? std::string(h->value) : std::string();
}

Json request_json(const std::string& method, const std::string& url, const std::string& target, const Headers& sent,
                  const std::string& body) {
  Json req;
  req["method"] = method;
  req["url"] = url;
  req["httpVersion"] = "HTTP/1.1";
  Json cookies = Json::array();
  if (const Header* c = find_header(sent, "Cookie")) {
    std::string_view rest = c->value;
    while (!rest.empty()) {
      std::size_t semi = rest.find(';');
      std::string_view part = text::trim_ows(rest.substr(0, semi));
      std::size_t eq = part.find('=');
      if (!part.empty()) {
        cookies.push_back({{"name", std::string(part.substr(0, eq))},
                           {"value", eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1))}});
      }
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  req["cookies"] = cookies;
  req["headers"] = pairs_json(sent);
  req["queryString"] = query_json(target);
  if (!body.empty()) {
    Json post;
    post["mimeType"] = header_value(sent, "Content-Type");
    put_text(post, body);
    req["postData"] = post;
  }
  req["headersSize"] = -1;
  req["bodySize"] = body.size();
  return req;
}

// The structured body as HAR 1.2 postData.params: the enabled form rows (with the text too,
// as browsers write it), or the enabled multipart parts, a file part as fileName (its path)
// and contentType, without text (HAR: text and params are mutually exclusive, and the file
// bytes are not read for an export).
void add_params(const RequestSpec& spec, Json& request) {
  if (spec.body_kind != BodyKind::urlencoded && spec.body_kind != BodyKind::multipart) return;
  Json params = Json::array();
  if (spec.body_kind == BodyKind::urlencoded) {
    for (const FormField& f : spec.form) {
      if (f.enabled) params.push_back({{"name", f.name}, {"value", f.value}});
    }
  } else {
    for (const MultipartPart& part : spec.multipart) {
      if (!part.enabled) continue;
      Json p = {{"name", part.name}};
      if (part.is_file) p["fileName"] = part.value;
      else p["value"] = part.value;
      // The filename sent when it is not the path's last component, or a text part's (curl's
      // -F 'f=v;filename=y.png'): HAR allows "_" fields (found by the imports fuzz target).
      if (!part.filename.empty()) p["_wirepadFilename"] = part.filename;
      if (!part.content_type.empty()) p["contentType"] = part.content_type;
      params.push_back(std::move(p));
    }
  }
  if (params.empty()) return;
  Json& post = request["postData"];
  if (!post.is_object()) post = Json::object();
  // The params say what the body is even when the request's Content-Type is empty (sent as
  // typed): an empty mimeType would read back as no form at all (found by the imports fuzz target).
  if (!post.contains("mimeType") || !post["mimeType"].is_string() || post["mimeType"].get<std::string>().empty())
    post["mimeType"] = spec.body_kind == BodyKind::urlencoded ? "application/x-www-form-urlencoded" : "multipart/form-data";
  if (spec.body_kind == BodyKind::multipart) post.erase("text");
  post["params"] = std::move(params);
}

double ms(double seconds) { return std::round(seconds * 1000000.0) / 1000.0; }

Json document(Json entries) {
  Json log;
  log["version"] = "1.2";
  log["creator"] = {{"name", "Wirepad"}, {"version", "0.1"}};
  log["pages"] = Json::array();
  log["entries"] = std::move(entries);
  return Json{{"log", std::move(log)}};
}

}  // namespace

Result<ImportBatch> import_har(std::string_view input) {
  Result<std::string> utf8 = text_as_utf8(input, "The HAR file");  // a BOM, or UTF-16 from a Windows tool
  if (!utf8) return utf8.error();
  std::string_view text = *utf8;
  Result<Json> root = json_input::parse(text, "The HAR file");
  if (!root) return root.error();
  Error error;
  if (!root->is_object()) return json_input::path_error("(top level)", std::string("a HAR file is a JSON object, not ") + root->type_name());
  const Json* log = json_input::object_member(*root, "log", "", error);
  if (error) return error;
  if (!log) return json_input::path_error("log", "missing; is this a HAR file?");
  const Json* entries = json_input::array_member(*log, "entries", "log", error);
  if (error) return error;
  if (!entries) return json_input::path_error("log.entries", "missing");
  ImportBatch batch;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    if (Error e = import_entry((*entries)[i], index_path("log.entries", i), batch)) return e;
  }
  return batch;
}

std::string har_date_time(std::int64_t unix_ms) {
  // Floor division, so times before 1970 land on the right day and millisecond.
  std::int64_t days = unix_ms / 86400000;
  std::int64_t ms_of_day = unix_ms % 86400000;
  if (ms_of_day < 0) {
    ms_of_day += 86400000;
    --days;
  }
  // Days since 1970-01-01 -> year, month, day: Howard Hinnant's civil_from_days
  // (http://howardhinnant.github.io/date_algorithms.html), counting from 0000-03-01 in 400-year eras.
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                   // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                 // [0, 11], from March
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", static_cast<long long>(year), int(month),
                int(day), int(ms_of_day / 3600000), int(ms_of_day / 60000 % 60), int(ms_of_day / 1000 % 60),
                int(ms_of_day % 1000));
  return buf;
}

std::string export_har_exchanges(const std::vector<HarExchange>& exchanges) {
  Json entries = Json::array();
  for (const HarExchange& x : exchanges) {
    const ExchangeLog& log = x.log;
    Json entry;
    // When the request started: "time" and "timings" below count from the same moment.
    entry["startedDateTime"] = log.started_unix_ms != 0 ? har_date_time(log.started_unix_ms) : x.started_date_time;
    Result<Url> url = parse_url(log.target_url.empty() ? log.request.url : log.target_url);
    std::string target = url ? url->target : "/";
    Headers sent = log.sent_headers.empty() ? log.request.headers : log.sent_headers;
    entry["request"] = request_json(log.request.method, log.target_url.empty() ? log.request.url : log.target_url,
                                    target, sent, log.request.body);

    // Timings: HAR phases in ms are differences of curl's cumulative times (HAR 1.2 §timings:
    // connect includes ssl; -1 for a phase that did not happen or was not measured).
    const Timings& t = log.timings;
    double sent_done = t.pretransfer;
    for (const WireChunk& c : log.wire) {
      if (c.sent) sent_done = std::max(sent_done, c.at);
    }
    // -1 (an integer, as browsers write it) for a phase that did not happen.
    auto phase = [](bool happened, double seconds) { return happened ? Json(ms(seconds)) : Json(-1); };
    Json timings;
    timings["blocked"] = -1;
    timings["dns"] = phase(t.namelookup >= 0, t.namelookup);
    double connected = t.appconnect > 0 ? t.appconnect : t.connect;
    timings["connect"] = phase(t.connect >= 0 && t.namelookup >= 0, connected - t.namelookup);
    timings["ssl"] = phase(t.appconnect > 0 && t.connect >= 0, t.appconnect - t.connect);
    double send = t.pretransfer >= 0 ? ms(sent_done - t.pretransfer) : 0;
    double wait = t.starttransfer >= 0 && t.pretransfer >= 0 ? ms(t.starttransfer - sent_done) : 0;
    double receive = t.total >= 0 && t.starttransfer >= 0 ? ms(t.total - t.starttransfer) : 0;
    timings["send"] = std::max(0.0, send);
    timings["wait"] = std::max(0.0, wait);
    timings["receive"] = std::max(0.0, receive);
    entry["time"] = t.total >= 0 ? ms(t.total) : 0;

    const HttpResponse& resp = log.response;
    Json response;
    response["status"] = log.has_response_head ? resp.status : 0;
    response["statusText"] = log.has_response_head ? resp.reason : "";
    response["httpVersion"] = log.has_response_head ? "HTTP/" + std::to_string(resp.version_major) + "." +
                                                          std::to_string(resp.version_minor)
                                                    : "";
    response["cookies"] = Json::array();
    response["headers"] = pairs_json(resp.headers);
    Json content;
    const std::string_view body = log.body();
    content["size"] = body.size();
    content["mimeType"] = header_value(resp.headers, "Content-Type");
    put_text(content, body);
    response["content"] = content;
    response["redirectURL"] = header_value(resp.headers, "Location");
    response["headersSize"] = -1;
    response["bodySize"] = body.size();
    if (log.error) response["_error"] = std::string(to_string(log.error.code)) + ": " + log.error.message;
    entry["response"] = response;
    entry["cache"] = Json::object();
    entry["timings"] = timings;
    std::string address = log.remote_address;
    if (std::size_t colon = address.rfind(':'); colon != std::string::npos) {
      entry["connection"] = address.substr(colon + 1);
      address.resize(colon);
      if (address.size() > 1 && address.front() == '[') address = address.substr(1, address.size() - 2);
    }
    if (!address.empty()) entry["serverIPAddress"] = address;
    if (!x.name.empty()) entry["_wirepadName"] = x.name;
    entries.push_back(std::move(entry));
  }
  return document(std::move(entries)).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<std::string> export_har_requests(const std::vector<Experiment>& experiments, std::string_view started) {
  Json entries = Json::array();
  for (std::size_t i = 0; i < experiments.size(); ++i) {
    const Experiment& e = experiments[i];
    if (e.kind != ExperimentKind::http) {
      return make_error(ErrorCode::invalid_request, "experiment " + std::to_string(i + 1) + " (" + e.name +
                                                        ") is a " +
                                                        (e.kind == ExperimentKind::websocket ? "WebSocket" : "socket") +
                                                        " script; HAR export holds HTTP requests only");
    }
    // HAR is JSON text: only the body has a base64 form.
    // What the flat request cannot hold (Digest's answer to a challenge, a SigV4 signature, an
    // OAuth token still to fetch, a file not read) goes into HAR 1.2's own "comment" field of
    // the request, so the file says what it lacks instead of dropping it silently.
    std::vector<std::string> left_out;
    const HttpRequest flat = flatten_request(e.request, &left_out);
    bool text = is_valid_utf8(flat.url);
    for (const Header& h : flat.headers) text = text && is_valid_utf8(h.name) && is_valid_utf8(h.value);
    if (!text) {
      return make_error(ErrorCode::invalid_request, "experiment " + std::to_string(i + 1) +
                                                        (e.name.empty() ? "" : " (" + e.name + ")") +
                                                        ": the URL or a header is not UTF-8 text, which a HAR file cannot hold");
    }
    Result<SerializedRequest> s = serialize_request(flat);
    if (!s) {
      Error err = s.error();
      err.message = "experiment " + std::to_string(i + 1) + (e.name.empty() ? "" : " (" + e.name + ")") + ": " + err.message;
      return err;
    }
    Json entry;
    entry["startedDateTime"] = std::string(started);
    entry["time"] = 0;
    entry["request"] = request_json(flat.method, flat.url, s->url.target, s->headers, flat.body);
    add_params(e.request, entry["request"]);
    if (e.request.body_kind == BodyKind::binary) {
      // The file is not read for an export: its path, and the type it goes with.
      Json& post = entry["request"]["postData"];
      if (!post.is_object()) post = Json::object();
      post["mimeType"] = header_value(s->headers, "Content-Type");
      if (!post.contains("text")) post["text"] = "";
      post["_wirepadFile"] = e.request.binary_file;
    }
    if (e.request.auth.kind != AuthKind::none && e.request.auth.kind != AuthKind::inherit)
      entry["request"]["_wirepadAuth"] = auth_as_json(e.request.auth);
    if (!left_out.empty()) {
      std::string comment = "Wirepad: not in this request: ";
      for (std::size_t k = 0; k < left_out.size(); ++k) comment += (k ? "; " : "") + left_out[k];
      entry["request"]["comment"] = comment;
    }
    entry["response"] = {{"status", 0},          {"statusText", ""},   {"httpVersion", ""},
                         {"cookies", Json::array()}, {"headers", Json::array()},
                         {"content", {{"size", 0}, {"mimeType", ""}}},
                         {"redirectURL", ""},    {"headersSize", -1}, {"bodySize", -1}};
    entry["cache"] = Json::object();
    entry["timings"] = {{"blocked", -1}, {"dns", -1}, {"connect", -1}, {"ssl", -1}, {"send", 0}, {"wait", 0}, {"receive", 0}};
    if (!e.name.empty()) entry["_wirepadName"] = e.name;
    if (!(e.options == ExchangeOptions{})) {  // a custom field (HAR 1.2 allows "_" names)
      entry["_wirepadOptions"] = {{"connect_timeout", e.options.connect_timeout},
                                  {"first_byte_timeout", e.options.first_byte_timeout},
                                  {"idle_timeout", e.options.idle_timeout},
                                  {"total_timeout", e.options.total_timeout},
                                  {"verify_tls", e.options.verify_tls}};
    }
    entries.push_back(std::move(entry));
  }
  return document(std::move(entries)).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace wirepad
