// native: the lab's httpbin-style endpoints, served on the hello port next to `GET /` (see
// docs/lab.md). Something every learner's request comes back from: /anything echoes the
// request as JSON in httpbin.org's shape (args, data, files, form, headers, json, method,
// origin, url), and small endpoints answer with a chosen status, delay, stream, content
// coding, cookie, redirect or authentication challenge.
// Depends on: cpp-httplib, nlohmann-json, zlib, brotli's encoder, zstd.
#pragma once
#include <atomic>

namespace httplib {
class Server;
}

namespace wirepad::native {

// Limits that keep the lab cheap whatever a learner asks for.
inline constexpr double kLabMaxDelaySeconds = 10;
inline constexpr int kLabMaxStreamLines = 100;
inline constexpr int kLabMaxRedirects = 100;

// Registers the routes on `server`, including a helpful 405 for non-GET requests to "/" and a
// 404 that lists the endpoints; call after the "/" GET route. `stopping` cuts a /delay short
// when the lab stops (so stop() never waits up to 10 s); it must outlive the server.
void add_httpbin_routes(httplib::Server& server, const std::atomic<bool>& stopping);

}  // namespace wirepad::native
