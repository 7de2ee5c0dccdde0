// wirepad core: errors as values. A code a program can switch on, a sentence a person can act
// on, and where it happened. No exceptions leave shared/.
// Depends on: the C++ standard library only.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace wirepad {

enum class ErrorCode {
  none,
  // Input the user typed or loaded.
  invalid_url,
  unsupported_scheme,
  invalid_request,     // method/header/target with forbidden bytes, bad header name, ...
  invalid_experiment,  // experiment JSON that does not match the format
  // What the peer sent.
  malformed_response,  // violates RFC 9112 framing
  response_too_large,  // a limit (header bytes, header count, body) was exceeded
  closed_early,        // connection closed before the response was complete
  // Transport facts.
  dns_failed,
  connect_refused,
  connect_timeout,
  host_unreachable,
  connection_reset,
  tls_failed,
  certificate_rejected,  // TLS verification refused the server's certificate; the message names why
  relay_refused,  // the browser relay refused the connection (policy, token, limits)
  io_error,
  // Timeouts the exchange enforces.
  first_byte_timeout,
  idle_timeout,
  total_timeout,
  cancelled,
  // Following redirects (shared/redirects.h): the 3xx stays the final response.
  too_many_redirects,
  redirect_loop,
  bad_redirect,  // no Location, or one that is not a valid http(s) URL
  invalid_cookie_jar,  // a saved cookie jar (JSON) that does not match the format
  // Authentication (shared/oauth2.h): the authorization server refused a step (an OAuth 2.0
  // error response, RFC 6749 §5.2 and §4.1.2.1) or its redirect failed the state check.
  auth_rejected,
  // The HTTP proxy refused or broke the CONNECT tunnel (407, 403, 5xx, no answer): docs/proxies.md.
  proxy_failed,
  // HTTP/2 (shared/h2_client.h): the server broke the protocol (a connection error, RFC 9113
  // §5.4.1), reset our stream, or went away before answering it. The message names the frame.
  http2_error,
};

// Stable, lower_snake name of a code ("connect_refused"), used in JSON and CLI output.
std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::none;
  std::string message;      // a full sentence: what went wrong and, where possible, what to do
  std::int64_t offset = -1;  // byte or character position it concerns, -1 when not applicable

  explicit operator bool() const { return code != ErrorCode::none; }
};

inline Error make_error(ErrorCode code, std::string message, std::int64_t offset = -1) {
  return Error{code, std::move(message), offset};
}

// A value or the Error that prevented it.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace wirepad
