// wirepad core: names of error codes. Depends on: error.h only.
#include "error.h"

namespace wirepad {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::none: return "none";
    case ErrorCode::invalid_url: return "invalid_url";
    case ErrorCode::unsupported_scheme: return "unsupported_scheme";
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::invalid_experiment: return "invalid_experiment";
    case ErrorCode::malformed_response: return "malformed_response";
    case ErrorCode::response_too_large: return "response_too_large";
    case ErrorCode::closed_early: return "closed_early";
    case ErrorCode::dns_failed: return "dns_failed";
    case ErrorCode::connect_refused: return "connect_refused";
    case ErrorCode::connect_timeout: return "connect_timeout";
    case ErrorCode::host_unreachable: return "host_unreachable";
    case ErrorCode::connection_reset: return "connection_reset";
    case ErrorCode::tls_failed: return "tls_failed";
    case ErrorCode::certificate_rejected: return "certificate_rejected";
    case ErrorCode::relay_refused: return "relay_refused";
    case ErrorCode::io_error: return "io_error";
    case ErrorCode::first_byte_timeout: return "first_byte_timeout";
    case ErrorCode::idle_timeout: return "idle_timeout";
    case ErrorCode::total_timeout: return "total_timeout";
    case ErrorCode::cancelled: return "cancelled";
    case ErrorCode::too_many_redirects: return "too_many_redirects";
    case ErrorCode::redirect_loop: return "redirect_loop";
    case ErrorCode::bad_redirect: return "bad_redirect";
    case ErrorCode::invalid_cookie_jar: return "invalid_cookie_jar";
    case ErrorCode::auth_rejected: return "auth_rejected";
    case ErrorCode::proxy_failed: return "proxy_failed";
    case ErrorCode::http2_error: return "http2_error";
  }
  return "unknown";
}

}  // namespace wirepad
