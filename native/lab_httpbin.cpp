// native: the lab's httpbin-style endpoints (see lab_httpbin.h). The JSON shapes follow
// httpbin.org's (keys in its alphabetical order), so tutorials written against httpbin work
// against the lab with the host changed.
#include "native/lab_httpbin.h"

#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <httplib.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "shared/base64.h"
#include "shared/import_text.h"
#include "shared/json_input.h"
#include "shared/text_util.h"

namespace wirepad::native {
namespace {

using Json = nlohmann::ordered_json;

// cpp-httplib adds the connection's addresses to the request headers; they were not sent.
bool is_added_by_httplib(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT";
}

// Header names as sent; a repeated header is joined with ", " (RFC 9110 §5.3), as httpbin.
Json headers_json(const httplib::Request& req) {
  Json out = Json::object();
  for (const auto& [name, value] : req.headers) {
    if (is_added_by_httplib(name)) continue;
    std::string key = name;
    for (auto& [k, v] : out.items()) {
      if (text::lower(k) == text::lower(name)) key = k;
    }
    if (out.contains(key)) out[key] = out[key].get<std::string>() + ", " + value;
    else out[key] = value;
  }
  return out;
}

// "a=1&a=2&b" -> {"a": ["1", "2"], "b": ""}: a repeated name becomes a list, as httpbin.
Json pairs_json(const std::vector<std::pair<std::string, std::string>>& pairs) {
  Json out = Json::object();
  for (const auto& [name, value] : pairs) {
    if (!out.contains(name)) {
      out[name] = value;
    } else {
      if (!out[name].is_array()) out[name] = Json::array({out[name]});
      out[name].push_back(value);
    }
  }
  return out;
}

std::string query_of(const httplib::Request& req) {
  std::size_t q = req.target.find('?');
  return q == std::string::npos ? std::string() : req.target.substr(q + 1);
}

// The query alone: cpp-httplib puts form fields into req.params too, httpbin keeps them apart.
Json args_json(const httplib::Request& req) { return pairs_json(split_query(query_of(req))); }

std::string url_of(const httplib::Request& req) {
  std::string host = req.get_header_value("Host");
  return "http://" + (host.empty() ? std::string("127.0.0.1") : host) + req.target;
}

bool content_type_is(const httplib::Request& req, std::string_view type) {
  return text::lower(req.get_header_value("Content-Type")).rfind(type, 0) == 0;
}

// The echo of /anything, /get, /post, ...: what a learner's request looked like on arrival.
Json echo_json(const httplib::Request& req, bool with_body) {
  Json out;
  out["args"] = args_json(req);
  if (with_body) {
    Json files = Json::object(), form = Json::object(), json = nullptr;
    std::string data;
    if (req.is_multipart_form_data()) {
      std::vector<std::pair<std::string, std::string>> fields;
      for (const auto& [name, part] : req.files) {
        if (!part.filename.empty()) files[name] = part.content;
        else fields.emplace_back(name, part.content);
      }
      form = pairs_json(fields);
    } else if (content_type_is(req, "application/x-www-form-urlencoded")) {
      form = pairs_json(split_query(req.body));
    } else if (is_valid_utf8(req.body)) {
      data = req.body;
    } else {  // bytes JSON cannot hold as a string: a data URL, as httpbin writes them
      data = "data:application/octet-stream;base64," + encode_base64(req.body);
    }
    if (!data.empty()) {  // "json" is the body parsed, when it is JSON (whatever Content-Type says)
      json = json_input::parse_whole<Json>(req.body);
      if (json.is_discarded()) json = nullptr;
    }
    out["data"] = data;
    out["files"] = files;
    out["form"] = form;
    out["headers"] = headers_json(req);
    out["json"] = json;
  } else {
    out["headers"] = headers_json(req);
  }
  out["method"] = req.method;
  out["origin"] = req.remote_addr;
  out["url"] = url_of(req);
  return out;
}

void send_json(httplib::Response& res, const Json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(2) + "\n", "application/json");
}

// A whole number in [min, max] from a path segment, or nullopt.
bool parse_int(const std::string& s, int min, int max, int& out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (!text::is_digit(static_cast<unsigned char>(c))) return false;
  }
  out = std::atoi(s.c_str());
  return out >= min && out <= max;
}

void bad_request(httplib::Response& res, const std::string& sentence) {
  send_json(res, Json{{"error", sentence}}, 400);
}

// --- content codings ------------------------------------------------------------------------

std::string gzip_or_deflate(const std::string& in, bool gzip) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip ? 16 + MAX_WBITS : MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, uLong(in.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = uInt(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = uInt(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string brotli(const std::string& in) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  std::string out(size ? size : in.size() + 64, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, in.size(),
                        reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                        reinterpret_cast<std::uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

std::string zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3);
  out.resize(ZSTD_isError(n) ? 0 : n);
  return out;
}

// /gzip, /deflate, /brotli, /zstd: the echo with "gzipped": true (and so on), encoded whatever
// the request's Accept-Encoding says, as httpbin does: the point is to see the coding.
void add_coding_route(httplib::Server& server, const char* path, const char* flag, const char* coding,
                      std::string (*encode)(const std::string&)) {
  server.Get(path, [flag, coding, encode](const httplib::Request& req, httplib::Response& res) {
    Json body = echo_json(req, false);
    body[flag] = true;
    res.set_header("Content-Encoding", coding);
    res.set_content(encode(body.dump(2) + "\n"), "application/json");
  });
}

// --- cookies ----------------------------------------------------------------------------------

Json cookies_json(const httplib::Request& req) {
  Json out = Json::object();
  for (const auto& [name, value] : req.headers) {
    if (text::lower(name) != "cookie") continue;
    std::size_t at = 0;
    while (at < value.size()) {  // RFC 6265 §4.2.1: "a=1; b=2"
      std::size_t end = value.find(';', at);
      if (end == std::string::npos) end = value.size();
      std::string_view pair = text::trim_ows(std::string_view(value).substr(at, end - at));
      std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos) out[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
      at = end + 1;
    }
  }
  return out;
}

void redirect(httplib::Response& res, const std::string& location, int status = 302) {
  res.status = status;
  res.set_header("Location", location);
  res.set_content("Redirecting to " + location + "\n", "text/plain");
}

// --- authentication -----------------------------------------------------------------------------

void basic_auth(const httplib::Request& req, httplib::Response& res) {
  const std::string user = req.matches[1], pass = req.matches[2];
  std::string auth = req.get_header_value("Authorization");
  bool ok = false;
  if (text::lower(auth.substr(0, 6)) == "basic ") {
    Result<std::string> decoded = decode_base64_standard(auth.substr(6));
    ok = decoded && decoded.value() == user + ":" + pass;
  }
  if (ok) return send_json(res, Json{{"authenticated", true}, {"user", user}});
  // RFC 7617 §2: the challenge that makes clients ask for, or send, credentials.
  res.set_header("WWW-Authenticate", "Basic realm=\"Fake Realm\"");
  send_json(res,
            Json{{"authenticated", false},
                 {"error", auth.empty() ? "send Authorization: Basic base64(" + user + ":" + pass + ")"
                                        : "the Authorization header does not hold " + user + ":" + pass}},
            401);
}

void bearer(const httplib::Request& req, httplib::Response& res) {
  std::string auth = req.get_header_value("Authorization");
  if (text::lower(auth.substr(0, 7)) == "bearer " && !text::trim_ows(std::string_view(auth).substr(7)).empty()) {
    return send_json(res, Json{{"authenticated", true}, {"token", std::string(text::trim_ows(std::string_view(auth).substr(7)))}});
  }
  res.set_header("WWW-Authenticate", "Bearer");  // RFC 6750 §3
  send_json(res, Json{{"authenticated", false}, {"error", "send Authorization: Bearer TOKEN (any token)"}}, 401);
}

// /xml and /html: small documents for XPath (docs/assertions.md), no namespaces. The HTML page
// is what browsers accept and XML parsers refuse (void <meta> and <br>, an unclosed <li>).
const char* const kXmlDocument =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<library name=\"Lab shelf\">\n"
    "  <book id=\"1\" lang=\"en\"><title>TCP/IP Illustrated</title><author>W. Richard Stevens</author><pages>576</pages></book>\n"
    "  <book id=\"2\" lang=\"en\"><title>High Performance Browser Networking</title><author>Ilya Grigorik</author><pages>400</pages></book>\n"
    "  <book id=\"3\" lang=\"fr\"><title>R\u00e9seaux</title><author>Andrew Tanenbaum</author><pages>960</pages></book>\n"
    "</library>\n";
const char* const kHtmlDocument =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head><meta charset=\"utf-8\"><title>Wirepad lab</title></head>\n"
    "<body>\n"
    "  <h1>Hello from the lab</h1>\n"
    "  <p class=\"intro\">A page to try XPath on.<br>It is HTML, not XML.</p>\n"
    "  <ul id=\"links\">\n"
    "    <li><a href=\"/xml\">an XML document</a>\n"
    "    <li><a href=\"/anything\">the echo</a>\n"
    "  </ul>\n"
    "</body>\n"
    "</html>\n";

const char* kEndpoints =
    "GET /                        Hello, World!\n"
    "ANY /anything[/...]          your request echoed as JSON (args, data, files, form, headers, json, method, origin, url)\n"
    "GET /get  POST /post  PUT /put  PATCH /patch  DELETE /delete   the same echo, for that method\n"
    "ANY /status/CODE             answers with that status (200-599)\n"
    "ANY /delay/SECONDS           the echo after a delay (at most 10 s)\n"
    "GET /stream/N                N JSON lines, chunked (at most 100)\n"
    "GET /sse[?interval_ms=MS&count=N&retry=MS]   Server-Sent Events, one every MS (default 1000), forever unless count\n"
    "GET /gzip /deflate /brotli /zstd   the echo, compressed with that coding\n"
    "GET /cookies                 the cookies you sent\n"
    "GET /cookies/set?NAME=VALUE  sets cookies, then redirects to /cookies\n"
    "GET /cookies/delete?NAME     deletes cookies, then redirects to /cookies\n"
    "ANY /redirect/N              N redirects, then /get\n"
    "ANY /redirect-to?url=URL[&status_code=3XX]   one redirect to URL\n"
    "GET /headers /ip /user-agent parts of your request\n"
    "GET /xml  GET /html          a small XML document, a small HTML page (for XPath assertions)\n"
    "GET /basic-auth/USER/PASS    200 with Basic credentials USER:PASS, else 401 with a challenge\n"
    "GET /bearer                  200 with any Authorization: Bearer TOKEN, else 401\n";

template <class Handler>
void on_any_method(httplib::Server& server, const std::string& pattern, Handler handler) {
  server.Get(pattern, handler);
  server.Post(pattern, handler);
  server.Put(pattern, handler);
  server.Patch(pattern, handler);
  server.Delete(pattern, handler);
  server.Options(pattern, handler);
}

}  // namespace

void add_httpbin_routes(httplib::Server& server, const std::atomic<bool>& stopping) {
  // Bodies are kept in memory to echo them: bounded.
  server.set_payload_max_length(16 * 1024 * 1024);

  // "/" answers GET (and HEAD) with Hello, World!: any other method is told where to go
  // instead of getting an empty 404 (RFC 9110 §15.5.6: 405 lists the allowed methods).
  auto root_other = [](const httplib::Request& req, httplib::Response& res) {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content(req.method + " / is not answered here: / answers GET with Hello, World!. To see your " +
                        req.method + " come back, send it to /anything (or /" + text::lower(req.method) +
                        "), which echoes the request as JSON.\n\nThe lab's endpoints:\n" + kEndpoints,
                    "text/plain");
  };
  server.Post("/", root_other).Put("/", root_other).Patch("/", root_other).Delete("/", root_other).Options("/", root_other);

  auto anything = [](const httplib::Request& req, httplib::Response& res) { send_json(res, echo_json(req, true)); };
  on_any_method(server, "/anything", anything);
  on_any_method(server, "/anything/.*", anything);

  // /get, /post, ...: the echo for their method; another method is a 405 naming the one.
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    std::string path = "/" + text::lower(method);
    std::string allowed = method == std::string("GET") ? "GET, HEAD" : method;
    on_any_method(server, path, [method, path, allowed](const httplib::Request& req, httplib::Response& res) {
      if (req.method == method || (req.method == "HEAD" && std::string(method) == "GET")) {
        return send_json(res, echo_json(req, std::string(method) != "GET"));
      }
      res.set_header("Allow", allowed);
      send_json(res, Json{{"error", path + " answers " + method + " only; /anything answers every method"}}, 405);
    });
  }

  on_any_method(server, R"(/status/([^/]*))", [](const httplib::Request& req, httplib::Response& res) {
    int code = 0;
    if (!parse_int(req.matches[1], 200, 599, code)) {
      return bad_request(res, "/status/CODE takes a status code from 200 to 599, not '" + std::string(req.matches[1]) + "'");
    }
    res.status = code;
    // httpbin sends redirects to /redirect/1; without a Location a 3xx is not followable.
    if (code >= 300 && code < 400 && code != 304) res.set_header("Location", "/redirect/1");
  });

  on_any_method(server, R"(/delay/([^/]*))", [&stopping](const httplib::Request& req, httplib::Response& res) {
    const std::string& text = req.matches[1];
    char* end = nullptr;
    double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(seconds >= 0 && seconds <= kLabMaxDelaySeconds)) {
      return bad_request(res, "/delay/SECONDS takes 0 to 10 seconds (fractions allowed), not '" + text + "'");
    }
    // In small steps, so that stopping the lab does not wait for a sleeping request.
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!stopping && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    send_json(res, echo_json(req, true));
  });

  server.Get(R"(/stream/([^/]*))", [](const httplib::Request& req, httplib::Response& res) {
    int n = 0;
    if (!parse_int(req.matches[1], 0, kLabMaxStreamLines, n)) {
      return bad_request(res, "/stream/N takes 0 to 100 lines, not '" + std::string(req.matches[1]) + "'");
    }
    Json base = echo_json(req, false);
    // One chunk per line (RFC 9112 §7.1): no Content-Length, the body's end is the last chunk.
    res.set_chunked_content_provider("application/json", [base, n](std::size_t, httplib::DataSink& sink) {
      for (int i = 0; i < n; ++i) {
        Json line = base;
        line["id"] = i;
        std::string text = line.dump() + "\n";
        if (!sink.write(text.data(), text.size())) return false;
      }
      sink.done();
      return true;
    });
  });

  // Server-Sent Events (docs/sse.md): a text/event-stream that goes on until the client leaves
  // (or `count` events), one event every interval: `tick` events with JSON data, every fifth a
  // `note` with two data lines (joined with LF by the client). Ids count up; a reconnect's
  // Last-Event-ID continues after it.
  server.Get("/sse", [&stopping](const httplib::Request& req, httplib::Response& res) {
    int interval = 1000, count = 0, retry = -1, first = 1;
    std::string problem;
    for (const auto& [name, value] : split_query(query_of(req))) {
      if (name == "interval_ms" && !parse_int(value, 10, 60000, interval))
        problem = "interval_ms takes 10 to 60000 milliseconds, not '" + value + "'";
      else if (name == "count" && !parse_int(value, 0, 1000000, count))
        problem = "count takes 0 (forever) to 1000000 events, not '" + value + "'";
      else if (name == "retry" && !parse_int(value, 0, 3600000, retry))
        problem = "retry takes 0 to 3600000 milliseconds, not '" + value + "'";
    }
    if (!problem.empty()) return bad_request(res, "/sse: " + problem);
    std::string last = req.get_header_value("Last-Event-ID");
    if (!last.empty()) {
      int seen = 0;
      if (parse_int(last, 0, 2000000000, seen)) first = seen + 1;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider("text/event-stream", [&stopping, interval, count, retry, first](std::size_t, httplib::DataSink& sink) {
      std::string head = ": the wirepad lab's event stream, one event every " + std::to_string(interval) + " ms\n\n";
      if (retry >= 0) head += "retry: " + std::to_string(retry) + "\n\n";
      if (!sink.write(head.data(), head.size())) return false;
      const auto start = std::chrono::steady_clock::now();
      for (int n = first; count == 0 || n < first + count; ++n) {
        // In small steps, so that stopping the lab does not wait for a sleeping stream.
        auto due = start + std::chrono::milliseconds(std::int64_t(interval) * (n - first + 1));
        while (!stopping && std::chrono::steady_clock::now() < due) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (stopping || !sink.is_writable()) return false;
        std::string block = "id: " + std::to_string(n) + "\n";
        if (n % 5 == 0)
          block += "event: note\ndata: event " + std::to_string(n) + " is a note\ndata: with a second data line\n\n";
        else
          block += "event: tick\ndata: " + Json{{"n", n}, {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count()}}.dump() + "\n\n";
        if (!sink.write(block.data(), block.size())) return false;
      }
      sink.done();
      return true;
    });
  });

  add_coding_route(server, "/gzip", "gzipped", "gzip", [](const std::string& s) { return gzip_or_deflate(s, true); });
  add_coding_route(server, "/deflate", "deflated", "deflate", [](const std::string& s) { return gzip_or_deflate(s, false); });
  add_coding_route(server, "/brotli", "brotli", "br", brotli);
  add_coding_route(server, "/zstd", "zstd", "zstd", zstd);

  server.Get("/cookies", [](const httplib::Request& req, httplib::Response& res) {
    send_json(res, Json{{"cookies", cookies_json(req)}});
  });
  auto set_cookies = [](const std::vector<std::pair<std::string, std::string>>& pairs, httplib::Response& res) {
    for (const auto& [name, value] : pairs) res.set_header("Set-Cookie", name + "=" + value + "; Path=/");
    redirect(res, "/cookies");
  };
  server.Get("/cookies/set", [set_cookies](const httplib::Request& req, httplib::Response& res) {
    set_cookies(split_query(query_of(req)), res);
  });
  server.Get(R"(/cookies/set/([^/]+)/([^/]*))", [set_cookies](const httplib::Request& req, httplib::Response& res) {
    set_cookies({{req.matches[1], req.matches[2]}}, res);
  });
  server.Get("/cookies/delete", [](const httplib::Request& req, httplib::Response& res) {
    // RFC 6265 §3.1: an expiry in the past removes the cookie.
    for (const auto& [name, value] : split_query(query_of(req))) {
      res.set_header("Set-Cookie", name + "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
    }
    redirect(res, "/cookies");
  });

  on_any_method(server, R"(/redirect/([^/]*))", [](const httplib::Request& req, httplib::Response& res) {
    int n = 0;
    if (!parse_int(req.matches[1], 1, kLabMaxRedirects, n)) {
      return bad_request(res, "/redirect/N takes 1 to 100 redirects, not '" + std::string(req.matches[1]) + "'");
    }
    redirect(res, n == 1 ? "/get" : "/redirect/" + std::to_string(n - 1));
  });
  on_any_method(server, "/redirect-to", [](const httplib::Request& req, httplib::Response& res) {
    std::string url, status_code;
    for (const auto& [name, value] : split_query(query_of(req))) {
      if (name == "url") url = value;
      if (name == "status_code") status_code = value;
    }
    if (url.empty()) return bad_request(res, "/redirect-to needs ?url=WHERE (and optionally &status_code=3XX)");
    int code = 302;
    if (!status_code.empty() && !parse_int(status_code, 300, 399, code)) {
      return bad_request(res, "status_code must be a redirect status from 300 to 399, not '" + status_code + "'");
    }
    redirect(res, url, code);
  });

  server.Get("/headers", [](const httplib::Request& req, httplib::Response& res) {
    send_json(res, Json{{"headers", headers_json(req)}});
  });
  server.Get("/ip", [](const httplib::Request& req, httplib::Response& res) {
    send_json(res, Json{{"origin", req.remote_addr}});
  });
  server.Get("/user-agent", [](const httplib::Request& req, httplib::Response& res) {
    send_json(res, Json{{"user-agent", req.get_header_value("User-Agent")}});
  });
  server.Get("/xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kXmlDocument, "application/xml");
  });
  server.Get("/html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kHtmlDocument, "text/html; charset=utf-8");
  });
  server.Get(R"(/basic-auth/([^/]+)/([^/]+))", basic_auth);
  server.Get("/bearer", bearer);

  // Anything else: a 404 that says what there is, instead of an empty body.
  on_any_method(server, ".*", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 404;
    res.set_content("Not found: " + req.method + " " + req.path + "\n\nThe lab's endpoints:\n" + kEndpoints, "text/plain");
  });
}

}  // namespace wirepad::native
