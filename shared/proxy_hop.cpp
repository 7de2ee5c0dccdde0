// wirepad core: absolute-form requests and CONNECT tunnels (RFC 9112 §3.2.2, RFC 9110 §9.3.6).
// Depends on: proxy_hop.h, text_util.h.
#include "proxy_hop.h"

#include "request_serializer.h"
#include "text_util.h"

namespace wirepad {
namespace {

std::string origin_authority(const Url& url) {
  std::string host = url.is_ipv6_literal() ? "[" + url.host + "]" : url.host;
  return host + ":" + std::to_string(url.port);
}

std::string first_line(std::string_view bytes) {
  std::size_t end = bytes.find('\n');
  std::string_view line = bytes.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return std::string(line.substr(0, 200));
}

constexpr std::size_t kMaxConnectHead = 16 * 1024;

}  // namespace

void to_absolute_form(SerializedRequest& request, const ProxyChoice& choice) {
  const Url& url = request.url;
  std::size_t head_end = request.bytes.find("\r\n\r\n");
  std::size_t line_end = request.bytes.find("\r\n");
  if (head_end == std::string::npos || line_end == std::string::npos) return;
  std::string body = request.bytes.substr(head_end + 4);
  std::string line = request.bytes.substr(0, line_end);
  // "GET /a?b HTTP/1.1" -> "GET http://example.com/a?b HTTP/1.1"
  std::size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string::npos || sp2 <= sp1) return;
  line = line.substr(0, sp1 + 1) + url.scheme + "://" + url.authority() + url.target + line.substr(sp2);
  if (!choice.user.empty() && !find_header(request.headers, "Proxy-Authorization")) {
    Headers headers;
    bool added = false;
    for (const Header& h : request.headers) {
      headers.push_back(h);
      if (!added && iequals(h.name, "Host")) {
        headers.push_back({"Proxy-Authorization", choice.authorization()});
        added = true;
      }
    }
    if (!added) headers.insert(headers.begin(), Header{"Proxy-Authorization", choice.authorization()});
    request.headers = std::move(headers);
  }
  std::string bytes = line + "\r\n";
  for (const Header& h : request.headers) append_field_line(bytes, h);  // as the origin form
  bytes += "\r\n";
  bytes += body;
  request.bytes = std::move(bytes);
}

std::string connect_request(const Url& origin, const ProxyChoice& choice, std::string_view user_agent) {
  const std::string authority = origin_authority(origin);
  std::string out = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
  if (!choice.user.empty()) out += "Proxy-Authorization: " + choice.authorization() + "\r\n";
  if (!user_agent.empty()) out += "User-Agent: " + std::string(user_agent) + "\r\n";
  out += "\r\n";
  return out;
}

void route_through_proxy(Endpoint& endpoint, const Url& origin, const ProxyChoice& choice, std::string connect_bytes) {
  endpoint.via_proxy = true;
  if (choice.tunnel) {
    endpoint.host = origin.host;
    endpoint.port = origin.port;
    endpoint.tunnel = {choice.host, choice.port, std::move(connect_bytes)};
  } else {
    endpoint.host = choice.host;
    endpoint.port = choice.port;
    endpoint.tls = false;
  }
}

ConnectReply read_connect_reply(std::string_view received, std::string_view proxy, std::string_view origin) {
  ConnectReply reply;
  // RFC 9112 §2.2: a recipient may accept a bare LF as a line end; some proxies send it.
  std::size_t end = received.find("\r\n\r\n");
  std::size_t size = end == std::string_view::npos ? 0 : end + 4;
  if (std::size_t lf = received.find("\n\n"); lf != std::string_view::npos && (size == 0 || lf + 2 < size)) size = lf + 2;
  const std::string where = "the proxy " + std::string(proxy);
  if (size == 0) {
    if (received.size() > kMaxConnectHead) {
      reply.state = ConnectReply::State::failed;
      reply.error = make_error(ErrorCode::proxy_failed, where + " sent more than 16 KiB without ending its answer to CONNECT " +
                                                            std::string(origin) + "; it is not an HTTP proxy");
    }
    return reply;
  }
  reply.head_size = size;
  reply.status_line = first_line(received);
  // "HTTP/1.1 200 Connection established": the code is the second word (RFC 9112 §4).
  std::string_view line = reply.status_line;
  bool http = line.rfind("HTTP/1.", 0) == 0 && line.size() >= 12 && line[8] == ' ';
  if (http) {
    for (std::size_t i = 9; i < 12; ++i) {
      if (!text::is_digit(static_cast<unsigned char>(line[i]))) http = false;
      else reply.status = reply.status * 10 + (line[i] - '0');
    }
  }
  if (!http) {
    reply.state = ConnectReply::State::failed;
    reply.error = make_error(ErrorCode::proxy_failed, where + " did not answer CONNECT " + std::string(origin) +
                                                          " with an HTTP status line (it sent \"" + reply.status_line +
                                                          "\"); is it an HTTP proxy?");
    return reply;
  }
  if (reply.status >= 200 && reply.status < 300) {
    reply.state = ConnectReply::State::established;
    return reply;
  }
  reply.state = ConnectReply::State::failed;
  std::string hint;
  if (reply.status == 407)
    hint = ": it wants credentials (--proxy-user user:password, or user:password@ in the proxy URL)";
  else if (reply.status == 403)
    hint = ": it does not allow a tunnel to that host or port";
  else if (reply.status == 502 || reply.status == 503 || reply.status == 504)
    hint = ": it could not reach " + std::string(origin);
  reply.error = make_error(ErrorCode::proxy_failed, where + " refused the tunnel to " + std::string(origin) + " with \"" +
                                                        reply.status_line + "\"" + hint + ".");
  return reply;
}

Error connect_reply_cut_short(std::string_view received, std::string_view proxy, std::string_view origin) {
  return make_error(ErrorCode::proxy_failed, "the proxy " + std::string(proxy) + " closed the connection " +
                                                 (received.empty() ? std::string("without answering")
                                                                   : "in the middle of its answer (" + std::to_string(received.size()) + " bytes)") +
                                                 " to CONNECT " + std::string(origin) + ".");
}

}  // namespace wirepad
