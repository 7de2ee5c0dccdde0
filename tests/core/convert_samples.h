// tests: experiments that exercise every corner of export and share links (methods with and
// without bodies, empty header values, binary and UTF-8 bytes, options). Shared by the core
// round-trip tests and the native execution tests.
#pragma once
#include <string>
#include <vector>

#include "shared/experiment.h"

namespace wirepad::test {

inline std::vector<Experiment> convert_samples(const std::string& origin = "http://127.0.0.1:8080") {
  std::vector<Experiment> out;
  auto add = [&](std::string name, std::string method, std::string path, Headers headers, std::string body) {
    Experiment e;
    e.name = std::move(name);
    e.request = HttpRequest{std::move(method), origin + path, std::move(headers), std::move(body)};
    out.push_back(std::move(e));
  };
  add("plain get", "GET", "/hello?x=1&y=two", {}, "");
  add("json post", "POST", "/api/items", {{"Content-Type", "application/json"}, {"X-Trace", "a'b\"c $HOME `x`"}},
      "{\"name\": \"it's\",\n \"n\": 2}\n");
  add("put without body", "PUT", "/empty", {{"X-Empty", ""}}, "");
  add("delete", "DELETE", "/items/7", {{"Authorization", "Bearer t0k"}}, "");
  add("utf-8 body", "PATCH", "/u", {{"Content-Type", "text/plain; charset=utf-8"}}, "caf\xc3\xa9 \xe2\x9c\x93\r\nline\t2");
  add("binary body", "POST", "/bin", {{"Content-Type", "application/octet-stream"}},
      std::string("\x01\x02\xff\xfe\x7f\r\n\\?? end", 14));
  add("form without content type", "POST", "/form", {{"Accept", "text/html"}, {"Cookie", "a=1; b=2"}}, "a=1&b=2");
  add("custom user agent", "GET", "/ua", {{"User-Agent", "tester/1.0"}, {"X-Dup", "1"}, {"X-Dup", "2"}}, "");
  out.back().options.verify_tls = false;
  out.back().options.connect_timeout = 2.5;
  out.back().options.total_timeout = 60;
  return out;
}

}  // namespace wirepad::test
