// wirepad core: Postman Collection v2.1 import (see postman_import.h). Field meanings follow
// the collection schema (https://schema.postman.com/collection/json/v2.1.0/draft-07/).
#include "postman_import.h"

#include "postman_script.h"

#include <map>

#include "import_text.h"
#include "json_input.h"
#include "text_util.h"

namespace wirepad {

namespace {

using json_input::Json;
using json_input::index_path;
using json_input::join_path;

void note(ImportedRequest& r, std::string what, std::string sentence) {
  r.not_imported.push_back({std::move(what), std::move(sentence), 0});
}

struct Context {
  std::string folder;
  int depth = 0;  // folders above; bounded so a hostile file cannot exhaust the stack
  const Json* auth = nullptr;  // the nearest auth above (collection, folders)
  std::string auth_from;       // where it is: "the collection", "folder Users/Admin"
  int disable_body_pruning = -1;  // protocolProfileBehavior above: -1 unset, 0 false, 1 true
  std::map<std::string, std::string> variables;  // collection variables
  std::string environment;  // the environment they go to
};

bool is_disabled(const Json& item) {
  const Json* d = json_input::member(item, "disabled");
  return d && d->is_boolean() && d->get<bool>();
}

// "key"/"value" of a Postman list item (header, query, urlencoded, formdata, auth param).
Error key_value(const Json& item, const std::string& path, std::string& key, std::string& value) {
  if (!item.is_object()) return json_input::path_error(path, std::string("must be an object, not ") + item.type_name());
  const Json* k = json_input::member(item, "key");
  const Json* v = json_input::member(item, "value");
  if (k && !json_input::scalar_text(*k, key)) return json_input::path_error(join_path(path, "key"), "must be a string");
  if (v && !json_input::scalar_text(*v, value)) return json_input::path_error(join_path(path, "value"), "must be a string");
  return {};
}

// "a.b" or ["a","b"] joined with `sep`.
Error joined(const Json& part, const std::string& path, const char* sep, std::string& out) {
  if (part.is_string()) {
    out = part.get<std::string>();
    return {};
  }
  if (!part.is_array()) return json_input::path_error(path, "must be an array or a string");
  out.clear();
  for (std::size_t i = 0; i < part.size(); ++i) {
    std::string piece;
    const Json& p = part[i];
    if (p.is_object()) {  // path segments may be {type, value}
      const Json* v = json_input::member(p, "value");
      if (v) json_input::scalar_text(*v, piece);
    } else if (!json_input::scalar_text(p, piece)) {
      return json_input::path_error(index_path(path, i), "must be a string");
    }
    if (i) out += sep;
    out += piece;
  }
  return {};
}

// url.query: every row, disabled ones kept as disabled (Postman's table).
Error read_query(const Json& query, const std::string& path, QueryParams& rows) {
  for (std::size_t i = 0; i < query.size(); ++i) {
    QueryParam row;
    if (Error e = key_value(query[i], index_path(path, i), row.name, row.value)) return e;
    const Json* v = json_input::member(query[i], "value");
    row.has_value = v && !v->is_null();
    row.enabled = !is_disabled(query[i]);
    rows.push_back(std::move(row));
  }
  return {};
}

Error read_url(const Json& url, const std::string& path, ImportedRequest& r) {
  RequestSpec& req = r.experiment.request;
  std::string& out = req.url;
  if (url.is_string()) {
    out = url.get<std::string>();
    return {};
  }
  if (!url.is_object()) return json_input::path_error(path, "must be a string or an object");
  Error error;
  std::string raw;
  bool has_raw = json_input::string_member(url, "raw", path, raw, error);
  if (error) return error;
  const Json* query = json_input::array_member(url, "query", path, error);
  if (error) return error;
  QueryParams rows;
  if (query) {
    if (Error e = read_query(*query, join_path(path, "query"), rows)) return e;
  }
  if (has_raw) {
    out = raw;
  } else {
    // No raw: build it from the parts as Postman does.
    std::string protocol, host, port, p;
    json_input::string_member(url, "protocol", path, protocol, error);
    if (error) return error;
    if (const Json* h = json_input::member(url, "host")) {
      if (Error e = joined(*h, join_path(path, "host"), ".", host)) return e;
    }
    if (const Json* pt = json_input::member(url, "port")) json_input::scalar_text(*pt, port);
    if (const Json* pa = json_input::member(url, "path")) {
      if (Error e = joined(*pa, join_path(path, "path"), "/", p)) return e;
    }
    if (host.empty()) return json_input::path_error(path, "has neither raw nor host");
    out = (protocol.empty() ? "http" : protocol) + "://" + host + (port.empty() ? "" : ":" + port);
    if (!p.empty()) out += (p[0] == '/' ? "" : "/") + p;
    std::string hash;
    json_input::string_member(url, "hash", path, hash, error);
    error = {};
    if (!hash.empty()) out += "#" + hash;
  }
  // Postman sends the query table (the raw URL is what its address bar shows, kept in sync):
  // the URL gets the enabled rows, and the table is kept when it has disabled rows.
  if (!rows.empty()) {  // an empty list says nothing: the raw URL's query stands
    out = url_with_params(out, rows);
    if (params_table_needed(out, rows)) req.params = std::move(rows);
  }
  // url.variable: the values of the `:name` path segments.
  const Json* variables = json_input::array_member(url, "variable", path, error);
  if (error) return error;
  PathVariables given;
  for (std::size_t i = 0; variables && i < variables->size(); ++i) {
    PathVariable v;
    if (Error e = key_value((*variables)[i], index_path(join_path(path, "variable"), i), v.name, v.value)) return e;
    given.push_back(std::move(v));
  }
  req.path_variables = path_variables_from_url(out, given);
  for (const PathVariable& v : given) {
    bool used = false;
    for (const PathVariable& u : req.path_variables) used = used || u.name == v.name;
    if (!used) note(r, "path variable :" + v.name, "the URL has no :" + v.name + " segment, so Postman does not use it either");
  }
  return {};
}

std::string auth_param(const Json& auth, const char* type, const char* key) {
  const Json* params = json_input::member(auth, type);
  if (!params) return "";
  if (params->is_array()) {  // v2.1: [{key, value}]
    for (const Json& p : *params) {
      std::string k, v;
      if (!key_value(p, "", k, v) && k == key) return v;
    }
  } else if (params->is_object()) {  // v2.0: {username: ...}
    std::string v;
    if (const Json* m = json_input::member(*params, key)) json_input::scalar_text(*m, v);
    return v;
  }
  return "";
}

// Postman's auth object -> AuthSpec. Types Wirepad cannot compute are notes naming them.
void apply_auth(const Json* auth, const std::string& where, ImportedRequest& r) {
  if (!auth) return;
  std::string type;
  Error ignored;
  json_input::string_member(*auth, "type", "", type, ignored);
  AuthSpec& a = r.experiment.request.auth;
  auto p = [&](const char* key) { return auth_param(*auth, type.c_str(), key); };
  std::string from = where.empty() ? "" : " (inherited from " + where + ")";
  if (type.empty() || type == "noauth") {
    a.kind = AuthKind::none;
  } else if (type == "basic") {
    a.kind = AuthKind::basic;
    a.basic = {p("username"), p("password")};
  } else if (type == "bearer") {
    a.kind = AuthKind::bearer;
    a.bearer.token = p("token");
  } else if (type == "apikey") {
    a.kind = AuthKind::api_key;
    a.api_key.key = p("key");
    a.api_key.value = p("value");
    a.api_key.in = p("in") == "query" ? ApiKeyPlacement::query : ApiKeyPlacement::header;
  } else if (type == "digest") {
    a.kind = AuthKind::digest;
    a.digest = {p("username"), p("password")};
    // Postman may save the realm, nonce, algorithm and qop of an earlier challenge; Wirepad takes
    // them from the server's challenge each time (RFC 7616 §3.3), so they are not needed.
    std::string fixed;
    for (const char* key : {"realm", "nonce", "algorithm", "qop", "opaque"}) {
      if (!p(key).empty()) fixed += std::string(fixed.empty() ? "" : ", ") + key;
    }
    if (!fixed.empty()) note(r, "auth digest " + fixed, "saved from an earlier challenge; Wirepad takes them from the server's challenge");
  } else if (type == "oauth2") {
    a.kind = AuthKind::oauth2;
    OAuth2Auth& o = a.oauth2;
    std::string grant = p("grant_type");
    if (grant == "authorization_code" || grant == "authorization_code_with_pkce") {
      o.grant = OAuth2Grant::authorization_code;
      o.pkce = grant == "authorization_code_with_pkce";
    } else if (!grant.empty() && grant != "client_credentials") {
      note(r, "auth oauth2 grant " + grant, "Wirepad fetches tokens with client credentials or an authorization code; the grant is set to client credentials");
    }
    o.token_url = p("accessTokenUrl");
    o.auth_url = p("authUrl");
    o.redirect_uri = p("redirect_uri");
    o.client_id = p("clientId");
    o.client_secret = p("clientSecret");
    o.scope = p("scope");
    o.client_auth = p("client_authentication") == "body" ? OAuth2ClientAuth::body : OAuth2ClientAuth::basic_header;
    o.access_token = p("accessToken");
    if (p("addTokenTo") == "queryParams") note(r, "auth oauth2 addTokenTo", "Postman adds the token to the query; Wirepad sends it as Authorization: Bearer (RFC 6750 §2.1)");
    std::string prefix = p("headerPrefix");
    if (!prefix.empty() && prefix != "Bearer") note(r, "auth oauth2 headerPrefix " + prefix, "Wirepad sends the token with the prefix Bearer");
  } else if (type == "awsv4") {
    a.kind = AuthKind::aws_sigv4;
    a.sigv4 = {p("accessKey"), p("secretKey"), p("sessionToken"), p("region"), p("service")};
  } else {
    // ntlm, hawk, akamai (edgegrid), oauth1, asap, jwt: schemes Wirepad does not compute.
    note(r, "auth " + type + from, "Wirepad does not compute " + type + " authentication; the request is sent without it (add the header it produces by hand)");
  }
}

// A request's test scripts are read for their simplest checks (postman_script.h) when
// `request` is given; every other script is listed.
void note_events(const Json& holder, const std::string& path, std::vector<ImportNote>& notes,
                 ImportedRequest* request = nullptr) {
  const Json* events = json_input::member(holder, "event");
  if (!events || !events->is_array()) return;
  for (std::size_t i = 0; i < events->size(); ++i) {
    const Json& ev = (*events)[i];
    std::string listen;
    Error ignored;
    json_input::string_member(ev, "listen", "", listen, ignored);
    bool empty = true;
    if (const Json* script = json_input::member(ev, "script")) {
      if (const Json* exec = json_input::member(*script, "exec")) {
        if (exec->is_array()) {
          for (const Json& l : *exec) empty = empty && (!l.is_string() || text::trim_ows(l.get<std::string>()).empty());
        } else if (exec->is_string()) {
          empty = text::trim_ows(exec->get<std::string>()).empty();
        }
      }
    }
    if (empty) continue;  // Postman saves empty script stubs
    if (request && listen == "test") {
      std::string script;
      const Json* exec = json_input::member(*json_input::member(ev, "script"), "exec");
      if (exec->is_array()) {
        for (const Json& l : *exec) script += (l.is_string() ? l.get<std::string>() : std::string()) + "\n";
      } else {
        script = exec->get<std::string>();
      }
      import_postman_test_script(*request, script, index_path(join_path(path, "event"), i));
      continue;
    }
    notes.push_back({index_path(join_path(path, "event"), i),
                     (listen.empty() ? std::string("a") : "a " + listen) + " script; Wirepad does not run scripts", 0});
  }
}

RawLanguage postman_raw_language(const Json& body) {
  const Json* options = json_input::member(body, "options");
  const Json* raw = options ? json_input::member(*options, "raw") : nullptr;
  const Json* language = raw ? json_input::member(*raw, "language") : nullptr;
  std::string lang = language && language->is_string() ? language->get<std::string>() : "text";
  if (lang == "json") return RawLanguage::json;
  if (lang == "xml") return RawLanguage::xml;
  if (lang == "html") return RawLanguage::html;
  if (lang == "javascript") return RawLanguage::javascript;
  return RawLanguage::text;  // Postman's default ("Text": text/plain)
}

std::string src_text(const Json& f) {
  std::string src;
  if (const Json* s = json_input::member(f, "src")) {
    if (s->is_array() && !s->empty()) {
      json_input::scalar_text((*s)[0], src);  // Postman may save several files for one key
    } else {
      json_input::scalar_text(*s, src);
    }
  }
  return src;
}

Error read_body(const Json& body, const std::string& path, ImportedRequest& r) {
  if (!body.is_object()) return json_input::path_error(path, "must be an object");
  RequestSpec& req = r.experiment.request;
  req.body_kind = BodyKind::none;
  Error error;
  std::string mode;
  json_input::string_member(body, "mode", path, mode, error);
  if (error) return error;
  if (is_disabled(body)) {
    note(r, "body", "disabled in Postman, so not sent");
    return {};
  }
  if (mode.empty()) return {};
  if (mode == "raw") {
    const Json* raw = json_input::member(body, "raw");
    if (raw && !json_input::scalar_text(*raw, req.body)) return json_input::path_error(join_path(path, "raw"), "must be a string");
    if (!req.body.empty()) {
      req.body_kind = BodyKind::raw;
      req.body_language = postman_raw_language(body);
    }
  } else if (mode == "urlencoded") {
    const Json* list = json_input::array_member(body, "urlencoded", path, error);
    if (error) return error;
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      FormField f;
      if (Error e = key_value((*list)[i], index_path(join_path(path, "urlencoded"), i), f.name, f.value)) return e;
      f.enabled = !is_disabled((*list)[i]);
      req.form.push_back(std::move(f));
    }
    if (!req.form.empty()) req.body_kind = BodyKind::urlencoded;
  } else if (mode == "formdata") {
    const Json* list = json_input::array_member(body, "formdata", path, error);
    if (error) return error;
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      const Json& f = (*list)[i];
      MultipartPart part;
      std::string type;
      if (Error e = key_value(f, index_path(join_path(path, "formdata"), i), part.name, part.value)) return e;
      json_input::string_member(f, "type", "", type, error);
      json_input::string_member(f, "contentType", "", part.content_type, error);
      error = {};
      part.enabled = !is_disabled(f);
      if (type == "file") {
        part.is_file = true;
        part.value = src_text(f);
        if (part.value.empty()) {
          note(r, "formdata " + part.name, "a file field with no file chosen in Postman; kept disabled");
          part.enabled = false;
        } else if (const Json* s = json_input::member(f, "src"); s && s->is_array() && s->size() > 1) {
          note(r, "formdata " + part.name, "Postman sends " + std::to_string(s->size()) + " files for this field; only the first (" + part.value + ") is imported");
        }
      }
      req.multipart.push_back(std::move(part));
    }
    // An empty form is no body (Postman sends none), not an empty multipart document.
    if (!req.multipart.empty()) req.body_kind = BodyKind::multipart;
  } else if (mode == "graphql") {
    const Json* g = json_input::object_member(body, "graphql", path, error);
    if (error) return error;
    if (g) {
      json_input::string_member(*g, "query", join_path(path, "graphql"), req.graphql.query, error);
      json_input::string_member(*g, "variables", join_path(path, "graphql"), req.graphql.variables, error);
      if (error) return error;
    }
    req.body_kind = BodyKind::graphql;
    if (!text::trim_ows(req.graphql.variables).empty() && json_input::parse_whole<Json>(req.graphql.variables).is_discarded()) {
      note(r, "graphql variables", "not valid JSON; Wirepad will refuse to send them until they are fixed");
    }
  } else if (mode == "file") {
    const Json* file = json_input::member(body, "file");
    std::string src = file ? src_text(*file) : "";
    if (src.empty()) {
      note(r, "body file", "no file chosen in Postman; the body is empty");
    } else {
      req.body_kind = BodyKind::binary;
      req.binary_file = src;
    }
  } else {
    note(r, "body mode " + mode, "not a body mode Wirepad knows; the body is empty");
  }
  return {};
}

// Postman does not send a body with these methods unless protocolProfileBehavior says
// disableBodyPruning (postman-runtime docs/protocol-profile-behavior.md).
bool postman_prunes_body(const std::string& method) {
  for (const char* m : {"GET", "COPY", "HEAD", "PURGE", "UNLOCK"}) {
    if (text::lower(method) == text::lower(m)) return true;
  }
  return false;
}

// A body Postman would send: an empty raw body (a request with no `body` at all) is none.
bool has_body(const RequestSpec& req) {
  switch (req.body_kind) {
    case BodyKind::none: return false;
    case BodyKind::raw: return !req.body.empty();
    case BodyKind::urlencoded: return !req.form.empty();
    case BodyKind::multipart: return !req.multipart.empty();
    default: return true;
  }
}

// Every text of the request that may hold {{variables}}, for the notes.
std::string request_texts(const RequestSpec& req) {
  std::string all = req.url + " " + req.body + " " + req.binary_file + " " + req.graphql.query + " " + req.graphql.variables;
  for (const QueryParam& q : req.params) all += " " + q.name + " " + q.value;
  for (const PathVariable& v : req.path_variables) all += " " + v.value;
  for (const HeaderRow& h : req.headers) all += " " + h.name + " " + h.value;
  for (const FormField& f : req.form) all += " " + f.name + " " + f.value;
  for (const MultipartPart& m : req.multipart) all += " " + m.name + " " + m.value;
  const AuthSpec& a = req.auth;
  for (const std::string* s : {&a.basic.username, &a.basic.password, &a.bearer.token, &a.api_key.key, &a.api_key.value,
                               &a.digest.username, &a.digest.password, &a.oauth2.token_url, &a.oauth2.auth_url,
                               &a.oauth2.client_id, &a.oauth2.client_secret, &a.oauth2.access_token, &a.sigv4.access_key,
                               &a.sigv4.secret_key, &a.sigv4.session_token, &a.sigv4.region}) {
    all += " " + *s;
  }
  return all;
}

// protocolProfileBehavior.disableBodyPruning of a folder or request, inherited downwards.
void read_pruning(const Json& item, int& disable_body_pruning) {
  const Json* behavior = json_input::member(item, "protocolProfileBehavior");
  const Json* d = behavior && behavior->is_object() ? json_input::member(*behavior, "disableBodyPruning") : nullptr;
  if (d && d->is_boolean()) disable_body_pruning = d->get<bool>() ? 1 : 0;
}

Error import_items(const Json& items, const std::string& path, const Context& context, ImportBatch& batch) {
  if (!items.is_array()) return json_input::path_error(path, "must be an array");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Json& item = items[i];
    std::string at = index_path(path, i);
    if (!item.is_object()) return json_input::path_error(at, std::string("must be an object, not ") + item.type_name());
    Error error;
    std::string name;
    json_input::string_member(item, "name", at, name, error);
    if (error) return error;
    if (const Json* children = json_input::member(item, "item")) {  // a folder
      Context inner = context;
      if (++inner.depth > 64) return json_input::path_error(at, "folders nested more than 64 deep");
      inner.folder = context.folder.empty() ? name : context.folder + "/" + name;
      if (const Json* auth = json_input::object_member(item, "auth", at, error)) {
        inner.auth = auth;
        inner.auth_from = "folder " + inner.folder;
      }
      if (error) return error;
      read_pruning(item, inner.disable_body_pruning);
      note_events(item, at, batch.not_imported);
      if (Error e = import_items(*children, join_path(at, "item"), inner, batch)) return e;
      continue;
    }
    const Json* request = json_input::member(item, "request");
    if (!request) return json_input::path_error(join_path(at, "request"), "missing (an item is a folder with item[] or a request)");
    ImportedRequest r;
    r.folder = context.folder;
    r.source = at;
    r.experiment.name = name;
    std::string rpath = join_path(at, "request");
    RequestSpec& req = r.experiment.request;
    const Json* auth = context.auth;
    std::string auth_from = context.auth_from;
    if (request->is_string()) {
      req.url = request->get<std::string>();
    } else if (request->is_object()) {
      json_input::string_member(*request, "method", rpath, req.method, error);
      if (error) return error;
      if (req.method.empty()) req.method = "GET";
      const Json* url = json_input::member(*request, "url");
      if (!url) return json_input::path_error(join_path(rpath, "url"), "missing");
      if (Error e = read_url(*url, join_path(rpath, "url"), r)) return e;
      const Json* headers = json_input::member(*request, "header");
      if (headers && headers->is_string()) {  // "Name: value\nName: value"
        std::string_view rest = headers->get_ref<const std::string&>();
        while (!rest.empty()) {
          std::size_t nl = rest.find('\n');
          std::string_view l = text::trim_ows(rest.substr(0, nl));
          std::size_t colon = l.find(':');
          if (colon != std::string_view::npos) {
            req.headers.push_back({std::string(text::trim_ows(l.substr(0, colon))), std::string(text::trim_ows(l.substr(colon + 1)))});
          }
          if (nl == std::string_view::npos) break;
          rest.remove_prefix(nl + 1);
        }
      } else if (headers && headers->is_array()) {
        for (std::size_t h = 0; h < headers->size(); ++h) {
          std::string key, value;
          if (Error e = key_value((*headers)[h], index_path(join_path(rpath, "header"), h), key, value)) return e;
          req.headers.push_back({key, value, !is_disabled((*headers)[h])});
        }
      } else if (headers) {
        return json_input::path_error(join_path(rpath, "header"), "must be an array or a string");
      }
      if (const Json* body = json_input::member(*request, "body")) {
        if (Error e = read_body(*body, join_path(rpath, "body"), r)) return e;
      }
      if (const Json* own = json_input::member(*request, "auth")) {
        if (!own->is_object()) return json_input::path_error(join_path(rpath, "auth"), "must be an object");
        std::string type;
        json_input::string_member(*own, "type", "", type, error);
        error = {};
        if (type != "inherit") {
          auth = own;
          auth_from.clear();
        }
      }
    } else {
      return json_input::path_error(rpath, "must be an object or a URL string");
    }
    // Postman's rule: no auth (or "inherit") takes the nearest folder's, then the collection's;
    // "noauth" stops there. The inherited setting is copied into the request.
    apply_auth(auth, auth_from, r);
    // A request without a "body" member has the model's default kind (raw) with no bytes: no
    // body, and nothing for the pruning below to note.
    if (req.body_kind == BodyKind::raw && req.body.empty()) req.body_kind = BodyKind::none;
    int keep_body = context.disable_body_pruning;
    read_pruning(item, keep_body);
    if (has_body(req) && postman_prunes_body(req.method) && keep_body != 1) {
      note(r, "body of " + req.method, "Postman does not send a body with " + req.method +
                                           " (unless protocolProfileBehavior.disableBodyPruning is true); kept here but set to none, as Postman sends it");
      req.body_kind = BodyKind::none;
    } else if (postman_prunes_body(req.method) && req.body_kind == BodyKind::raw && req.body.empty()) {
      req.body_kind = BodyKind::none;  // a GET with no body at all: none, as before, and nothing to say
    }
    note_events(item, at, r.not_imported, &r);
    std::vector<std::string> listed;
    for (const std::string& v : template_variables(request_texts(req))) {
      bool seen = false;
      for (const std::string& l : listed) seen = seen || l == v;
      if (seen) continue;
      listed.push_back(v);
      if (context.variables.count(v)) continue;  // in the imported environment: nothing lost
      note(r, "{{" + v + "}}", "a Postman variable the collection does not define (environment or global); kept as typed");
    }
    batch.requests.push_back(std::move(r));
  }
  return {};
}

}  // namespace

Result<ImportBatch> import_postman(std::string_view input) {
  Result<std::string> utf8 = text_as_utf8(input, "The Postman collection");
  if (!utf8) return utf8.error();
  std::string_view text = *utf8;
  Result<Json> root = json_input::parse(text, "The Postman collection");
  if (!root) return root.error();
  if (!root->is_object()) return json_input::path_error("(top level)", "a Postman collection is a JSON object");
  Error error;
  const Json* info = json_input::object_member(*root, "info", "", error);
  if (error) return error;
  std::string schema;
  if (info) json_input::string_member(*info, "schema", "info", schema, error);
  if (error) return error;
  if (schema.find("v1.") != std::string::npos) {
    return json_input::path_error("info.schema",
                                  "this is a Postman v1 collection; Wirepad reads v2.0 and v2.1. Export it again from "
                                  "Postman as Collection v2.1 (the collection's ... menu > Export)");
  }
  const Json* items = json_input::member(*root, "item");
  const Json* v1_requests = json_input::member(*root, "requests");
  if (!items && v1_requests && v1_requests->is_array()) {
    // Postman v1 (requests + folders + order, no info): a different schema, retired by Postman
    // in 2016; it still exports v2.1 from any collection it imports.
    return make_error(ErrorCode::invalid_request,
                      "This is a Postman v1 collection (it has \"requests\", not \"item\"); Wirepad reads Postman "
                      "v2.0 and v2.1. Import it into Postman, then export it again as Collection v2.1 (the "
                      "collection's ... menu > Export > Collection v2.1) and import that file.");
  }
  if (!items) return json_input::path_error("item", "missing; is this a Postman v2.1 collection?");
  Context context;
  context.auth = json_input::object_member(*root, "auth", "", error);
  context.auth_from = "the collection";
  if (error) return error;
  read_pruning(*root, context.disable_body_pruning);
  ImportBatch batch;
  std::string collection_name;
  if (info) json_input::string_member(*info, "name", "info", collection_name, error);
  error = {};
  // The collection SDK's own shape (newman's test collections): the name at the top, no info.
  if (collection_name.empty()) json_input::string_member(*root, "name", "", collection_name, error);
  error = {};
  batch.environment.name = collection_name.empty() ? "Postman collection" : collection_name;
  if (const Json* vars = json_input::array_member(*root, "variable", "", error)) {
    for (std::size_t i = 0; i < vars->size(); ++i) {
      Variable v;
      if (Error e = key_value((*vars)[i], index_path("variable", i), v.name, v.value)) return e;
      // v2.0 and the collection SDK name a variable by `id` when it has no `key` (Postman reads
      // key || id).
      if (v.name.empty()) json_input::string_member((*vars)[i], "id", index_path("variable", i), v.name, error);
      error = {};
      if (v.name.empty()) {
        batch.not_imported.push_back({index_path("variable", i), "a collection variable with neither key nor id; left out of the environment", 0});
        continue;
      }
      if (is_disabled((*vars)[i])) {
        batch.not_imported.push_back({index_path("variable", i), "the collection variable " + v.name + " is disabled in Postman; left out of the environment", 0});
        continue;
      }
      std::string type;
      json_input::string_member((*vars)[i], "type", "", type, error);
      error = {};
      v.secret = type == "secret";
      context.variables[v.name] = v.value;
      batch.environment.variables.push_back(std::move(v));
    }
  }
  if (error) return error;
  if (!batch.environment.variables.empty()) {
    batch.not_imported.push_back({"variable", "the " + std::to_string(batch.environment.variables.size()) +
                                                  " collection variables go to the environment \"" + batch.environment.name +
                                                  "\" (select it before sending)", 0});
  }
  note_events(*root, "", batch.not_imported);
  for (ImportNote& n : batch.not_imported) n.what = n.what.substr(n.what[0] == '.' ? 1 : 0);
  if (Error e = import_items(*items, "item", context, batch)) return e;
  return batch;
}

}  // namespace wirepad
