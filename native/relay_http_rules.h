// native: the HTTP rules of `wirepad serve`, kept apart from the sockets so tests can call them:
// which request paths map to which files, which Host and Origin values name this server, the
// token comparison, and the headers every response carries.
// Depends on: shared/error.h and the C++ standard library (no Beast, no sockets).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/error.h"

namespace wirepad::native {

// Maps a request target ("/app/main.js?x=1") to a path relative to the web root
// ("app/main.js"); "/" maps to "index.html". Percent-escapes are decoded first and then every
// segment is checked, so "/%2e%2e/etc/passwd" is refused like "/../etc/passwd". Refused too:
// NUL, backslash, empty or "." segments, and a target that is not origin-form (RFC 9112 3.2.1).
Result<std::string> web_path_for_target(std::string_view target);

// The path part of a target, before any '?'.
std::string_view target_path(std::string_view target);

// Value of `name` in the target's query ("/relay?token=abc" -> "abc"), percent-decoded.
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);

// "text/html; charset=utf-8", "application/wasm", ...; "application/octet-stream" otherwise.
std::string_view content_type_for(std::string_view path);

// True when the Host header names this server: 127.0.0.1:PORT, localhost:PORT, [::1]:PORT, the
// bound address itself when it is not a wildcard, or `local_address`, the address the
// connection arrived at (getsockname: with a wildcard bind, the address another machine used).
// Anything else may be a DNS rebinding attack (a name the attacker controls now resolving to
// 127.0.0.1), so it is refused; an address literal cannot be rebound. Host decides nothing
// about who asks: serve.cpp takes that from the peer's address.
bool host_is_this_server(std::string_view host, std::uint16_t port, std::string_view bind_address,
                         std::string_view local_address = "");

// True when the Origin header is http://127.0.0.1:PORT, http://localhost:PORT, http://[::1]:PORT
// (or the bound address): only the page this server served may open relay connections.
bool origin_is_this_server(std::string_view origin, std::uint16_t port, std::string_view bind_address);

// The URL a person should open: http://127.0.0.1:PORT/ (or the bound address when specific).
std::string server_url(std::string_view bind_address, std::uint16_t port);

// Compares in time that depends only on the lengths, so a guesser learns nothing from timing.
bool constant_time_equal(std::string_view a, std::string_view b);

// Replaces every "%WIREPAD_RELAY_TOKEN%" in the page with the token.
std::string substitute_token(std::string page, std::string_view token);
// Replaces every `placeholder` (e.g. "%WIREPAD_HELLO_PORT%") in the page by `value`.
std::string substitute_placeholder(std::string page, std::string_view placeholder, std::string_view value);

// Content-Security-Policy for every response: enough for an Emscripten page (eval for the JS
// glue, wasm compilation, inline bootstrap script) and WebSockets back to this server only.
std::string content_security_policy(std::uint16_t port);

}  // namespace wirepad::native
