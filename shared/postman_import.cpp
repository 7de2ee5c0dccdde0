// wirepad core: Postman Collection v2.1 import (see postman_import.h). Field meanings follow
// the collection schema (https://schema.postman.com/collection/json/v2.1.0/draft-07/).
#include "postman_import.h"

#include <map>

#include "base64.h"
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
  std::string auth_path;
  std::map<std::string, std::string> variables;  // collection variables
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

Error read_url(const Json& url, const std::string& path, ImportedRequest& r) {
  std::string& out = r.experiment.request.url;
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
  std::vector<std::string> disabled;
  std::string built_query;
  if (query) {
    for (std::size_t i = 0; i < query->size(); ++i) {
      std::string key, value;
      if (Error e = key_value((*query)[i], index_path(join_path(path, "query"), i), key, value)) return e;
      if (is_disabled((*query)[i])) {
        disabled.push_back(key);
        continue;
      }
      if (!built_query.empty()) built_query += '&';
      built_query += key;
      if (json_input::member((*query)[i], "value")) built_query += "=" + value;
    }
  }
  for (const std::string& key : disabled) note(r, "query " + key, "disabled in Postman, so not sent");
  if (has_raw) {
    out = raw;
    return {};
  }
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
  if (!built_query.empty()) out += "?" + built_query;
  std::string hash;
  json_input::string_member(url, "hash", path, hash, error);
  if (!hash.empty()) out += "#" + hash;
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

void apply_auth(const Json* auth, ImportedRequest& r) {
  if (!auth) return;
  std::string type;
  Error ignored;
  json_input::string_member(*auth, "type", "", type, ignored);
  RequestSpec& req = r.experiment.request;
  if (type.empty() || type == "noauth") return;
  if (find_header(req.headers, "Authorization")) {
    note(r, "auth " + type, "an Authorization header is already set; Postman's auth setting is not applied");
    return;
  }
  if (type == "basic") {
    std::string user = auth_param(*auth, "basic", "username"), pass = auth_param(*auth, "basic", "password");
    if (!template_variables(user + pass).empty()) {
      note(r, "auth basic", "the user name or password uses {{variables}}; the header is encoded from the text as typed");
    }
    req.headers.push_back({"Authorization", "Basic " + encode_base64(user + ":" + pass)});  // RFC 7617
  } else if (type == "bearer") {
    req.headers.push_back({"Authorization", "Bearer " + auth_param(*auth, "bearer", "token")});  // RFC 6750
  } else if (type == "apikey") {
    std::string key = auth_param(*auth, "apikey", "key"), value = auth_param(*auth, "apikey", "value");
    std::string in = auth_param(*auth, "apikey", "in");
    if (in == "query") {
      req.url += (req.url.find('?') == std::string::npos ? "?" : "&") + key + "=" + value;
    } else {
      req.headers.push_back({key, value});
    }
  } else {
    note(r, "auth " + type, "Wirepad does not compute " + type + " authentication; add the header it produces by hand");
  }
}

void note_events(const Json& holder, const std::string& path, std::vector<ImportNote>& notes) {
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
    notes.push_back({index_path(join_path(path, "event"), i),
                     (listen.empty() ? std::string("a") : "a " + listen) + " script; Wirepad does not run scripts", 0});
  }
}

std::string postman_raw_type(const Json& body) {
  const Json* options = json_input::member(body, "options");
  const Json* raw = options ? json_input::member(*options, "raw") : nullptr;
  const Json* language = raw ? json_input::member(*raw, "language") : nullptr;
  std::string lang = language && language->is_string() ? language->get<std::string>() : "text";
  if (lang == "json") return "application/json";
  if (lang == "xml") return "application/xml";
  if (lang == "html") return "text/html";
  if (lang == "javascript") return "application/javascript";
  return "text/plain";
}

Error read_body(const Json& body, const std::string& path, ImportedRequest& r) {
  if (!body.is_object()) return json_input::path_error(path, "must be an object");
  RequestSpec& req = r.experiment.request;
  Error error;
  std::string mode;
  json_input::string_member(body, "mode", path, mode, error);
  if (error) return error;
  if (is_disabled(body)) {
    note(r, "body", "disabled in Postman, so not sent");
    return {};
  }
  auto set_type = [&](const std::string& type) {
    if (!find_header(req.headers, "Content-Type")) req.headers.push_back({"Content-Type", type});
  };
  if (mode.empty()) return {};
  if (mode == "raw") {
    const Json* raw = json_input::member(body, "raw");
    if (raw && !json_input::scalar_text(*raw, req.body)) return json_input::path_error(join_path(path, "raw"), "must be a string");
    if (!req.body.empty()) set_type(postman_raw_type(body));
  } else if (mode == "urlencoded") {
    const Json* list = json_input::array_member(body, "urlencoded", path, error);
    if (error) return error;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      std::string key, value;
      if (Error e = key_value((*list)[i], index_path(join_path(path, "urlencoded"), i), key, value)) return e;
      if (is_disabled((*list)[i])) {
        note(r, "urlencoded " + key, "disabled in Postman, so not sent");
        continue;
      }
      pairs.emplace_back(key, value);
    }
    req.body = form_urlencode(pairs);
    set_type("application/x-www-form-urlencoded");
  } else if (mode == "formdata") {
    const Json* list = json_input::array_member(body, "formdata", path, error);
    if (error) return error;
    std::vector<MultipartField> fields;
    for (std::size_t i = 0; list && i < list->size(); ++i) {
      const Json& f = (*list)[i];
      std::string key, value, type, content_type;
      if (Error e = key_value(f, index_path(join_path(path, "formdata"), i), key, value)) return e;
      json_input::string_member(f, "type", "", type, error);
      json_input::string_member(f, "contentType", "", content_type, error);
      error = {};
      if (is_disabled(f)) {
        note(r, "formdata " + key, "disabled in Postman, so not sent");
        continue;
      }
      if (type == "file") {
        std::string src;
        if (const Json* s = json_input::member(f, "src")) json_input::scalar_text(*s, src);
        note(r, "formdata " + key, "a file field (" + (src.empty() ? std::string("no file chosen") : src) +
                                       "); Wirepad does not read files; the field is left out");
        continue;
      }
      fields.push_back({key, value, content_type});
    }
    auto [boundary, bytes] = multipart_form(fields);
    req.body = bytes;
    set_type("multipart/form-data; boundary=" + boundary);
  } else if (mode == "graphql") {
    const Json* g = json_input::object_member(body, "graphql", path, error);
    if (error) return error;
    // Postman sends {"query": ..., "variables": {...}} (the GraphQL-over-HTTP POST form).
    Json payload = Json::object();
    std::string query, variables;
    if (g) {
      json_input::string_member(*g, "query", join_path(path, "graphql"), query, error);
      json_input::string_member(*g, "variables", join_path(path, "graphql"), variables, error);
      if (error) return error;
    }
    payload["query"] = query;
    if (!text::trim_ows(variables).empty()) {
      Json v = Json::parse(variables, nullptr, false);
      if (v.is_discarded()) {
        note(r, "graphql variables", "not valid JSON; sent as a string");
        payload["variables"] = variables;
      } else {
        payload["variables"] = v;
      }
    }
    req.body = payload.dump(-1, ' ', false, Json::error_handler_t::replace);
    set_type("application/json");
  } else if (mode == "file") {
    note(r, "body file", "the body is a file Postman reads; Wirepad does not read files, so the body is empty");
  } else {
    note(r, "body mode " + mode, "not a body mode Wirepad knows; the body is empty");
  }
  return {};
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
      if (const Json* auth = json_input::object_member(item, "auth", at, error)) inner.auth = auth;
      if (error) return error;
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
          if (is_disabled((*headers)[h])) {
            note(r, key + ": " + value, "a disabled header, so not sent");
            continue;
          }
          req.headers.push_back({key, value});
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
        if (type != "inherit") auth = own;
      }
    } else {
      return json_input::path_error(rpath, "must be an object or a URL string");
    }
    apply_auth(auth, r);
    note_events(item, at, r.not_imported);
    std::vector<std::string> used = template_variables(req.url);
    for (const HeaderRow& h : req.headers) {
      for (std::string& v : template_variables(h.name + " " + h.value)) used.push_back(v);
    }
    for (std::string& v : template_variables(req.body)) used.push_back(v);
    std::vector<std::string> listed;
    for (const std::string& v : used) {
      bool seen = false;
      for (const std::string& l : listed) seen = seen || l == v;
      if (seen) continue;
      listed.push_back(v);
      auto it = context.variables.find(v);
      note(r, "{{" + v + "}}",
           it != context.variables.end()
               ? "a collection variable (value '" + it->second + "'); kept as typed (set it before sending)"
               : "a Postman variable the collection does not define (environment or global); kept as typed");
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
  if (error) return error;
  if (const Json* vars = json_input::array_member(*root, "variable", "", error)) {
    for (std::size_t i = 0; i < vars->size(); ++i) {
      std::string key, value;
      if (Error e = key_value((*vars)[i], index_path("variable", i), key, value)) return e;
      context.variables[key] = value;
    }
  }
  if (error) return error;
  ImportBatch batch;
  note_events(*root, "", batch.not_imported);
  for (ImportNote& n : batch.not_imported) n.what = n.what.substr(n.what[0] == '.' ? 1 : 0);
  if (Error e = import_items(*items, "item", context, batch)) return e;
  return batch;
}

}  // namespace wirepad
