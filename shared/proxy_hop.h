// wirepad core: the bytes of the proxy hop. A request to an http:// origin through a proxy
// goes in absolute-form (RFC 9112 §3.2.2) with Proxy-Authorization; an https:// origin is
// reached through a CONNECT tunnel (RFC 9110 §9.3.6), whose request is built here and whose
// answer is read here, so the transport only moves the bytes.
// Depends on: proxy_choice.h, request_serializer.h, transport.h.
#pragma once
#include <string>
#include <string_view>

#include "error.h"
#include "proxy_choice.h"
#include "request_serializer.h"
#include "transport.h"

namespace wirepad {

// What the log keeps about the proxy (ExchangeLog::proxy).
struct ProxyHop {
  bool used = false;
  ProxyChoice choice;
  // The tunnel (choice.tunnel): the CONNECT as sent and the proxy's answer as received. They
  // are not in bytes_sent / bytes_received (those hold the HTTP exchange with the origin).
  std::string connect_sent;
  std::string connect_received;
  bool established = false;
};

// Rewrites a serialized request for a forward proxy: the target in absolute-form
// ("GET http://example.com/a?b HTTP/1.1"; userinfo and fragment never sent), Host kept, and
// Proxy-Authorization after Host when the choice has a user (as curl places it), unless the
// request has its own. No Proxy-Connection: it was never standard (RFC 9112 Appendix C.2.2).
void to_absolute_form(SerializedRequest& request, const ProxyChoice& choice);

// "CONNECT example.com:443 HTTP/1.1" with Host (the same authority, as curl sends it),
// Proxy-Authorization when there is a user, and User-Agent.
std::string connect_request(const Url& origin, const ProxyChoice& choice, std::string_view user_agent);

// The Endpoint for an exchange through `choice`: the proxy for http://, a tunnel for https://.
void route_through_proxy(Endpoint& endpoint, const Url& origin, const ProxyChoice& choice, std::string connect_bytes);

struct ConnectReply {
  enum class State { need_more, established, failed } state = State::need_more;
  std::size_t head_size = 0;  // bytes of the proxy's head (status line to the blank line)
  int status = 0;
  std::string status_line;  // "HTTP/1.1 407 Proxy Authentication Required"
  Error error;              // proxy_failed: a sentence quoting the status line
};

// Reads the proxy's answer to CONNECT from what arrived so far. A 2xx ends the HTTP part: the
// bytes after the blank line belong to the tunnel (RFC 9110 §9.3.6: a 2xx response to CONNECT
// has no content). Any other status, or a head over 16 KiB, fails. `proxy` ("127.0.0.1:3128")
// and `origin` ("example.com:443") name them in the sentence.
ConnectReply read_connect_reply(std::string_view received, std::string_view proxy, std::string_view origin);
// The proxy closed before the end of its head.
Error connect_reply_cut_short(std::string_view received, std::string_view proxy, std::string_view origin);

}  // namespace wirepad
