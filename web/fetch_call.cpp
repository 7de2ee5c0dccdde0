// web: fetch_call.h. The JavaScript side keeps each fetch's AbortController by id and hands
// the answer back through the heap (a JSON head and the body bytes), never the wasm stack.
#include "web/fetch_call.h"

#include <emscripten.h>
#include <emscripten/html5.h>  // emscripten_date_now

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

namespace wirepad::web {
namespace {

std::map<int, FetchCall*>& calls() {
  static std::map<int, FetchCall*> registry;
  return registry;
}
int g_next_id = 1;

EM_JS(void, wirepad_fetch_begin,
      (int id, const char* method, const char* url, const char* headers_json, const char* body, int body_len,
       double timeout_ms),
      {
        Module.wirepadFetches = Module.wirepadFetches || {};
        var controller = new AbortController();
        var entry = { controller: controller, timedOut: false };
        Module.wirepadFetches[id] = entry;
        var timer = setTimeout(function() { entry.timedOut = true; controller.abort(); }, timeout_ms);
        var started = performance.now();
        var first = -1;
        function deliver(meta, bytes) {
          clearTimeout(timer);
          if (Module.wirepadFetches[id] !== entry) return;  // the call was destroyed meanwhile
          delete Module.wirepadFetches[id];
          meta.timed_out = entry.timedOut;
          meta.first_ms = first;
          meta.total_ms = performance.now() - started;
          var text = JSON.stringify(meta);
          var size = lengthBytesUTF8(text) + 1;
          var metaPtr = _wirepad_fetch_alloc(size);
          stringToUTF8(text, metaPtr, size);
          var bodyPtr = _wirepad_fetch_alloc(Math.max(1, bytes.length));
          HEAPU8.set(bytes, bodyPtr);
          _wirepad_fetch_done(id, metaPtr, bodyPtr, bytes.length);
        }
        var init = {
          method: UTF8ToString(method),
          headers: JSON.parse(UTF8ToString(headers_json)),
          redirect: 'follow',
          credentials: 'omit',
          cache: 'no-store',
          signal: controller.signal
        };
        if (body_len > 0) init.body = HEAPU8.slice(body, body + body_len);
        try {
          fetch(UTF8ToString(url), init).then(function(r) {
            first = performance.now() - started;
            var meta = { status: r.status, status_text: r.statusText, type: r.type, url: r.url, redirected: r.redirected,
                         headers: [] };
            r.headers.forEach(function(value, name) { meta.headers.push([name, value]); });
            return r.arrayBuffer().then(function(b) { deliver(meta, new Uint8Array(b)); });
          }).catch(function(e) {
            deliver({ failed: true, aborted: !!(e && e.name === 'AbortError'), error_name: String((e && e.name) || 'Error'),
                      error_message: String((e && e.message) || e) }, new Uint8Array(0));
          });
        } catch (e) {  // fetch() threw at once (a header value it refuses)
          deliver({ failed: true, aborted: false, error_name: String(e.name), error_message: String(e.message) },
                  new Uint8Array(0));
        }
      });

EM_JS(void, wirepad_fetch_abort, (int id), {
  var entry = Module.wirepadFetches && Module.wirepadFetches[id];
  if (entry) entry.controller.abort();
});

EM_JS(void, wirepad_fetch_forget, (int id), {
  var entry = Module.wirepadFetches && Module.wirepadFetches[id];
  if (!entry) return;
  delete Module.wirepadFetches[id];
  entry.controller.abort();
});

// Writes location.origin into `out` and returns its length in bytes.
EM_JS(int, wirepad_page_origin, (char* out, int size), {
  var origin = location.origin;
  if (out) stringToUTF8(origin, out, size);
  return lengthBytesUTF8(origin);
});

std::string page_origin() {
  int length = wirepad_page_origin(nullptr, 0);
  std::string origin(static_cast<std::size_t>(length) + 1, '\0');
  wirepad_page_origin(origin.data(), length + 1);
  origin.resize(static_cast<std::size_t>(length));
  return origin;
}

std::string text_or_empty(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool page_has_relay(const std::string& relay_url) {
  // The token placeholder left in (percent-encoded in the URL): not served by the relay, not paired.
  return relay_url.find("%25WIREPAD_RELAY_TOKEN%25") == std::string::npos;
}

FetchCall::FetchCall(HttpExchange exchange) : id_(g_next_id++), log_(exchange.take_log()) { calls()[id_] = this; }

FetchCall::~FetchCall() {
  calls().erase(id_);
  if (running_) wirepad_fetch_forget(id_);
}

void FetchCall::start() {
  page_origin_ = page_origin();
  plan_ = plan_fetch(log_, page_origin_);
  begin_fetch_log(log_, plan_, static_cast<std::int64_t>(emscripten_date_now()));
  if (plan_.refused) return;
  nlohmann::json headers = nlohmann::json::array();
  for (const Header& h : plan_.headers) headers.push_back({h.name, h.value});
  const std::string headers_json = headers.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  running_ = true;
  wirepad_fetch_begin(id_, plan_.method.c_str(), plan_.url.c_str(), headers_json.c_str(), plan_.body.data(),
                      static_cast<int>(plan_.body.size()), kFetchTimeoutSeconds * 1000);
}

void FetchCall::cancel(std::string_view) {
  if (running_) wirepad_fetch_abort(id_);  // the glue then delivers an AbortError
}

void FetchCall::deliver(const FetchAnswer& answer, bool timed_out) {
  running_ = false;
  finish_fetch_log(log_, plan_, answer, page_origin_, timed_out ? kFetchTimeoutSeconds : 0);
}

}  // namespace wirepad::web

extern "C" {

EMSCRIPTEN_KEEPALIVE void* wirepad_fetch_alloc(int size) { return std::malloc(static_cast<std::size_t>(size)); }

EMSCRIPTEN_KEEPALIVE void wirepad_fetch_done(int id, char* meta_text, char* body, int body_len) {
  using namespace wirepad;
  nlohmann::json meta = nlohmann::json::parse(meta_text, nullptr, false);
  FetchAnswer answer;
  if (meta.is_object()) {
    answer.failed = meta.value("failed", false);
    answer.aborted = meta.value("aborted", false);
    answer.error_name = web::text_or_empty(meta, "error_name");
    answer.error_message = web::text_or_empty(meta, "error_message");
    answer.status = meta.value("status", 0);
    answer.status_text = web::text_or_empty(meta, "status_text");
    answer.type = web::text_or_empty(meta, "type");
    answer.url = web::text_or_empty(meta, "url");
    answer.redirected = meta.value("redirected", false);
    answer.first_byte_ms = meta.value("first_ms", -1.0);
    answer.total_ms = meta.value("total_ms", -1.0);
    if (auto it = meta.find("headers"); it != meta.end() && it->is_array())
      for (const auto& pair : *it)
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
          answer.headers.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  } else {
    answer.failed = true;
    answer.error_name = "Wirepad";
    answer.error_message = "the page's glue handed back an answer that is not JSON";
  }
  answer.body.assign(body, static_cast<std::size_t>(body_len));
  const bool timed_out = meta.is_object() && meta.value("timed_out", false);
  std::free(meta_text);
  std::free(body);
  auto it = web::calls().find(id);
  if (it != web::calls().end()) it->second->deliver(answer, timed_out);
}

}  // extern "C"
